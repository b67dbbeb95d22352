"""Method section 需求可行性分析报告: stored inputs per need plus what the data says."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from needscope.methods import feasibility, feasibility_report, similarity
from needscope.model.vocab import Lang, Verdict
from needscope.report.blocks import Block, Chart, Section, Text
from needscope.report.builtin_methods_needs import (
    _kano_classes,
    active_needs,
    stored_column,
    verifications,
)
from needscope.report.methods_context import method_data, skip, title, tr
from needscope.report.registry import ReportContext
from needscope.report.sections_methods import feasibility_section
from needscope.services.register import FEASIBILITY_INPUTS

_ACCEPTANCE = {Verdict.CONTRADICTED.value: 5.0, Verdict.WEAK.value: 3.0,
               Verdict.SUPPORTED.value: 1.0}  # fmt: skip
_KANO_ACCEPTANCE = {"R": 5.0, "I": 3.0, "A": 2.0, "O": 1.0, "M": 1.0}
_BOTTLENECK = {"people": "人员", "budget": "预算", "technology": "技术"}


def derived_acceptance(needs: pd.DataFrame, ctx: ReportContext) -> tuple[list[float], list[str]]:
    """Customer-acceptance risk (1–5) per need from the verification verdict, else KANO."""
    lang, data = ctx.lang, method_data(ctx)
    checks = verifications(needs, data, lang)
    classes = _kano_classes(data)
    risk: list[float] = []
    basis: list[str] = []
    for nid, text in zip(needs["id"], needs["description"], strict=True):
        v = checks.get(int(nid))
        cls = next((c for a, c in classes.items() if similarity(a, str(text)) >= 0.99), None)
        if v is not None:
            risk.append(_ACCEPTANCE[v.verdict])
            basis.append(tr(lang, f"客户接受度依据需求真实性验证：{Verdict.of(v.verdict).label(lang)}"
                                  f"（相关时段占 {100 * v.share:.1f}%）",
                            f"acceptance from the verification: {Verdict.of(v.verdict).label(lang)} "
                            f"({100 * v.share:.1f}% in the window)"))  # fmt: skip
        elif cls is not None:
            risk.append(_KANO_ACCEPTANCE.get(cls[0], np.nan))
            basis.append(
                tr(lang, f"客户接受度依据 KANO 类别 {cls}", f"acceptance from KANO class {cls}")
            )
        else:
            risk.append(np.nan)
            basis.append("")
    return risk, basis


def feasibility_inputs(needs: pd.DataFrame, ctx: ReportContext) -> tuple[pd.DataFrame, list[str]]:
    """The frame given to :func:`feasibility`: stored inputs, with the derived acceptance risk
    where none was entered; and the basis of each derived acceptance risk."""
    derived, basis = derived_acceptance(needs, ctx)
    entered = stored_column(needs, "feasibility")
    frame = pd.DataFrame({"need": needs["description"].astype(str).to_numpy()})
    for key in FEASIBILITY_INPUTS:
        frame[key] = [float(e[key]) if e.get(key) is not None else np.nan for e in entered]
    own = frame["acceptance_risk"].notna().to_numpy()
    frame["acceptance_risk"] = np.where(own, frame["acceptance_risk"], derived)
    lang = ctx.lang
    note = tr(lang, "客户接受度为人工评估", "acceptance risk entered by a person")
    basis = [note if o else b for o, b in zip(own, basis, strict=True)]
    return frame, basis


def build_feasibility(ctx: ReportContext) -> Section:
    """需求可行性分析报告 from the stored inputs and the data; missing inputs are named."""
    lang = ctx.lang
    needs = active_needs(ctx.needs)
    if needs.empty:
        return skip("feasibility", lang, "需求登记表中还没有待评估的需求，本节从略。",
                    "No open need in the register yet; section skipped.")  # fmt: skip
    frame, basis = feasibility_inputs(needs, ctx)
    result = feasibility(frame, need="need", lang=lang)
    report = feasibility_report(result, lang, unit=tr(lang, " 元", ""))
    report["report"] = [(f"{t} {b}。" if lang == "zh" else f"{t} {b}.") if b else t
                        for t, b in zip(report["report"], basis, strict=True)]  # fmt: skip
    entered = np.array([bool(e) for e in stored_column(needs, "feasibility")])
    known = entered | frame["acceptance_risk"].notna().to_numpy()
    report["report"] = [_months(t, lang) for t in report["report"]]
    section = feasibility_section(_shown(result, known, lang), report[known], lang)
    section.key, section.title = "feasibility", title("feasibility", lang)
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]
    section.blocks[0:0] = _notes(needs, result, entered, known, ctx)
    return section


_MONTHS = {"zh": ((r"(\d) 期", r"\1 个月"), (r"/期", "/月"), (r"期内", "个月内")),
           "en": ((r"periods", "months"), (r"/period", "/month"))}  # fmt: skip
_SHOWN = ("need", "verdict", "verdict_label", "resource_fit", "bottleneck", "cost", "benefit",
          "payback", "roi", "technical_risk", "compliance_risk", "acceptance_risk", "reasons")  # fmt: skip


def _months(text: str, lang: Lang) -> str:
    """Say months where the method says periods (benefits are entered per month)."""
    for pattern, repl in _MONTHS[lang]:
        text = re.sub(pattern, repl, text)
    return text


def _shown(result: pd.DataFrame, known: np.ndarray, lang: Lang) -> pd.DataFrame:
    """The table: assessed needs only, main columns, a bottleneck only where a resource is short."""
    shown = result[known].reset_index(drop=True)
    shown = shown[[c for c in _SHOWN if c in shown.columns]].dropna(axis=1, how="all")
    if "bottleneck" in shown.columns:
        short = pd.to_numeric(shown["resource_fit"], errors="coerce") < 1
        names = shown["bottleneck"].map(lambda b: _BOTTLENECK.get(b, b) if lang == "zh" else b)
        shown["bottleneck"] = names.where(short, None)
    shown["reasons"] = [_months(str(r), lang) for r in shown["reasons"]]
    return shown


def _notes(
    needs: pd.DataFrame,
    result: pd.DataFrame,
    entered: np.ndarray,
    known: np.ndarray,
    ctx: ReportContext,
) -> list[Block]:
    """How the inputs were obtained, which needs lack them, and the costs against the budget."""
    lang: Lang = ctx.lang
    sep = "、" if lang == "zh" else ", "
    blocks: list[Block] = [Text(tr(
        lang,
        "成本、预期收益（按月）、资源需求与可用量、技术/合规/客户接受度风险（1–5）由项目组录入"
        "（needscope needs feasibility）；客户接受度未录入时依据需求真实性验证或 KANO 类别推定。"
        "回收期以月计，ROI 按 12 个月计算；资源匹配度取最紧缺的一项。",
        "Cost, expected benefit (per month), resources required and available, and technical / "
        "compliance / acceptance risks (1–5) are entered by the team (needscope needs "
        "feasibility); without an entry, acceptance risk comes from the verification or the KANO "
        "class. Payback is in months, ROI over 12 months; resource fit is the scarcest resource.",
    ))]  # fmt: skip
    missing = needs["description"][~entered].astype(str).tolist()
    if missing:
        blocks.append(Text(tr(lang, f"尚未录入成本、收益、资源与风险：{sep.join(missing)}。",
                              f"No cost, benefit, resource or risk entered yet: "
                              f"{sep.join(missing)}.")))  # fmt: skip
    if not known.all() and (~known).sum() < len(missing):
        names = sep.join(needs["description"][~known].astype(str))
        blocks.append(Text(tr(lang, f"尚无任何评估依据（暂列有条件可行）：{names}。",
                              f"No assessment input yet (conditional for now): {names}.")))  # fmt: skip
    budget = ctx.project.get("budget")
    if budget:
        total = float(str(budget))
        costs = pd.to_numeric(result["cost"], errors="coerce")
        line = tr(lang, f"项目预算：{total:,.0f} 元。", f"Project budget: {total:,.0f}.")
        if costs.notna().any():
            spent = float(costs.sum())
            line += tr(
                lang,
                f"已录入成本合计 {spent:,.0f} 元，占预算 {spent / total:.0%}。",
                f" Entered costs total {spent:,.0f}, {spent / total:.0%} of the budget.",
            )
        blocks.append(Text(line))
    return blocks


__all__ = ["build_feasibility", "derived_acceptance", "feasibility_inputs"]
