"""Topic discovery for records no tag covers: clustered embeddings labelled by c-TF-IDF."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import pandas as pd

from needscope.model.vocab import NeedCategory, ServqualDimension, TouchpointLayer
from needscope.text.embed import Embedder, embedder_available, get_embedder
from needscope.text.normalise import normalise
from needscope.text.segment import segmenter_for

_CJK = re.compile(r"[\u4e00-\u9fff]")


def uncovered(data: pd.DataFrame, fallback: Sequence[str] = ("other",)) -> pd.Series:
    """Boolean mask of rows with text but no tag (a fallback tag alone counts as none)."""
    has_text = data["text_norm"].fillna("").astype(str).str.len() > 0
    if "tags" not in data.columns:
        return has_text
    empty = data["tags"].map(lambda t: not [x for x in (t or []) if x not in set(fallback)])
    return has_text & empty


def ctfidf(docs: Sequence[Sequence[str]], top_n: int = 5) -> list[list[str]]:
    """Top words per class by class-based TF-IDF (one token list per class)."""
    counts = [Counter(d) for d in docs]
    total = Counter[str]()
    for c in counts:
        total.update(c)
    avg = sum(total.values()) / max(len(docs), 1)
    out: list[list[str]] = []
    for c in counts:
        size = max(sum(c.values()), 1)
        scores = {
            w: (n / size) * math.log(1 + avg / total[w])
            for w, n in c.items()
            if not w.isdigit() and (len(w) > 1 if _CJK.match(w) else len(w) > 2)
        }
        out.append([w for w, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:top_n]])
    return out


def _kmeans(k: int, n: int, seed: int) -> Any:
    """KMeans for small inputs, MiniBatchKMeans for large ones."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if n <= 10_000:
        return KMeans(k, random_state=seed, n_init=3)
    return MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=1024)


def _choose_k(x: npt.NDArray[np.float32], k_min: int, k_max: int, seed: int) -> int:
    """Number of clusters with the best silhouette on a sample."""
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(seed)
    sample = x if len(x) <= 2000 else x[rng.choice(len(x), 2000, replace=False)]
    best_k, best = k_min, -1.0
    for k in range(k_min, min(k_max, len(sample) - 1) + 1):
        labels = _kmeans(k, len(sample), seed).fit_predict(sample)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(sample, labels, metric="cosine"))
        if score > best:
            best_k, best = k, score
    return best_k


