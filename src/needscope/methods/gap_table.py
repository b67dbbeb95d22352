"""Quantified service-gap table (seed 002 量化服务差距): expected vs actual for any metric with units."""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
import pandas as pd

from needscope.methods._common import require_columns
from needscope.model.vocab import Lang

Direction = Literal["higher", "lower"]

# unit → (canonical key, zh display, en display, minutes per unit for time units)
_UNIT_TABLE: tuple[tuple[tuple[str, ...], str, str, str, float | None], ...] = (
    (("秒", "秒钟", "s", "sec", "secs", "second", "seconds"), "s", "秒", "s", 1 / 60),
    (("分钟", "min", "mins", "minute", "minutes"), "min", "分钟", "min", 1.0),
    (("小时", "h", "hr", "hrs", "hour", "hours"), "h", "小时", "h", 60.0),
    (("天", "日", "d", "day", "days"), "day", "天", "days", 1440.0),
    (("%", "％", "percent", "pct"), "%", "%", "%", None),
    (("分", "point", "points", "pt", "pts", "score"), "pt", "分", "points", None),
    (("元", "yuan", "rmb", "cny", "¥", "￥"), "yuan", "元", "yuan", None),
    (("次", "times", "time"), "times", "次", "times", None),
    (("个", "items"), "items", "个", "items", None),
)
# unit text → (canonical key, zh display, en display, minutes per unit for time units)
_UNITS: dict[str, tuple[str, str, str, float | None]] = {
    name: (key, zh, en, per) for names, key, zh, en, per in _UNIT_TABLE for name in names
}

_NUMBER = re.compile(r"([-+−]?\d+(?:[.,]\d+)?)")
_QUALIFIERS = re.compile(r"(以内|之内|内|以上|以下|左右|within|under|below|above|about|≤|≥|<|>)")


def parse_quantity(text: object) -> tuple[float, str | None]:
    """Split "5分钟内", "90%", "9 分", 12 into (value, canonical unit or the raw unit text)."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return float("nan"), None
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        return float(text), None
    s = str(text).strip()
    m = _NUMBER.search(s)
    if m is None:
        raise ValueError(f"no number in {text!r}")
    value = float(m.group(1).replace("−", "-").replace(",", "."))
    rest = _QUALIFIERS.sub("", (s[: m.start()] + s[m.end() :]).strip()).strip().lower()
    if not rest:
        return value, None
    unit = _UNITS.get(rest)
    return value, (unit[0] if unit else rest)


def _display(unit: str | None, lang: Lang) -> str:
    """Display form of a canonical unit."""
    if unit is None:
        return ""
    for key, zh, en, _ in _UNITS.values():
        if key == unit:
            return zh if lang == "zh" else en
    return unit


def _minutes(unit: str | None) -> float | None:
    """Minutes per ``unit`` for time units, else None."""
    for key, _, _, minutes in _UNITS.values():
        if key == unit:
            return minutes
    return None


def _signed(value: float, unit: str | None, lang: Lang) -> str:
    """Format a gap with a true minus sign and its unit ("−5 分钟", "−10 个百分点")."""
    if not np.isfinite(value):
        return ""
    number = f"{round(abs(value), 2):g}"  # at most two decimals: −1.78 个百分点, −5 分钟
    sign = "−" if value < 0 else ("+" if value > 0 else "")
    shown = ("个百分点" if lang == "zh" else "pp") if unit == "%" else _display(unit, lang)
    return f"{sign}{number} {shown}".strip()


def _directional(better: float, worse: float, direction: str) -> float:
    """Signed difference: negative when ``better`` falls short of ``worse``'s standard."""
    return better - worse if direction == "higher" else worse - better


def gap_table(
    data: pd.DataFrame,
    metric: str = "metric",
    expected: str = "expected",
    actual: str = "actual",
    unit: str | None = None,
    direction: str | None = None,
    management: str | None = None,
    competitor: str | None = None,
    segment: str | None = None,
    lang: Lang = "zh",
) -> pd.DataFrame:
    """Gap = actual vs expected in the metric's own unit; negative means the service falls short."""
    require_columns(data, [metric, expected, actual, unit, direction, management, competitor])
    require_columns(data, [segment])
    rows = []
    for _, row in data.iterrows():
        e_val, e_unit = parse_quantity(row[expected])
        a_val, a_unit = parse_quantity(row[actual])
        u = e_unit or a_unit
        if unit is not None and pd.notna(row[unit]) and str(row[unit]).strip():
            given = str(row[unit]).strip().lower()
            u = _UNITS[given][0] if given in _UNITS else given
        if a_unit and u and a_unit != u:
            m_a, m_u = _minutes(a_unit), _minutes(u)
            if m_a is None or m_u is None:
                raise ValueError(f"{row[metric]!r}: units {a_unit!r} and {u!r} do not match")
            a_val = a_val * m_a / m_u
        d = str(row[direction]).strip().lower() if direction is not None else ""
        if d in ("lower", "low", "less", "越低越好", "越少越好", "低"):
            d = "lower"
        elif d in ("higher", "high", "more", "越高越好", "越多越好", "高"):
            d = "higher"
        else:
            d = "lower" if _minutes(u) is not None else "higher"
        gap = _directional(a_val, e_val, d)
        out = {
            "metric": row[metric],
            "expected": e_val,
            "actual": a_val,
            "unit": _display(u, lang),
            "direction": d,
            "gap": gap,
            "gap_text": _signed(gap, u, lang),
            "meets": bool(gap >= 0) if np.isfinite(gap) else None,
        }
        if segment is not None:
            out = {"segment": row[segment], **out}
        for name, col in (("management", management), ("competitor", competitor)):
            if col is None:
                continue
            ref, r_unit = parse_quantity(row[col])
            if r_unit and u and r_unit != u and _minutes(r_unit) and _minutes(u):
                ref = ref * (_minutes(r_unit) or 1.0) / (_minutes(u) or 1.0)
            out[name] = ref
            if name == "management":
                # SERVQUAL gap 1: management's assumed standard vs what customers expect
                out["management_gap"] = _directional(ref, e_val, d)
            else:
                out["gap_vs_competitor"] = _directional(a_val, ref, d)
                out["gap_vs_competitor_text"] = _signed(out["gap_vs_competitor"], u, lang)
        rows.append(out)
    return pd.DataFrame(rows)


__all__ = ["Direction", "gap_table", "parse_quantity"]
