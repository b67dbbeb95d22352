"""Value statement (方案价值呈现) in the customer's words, and the jargon check (seed 000 四.2)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from needscope.errors import InputError
from needscope.model.vocab import Lang, PriorityClass
from needscope.plan.smart import GoalPart, SmartResult, parse_goal_parts


@dataclass(frozen=True)
class GlossaryTerm:
    """A term to avoid with clients and its plain wording."""

    term: str
    plain_zh: str
    plain_en: str
    aliases: tuple[str, ...] = ()

    def plain(self, lang: Lang = "zh") -> str:
        """The plain wording in ``lang``."""
        return self.plain_zh if lang == "zh" else self.plain_en


def term_from_dict(data: Mapping[str, Any], where: str = "glossary") -> GlossaryTerm:
    """A glossary term from {term, plain: {zh, en} | plain_zh, plain_en, aliases}."""
    term = str(data.get("term") or "").strip()
    if not term:
        raise InputError("a glossary entry needs a term", file=where, column="glossary.term")
    plain = data.get("plain")
    if isinstance(plain, Mapping):
        zh, en = str(plain.get("zh") or plain.get("en") or ""), str(plain.get("en") or "")
    else:
        zh = str(data.get("plain_zh") or plain or "")
        en = str(data.get("plain_en") or plain or zh)
    if not zh and not en:
        raise InputError(f"the glossary term {term!r} has no plain wording", file=where,
                         column="glossary.plain")  # fmt: skip
    aliases = tuple(str(a) for a in data.get("aliases") or [])
    return GlossaryTerm(term, zh or en, en or zh, aliases)


@cache
def _builtin() -> tuple[GlossaryTerm, ...]:
    res = resources.files("needscope") / "plan" / "glossary.yaml"
    data = yaml.safe_load(res.read_text(encoding="utf-8"))
    return tuple(term_from_dict(t, "glossary.yaml") for t in data.get("terms") or [])


def load_glossary(extra: Iterable[Mapping[str, Any]] = ()) -> list[GlossaryTerm]:
    """The built-in glossary with a project's own terms (same term: the project's wording)."""
    own = [term_from_dict(t, "plan glossary") for t in extra]
    names = {t.term.lower() for t in own}
    return own + [t for t in _builtin() if t.term.lower() not in names]


@dataclass(frozen=True)
class JargonHit:
    """A jargon term found in a text: where, which term, and the plain wording."""

    found: str
    start: int
    end: int
    term: GlossaryTerm
    where: str = ""
    text_lang: Lang = "zh"

    def plain(self, lang: Lang | None = None) -> str:
        """The plain wording in ``lang`` (default: the language of the checked text)."""
        return self.term.plain(lang or self.text_lang)


def text_lang(text: str) -> Lang:
    """ "zh" when ``text`` holds Chinese characters, else "en"."""
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def _pattern(name: str) -> str:
    """Regex for a term: ASCII terms as whole words (plural allowed), others as substrings."""
    if re.fullmatch(r"[A-Za-z0-9 \-]+", name):
        return rf"(?<![A-Za-z]){re.escape(name)}s?(?![A-Za-z])"
    return re.escape(name)


def check_jargon(
    text: str, glossary: Sequence[GlossaryTerm] | None = None, *, where: str = ""
) -> list[JargonHit]:
    """Jargon in ``text``, longest terms first, without overlaps, in text order."""
    terms = list(glossary) if glossary is not None else load_glossary()
    names = sorted(((n, t) for t in terms for n in (t.term, *t.aliases)),
                   key=lambda p: -len(p[0]))  # fmt: skip
    taken: list[tuple[int, int]] = []
    hits: list[JargonHit] = []
    lang = text_lang(text)
    for name, term in names:
        for m in re.finditer(_pattern(name), text, re.I):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            hits.append(JargonHit(m.group(0), m.start(), m.end(), term, where, lang))
    return sorted(hits, key=lambda h: h.start)


def plain_text(text: str, hits: Sequence[JargonHit], lang: Lang | None = None) -> str:
    """``text`` with each jargon hit replaced by its plain wording (in the text's language)."""
    out = text
    for h in sorted(hits, key=lambda h: -h.start):
        out = out[: h.start] + h.plain(lang) + out[h.end :]
    return out


def jargon_frame(hits: Sequence[JargonHit], lang: Lang = "zh") -> pd.DataFrame:
    """One row per hit: where, the term as found and the plain wording (in the text's language)."""
    heads = ("位置", "术语", "建议改为") if lang == "zh" else ("Where", "Term", "Say instead")
    return pd.DataFrame([[h.where, h.found, h.plain()] for h in hits], columns=list(heads))


@dataclass
class ValueStatement:
    """A drafted value statement, what it was drawn from, and jargon found in it."""

    text: str
    lang: Lang
    goals: list[str] = field(default_factory=list)
    needs: list[int] = field(default_factory=list)
    jargon: list[JargonHit] = field(default_factory=list)


def _num(x: float) -> str:
    return f"{x:.4g}"


def goal_phrase(part: GoalPart, lang: Lang = "zh") -> str:
    """A goal part in plain words ("把上菜时间从18分钟缩短到12分钟")."""
    up = part.direction == "higher"
    when = f"（{part.deadline_text}）" if part.deadline_text and lang == "zh" else (
        f" ({part.deadline_text})" if part.deadline_text else "")  # fmt: skip
    if lang == "zh":
        verb = "提升" if up else ("缩短" if part.unit in ("min", "h", "s", "day") else "降低")
        if part.baseline_text and part.target_text:
            return f"把{part.metric}从{part.baseline_text}{verb}到{part.target_text}{when}"
        if part.change_text:
            return f"{part.metric}{verb}{part.change_text}{when}"
        if part.target_text:
            return f"{part.metric}{'达到' if up else '控制在'}{part.target_text}{'以上' if up else '以内'}{when}"
        return f"{verb}{part.metric}{when}"
    verb = "raise" if up else "cut"
    if part.baseline_text and part.target_text:
        return f"{verb} {part.metric} from {part.baseline_text} to {part.target_text}{when}"
    if part.change_text:
        return f"{verb} {part.metric} by {part.change_text}{when}"
    if part.target_text:
        return f"keep {part.metric} {'at or above' if up else 'within'} {part.target_text}{when}"
    return f"{verb} {part.metric}{when}"


def _short(text: str, limit: int = 48) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip().strip('“”"')
    text = text.replace("“", "‘").replace("”", "’")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draft_value_statement(
    goals: Sequence[SmartResult | str],
    needs: pd.DataFrame,
    *,
    client: str = "",
    budget_total: float | None = None,
    weeks: int | None = None,
    glossary: Sequence[GlossaryTerm] | None = None,
    lang: Lang = "zh",
) -> ValueStatement:
    """Draft 方案价值呈现 from the goals and the needs' evidence counts and quotes.

    ``needs`` carries ``id``, ``description``, ``quote``, ``evidence_count`` and ``priority``;
    the needs to do now come first, then those to plan, by evidence count.
    """
    parts: list[GoalPart] = []
    texts: list[str] = []
    for g in goals:
        if isinstance(g, SmartResult):
            parts.extend(g.parts)
            texts.append(g.text)
        else:
            parts.extend(parse_goal_parts(str(g))[0])
            texts.append(str(g))
    top = needs.iloc[0:0]
    if not needs.empty:
        rank = {PriorityClass.NOW.value: 0, PriorityClass.PLANNED.value: 1}
        frame = needs.assign(
            _r=needs["priority"].map(rank).fillna(2) if "priority" in needs.columns else 1,
            _n=pd.to_numeric(needs.get("evidence_count", 0), errors="coerce"),
        )
        frame = frame[frame["_r"] < 2] if "priority" in needs.columns else frame
        top = frame.sort_values(["_r", "_n"], ascending=[True, False], kind="stable").head(3)
    items = [(str(r["description"]), int(r["_n"]) if pd.notna(r["_n"]) else 0,
              str(r["quote"]) if isinstance(r.get("quote"), str) and r["quote"].strip() else "")
             for r in top.to_dict("records")]  # fmt: skip
    quotes = [q for _, _, q in items if q][:2]
    lines: list[str] = []
    if lang == "zh":
        who = f"{client}的" if client else ""
        if items:
            lines.append(f"这套方案只做{who}顾客最在意的几件事：" + "；".join(
                f"{d}（{n}条反馈）" if n else d for d, n, _ in items) + "。")  # fmt: skip
        if quotes:
            lines.append("他们的原话是：" + "；".join(f"“{_short(q)}”" for q in quotes) + "。")
        if parts:
            lines.append("方案完成后，" + "；".join(goal_phrase(p, "zh") for p in parts) + "。")
        cost = []
        if budget_total:
            cost.append(f"全部投入{budget_total:,.0f}元")
        if weeks:
            cost.append(f"{weeks}周内完成")
        tail = "每周给您看一次这些数字的实际变化，没达到就及时调整。"
        lines.append(("，".join(cost) + "，" if cost else "") + tail)
        text = "".join(lines)
    else:
        who = f"{client}'s " if client else "your "
        if items:
            lines.append(f"This plan does only what {who}customers care about most: " + "; ".join(
                f"{d} ({n} comments)" if n else d for d, n, _ in items) + ".")  # fmt: skip
        if quotes:
            lines.append(
                "In their words: " + "; ".join(f"\u201c{_short(q)}\u201d" for q in quotes) + "."
            )
        if parts:
            lines.append(
                "When it is done, we " + "; ".join(goal_phrase(p, "en") for p in parts) + "."
            )
        cost = []
        if budget_total:
            cost.append(f"It costs {budget_total:,.0f} yuan in all")
        if weeks:
            cost.append(f"takes {weeks} weeks")
        tail = "every week you see how these numbers really move, and we adjust if they fall short."
        lines.append(", ".join(cost) + ", and " + tail if cost else tail[0].upper() + tail[1:])
        text = " ".join(lines)
    ids = [int(r["id"]) for r in top.to_dict("records")] if "id" in top.columns else []
    hits = check_jargon(text, glossary, where="value statement" if lang == "en" else "价值陈述")
    return ValueStatement(text, lang, texts, ids, hits)


__all__ = [
    "GlossaryTerm",
    "JargonHit",
    "ValueStatement",
    "check_jargon",
    "draft_value_statement",
    "goal_phrase",
    "jargon_frame",
    "load_glossary",
    "plain_text",
    "term_from_dict",
    "text_lang",
]
