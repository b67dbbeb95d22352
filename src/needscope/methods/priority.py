"""Need priority matrix (Template 2 需求优先级评估矩阵): importance × urgency → 立即/计划/暂缓执行."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from needscope.methods._common import FloatArray, numeric, require_columns
from needscope.model.vocab import Credibility, KanoClass, Lang, PriorityClass

IMPORTANCE_FACTORS = ("customer_value", "business_impact", "strategic_fit")
"""重要性: 客户价值, 业务影响, 战略匹配度 (seed 000, phase 2 step 2)."""
URGENCY_FACTORS = ("time_pressure", "market_opportunity", "risk_avoidance")
"""紧急性: 时间压力, 市场机会, 风险规避."""
FACTORS = IMPORTANCE_FACTORS + URGENCY_FACTORS


@dataclass(frozen=True)
class PriorityRules:
    """Weights of the sub-scores and the class thresholds (all on the 1–5 scale)."""

    importance_weights: tuple[float, float, float] = (1.0, 1.0, 1.0)
    urgency_weights: tuple[float, float, float] = (1.0, 1.0, 1.0)
    now_importance: float = 4.0
    now_urgency: float = 4.0
    defer_importance: float = 3.0
    defer_urgency: float = 3.0
    midpoint: float = 3.0


def _weighted(frame: pd.DataFrame, cols: tuple[str, ...], weights: tuple[float, ...]) -> FloatArray:
    """Weighted mean of the available sub-scores per row (weights renormalised over them)."""
    if len(weights) != len(cols) or min(weights) < 0 or sum(weights) <= 0:
        raise ValueError(f"need {len(cols)} non-negative weights with a positive sum")
    x = np.column_stack([numeric(frame[c], c) for c in cols])
    bad = ~np.isnan(x) & ((x < 1) | (x > 5))
    if bad.any():
        raise ValueError(f"sub-scores must be 1–5, got {x[bad][0]:g}")
    w = np.where(np.isnan(x), 0.0, np.asarray(weights, dtype=np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.nansum(x * w, axis=1) / w.sum(axis=1), dtype=np.float64)


def classify_priority(
    importance: FloatArray, urgency: FloatArray, rules: PriorityRules = PriorityRules()
) -> list[str | None]:
    """立即执行 when both reach the "now" thresholds, 暂缓执行 when both are below "defer"."""
    out: list[str | None] = []
    for imp, urg in zip(importance, urgency, strict=True):
        if np.isnan(imp) or np.isnan(urg):
            out.append(None)
        elif imp >= rules.now_importance and urg >= rules.now_urgency:
            out.append(PriorityClass.NOW.value)
        elif imp < rules.defer_importance and urg < rules.defer_urgency:
            out.append(PriorityClass.DEFERRED.value)
        else:
            out.append(PriorityClass.PLANNED.value)
    return out


def priority_matrix(
    data: pd.DataFrame,
    need: str = "need",
    columns: Mapping[str, str] | None = None,
    rules: PriorityRules = PriorityRules(),
    lang: Lang = "zh",
) -> pd.DataFrame:
    """Importance and urgency (weighted 1–5 sub-scores, or given directly), class and quadrant."""
    names = {f: (columns or {}).get(f, f) for f in (*FACTORS, "importance", "urgency")}
    require_columns(data, [need])
    frame = pd.DataFrame({need: data[need]}, index=data.index)
    axes: dict[str, FloatArray] = {}
    for axis, factors, weights in (
        ("importance", IMPORTANCE_FACTORS, rules.importance_weights),
        ("urgency", URGENCY_FACTORS, rules.urgency_weights),
    ):
        present = [f for f in factors if names[f] in data.columns]
        if present:
            sub = pd.DataFrame({f: data[names[f]] for f in factors if f in present})
            for f in factors:
                frame[f] = sub[f] if f in present else np.nan
            w = tuple(wt for f, wt in zip(factors, weights, strict=True) if f in present)
            axes[axis] = _weighted(sub, tuple(present), w)
        elif names[axis] in data.columns:
            axes[axis] = _weighted(data.rename(columns={names[axis]: axis}), (axis,), (1.0,))
        else:
            raise KeyError(f"no {axis} sub-scores ({', '.join(factors)}) nor {axis!r} column")
    frame["importance"], frame["urgency"] = axes["importance"], axes["urgency"]
    for note in ("importance_note", "urgency_note"):
        if note in data.columns:
            frame[note] = data[note]
    frame["priority"] = classify_priority(axes["importance"], axes["urgency"], rules)
    labels = PriorityClass.labels(lang)
    frame["priority_label"] = frame["priority"].map(labels)
    hi_i = np.where(axes["importance"] >= rules.midpoint, "high", "low")
    hi_u = np.where(axes["urgency"] >= rules.midpoint, "high", "low")
    frame["quadrant"] = [f"{i}_importance_{u}_urgency" for i, u in zip(hi_i, hi_u, strict=True)]
    order = {PriorityClass.NOW.value: 0, PriorityClass.PLANNED.value: 1}
    rank = frame["priority"].map(order).fillna(2)
    score = -(frame["importance"] + frame["urgency"])
    frame = frame.assign(_r=rank, _s=score).sort_values(["_r", "_s"], kind="stable")
    return frame.drop(columns=["_r", "_s"]).reset_index(drop=True)


# ------------------------------------------------------------------ suggestions from evidence

_KANO_VALUE = {"M": 5, "O": 5, "A": 4, "I": 2, "R": 1}
_KANO_FIT = {"A": 4, "O": 4, "M": 3, "I": 2, "R": 1}
_KANO_OPPORTUNITY = {"A": 5, "O": 4, "M": 3, "I": 2, "R": 1}
_KANO_RISK = {"M": 5, "O": 4, "A": 2, "I": 1, "R": 1}
_TREND_WORDS = {
    "surging": 5, "快速上升": 5, "激增": 5, "rising": 4, "up": 4, "上升": 4, "增长": 4,
    "stable": 3, "flat": 3, "平稳": 3, "持平": 3, "falling": 2, "down": 2, "下降": 2,
    "collapsing": 1, "快速下降": 1,
}  # fmt: skip

SUGGESTION_RULES = {
    "customer_value": "mean(frequency score, KANO value M/O 5, A 4, I 2, R 1)",
    "business_impact": "mean(segment value score, frequency score)",
    "strategic_fit": "KANO A/O 4, M 3, I 2, R 1",
    "time_pressure": "trend: growth ≥50% 5, ≥15% 4, >−15% 3, >−50% 2, else 1 (or words)",
    "market_opportunity": "mean(trend score, KANO A 5, O 4, M 3, I 2, R 1)",
    "risk_avoidance": "mean(KANO risk M 5, O 4, A 2, I/R 1, frequency score)",
}
"""How each suggested sub-score is derived; a factor without evidence gets a neutral 3.
The frequency score is the credibility-weighted mention count ranked among the needs, in
fifths (ties share the average rank)."""


def _fifths(values: FloatArray) -> FloatArray:
    """Score 1–5 by average-rank percentile among the finite ``values``."""
    s = pd.Series(values)
    pct = (s.rank(method="average") - 0.5) / s.notna().sum()
    return np.asarray(np.minimum(np.floor(pct * 5) + 1, 5), dtype=np.float64)


def _trend_score(value: object) -> float:
    """Score a growth rate (0.3 = +30 %) or a trend word on 1–5."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _TREND_WORDS:
            return float(_TREND_WORDS[key])
        try:
            value = float(key.rstrip("%")) / (100.0 if key.endswith("%") else 1.0)
        except ValueError:
            raise ValueError(f"unknown trend {value!r}") from None
    g = float(value)  # type: ignore[arg-type]
    return 5.0 if g >= 0.5 else 4.0 if g >= 0.15 else 3.0 if g > -0.15 else 2.0 if g > -0.5 else 1.0


