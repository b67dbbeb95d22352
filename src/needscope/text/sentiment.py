"""Record sentiment (positive/negative/neutral with a score in [-1, 1]): trainable and built-in."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Self

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression

from needscope.text.features import TextFeatures, normalise_many, split_clauses
from needscope.text.labels import binary_zero_is_negative, parse_sentiment
from needscope.text.models.builtin import WEIGHTS, builtin_scores
from needscope.text.models.lexicon import lexicon_features
from needscope.text.models.modeldir import load_model_dir, save_model_dir
from needscope.text.requests import ClauseCue, clause_cue, request_body

NEUTRAL_BAND: Final = 0.1
"""|score| below this is neutral for the built-in model (see ``BuiltinSentiment``)."""
VERDICT_WEIGHT: Final = 0.6
"""Share of the final score given to a clear last-clause verdict."""
VERDICT_SCORE: Final = 0.8
"""The score a clear verdict stands for (±)."""
LUKEWARM_SHRINK: Final = 0.5
"""Factor on the score when the last clause is lukewarm (中规中矩, average experience)."""
PHRASE_LOGIT: Final = 1.5
"""A fixed problem phrase sets its clause's USE logit to at most −this (+this for absence)."""
PHRASE_WEIGHT: Final = 2.0
"""Lexicon weight of a fixed problem phrase (−) or of one reporting its absence (+)."""
_NET, _LAST, _MAX_CLAUSES = 2, 5, 24


def sentiment_labels(values: Sequence[object], column: str | None = None) -> list[str]:
    """positive/negative/neutral for label cells; a 0/1 column reads 0 as negative."""
    vals = list(values)
    zero_negative = binary_zero_is_negative(vals)
    out = []
    for i, v in enumerate(vals, start=2):
        if zero_negative and str(v).strip().removesuffix(".0") == "0":
            out.append("negative")
        else:
            out.append(parse_sentiment(v, row=i, column=column))
    return out


