"""Clause vectors for aspect contexts: the mean of the clauses' USE vectors, reused as given."""

from __future__ import annotations

import numpy as np
import pytest

from needscope.text.embed import embedder_available, get_embedder
from needscope.text.features import Prepared, TextFeatures, clause_vectors, prepare, split_clauses

pytestmark = pytest.mark.skipif(not embedder_available(), reason="USE not installed")


def test_clause_vectors_are_unit_means_of_clause_vectors() -> None:
    texts = ["the soup was cold, but the waiter was kind", "great value", ""]
    got = clause_vectors(texts)
    model = get_embedder("use", threads=1)
    for i, text in enumerate(texts[:2]):
        pieces = split_clauses(text)
        mean = model.encode(pieces).astype(np.float64).mean(axis=0)
        np.testing.assert_allclose(got[i], mean / np.linalg.norm(mean), atol=1e-6)
    assert len(split_clauses(texts[0])) == 2
    np.testing.assert_array_equal(got[2], np.zeros(512))


def test_text_features_use_given_vectors() -> None:
    texts = ["the pasta was delicious", "the staff were rude"]
    prep = prepare(texts, None)
    feats = TextFeatures(pack=None, embeddings=True, lexicon_weight=0.0).fit(prep)
    given = np.full((2, 512), 0.25)
    out = feats.transform(Prepared(prep.texts, prep.langs, prep.hits, given)).toarray()
    # the embedding block is the last 512 columns, scaled by embedding_weight (1.0)
    np.testing.assert_array_equal(out[:, -512:], given)
    own = feats.transform(prep).toarray()
    np.testing.assert_array_equal(out[:, :-512], own[:, :-512])
    assert not np.allclose(own[:, -512:], given)
