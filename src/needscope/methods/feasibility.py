"""Need feasibility (需求可行性分析报告): resource fit, cost–benefit, risks → verdict and report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from needscope.methods._common import FloatArray, numeric, require_columns
from needscope.model.vocab import Feasibility, Lang

RISKS = ("technical_risk", "compliance_risk", "acceptance_risk")
"""技术瓶颈, 合规风险, 客户接受度 — each 1 (low) to 5 (high)."""
_RISK_NAMES = {"technical_risk": ("技术", "technical"), "compliance_risk": ("合规", "compliance"),
               "acceptance_risk": ("客户接受度", "customer acceptance")}  # fmt: skip
DEFAULT_RESOURCES: dict[str, tuple[str, str]] = {
    "people": ("people_required", "people_available"),
    "budget": ("budget_required", "budget_available"),
    "technology": ("tech_required", "tech_available"),
}
_RESOURCE_NAMES = {"people": "人员", "budget": "预算", "technology": "技术"}


@dataclass(frozen=True)
class FeasibilityRules:
    """Bars of the verdict; payback and horizon are in the benefit's period (e.g. months)."""

    horizon: float = 12.0
    fit_ok: float = 0.8
    fit_min: float = 0.5
    risk_ok: float = 3.0
    risk_max: float = 5.0


def _col(data: pd.DataFrame, name: str) -> FloatArray:
    """Numeric column, or NaN everywhere when absent."""
    return numeric(data[name], name) if name in data.columns else np.full(len(data), np.nan)


def feasibility(
    data: pd.DataFrame,
    need: str = "need",
    resources: Mapping[str, tuple[str, str]] | None = None,
    rules: FeasibilityRules = FeasibilityRules(),
    lang: Lang = "zh",
) -> pd.DataFrame:
    """Per need: resource fit (scarcest resource), payback, ROI, risks and a verdict with reasons."""
    require_columns(data, [need])
    res = dict(resources) if resources is not None else DEFAULT_RESOURCES
    out = pd.DataFrame({"need": data[need].to_numpy()})
    fits = {}
    for name, (req_col, avail_col) in res.items():
        req, avail = _col(data, req_col), _col(data, avail_col)
        if (req < 0).any() or (avail < 0).any():
            raise ValueError(f"{name}: required and available must not be negative")
        with np.errstate(invalid="ignore", divide="ignore"):
            fits[name] = np.where(req <= 0, 1.0, np.minimum(1.0, avail / req))
        out[f"fit_{name}"] = fits[name]
    fit_matrix = np.column_stack(list(fits.values())) if fits else np.full((len(data), 1), np.nan)
    has_fit = ~np.isnan(fit_matrix).all(axis=1)
    out["resource_fit"] = np.where(has_fit, np.nanmin(np.where(np.isnan(fit_matrix), np.inf,
                                                                fit_matrix), axis=1), np.nan)  # fmt: skip
    names = list(fits)
    out["bottleneck"] = [
        names[int(np.nanargmin(np.where(np.isnan(r), np.inf, r)))] if ok and names else None
        for r, ok in zip(fit_matrix, has_fit, strict=True)
    ]
    cost, benefit = _col(data, "cost"), _col(data, "benefit")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["cost"], out["benefit"] = cost, benefit
        out["payback"] = np.where(benefit > 0, cost / benefit, np.inf)
        out.loc[np.isnan(cost) | np.isnan(benefit), "payback"] = np.nan
        out["roi"] = (benefit * rules.horizon - cost) / cost
    risk = np.column_stack([_col(data, r) for r in RISKS])
    bad = ~np.isnan(risk) & ((risk < 1) | (risk > 5))
    if bad.any():
        raise ValueError(f"risks must be 1–5, got {risk[bad][0]:g}")
    for j, r in enumerate(RISKS):
        out[r] = risk[:, j]
    has_risk = ~np.isnan(risk).all(axis=1)
    out["risk_max"] = np.where(has_risk, np.nanmax(np.where(np.isnan(risk), -1, risk), axis=1),
                               np.nan)  # fmt: skip
    verdicts, reasons = [], []
    for rec in out.to_dict("records"):
        v, why = _judge({str(k): val for k, val in rec.items()}, rules, lang)
        verdicts.append(v.value)
        reasons.append("；".join(why) if lang == "zh" else "; ".join(why))
    out["verdict"] = verdicts
    out["verdict_label"] = out["verdict"].map(Feasibility.labels(lang))
    out["reasons"] = reasons
    return out


