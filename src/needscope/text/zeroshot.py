"""Zero-shot tagging from a pack: keyword hits plus embedding similarity to the tag examples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Self

import numpy as np
import pandas as pd

from needscope.text.embed import Embedder, Vectors, embedder_available, get_embedder
from needscope.text.keywords import Hit, KeywordMatcher, matcher_for
from needscope.text.normalise import detect_lang, normalise_text
from needscope.text.packs import Pack, load_pack

Level = Literal["top", "fine"]
EmbedPolicy = Literal["none", "records", "clauses"]


@dataclass(frozen=True)
class TagScore:
    """A tag given to one text, how sure we are, and how we found it."""

    tag: str
    confidence: float
    problem: bool
    via: str  # "keyword" or "embedding"
    evidence: str


def _keyword_conf(hits: Sequence[Hit]) -> float:
    """Confidence of a tag found by keywords: more and longer hits → higher."""
    kws = {h.keyword for h in hits}
    conf = 0.75
    if any(len(k) >= 3 or " " in k or "*" in k for k in kws):
        conf += 0.1
    if len(kws) >= 2:
        conf += 0.1
    return min(conf, 0.97)


class ZeroShotTagger:
    """Multi-label tags for texts from a pack alone (no training data).

    Keywords decide first (clause-aware, negation-aware; a pack's ``exclude`` context cancels a
    tag in a clause, ``~`` weak keywords yield to a sibling, ``^`` mentions need a judgement).
    ``embed_policy`` says which clauses keywords leave open are compared with the tags' examples
    by USE similarity: ``records`` (default: only records without any keyword hit), ``clauses``
    (every clause without a hit) or ``none``. An embedding match needs cosine ≥ ``sim_low`` and gets confidence 0.5–0.95.
    """

    name = "tag"

    def __init__(
        self,
        pack: str | Pack = "restaurant",
        level: Level = "fine",
        embedder: Embedder | str | None = "auto",
        embed_policy: EmbedPolicy = "records",
        sim_low: float = 0.6,
        sim_high: float = 0.8,
        min_clause_chars: int = 4,
        max_clauses: int = 8,
        text_col: str = "text_norm",
        lang_col: str = "lang",
    ) -> None:
        self.pack = pack
        self.level = level
        self.embedder = embedder
        self.embed_policy = embed_policy
        self.sim_low = sim_low
        self.sim_high = sim_high
        self.min_clause_chars = min_clause_chars
        self.max_clauses = max_clauses
        self.text_col = text_col
        self.lang_col = lang_col

    # ----------------------------------------------------------------- fit
    def fit(self, data: pd.DataFrame | None = None) -> Self:
        """Load the pack, compile its keywords and embed its examples; return self."""
        if self.level not in ("top", "fine"):
            raise ValueError(f"level must be 'top' or 'fine', got {self.level!r}")
        if self.embed_policy not in ("none", "records", "clauses"):
            raise ValueError(f"unknown embed_policy {self.embed_policy!r}")
        self.pack_ = self.pack if isinstance(self.pack, Pack) else load_pack(self.pack)
        self.matcher_: KeywordMatcher = matcher_for(self.pack_)
        self.embedder_ = self._resolve_embedder()
        self.proto_: Vectors | None = None
        self.proto_tags_: list[str] = []
        if self.embedder_ is not None:
            texts: list[str] = []
            for tag in self.pack_.tags:
                for lang in ("zh", "en"):
                    for ex in tag.examples.get(lang, ()):
                        texts.append(normalise_text(ex).lower())
                        self.proto_tags_.append(tag.id)
            self.proto_ = self.embedder_.encode(texts)
        self.tag_index_ = {t.id: i for i, t in enumerate(self.pack_.tags)}
        self.fallback_ = {t.id for t in self.pack_.tags if t.fallback}
        return self

    def _resolve_embedder(self) -> Embedder | None:
        """The embedder to use (None when switched off or not installed)."""
        if self.embed_policy == "none" or self.embedder is None or self.embedder == "none":
            return None
        if isinstance(self.embedder, str):
            if self.embedder == "auto":
                return get_embedder("use") if embedder_available() else None
            return get_embedder(self.embedder)
        return self.embedder

    def _check(self) -> None:
        """Fit on first use."""
        if not hasattr(self, "pack_"):
            self.fit()

    # ----------------------------------------------------------- tagging
    def _keyword_scores(self, text: str, lang: str) -> tuple[dict[str, TagScore], set[int]]:
        """Tags found by keywords, and the clause numbers that had a hit."""
        hits = self.matcher_.match(text, lang)
        if any(h.weak for h in hits):
            # a weak keyword yields to a sibling tag (same top level) found in the same clause
            strong = {(h.clause, h.tag) for h in hits if not h.weak}
            rivals = {(c, t.split(".", 1)[0]) for c, t in strong}
            hits = [
                h
                for h in hits
                if not h.weak
                or (h.clause, h.tag) in strong
                or (h.clause, h.tag.split(".", 1)[0]) not in rivals
            ]
        starts = self.matcher_.clause_starts(text) if hits else []
        if any(h.mention for h in hits):
            # a mention (a dish named, say) counts only in a clause that judges something and
            # holds no other top-level topic: "东坡肉点了一份却算了两份" is about the bill
            tops = {(h.clause, h.tag.split(".", 1)[0]) for h in hits if not h.mention}
            judged: dict[int, bool] = {}

            def keeps(h: Hit) -> bool:
                top = h.tag.split(".", 1)[0]
                if any(c == h.clause and t != top for c, t in tops):
                    return False
                if h.clause not in judged:
                    judged[h.clause] = self.matcher_.clause_judged(text, h.clause, lang, starts)
                return judged[h.clause]

            hits = [h for h in hits if not h.mention or keeps(h)]
        by_tag: dict[str, list[Hit]] = {}
        for h in hits:
            by_tag.setdefault(h.tag, []).append(h)
        out: dict[str, TagScore] = {}
        cue: dict[int, bool] = {}

        def clause_cue(clause: int) -> bool:
            if clause not in cue:
                cue[clause] = self.matcher_.clause_problem(text, clause, lang, starts)
            return cue[clause]

        for tag, tag_hits in by_tag.items():
            problem = any(h.problem for h in tag_hits) or any(
                not h.negated and clause_cue(h.clause) for h in tag_hits
            )
            out[tag] = TagScore(
                tag, _keyword_conf(tag_hits), problem, "keyword", tag_hits[0].keyword
            )
        return out, {h.clause for h in hits}

    def _pending_clauses(self, text: str, covered: set[int], any_hit: bool) -> list[str]:
        """Clauses to embed under the policy."""
        if self.embedder_ is None or (self.embed_policy == "records" and any_hit):
            return []
        starts = [*self.matcher_.clause_starts(text), len(text)]
        out: list[str] = []
        for i in range(len(starts) - 1):
            if i in covered:
                continue
            piece = text[starts[i] : starts[i + 1]].strip(" ,.!?;，。！？；、")
            if len(piece) >= self.min_clause_chars:
                out.append(piece)
        return out[: self.max_clauses]

    def _similar(self, vecs: Vectors) -> list[tuple[str, float]]:
        """Best tag and similarity per clause vector."""
        assert self.proto_ is not None
        sims = vecs @ self.proto_.T
        best = sims.argmax(axis=1)
        return [(self.proto_tags_[j], float(sims[i, j])) for i, j in enumerate(best)]

    def _finish(self, scores: dict[str, TagScore]) -> list[TagScore]:
        """Map to the wanted level, sort by confidence."""
        merged: dict[str, TagScore] = {}
        if self.level == "top":
            for s in scores.values():
                top = s.tag.split(".", 1)[0]
                old = merged.get(top)
                if old is None or s.confidence > old.confidence:
                    merged[top] = TagScore(
                        top, s.confidence, s.problem or bool(old and old.problem), s.via, s.evidence
                    )
                elif s.problem and not old.problem:
                    merged[top] = TagScore(top, old.confidence, True, old.via, old.evidence)
        else:
            fine_tops = {t.split(".", 1)[0] for t in scores if "." in t}
            for s in scores.values():
                if "." not in s.tag and s.tag in fine_tops:
                    continue
                merged[s.tag] = s
        if len(merged) > 1:
            merged = {k: v for k, v in merged.items() if k not in self.fallback_} or merged
        return sorted(merged.values(), key=lambda s: (-s.confidence, self.tag_index_[s.tag]))

    def _sim_conf(self, sim: float) -> float:
        """Confidence of an embedding match."""
        span = max(self.sim_high - self.sim_low, 1e-6)
        return float(np.clip(0.5 + 0.45 * (sim - self.sim_low) / span, 0.5, 0.95))

    def tag_many(
        self, texts: Sequence[str], langs: Sequence[str] | None = None
    ) -> list[list[TagScore]]:
        """Tags for many normalised texts (clauses needing embeddings are batched)."""
        self._check()
        found: list[dict[str, TagScore]] = []
        queue: list[tuple[int, str]] = []
        for i, raw in enumerate(texts):
            text = (raw if isinstance(raw, str) else "").lower()
            lang = langs[i] if langs is not None else detect_lang(text)
            scores, covered = self._keyword_scores(text, lang)
            found.append(scores)
            queue += [(i, c) for c in self._pending_clauses(text, covered, bool(scores))]
        if queue and self.embedder_ is not None:
            vecs = self.embedder_.encode([c for _, c in queue])
            for (i, clause), (tag, sim) in zip(queue, self._similar(vecs), strict=True):
                if sim < self.sim_low:
                    continue
                conf = self._sim_conf(sim)
                old = found[i].get(tag)
                if old is None or old.confidence < conf:
                    found[i][tag] = TagScore(tag, conf, False, "embedding", clause)
        return [self._finish(s) for s in found]

    def tag_text(self, text: str, lang: str | None = None) -> list[TagScore]:
        """Tags of one raw text (normalised here)."""
        norm = normalise_text(text)
        return self.tag_many([norm], [lang or detect_lang(norm)])[0]

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Add ``tags`` (ids, most confident first), ``tag_conf`` and ``problem_tags``."""
        self._check()
        if self.text_col not in data.columns:
            raise KeyError(f"column {self.text_col!r} not found; run normalise first")
        texts = [t if isinstance(t, str) else "" for t in data[self.text_col].tolist()]
        langs = (
            [str(x) for x in data[self.lang_col].tolist()]
            if self.lang_col in data.columns
            else None
        )
        result = self.tag_many(texts, langs)
        out = data.copy()
        out["tags"] = [[s.tag for s in r] for r in result]
        out["tag_conf"] = [[round(s.confidence, 3) for s in r] for r in result]
        out["problem_tags"] = [[s.tag for s in r if s.problem] for r in result]
        out["tag_via"] = [[s.via for s in r] for r in result]
        return out


