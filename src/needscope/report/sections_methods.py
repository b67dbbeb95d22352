"""Report sections for the analysis methods: result tables in, titled blocks (and SVGs) out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from needscope.methods.fivewhy import FiveWhy
from needscope.methods.verify import Verification
from needscope.model.vocab import (
    IpaQuadrant,
    KanoClass,
    Lang,
    ServqualDimension,
    Verdict,
    ZonePosition,
)
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.report.plots_methods import ipa_plot_svg, kano_plot_svg, priority_matrix_svg


def _t(lang: Lang, zh: str, en: str) -> str:
    """Pick the text in ``lang``."""
    return zh if lang == "zh" else en


def _fmt(value: float, digits: int = 2) -> str:
    """Format a number for a headline tile; NaN shows as a dash."""
    return "–" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


# --------------------------------------------------------------------------- KANO


def kano_section(result: pd.DataFrame, lang: Lang = "zh") -> Section:
    """KANO section from :func:`needscope.methods.kano`: table, category shares chart."""
    frame = result.copy()
    labels = {m.value: m.label(lang) for m in KanoClass}
    frame["category_label"] = frame["category"].map(labels).fillna(frame["category"])
    share_cols = [f"share_{c}" for c in "AOMIRQ" if f"share_{c}" in frame.columns]
    x = "attribute"
    chart_data = frame[[x, *share_cols]].copy()
    if "segment" in frame.columns:
        chart_data[x] = frame["segment"].astype(str) + " · " + frame["attribute"].astype(str)
    chart_data = chart_data.rename(columns={f"share_{c}": labels[c] for c in "AOMIRQ"})
    blocks: list[Block] = [
        Text(
            _t(
                lang,
                "KANO 分类按 Berger 规则确定；Better=(A+O)/(A+O+M+I)，Worse=−(O+M)/(A+O+M+I)；"
                "Fong 检验不显著时给出混合类别（如 M/O）。",
                "Categories by Berger's rule; Better=(A+O)/(A+O+M+I), "
                "Worse=−(O+M)/(A+O+M+I); a mixed category (e.g. M/O) where Fong's test "
                "is not significant.",
            )
        ),
        Table(frame, caption=_t(lang, "KANO 结果", "KANO results"), sheet="KANO"),
        Chart(
            "stacked_bar",
            chart_data,
            x=x,
            y=[labels[c] for c in "AOMIRQ" if f"share_{c}" in frame.columns],
            title=_t(lang, "各属性的 KANO 类别构成", "KANO category shares per attribute"),
            ylabel=_t(lang, "占比", "Share"),
        ),
    ]
    return Section("kano", _t(lang, "KANO 模型分析", "KANO analysis"), blocks)


# --------------------------------------------------------------------------- satisfaction


def metrics_section(
    nps_table: pd.DataFrame | None = None,
    csat_table: pd.DataFrame | None = None,
    ces_table: pd.DataFrame | None = None,
    lang: Lang = "zh",
) -> Section:
    """NPS / CSAT / CES tiles, tables and charts by segment or period."""
    blocks: list[Block] = [Text(_t(lang, NPS_NOTE_ZH, NPS_NOTE_EN))]
    tiles: list[tuple[str, str]] = []
    for name, table, value in (
        ("NPS", nps_table, "nps"),
        ("CSAT", csat_table, "csat"),
        ("CES", ces_table, "mean"),
    ):
        if table is None or table.empty:
            continue
        keys = [c for c in table.columns if c not in _METRIC_VALUE_COLUMNS]
        if not keys:
            row = table.iloc[0]
            lo, hi = _ci_columns(value)
            tiles.append((name, f"{_fmt(row[value], 1)} [{_fmt(row[lo], 1)}, {_fmt(row[hi], 1)}]"))
        blocks.append(Table(table, caption=name, sheet=name))
        if len(keys) == 1:
            chart = table.assign(**{keys[0]: table[keys[0]].astype(str)})
            blocks.append(
                Chart("bar", chart, x=keys[0], y=[value], ylabel=name,
                      title=_t(lang, f"{name} 分组对比", f"{name} by group"))
            )  # fmt: skip
        elif len(keys) == 2:
            wide = table.pivot_table(index=keys[1], columns=keys[0], values=value)
            wide.columns = [str(c) for c in wide.columns]
            chart = wide.reset_index()
            chart[keys[1]] = chart[keys[1]].astype(str)
            blocks.append(
                Chart("line", chart, x=keys[1], y=list(wide.columns), ylabel=name,
                      title=_t(lang, f"{name} 趋势（按细分）", f"{name} over time by segment"))
            )  # fmt: skip
    if tiles:
        blocks.insert(1, Metrics(tiles))
    return Section("satisfaction", _t(lang, "满意度指标", "Satisfaction metrics"), blocks)


NPS_NOTE_ZH = (
    "NPS = 推荐者(9–10分)占比 − 贬损者(0–6分)占比；被动者(7–8分)计入分母。方括号为 95% 区间。"
)
NPS_NOTE_EN = (
    "NPS = % promoters (9–10) − % detractors (0–6); passives (7–8) count in the base. "
    "Brackets show 95% intervals."
)
_METRIC_VALUE_COLUMNS = {
    "n", "promoters", "passives", "detractors", "pct_promoters", "pct_passives",
    "pct_detractors", "nps", "se", "ci_low", "ci_high", "mean", "sd", "mean_ci_low",
    "mean_ci_high", "csat_n", "csat", "csat_ci_low", "csat_ci_high", "low_effort_n",
    "low_effort", "low_effort_ci_low", "low_effort_ci_high",
}  # fmt: skip


def _ci_columns(value: str) -> tuple[str, str]:
    """Interval columns of a metric column."""
    return ("ci_low", "ci_high") if value == "nps" else (f"{value}_ci_low", f"{value}_ci_high")


# --------------------------------------------------------------------------- SERVQUAL and gaps


def servqual_section(
    items: pd.DataFrame,
    dimensions: pd.DataFrame | None = None,
    score: pd.DataFrame | None = None,
    lang: Lang = "zh",
) -> Section:
    """SERVQUAL gaps per item and dimension; bar charts (by segment when present)."""
    dim_labels = ServqualDimension.labels(lang)
    blocks: list[Block] = [
        Text(_t(lang, "差距 = 感知 − 期望；负值表示服务未达到顾客期望。",
                "Gap = perception − expectation; negative means the service falls short."))
    ]  # fmt: skip
    if score is not None and not score.empty and "segment" not in score.columns:
        row = score.iloc[0]
        blocks.append(Metrics([(_t(lang, "SQ（未加权）", "SQ (unweighted)"),
                                _fmt(row["sq_unweighted"])),
                               (_t(lang, "SQ（加权）", "SQ (weighted)"),
                                _fmt(row["sq_weighted"]))]))  # fmt: skip
    for table, key, sheet, caption in (
        (items, "item", "SERVQUAL items", _t(lang, "各题项差距", "Gap per item")),
        (dimensions, "dimension", "SERVQUAL dims", _t(lang, "各维度差距", "Gap per dimension")),
    ):
        if table is None or table.empty:
            continue
        frame = table.copy()
        if "dimension" in frame.columns:
            frame["dimension_label"] = frame["dimension"].map(dim_labels).fillna(frame["dimension"])
        blocks.append(Table(frame, caption=caption, sheet=sheet))
        x = "dimension_label" if key == "dimension" else "item"
        frame[x] = frame[x].astype(str)
        if "segment" in frame.columns:
            wide = frame.pivot_table(index=x, columns="segment", values="gap", sort=False)
            wide.columns = [str(c) for c in wide.columns]
            blocks.append(Chart("bar", wide.reset_index(), x=x, y=list(wide.columns),
                                title=_t(lang, f"{caption}（按细分）", f"{caption} by segment"),
                                ylabel=_t(lang, "差距", "Gap")))  # fmt: skip
        else:
            blocks.append(Chart("bar", frame, x=x, y=["gap"], title=caption,
                                ylabel=_t(lang, "差距", "Gap")))  # fmt: skip
    return Section("servqual", _t(lang, "SERVQUAL 服务质量差距", "SERVQUAL gaps"), blocks)


def zone_section(zone: pd.DataFrame, lang: Lang = "zh") -> Section:
    """Zone of tolerance: adequate, desired and perceived levels per item."""
    frame = zone.copy()
    frame["position_label"] = frame["position"].map(ZonePosition.labels(lang))
    chart = frame.assign(item=frame["item"].astype(str))
    names = {"adequate": _t(lang, "适当服务", "Adequate"), "desired": _t(lang, "理想服务", "Desired"),
             "perception": _t(lang, "感知", "Perceived")}  # fmt: skip
    chart = chart.rename(columns=names)
    blocks: list[Block] = [
        Table(frame, caption=_t(lang, "容忍区", "Zone of tolerance"), sheet="Zone of tolerance"),
        Chart("bar", chart, x="item", y=list(names.values()),
              title=_t(lang, "容忍区与感知水平", "Zone of tolerance and perception")),
    ]  # fmt: skip
    return Section("zone", _t(lang, "容忍区分析", "Zone of tolerance"), blocks)


def gap_table_section(gaps: pd.DataFrame, lang: Lang = "zh") -> Section:
    """Seed 002 quantified gap table (指标 / 客户期望值 / 实际服务水平 / 差距值)."""
    heads = {"metric": _t(lang, "指标", "Metric"), "expected": _t(lang, "客户期望值", "Expected"),
             "actual": _t(lang, "实际服务水平", "Actual"), "unit": _t(lang, "单位", "Unit"),
             "gap_text": _t(lang, "差距值", "Gap"),
             "management": _t(lang, "管理层假设", "Management assumption"),
             "competitor": _t(lang, "竞争对手", "Competitor"),
             "gap_vs_competitor_text": _t(lang, "与竞争对手差距", "Gap vs competitor"),
             "baseline": _t(lang, "目标陈述的现状", "Stated baseline"),
             "basis": _t(lang, "实际值口径", "How the actual is measured")}  # fmt: skip
    heads = {"metric": heads.pop("metric"), "segment": _t(lang, "细分", "Segment"), **heads}
    cols = [c for c in heads if c in gaps.columns]
    table = gaps[cols].rename(columns=heads)
    blocks: list[Block] = [Table(table, caption=_t(lang, "量化服务差距", "Quantified gaps"),
                                 sheet="Gap table")]  # fmt: skip
    short = gaps[gaps["meets"] == False]  # noqa: E712 - object column with None
    if not short.empty:
        metrics = list(dict.fromkeys(map(str, short["metric"])))
        names = ("、" if lang == "zh" else ", ").join(metrics)
        blocks.insert(0, Text(_t(lang, f"未达期望的指标：{names}。", f"Falling short: {names}.")))
    return Section("gap_table", _t(lang, "服务差距量化", "Quantified service gaps"), blocks)


# --------------------------------------------------------------------------- IPA and drivers


def ipa_section(result: pd.DataFrame, lang: Lang = "zh") -> Section:
    """IPA table and quadrant counts (the scatter is :func:`ipa_plot_svg`)."""
    counts = result.groupby("quadrant_label", observed=True).size().rename("n").reset_index()
    blocks: list[Block] = [
        Table(result, caption=_t(lang, "重要性–表现分析", "Importance–performance"), sheet="IPA"),
        Chart("bar", counts, x="quadrant_label", y=["n"],
              title=_t(lang, "各象限题项数", "Items per quadrant")),
    ]  # fmt: skip
    focus = result[result["quadrant"] == IpaQuadrant.CONCENTRATE.value]["item"].astype(str)
    if not focus.empty:
        sep = "、" if lang == "zh" else ", "
        blocks.insert(0, Text(_t(lang, f"集中改进：{sep.join(focus)}。",
                                 f"Concentrate here: {sep.join(focus)}.")))  # fmt: skip
    return Section("ipa", _t(lang, "重要性–表现分析（IPA）", "Importance–performance analysis"),
                   blocks)  # fmt: skip


def drivers_section(result: pd.DataFrame, lang: Lang = "zh") -> Section:
    """Key drivers: relative weights (% of R²) chart and table."""
    r2 = float(result["r2"].iloc[0]) if "r2" in result.columns else float("nan")
    chart = result.sort_values("rescaled_weight").assign(
        predictor=lambda d: d["predictor"].astype(str)
    )
    blocks: list[Block] = [
        Metrics([("R²", _fmt(r2, 3))]),
        Table(result, caption=_t(lang, "关键驱动因素", "Key drivers"), sheet="Drivers"),
        Chart("barh", chart, x="predictor", y=["rescaled_weight"],
              title=_t(lang, "相对权重（占 R² 的 %）", "Relative weight (% of R²)")),
    ]  # fmt: skip
    return Section("drivers", _t(lang, "关键驱动因素分析", "Key driver analysis"), blocks)


# --------------------------------------------------------------------------- priority, feasibility


def priority_section(result: pd.DataFrame, need: str = "need", lang: Lang = "zh") -> Section:
    """Template 2 table and class counts (the 2×2 chart is :func:`priority_matrix_svg`)."""
    from needscope.methods.priority import template2

    counts = result.groupby("priority_label", observed=True).size().rename("n").reset_index()
    blocks: list[Block] = [
        Table(template2(result, need, lang), caption=_t(lang, "需求优先级评估矩阵", "Priority matrix"),
              sheet=_t(lang, "需求优先级", "Priority")),
        Chart("bar", counts, x="priority_label", y=["n"],
              title=_t(lang, "各优先级需求数", "Needs per priority class")),
    ]  # fmt: skip
    if "overridden" in result.columns:
        blocks.append(Table(result, caption=_t(lang, "评分明细（含人工调整）", "Scores and overrides"),
                            sheet=_t(lang, "评分明细", "Scores")))  # fmt: skip
    return Section("priority", _t(lang, "需求优先级", "Need priorities"), blocks)


def feasibility_section(
    result: pd.DataFrame, report: pd.DataFrame | None = None, lang: Lang = "zh"
) -> Section:
    """需求可行性分析报告: one paragraph per need and the numbers behind it."""
    blocks: list[Block] = []
    if report is not None:
        blocks.extend(Text(str(t)) for t in report["report"])
    blocks.append(Table(result, caption=_t(lang, "可行性评估", "Feasibility"),
                        sheet=_t(lang, "可行性", "Feasibility")))  # fmt: skip
    counts = result.groupby("verdict_label", observed=True).size().rename("n").reset_index()
    blocks.append(Chart("pie", counts, x="verdict_label", y=["n"],
                        title=_t(lang, "可行性结论分布", "Verdicts")))  # fmt: skip
    return Section("feasibility", _t(lang, "需求可行性分析报告", "Need feasibility report"), blocks)


# --------------------------------------------------------------------------- complaints, RFM


def complaints_section(
    pareto_table: pd.DataFrame, trend: pd.DataFrame | None = None, lang: Lang = "zh"
) -> Section:
    """Pareto of complaint causes (the vital few) and the trend by period."""
    few = pareto_table[pareto_table["vital_few"]]
    share = float(few["share"].sum()) if not few.empty else 0.0
    sep = "、" if lang == "zh" else ", "
    names = sep.join(map(str, few["cause"]))
    chart = pareto_table.assign(cause=pareto_table["cause"].astype(str),
                                cum_pct=100 * pareto_table["cum_share"])  # fmt: skip
    blocks: list[Block] = [
        Text(_t(lang, f"{len(few)} 个原因占投诉的 {share:.0%}：{names}。",
                f"{len(few)} causes make {share:.0%} of complaints: {names}.")),
        Table(pareto_table, caption=_t(lang, "投诉帕累托", "Complaint Pareto"), sheet="Pareto"),
        Chart("bar", chart, x="cause", y=["count"], title=_t(lang, "投诉原因", "Causes")),
        Chart("line", chart, x="cause", y=["cum_pct"],
              title=_t(lang, "累计占比（%）", "Cumulative share (%)")),
    ]  # fmt: skip
    if trend is not None and not trend.empty:
        by = [c for c in trend.columns if c not in ("period", "count", "share")]
        if by:
            wide = trend.pivot_table(index="period", columns=by[0], values="count", fill_value=0)
            wide.columns = [str(c) for c in wide.columns]
            data, y = wide.reset_index(), list(wide.columns)
        else:
            data, y = trend, ["count"]
        blocks.append(Table(trend, caption=_t(lang, "投诉趋势", "Trend"), sheet="Complaint trend"))
        blocks.append(Chart("line", data, x="period", y=y,
                            title=_t(lang, "投诉趋势", "Complaints by period")))  # fmt: skip
    return Section("complaints", _t(lang, "投诉分析", "Complaint analysis"), blocks)


def rfm_section(profile: pd.DataFrame, lang: Lang = "zh") -> Section:
    """RFM segment profile, customers per segment and revenue share."""
    chart = profile.assign(segment_label=profile["segment_label"].astype(str))
    blocks: list[Block] = [
        Text(_t(lang, RFM_NOTE_ZH, RFM_NOTE_EN)),
        Table(profile, caption=_t(lang, "RFM 客户分群", "RFM segments"), sheet="RFM"),
        Chart("barh", chart, x="segment_label", y=["customers"],
              title=_t(lang, "各分群客户数", "Customers per segment")),
        Chart("pie", chart[chart["monetary_total"] > 0], x="segment_label", y=["monetary_total"],
              title=_t(lang, "各分群销售额占比", "Revenue by segment")),
    ]  # fmt: skip
    return Section("rfm", _t(lang, "RFM 客户价值分析", "RFM analysis"), blocks)


RFM_NOTE_ZH = "R/F/M 按五分位打分（近度反向，并列值同分）；分群依据 R 分与 F/M 平均分。"
RFM_NOTE_EN = (
    "R, F and M are scored in quintiles (recency reversed, ties share a score); segments use "
    "the R score and the mean of F and M."
)


# --------------------------------------------------------------------------- verification, 5-Why


def verification_section(results: list[Verification], lang: Lang = "zh") -> Section:
    """Need verification: verdicts, evidence and the hourly profile behind each."""
    blocks: list[Block] = [Text(f"{Verdict.parse(r.verdict).label(lang)} — {r.evidence}")
                           for r in results]  # fmt: skip
    if results:
        summary = pd.concat([r.to_frame() for r in results], ignore_index=True)
        blocks.append(Table(summary, caption=_t(lang, "需求真实性验证", "Need verification"),
                            sheet=_t(lang, "需求验证", "Verification")))  # fmt: skip
    for r in results:
        if not r.breakdown.empty and "hour" in r.breakdown.columns:
            data = r.breakdown.assign(hour=r.breakdown["hour"].map(lambda h: f"{h:02d}"))
            blocks.append(Chart("bar", data, x="hour", y=["count"], title=r.claim,
                                xlabel=_t(lang, "小时", "Hour")))  # fmt: skip
    return Section("verification", _t(lang, "需求真实性验证", "Need verification"), blocks)


def fivewhy_section(trees: list[FiveWhy], lang: Lang = "zh") -> Section:
    """5-Why trees as text and one table of all nodes."""
    blocks: list[Block] = [Text(t.render(lang)) for t in trees]
    if trees:
        frame = pd.concat([t.to_frame() for t in trees], ignore_index=True)
        blocks.append(Table(frame, caption=_t(lang, "5-Why 根因", "5-Why root causes"),
                            sheet="5-Why"))  # fmt: skip
    return Section("fivewhy", _t(lang, "5-Why 根因分析", "5-Why root-cause analysis"), blocks)


__all__ = [
    "complaints_section",
    "drivers_section",
    "feasibility_section",
    "fivewhy_section",
    "gap_table_section",
    "ipa_plot_svg",
    "ipa_section",
    "kano_plot_svg",
    "kano_section",
    "metrics_section",
    "priority_matrix_svg",
    "priority_section",
    "rfm_section",
    "servqual_section",
    "verification_section",
    "zone_section",
]