def _kano_letter(value: object) -> str | None:
    """KANO class letter of a value such as "M", "必备属性", "Must-be" or "M/O" (first part)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip():
        return None
    return KanoClass.parse(str(value).split("/")[0]).value


def _mean_round(*parts: FloatArray) -> FloatArray:
    """Round-half-up mean of the available parts; 3 where none is available."""
    stack = np.column_stack(parts)
    with np.errstate(invalid="ignore"):
        n = (~np.isnan(stack)).sum(axis=1)
        mean = np.nansum(stack, axis=1) / np.where(n > 0, n, 1)
    return np.where(n > 0, np.floor(mean + 0.5), 3.0)


def suggest_scores(
    evidence: pd.DataFrame,
    need: str = "need",
    frequency: str | None = "frequency",
    credibility: str | None = None,
    kano: str | None = None,
    segment_value: str | None = None,
    trend: str | None = None,
) -> pd.DataFrame:
    """Suggest the six 1–5 sub-scores from evidence (see ``SUGGESTION_RULES``); always editable."""
    cols = [need, frequency, credibility, kano, segment_value, trend]
    require_columns(evidence, cols)
    k = len(evidence)
    nan = np.full(k, np.nan)
    freq = nan
    if frequency is not None:
        counts = numeric(evidence[frequency], frequency)
        if credibility is not None:
            counts = counts * np.array([Credibility.parse(c).weight for c in evidence[credibility]])
        freq = _fifths(counts)
    letters = [_kano_letter(v) for v in evidence[kano]] if kano is not None else [None] * k

    def kmap(table: dict[str, int]) -> FloatArray:
        return np.array([table.get(c, np.nan) if c else np.nan for c in letters], dtype=float)

    seg = nan
    if segment_value is not None:
        v = numeric(evidence[segment_value], segment_value)
        in_scale = np.isnan(v) | ((v >= 1) & (v <= 5))
        seg = v if in_scale.all() else _fifths(v)
    tr = (
        np.array([_trend_score(t) for t in evidence[trend]], dtype=np.float64)
        if trend is not None
        else nan
    )
    out = pd.DataFrame({need: evidence[need].to_numpy()})
    out["customer_value"] = _mean_round(freq, kmap(_KANO_VALUE))
    out["business_impact"] = _mean_round(seg, freq)
    out["strategic_fit"] = _mean_round(kmap(_KANO_FIT))
    out["time_pressure"] = _mean_round(tr)
    out["market_opportunity"] = _mean_round(tr, kmap(_KANO_OPPORTUNITY))
    out["risk_avoidance"] = _mean_round(kmap(_KANO_RISK), freq)
    for factor in FACTORS:
        out[factor] = out[factor].astype(np.int64)
    used = [n for n, c in (("frequency", frequency), ("credibility", credibility),
                           ("kano", kano), ("segment_value", segment_value), ("trend", trend))
            if c is not None]  # fmt: skip
    out["basis"] = "suggested from " + (", ".join(used) if used else "no evidence (neutral 3)")
    return out


def apply_overrides(
    suggested: pd.DataFrame, overrides: pd.DataFrame, need: str = "need"
) -> pd.DataFrame:
    """Replace suggested sub-scores by user values (blank = keep); record what was overridden."""
    require_columns(suggested, [need, *FACTORS])
    require_columns(overrides, [need])
    if overrides[need].duplicated().any():
        raise ValueError("each need may be overridden once")
    unknown = set(overrides[need]) - set(suggested[need])
    if unknown:
        raise KeyError(f"override for unknown need(s): {', '.join(map(str, sorted(unknown)))}")
    out = suggested.copy()
    by_need = overrides.set_index(need)
    changed: list[list[str]] = [[] for _ in range(len(out))]
    for f in FACTORS:
        out[f"{f}_suggested"] = out[f]
        if f not in by_need.columns:
            continue
        new = pd.to_numeric(out[need].map(by_need[f]), errors="coerce")
        bad = new.notna() & ((new < 1) | (new > 5))
        if bool(bad.any()):
            raise ValueError(f"override {f} must be 1–5, got {new[bad].iloc[0]}")
        mask = new.notna() & (new != out[f])
        out.loc[mask, f] = new[mask]
        for i in np.flatnonzero(mask.to_numpy()):
            changed[i].append(f)
    out["overridden"] = [", ".join(c) for c in changed]
    return out


def template2(result: pd.DataFrame, need: str = "need", lang: Lang = "zh") -> pd.DataFrame:
    """Export as Template 2: 需求描述 / 重要性评分(1-5) / 紧急性评分(1-5) / 优先级分类."""
    require_columns(result, [need, "importance", "urgency", "priority"])

    def cell(score: float, note: object) -> str:
        text = f"{score:.1f}".rstrip("0").rstrip(".") if np.isfinite(score) else ""
        return f"{text}({note})" if isinstance(note, str) and note.strip() else text

    notes = {a: result.get(f"{a}_note", pd.Series([None] * len(result))) for a in
             ("importance", "urgency")}  # fmt: skip
    heads = (
        ("需求描述", "重要性评分(1-5)", "紧急性评分(1-5)", "优先级分类")
        if lang == "zh"
        else ("Need", "Importance (1-5)", "Urgency (1-5)", "Priority")
    )
    labels = PriorityClass.labels(lang)
    return pd.DataFrame(
        {
            heads[0]: result[need].to_numpy(),
            heads[1]: [cell(s, n) for s, n in zip(result["importance"], notes["importance"],
                                                   strict=True)],
            heads[2]: [cell(s, n) for s, n in zip(result["urgency"], notes["urgency"],
                                                   strict=True)],
            heads[3]: result["priority"].map(labels).to_numpy(),
        }
    )  # fmt: skip


__all__ = [
    "FACTORS",
    "IMPORTANCE_FACTORS",
    "SUGGESTION_RULES",
    "URGENCY_FACTORS",
    "PriorityRules",
    "apply_overrides",
    "classify_priority",
    "priority_matrix",
    "suggest_scores",
    "template2",
]
