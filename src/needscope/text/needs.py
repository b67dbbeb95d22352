"""Need candidates from text: explicit wishes and needs implied by complaints and observations."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Self

import numpy as np
import pandas as pd

from needscope.model.vocab import Credibility, Lang, NeedCategory, NeedStatus, SourceType
from needscope.text.embed import Embedder, embedder_available, get_embedder
from needscope.text.keywords import matcher_for
from needscope.text.normalise import normalise
from needscope.text.packs import Pack, load_pack
from needscope.text.zeroshot import ZeroShotTagger

NeedKind = Literal["explicit", "implicit"]

_ZH_CUE = re.compile(
    r"(?:希望|建议|能不能|能否|可不可以|可否|最好|要是|如果能|期待|盼望|恳请|麻烦|请)"
    r"(?!吃|喝|的|看|客|假|大家|点|尝|试|去|来|早点去)"
)
_ZH_TAIL = re.compile(r"(?:就好了|就更好了|就好啦|就完美了)")
_EN_CUE = re.compile(
    r"\b(?:i wish|wish they|we wish|would be (?:nice|great|good|better)|it would help|"
    r"please|hope (?:they|you)|i'd like|i would like|would love|needs? to|could you|why not|"
    r"(?:they|staff|management|restaurant|place|owners?|there|it|hotel|bank|shop|store)"
    r"\s+(?:really\s+)?(?:should|must|ought to|need to|needs to))\b"
)
_CLAUSE = re.compile(r"[。！？!?；;\n]+|\.(?:\s+|$)")
_EMOTION = re.compile(
    r"尊重|重视|理解|关心|感受|舒心|安心|体面|被当|respect|valued|feel|care about"
)
_TRIM = " ，,。.!！?？~～…、：:"
DEFAULT_PROBLEM_SOURCES: tuple[str, ...] = (
    SourceType.HISTORIC.value,
    SourceType.OBSERVATION.value,
    SourceType.STAFF.value,
)
"""Source types whose tagged records count as problems even without a cue word."""


@dataclass
class _Candidate:
    """Evidence gathered for one need."""

    kind: NeedKind
    tag: str | None
    phrases: list[str] = field(default_factory=list)
    ids: list[Any] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    quotes: list[tuple[float, int, str]] = field(default_factory=list)
    emotional: bool = False


def explicit_phrases(text: str, lang: str = "zh") -> list[str]:
    """Wishes stated in ``text`` (normalised), e.g. 希望…/要是…就好了/I wish…/please add…."""
    out: list[str] = []
    for clause in _CLAUSE.split(text):
        clause = clause.strip(_TRIM)
        if not clause:
            continue
        low = clause.lower()
        if lang != "en":
            tail = _ZH_TAIL.search(clause)
            cue = _ZH_CUE.search(clause)
            if cue:
                phrase = clause[cue.end() :]
                phrase = _ZH_TAIL.split(phrase)[0] if tail else phrase
                phrase = re.sub(r"^(?:能|可以|能够|你们|店家|商家|贵店)+", "", phrase)
                phrase = re.split(r"[，,]", phrase, maxsplit=1)[0].strip(_TRIM)
                if len(phrase) >= 2:
                    out.append(phrase)
                    continue
            if tail:
                phrase = re.sub(r"^(?:要是|如果|若是|假如)", "", clause[: tail.start()]).strip(
                    _TRIM
                )
                if len(phrase) >= 2:
                    out.append(phrase)
                    continue
        if lang != "zh":
            m = _EN_CUE.search(low)
            if m:
                phrase = low[m.end() :].strip(_TRIM)
                phrase = re.sub(
                    r"^(?:if\s+)?(?:they|you|we|the staff)?\s*(?:could|would)?\s*", "", phrase
                )
                if len(phrase.split()) >= 2 and not phrase.startswith(("try", "go ")):
                    out.append(phrase.strip(_TRIM))
    return out


def _distinct_quotes(quotes: list[tuple[float, int, str]], n: int) -> list[str]:
    """Up to ``n`` quotes, most credible and shortest first, skipping near-repeats."""
    out: list[str] = []
    seen: set[str] = set()
    for _, _, quote in sorted(quotes):
        shape = re.sub(r"[\d:：\s]+", "", quote)[:40]
        if shape in seen:
            continue
        seen.add(shape)
        out.append(quote)
        if len(out) == n:
            break
    return out


def _weight(value: object) -> float:
    """Credibility weight of a record (low when unknown)."""
    try:
        return Credibility.of(value).weight
    except (ValueError, TypeError):
        return Credibility.LOW.weight


def _key(*parts: object) -> str:
    """Short stable id of a candidate."""
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=5).hexdigest()


def _bigrams(text: str) -> set[str]:
    """Character bigrams (words for English)."""
    if text.isascii():
        words = text.split()
        return {" ".join(words[i : i + 2]) for i in range(max(len(words) - 1, 1))}
    return {text[i : i + 2] for i in range(max(len(text) - 1, 1))}


def cluster_phrases(
    phrases: Sequence[str], embedder: Embedder | None = None, threshold: float = 0.8
) -> list[int]:
    """Group near-duplicate phrasings: cluster number per phrase (embedding or bigram overlap)."""
    if not phrases:
        return []
    labels = [-1] * len(phrases)
    vecs = embedder.encode(list(phrases)) if embedder is not None else None
    heads: list[int] = []
    for i, phrase in enumerate(phrases):
        best, best_sim = -1, threshold
        for c, h in enumerate(heads):
            if vecs is not None:
                sim = float(np.dot(vecs[i], vecs[h]))
            else:
                a, b = _bigrams(phrase), _bigrams(phrases[h])
                sim = len(a & b) / max(len(a | b), 1) + 0.2
            if phrase == phrases[h]:
                sim = 1.0
            if sim >= best_sim:
                best, best_sim = c, sim
        if best < 0:
            heads.append(i)
            best = len(heads) - 1
        labels[i] = best
    return labels


class NeedExtractor:
    """Turn enriched records into need candidates a person can accept, merge or reject."""

    def __init__(
        self,
        pack: str | Pack = "restaurant",
        lang: Lang = "zh",
        embedder: Embedder | str | None = "auto",
        problem_sources: Iterable[str] = DEFAULT_PROBLEM_SOURCES,
        dedupe_threshold: float = 0.8,
        n_quotes: int = 3,
        id_col: str = "id",
    ) -> None:
        self.pack = pack
        self.lang = lang
        self.embedder = embedder
        self.problem_sources = tuple(problem_sources)
        self.dedupe_threshold = dedupe_threshold
        self.n_quotes = n_quotes
        self.id_col = id_col

    def fit(self, data: pd.DataFrame | None = None) -> Self:
        """Load the pack and the embedder; return self."""
        self.pack_ = self.pack if isinstance(self.pack, Pack) else load_pack(self.pack)
        emb = self.embedder
        if emb == "auto":
            self.embedder_: Embedder | None = get_embedder() if embedder_available() else None
        elif isinstance(emb, str):
            self.embedder_ = None if emb == "none" else get_embedder(emb)
        else:
            self.embedder_ = emb
        return self

    def _prepare(self, data: pd.DataFrame) -> pd.DataFrame:
        """Normalise and tag when not done yet."""
        frame = data
        if "text_norm" not in frame.columns:
            frame = normalise(frame)
        if "tags" not in frame.columns or "problem_tags" not in frame.columns:
            frame = ZeroShotTagger(self.pack_, embed_policy="none").fit().transform(frame)
        return frame

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """One row per need candidate, most supported first."""
        if not hasattr(self, "pack_"):
            self.fit(data)
        frame = self._prepare(data)
        n_records = int(frame["text_norm"].fillna("").astype(str).str.len().gt(0).sum())
        cands: dict[tuple[str, str], _Candidate] = {}
        explicit: list[tuple[str, str | None, int, Any, float, str, str, bool]] = []
        matcher = matcher_for(self.pack_)
        ids = frame[self.id_col].tolist() if self.id_col in frame.columns else list(frame.index)
        col = frame.get
        texts = frame["text_norm"].fillna("").astype(str).tolist()
        langs = col("lang", pd.Series(["zh"] * len(frame))).fillna("zh").astype(str).tolist()
        quotes_src = col("text_masked", col("text", frame["text_norm"])).fillna("").astype(str)
        sources = col("source_type", pd.Series([""] * len(frame))).fillna("").astype(str).tolist()
        creds = col("credibility", pd.Series([None] * len(frame))).tolist()
        senti = col("sentiment", pd.Series([None] * len(frame))).tolist()
        for i, (rid, text, lg) in enumerate(zip(ids, texts, langs, strict=True)):
            if not text:
                continue
            weight = _weight(creds[i])
            quote = quotes_src.iloc[i]
            positive = str(senti[i]).lower() in ("positive", "pos", "1", "正面")
            problems = set(frame["problem_tags"].iloc[i] or [])
            if sources[i] in self.problem_sources and not positive:
                problems |= set(frame["tags"].iloc[i] or [])
            for tag in problems:
                if self.pack_.tag(tag).fallback:
                    continue
                c = cands.setdefault(("implicit", tag), _Candidate("implicit", tag))
                self._add(c, rid, weight, sources[i], quote)
            for phrase in explicit_phrases(text.lower(), lg):
                hits = [h for h in matcher.match(phrase, lg) if not self.pack_.tag(h.tag).fallback]
                tag = max(hits, key=lambda h: h.tag.count(".")).tag if hits else None
                emotional = bool(_EMOTION.search(phrase))
                explicit.append((phrase, tag, i, rid, weight, sources[i], quote, emotional))
        self._group_explicit(explicit, cands)
        return self._table(cands, n_records)

    def _add(self, c: _Candidate, rid: Any, weight: float, source: str, quote: str) -> None:
        """Record one piece of evidence (a record counts once per candidate)."""
        if rid in c.ids:
            return
        c.ids.append(rid)
        c.weights.append(weight)
        c.sources.append(source)
        c.quotes.append((-weight, len(quote), quote))

    def _group_explicit(
        self,
        rows: list[tuple[str, str | None, int, Any, float, str, str, bool]],
        cands: dict[tuple[str, str], _Candidate],
    ) -> None:
        """Cluster explicit phrasings per tag and add them as candidates."""
        by_tag: dict[str | None, list[int]] = {}
        for j, row in enumerate(rows):
            by_tag.setdefault(row[1], []).append(j)
        for tag, members in by_tag.items():
            phrases = [rows[j][0] for j in members]
            labels = cluster_phrases(phrases, self.embedder_, self.dedupe_threshold)
            for j, label in zip(members, labels, strict=True):
                phrase, _, _, rid, weight, source, quote, emotional = rows[j]
                key = ("explicit", f"{tag}#{label}")
                c = cands.setdefault(key, _Candidate("explicit", tag))
                c.phrases.append(phrase)
                c.emotional = c.emotional or emotional
                self._add(c, rid, weight, source, quote)

    def _table(self, cands: dict[tuple[str, str], _Candidate], n_records: int) -> pd.DataFrame:
        """The candidates as a tidy frame."""
        rows: list[dict[str, Any]] = []
        for c in cands.values():
            tag = self.pack_.tag(c.tag) if c.tag else None
            phrase = pd.Series(c.phrases).mode().iloc[0] if c.phrases else ""
            need_zh = tag.need_text("zh") if tag else phrase
            need_en = tag.need_text("en") if tag else phrase
            if c.kind == "explicit" and phrase:
                need = phrase
            else:
                need = need_zh if self.lang == "zh" else need_en
            only_observed = all(
                s in (SourceType.OBSERVATION.value, SourceType.STAFF.value) for s in c.sources
            )
            category = (
                NeedCategory.IMPLICIT
                if c.kind == "implicit" and only_observed
                else tag.category
                if tag
                else NeedCategory.FUNCTIONAL
            )
            quotes = _distinct_quotes(c.quotes, self.n_quotes)
            rows.append(
                {
                    "need_id": _key(c.kind, c.tag, phrase if c.kind == "explicit" else ""),
                    "need": need,
                    "need_zh": need_zh,
                    "need_en": need_en,
                    "kind": c.kind,
                    "nature": "emotional"
                    if (c.emotional or (tag and tag.emotional))
                    else "functional",
                    "category": category.value,
                    "tag": c.tag or "",
                    "tag_label": tag.label(self.lang) if tag else "",
                    "servqual": tag.servqual.value if tag else "",
                    "stage": tag.stage if tag else "",
                    "layer": tag.layer.value if tag else "",
                    "records": len(c.ids),
                    "share": round(100.0 * len(c.ids) / max(n_records, 1), 2),
                    "support": round(float(sum(c.weights)), 2),
                    "sources": dict(pd.Series(c.sources).value_counts()) if c.sources else {},
                    "evidence_ids": list(c.ids),
                    "phrasings": sorted(set(c.phrases)),
                    "quotes": quotes,
                    "status": NeedStatus.CANDIDATE.value,
                }
            )
        cols = [
            "need_id", "need", "need_zh", "need_en", "kind", "nature", "category", "tag",
            "tag_label", "servqual", "stage", "layer", "records", "share", "support", "sources",
            "evidence_ids", "phrasings", "quotes", "status",
        ]  # fmt: skip
        out = pd.DataFrame(rows, columns=cols)
        return out.sort_values(["support", "records"], ascending=False, kind="stable").reset_index(
            drop=True
        )


def extract_needs(
    data: pd.DataFrame, pack: str | Pack = "restaurant", lang: Lang = "zh", **params: Any
) -> pd.DataFrame:
    """Need candidates (explicit and implicit) from records with a ``text`` column."""
    return NeedExtractor(pack, lang, **params).fit(data).transform(data)


__all__ = [
    "DEFAULT_PROBLEM_SOURCES",
    "NeedExtractor",
    "NeedKind",
    "cluster_phrases",
    "explicit_phrases",
    "extract_needs",
]
