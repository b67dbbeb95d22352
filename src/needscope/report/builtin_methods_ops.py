"""Method sections built from behaviour and goals: quantified gaps, complaints, RFM."""

from __future__ import annotations

import re

import pandas as pd

from needscope.methods import (
    TIES,
    Goal,
    column_unit,
    complaint_counts,
    complaint_trend,
    csat,
    gap_table,
    match_column,
    nps,
    pareto,
    parse_goals,
    repeat_rate,
    rfm,
    rfm_profile,
    servqual_dimensions,
)
from needscope.model.vocab import Lang, ServqualDimension
from needscope.report.blocks import Block, Chart, Section, Table, Text
from needscope.report.methods_context import MethodData, method_data, skip, title, tr
from needscope.report.plots_methods import render_block
from needscope.report.plots_methods_bars import pareto_figure
from needscope.report.registry import ReportContext
from needscope.report.sections_methods import complaints_section, gap_table_section, rfm_section
from needscope.services.survey import BASE_COLUMNS

_REPEAT = re.compile(r"复购|回购|回头|留存|repeat|repurchase|retention", re.I)
_SATISFACTION = re.compile(r"满意|csat|satisf", re.I)
_RECOMMEND = re.compile(r"推荐|nps|recommend", re.I)
_SEVERITY_ORDER = ("高", "中", "低", "high", "medium", "low")

# --------------------------------------------------------------------------- gap table


def _numeric(frame: pd.DataFrame) -> list[str]:
    """Numeric answer columns of a wide frame."""
    return [c for c in frame.columns if c not in BASE_COLUMNS and c != "amount"
            and pd.api.types.is_numeric_dtype(frame[c].dtype) and frame[c].notna().any()]  # fmt: skip


def _by_cohort(frame: pd.DataFrame, lang: Lang) -> list[tuple[str, pd.DataFrame]]:
    """The whole frame and, when stores split into cohorts, each cohort."""
    out = [(tr(lang, "全部", "All"), frame)]
    if "store_cohort" in frame.columns:
        out += [(str(k), g) for k, g in frame.groupby("store_cohort", sort=False)]
    return out


def _actuals(goal: Goal, data: MethodData, lang: Lang) -> list[tuple[str, str, str]]:
    """(segment, actual value with unit, how it was measured) for one goal."""
    orders, survey, cols = data.orders, data.survey, data.columns
    unit_text = goal.target_text.lstrip("0123456789.+- ")
    rows: list[tuple[str, str, str]] = []
    if _REPEAT.search(goal.metric) and not orders.empty and orders["customer_key"].notna().any():
        for seg, frame in _by_cohort(orders, lang):
            rate, n = repeat_rate(frame, "customer_key")
            basis = tr(lang, f"订单：有 2 笔及以上订单的会员占比（{n} 名会员）",
                       f"orders: share of members with 2+ orders ({n} members)")  # fmt: skip
            rows.append((seg, f"{rate:.10g}%", basis))
        return rows
    for source, frame, name in ((tr(lang, "订单", "orders"), orders, "orders"),
                                (tr(lang, "问卷", "survey"), survey, "survey")):  # fmt: skip
        if frame.empty:
            continue
        col = match_column(goal.metric, _numeric(frame))
        if col is None:
            continue
        unit = column_unit(col)
        shown = unit_text if unit is None or unit == goal.unit else col[col.rfind("(") + 1 : -1]
        for seg, part in _by_cohort(frame, lang) if name == "orders" else [
                (tr(lang, "全部", "All"), frame)]:  # fmt: skip
            x = part[col].dropna()
            rows.append((seg, f"{x.mean():.10g}{shown}",
                         tr(lang, f"{source}：“{col}”均值（n={len(x)}）",
                            f"{source}: mean of '{col}' (n={len(x)})")))  # fmt: skip
        return rows
    if _SATISFACTION.search(goal.metric) and cols.csat:
        r = csat(survey, cols.csat, cols.csat_scale).iloc[0]
        value = f"{r['csat']:.10g}%" if goal.unit == "%" else f"{r['mean']:.10g}{unit_text}"
        rows.append((tr(lang, "全部", "All"), value, tr(lang, f"问卷：“{cols.csat}”",
                                                          f"survey: '{cols.csat}'")))  # fmt: skip
    elif _RECOMMEND.search(goal.metric) and cols.nps:
        r = nps(survey, cols.nps).iloc[0]
        rows.append(
            (
                tr(lang, "全部", "All"),
                f"{r['nps']:.10g}{unit_text}",
                tr(lang, f"问卷：“{cols.nps}”的 NPS", f"survey: NPS of '{cols.nps}'"),
            )
        )
    return rows


