"""Fast keyword matching of a pack's tags in normalised text, clause- and negation-aware."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from needscope.text.packs import MARKS, Pack

_NEG_ZH = ("不用", "不需要", "无需", "不必", "没有", "没", "不", "无", "未", "别", "免")
_NEG_EN = frozenset(
    [
        "not",
        "no",
        "never",
        "without",
        "hardly",
        "barely",
        "isn't",
        "wasn't",
        "weren't",
        "aren't",
        "didn't",
        "don't",
        "doesn't",
        "haven't",
        "hasn't",
        "couldn't",
        "won't",
        "n't",
        "nothing",
    ]
)
_SEP = re.compile(r"[。！？!?；;，,、\n~…]+|\.(?:\s+|$)|\s+(?:but|however|although|though)\s+")
_EN_WORD = re.compile(r"[a-z0-9']+")
_GAP_ZH = r"[^，。！？!?；;,、\n]{0,4}?"
_GAP_EN = r"(?:\s+[a-z0-9']+){0,3}?\s+"

# Cheap clause cues for the ``problem`` flag (not a sentiment model: part B supplies that).
NEG_CUES_ZH = (
    "慢",
    "久",
    "差",
    "脏",
    "吵",
    "贵",
    "凉",
    "难",
    "失望",
    "糟糕",
    "不行",
    "太少",
    "很少",
    "不够",
    "生气",
    "投诉",
    "恶劣",
    "坑",
    "烂",
    "不满",
    "麻烦",
    "乱",
    "催",
    "不方便",
    "问题",
    "抱怨",
    "不好",
)
NEG_CUES_EN = frozenset(
    [
        "slow",
        "bad",
        "poor",
        "terrible",
        "awful",
        "horrible",
        "rude",
        "dirty",
        "noisy",
        "loud",
        "expensive",
        "overpriced",
        "cold",
        "bland",
        "disappointing",
        "disappointed",
        "disappointment",
        "worst",
        "mediocre",
        "forever",
        "waited",
        "complained",
        "complaint",
        "problem",
        "issue",
        "unacceptable",
        "ridiculous",
        "sticky",
        "wrong",
        "late",
        "never",
        "lacking",
    ]
)


# Cheap clause cues of a judgement either way (with the negative cues above): a mention keyword
# (a dish name, say) only counts in a clause that judges something.
POS_CUES_ZH = (
    "好",
    "不错",
    "棒",
    "赞",
    "满意",
    "喜欢",
    "一般",
    "还行",
    "精致",
    "绝了",
    "惊艳",
    "值得",
)
POS_CUES_EN = frozenset(
    [
        "good",
        "great",
        "excellent",
        "amazing",
        "awesome",
        "delicious",
        "best",
        "nice",
        "decent",
        "fantastic",
        "wonderful",
        "love",
        "loved",
        "ok",
        "okay",
        "average",
        "fine",
        "perfect",
        "outstanding",
    ]
)


@dataclass(frozen=True)
class Hit:
    """One keyword found in a text."""

    tag: str
    keyword: str
    start: int
    end: int
    clause: int
    negated: bool
    problem: bool
    weak: bool = False
    mention: bool = False


def _trie_regex(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie (fast, longest match first)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _compile(words: set[str], english: bool) -> re.Pattern[str] | None:
    """One trie regex for plain keywords (English on word boundaries, plural s/es allowed)."""
    if not words:
        return None
    body = _trie_regex(sorted(words))
    if english:
        return re.compile(r"(?<![a-z0-9])(?=((?:" + body + r")(?:s|es)?(?![a-z0-9])))")
    return re.compile("(?=(" + body + "))")


def _wild(pattern: str, english: bool) -> re.Pattern[str]:
    """Compile a keyword with ``*`` gaps."""
    parts = [re.escape(p.strip()) for p in pattern.split("*")]
    if english:
        return re.compile(r"(?<![a-z0-9])" + _GAP_EN.join(parts) + r"(?![a-z0-9])")
    return re.compile(_GAP_ZH.join(parts))


class KeywordMatcher:
    """Find a pack's keywords (and problem phrases) in lowercase normalised text, overlaps too."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._owners: dict[tuple[str, str], list[tuple[str, bool, bool, bool]]] = {}
        self._plain: dict[str, re.Pattern[str] | None] = {}
        self._wild: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        self._exclude: dict[tuple[str, str], re.Pattern[str]] = {}
        for lang in ("zh", "en"):
            plain: set[str] = set()
            wild: list[tuple[re.Pattern[str], str]] = []
            for tag in pack.tags:
                problems = {p.lower().lstrip(MARKS) for p in tag.problems.get(lang, ())}
                marked: dict[str, str] = {}  # keyword -> its marks (the keyword list decides)
                for entry in (*tag.keywords.get(lang, ()), *tag.problems.get(lang, ())):
                    kw = entry.lower().lstrip(MARKS)
                    marked.setdefault(kw, entry[: len(entry) - len(kw)])
                for kw, marks in marked.items():
                    owners = self._owners.setdefault((lang, kw), [])
                    owners.append((tag.id, kw in problems, "~" in marks, "^" in marks))
                    if "*" in kw:
                        wild.append((_wild(kw, lang == "en"), kw))
                    elif lang == "en" and not (kw[0].isalnum() and kw[-1].isalnum()):
                        wild.append((re.compile(re.escape(kw)), kw))
                    else:
                        plain.add(kw)
            unique: dict[str, re.Pattern[str]] = {}
            for pattern, kw in wild:
                unique.setdefault(kw, pattern)
            self._wild[lang] = [(p, k) for k, p in unique.items()]
            self._plain[lang] = _compile(plain, lang == "en")
            for tag in pack.tags:
                patterns = [_wild(x.lower(), lang == "en") for x in tag.exclude.get(lang, ())]
                if patterns:
                    body = "|".join(f"(?:{p.pattern})" for p in patterns)
                    self._exclude[(lang, tag.id)] = re.compile(body)

    def _excluded(self, text: str, starts: list[int], clause: int, tag: str, lang: str) -> bool:
        """True when the clause holds a context pattern that cancels ``tag`` there."""
        pattern = self._exclude.get((lang, tag))
        if pattern is None:
            return False
        end = starts[clause + 1] if clause + 1 < len(starts) else len(text)
        return pattern.search(text, starts[clause], end) is not None

    @staticmethod
    def clause_starts(text: str) -> list[int]:
        """Start offset of each clause of ``text``."""
        return [0] + [m.end() for m in _SEP.finditer(text)]

    def _negated(self, text: str, start: int, clause_start: int, kw: str, lang: str) -> bool:
        """True when a negation shortly precedes the keyword in its clause."""
        if lang == "zh":
            if kw.startswith(_NEG_ZH):
                return False
            window = text[max(clause_start, start - 3) : start]
            return any(neg in window for neg in _NEG_ZH)
        if kw.split(" ", 1)[0] in _NEG_EN:
            return False
        before = _EN_WORD.findall(text[max(clause_start, start - 30) : start])[-3:]
        return any(w in _NEG_EN or w.endswith("n't") for w in before)

    def match(self, text: str, lang: str = "zh") -> list[Hit]:
        """All keyword hits in lowercase ``text``; ``lang`` ``mixed`` looks for both languages."""
        langs = ("zh", "en") if lang == "mixed" else (lang,) if lang in ("zh", "en") else ("zh",)
        starts = self.clause_starts(text)
        hits: list[Hit] = []
        for lg in langs:
            found: list[tuple[int, int, str]] = []
            plain = self._plain[lg]
            if plain is not None:
                for m in plain.finditer(text):  # overlapping: the longest keyword at each start
                    kw = m.group(1)
                    if (lg, kw) not in self._owners and lg == "en":
                        kw = kw[:-2] if (lg, kw[:-2]) in self._owners else kw[:-1]
                    found.append((m.start(), m.start() + len(m.group(1)), kw))
            for pattern, kw in self._wild[lg]:
                for m in pattern.finditer(text):
                    found.append((m.start(), m.end(), kw))
            found.sort(key=lambda f: (f[0], -f[1]))
            reach = -1
            for start, end, kw in found:
                if end <= reach:  # inside a longer keyword: not a hit of its own
                    continue
                reach = end
                owners = self._owners.get((lg, kw))
                if not owners:
                    continue
                clause = bisect_right(starts, start) - 1
                neg = self._negated(text, start, starts[clause], kw, lg)
                for tag, is_problem, weak, mention in owners:
                    if self._excluded(text, starts, clause, tag, lg):
                        continue
                    problem = is_problem and not neg
                    hits.append(Hit(tag, kw, start, end, clause, neg, problem, weak, mention))
        return hits

    def clause_problem(
        self, text: str, clause: int, lang: str, starts: list[int] | None = None
    ) -> bool:
        """True when clause ``clause`` carries a negative cue that is not negated."""
        starts = starts if starts is not None else self.clause_starts(text)
        end = starts[clause + 1] if clause + 1 < len(starts) else len(text)
        piece = text[starts[clause] : end]
        if lang != "en":
            for cue in NEG_CUES_ZH:
                at = piece.find(cue)
                if at >= 0 and not any(n in piece[max(0, at - 2) : at] for n in ("不", "没")):
                    return True
        if lang != "zh":
            words = _EN_WORD.findall(piece)
            for i, w in enumerate(words):
                if w in NEG_CUES_EN and not any(p in _NEG_EN for p in words[max(0, i - 2) : i]):
                    return True
        return False

    def clause_judged(
        self, text: str, clause: int, lang: str, starts: list[int] | None = None
    ) -> bool:
        """True when clause ``clause`` carries a cue of a judgement, good or bad."""
        starts = starts if starts is not None else self.clause_starts(text)
        if self.clause_problem(text, clause, lang, starts):
            return True
        end = starts[clause + 1] if clause + 1 < len(starts) else len(text)
        piece = text[starts[clause] : end]
        if lang != "en" and any(cue in piece for cue in POS_CUES_ZH):
            return True
        return lang != "zh" and any(w in POS_CUES_EN for w in _EN_WORD.findall(piece))


@lru_cache(maxsize=16)
def matcher_for(pack: Pack) -> KeywordMatcher:
    """A shared matcher for ``pack`` (compiled once)."""
    return KeywordMatcher(pack)


__all__ = [
    "NEG_CUES_EN",
    "NEG_CUES_ZH",
    "POS_CUES_EN",
    "POS_CUES_ZH",
    "Hit",
    "KeywordMatcher",
    "matcher_for",
]