class TopicModel:
    """Cluster uncovered records into topics with readable labels and representative quotes.

    k is ``k`` or the silhouette-best in ``k_range`` on a sample of up to 2,000 records; KMeans
    below 10,000 records, MiniBatchKMeans above.
    """

    def __init__(
        self,
        k: int | None = None,
        k_range: tuple[int, int] = (2, 12),
        embedder: Embedder | str | None = "auto",
        pack: Any = None,
        min_records: int = 10,
        n_words: int = 5,
        n_quotes: int = 3,
        only_uncovered: bool = True,
        random_state: int = 0,
        id_col: str = "id",
    ) -> None:
        self.k = k
        self.k_range = k_range
        self.embedder = embedder
        self.pack = pack
        self.min_records = min_records
        self.n_words = n_words
        self.n_quotes = n_quotes
        self.only_uncovered = only_uncovered
        self.random_state = random_state
        self.id_col = id_col

    def _vectors(self, texts: list[str], tokens: list[list[str]]) -> npt.NDArray[np.float32]:
        """Embeddings (multilingual USE) or, without it, TF-IDF reduced by SVD."""
        emb = self.embedder
        if emb == "auto":
            emb = get_embedder() if embedder_available() else None
        elif isinstance(emb, str):
            emb = None if emb == "none" else get_embedder(emb)
        if emb is not None:
            vecs: npt.NDArray[np.float32] = emb.encode([t[:200] for t in texts])
            return vecs
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        tfidf = TfidfVectorizer(analyzer=lambda d: d, min_df=1).fit_transform(tokens)
        dims = max(2, min(64, tfidf.shape[1] - 1, len(texts) - 1))
        red = TruncatedSVD(dims, random_state=self.random_state).fit_transform(tfidf)
        norms = np.linalg.norm(red, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return np.asarray(red / norms, dtype=np.float32)

    def fit(self, data: pd.DataFrame) -> Self:
        """Find topics among (uncovered) records; results in ``topics_`` and ``labels_``."""
        frame = data if "text_norm" in data.columns else normalise(data)
        mask = uncovered(frame) if self.only_uncovered else frame["text_norm"].str.len() > 0
        sub = frame[mask]
        self.index_ = sub.index
        cols = ["topic", "label", "keywords", "records", "share", "quotes", "evidence_ids"]
        if len(sub) < max(self.min_records, 3):
            self.labels_ = np.full(len(sub), -1)
            self.topics_ = pd.DataFrame(columns=cols)
            return self
        if "tokens" in sub.columns:
            tokens = [list(t) for t in sub["tokens"]]
        else:
            seg = segmenter_for(self.pack)
            tokens = [
                seg.tokens(t, lg)
                for t, lg in zip(sub["text_norm"], sub.get("lang", ["zh"] * len(sub)), strict=True)
            ]
        texts = sub["text_norm"].astype(str).tolist()
        x = self._vectors(texts, tokens)
        k = self.k or _choose_k(x, self.k_range[0], self.k_range[1], self.random_state)
        k = max(1, min(k, len(sub)))
        km = _kmeans(k, len(x), self.random_state).fit(x)
        self.labels_ = km.labels_
        self.centers_ = km.cluster_centers_
        words = ctfidf(
            [[w for i in np.where(km.labels_ == c)[0] for w in tokens[i]] for c in range(k)],
            self.n_words,
        )
        ids = sub[self.id_col].tolist() if self.id_col in sub.columns else list(sub.index)
        quote_src = sub.get("text_masked", sub.get("text", sub["text_norm"])).astype(str).tolist()
        rows: list[dict[str, Any]] = []
        for c in range(k):
            members = np.where(km.labels_ == c)[0]
            if not len(members):
                continue
            dist = x[members] @ self.centers_[c]
            order = members[np.argsort(-dist)]
            quotes: list[str] = []
            for i in order:
                if quote_src[i] not in quotes:
                    quotes.append(quote_src[i])
                if len(quotes) == self.n_quotes:
                    break
            rows.append(
                {
                    "topic": c,
                    "label": " / ".join(words[c][:3]),
                    "keywords": words[c],
                    "records": len(members),
                    "share": round(100.0 * len(members) / len(sub), 1),
                    "quotes": quotes,
                    "evidence_ids": [ids[i] for i in members],
                }
            )
        self.topics_ = (
            pd.DataFrame(rows, columns=cols)
            .sort_values("records", ascending=False, kind="stable")
            .reset_index(drop=True)
        )
        return self

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """``data`` with a ``topic`` column (-1 where the record was not clustered)."""
        out = data.copy()
        out["topic"] = -1
        if len(self.index_):
            out.loc[self.index_, "topic"] = self.labels_
        return out


def discover_topics(data: pd.DataFrame, **params: Any) -> pd.DataFrame:
    """Topics among records no tag covers (see :class:`TopicModel`)."""
    return TopicModel(**params).fit(data).topics_


def topic_to_tag(
    topic: pd.Series | dict[str, Any],
    tag_id: str,
    zh: str,
    en: str,
    stage: str,
    need_zh: str = "",
    need_en: str = "",
    servqual: str = ServqualDimension.RELIABILITY.value,
    category: str = NeedCategory.EXPERIENCE.value,
    layer: str = TouchpointLayer.FRONT.value,
) -> dict[str, Any]:
    """A pack tag (as for :func:`~needscope.text.packs.save_user_tags`) made from a topic."""
    words = list(topic["keywords"])
    quotes = list(topic["quotes"])
    kw_zh = [w for w in words if _CJK.search(w)] or [zh]
    kw_en = [w for w in words if not _CJK.search(w)] or [en.lower()]
    ex_zh = [q for q in quotes if _CJK.search(q)][:3] or [zh]
    ex_en = [q for q in quotes if not _CJK.search(q)][:3] or [en]
    return {
        "id": tag_id,
        "zh": zh,
        "en": en,
        "servqual": ServqualDimension.parse(servqual).value,
        "category": NeedCategory.parse(category).value,
        "stage": stage,
        "layer": TouchpointLayer.parse(layer).value,
        "need": {"zh": need_zh or zh, "en": need_en or en},
        "keywords": {"zh": kw_zh, "en": kw_en},
        "examples": {"zh": ex_zh, "en": ex_en},
    }


__all__ = ["TopicModel", "ctfidf", "discover_topics", "topic_to_tag", "uncovered"]
