"""Method sections built from the survey: satisfaction metrics, KANO, SERVQUAL."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd

from needscope.methods import (
    compare,
    kano,
    kano_continuous,
    kano_segment_test,
    satisfaction_summary,
    servqual_dimensions,
    servqual_gaps,
    servqual_score,
    zone_of_tolerance,
)
from needscope.model.vocab import Lang, ServqualDimension
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.report.methods_context import (
    MIN_GROUP,
    SEGMENT_NAMES,
    MethodData,
    fmt_num,
    groups,
    method_data,
    seg_name,
    skip,
    title,
    tr,
)
from needscope.report.plots_methods import kano_figure, render_block
from needscope.report.plots_methods_bars import gaps_figure, trend_figure
from needscope.report.registry import ReportContext
from needscope.report.sections_methods import (
    kano_section,
    servqual_section,
    zone_section,
)
from needscope.services.survey import SEGMENT_FIELDS

# --------------------------------------------------------------------------- satisfaction


def _halves(frame: pd.DataFrame) -> tuple[pd.Series, str, str] | None:
    """Label each row by the earlier / later half of the survey months."""
    months = sorted(frame["month"].dropna().unique())
    if len(months) < 2:
        return None
    cut = len(months) // 2
    early, late = months[:cut], months[cut:]
    a = f"{late[0]}–{late[-1]}" if len(late) > 1 else late[0]
    b = f"{early[0]}–{early[-1]}" if len(early) > 1 else early[0]
    half = frame["month"].map(lambda m: a if m in late else b if m in early else None)
    return half, a, b


def _comparisons(frame: pd.DataFrame, data: MethodData) -> pd.DataFrame:
    """Later vs earlier half of the period, and new vs established stores, per metric."""
    cols = data.columns
    tests: list[tuple[str, str, str]] = []
    work = frame.copy()
    halves = _halves(frame)
    if halves is not None:
        work["_half"], a, b = halves
        tests.append(("_half", a, b))
    if "store_cohort" in work.columns and work["store_cohort"].nunique() == 2:
        levels = sorted(work["store_cohort"].dropna().unique())
        new = next((v for v in levels if v in ("新店", "New stores")), levels[0])
        tests.append(("store_cohort", new, next(v for v in levels if v != new)))
    rows = []
    for group, a, b in tests:
        for metric, score in (("nps", cols.nps), ("csat", cols.csat), ("ces", cols.ces)):
            if score is None:
                continue
            res = compare(work, score, group, a, b, metric,  # type: ignore[arg-type]
                          scale=cols.csat_scale)  # fmt: skip
            rows.append(res.assign(metric=metric.upper(), group=None))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return out.drop(columns=["group"]) if not out.empty else out


TEST_NAMES = {"z (Wald, NPS)": ("z 检验（Wald，NPS）", "z (Wald, NPS)"),
              "two-proportion z (top box)": ("两比例 z 检验（前两箱）", "two-proportion z (top box)"),
              "Welch t (mean)": ("Welch t 检验（均值）", "Welch t (mean)")}  # fmt: skip


def _p(p: object) -> str:
    """A p-value for running text."""
    x = float(str(p))
    return "p<0.001" if x < 0.001 else f"p={x:.3f}"


def build_satisfaction(ctx: ReportContext) -> Section:
    lang, data = ctx.lang, method_data(ctx)
    s, c = data.survey, data.columns
    if not (c.nps or c.csat or c.ces):
        return skip("satisfaction", lang,
                    "问卷数据中没有找到 NPS、CSAT 或 CES 题目（如“推荐意愿”“总体满意度”“费力程度”），本节从略。",
                    "No NPS, CSAT or CES question found in the survey data; section skipped.")  # fmt: skip
    kw: dict[str, Any] = {"nps_score": c.nps, "csat_score": c.csat, "ces_score": c.ces,
                          "csat_scale": c.csat_scale, "ces_scale": c.ces_scale,
                          "ces_higher_is_easier": c.ces_higher_is_easier}  # fmt: skip
    overall = satisfaction_summary(s, **kw).iloc[0]
    zh = lang == "zh"
    lp, rp, q1, q2, sep = ("（", "）", "「", "」", "；") if zh else (" (", ")", "'", "'", "; ")
    ci = tr(lang, "95% 区间", "95% CI")

    def interval(low: str, high: str, digits: int = 1, unit: str = "") -> str:
        return (
            f"{lp}{ci} {fmt_num(overall[low], digits)}–{fmt_num(overall[high], digits)}{unit}{rp}"
        )

    tiles: list[tuple[str, str]] = []
    if c.nps:
        tiles.append(("NPS" + interval("nps_ci_low", "nps_ci_high"), fmt_num(overall["nps"])))
    if c.csat:
        tiles.append((tr(lang, "CSAT 前两箱", "CSAT top-2-box")
                      + interval("csat_ci_low", "csat_ci_high", unit="%"),
                      f"{fmt_num(overall['csat'])}%"))  # fmt: skip
        tiles.append((tr(lang, "CSAT 均分", "CSAT mean")
                      + f"{lp}{c.csat_scale[1]:g} {tr(lang, '分制', 'point scale')}{rp}",
                      fmt_num(overall["csat_mean"], 2)))  # fmt: skip
    if c.ces:
        tiles.append((tr(lang, "CES 均分", "CES mean") + interval("ces_ci_low", "ces_ci_high", 2),
                      fmt_num(overall["ces_mean"], 2)))  # fmt: skip
        tiles.append((tr(lang, "低费力占比", "Low effort"), f"{fmt_num(overall['low_effort'])}%"))
    scales = []
    if c.csat:
        lo, hi = c.csat_scale
        scales.append(f"CSAT {q1}{c.csat}{q2} {lo:g}–{hi:g}")
    if c.ces:
        easy = tr(lang, "高分=省力", "high = easy") if c.ces_higher_is_easier else tr(
            lang, "高分=费力", "high = effort")  # fmt: skip
        scales.append(f"CES {q1}{c.ces}{q2} 1–{c.ces_scale}{lp}{easy}{rp}")
    if c.nps:
        scales.append(f"NPS {q1}{c.nps}{q2} 0–10")
    blocks: list[Block] = [
        Text(tr(lang, "NPS = 推荐者(9–10分)占比 − 贬损者(0–6分)占比，被动者(7–8分)计入分母；"
                      "CSAT 为前两箱占比；CES 低费力为量表省力端 3 档（7 级）或 2 档（5 级）的占比；"
                      "区间均为 95%。题目：",
                "NPS = % promoters (9–10) − % detractors (0–6), passives in the base; CSAT is the "
                "top-2-box share; CES low effort is the easy end (3 of 7 or 2 of 5 points); "
                "intervals are 95%. Questions: ") + sep.join(scales) + tr(lang, "。", ".")),
        Metrics(tiles),
    ]  # fmt: skip
    keep = ["nps", "nps_ci_low", "nps_ci_high", "csat", "csat_mean", "ces_mean", "low_effort"]
    if "channel" in s.columns and s["channel"].nunique() >= 2:
        by_store = satisfaction_summary(s, segment="channel", **kw).rename(
            columns={"channel": "group"})  # fmt: skip
        first = "nps" if c.nps else "csat" if c.csat else "ces_mean"
        by_store = by_store.sort_values(first, ascending=False, kind="stable")
        cols = ["group", *[k for k in ("nps_n", "csat_n", "ces_n") if k in by_store][:1],
                *[k for k in keep if k in by_store]]  # fmt: skip
        blocks.append(Table(by_store[cols], caption=tr(lang, "按门店/渠道", "By store / channel"),
                            sheet=tr(lang, "满意度-门店", "Satisfaction by store")))  # fmt: skip
        blocks.append(Chart("bar", by_store, x="group", y=[first],
                            title=tr(lang, f"{first.upper()} 按门店/渠道", f"{first.upper()} by store"),
                            ylabel=first.upper()))  # fmt: skip
    parts = []
    for col in groups(s, ("store_cohort", *SEGMENT_FIELDS)):
        t = satisfaction_summary(s, segment=col, **kw).rename(columns={col: "group"})
        n_col = next(k for k in ("nps_n", "csat_n", "ces_n") if k in t)
        t = t[t[n_col] >= MIN_GROUP]
        parts.append(t.assign(by=seg_name(col, lang)).rename(columns={n_col: "n"}))
    if parts:
        seg = pd.concat(parts, ignore_index=True)
        seg = seg[["by", "group", "n", *[k for k in keep if k in seg]]]
        blocks.append(Table(seg, caption=tr(lang, "按客户细分", "By customer segment"),
                            sheet=tr(lang, "满意度-细分", "Satisfaction by segment")))  # fmt: skip
    if s["month"].nunique() >= 2:
        trend = satisfaction_summary(s, period="month", **kw).rename(columns={"month": "period"})
        blocks.append(Table(trend[["period", *[k for k in keep if k in trend]]],
                            caption=tr(lang, "按月趋势", "By month"),
                            sheet=tr(lang, "满意度-月度", "Satisfaction by month")))  # fmt: skip
        blocks.append(render_block(lambda: trend_figure(trend, lang),
                                   tr(lang, "月度趋势", "Monthly trend")))  # fmt: skip
    tests = _comparisons(s, data)
    if not tests.empty:
        sig = tests[tests["p_value"] < 0.05]
        lines = [f"{r.metric}：{r.a} 比 {r.b} {r.difference:+.2f}（{_p(r.p_value)}）"
                 if lang == "zh" else
                 f"{r.metric}: {r.a} vs {r.b} {r.difference:+.2f} ({_p(r.p_value)})"
                 for r in sig.itertuples()]  # fmt: skip
        tests["test"] = tests["test"].map(lambda t: TEST_NAMES.get(t, (t, t))[lang == "en"])
        head = tr(lang, "显著差异（p<0.05）：", "Significant differences (p<0.05): ")
        none = tr(lang, "两期之间及新老门店之间均无显著差异。", "No significant difference.")
        joined = ("；" if lang == "zh" else "; ").join(lines) + tr(lang, "。", ".")
        blocks.append(Text(head + joined if lines else none))
        blocks.append(Table(tests, caption=tr(lang, "差异检验（两期、两类门店）",
                                              "Difference tests (periods, store cohorts)"),
                            sheet=tr(lang, "满意度-检验", "Satisfaction tests")))  # fmt: skip
    return Section("satisfaction", title("satisfaction", lang), blocks)


# --------------------------------------------------------------------------- KANO


def build_kano(ctx: ReportContext) -> Section:
    lang, data = ctx.lang, method_data(ctx)
    s, pairs = data.survey, data.columns.kano
    if not pairs:
        return skip("kano", lang,
                    "问卷数据中没有找到成对的 KANO 题目（如“KANO_扫码点餐_正向 / _反向”），本节从略。",
                    "No KANO question pairs (functional / dysfunctional) found; section skipped.")  # fmt: skip
    names, fun, dys = [p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs]
    result = kano(s, fun, dys, names=names)
    show = result[["attribute", "n", *"AOMIRQ", "category", "category_fong",
                   "fong_significant", "better", "worse"]]  # fmt: skip
    section = kano_section(show, lang)
    section.key, section.title = "kano", title("kano", lang)
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]  # shares in the table
    section.blocks.insert(2, render_block(lambda: kano_figure(result, lang),
                                          tr(lang, "KANO 四象限图", "Kano plot")))  # fmt: skip
    cont = kano_continuous(s, fun, dys, names=names)
    section.blocks.append(Table(cont, caption=tr(lang, "连续 KANO（DuMouchel 分值）",
                                                 "Continuous KANO (DuMouchel scores)"),
                                sheet=tr(lang, "KANO-连续", "KANO continuous")))  # fmt: skip
    section.blocks.extend(_kano_segments(s, fun, dys, names, lang))
    return section


def _kano_segments(
    s: pd.DataFrame, fun: list[str], dys: list[str], names: list[str], lang: Lang
) -> list[Block]:
    """Which segment splits the KANO answers most (chi-square), and the classes per group."""
    tests = []
    for col in groups(s, ("store_cohort", *SEGMENT_FIELDS)):
        tests.append(kano_segment_test(s, fun, dys, col, names=names, min_n=MIN_GROUP))
    if not tests:
        return [Text(tr(lang, "没有足够样本的客户细分，KANO 细分分析从略。",
                        "No customer segment is large enough for a KANO breakdown."))]  # fmt: skip
    table = pd.concat(tests, ignore_index=True)
    table["segment"] = table["segment"].map(lambda col: seg_name(col, lang))
    sig = table[table["p_value"] < 0.01]
    blocks: list[Block] = []
    if sig.empty:
        blocks.append(
            Text(
                tr(
                    lang,
                    "各客户细分之间的 KANO 类别构成无显著差异（卡方检验 p≥0.01）。",
                    "KANO answers do not differ between segments (chi-square p≥0.01).",
                )
            )
        )
        return blocks
    counts = sig.groupby("segment")["p_value"].agg(["size", "min"]).sort_values(
        ["size", "min"], ascending=[False, True])  # fmt: skip
    best_name = str(counts.index[0])
    best = next(col for col in SEGMENT_NAMES if seg_name(col, lang) == best_name)
    attrs = sig[sig["segment"] == best_name]["attribute"].tolist()
    sep = "、" if lang == "zh" else ", "
    blocks.append(Text(tr(lang, f"按{best_name}细分时差异最大：{sep.join(attrs)} 的类别构成在各组间显著不同"
                                f"（卡方检验 p<0.01）。",
                          f"{best_name} splits KANO answers most: {sep.join(attrs)} differ "
                          f"significantly between groups (chi-square p<0.01).")))  # fmt: skip
    pvals = table.pivot_table(index="attribute", columns="segment", values="p_value", sort=False)
    pvals = pvals.reindex(names).rename_axis(None, axis=1).reset_index()
    blocks.append(Table(pvals, caption=tr(lang, "KANO 细分差异检验（卡方检验 p 值）",
                                          "KANO segment tests (chi-square p-values)"),
                        sheet=tr(lang, "KANO-细分检验", "KANO segment tests")))  # fmt: skip
    sub = s[s[best].isin(s[best].value_counts()[lambda v: v >= MIN_GROUP].index)]
    by = kano(sub, fun, dys, names=names, segment=best)
    labels = {k: v for k, v in zip("AOMIRQ", ["A", "O", "M", "I", "R", "Q"], strict=True)}
    wide = by.pivot(index="attribute", columns="segment", values="category_fong")
    wide = wide.reindex(names).rename(columns=str).reset_index().map(
        lambda v: labels.get(v, v) if isinstance(v, str) else v)  # fmt: skip
    blocks.append(Table(wide, caption=tr(lang, f"各{best_name}的 KANO 类别（Fong）",
                                         f"KANO class by {best_name} (Fong)"),
                        sheet=tr(lang, "KANO-细分", "KANO by segment")))  # fmt: skip
    focus = by[by["attribute"].isin(attrs)]
    blocks.append(
        render_block(
            lambda: kano_figure(focus, lang),
            tr(lang, f"KANO 四象限图（按{best_name}）", f"Kano plot by {best_name}"),
        )
    )
    return blocks


# --------------------------------------------------------------------------- SERVQUAL


def _servqual_inputs(data: MethodData) -> tuple[list[str], list[str], list[str], list[str | None]]:
    """Expectation columns, perception columns, item names and dimensions."""
    items = data.columns.servqual
    return ([e for _, e, _, _ in items], [p for _, _, p, _ in items], [i for i, _, _, _ in items],
            [d for *_, d in items])  # fmt: skip


def build_servqual(ctx: ReportContext) -> Section:
    """SERVQUAL gaps per item and dimension, by store cohort and store, zone of tolerance."""
    lang, data = ctx.lang, method_data(ctx)
    s = data.survey
    if not data.columns.servqual and not data.columns.zone:
        return skip("servqual", lang,
                    "问卷数据中没有找到成对的期望/感知题目（如“SQ01_期望 / SQ01_感知”），本节从略。",
                    "No expectation / perception item pairs found; section skipped.")  # fmt: skip
    if not data.columns.servqual:  # a three-column survey: adequate, desired, perceived
        note = tr(
            lang,
            "问卷只有适当/理想/感知三列题目，按容忍区分析。",
            "The survey has adequate / desired / perceived items: zone of tolerance only.",
        )
        return Section("servqual", title("servqual", lang), [Text(note), *_zone(s, data, lang)])
    e, p, items, dims = _servqual_inputs(data)
    has_dims = any(d is not None for d in dims)
    labels = ServqualDimension.labels(lang)
    item_gaps = servqual_gaps(s, e, p, items=items, dimensions=dims)
    item_gaps["dimension_label"] = item_gaps["dimension"].map(labels)
    dim_gaps = servqual_dimensions(s, e, p, dimensions=dims, items=items) if has_dims else None
    score = servqual_score(s, e, p, dimensions=dims) if has_dims else None
    section = servqual_section(item_gaps, dim_gaps, score, lang)
    section.key, section.title = "servqual", title("servqual", lang)
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]
    at = next(i for i, b in enumerate(section.blocks) if isinstance(b, Table)) + 1
    section.blocks.insert(
        at,
        render_block(
            lambda: gaps_figure(
                item_gaps,
                "item",
                colour="dimension_label" if has_dims else None,
                title=tr(lang, "各题项差距", "Gap per item"),
                lang=lang,
            ),
            tr(lang, "各题项差距", "Gap per item"),
        ),
    )
    if dim_gaps is not None and not dim_gaps.empty:
        worst = dim_gaps.sort_values("gap").iloc[0]
        name = labels.get(worst["dimension"], worst["dimension"])
        section.blocks.insert(1, Text(tr(
            lang, f"差距最大的维度：{name}（{worst['gap']:+.2f}，95% 区间 "
                  f"{worst['gap_ci_low']:+.2f}～{worst['gap_ci_high']:+.2f}）。",
            f"Largest gap: {name} ({worst['gap']:+.2f}, 95% CI {worst['gap_ci_low']:+.2f} to "
            f"{worst['gap_ci_high']:+.2f}).")))  # fmt: skip
        section.blocks.extend(_servqual_segments(s, data, dim_gaps, lang))
    notes = []
    if data.columns.zone:
        section.blocks.extend(_zone(s, data, lang))
    else:
        notes.append(tr(lang, "未找到“适当服务/理想服务”题目，容忍区分析从略",
                        "no adequate / desired items, so no zone of tolerance"))  # fmt: skip
    if has_dims:
        notes.append(tr(lang, "未找到各维度的重要性分配（点数）题目，加权 SQ 按等权计算",
                        "no point allocations, so the weighted SQ uses equal weights"))  # fmt: skip
    if notes:
        sep, end = ("；", "。") if lang == "zh" else ("; ", ".")
        section.blocks.append(Text(tr(lang, "说明：", "Note: ") + sep.join(notes) + end))
    return section


def _zone(s: pd.DataFrame, data: MethodData, lang: Lang) -> list[Block]:
    """Zone-of-tolerance blocks (MSA, MSS, position per item)."""
    z = data.columns.zone
    zone = zone_of_tolerance(s, [a for _, a, _, _ in z], [d for _, _, d, _ in z],
                             [q for *_, q in z], items=[i for i, *_ in z])  # fmt: skip
    return zone_section(zone, lang).blocks


def _servqual_segments(
    s: pd.DataFrame, data: MethodData, dim_gaps: pd.DataFrame, lang: Lang
) -> list[Block]:
    """Dimension gaps for the first two breakdowns: one chart (with all respondents), tables."""
    e, p, items, dims = _servqual_inputs(data)
    labels = ServqualDimension.labels(lang)
    blocks: list[Block] = []
    for k, col in enumerate(groups(s, ("store_cohort", "channel", *SEGMENT_FIELDS))[:2]):
        by = servqual_dimensions(s, e, p, dimensions=dims, items=items, segment=col)
        by = by[by["n"] >= MIN_GROUP].assign(dimension_label=lambda d: d["dimension"].map(labels))
        name = seg_name(col, lang)
        wide = by.pivot_table(index="segment", columns="dimension_label", values="gap",
                              sort=False)  # fmt: skip
        wide.insert(0, "n", by.groupby("segment", sort=False)["n"].first())
        wide = wide.reset_index().rename(columns={"segment": name})
        if k == 0:
            both = pd.concat([dim_gaps.assign(segment=tr(lang, "全部", "All")), by])
            both["dimension_label"] = both["dimension"].map(labels)
            caption = tr(lang, f"各维度差距（按{name}）", f"Gap per dimension by {name}")
            make = partial(gaps_figure, both, "dimension_label", series="segment", title=caption,
                           lang=lang)  # fmt: skip
            blocks.append(render_block(make, caption))
        blocks.append(Table(wide, caption=tr(lang, f"各维度差距（按{name}）",
                                              f"Gap per dimension by {name}"),
                            sheet=f"SERVQUAL-{name}"))  # fmt: skip
    return blocks


__all__ = [
    "build_kano",
    "build_satisfaction",
    "build_servqual",
]
