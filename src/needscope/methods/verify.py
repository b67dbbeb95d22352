"""Need verification (需求真实性验证): test a stated need against behaviour data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from needscope.methods._common import numeric, require_columns, to_datetime, wilson_interval
from needscope.model.vocab import Lang, Verdict


@dataclass
class Verification:
    """Verdict on a claim with the numbers behind it and a per-group breakdown."""

    claim: str
    verdict: str
    n_match: float
    n_total: float
    share: float
    ci_low: float
    ci_high: float
    supported_at: float
    contradicted_below: float
    evidence: str
    breakdown: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_frame(self) -> pd.DataFrame:
        """One-row table of the verdict and its numbers."""
        keys = ("claim", "verdict", "n_match", "n_total", "share", "ci_low", "ci_high",
                "supported_at", "contradicted_below", "evidence")  # fmt: skip
        return pd.DataFrame([{k: getattr(self, k) for k in keys}])


def _verdict(lo: float, hi: float, supported_at: float, contradicted_below: float) -> Verdict:
    """Supported if the whole interval reaches ``supported_at``; contradicted if it stays below."""
    if lo >= supported_at:
        return Verdict.SUPPORTED
    if hi < contradicted_below:
        return Verdict.CONTRADICTED
    return Verdict.WEAK


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def verify_share(
    data: pd.DataFrame,
    mask: pd.Series | Sequence[bool] | np.ndarray,
    claim: str,
    what: str = "",
    count: str | None = None,
    supported_at: float = 0.2,
    contradicted_below: float = 0.1,
    confidence: float = 0.95,
    lang: Lang = "zh",
) -> Verification:
    """Share of records (or of ``count``) the claim is about, with a Wilson interval and verdict."""
    if not 0.0 <= contradicted_below <= supported_at <= 1.0:
        raise ValueError("need 0 <= contradicted_below <= supported_at <= 1")
    m = np.asarray(mask, dtype=bool)
    if len(m) != len(data):
        raise ValueError(f"mask has {len(m)} values for {len(data)} rows")
    require_columns(data, [count])
    w = numeric(data[count], count) if count is not None else np.ones(len(data))
    w = np.nan_to_num(w)
    if (w < 0).any():
        raise ValueError("counts must not be negative")
    total, hit = float(w.sum()), float(w[m].sum())
    if total <= 0:
        raise ValueError("no records to verify against")
    lo, hi = (float(v[0]) for v in wilson_interval(np.array([hit]), np.array([total]), confidence))
    share = hit / total
    verdict = _verdict(lo, hi, supported_at, contradicted_below)
    what = what or ("相关记录" if lang == "zh" else "matching records")
    if lang == "zh":
        judge = {Verdict.SUPPORTED: f"不低于 {_pct(supported_at)} 的支持线，数据支持",
                 Verdict.CONTRADICTED: f"低于 {_pct(contradicted_below)} 的判定线，数据不支持",
                 Verdict.WEAK: "介于判定线之间，证据不足以确认"}[verdict]  # fmt: skip
        text = (f"{what}占 {_pct(share)}（{hit:g}/{total:g}，{confidence:.0%} 区间 "
                f"{_pct(lo)}–{_pct(hi)}），{judge}“{claim}”。")  # fmt: skip
        if verdict is not Verdict.SUPPORTED:
            text += "建议进一步沟通，确认是否为特定场景（如节假日）的需求。"
    else:
        judge = {Verdict.SUPPORTED: f"at or above the {_pct(supported_at)} bar: supports",
                 Verdict.CONTRADICTED: f"below the {_pct(contradicted_below)} bar: contradicts",
                 Verdict.WEAK: "between the bars: too weak to confirm"}[verdict]  # fmt: skip
        text = (f"{what} are {_pct(share)} ({hit:g}/{total:g}, {confidence:.0%} interval "
                f"{_pct(lo)}–{_pct(hi)}), {judge} \u201c{claim}\u201d.")  # fmt: skip
        if verdict is not Verdict.SUPPORTED:
            text += " Ask whether the need is tied to a specific occasion (e.g. holidays)."
    return Verification(claim, verdict.value, hit, total, share, lo, hi, supported_at,
                        contradicted_below, text)  # fmt: skip


def verify_hours(
    data: pd.DataFrame,
    time: str,
    claim: str = "需要24小时服务",
    start_hour: int = 22,
    end_hour: int = 6,
    count: str | None = None,
    supported_at: float = 0.2,
    contradicted_below: float = 0.1,
    confidence: float = 0.95,
    lang: Lang = "zh",
) -> Verification:
    """Test an hours claim (e.g. 24-hour service) against orders/contacts by hour of day."""
    if not (0 <= start_hour <= 23 and 0 <= end_hour <= 24) or start_hour == end_hour:
        raise ValueError("hours must be 0–23 and the window must not be empty")
    require_columns(data, [time, count])
    col = data[time]
    if pd.api.types.is_numeric_dtype(col.dtype):
        hour = numeric(col, time)
        if ((hour < 0) | (hour > 23)).any():
            raise ValueError(f"{time!r}: hours must be 0–23")
    else:
        stamps = to_datetime(col)
        if stamps.isna().all():
            raise ValueError(f"{time!r} holds no valid times")
        hour = stamps.dt.hour.to_numpy(dtype=np.float64, na_value=np.nan)
    ok = ~np.isnan(hour)
    frame = data[ok]
    h = hour[ok].astype(int)
    night = (h >= start_hour) | (h < end_hour) if start_hour > end_hour else (
        (h >= start_hour) & (h < end_hour)
    )  # fmt: skip
    window = f"{start_hour:02d}:00–{end_hour:02d}:00"
    what = f"{window} 时段的量" if lang == "zh" else f"Contacts between {window}"
    result = verify_share(frame, night, claim, what, count, supported_at, contradicted_below,
                          confidence, lang)  # fmt: skip
    w = numeric(frame[count], count) if count is not None else np.ones(len(frame))
    by_hour = np.bincount(h, weights=np.nan_to_num(w), minlength=24)
    result.breakdown = pd.DataFrame(
        {"hour": np.arange(24), "count": by_hour, "share": by_hour / by_hour.sum(),
         "in_window": [(x >= start_hour) or (x < end_hour) if start_hour > end_hour
                       else start_hour <= x < end_hour for x in range(24)]}
    )  # fmt: skip
    return result


__all__ = ["Verdict", "Verification", "verify_hours", "verify_share"]
