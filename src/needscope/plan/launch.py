"""A launch stored with the plan: when it went live, where, and how its goals are measured.

The plan document's optional ``launch`` key::

    launch:
      date: 2026-01-26
      name: 新出餐流程            # optional, name_en too
      column: store               # what picks the treated group (default: the store)
      treated: [南京南站店, 江北新区店]
      control: [新街口店, 夫子庙店]  # optional; default: every other store
      window_days: 35             # optional; default: launch to the last record
      metrics:                    # optional; how a goal's metric is measured per record
        上菜时长: {column: 上菜时长(分钟), unit: 分钟, direction: down}
        复购率: {window_days: 28, unit: "%", direction: up}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from needscope.errors import InputError

_KEYS = {"date", "name", "name_en", "column", "treated", "control", "window_days", "metrics"}
_METRIC_KEYS = {"column", "window_days", "unit", "direction"}


@dataclass
class LaunchSpec:
    """A launch: its date and name, the treated and control groups, how metrics are measured."""

    date: date
    name: str = ""
    name_en: str = ""
    column: str = "store"
    treated: list[str] = field(default_factory=list)
    control: list[str] = field(default_factory=list)
    window_days: int | None = None
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)

    def title(self, lang: str = "zh") -> str:
        """The launch's name in ``lang`` (falls back to the other language, then the date)."""
        first, second = (self.name, self.name_en) if lang == "zh" else (self.name_en, self.name)
        return first or second or self.date.isoformat()

    def to_dict(self) -> dict[str, Any]:
        """The launch as stored."""
        return {"date": self.date.isoformat(), "name": self.name, "name_en": self.name_en,
                "column": self.column, "treated": list(self.treated),
                "control": list(self.control), "window_days": self.window_days,
                "metrics": {k: dict(v) for k, v in self.metrics.items()}}  # fmt: skip


def _day(value: object, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{value!r} is not a date (YYYY-MM-DD)", file="plan",
                         column=where) from None  # fmt: skip


def _names(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in value.replace("｜", "|").split("|")]
    if not isinstance(value, list | tuple):
        raise InputError("must be a list of names", file="plan", column=where)
    return [str(v).strip() for v in value if str(v).strip()]


def _metric(name: str, spec: object) -> dict[str, Any]:
    where = f"launch.metrics.{name}"
    if not isinstance(spec, Mapping):
        raise InputError("a metric must be a mapping", file="plan", column=where)
    unknown = sorted(set(spec) - _METRIC_KEYS)
    if unknown:
        raise InputError(f"unknown keys {unknown}; known: {sorted(_METRIC_KEYS)}", file="plan",
                         column=f"{where}.{unknown[0]}")  # fmt: skip
    out = {k: spec[k] for k in sorted(spec) if spec[k] is not None}
    if "direction" in out and out["direction"] not in ("up", "down"):
        raise InputError("direction must be 'up' or 'down'", file="plan",
                         column=f"{where}.direction")  # fmt: skip
    if "window_days" in out:
        out["window_days"] = _positive(out["window_days"], f"{where}.window_days")
    for key in ("column", "unit"):
        if key in out:
            out[key] = str(out[key])
    return out


def _positive(value: object, where: str) -> int:
    if isinstance(value, bool):
        raise InputError("must be a whole number of days", file="plan", column=where)
    try:
        days = int(str(value))
    except ValueError:
        raise InputError("must be a whole number of days", file="plan", column=where) from None
    if days < 1:
        raise InputError("must be at least 1 day", file="plan", column=where)
    return days


def launch_from_dict(data: object) -> LaunchSpec:
    """Read the plan's ``launch`` mapping; InputError names the first bad key."""
    if not isinstance(data, Mapping):
        raise InputError("'launch' must be a mapping", file="plan", column="launch")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise InputError(f"unknown keys {unknown}; known: {sorted(_KEYS)}", file="plan",
                         column=f"launch.{unknown[0]}")  # fmt: skip
    if not data.get("date"):
        raise InputError("a launch needs a date", file="plan", column="launch.date")
    metrics = data.get("metrics") or {}
    if not isinstance(metrics, Mapping):
        raise InputError("must be a mapping", file="plan", column="launch.metrics")
    window = data.get("window_days")
    return LaunchSpec(
        _day(data["date"], "launch.date"),
        str(data.get("name") or ""),
        str(data.get("name_en") or ""),
        str(data.get("column") or "store"),
        _names(data.get("treated"), "launch.treated"),
        _names(data.get("control"), "launch.control"),
        _positive(window, "launch.window_days") if window is not None else None,
        {str(k): _metric(str(k), v) for k, v in metrics.items()},
    )


__all__ = ["LaunchSpec", "launch_from_dict"]
