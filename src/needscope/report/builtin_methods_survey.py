"""Method sections built from the survey: satisfaction metrics, KANO, SERVQUAL."""

from __future__ import annotations

from typing import Any

import pandas as pd

from needscope.methods import (
    compare,
    ipa,
    ipa_quadrants,
    kano,
    kano_continuous,
    kano_segment_test,
    key_drivers,
    relative_weights,
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
from needscope.report.plots_methods import (
    drivers_figure,
    ipa_figure,
    kano_figure,
    render_block,
    trend_figure,
)
from needscope.report.registry import ReportContext
from needscope.report.sections_methods import (
    ipa_section,
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
    tiles: list[tuple[str, str]] = []
    if c.nps:
        tiles.append(("NPS", f"{fmt_num(overall['nps'])} [{fmt_num(overall['nps_ci_low'])}, "
                             f"{fmt_num(overall['nps_ci_high'])}]"))  # fmt: skip
    if c.csat:
        tiles.append((tr(lang, "CSAT（前两箱 %）", "CSAT (top-2-box %)"),
                      f"{fmt_num(overall['csat'])} [{fmt_num(overall['csat_ci_low'])}, "
                      f"{fmt_num(overall['csat_ci_high'])}]"))  # fmt: skip
        tiles.append((tr(lang, "CSAT 均分", "CSAT mean"), fmt_num(overall["csat_mean"], 2)))
    if c.ces:
        tiles.append((tr(lang, "CES 均分", "CES mean"),
                      f"{fmt_num(overall['ces_mean'], 2)} [{fmt_num(overall['ces_ci_low'], 2)}, "
                      f"{fmt_num(overall['ces_ci_high'], 2)}]"))  # fmt: skip
        tiles.append((tr(lang, "低费力占比 %", "Low effort %"), fmt_num(overall["low_effort"])))
    scales = []
    if c.csat:
        lo, hi = c.csat_scale
        scales.append(f"CSAT「{c.csat}」{lo:g}–{hi:g}")
    if c.ces:
        easy = tr(lang, "高分=省力", "high = easy") if c.ces_higher_is_easier else tr(
            lang, "高分=费力", "high = effort")  # fmt: skip
        scales.append(f"CES「{c.ces}」1–{c.ces_scale}（{easy}）")
    if c.nps:
        scales.append(f"NPS「{c.nps}」0–10")
    blocks: list[Block] = [
        Text(tr(lang, "NPS = 推荐者(9–10分)占比 − 贬损者(0–6分)占比，被动者(7–8分)计入分母；"
                      "CSAT 为前两箱占比；CES 低费力为量表省力端 3 档（7 级）或 2 档（5 级）的占比。"
                      "方括号为 95% 区间。题目：",
                "NPS = % promoters (9–10) − % detractors (0–6), passives in the base; CSAT is the "
                "top-2-box share; CES low effort is the easy end (3 of 7 or 2 of 5 points). "
                "Brackets: 95% intervals. Questions: ") + "；".join(scales)),
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
        lines = [f"{r.metric}：{r.a} vs {r.b} 差 {r.difference:+.2f}（p={r.p_value:.3g}）"
                 if lang == "zh" else
                 f"{r.metric}: {r.a} vs {r.b} differs by {r.difference:+.2f} (p={r.p_value:.3g})"
                 for r in sig.itertuples()]  # fmt: skip
        head = tr(lang, "显著差异（p<0.05）：", "Significant differences (p<0.05): ")
        none = tr(lang, "两期之间及新老门店之间均无显著差异。", "No significant difference.")
        blocks.append(Text(head + "；".join(lines) + "。" if lines else none))
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
    show = result.drop(columns=[f"share_{k}" for k in "RQ"])
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
    blocks.append(Table(table, caption=tr(lang, "KANO 细分差异检验", "KANO segment tests"),
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
    lang, data = ctx.lang, method_data(ctx)
    s = data.survey
    if not data.columns.servqual:
        return skip("servqual", lang,
                    "问卷数据中没有找到成对的期望/感知题目（如“SQ01_期望 / SQ01_感知”），本节从略。",
                    "No expectation / perception item pairs found; section skipped.")  # fmt: skip
    e, p, items, dims = _servqual_inputs(data)
    has_dims = any(d is not None for d in dims)
    item_gaps = servqual_gaps(s, e, p, items=items, dimensions=dims)
    dim_gaps = servqual_dimensions(s, e, p, dimensions=dims, items=items) if has_dims else None
    score = servqual_score(s, e, p, dimensions=dims) if has_dims else None
    section = servqual_section(item_gaps, dim_gaps, score, lang)
    section.key, section.title = "servqual", title("servqual", lang)
    labels = ServqualDimension.labels(lang)
    if dim_gaps is not None and not dim_gaps.empty:
        worst = dim_gaps.sort_values("gap").iloc[0]
        section.blocks.insert(1, Text(tr(
            lang, f"差距最大的维度：{labels.get(worst['dimension'], worst['dimension'])}"
                  f"（{worst['gap']:+.2f}，95% 区间 {worst['gap_ci_low']:+.2f}～{worst['gap_ci_high']:+.2f}）。",
            f"Largest gap: {labels.get(worst['dimension'], worst['dimension'])} "
            f"({worst['gap']:+.2f}, 95% CI {worst['gap_ci_low']:+.2f} to {worst['gap_ci_high']:+.2f}).")))  # fmt: skip
        for k, col in enumerate(groups(s, ("store_cohort", "channel", *SEGMENT_FIELDS))[:2]):
            by = servqual_dimensions(s, e, p, dimensions=dims, items=items, segment=col)
            by = by[by["n"] >= MIN_GROUP].assign(
                dimension_label=lambda d: d["dimension"].map(labels))  # fmt: skip
            wide = by.pivot_table(index="dimension_label", columns="segment", values="gap",
                                  sort=False).rename(columns=str)  # fmt: skip
            name = seg_name(col, lang)
            section.blocks.append(Table(by, caption=tr(lang, f"各维度差距（按{name}）",
                                                       f"Gap per dimension by {name}"),
                                        sheet=f"SERVQUAL-{name}"))  # fmt: skip
            if k > 0 and wide.shape[1] > 4:
                continue  # a second, many-group breakdown stays a table
            if k == 0:  # one chart: all respondents next to the groups
                overall = dim_gaps.assign(label=dim_gaps["dimension"].map(labels))
                wide.insert(0, tr(lang, "全部", "All"), overall.set_index("label")["gap"])
                section.blocks = [
                    b
                    for b in section.blocks
                    if not (isinstance(b, Chart) and b.x == "dimension_label" and b.y == ["gap"])
                ]
            section.blocks.append(Chart("bar", wide.reset_index(), x="dimension_label",
                                        y=list(wide.columns), ylabel=tr(lang, "差距", "Gap"),
                                        title=tr(lang, f"各维度差距（按{name}）",
                                                 f"Gap per dimension by {name}")))  # fmt: skip
    notes = []
    if data.columns.zone:
        z = data.columns.zone
        zone = zone_of_tolerance(s, [a for _, a, _, _ in z], [d for _, _, d, _ in z],
                                 [q for *_, q in z], items=[i for i, *_ in z])  # fmt: skip
        section.blocks.extend(zone_section(zone, lang).blocks)
    else:
        notes.append(tr(lang, "未找到“适当服务/理想服务”题目，容忍区分析从略",
                        "no adequate / desired items, so no zone of tolerance"))  # fmt: skip
    if has_dims:
        notes.append(tr(lang, "未找到各维度的重要性分配（点数）题目，加权 SQ 按等权计算",
                        "no point allocations, so the weighted SQ uses equal weights"))  # fmt: skip
    if notes:
        section.blocks.append(Text(tr(lang, "说明：", "Note: ") + "；".join(notes) + "。"))
    return section


# --------------------------------------------------------------------------- IPA and drivers


def outcome_column(data: MethodData) -> str | None:
    """The overall outcome drivers are measured against: CSAT, else NPS."""
    return data.columns.csat or data.columns.nps


def dimension_scores(data: MethodData, lang: Lang) -> tuple[pd.DataFrame, list[str]]:
    """Each respondent's mean perception per SERVQUAL dimension (columns named by label)."""
    s = data.survey
    labels = ServqualDimension.labels(lang)
    frame = pd.DataFrame(index=s.index)
    names = []
    for dim in dict.fromkeys(d for *_, d in data.columns.servqual if d is not None):
        cols = [p for _, _, p, d in data.columns.servqual if d == dim]
        name = labels.get(dim, dim)
        frame[name] = s[cols].mean(axis=1)
        names.append(name)
    return frame, names


def build_ipa(ctx: ReportContext) -> Section:
    lang, data = ctx.lang, method_data(ctx)
    s, c = data.survey, data.columns
    outcome = outcome_column(data)
    if c.importance:
        result = ipa(s, [i for _, i, _ in c.importance], [p for *_, p in c.importance],
                     items=[n for n, *_ in c.importance], lang=lang)  # fmt: skip
        how = tr(lang, "重要性为顾客自评的重要性均分，表现为感知均分；十字线取均值。",
                 "Importance is the stated importance, performance the mean rating; "
                 "crosshair at the means.")  # fmt: skip
    elif c.servqual and outcome:
        items = [i for i, *_ in c.servqual]
        perc = [p for _, _, p, _ in c.servqual]
        rw = relative_weights(s, outcome, perc)
        table = pd.DataFrame({"item": items, "dimension": [d for *_, d in c.servqual],
                              "importance": rw["rescaled_weight"].to_numpy(),
                              "performance": s[perc].mean().to_numpy()})  # fmt: skip
        table["dimension"] = table["dimension"].map(ServqualDimension.labels(lang))
        result = ipa_quadrants(table, lang=lang)
        how = tr(
            lang,
            f"重要性为各题项对“{outcome}”的相对权重（推导重要性，占 R² 的 %），"
            "表现为感知均分（1–7）；十字线取均值。",
            f"Importance is each item's relative weight on '{outcome}' (derived "
            "importance, % of R²); performance the mean perception; crosshair at the means.",
        )
    else:
        return skip("ipa", lang, "没有重要性题目，也没有可推导重要性的感知题与总体满意度，本节从略。",
                    "No importance ratings, nor perception items with an overall score to "
                    "derive importance from; section skipped.")  # fmt: skip
    section = ipa_section(result, lang)
    section.key, section.title = "ipa", title("ipa", lang)
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]  # the 2×2 shows it
    section.blocks.insert(0, Text(how))
    section.blocks.insert(2, render_block(lambda: ipa_figure(result, lang),
                                          tr(lang, "IPA 四象限图", "IPA chart")))  # fmt: skip
    return section


def build_drivers(ctx: ReportContext) -> Section:
    lang, data = ctx.lang, method_data(ctx)
    outcome = outcome_column(data)
    dims, names = dimension_scores(data, lang)
    if outcome is None or len(names) < 2:
        return skip(
            "drivers",
            lang,
            "缺少总体满意度（或推荐意愿）与 SERVQUAL 维度感知题，本节从略。",
            "Needs an overall score and SERVQUAL dimension perceptions; section skipped.",
        )
    frame = dims.assign(**{outcome: data.survey[outcome]})
    result = key_drivers(frame, outcome, names, n_boot=500, random_state=20260301)
    top = result.iloc[0]
    r2 = float(result["r2"].iloc[0])
    blocks: list[Block] = [
        Text(tr(lang, f"以“{outcome}”为结果、各 SERVQUAL 维度感知均分为因素，Johnson 相对权重"
                      f"（自助法 500 次，95% 区间）与 Shapley/LMG 分解 R²。最重要的驱动因素："
                      f"{top['predictor']}（占 R² 的 {top['rescaled_weight']:.1f}%）。",
                f"Outcome '{outcome}', drivers the SERVQUAL dimension perception means: "
                f"Johnson's relative weights (500 bootstrap draws, 95% intervals) and Shapley/LMG. "
                f"Top driver: {top['predictor']} ({top['rescaled_weight']:.1f}% of R²).")),
        Metrics([("R²", f"{r2:.3f}"), (tr(lang, "样本数", "n"), str(int(result["n"].iloc[0])))]),
        render_block(lambda: drivers_figure(result, lang), title("drivers", lang)),
        Table(result, caption=tr(lang, "维度驱动因素", "Dimension drivers"),
              sheet=tr(lang, "驱动因素-维度", "Drivers (dimensions)")),
    ]  # fmt: skip
    c = data.columns
    if c.servqual:
        perc = [p for _, _, p, _ in c.servqual]
        items = relative_weights(data.survey, outcome, perc)
        items.insert(0, "item", [i for i, *_ in c.servqual])
        items = items.drop(columns=["predictor"]).sort_values("raw_weight", ascending=False)
        blocks.append(Table(items.head(10), caption=tr(lang, "题项驱动因素（前 10）",
                                                       "Item drivers (top 10)"),
                            sheet=tr(lang, "驱动因素-题项", "Drivers (items)")))  # fmt: skip
    return Section("drivers", title("drivers", lang), blocks)


__all__ = [
    "build_drivers",
    "build_ipa",
    "build_kano",
    "build_satisfaction",
    "build_servqual",
    "dimension_scores",
    "outcome_column",
]