def _num(record: dict[str, object], key: str) -> float:
    """A record's value as float (NaN when missing or not a number)."""
    value = record.get(key)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _judge(
    row: dict[str, object], rules: FeasibilityRules, lang: Lang
) -> tuple[Feasibility, list[str]]:
    """Verdict and the reasons for one need."""
    zh = lang == "zh"
    fit, payback, risk_max = _num(row, "resource_fit"), _num(row, "payback"), _num(row, "risk_max")
    blocking, conditions = [], []
    if not np.isnan(fit):
        if fit < rules.fit_min:
            blocking.append(f"资源匹配度仅 {fit:.0%}" if zh else f"resource fit only {fit:.0%}")
        elif fit < rules.fit_ok:
            conditions.append(
                f"资源缺口（匹配度 {fit:.0%}）" if zh else f"resource gap (fit {fit:.0%})"
            )
    if not np.isnan(payback) and payback > rules.horizon:
        blocking.append(f"{rules.horizon:g} 期内无法回本" if zh
                        else f"no payback within {rules.horizon:g} periods")  # fmt: skip
    for r in RISKS:
        level = _num(row, r)
        name = _RISK_NAMES[r][0 if zh else 1]
        if level >= rules.risk_max:
            blocking.append(f"{name}风险极高" if zh else f"{name} risk very high")
        elif level > rules.risk_ok:
            conditions.append(f"{name}风险需管控" if zh else f"{name} risk needs mitigation")
    if np.isnan(fit) and np.isnan(payback) and np.isnan(risk_max):
        return Feasibility.CONDITIONAL, ["缺少评估数据" if zh else "no assessment data"]
    if blocking:
        return Feasibility.NOT_FEASIBLE, blocking + conditions
    if np.isnan(fit) and np.isnan(payback):  # "feasible" needs resources or cost–benefit known
        conditions.append(
            "资源与成本收益未评估" if zh else "resources and cost–benefit not assessed"
        )
    if conditions:
        return Feasibility.CONDITIONAL, conditions
    return Feasibility.FEASIBLE, []


def feasibility_report(result: pd.DataFrame, lang: Lang = "zh", unit: str = "") -> pd.DataFrame:
    """One short paragraph per need (需求可行性分析报告) from :func:`feasibility`."""
    require_columns(result, ["need", "verdict", "resource_fit", "payback", "roi", *RISKS])
    zh = lang == "zh"
    texts = []
    for rec in result.to_dict("records"):
        r = {str(k): v for k, v in rec.items()}
        label = Feasibility.parse(r["verdict"]).label(lang)
        parts = [f"【{r['need']}】结论：{label}。" if zh else f"{r['need']}: verdict: {label}. "]
        fit, neck = _num(r, "resource_fit"), r.get("bottleneck")
        if np.isfinite(fit):
            short = isinstance(neck, str) and fit < 1
            if zh:
                extra = f"（瓶颈：{_RESOURCE_NAMES.get(str(neck), str(neck))}）" if short else ""
                parts.append(f"资源匹配度 {fit:.0%}{extra}；")
            else:
                extra = f" (bottleneck: {neck})" if short else ""
                parts.append(f"resource fit {fit:.0%}{extra}; ")
        cost, benefit = _num(r, "cost"), _num(r, "benefit")
        payback, roi = _num(r, "payback"), _num(r, "roi")
        if np.isfinite(cost) and np.isfinite(benefit):
            pb = f"{payback:.1f}" if np.isfinite(payback) else "∞"
            parts.append(
                f"成本 {cost:g}{unit}，预期收益 {benefit:g}{unit}/期，回收期 {pb} 期，ROI {roi:.0%}；"
                if zh
                else f"cost {cost:g}{unit}, expected benefit {benefit:g}{unit}/period, "
                f"payback {pb} periods, ROI {roi:.0%}; "
            )
        levels = [(k, _num(r, k)) for k in RISKS if np.isfinite(_num(r, k))]
        if levels:
            joined = ("、" if zh else ", ").join(
                f"{_RISK_NAMES[k][0 if zh else 1]} {v:g}" for k, v in levels
            )
            parts.append(f"风险（1–5）：{joined}。" if zh else f"risks (1–5): {joined}. ")
        reasons = r.get("reasons")
        if isinstance(reasons, str) and reasons:
            parts.append(f"关注：{reasons}。" if zh else f"Attention: {reasons}.")
        texts.append("".join(parts).strip())
    return pd.DataFrame({"need": result["need"].to_numpy(), "report": texts})


__all__ = [
    "DEFAULT_RESOURCES",
    "RISKS",
    "Feasibility",
    "FeasibilityRules",
    "feasibility",
    "feasibility_report",
]
