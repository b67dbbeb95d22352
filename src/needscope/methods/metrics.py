"""Satisfaction metrics: NPS, CSAT and CES with intervals, by segment and period, and tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from needscope.methods._common import (
    FloatArray,
    numeric,
    require_columns,
    t_value,
    to_datetime,
    wilson_interval,
    z_value,
)

Metric = Literal["nps", "csat", "ces", "mean"]

NPS_DEFINITION = (
    "NPS = 100 × (promoters − detractors) / n on a 0–10 scale: promoters score 9–10, "
    "detractors 0–6, passives 7–8 count in n. The interval is Wald's on the per-respondent "
    "score (+1 promoter, 0 passive, −1 detractor): se = √((p+d − (p−d)²)/n)."
)
"""The one NPS definition used everywhere in needscope."""


def _keys(data: pd.DataFrame, segment: str | None, period: str | None) -> list[str]:
    """Validate and return the grouping columns."""
    require_columns(data, [segment, period])
    return [k for k in (segment, period) if k is not None]


def _frame(
    data: pd.DataFrame,
    columns: dict[str, FloatArray],
    segment: str | None,
    period: str | None,
    period_freq: str | None,
) -> tuple[pd.DataFrame, list[str]]:
    """Per-row indicator columns with the grouping keys attached."""
    keys = _keys(data, segment, period)
    frame = pd.DataFrame(columns, index=data.index)
    for k in keys:
        col = data[k]
        if k == period and period_freq is not None:
            col = to_datetime(col).dt.to_period(period_freq).astype(str)
            col = col.where(col != "NaT")
        frame[k] = col
    return frame, keys


def _sums(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Column sums overall or per group (missing group keys are dropped)."""
    values = [c for c in frame.columns if c not in keys]
    if not keys:
        return frame[values].sum().to_frame().T
    return frame.groupby(keys, sort=True, dropna=True, observed=True)[values].sum().reset_index()


def _scores(data: pd.DataFrame, score: str, low: float, high: float) -> FloatArray:
    """Numeric scores of ``score``; values outside [low, high] raise ``ValueError``."""
    require_columns(data, [score])
    x = numeric(data[score], score)
    bad = ~np.isnan(x) & ((x < low) | (x > high))
    if bad.any():
        raise ValueError(f"{score!r} holds {x[bad][0]:g}, outside the scale {low:g}–{high:g}")
    return x


