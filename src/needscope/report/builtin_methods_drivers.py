"""Method sections on what drives satisfaction: importance–performance and key drivers."""

from __future__ import annotations

import pandas as pd

from needscope.methods import ipa, ipa_quadrants, key_drivers, relative_weights
from needscope.model.vocab import Lang, ServqualDimension
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.report.methods_context import MethodData, method_data, skip, title, tr
from needscope.report.plots_methods import ipa_figure, render_block
from needscope.report.plots_methods_bars import drivers_figure
from needscope.report.registry import ReportContext
from needscope.report.sections_methods import ipa_section


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
    for block in section.blocks:
        if isinstance(block, Table) and not c.importance:  # a % weight minus a rating means nothing
            block.frame = block.frame.drop(columns=["gap"], errors="ignore")
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]  # the 2×2 shows it
    section.blocks.insert(0, Text(how))
    section.blocks.insert(2, render_block(lambda: ipa_figure(result, lang),
                                          tr(lang, "IPA 四象限图", "IPA chart")))  # fmt: skip
    return section


def _shown(weights: pd.DataFrame) -> pd.DataFrame:
    """Relative-weight table for reading: sign as +/−, no repeated R² and n columns."""
    out = weights.drop(columns=["raw_ci_low", "raw_ci_high", "r2", "n"], errors="ignore")
    return out.assign(sign=out["sign"].map(lambda v: "+" if v >= 0 else "−"))


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
        Table(_shown(result), caption=tr(lang, "维度驱动因素", "Dimension drivers"),
              sheet=tr(lang, "驱动因素-维度", "Drivers (dimensions)")),
    ]  # fmt: skip
    c = data.columns
    if c.servqual:
        perc = [p for _, _, p, _ in c.servqual]
        items = relative_weights(data.survey, outcome, perc)
        items.insert(0, "item", [i for i, *_ in c.servqual])
        items.insert(1, "dimension", [d for *_, d in c.servqual])
        items = _shown(items.drop(columns=["predictor"])).sort_values("raw_weight", ascending=False)
        blocks.append(Table(items.head(10), caption=tr(lang, "题项驱动因素（前 10）",
                                                       "Item drivers (top 10)"),
                            sheet=tr(lang, "驱动因素-题项", "Drivers (items)")))  # fmt: skip
    return Section("drivers", title("drivers", lang), blocks)


__all__ = ["build_drivers", "build_ipa", "dimension_scores", "outcome_column"]
