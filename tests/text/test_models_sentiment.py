"""Sentiment: the built-in model on hand-written sentences, the trainable model's contract."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from needscope.text.labels import LabelError
from needscope.text.models.lexicon import lexicon_features, load_lexicon, parse_lexicon
from needscope.text.sentiment import (
    BuiltinSentiment,
    SentimentModel,
    load_sentiment,
    sentiment,
    sentiment_labels,
)

# Written for this test (not taken from any dataset).
POSITIVE = [
    "这家酒店非常干净，服务很热情",
    "菜很好吃，下次还来",
    "物流很快，包装也很好，非常满意",
    "The food was amazing and the staff were lovely.",
    "Great value, highly recommend this place.",
]
NEGATIVE = [
    "房间隔音太差了，一晚上没睡好",
    "服务员态度很差，再也不会来了",
    "质量太差，用了两天就坏了",
    "Terrible service, we waited an hour and the soup was cold.",
    "The room was dirty and the staff were rude.",
]


def test_builtin_gets_hand_written_sentences_right() -> None:
    model = BuiltinSentiment().fit()
    result = model.analyse(POSITIVE + NEGATIVE)
    assert list(result["sentiment"]) == ["positive"] * 5 + ["negative"] * 5
    assert result["score"].between(-1, 1).all()


def test_lexicon_handles_negation_degree_and_contrast() -> None:
    net = 2  # FEATURE_NAMES index of the net score
    assert lexicon_features("好吃", "zh")[net] > 0
    assert lexicon_features("不好吃", "zh")[net] < 0
    assert lexicon_features("非常好吃", "zh")[net] > lexicon_features("好吃", "zh")[net]
    assert lexicon_features("not good", "en")[net] < 0
    assert lexicon_features("very good", "en")[net] > lexicon_features("good", "en")[net]
    # After "but" the second clause weighs more.
    assert lexicon_features("the room was nice, but the staff were rude", "en")[net] < 0


def test_lexicon_format() -> None:
    lex = parse_lexicon("@ 2\n好 棒\n@negators\n不\n@degree:2.0\n很\n", "zh")
    assert lex.weights == {"好": 2.0, "棒": 2.0}
    assert lex.negators == {"不"} and lex.degree == {"很": 2.0}
    assert load_lexicon("en").weights["excellent"] > 0


def test_empty_text_is_neutral() -> None:
    result = BuiltinSentiment().fit().analyse(["", "   "])
    assert list(result["sentiment"]) == ["neutral", "neutral"]
    assert list(result["score"]) == [0.0, 0.0]


def _train_frame() -> tuple[list[str], list[int]]:
    texts = POSITIVE * 4 + NEGATIVE * 4
    return texts, [1] * 20 + [0] * 20


def test_trainable_contract_and_zero_one_labels(tmp_path: Path) -> None:
    texts, y = _train_frame()
    model = SentimentModel(C=1.0)
    assert model.fit(texts, y) is model
    assert list(model.classes_) == ["negative", "positive"]  # 0 read as negative
    proba = model.predict_proba(["服务很热情", "太差了"])
    assert np.allclose(proba.sum(axis=1), 1) and np.all((proba >= 0) & (proba <= 1))
    assert list(model.predict(["服务很热情", "太差了"])) == ["positive", "negative"]
    again = SentimentModel.load(model.save(tmp_path / "m"))
    pd.testing.assert_frame_equal(again.analyse(texts), model.analyse(texts))


def test_unfitted_and_bad_labels() -> None:
    with pytest.raises(NotFittedError):
        SentimentModel().predict(["x"])
    with pytest.raises(ValueError, match="two different labels"):
        SentimentModel().fit(["a", "b"], ["positive", "positive"])
    with pytest.raises(LabelError, match="row 3"):
        sentiment_labels(["positive", "great"])


def test_three_way_labels() -> None:
    assert sentiment_labels([1, 0, -1]) == ["positive", "neutral", "negative"]
    assert sentiment_labels(["1", "0"]) == ["positive", "negative"]


def test_frame_function_and_default_model() -> None:
    frame = pd.DataFrame({"review": POSITIVE[:2]})
    out = sentiment(frame, "review")
    assert list(out.columns) == ["review", "sentiment", "score"]
    assert isinstance(load_sentiment(None), BuiltinSentiment)
    with pytest.raises(KeyError, match="review"):
        sentiment(frame, "text")


def test_registered_as_pipeline_step() -> None:
    from needscope.text.registry import has_step, make_step

    assert has_step("sentiment", "default")
    step = make_step("sentiment", "default").fit(pd.DataFrame({"text_norm": ["好"]}))
    out = step.transform(pd.DataFrame({"text_norm": ["菜很好吃", "太难吃了"]}))
    assert list(out["sentiment"]) == ["positive", "negative"]
    assert "sentiment_score" in out.columns
