"""Our bilingual sentiment lexicon with negation, degree words and contrast clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

import numpy as np

Lang = Literal["zh", "en"]
HERE: Final = Path(__file__).resolve().parent
_CLAUSE = re.compile(r"[。！？!?；;\n，,：:、~～…]+|\.(?:\s+|$)")
_EN_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)?|n't")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NEG_WINDOW = {"zh": 4, "en": 3}
FEATURE_NAMES: Final = (
    "pos", "neg", "net", "n_pos", "n_neg", "last_net", "first_net", "negated", "exclaim", "length",
)  # fmt: skip


@dataclass
class Lexicon:
    """Word weights and the function words that change them, for one language."""

    lang: Lang
    weights: dict[str, float] = field(default_factory=dict)
    negators: set[str] = field(default_factory=set)
    degree: dict[str, float] = field(default_factory=dict)
    contrast: set[str] = field(default_factory=set)
    stop: set[str] = field(default_factory=set)

    max_len: int = 1
    kinds: dict[str, str] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)

    def finish(self) -> Lexicon:
        """Index every entry by its kind and its first character or word; return self."""
        entries = [*self.weights, *self.negators, *self.degree, *self.contrast, *self.stop]
        self.kinds = {e: k for e in entries if (k := self.kind(e)) is not None}
        for e in entries:
            head = e[0] if self.lang == "zh" else e.split()[0]
            size = len(e) if self.lang == "zh" else len(e.split())
            self.longest[head] = max(self.longest.get(head, 0), size)
        self.max_len = max(self.longest.values(), default=1)
        return self

    def kind(self, entry: str) -> str | None:
        """Which section ``entry`` belongs to (stop > contrast > negator > degree > word)."""
        if entry in self.stop:
            return "stop"
        if entry in self.contrast:
            return "contrast"
        if entry in self.negators:
            return "neg"
        if entry in self.weights:
            return "word"
        if entry in self.degree:
            return "degree"
        return None


def parse_lexicon(text: str, lang: Lang) -> Lexicon:
    """Read the ``@ WEIGHT`` / ``@negators`` / ``@degree:F`` / ``@contrast`` / ``@stop`` format."""
    lex = Lexicon(lang)
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            section = line[1:].strip()
            continue
        items = line.split() if lang == "zh" else _en_items(line)
        for item in items:
            word = item.lower()
            if section == "negators":
                lex.negators.add(word)
            elif section.startswith("degree:"):
                lex.degree[word] = float(section.split(":", 1)[1])
            elif section == "contrast":
                lex.contrast.add(word)
            elif section == "stop":
                lex.stop.add(word)
            else:
                lex.weights[word] = float(section)
    return lex.finish()


def _en_items(line: str) -> list[str]:
    """English entries: single words, or known multi-word phrases kept whole."""
    words = line.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (5, 4, 3, 2):
            phrase = " ".join(words[i : i + n])
            if phrase in _EN_PHRASES:
                out.append(phrase)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


_EN_PHRASES_RAW: Final = """highly recommend|must try|five stars|5 stars|worth it|worth every penny|well worth|
    great value|good value|will return|will be back|come back|definitely return|coming back|
    can't wait to go back|top notch|first rate|first class|world class|second to none|hands down|
    fine dining|long line|not great|not good|not worth|nothing special|could be better|
    could have been better|needs improvement|small portions|rip off|never again|never go back|
    never return|won't return|won't be back|will not return|stay away|hated it|food poisoning|
    zero stars|one star|1 star|took forever|kind of|sort of|good morning|good night|hot dog|
    pretty much|as well|fine print"""
_EN_PHRASES: Final = frozenset(p.strip() for p in _EN_PHRASES_RAW.split("|"))


@lru_cache(maxsize=2)
def load_lexicon(lang: Lang) -> Lexicon:
    """The shipped lexicon of ``lang``."""
    return parse_lexicon((HERE / f"lexicon_{lang}.txt").read_text(encoding="utf-8"), lang)


def _tokens(clause: str, lex: Lexicon) -> list[tuple[str, str]]:
    """Greedy longest-match lexicon entries in ``clause`` as (entry, kind) pairs."""
    out: list[tuple[str, str]] = []
    if lex.lang == "zh":
        i, n, kinds, longest = 0, len(clause), lex.kinds, lex.longest
        while i < n:
            for size in range(min(longest.get(clause[i], 0), n - i), 0, -1):
                kind = kinds.get(clause[i : i + size])
                if kind is not None:
                    out.append((clause[i : i + size], kind))
                    i += size
                    break
            else:
                out.append((clause[i], "other"))
                i += 1
        return out
    words = [w if w != "n't" else "n't" for w in _EN_TOKEN.findall(clause.replace("’", "'"))]
    words = [("n't" if w.endswith("n't") and w != "n't" else w) for w in words]
    i, kinds, longest = 0, lex.kinds, lex.longest
    while i < len(words):
        for size in range(min(longest.get(words[i], 0), len(words) - i), 0, -1):
            entry = " ".join(words[i : i + size])
            kind = kinds.get(entry)
            if kind is not None:
                out.append((entry, kind))
                i += size
                break
        else:
            out.append((words[i], "other"))
            i += 1
    return out


def clause_score(
    clause: str, lex: Lexicon, tokens: list[tuple[str, str]] | None = None
) -> tuple[float, float, int, int, int]:
    """Positive mass, negative mass, counts of each and of negated hits in one clause."""
    pos = neg = 0.0
    n_pos = n_neg = n_negated = 0
    neg_left = 0
    degree = 1.0
    window = _NEG_WINDOW[lex.lang]
    for entry, kind in tokens if tokens is not None else _tokens(clause, lex):
        if kind == "neg":
            neg_left = window
            continue
        if kind == "degree":
            degree = lex.degree[entry]
            continue
        if kind == "word":
            value = lex.weights[entry] * degree
            if neg_left > 0:
                value = -value if value > 0 else -0.5 * value
                n_negated += 1
            if value > 0:
                pos += value
                n_pos += 1
            else:
                neg -= value
                n_neg += 1
            neg_left = 0
            degree = 1.0
            continue
        step = len(entry) if lex.lang == "zh" else 1
        neg_left = max(0, neg_left - step)
        if neg_left == 0:
            degree = 1.0
    return pos, neg, n_pos, n_neg, n_negated


def lexicon_features(text: str, lang: Lang | None = None) -> np.ndarray:
    """The ``FEATURE_NAMES`` vector of one lower-case normalised text."""
    if lang is None:
        lang = "zh" if _CJK.search(text) else "en"
    lex = load_lexicon(lang)
    clauses = [c.strip() for c in _CLAUSE.split(text) if c.strip()]
    pos = neg = 0.0
    n_pos = n_neg = n_negated = 0
    nets: list[float] = []
    boost = 1.0
    for clause in clauses:
        toks = _tokens(clause, lex)
        weight = 1.0
        if toks and toks[0][1] == "contrast":
            weight, boost = 1.5, 1.0
            if nets:
                nets[-1] *= 0.7
        p, n, cp, cn, cneg = clause_score(clause, lex, toks)
        pos += p * weight * boost
        neg += n * weight * boost
        n_pos, n_neg, n_negated = n_pos + cp, n_neg + cn, n_negated + cneg
        nets.append((p - n) * weight)
    net = sum(nets)
    exclaim = float(text.count("!") + text.count("！"))
    length = float(np.log1p(len(text)))
    return np.array(
        [
            pos, neg, net, n_pos, n_neg,
            nets[-1] if nets else 0.0, nets[0] if nets else 0.0,
            n_negated, min(exclaim, 5.0), length,
        ],
        dtype=np.float64,
    )  # fmt: skip


def lexicon_matrix(texts: list[str], langs: list[Lang] | None = None) -> np.ndarray:
    """``lexicon_features`` for many texts, squashed with sign·log1p for linear models."""
    rows = [lexicon_features(t, None if langs is None else langs[i]) for i, t in enumerate(texts)]
    raw = np.vstack(rows) if rows else np.zeros((0, len(FEATURE_NAMES)))
    return np.sign(raw) * np.log1p(np.abs(raw))


__all__ = [
    "FEATURE_NAMES",
    "Lexicon",
    "clause_score",
    "lexicon_features",
    "lexicon_matrix",
    "load_lexicon",
    "parse_lexicon",
]