def gap_rows(
    project: dict[str, object], data: MethodData, lang: Lang
) -> tuple[pd.DataFrame, list[str]]:
    """Rows for the quantified gap table from the project's goals and SERVQUAL; unmatched goals."""
    goals = project.get("goals") or []
    rows, missing = [], []
    for goal in parse_goals([str(g) for g in goals] if isinstance(goals, list) else []):
        found = _actuals(goal, data, lang)
        if not found:
            missing.append(goal.text)
        for seg, actual, basis in found:
            rows.append({"metric": goal.metric, "expected": goal.target_text, "actual": actual,
                         "direction": goal.direction, "segment": seg,
                         "baseline": goal.baseline_text, "basis": basis})  # fmt: skip
    items = data.columns.servqual
    if items and any(d for *_, d in items):
        dims = servqual_dimensions(
            data.survey,
            [e for _, e, _, _ in items],
            [p for _, _, p, _ in items],
            dimensions=[d for *_, d in items],
        )
        labels = ServqualDimension.labels(lang)
        for r in dims.itertuples():
            rows.append({"metric": f"SERVQUAL·{labels.get(str(r.dimension), r.dimension)}",
                         "expected": f"{r.expectation:.10g}分", "actual": f"{r.perception:.10g}分",
                         "direction": "higher", "segment": tr(lang, "全部", "All"),
                         "baseline": None,
                         "basis": tr(lang, "问卷：维度期望均分 vs 感知均分（1–7 分）",
                                     "survey: dimension expectation vs perception (1–7)")})  # fmt: skip
    return pd.DataFrame(rows), missing


def build_gap_table(ctx: ReportContext) -> Section:
    """Seed 002 量化服务差距 from the project's goals (and SERVQUAL)."""
    lang, data = ctx.lang, method_data(ctx)
    rows, missing = gap_rows(ctx.project, data, lang)
    if rows.empty:
        return skip("gap_table", lang,
                    "项目目标中没有可量化的指标（如“上菜时间不超过15分钟”），也没有 SERVQUAL 题目，本节从略。",
                    "No measurable goal (e.g. 'serving time under 15 minutes') and no SERVQUAL "
                    "items; section skipped.")  # fmt: skip
    gaps = gap_table(rows, direction="direction", segment="segment", lang=lang)
    gaps["baseline"], gaps["basis"] = rows["baseline"].to_numpy(), rows["basis"].to_numpy()
    section = gap_table_section(gaps, lang)
    section.key, section.title = "gap_table", title("gap_table", lang)
    section.blocks.insert(0, Text(tr(lang, "期望值取自项目目标（管理层陈述）或问卷期望题，实际值由数据计算；"
                                           "差距为负表示未达期望。",
                                     "Expected values come from the project goals or the survey's "
                                     "expectation items, actual values from the data; a negative "
                                     "gap falls short.")))  # fmt: skip
    if missing:
        sep = "；" if lang == "zh" else "; "
        section.blocks.append(Text(tr(lang, "以下目标在数据中找不到对应指标：", "No data for: ")
                                   + sep.join(missing)))  # fmt: skip
    return section


