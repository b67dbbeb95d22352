"""Importance–performance analysis: quadrants 集中改进 / 继续保持 / 低优先 / 过度投入."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from needscope.methods._common import (
    as_list,
    group_codes,
    grouped_moments,
    numeric,
    require_columns,
)
from needscope.model.vocab import IpaQuadrant, Lang

Crosshair = Literal["mean", "midpoint"]


def ipa_quadrants(
    table: pd.DataFrame,
    item: str = "item",
    importance: str = "importance",
    performance: str = "performance",
    crosshair: Crosshair = "mean",
    scale: tuple[float, float] | None = None,
    lang: Lang = "zh",
) -> pd.DataFrame:
    """Quadrant of each item from its importance and performance (a value on a line counts high)."""
    require_columns(table, [item, importance, performance])
    imp = numeric(table[importance], importance)
    perf = numeric(table[performance], performance)
    if crosshair == "mean":
        x_imp, x_perf = float(np.nanmean(imp)), float(np.nanmean(perf))
    elif crosshair == "midpoint":
        if scale is None:
            raise ValueError("crosshair='midpoint' needs scale=(low, high)")
        x_imp = x_perf = (float(scale[0]) + float(scale[1])) / 2.0
    else:
        raise ValueError(f"crosshair must be 'mean' or 'midpoint', got {crosshair!r}")
    high_i, high_p = imp >= x_imp, perf >= x_perf
    quadrant = np.select(
        [high_i & ~high_p, high_i & high_p, ~high_i & ~high_p],
        [IpaQuadrant.CONCENTRATE.value, IpaQuadrant.KEEP_UP.value,
         IpaQuadrant.LOW_PRIORITY.value],
        IpaQuadrant.OVERKILL.value,
    ).astype(object)  # fmt: skip
    quadrant[np.isnan(imp) | np.isnan(perf)] = None
    out = table.rename(
        columns={item: "item", importance: "importance", performance: "performance"}
    ).copy()
    out["gap"] = perf - imp
    out["quadrant"] = quadrant
    out["quadrant_label"] = out["quadrant"].map(IpaQuadrant.labels(lang))
    out["importance_crosshair"], out["performance_crosshair"] = x_imp, x_perf
    return out


def ipa(
    data: pd.DataFrame,
    importance: str | Sequence[str],
    performance: str | Sequence[str],
    items: Sequence[str] | None = None,
    crosshair: Crosshair = "mean",
    scale: tuple[float, float] | None = None,
    segment: str | None = None,
    lang: Lang = "zh",
) -> pd.DataFrame:
    """IPA from respondent ratings: mean importance and performance per item, then quadrants."""
    i_cols, p_cols = as_list(importance), as_list(performance)
    if len(i_cols) != len(p_cols) or not i_cols:
        raise ValueError(f"{len(i_cols)} importance but {len(p_cols)} performance columns")
    require_columns(data, [*i_cols, *p_cols, segment])
    names = list(items) if items is not None else i_cols
    if len(names) != len(i_cols):
        raise ValueError(f"{len(names)} item names for {len(i_cols)} items")
    seg, labels = group_codes(data, segment)
    n_seg = max(len(labels), 1)
    moments = [
        (grouped_moments(seg, n_seg, numeric(data[ic], ic)),
         grouped_moments(seg, n_seg, numeric(data[pc], pc)))
        for ic, pc in zip(i_cols, p_cols, strict=True)
    ]  # fmt: skip
    frames = []
    for s in range(n_seg):
        rows = [
            {"item": name, "importance": mi[1][s], "performance": mp[1][s],
             "n_importance": int(mi[0][s]), "n_performance": int(mp[0][s])}
            for name, (mi, mp) in zip(names, moments, strict=True)
        ]  # fmt: skip
        block = ipa_quadrants(pd.DataFrame(rows), crosshair=crosshair, scale=scale, lang=lang)
        if segment is not None:
            block.insert(0, "segment", [labels[s]] * len(block))
        frames.append(block)
    return pd.concat(frames, ignore_index=True)


__all__ = ["Crosshair", "IpaQuadrant", "ipa", "ipa_quadrants"]
