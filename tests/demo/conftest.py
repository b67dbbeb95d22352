"""Shared demo folders: a tiny one (scale 0.05) and a mid-size one (scale 0.3) for shares."""

from __future__ import annotations

import os

import pytest

from needscope.demo import DEFAULT_SEED, DemoManifest, generate_demo


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    """The demo at scale 0.05 (about 1,000 records)."""
    return generate_demo(tmp_path_factory.mktemp("small"), scale=0.05)


@pytest.fixture(scope="session")
def mid(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    """The demo at scale 0.3 (about 6,000 records), large enough for shares and classes.

    ``NEEDSCOPE_DEMO_TEST_SCALE=1`` runs the content tests on the full-size demo instead, and
    ``NEEDSCOPE_DEMO_TEST_SEED`` on another seed.
    """
    scale = float(os.environ.get("NEEDSCOPE_DEMO_TEST_SCALE", "0.3"))
    seed = int(os.environ.get("NEEDSCOPE_DEMO_TEST_SEED", str(DEFAULT_SEED)))
    return generate_demo(tmp_path_factory.mktemp("mid"), seed=seed, scale=scale)