# --------------------------------------------------------------------------- complaints


def build_complaints(ctx: ReportContext) -> Section:
    """Complaint Pareto by category, category × severity and the monthly trend."""
    lang, data = ctx.lang, method_data(ctx)
    comp = data.complaints
    if comp.empty and _tag_blocks(ctx, lang):
        section = Section("complaints", title("complaints", lang), _tag_blocks(ctx, lang))
        return section
    if comp.empty:
        return skip("complaints", lang, "数据中没有带类别的投诉记录（如“投诉类别”列），本节从略。",
                    "No complaint records with a category; section skipped.")  # fmt: skip
    table = pareto(comp, cause="category")
    few = table[table["vital_few"]]["cause"].tolist()
    trend = (
        complaint_trend(comp, "ts", by="category", causes=few) if comp["ts"].notna().any() else None
    )
    section = complaints_section(table, trend, lang)
    section.key, section.title = "complaints", title("complaints", lang)
    section.blocks[2:4] = [
        render_block(
            lambda: pareto_figure(table, lang), tr(lang, "投诉帕累托图", "Complaint Pareto chart")
        )
    ]
    if comp["severity"].notna().any():
        counts = complaint_counts(comp, cause="category", severity="severity")
        wide = counts.pivot_table(index="category", columns="severity", values="count",
                                  fill_value=0, aggfunc="sum")  # fmt: skip
        order = [s for s in _SEVERITY_ORDER if s in wide.columns]
        wide = wide[order + [c for c in wide.columns if c not in order]]
        wide = wide.loc[table["cause"]].rename(columns=str).reset_index()
        high = order[0] if order else None
        blocks: list[Block] = [
            Table(wide.rename(columns={"category": tr(lang, "投诉类别", "Category")}),
                  caption=tr(lang, "类别 × 严重程度", "Category × severity"),
                  sheet=tr(lang, "投诉-严重程度", "Complaints by severity")),
            Chart("stacked_bar", wide, x="category", y=[str(c) for c in wide.columns[1:]],
                  title=tr(lang, "各类别投诉的严重程度构成", "Severity within each category")),
        ]  # fmt: skip
        if high is not None:
            top = wide.sort_values(high, ascending=False).iloc[0]
            blocks.insert(0, Text(tr(lang, f"严重程度为“{high}”的投诉最多来自：{top['category']}"
                                           f"（{int(top[high])} 件）。",
                                     f"Most '{high}' severity complaints: {top['category']} "
                                     f"({int(top[high])}).")))  # fmt: skip
        section.blocks[3:3] = blocks
    section.blocks.extend(_tag_blocks(ctx, lang))
    if trend is not None and not trend.empty:
        for block in section.blocks:
            if isinstance(block, Table) and block.sheet == "Complaint trend":
                share = trend.pivot_table(index="period", columns="category", values="share",
                                          fill_value=0.0).reindex(columns=few)  # fmt: skip
                block.frame = share.rename_axis(None, axis=1).reset_index()
                block.caption = tr(lang, "各月投诉构成（占当月 %）", "Monthly mix (% of the month)")
        shift = _shift(comp, str(table["cause"].iloc[0]), lang)
        if shift:
            section.blocks.insert(1, Text(shift))
    return section