def tags_long(data: pd.DataFrame, id_col: str = "id") -> pd.DataFrame:
    """One row per (record, tag): ``id``, ``tag``, ``confidence``, ``problem``, ``via``."""
    for col in ("tags", "tag_conf"):
        if col not in data.columns:
            raise KeyError(f"column {col!r} not found; run the tagger first")
    ids = data[id_col].tolist() if id_col in data.columns else list(data.index)
    rows: list[dict[str, Any]] = []
    vias = data["tag_via"].tolist() if "tag_via" in data.columns else [None] * len(data)
    problems = data["problem_tags"].tolist() if "problem_tags" in data.columns else [[]] * len(data)
    for rid, tags, confs, via, prob in zip(
        ids, data["tags"].tolist(), data["tag_conf"].tolist(), vias, problems, strict=True
    ):
        for j, (tag, conf) in enumerate(zip(tags, confs, strict=True)):
            rows.append(
                {
                    id_col: rid,
                    "tag": tag,
                    "confidence": conf,
                    "problem": tag in set(prob or []),
                    "via": via[j] if via else "",
                }
            )
    return pd.DataFrame(rows, columns=[id_col, "tag", "confidence", "problem", "via"])


def zero_shot(
    data: pd.DataFrame, pack: str | Pack = "restaurant", level: Level = "fine", **params: Any
) -> pd.DataFrame:
    """Tag ``data`` (normalised text in ``text_norm``) with a pack, no training data needed."""
    return ZeroShotTagger(pack, level, **params).fit(data).transform(data)


__all__ = ["EmbedPolicy", "Level", "TagScore", "ZeroShotTagger", "tags_long", "zero_shot"]
