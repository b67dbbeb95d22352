"""Method sections about the needs register: verification, priority matrix, feasibility."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from needscope.methods import (
    Verification,
    feasibility,
    feasibility_report,
    kano,
    priority_matrix,
    rfm,
    similarity,
    suggest_scores,
    verify_hours,
)
from needscope.model.vocab import Lang, NeedStatus, Verdict
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.report.methods_context import MethodData, method_data, skip, title, tr
from needscope.report.plots_methods import priority_figure, render_block
from needscope.report.plots_methods_bars import hours_figure
from needscope.report.registry import ReportContext
from needscope.report.sections_methods import (
    feasibility_section,
    priority_section,
    verification_section,
)
from needscope.services.survey import need_evidence_frame

_HOURS = re.compile(
    r"24\s*小时|24/7|24[- ]hours?|全天候|通宵|夜间|夜宵|深夜|凌晨|late[- ]night|overnight|night",
    re.I,
)
_NEW_STORE = re.compile(r"新店|新开|new stores?", re.I)
_CLOSED = {NeedStatus.REJECTED.value, NeedStatus.MERGED.value, NeedStatus.DONE.value}


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def active_needs(needs: pd.DataFrame) -> pd.DataFrame:
    """Needs still to act on: not rejected, merged or done, and not a constraint."""
    if needs.empty:
        return needs
    keep = ~needs["status"].isin(_CLOSED) & (needs["dimension"] != "constraint")
    return needs[keep].reset_index(drop=True)


# --------------------------------------------------------------------------- verification


def verifications(needs: pd.DataFrame, data: MethodData, lang: Lang) -> dict[int, Verification]:
    """Need id → verdict for each need about opening hours, tested against orders by hour."""
    orders = data.orders
    base = orders if not orders.empty else data.records[["ts", "channel"]]
    base = base.dropna(subset=["ts"]) if "ts" in base.columns else base.iloc[0:0]
    out: dict[int, Verification] = {}
    if base.empty or needs.empty:
        return out
    cohort = "store_cohort" in base.columns
    new_label = tr(lang, "新店", "New stores")
    for need in _rows(needs):
        text = f"{need['description']} {need['quote'] or ''}"
        if not _HOURS.search(text):
            continue
        frame, claim = base, str(need["description"])
        if cohort and _NEW_STORE.search(text) and (base["store_cohort"] == new_label).any():
            frame = base[base["store_cohort"] == new_label]
            claim += tr(lang, "（以新店订单检验）", " (tested on new-store orders)")
        out[int(need["id"])] = verify_hours(frame, "ts", claim=claim, lang=lang)
    return out


def build_verification(ctx: ReportContext) -> Section:
    """需求真实性验证: hours claims against orders by hour of day."""
    lang, data = ctx.lang, method_data(ctx)
    results = verifications(active_needs(ctx.needs), data, lang)
    if not results:
        return skip("verification", lang,
                    "登记表中没有可用行为数据检验的需求（如“24小时营业”对照分时订单），本节从略。",
                    "No need in the register can be tested against behaviour (e.g. 24-hour "
                    "service against orders by hour); section skipped.")  # fmt: skip
    section = verification_section(list(results.values()), lang)
    section.key, section.title = "verification", title("verification", lang)
    checked = iter(results.values())  # one hourly chart per result, in order
    blocks: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Chart):
            r = next(checked)
            block = render_block(partial(hours_figure, r.breakdown, r.claim, lang), r.claim)
        blocks.append(block)
    section.blocks = blocks
    tiles = [(tr(lang, f"夜间（22–06 时）占比，95% 区间 {100 * r.ci_low:.1f}–{100 * r.ci_high:.1f}%",
                 f"Night share (22–06 h), 95% CI {100 * r.ci_low:.1f}–{100 * r.ci_high:.1f}%"),
              f"{100 * r.share:.1f}%") for r in results.values()]  # fmt: skip
    section.blocks.insert(0, Metrics(tiles[:4]))
    return section


# --------------------------------------------------------------------------- evidence → scores


def _kano_classes(data: MethodData) -> dict[str, str]:
    """KANO attribute → overall class (Fong), when the survey has KANO pairs."""
    pairs = data.columns.kano
    if not pairs:
        return {}
    res = kano(
        data.survey, [p[1] for p in pairs], [p[2] for p in pairs], names=[p[0] for p in pairs]
    )
    return dict(zip(res["attribute"].astype(str), res["category_fong"].astype(str), strict=True))


def _monetary(data: MethodData) -> pd.Series:
    """Customer key → total spend in the orders (empty without orders)."""
    orders = data.orders.dropna(subset=["customer_key", "ts"]) if not data.orders.empty else None
    if orders is None or orders.empty:
        return pd.Series(dtype=float)
    table = rfm(orders, customer="customer_key", date="ts", amount="amount")
    return table.set_index("customer_key")["monetary"]


def evidence_table(ctx: ReportContext, needs: pd.DataFrame, data: MethodData) -> pd.DataFrame:
    """Per need: evidence count, credibility, matched KANO class, segment value and trend."""
    links = pd.DataFrame(columns=["need_id", "record_id"])
    store = getattr(ctx, "store", None)
    if store is not None:
        links = need_evidence_frame(store, ctx.slug)
    rec = data.records[["id", "ts", "customer_key"]].rename(columns={"id": "record_id"})
    ev = links.merge(rec, on="record_id", how="left")
    ts = pd.to_datetime(data.records["ts"], errors="coerce")
    middle = ts.min() + (ts.max() - ts.min()) / 2 if ts.notna().any() else None
    money = _monetary(data)
    classes = _kano_classes(data)
    rows: list[dict[str, Any]] = []
    for need in _rows(needs):
        mine = ev[ev["need_id"] == need["id"]]
        kano_attr, kano_class = None, None
        for attr, cls in classes.items():
            if similarity(attr, str(need["description"])) >= 0.99:
                kano_attr, kano_class = attr, cls
        keys = mine["customer_key"].dropna().unique()
        spend = money.reindex(keys).dropna()
        trend = np.nan
        dated = mine["ts"].dropna()
        if middle is not None and len(dated) >= 6:
            early, late = int((dated < middle).sum()), int((dated >= middle).sum())
            trend = (late - early) / max(early, 1)
        rows.append({"need": need["description"], "frequency": int(need["evidence_count"]),
                     "credibility": need["credibility"], "kano_attribute": kano_attr,
                     "kano": kano_class, "segment_value": spend.mean() if len(spend) >= 3 else np.nan,
                     "trend": trend})  # fmt: skip
    return pd.DataFrame(rows)


def _adjust(
    scores: pd.DataFrame, needs: pd.DataFrame, checks: dict[int, Verification], lang: Lang
) -> pd.DataFrame:
    """Use what the register and the checks know: core goals fit the strategy, refuted needs
    have little customer value; say so in ``adjustment``."""
    out = scores.copy()
    notes = []
    for i, need in enumerate(_rows(needs)):
        why = []
        if need["dimension"] == "core_goal":
            out.loc[i, ["business_impact", "strategic_fit"]] = 5
            why.append(tr(lang, "核心目标→业务影响、战略匹配 5",
                          "core goal → business impact, strategic fit 5"))  # fmt: skip
        check = checks.get(int(need["id"]))
        if check is not None and check.verdict == Verdict.CONTRADICTED.value:
            out.loc[i, ["customer_value", "market_opportunity"]] = 1
            why.append(tr(lang, "行为数据否定→客户价值、市场机会 1",
                          "contradicted by behaviour → customer value, opportunity 1"))  # fmt: skip
        notes.append("；".join(why) if lang == "zh" else "; ".join(why))
    out["adjustment"] = notes
    return out


def build_priority(ctx: ReportContext) -> Section:
    """Template 2 with sub-scores suggested from the evidence, and the 2×2 matrix."""
    lang, data = ctx.lang, method_data(ctx)
    needs = active_needs(ctx.needs)
    if needs.empty:
        return skip("priority", lang, "需求登记表中还没有待评估的需求，本节从略。",
                    "No open need in the register yet; section skipped.")  # fmt: skip
    evidence = evidence_table(ctx, needs, data)
    has = {c: evidence[c].notna().any() for c in ("kano", "segment_value", "trend")}
    scores = suggest_scores(evidence, need="need", frequency="frequency", credibility="credibility",
                            kano="kano" if has["kano"] else None,
                            segment_value="segment_value" if has["segment_value"] else None,
                            trend="trend" if has["trend"] else None)  # fmt: skip
    scores = _adjust(scores, needs, verifications(needs, data, lang), lang)
    result = priority_matrix(scores, need="need", lang=lang)
    section = priority_section(result, "need", lang)
    section.key, section.title = "priority", title("priority", lang)
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]  # the 2×2 shows it
    now = result[result["priority"] == "now"]["need"].tolist()
    sep = "、" if lang == "zh" else ", "
    section.blocks[0:0] = [
        Text(tr(lang, "各子项评分（1–5）由证据自动建议：频次=证据条数（按可信度加权后分五档），"
                      "KANO 类别来自问卷中同名属性，客户价值=证据所涉会员的订单金额，"
                      "趋势=证据在后半期相对前半期的增长；核心目标的业务影响与战略匹配记 5 分，"
                      "被行为数据否定的需求其客户价值与市场机会记 1 分。建议值可人工调整；"
                      "目前尚无保存人工调整的位置，表中均为建议值。",
                "Sub-scores (1–5) are suggested from the evidence: frequency = evidence count "
                "(credibility-weighted, in fifths), KANO class from the survey attribute of the "
                "same name, segment value = order spend of the members in the evidence, trend = "
                "growth of evidence in the later half. All values shown are suggestions; there is "
                "no store for manual overrides yet. A core goal gets business impact and strategic fit 5; a need "
                "contradicted by behaviour gets customer value and market opportunity 1.")),
        Text(tr(lang, f"建议立即执行：{sep.join(now)}。" if now else "暂无需立即执行的需求。",
                f"Do now: {sep.join(now)}." if now else "No need to do now.")),
    ]  # fmt: skip
    section.blocks.insert(
        4,
        render_block(
            lambda: priority_figure(result, "need", lang=lang),
            tr(lang, "重要性–紧急性矩阵", "Priority matrix"),
        ),
    )
    shown = evidence.copy()
    pattern = "{}（{}）" if lang == "zh" else "{} ({})"
    pairs = zip(evidence["kano"], evidence["kano_attribute"], strict=True)
    shown["kano"] = pd.Series([pattern.format(k, a) if isinstance(k, str) else None
                               for k, a in pairs], index=evidence.index, dtype=object)  # fmt: skip
    section.blocks.append(Table(shown.drop(columns=["kano_attribute"]),
                                caption=tr(lang, "评分依据：证据", "Evidence per need"),
                                sheet=tr(lang, "评分依据", "Evidence")))  # fmt: skip
    section.blocks.append(Table(scores.drop(columns=["basis"]),
                                caption=tr(lang, "建议子项评分（1–5）", "Suggested sub-scores (1–5)"),
                                sheet=tr(lang, "子项评分", "Sub-scores")))  # fmt: skip
    return section


# --------------------------------------------------------------------------- feasibility

_ACCEPTANCE = {Verdict.CONTRADICTED.value: 5.0, Verdict.WEAK.value: 3.0,
               Verdict.SUPPORTED.value: 1.0}  # fmt: skip
_KANO_ACCEPTANCE = {"R": 5.0, "I": 3.0, "A": 2.0, "O": 1.0, "M": 1.0}


def build_feasibility(ctx: ReportContext) -> Section:
    """需求可行性分析报告 from what the data says; missing inputs are named, not invented."""
    lang, data = ctx.lang, method_data(ctx)
    needs = active_needs(ctx.needs)
    if needs.empty:
        return skip("feasibility", lang, "需求登记表中还没有待评估的需求，本节从略。",
                    "No open need in the register yet; section skipped.")  # fmt: skip
    checks = verifications(needs, data, lang)
    classes = _kano_classes(data)
    risk, basis = [], []
    for need in _rows(needs):
        v = checks.get(int(need["id"]))
        cls = next((c for a, c in classes.items()
                    if similarity(a, str(need["description"])) >= 0.99), None)  # fmt: skip
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
    budget = ctx.project.get("budget")
    frame = pd.DataFrame({"need": needs["description"].to_numpy(), "acceptance_risk": risk})
    result = feasibility(frame, need="need", lang=lang)
    report = feasibility_report(result, lang)
    result = result.dropna(axis=1, how="all")
    gap = tr(
        lang,
        "成本、预期收益、资源需求及技术/合规风险尚未录入（登记表暂无这些字段），结论待补充后更新。",
        "Cost, expected benefit, resource needs and technical / compliance risks are not "
        "recorded yet (the register has no such fields); update the verdict once they are.",
    )
    report["report"] = [(f"{t} {b}。" if lang == "zh" else f"{t} {b}.") if b else t
                        for t, b in zip(report["report"], basis, strict=True)]  # fmt: skip
    known = np.isfinite(np.asarray(risk, dtype=float))
    section = feasibility_section(result, report[known], lang)
    section.key, section.title = "feasibility", title("feasibility", lang)
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]
    blocks: list[Block] = [Text(gap)]
    if not known.all():
        sep = "、" if lang == "zh" else ", "
        names = sep.join(needs["description"][~known].astype(str))
        blocks.append(
            Text(
                tr(
                    lang,
                    f"尚无任何评估依据（暂列有条件可行）：{names}。",
                    f"No assessment input yet (conditional for now): {names}.",
                )
            )
        )
    if budget:
        blocks.append(Text(tr(lang, f"项目预算：{float(str(budget)):,.0f} 元。",
                              f"Project budget: {float(str(budget)):,.0f}.")))  # fmt: skip
    section.blocks[0:0] = blocks
    return section


__all__ = [
    "active_needs",
    "build_feasibility",
    "build_priority",
    "build_verification",
    "evidence_table",
    "verifications",
]