def _tag_blocks(ctx: ReportContext, lang: Lang) -> list[Block]:
    """A Pareto of the text engine's tags among complaint and ticket texts, when it has run."""
    try:
        text = ctx.text
    except (ImportError, AttributeError):  # no text engine, or a context without text
        return []
    if text.empty or "source_type" not in text.columns:
        return []
    tickets = text[(text["source_type"] == "historic") & text["tags"].map(bool)]
    if len(tickets) < MIN_TAGGED:
        return []
    from needscope.text import load_pack

    pack = load_pack(ctx.pack)
    table = pareto(tickets[["id", "tags"]], cause=None, tags="tags")

    def label(tag: object) -> str:
        try:
            return str(pack.tag(str(tag)).label(lang))
        except KeyError:
            return str(tag)

    table["cause"] = table["cause"].map(label)
    shown = table.rename(columns={"cause": tr(lang, "话题", "Topic")})
    return [
        Text(tr(lang, f"文本引擎从 {len(tickets)} 条投诉/工单内容中识别的话题（一条可有多个话题）：",
                f"Topics the text engine found in {len(tickets)} complaint and ticket texts "
                "(one text may have several):")),
        Table(shown, caption=tr(lang, "投诉话题帕累托（来自文本）", "Complaint topics (from the text)"),
              sheet=tr(lang, "投诉话题", "Complaint topics")),
        Chart("barh", table.head(15), x="cause", y=["count"],
              title=tr(lang, "投诉话题（来自文本）", "Complaint topics (from the text)")),
    ]  # fmt: skip


def _shift(comp: pd.DataFrame, cause: str, lang: Lang) -> str:
    """How the top cause's share moved between the earlier and later half of the months."""
    months = sorted(comp["month"].dropna().unique())
    if len(months) < 2:
        return ""
    late = set(months[len(months) // 2 :])
    is_late = comp["month"].isin(late)
    shares = [float((comp.loc[m, "category"] == cause).mean()) for m in (~is_late, is_late)]
    first, last = min(late), max(late)
    return tr(lang, f"“{cause}”在近期（{first}–{last}）投诉中占 {shares[1]:.0%}，此前为 {shares[0]:.0%}。",
              f"'{cause}' makes {shares[1]:.0%} of complaints in {first}–{last}, "
              f"{shares[0]:.0%} before.")  # fmt: skip


# --------------------------------------------------------------------------- RFM


def build_rfm(ctx: ReportContext) -> Section:
    """RFM segments of the customers in the orders."""
    lang, data = ctx.lang, method_data(ctx)
    orders = data.orders
    if orders.empty or not orders["customer_key"].notna().any() or not orders["ts"].notna().any():
        return skip("rfm", lang, "没有带客户编号、时间和金额的订单数据，本节从略。",
                    "No orders with customer, time and amount; section skipped.")  # fmt: skip
    known = orders.dropna(subset=["customer_key", "ts"])
    table = rfm(known, customer="customer_key", date="ts", amount="amount", lang=lang)
    profile = rfm_profile(table, lang)
    section = rfm_section(profile, lang)
    section.key, section.title = "rfm", title("rfm", lang)
    section.blocks = [b for b in section.blocks if not (isinstance(b, Chart) and b.kind == "pie")]
    ref = (known["ts"].max().normalize() + pd.Timedelta(days=1)).date()
    share = 100.0 * len(known) / len(orders)
    best = profile.sort_values("monetary_total", ascending=False).iloc[0]
    lost = profile.set_index("segment")
    at_risk = int(lost.loc[["at_risk", "cant_lose"], "customers"].sum())
    section.blocks.insert(0, Text(tr(
        lang, f"{len(table)} 名会员、{len(known)} 笔订单（占全部订单 {share:.0f}%），参考日 {ref}。"
              f"{best['segment_label']}贡献最多销售额（{best['share_monetary']:.0f}%）；"
              f"有流失风险与不能失去的高价值会员共 {at_risk} 名。",
        f"{len(table)} members, {len(known)} orders ({share:.0f}% of all), reference date {ref}. "
        f"{best['segment_label']} bring the most revenue ({best['share_monetary']:.0f}%); "
        f"{at_risk} valuable members are at risk or can't be lost.")))  # fmt: skip
    section.blocks.append(
        Text(
            TIES
            if lang == "en"
            else "并列处理：按平均秩百分位分五档，数值相同的客户同档；近度反向计分。"
        )
    )
    return section


MIN_TAGGED = 20

__all__ = ["build_complaints", "build_gap_table", "build_rfm", "gap_rows"]
