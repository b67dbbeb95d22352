"""Bar, line and interval figures of the analysis methods (drivers, gaps, hours, trends, Pareto).

Same house style and rendering as :mod:`needscope.report.plots_methods`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from needscope.model.vocab import Lang
from needscope.report.charts import PALETTE, wrap_label
from needscope.report.plots_methods import WIDTH_IN, new_figure, styled


def _t(lang: Lang, zh: str, en: str) -> str:
    """Pick the text in ``lang``."""
    return zh if lang == "zh" else en


# --------------------------------------------------------------------------- drivers


@styled
def drivers_figure(result: pd.DataFrame, lang: Lang = "zh") -> Figure:
    """Relative weights (% of R²) as horizontal bars with bootstrap intervals when present."""
    frame = result.sort_values("rescaled_weight").reset_index(drop=True)
    n = len(frame)
    fig, ax = new_figure(min(max(1.4 + 0.32 * n, 2.6), 9.0), left=1.3, bottom=0.75)
    pos = np.arange(n)
    values = frame["rescaled_weight"].to_numpy(dtype=float)
    colours = [
        PALETTE[0] if s >= 0 else PALETTE[3] for s in frame.get("sign", pd.Series(1, frame.index))
    ]
    ax.barh(pos, values, color=colours, height=0.6)
    if {"rescaled_ci_low", "rescaled_ci_high"} <= set(frame.columns):
        lo = values - frame["rescaled_ci_low"].to_numpy(dtype=float)
        hi = frame["rescaled_ci_high"].to_numpy(dtype=float) - values
        ax.errorbar(values, pos, xerr=np.vstack([np.maximum(lo, 0), np.maximum(hi, 0)]),
                    fmt="none", ecolor="#333333", elinewidth=0.9, capsize=3)  # fmt: skip
    ax.set_yticks(pos, [wrap_label(str(p), 18, 2) for p in frame["predictor"]])
    ax.set_xlabel(_t(lang, "相对权重（占 R² 的 %），须线为 95% 自助法区间",
                     "Relative weight (% of R²); whiskers: 95% bootstrap interval"))  # fmt: skip
    ax.set_title(_t(lang, "关键驱动因素", "Key drivers"))
    ax.set_xlim(0, None)
    return fig


# --------------------------------------------------------------------------- gaps, hours


@styled
def gaps_figure(
    table: pd.DataFrame, label: str, series: str | None = None, colour: str | None = None,
    title: str = "", lang: Lang = "zh",
) -> Figure:  # fmt: skip
    """Horizontal gap bars from zero (negative = short of expectation), 95% whiskers if given.

    ``series`` groups bars per label (e.g. store cohorts); ``colour`` colours single bars by a
    category (e.g. SERVQUAL dimension).
    """
    labels = list(dict.fromkeys(table[label].astype(str)))
    groups = list(dict.fromkeys(table[series].astype(str))) if series else [""]
    k, n = len(groups), len(labels)
    fig, ax = new_figure(min(max(1.0 + 0.24 * n * max(1, 0.6 * k), 2.6), 9.0), left=1.0,
                          bottom=0.55, right=1.3 if (series or colour) else 0.3)  # fmt: skip
    height = 0.8 / k
    cats = list(dict.fromkeys(table[colour].astype(str))) if colour else []
    seen: set[str] = set()
    for g_i, group in enumerate(groups):
        part = table[table[series].astype(str) == group] if series else table
        part = part.set_index(part[label].astype(str)).reindex(labels)
        pos = np.arange(n) + (g_i - (k - 1) / 2) * height
        vals = part["gap"].to_numpy(dtype=float)
        if colour:
            keys = part[colour].astype(str).tolist()
            colours = [PALETTE[cats.index(c) % len(PALETTE)] for c in keys]
        else:
            colours = [PALETTE[g_i % len(PALETTE)]] * n
        bars = ax.barh(pos, vals, height=height * 0.9, color=colours,
                       label=group if series else None)  # fmt: skip
        if colour:
            for bar, key in zip(bars, keys, strict=True):
                if key not in seen:
                    bar.set_label(key)
                    seen.add(key)
        if {"gap_ci_low", "gap_ci_high"} <= set(part.columns):
            lo = vals - part["gap_ci_low"].to_numpy(dtype=float)
            hi = part["gap_ci_high"].to_numpy(dtype=float) - vals
            ax.errorbar(vals, pos, xerr=np.vstack([np.maximum(lo, 0), np.maximum(hi, 0)]),
                        fmt="none", ecolor="#444444", elinewidth=0.7, capsize=1.5)  # fmt: skip
    ax.axvline(0, color="#666666", lw=0.8)
    ax.set_yticks(np.arange(n), [wrap_label(x, 12, 2) for x in labels])
    ax.invert_yaxis()
    low = float(np.nanmin(table.get("gap_ci_low", table["gap"]).to_numpy(dtype=float)))
    high = float(np.nanmax(table.get("gap_ci_high", table["gap"]).to_numpy(dtype=float)))
    span = max(high, 0.0) - min(low, 0.0)
    ax.set_xlim(min(low, 0.0) - 0.05 * span, max(high, 0.0) + 0.05 * span)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel(_t(lang, "差距（感知 − 期望），须线为 95% 区间",
                     "Gap (perception − expectation); whiskers: 95% CI"))  # fmt: skip
    if series or colour:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(title)
    return fig


@styled
def hours_figure(breakdown: pd.DataFrame, title: str = "", lang: Lang = "zh") -> Figure:
    """Orders (or contacts) per hour of day; the hours a claim is about in red."""
    fig, ax = new_figure(3.2, bottom=0.55, left=0.6)
    hours = breakdown["hour"].to_numpy(dtype=int)
    inside = breakdown["in_window"].to_numpy(dtype=bool)
    counts = breakdown["count"].to_numpy(dtype=float)
    ax.bar(hours, counts, color=[PALETTE[3] if w else PALETTE[9] for w in inside], width=0.8)
    share = counts[inside].sum() / counts.sum() if counts.sum() else float("nan")
    ax.text(0.99, 0.97, _t(lang, f"红色时段占 {share:.1%}", f"Red hours: {share:.1%}"),
            transform=ax.transAxes, ha="right", va="top", fontsize=10, color=PALETTE[3])  # fmt: skip
    ax.set_xticks(hours, [f"{h:02d}" for h in hours], fontsize=7.5)
    ax.set_xlim(-0.6, 23.6)
    ax.set_xlabel(_t(lang, "下单时刻（小时）", "Hour of day"))
    ax.set_ylabel(_t(lang, "数量", "Count"))
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_title(wrap_label(title, 70, 2))
    return fig


# --------------------------------------------------------------------------- trends


@styled
def trend_figure(trend: pd.DataFrame, lang: Lang = "zh") -> Figure:
    """Monthly NPS with its 95% band (left) and CSAT / low-effort shares in % (right)."""
    has_nps = "nps" in trend.columns
    shares = [c for c in ("csat", "low_effort") if c in trend.columns]
    panels = int(has_nps) + int(bool(shares))
    fig = Figure(figsize=(WIDTH_IN, 3.2))
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.27, top=0.86, wspace=0.28)
    axes = [fig.add_subplot(1, panels, i + 1) for i in range(panels)]
    pos = np.arange(len(trend))
    ticks = [str(p)[2:] if len(trend) > 6 else str(p) for p in trend["period"]]
    if has_nps:
        ax = axes[0]
        if {"nps_ci_low", "nps_ci_high"} <= set(trend.columns):
            ax.fill_between(pos, trend["nps_ci_low"].to_numpy(dtype=float),
                            trend["nps_ci_high"].to_numpy(dtype=float), color=PALETTE[0],
                            alpha=0.15, lw=0)  # fmt: skip
        ax.plot(pos, trend["nps"].to_numpy(dtype=float), color=PALETTE[0], marker="o", ms=3.5)
        ax.axhline(0, color="#bbbbbb", lw=0.8)
        ax.set_title(_t(lang, "NPS 月度趋势（阴影为 95% 区间）", "NPS by month (band: 95% CI)"))
    if shares:
        ax = axes[-1]
        names = {"csat": _t(lang, "CSAT 前两箱 %", "CSAT top-2 %"),
                 "low_effort": _t(lang, "低费力 %", "Low effort %")}  # fmt: skip
        for i, col in enumerate(shares):
            ax.plot(pos, trend[col].to_numpy(dtype=float), color=PALETTE[i + 1], marker="o",
                    ms=3.5, label=names[col])  # fmt: skip
        ax.set_ylim(0, 100)
        ax.set_title(_t(lang, "CSAT 与低费力占比", "CSAT and low effort"))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    for ax in axes:
        ax.set_xticks(pos, ticks, rotation=45 if len(trend) > 6 else 0, fontsize=8)
    return fig


# --------------------------------------------------------------------------- Pareto


@styled
def pareto_figure(table: pd.DataFrame, lang: Lang = "zh", cutoff: float = 0.8) -> Figure:
    """Pareto chart: counts per cause (bars, vital few highlighted) and the cumulative share."""
    fig, ax = new_figure(3.8, bottom=0.75, right=0.75)
    pos = np.arange(len(table))
    colours = [PALETTE[3] if v else PALETTE[9] for v in table["vital_few"]]
    ax.bar(pos, table["count"].to_numpy(dtype=float), color=colours, width=0.65)
    ax.set_xticks(pos, [wrap_label(str(c), 8, 2) for c in table["cause"]], fontsize=8)
    ax.set_ylabel(_t(lang, "数量", "Count"))
    twin = ax.twinx()
    twin.plot(pos, 100 * table["cum_share"].to_numpy(dtype=float), color=PALETTE[0], marker="o",
              markersize=3.5, lw=1.4)  # fmt: skip
    twin.axhline(100 * cutoff, color="#999999", lw=0.8, ls="--")
    twin.set_ylim(0, 105)
    twin.set_ylabel(_t(lang, "累计占比（%）", "Cumulative share (%)"))
    twin.spines["right"].set_visible(True)
    ax.set_title(_t(lang, "投诉帕累托图（红色为累计达 80% 的关键少数）",
                    "Complaint Pareto (red: the vital few up to 80%)"))  # fmt: skip
    return fig


__all__ = ["drivers_figure", "gaps_figure", "hours_figure", "pareto_figure", "trend_figure"]
