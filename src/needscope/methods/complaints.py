"""Complaint analysis: counts by category × cause × severity, Pareto (the vital few), trend."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from needscope.methods._common import numeric, require_columns, to_datetime

_TAG_SPLIT = re.compile(r"\s*[;；,，|、/]\s*")


def explode_tags(data: pd.DataFrame, tags: str, into: str = "cause") -> pd.DataFrame:
    """One row per tag: ``tags`` holds lists or text like "响应慢;态度差" (blank rows drop)."""
    require_columns(data, [tags])

    def split(value: object) -> list[str]:
        if isinstance(value, (list, tuple, set, np.ndarray)):
            return [str(v).strip() for v in value if str(v).strip()]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return []
        return [t for t in _TAG_SPLIT.split(str(value).strip()) if t]

    out = data.assign(**{into: data[tags].map(split)}).explode(into)
    return out[out[into].notna()].reset_index(drop=True)


def _source(data: pd.DataFrame, cause: str | None, tags: str | None) -> tuple[pd.DataFrame, str]:
    """The frame to count and its cause column: the cause column, else the exploded tags."""
    if cause is not None and cause in data.columns:
        return data, cause
    if tags is not None:
        return explode_tags(data, tags, into=cause or "cause"), cause or "cause"
    raise KeyError(f"column not found: {cause}" if cause else "give cause= or tags=")


def complaint_counts(
    data: pd.DataFrame,
    category: str | None = None,
    cause: str | None = "cause",
    severity: str | None = None,
    tags: str | None = None,
) -> pd.DataFrame:
    """Counts and shares (%) by category × cause × severity (any of them may be left out)."""
    frame, cause_col = _source(data, cause, tags)
    keys = [k for k in (category, cause_col, severity) if k is not None]
    require_columns(frame, keys)
    out = frame.groupby(keys, dropna=False, observed=True).size().rename("count").reset_index()
    out["share"] = 100.0 * out["count"] / out["count"].sum() if len(out) else np.nan
    return out.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def pareto(
    data: pd.DataFrame,
    cause: str | None = "cause",
    count: str | None = None,
    tags: str | None = None,
    cutoff: float = 0.8,
) -> pd.DataFrame:
    """Causes by count with cumulative share; ``vital_few`` marks those that first reach ``cutoff``."""
    if not 0.0 < cutoff <= 1.0:
        raise ValueError(f"cutoff must be in (0, 1], got {cutoff}")
    frame, cause_col = _source(data, cause, tags)
    require_columns(frame, [count])
    if count is not None:
        weights = numeric(frame[count], count)
        if (weights < 0).any():
            raise ValueError("counts must not be negative")
        grouped = pd.Series(weights, index=frame.index).groupby(frame[cause_col]).sum()
    else:
        grouped = frame.groupby(cause_col).size().astype(np.float64)
    table = grouped.rename("count").rename_axis("cause").reset_index()
    if count is None:
        table["count"] = table["count"].astype(np.int64)
    table = table.sort_values(["count", "cause"], ascending=[False, True], kind="stable")
    table = table.reset_index(drop=True)
    total = float(table["count"].sum())
    if total <= 0:
        raise ValueError("no complaints to analyse")
    table["share"] = table["count"] / total
    table["cum_share"] = table["share"].cumsum()
    before = table["cum_share"].shift(fill_value=0.0)
    table["vital_few"] = before < cutoff - 1e-12
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def complaint_trend(
    data: pd.DataFrame,
    date: str,
    by: str | None = "cause",
    freq: str = "M",
    tags: str | None = None,
    causes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Complaints per period (and per ``by`` value): count and share of the period (%)."""
    frame = data
    if by is not None and by not in data.columns and tags is not None:
        frame = explode_tags(data, tags, into=by)
    require_columns(frame, [date, by])
    when = to_datetime(frame[date])
    if when.isna().all():
        raise ValueError(f"{date!r} holds no valid dates")
    period = when.dt.to_period(freq).astype(str).where(when.notna())
    work = pd.DataFrame({"period": period})
    keys = ["period"]
    if by is not None:
        work[by] = frame[by].to_numpy()
        keys.append(by)
        if causes is not None:
            work = work[work[by].isin(list(causes))]
    out = work.groupby(keys, dropna=True, observed=True).size().rename("count").reset_index()
    totals = out.groupby("period")["count"].transform("sum")
    out["share"] = 100.0 * out["count"] / totals
    return out


__all__ = ["complaint_counts", "complaint_trend", "explode_tags", "pareto"]
