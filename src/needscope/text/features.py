"""Text features for the learned models: n-gram TF-IDF, pack keyword hits, lexicon, embeddings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer

from needscope.text.models.lexicon import lexicon_matrix

Lang = Literal["zh", "en"]
Matrix: TypeAlias = Any
"""A scipy CSR matrix (scipy ships no type stubs)."""

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"\s+")
_EN_TOKEN = r"(?u)\b\w[\w']*\b"


def normalise_many(texts: Sequence[object]) -> list[str]:
    """Half-width, simplified, single-spaced, lower-case texts ('' for missing values)."""
    raw = [t if isinstance(t, str) else "" if t is None or t != t else str(t) for t in texts]
    raw = [t.replace("\ufeff", "") for t in raw]
    try:
        from needscope.text.normalise import to_halfwidth, to_simplified
    except ImportError:  # pragma: no cover - part of the same package
        return [_SPACES.sub(" ", unicodedata.normalize("NFKC", t)).strip().lower() for t in raw]
    half = [_SPACES.sub(" ", to_halfwidth(t)).strip() for t in raw]
    return [t.lower() for t in to_simplified(half)]


def normalise(text: object) -> str:
    """One text as ``normalise_many`` gives it."""
    return normalise_many([text])[0]


def text_language(text: str) -> Lang:
    """``zh`` when a text has at least a third as many CJK characters as Latin letters."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk > 0 and cjk * 3 >= latin else "en"


def corpus_language(texts: Sequence[str]) -> Lang:
    """The language of most ``texts``."""
    zh = sum(text_language(t) == "zh" for t in texts)
    return "zh" if zh * 2 >= max(len(texts), 1) else "en"


def split_clauses(text: str) -> list[str]:
    """Clauses of ``text`` (part A's splitter)."""
    from needscope.text.segment import split_clauses as split

    return split(text)


@dataclass
class Prepared:
    """Texts made ready once: normalised, their languages and their pack keyword hits."""

    texts: list[str]
    langs: list[Lang]
    hits: list[list[Any]]
    vectors: np.ndarray | None = None
    """USE vectors of ``texts`` when already known (used instead of embedding them again)."""


def load_pack_matcher(pack: str | None) -> tuple[Any, Any]:
    """The pack called ``pack`` and its keyword matcher, or (None, None)."""
    if not pack:
        return None, None
    from needscope.text.keywords import matcher_for
    from needscope.text.packs import load_pack

    obj = load_pack(pack)
    return obj, matcher_for(obj)


def prepare(texts: Sequence[object], pack: str | None) -> Prepared:
    """Normalise ``texts`` and find the pack's keywords in each."""
    norm = normalise_many(texts)
    langs = [text_language(t) for t in norm]
    _, matcher = load_pack_matcher(pack)
    hits = [
        matcher.match(t, lg) if matcher is not None else []
        for t, lg in zip(norm, langs, strict=True)
    ]
    return Prepared(norm, langs, hits)


def embed_texts(texts: Sequence[str], max_chars: int = 120) -> np.ndarray:
    """USE vectors (threads=1) of texts; long texts are cut into clause groups and averaged."""
    from needscope.text.embed import get_embedder

    model = get_embedder("use", threads=1)
    chunks = [_chunks(t, max_chars) for t in texts]
    flat = [c for cs in chunks for c in cs]
    vecs = model.encode(flat) if flat else np.zeros((0, 512), dtype=np.float32)
    out = np.zeros((len(texts), vecs.shape[1] if len(vecs) else 512), dtype=np.float64)
    at = 0
    for i, cs in enumerate(chunks):
        if cs:
            v = vecs[at : at + len(cs)].mean(axis=0)
            out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
            at += len(cs)
    return out


def clause_vectors(
    texts: Sequence[str], max_clauses: int = 24, embedder: str = "use"
) -> np.ndarray:
    """Unit-length mean of the vectors of each text's clauses (``use`` on 1 thread, ``e5`` on 2).

    Clauses are embedded one by one and cached, so texts that share clauses (an aspect's
    clauses taken out of a review, the built-in sentiment scorer) cost one embedding each.
    """
    from needscope.text.embed import get_embedder

    pieces = [split_clauses(t)[:max_clauses] or ([t] if t else []) for t in texts]
    flat = [c for cs in pieces for c in cs]
    model = get_embedder(embedder, threads=2 if embedder == "e5" else 1)
    vecs = model.encode(flat) if flat else np.zeros((0, model.dim), dtype=np.float32)
    out = np.zeros((len(texts), model.dim), dtype=np.float64)
    at = 0
    for i, cs in enumerate(pieces):
        if cs:
            v = vecs[at : at + len(cs)].mean(axis=0)
            out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
            at += len(cs)
    return out


