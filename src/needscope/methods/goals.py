"""Measurable goals: parse "上菜时间不超过15分钟" into a target, find the matching data column."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from needscope.methods._common import require_columns
from needscope.methods.gap_table import Direction, parse_quantity

_NUM = r"[-+]?\d+(?:\.\d+)?"
_UNIT = (
    r"\s*(?:%|％|个百分点|分钟|小时|秒钟|秒|分|元|天|次|个|"
    r"minutes?|mins?|hours?|hrs?|seconds?|secs?|points?|days?|yuan|percent|h\b|s\b)?"
)
_UP = r"提升|提高|增加|增长|上升|raised?|increased?|improved?|grow|lift"
_DOWN = r"降低|减少|缩短|下降|reduced?|cut|lower(?:ed)?|shorten(?:ed)?"


def _q(name: str) -> str:
    """A quantity group: a number and an optional unit."""
    return rf"(?P<{name}>{_NUM}{_UNIT})"


_FROM_TO = re.compile(
    rf"(?P<metric>.+?)(?:从|由|\bfrom\b)\s*{_q('base')}\s*(?:{_UP}|{_DOWN})?\s*"
    rf"(?:至|到|为|\bto\b)\s*{_q('target')}",
    re.I,
)
_AT_MOST = re.compile(
    rf"(?P<metric>.+?)\s*(?:不超过|不高于|不多于|(?<!不)低于|(?<!不)少于|小于|控制在|(?:{_DOWN})(?:至|到)|降至|"
    rf"≤|<=|<|at most|under|below|within|no more than|less than)\s*{_q('target')}",
    re.I,
)
_AT_LEAST = re.compile(
    rf"(?P<metric>.+?)\s*(?:不低于|不少于|至少|达到|(?<!不)高于|(?<!不)超过|(?:{_UP})(?:至|到)|≥|>=|>|"
    rf"at least|above|over|reach(?:es)?|of)\s*{_q('target')}",
    re.I,
)
_WITHIN = re.compile(rf"(?P<metric>.+?)\s*{_q('target')}\s*(?:以内|之内|内)", re.I)
_PREFIX = re.compile(r"^.*?\d+\s*个?\s*(?:月|天|周|年|日|小时|分钟)\s*(?:内|后|以内|之内)?")
_FILLER = re.compile(r"^(?:的|需|要|应|将|使|让|把)+|(?:需要|应该|要|需|应|的|should be|is|be)+$")


@dataclass(frozen=True)
class Goal:
    """A measurable goal: the metric, its target (and stated baseline) and the better direction."""

    text: str
    metric: str
    target: float
    target_text: str
    unit: str | None
    direction: Direction
    baseline: float | None = None
    baseline_text: str | None = None


def _metric(raw: str) -> str:
    """The metric name of a goal's head ("新店开业3个月内复购率" → "复购率")."""
    head = re.split(r"[，,；;:：。]", raw.strip())[-1].strip()
    tail = _PREFIX.sub("", head).strip()
    name = tail or head
    previous = None
    while previous != name:
        previous, name = name, _FILLER.sub("", name).strip()
    return name


def parse_goal(text: str) -> Goal | None:
    """Parse one goal into a :class:`Goal`; None when it states no number to measure."""
    clean = str(text).strip()
    for pattern, kind in ((_FROM_TO, "from"), (_AT_MOST, "lower"), (_AT_LEAST, "higher"),
                          (_WITHIN, "lower")):  # fmt: skip
        m = pattern.search(clean)
        if m is None:
            continue
        metric = _metric(m.group("metric"))
        if not metric or not re.search(r"[^\W\d_]", metric):
            continue
        target_text = m.group("target").strip()
        target, unit = parse_quantity(target_text)
        base_text = m.groupdict().get("base")
        base = parse_quantity(base_text)[0] if base_text else None
        if kind == "from":
            direction: Direction = "lower" if base is not None and target < base else "higher"
        else:
            direction = "lower" if kind == "lower" else "higher"
        return Goal(clean, metric, target, target_text, unit, direction, base,
                    base_text.strip() if base_text else None)  # fmt: skip
    return None


def parse_goals(texts: Iterable[str]) -> list[Goal]:
    """The measurable goals among ``texts``."""
    return [g for g in (parse_goal(t) for t in texts if t) if g is not None]


def _grams(text: str) -> set[str]:
    """Character bigrams of the CJK part and the lower-case words of the rest."""
    cjk = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    grams = {cjk[i : i + 2] for i in range(len(cjk) - 1)} if len(cjk) > 1 else set(cjk)
    return grams | {w for w in re.findall(r"[a-z]{3,}", text.lower())}


def similarity(a: str, b: str) -> float:
    """Share of ``a``'s character bigrams (and words) that occur in ``b`` (0–1)."""
    want = _grams(a)
    return len(want & _grams(b)) / len(want) if want else 0.0


def column_unit(column: str) -> str | None:
    """The unit a column name states in brackets ("上菜时长(分钟)" → "min"), else None."""
    m = re.search(r"[(（\[]\s*([^)）\]]+?)\s*[)）\]]\s*$", column)
    if m is None:
        return None
    try:
        return parse_quantity("1" + m.group(1))[1]
    except ValueError:
        return None


def match_column(metric: str, columns: Iterable[str], threshold: float = 0.5) -> str | None:
    """The column whose name best matches ``metric`` (share of its bigrams/words), if any."""
    want = _grams(metric)
    if not want:
        return None
    best: tuple[float, int, str] | None = None
    for col in columns:
        name = re.sub(r"[(（\[].*?[)）\]]", "", str(col))
        score = len(want & _grams(name)) / len(want)
        if score >= threshold and (best is None or (score, -len(name)) > best[:2]):
            best = (score, -len(name), str(col))
    return best[2] if best else None


def repeat_rate(data: pd.DataFrame, customer: str = "customer") -> tuple[float, int]:
    """Share (%) of identified customers with two or more purchases, and their number."""
    require_columns(data, [customer])
    counts = data[customer].dropna().value_counts()
    if counts.empty:
        return float("nan"), 0
    return float(100.0 * np.mean(counts.to_numpy() >= 2)), len(counts)


__all__ = [
    "Goal",
    "column_unit",
    "match_column",
    "parse_goal",
    "parse_goals",
    "repeat_rate",
    "similarity",
]