def nps(
    data: pd.DataFrame,
    score: str,
    segment: str | None = None,
    period: str | None = None,
    period_freq: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Net Promoter Score (0–10; see ``NPS_DEFINITION``) with a Wald interval."""
    x = _scores(data, score, 0, 10)
    if (~np.isnan(x) & (x != np.round(x))).any():
        raise ValueError(f"{score!r}: NPS answers must be whole numbers 0–10")
    valid = ~np.isnan(x)
    cols = {
        "n": valid.astype(np.float64),
        "promoters": (x >= 9).astype(np.float64),
        "detractors": (x <= 6).astype(np.float64),
    }
    frame, keys = _frame(data, cols, segment, period, period_freq)
    out = _sums(frame, keys)
    n = out["n"].to_numpy(dtype=np.float64)
    prom, detr = out["promoters"].to_numpy(), out["detractors"].to_numpy()
    out["passives"] = n - prom - detr
    with np.errstate(invalid="ignore", divide="ignore"):
        p, d = prom / n, detr / n
        value = 100.0 * (p - d)
        se = 100.0 * np.sqrt((p + d - (p - d) ** 2) / n)
    z = z_value(confidence)
    out["pct_promoters"], out["pct_passives"], out["pct_detractors"] = (
        100 * p,
        100 - 100 * (p + d),
        100 * d,
    )
    out["nps"], out["se"] = value, se
    out["ci_low"], out["ci_high"] = (
        np.maximum(value - z * se, -100),
        np.minimum(value + z * se, 100),
    )
    for c in ("n", "promoters", "passives", "detractors"):
        out[c] = out[c].astype(np.int64)
    return out[[*keys, "n", "promoters", "passives", "detractors", "pct_promoters",
                "pct_passives", "pct_detractors", "nps", "se", "ci_low", "ci_high"]]  # fmt: skip


def _mean_and_box(
    x: FloatArray,
    box: npt.NDArray[np.bool_],
    data: pd.DataFrame,
    segment: str | None,
    period: str | None,
    period_freq: str | None,
    confidence: float,
    box_name: str,
) -> pd.DataFrame:
    """Mean with a t interval and a box share (%) with a Wilson interval, per group."""
    valid = ~np.isnan(x)
    xv = np.where(valid, x, 0.0)
    cols = {
        "n": valid.astype(np.float64),
        "_s1": xv,
        "_s2": xv * xv,
        box_name + "_n": box.astype(np.float64),
    }
    frame, keys = _frame(data, cols, segment, period, period_freq)
    out = _sums(frame, keys)
    n = out["n"].to_numpy(dtype=np.float64)
    s1, s2 = out["_s1"].to_numpy(), out["_s2"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1 / n
        sd = np.sqrt(np.maximum(s2 - n * mean * mean, 0.0) / (n - 1.0))
        half = t_value(confidence, n - 1.0) * sd / np.sqrt(n)
    k = out[box_name + "_n"].to_numpy(dtype=np.float64)
    lo, hi = wilson_interval(k, n, confidence)
    out["mean"], out["sd"] = mean, np.where(n > 1, sd, np.nan)
    out["mean_ci_low"], out["mean_ci_high"] = mean - half, mean + half
    with np.errstate(invalid="ignore", divide="ignore"):
        out[box_name] = 100.0 * k / n
    out[box_name + "_ci_low"], out[box_name + "_ci_high"] = 100.0 * lo, 100.0 * hi
    out["n"] = out["n"].astype(np.int64)
    out[box_name + "_n"] = out[box_name + "_n"].astype(np.int64)
    return out[[*keys, "n", "mean", "sd", "mean_ci_low", "mean_ci_high", box_name + "_n",
                box_name, box_name + "_ci_low", box_name + "_ci_high"]]  # fmt: skip


def csat(
    data: pd.DataFrame,
    score: str,
    scale: tuple[float, float] = (1, 5),
    top_box: int = 2,
    segment: str | None = None,
    period: str | None = None,
    period_freq: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """CSAT: share (%) in the top ``top_box`` points of any scale, and the mean, with intervals."""
    low, high = scale
    if not high > low or top_box < 1:
        raise ValueError(f"bad scale {scale} or top_box {top_box}")
    x = _scores(data, score, low, high)
    box = x >= high - top_box + 1
    return _mean_and_box(x, box, data, segment, period, period_freq, confidence, "csat")


def ces(
    data: pd.DataFrame,
    score: str,
    scale: Literal[5, 7] = 7,
    segment: str | None = None,
    period: str | None = None,
    period_freq: str | None = None,
    confidence: float = 0.95,
    higher_is_easier: bool | None = None,
) -> pd.DataFrame:
    """CES: mean and % low effort (the easy end of the scale: top 3 of 7 or top 2 of 5).

    ``higher_is_easier`` says which end is easy; by default the 1–7 scale is the CES 2.0
    agreement "it was easy" (5–7 low effort) and the 1–5 scale asks for effort (1–2 low).
    """
    if scale not in (5, 7):
        raise ValueError(f"CES scale must be 5 or 7, got {scale!r}")
    x = _scores(data, score, 1, scale)
    easier_high = scale == 7 if higher_is_easier is None else bool(higher_is_easier)
    k = 3 if scale == 7 else 2
    easy = (x >= scale - k + 1) if easier_high else (x <= k)
    return _mean_and_box(x, easy, data, segment, period, period_freq, confidence, "low_effort")


def satisfaction_summary(
    data: pd.DataFrame,
    nps_score: str | None = None,
    csat_score: str | None = None,
    ces_score: str | None = None,
    segment: str | None = None,
    period: str | None = None,
    period_freq: str | None = None,
    csat_scale: tuple[float, float] = (1, 5),
    ces_scale: Literal[5, 7] = 7,
    ces_higher_is_easier: bool | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """NPS, CSAT (top-2-box % and mean) and CES (mean, % low effort) side by side, per group."""
    keys = _keys(data, segment, period)
    parts: list[pd.DataFrame] = []
    common = {"segment": segment, "period": period, "period_freq": period_freq,
              "confidence": confidence}  # fmt: skip
    if nps_score is not None:
        t = nps(data, nps_score, **common)  # type: ignore[arg-type]
        parts.append(t[[*keys, "n", "nps", "ci_low", "ci_high"]].rename(
            columns={"n": "nps_n", "ci_low": "nps_ci_low", "ci_high": "nps_ci_high"}))  # fmt: skip
    if csat_score is not None:
        t = csat(data, csat_score, csat_scale, 2, **common)  # type: ignore[arg-type]
        parts.append(t[[*keys, "n", "csat", "csat_ci_low", "csat_ci_high", "mean"]].rename(
            columns={"n": "csat_n", "mean": "csat_mean"}))  # fmt: skip
    if ces_score is not None:
        t = ces(data, ces_score, ces_scale, higher_is_easier=ces_higher_is_easier,
                **common)  # type: ignore[arg-type]  # fmt: skip
        parts.append(t[[*keys, "n", "mean", "mean_ci_low", "mean_ci_high", "low_effort"]].rename(
            columns={"n": "ces_n", "mean": "ces_mean", "mean_ci_low": "ces_ci_low",
                     "mean_ci_high": "ces_ci_high"}))  # fmt: skip
    if not parts:
        raise ValueError("give at least one of nps_score, csat_score, ces_score")
    out = parts[0]
    for part in parts[1:]:
        out = out.merge(part, on=keys, how="outer") if keys else pd.concat([out, part], axis=1)
    return out.reset_index(drop=True)


def _two_groups(
    data: pd.DataFrame, group: str, a: object | None, b: object | None
) -> tuple[object, object, pd.Series, pd.Series]:
    """The two group labels and their boolean row masks."""
    require_columns(data, [group])
    if a is None or b is None:
        levels = sorted(data[group].dropna().unique().tolist())
        if len(levels) != 2:
            raise ValueError(f"{group!r} has {len(levels)} groups; name the two to compare")
        a, b = levels
    mask_a, mask_b = data[group] == a, data[group] == b
    for label, mask in ((a, mask_a), (b, mask_b)):
        if not bool(mask.any()):
            raise ValueError(f"no rows with {group} == {label!r}")
    return a, b, mask_a, mask_b


def compare(
    data: pd.DataFrame,
    score: str,
    group: str,
    a: object | None = None,
    b: object | None = None,
    metric: Metric = "nps",
    scale: Sequence[float] = (1, 5),
    top_box: int = 2,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Test the difference (a − b) of a metric between two segments or periods."""
    a, b, mask_a, mask_b = _two_groups(data, group, a, b)
    z = z_value(confidence)
    if metric == "nps":
        ra, rb = (nps(data[m], score, confidence=confidence).iloc[0] for m in (mask_a, mask_b))
        va, vb, na, nb = ra["nps"], rb["nps"], ra["n"], rb["n"]
        se = float(np.hypot(ra["se"], rb["se"]))
        stat = (va - vb) / se if se > 0 else np.nan
        p, test, half = 2 * stats.norm.sf(abs(stat)), "z (Wald, NPS)", z * se
    elif metric == "csat":
        low, high = float(scale[0]), float(scale[1])
        x = _scores(data, score, low, high)
        hit = x >= high - top_box + 1
        ka, kb = float(hit[mask_a.to_numpy()].sum()), float(hit[mask_b.to_numpy()].sum())
        na = float((~np.isnan(x[mask_a.to_numpy()])).sum())
        nb = float((~np.isnan(x[mask_b.to_numpy()])).sum())
        pa, pb, pool = ka / na, kb / nb, (ka + kb) / (na + nb)
        se0 = np.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
        stat = (pa - pb) / se0 if se0 > 0 else np.nan
        va, vb, p = 100 * pa, 100 * pb, 2 * stats.norm.sf(abs(stat))
        half = 100 * z * np.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
        test = "two-proportion z (top box)"
    elif metric in ("ces", "mean"):
        require_columns(data, [score])
        x = numeric(data[score], score)
        xa, xb = x[mask_a.to_numpy()], x[mask_b.to_numpy()]
        xa, xb = xa[~np.isnan(xa)], xb[~np.isnan(xb)]
        na, nb, va, vb = len(xa), len(xb), float(np.mean(xa)), float(np.mean(xb))
        res = stats.ttest_ind(xa, xb, equal_var=False)
        stat, p = float(res.statistic), float(res.pvalue)
        ci = res.confidence_interval(confidence)
        half, test = (float(ci.high) - float(ci.low)) / 2, "Welch t (mean)"
    else:
        raise ValueError(f"metric must be nps, csat, ces or mean, got {metric!r}")
    diff = va - vb
    return pd.DataFrame(
        [{"metric": metric, "group": group, "a": a, "b": b, "n_a": int(na), "n_b": int(nb),
          "value_a": va, "value_b": vb, "difference": diff, "ci_low": diff - half,
          "ci_high": diff + half, "statistic": stat, "p_value": float(p), "test": test}]
    )  # fmt: skip


__all__ = ["NPS_DEFINITION", "Metric", "ces", "compare", "csat", "nps", "satisfaction_summary"]