def _chunks(text: str, max_chars: int) -> list[str]:
    """``text`` as pieces of at most about ``max_chars``, cut between clauses."""
    if len(text) <= max_chars:
        return [text] if text else []
    out: list[str] = []
    cur = ""
    for clause in split_clauses(text):
        if cur and len(cur) + len(clause) + 1 > max_chars:
            out.append(cur)
            cur = ""
        cur = f"{cur} {clause}" if cur else clause
    if cur:
        out.append(cur)
    return out


class TextFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Char n-gram TF-IDF (zh) or word+char n-grams (en), pack hits, lexicon and USE vectors."""

    def __init__(
        self,
        lang: str = "auto",
        max_features: int = 200_000,
        min_df: int = 1,
        pack: str | None = "restaurant",
        pack_weight: float = 0.5,
        lexicon_weight: float = 0.3,
        embeddings: bool = False,
        embedding_weight: float = 1.0,
    ) -> None:
        self.lang = lang
        self.max_features = max_features
        self.min_df = min_df
        self.pack = pack
        self.pack_weight = pack_weight
        self.lexicon_weight = lexicon_weight
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight

    def fit(self, X: Sequence[object] | Prepared, y: object = None) -> TextFeatures:
        """Learn the vocabularies of texts ``X``."""
        prep = X if isinstance(X, Prepared) else prepare(X, self.pack)
        if not prep.texts:
            raise ValueError("no texts to fit")
        if self.lang not in ("auto", "zh", "en"):
            raise ValueError(f"lang must be auto, zh or en, got {self.lang!r}")
        self.lang_: Lang = corpus_language(prep.texts) if self.lang == "auto" else self.lang  # type: ignore[assignment]
        if self.lang_ == "zh":
            vecs = [
                TfidfVectorizer(
                    analyzer="char", ngram_range=(1, 3), min_df=self.min_df,
                    sublinear_tf=True, max_features=self.max_features,
                )
            ]  # fmt: skip
        else:
            vecs = [
                TfidfVectorizer(
                    analyzer="word", ngram_range=(1, 2), min_df=self.min_df,
                    token_pattern=_EN_TOKEN, sublinear_tf=True, max_features=self.max_features,
                ),
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=max(self.min_df, 2),
                    sublinear_tf=True, max_features=self.max_features,
                ),
            ]  # fmt: skip
        for vec in vecs:
            vec.fit(prep.texts)
        self.vectorizers_ = vecs
        pack_obj, _ = load_pack_matcher(self.pack)
        self.pack_tags_: list[str] = pack_obj.ids() if pack_obj is not None else []
        self.pack_key_: str | None = pack_obj.key if pack_obj is not None else None
        self.n_features_out_ = self.transform(
            Prepared(prep.texts[:1], prep.langs[:1], prep.hits[:1])
        ).shape[1]
        return self

    def transform(self, X: Sequence[object] | Prepared) -> Matrix:
        """Return the feature matrix of texts ``X`` (raw texts or ``prepare`` output)."""
        if not hasattr(self, "vectorizers_"):
            raise NotFittedError("TextFeatures is not fitted; call fit first")
        prep = X if isinstance(X, Prepared) else prepare(X, self.pack)
        texts = prep.texts
        scale = 1.0 / np.sqrt(len(self.vectorizers_))
        blocks: list[Matrix] = [vec.transform(texts) * scale for vec in self.vectorizers_]
        if self.pack_tags_ and self.pack_weight > 0:
            blocks.append(self.hit_matrix(prep.hits) * self.pack_weight)
        if self.lexicon_weight > 0:
            blocks.append(sp.csr_matrix(lexicon_matrix(texts, prep.langs) * self.lexicon_weight))
        if self.embeddings and self.embedding_weight > 0:
            vecs = prep.vectors if prep.vectors is not None else embed_texts(texts)
            blocks.append(sp.csr_matrix(vecs * self.embedding_weight))
        return sp.hstack(blocks, format="csr")

    def hit_matrix(self, hits: Sequence[Sequence[Any]]) -> Matrix:
        """(texts × 2·tags): log(1+hits) per tag, then log(1+negated or problem hits) per tag."""
        index = {t: i for i, t in enumerate(self.pack_tags_)}
        k = len(index)
        dense = np.zeros((len(hits), 2 * k))
        for r, row in enumerate(hits):
            for h in row:
                j = index.get(h.tag)
                if j is None:
                    continue
                dense[r, j] += 0.5 if h.weak else 1.0
                if h.negated or h.problem:
                    dense[r, k + j] += 1.0
        return sp.csr_matrix(np.log1p(dense))


__all__ = [
    "Prepared",
    "TextFeatures",
    "clause_vectors",
    "corpus_language",
    "embed_texts",
    "load_pack_matcher",
    "normalise",
    "normalise_many",
    "prepare",
    "split_clauses",
    "text_language",
]
