"""AspectTagger: estimator contract, calibrated probabilities, save/load, active learning."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from needscope.text.aspects import AspectTagger
from needscope.text.labels import LabelError

# Sentences written for these tests: (text, labels).
PARTS_EN = {
    ("food", "positive"): [
        "the pasta was delicious",
        "great sushi",
        "the steak was perfectly cooked",
    ],
    ("food", "negative"): [
        "the soup was cold and bland",
        "the fish tasted awful",
        "the pizza was soggy",
    ],
    ("service", "positive"): ["the waiter was friendly", "service was quick and attentive"],
    ("service", "negative"): ["the staff were rude", "we waited an hour for our server"],
    ("price", "positive"): ["prices are reasonable", "great value for money"],
    ("price", "negative"): ["it is way overpriced", "the bill was far too expensive"],
}
PARTS_ZH = {
    ("food", "positive"): ["菜很好吃", "牛肉特别嫩，味道很棒", "招牌菜非常地道"],
    ("food", "negative"): ["菜太咸了", "鱼不新鲜，很难吃", "汤是凉的，没味道"],
    ("service", "positive"): ["服务员很热情", "服务周到，态度很好"],
    ("service", "negative"): ["服务员态度很差", "等了一个小时才上菜"],
    ("price", "positive"): ["价格实惠", "性价比很高"],
    ("price", "negative"): ["价格太贵了", "人均三百不值"],
}


def make_data(
    parts: dict[tuple[str, str], list[str]], n: int, seed: int, sep: str
) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    keys = sorted(parts)
    texts, labels = [], []
    for _ in range(n):
        chosen = rng.sample(keys, rng.choice([1, 1, 2]))
        if len({a for a, _ in chosen}) < len(chosen):
            chosen = chosen[:1]
        texts.append(sep.join(rng.choice(parts[k]) for k in chosen))
        labels.append("|".join(f"{a}:{p}" for a, p in chosen))
    return texts, labels


@pytest.fixture(scope="module")
def en_data() -> tuple[list[str], list[str]]:
    return make_data(PARTS_EN, 160, 1, ", but ")


@pytest.fixture(scope="module")
def zh_data() -> tuple[list[str], list[str]]:
    return make_data(PARTS_ZH, 160, 2, "，")


@pytest.fixture(scope="module")
def en_model(en_data: tuple[list[str], list[str]]) -> AspectTagger:
    return AspectTagger(embeddings=False).fit(*en_data)


def test_fit_returns_self_and_learned_attributes_end_in_underscore(
    en_data: tuple[list[str], list[str]],
) -> None:
    model = AspectTagger(embeddings=False, C=0.3)
    params = model.get_params()
    assert model.fit(*en_data) is model
    assert model.get_params() == params  # fit does not touch the parameters
    assert model.aspects_ == ["food", "price", "service"]
    assert set(model.polarity_classes_) == {"positive", "negative"}
    assert not any(k.endswith("_") for k in vars(clone(model)))


def test_unfitted_model_raises() -> None:
    with pytest.raises(NotFittedError):
        AspectTagger().predict(["the food was good"])


def test_bad_training_input() -> None:
    with pytest.raises(ValueError, match="2 texts but y has 1"):
        AspectTagger().fit(["a", "b"], ["food:positive"])
    with pytest.raises(LabelError, match="row 2"):
        AspectTagger().fit(["a", "b"], ["food:positive", "food:tasty"])
    with pytest.raises(ValueError, match="no aspect"):
        AspectTagger().fit(["a", "b"], ["", ""])


def test_learns_the_generated_english_aspects(
    en_model: AspectTagger,
) -> None:
    texts, labels = make_data(PARTS_EN, 40, 99, ", but ")
    pred = en_model.predict(texts)
    gold = [dict(p.split(":") for p in lab.split("|")) for lab in labels]
    hits = sum(set(p) == set(g) for p, g in zip(pred, gold, strict=True))
    assert hits / len(texts) >= 0.8
    assert en_model.predict(["the waiter was rude"])[0] == {"service": "negative"}


def test_chinese_aspects_and_polarity(zh_data: tuple[list[str], list[str]]) -> None:
    model = AspectTagger(embeddings=False).fit(*zh_data)
    assert model.features_.lang_ == "zh"
    out = model.predict(["服务员态度很差", "菜很好吃，价格实惠"])
    assert out[0] == {"service": "negative"}
    assert out[1] == {"food": "positive", "price": "positive"}


def test_probabilities_are_calibrated_and_in_range(en_model: AspectTagger) -> None:
    proba = en_model.predict_proba(["great sushi", "it is way overpriced", "hello"])
    assert proba.shape == (3, 3)
    assert np.all((proba >= 0) & (proba <= 1))
    details = en_model.predict_details(["great sushi"], all_aspects=True)
    assert details["polarity_confidence"].between(0, 1).all()
    assert len(details) == 3


def test_save_load_gives_identical_predictions(en_model: AspectTagger, tmp_path: Path) -> None:
    texts = ["the pasta was delicious, but the staff were rude", "prices are reasonable"]
    folder = en_model.save(tmp_path / "model")
    assert (folder / "manifest.json").is_file() and (folder / "model.joblib").is_file()
    again = AspectTagger.load(folder)
    assert again.predict(texts) == en_model.predict(texts)
    np.testing.assert_allclose(again.predict_proba(texts), en_model.predict_proba(texts))


def test_load_refuses_other_folders(tmp_path: Path) -> None:
    from needscope.errors import InputError

    with pytest.raises(InputError, match="not a needscope model folder"):
        AspectTagger.load(tmp_path)


def test_least_certain_orders_by_uncertainty(en_model: AspectTagger) -> None:
    texts = ["great sushi", "hmm", "the staff were rude", "prices and things"]
    ranked = en_model.least_certain(texts, n=4)
    assert list(ranked.columns) == ["row", "text", "labels", "uncertainty"]
    assert ranked["uncertainty"].is_monotonic_decreasing
    assert sorted(ranked["row"]) == [0, 1, 2, 3]
    # A clear training sentence is more certain than text the model never saw anything like.
    rank = {r: k for k, r in enumerate(ranked["row"])}
    assert rank[1] < rank[0]
    assert len(en_model.least_certain(texts, n=2)) == 2