def _score(proba: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """P(positive) − P(negative) per row."""
    cls = list(classes)
    pos = proba[:, cls.index("positive")] if "positive" in cls else 0.0
    neg = proba[:, cls.index("negative")] if "negative" in cls else 0.0
    return np.asarray(pos - neg, dtype=np.float64)


class SentimentModel(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Logistic regression on n-gram TF-IDF, our lexicon features and the built-in score.

    ``embeddings``: the built-in score feature includes the USE classifier trained on our own
    sentences (domain-general; helps on unseen domains, costs one USE pass over the texts).
    """

    def __init__(
        self,
        lang: str = "auto",
        C: float = 2.0,
        lexicon_weight: float = 1.0,
        builtin_weight: float = 1.0,
        embeddings: bool = False,
        class_weight: str | None = "balanced",
    ) -> None:
        self.lang = lang
        self.C = C
        self.lexicon_weight = lexicon_weight
        self.builtin_weight = builtin_weight
        self.embeddings = embeddings
        self.class_weight = class_weight

    def fit(self, X: Sequence[object], y: Sequence[object]) -> Self:
        """Learn from texts ``X`` and labels ``y`` (positive/negative/neutral, 1/0/-1 or 1/0)."""
        texts = list(X)
        labels = sentiment_labels(list(y))
        if len(texts) != len(labels):
            raise ValueError(f"X has {len(texts)} texts but y has {len(labels)} labels")
        if len(set(labels)) < 2:
            raise ValueError("sentiment training needs at least two different labels")
        norm = normalise_many(texts)
        self.features_ = TextFeatures(
            lang=self.lang,
            pack=None,
            pack_weight=0.0,
            lexicon_weight=self.lexicon_weight,
            embeddings=False,
        ).fit(norm)
        self.model_ = LogisticRegression(
            C=self.C, max_iter=3000, class_weight=self.class_weight
        ).fit(self._x(norm), labels)
        self.classes_ = np.array([str(c) for c in self.model_.classes_], dtype=object)
        self.n_features_in_ = 1
        return self

    def _x(self, norm: list[str]) -> sp.csr_matrix:
        feats = self.features_.transform(norm)
        if self.builtin_weight <= 0:
            return feats
        extra = builtin_scores(norm, embeddings=self.embeddings)[:, None] * self.builtin_weight
        return sp.hstack([feats, sp.csr_matrix(extra)], format="csr")

    def _check(self) -> None:
        if not hasattr(self, "model_"):
            raise NotFittedError("SentimentModel is not fitted; call fit or load first")

    def predict_proba(self, X: Sequence[object]) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        self._check()
        out: np.ndarray = self.model_.predict_proba(self._x(normalise_many(list(X))))
        return out

    def predict(self, X: Sequence[object]) -> np.ndarray:
        """positive/negative(/neutral) per text."""
        proba = self.predict_proba(X)
        return np.asarray(self.classes_[proba.argmax(axis=1)], dtype=object)

    def polarity_score(self, X: Sequence[object]) -> np.ndarray:
        """P(positive) − P(negative), in [-1, 1]."""
        return _score(self.predict_proba(X), list(self.classes_))

    def analyse(self, X: Sequence[object]) -> pd.DataFrame:
        """A frame with ``sentiment`` and ``score`` per text."""
        proba = self.predict_proba(X)
        return pd.DataFrame(
            {
                "sentiment": self.classes_[proba.argmax(axis=1)],
                "score": np.round(_score(proba, list(self.classes_)), 4),
            }
        )

    def save(self, path: str | Path) -> Path:
        """Write the model into folder ``path`` (model.joblib + manifest.json)."""
        self._check()
        state = {k: v for k, v in vars(self).items() if k.endswith("_")}
        info = {
            "classes": list(self.classes_),
            "lang": self.features_.lang_,
            "params": self.get_params(),
        }
        return save_model_dir(
            path, "sentiment", {"params": self.get_params(), "state": state}, info
        )

    @classmethod
    def load(cls, path: str | Path) -> SentimentModel:
        """Read a model written by ``save`` (only open model folders you trust)."""
        payload, _ = load_model_dir(path, "sentiment")
        model = cls(**payload["params"])
        for key, value in payload["state"].items():
            setattr(model, key, value)
        return model


@lru_cache(maxsize=1)
def _use_weights() -> tuple[np.ndarray, float] | None:
    """The shipped USE classifier (coefficients, intercept), None when missing."""
    if not WEIGHTS.is_file():
        return None
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return np.asarray(raw["coef"], dtype=np.float64), float(raw["intercept"])


def clause_logits(clauses: Sequence[str]) -> np.ndarray | None:
    """The USE classifier's logit (intercept left out) per clause; None without USE."""
    from needscope.text.embed import embedder_available

    weights = _use_weights()
    if weights is None or not embedder_available():  # pragma: no cover - extra not installed
        return None
    if not clauses:
        return np.zeros(0, dtype=np.float64)
    from needscope.text.embed import get_embedder

    vecs = get_embedder("use", threads=1).encode(list(clauses))
    out: np.ndarray = np.asarray(vecs, dtype=np.float64) @ weights[0]
    return out


def _lexicon_part(text: str, clauses: list[str], cues: list[ClauseCue]) -> float:
    """tanh of the lexicon net score, request clauses counting only their negative words."""
    for clause, cue in zip(clauses, cues, strict=True):
        if cue.request or cue.context:
            body = request_body(clause)
            keep = body if lexicon_features(body)[_NET] < 0 else "，"
            text = text.replace(clause, keep, 1)
    feats = lexicon_features(text) if text.strip("，") else np.zeros(_LAST + 1)
    net = float(feats[_NET]) + PHRASE_WEIGHT * sum(cue.problem for cue in cues)
    return float(np.tanh((net + 0.3 * float(feats[_LAST])) / 1.5))


def _embedding_part(logits: np.ndarray, cues: list[ClauseCue], intercept: float) -> float:
    """2·P(positive) − 1 on the kept clauses' mean logit (0 when none is kept)."""
    kept = []
    for logit, cue in zip(logits, cues, strict=True):
        value = float(logit)
        if (cue.request or cue.context) and value + intercept > 0:
            continue
        if cue.problem < 0:
            value = min(value, -PHRASE_LOGIT - intercept)
        elif cue.problem > 0:
            value = max(value, PHRASE_LOGIT - intercept)
        kept.append(value)
    if not kept:
        return 0.0
    return float(2.0 / (1.0 + np.exp(-(np.mean(kept) + intercept))) - 1.0)


def _verdict(clauses: list[str], cues: list[ClauseCue]) -> float | None:
    """The verdict of the last clause that is not a request (None when it is no verdict)."""
    for cue in reversed(cues):
        if cue.request:
            continue
        return cue.verdict if len(clauses) > 1 or cue.verdict == 0 else None
    return None


def builtin_polarity(texts: Sequence[str], embeddings: bool = True) -> np.ndarray:
    """The built-in score in [-1, 1] per normalised text, reading requests and verdicts.

    Lexicon and USE classifier averaged, clause by clause: a request clause adds no positive
    evidence, a fixed problem phrase (催了三次, 等了40分钟) adds negative evidence, a record
    made only of requests scores 0, and a clear last-clause verdict takes ``VERDICT_WEIGHT``
    of the score.
    """
    pieces = [split_clauses(t) or ([t] if t.strip() else []) for t in texts]
    cues = [[clause_cue(c) for c in cs] for cs in pieces]
    flat = [c for cs in pieces for c in cs[:_MAX_CLAUSES]]
    logits = clause_logits(flat) if embeddings else None
    weights = _use_weights()
    intercept = weights[1] if weights is not None else 0.0
    out = np.zeros(len(texts), dtype=np.float64)
    at = 0
    for i, (text, cs, cus) in enumerate(zip(texts, pieces, cues, strict=True)):
        if not cs:
            continue
        score = _lexicon_part(text, cs, cus)
        if logits is not None:
            n = min(len(cs), _MAX_CLAUSES)
            emb = _embedding_part(logits[at : at + n], cus[:n], intercept)
            score = (score + emb) / 2.0
            at += n
        if all(c.request or c.context for c in cus):
            score = 0.0
        verdict = _verdict(cs, cus)
        if verdict is not None and verdict != 0:
            score = (1 - VERDICT_WEIGHT) * score + VERDICT_WEIGHT * VERDICT_SCORE * verdict
        elif verdict == 0:
            score *= LUKEWARM_SHRINK
        out[i] = float(np.clip(score, -1.0, 1.0))
    return out


class BuiltinSentiment(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Sentiment with no training on the user's data: our lexicon (negation, degree, contrast).

    ``neutral_band``: |score| at or below it is neutral (a score of exactly 0, no opinion
    found, is always neutral).  ``embeddings``: add the USE classifier trained on our own
    sentences (lexicon only when False or when USE is not installed).  ``cues``: read requests,
    fixed problem phrases and final verdicts (``builtin_polarity``); False gives the plain
    lexicon + USE average.  ``fit`` learns nothing.
    """

    def __init__(
        self, neutral_band: float = NEUTRAL_BAND, embeddings: bool = True, cues: bool = True
    ) -> None:
        self.neutral_band = neutral_band
        self.embeddings = embeddings
        self.cues = cues

    def fit(self, X: Sequence[object] | None = None, y: object = None) -> Self:
        """Nothing to learn; mark the model ready and return self."""
        self.classes_ = np.array(["negative", "neutral", "positive"], dtype=object)
        return self

    def polarity_score(self, X: Sequence[object]) -> np.ndarray:
        """A score in [-1, 1]: above 0 positive, below 0 negative, 0 when nothing was said."""
        norm = normalise_many(list(X))
        if self.cues:
            return builtin_polarity(norm, embeddings=self.embeddings)
        return builtin_scores(norm, embeddings=self.embeddings)

    def predict_proba(self, X: Sequence[object]) -> np.ndarray:
        """Pseudo-probabilities (negative, neutral, positive) from the score."""
        s = self.polarity_score(X)
        pos = np.clip(s, 0, 1)
        neg = np.clip(-s, 0, 1)
        return np.column_stack([neg, 1 - pos - neg, pos])

    def predict(self, X: Sequence[object]) -> np.ndarray:
        """positive/negative/neutral per text."""
        return self.analyse(X)["sentiment"].to_numpy(dtype=object)

    def analyse(self, X: Sequence[object]) -> pd.DataFrame:
        """A frame with ``sentiment`` and ``score`` per text."""
        s = self.polarity_score(X)
        label = np.where(s > 0, "positive", "negative").astype(object)
        label[np.abs(s) <= self.neutral_band] = "neutral"
        label[s == 0] = "neutral"
        return pd.DataFrame({"sentiment": label, "score": np.round(s, 4)})


def load_sentiment(path: str | Path | None = None) -> SentimentModel | BuiltinSentiment:
    """The model saved in folder ``path``, or the built-in model when ``path`` is None."""
    if path is None:
        return BuiltinSentiment().fit()
    return SentimentModel.load(path)


def sentiment(
    data: pd.DataFrame,
    text_col: str = "text",
    model: SentimentModel | BuiltinSentiment | None = None,
    out_col: str = "sentiment",
    score_col: str = "score",
) -> pd.DataFrame:
    """Return ``data`` with ``sentiment`` and ``score`` columns added."""
    if text_col not in data.columns:
        raise KeyError(f"column {text_col!r} not found; the frame has {list(data.columns)}")
    mdl = model if model is not None else BuiltinSentiment().fit()
    result = mdl.analyse(data[text_col].tolist())
    out = data.copy()
    out[out_col] = result["sentiment"].to_numpy()
    out[score_col] = result["score"].to_numpy()
    return out


class SentimentStep:
    """Pipeline step ``sentiment``: adds ``sentiment`` and ``sentiment_score`` from ``text_norm``."""

    name = "sentiment"

    def __init__(
        self,
        model: str | None = None,
        text_col: str = "text_norm",
        embeddings: bool = True,
        **_: Any,
    ) -> None:
        self.model = model
        self.text_col = text_col
        self.embeddings = embeddings

    def fit(self, data: pd.DataFrame | None = None) -> Self:
        """Load the model (built-in when ``model`` is None); return self."""
        if self.model is None:
            self.model_: SentimentModel | BuiltinSentiment = BuiltinSentiment(
                embeddings=self.embeddings
            ).fit()
        else:
            self.model_ = SentimentModel.load(self.model)
        return self

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Add the two columns."""
        if not hasattr(self, "model_"):
            self.fit()
        col = self.text_col if self.text_col in data.columns else "text"
        return sentiment(data, col, self.model_, "sentiment", "sentiment_score")


def _register() -> None:
    try:
        from needscope.text.registry import register_step
    except ImportError:  # pragma: no cover
        return
    register_step("sentiment", "default", SentimentStep)
    register_step("sentiment", "builtin", SentimentStep)


_register()

__all__ = [
    "LUKEWARM_SHRINK",
    "NEUTRAL_BAND",
    "PHRASE_LOGIT",
    "PHRASE_WEIGHT",
    "VERDICT_SCORE",
    "VERDICT_WEIGHT",
    "BuiltinSentiment",
    "SentimentModel",
    "SentimentStep",
    "builtin_polarity",
    "clause_logits",
    "load_sentiment",
    "sentiment",
    "sentiment_labels",
]
