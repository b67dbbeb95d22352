"""SERVQUAL: expectation–perception gaps per item and dimension, weighted SQ, zone of tolerance."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from needscope.methods._common import (
    FloatArray,
    IntArray,
    as_list,
    group_codes,
    grouped_moments,
    numeric,
    require_columns,
    t_value,
)
from needscope.model.vocab import ServqualDimension, ZonePosition

_RATER = [
    ServqualDimension.TANGIBLES,
    ServqualDimension.RELIABILITY,
    ServqualDimension.RESPONSIVENESS,
    ServqualDimension.ASSURANCE,
    ServqualDimension.EMPATHY,
]
DEFAULT_DIMENSIONS: tuple[str, ...] = tuple(
    d.value for d, k in zip(_RATER, (4, 5, 4, 4, 5), strict=True) for _ in range(k)
)
"""Item → dimension of the 22-item SERVQUAL (Parasuraman, Zeithaml & Berry 1988/1991):
items 1–4 tangibles, 5–9 reliability, 10–13 responsiveness, 14–17 assurance, 18–22 empathy."""


def pair_columns(
    columns: Sequence[str],
    first: str = r"\(기대|expect|期望",
    second: str = r"\(인지|percept|感知|实际",
    key: str = r"^\s*(\d+)",
) -> pd.DataFrame:
    """Pair columns matching ``first`` and ``second`` regexes by the item key (e.g. "1-1"/"1-2")."""
    found: dict[str, dict[str, str]] = {}
    for col in columns:
        m = re.search(key, str(col))
        if m is None:
            continue
        for side, pattern in (("first", first), ("second", second)):
            if re.search(pattern, str(col), flags=re.IGNORECASE):
                found.setdefault(m.group(1), {}).setdefault(side, str(col))
    rows = [
        {"item": k, "first": v["first"], "second": v["second"]}
        for k, v in found.items()
        if "first" in v and "second" in v
    ]
    out = pd.DataFrame(rows, columns=["item", "first", "second"])
    order = pd.to_numeric(out["item"], errors="coerce")
    return (
        out.assign(_o=order)
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _rows(data: pd.DataFrame, cols: list[str]) -> FloatArray:
    """Numeric (columns × respondents) matrix of ``cols``, one contiguous row per column."""
    if not cols:
        return np.empty((0, len(data)))
    return np.vstack([numeric(data[c], c) for c in cols])


def _items(
    data: pd.DataFrame,
    expectation: str | Sequence[str],
    perception: str | Sequence[str],
    items: Sequence[str] | None,
    dimensions: Mapping[str, str] | Sequence[str | None] | None,
) -> tuple[list[str], list[str], list[str], list[str | None]]:
    """Validate the item pairs; return expectation and perception columns, names, dimensions."""
    e_cols, p_cols = as_list(expectation), as_list(perception)
    if len(e_cols) != len(p_cols) or not e_cols:
        raise ValueError(f"{len(e_cols)} expectation but {len(p_cols)} perception columns")
    require_columns(data, [*e_cols, *p_cols])
    names = list(items) if items is not None else [str(i + 1) for i in range(len(e_cols))]
    if len(names) != len(e_cols):
        raise ValueError(f"{len(names)} item names for {len(e_cols)} items")
    dims: list[str | None]
    if dimensions is None:
        dims = list(DEFAULT_DIMENSIONS) if len(e_cols) == 22 else [None] * len(e_cols)
    elif isinstance(dimensions, Mapping):
        dims = [dimensions.get(n) for n in names]
    else:
        dims = list(dimensions)
        if len(dims) != len(names):
            raise ValueError(f"{len(dims)} dimensions for {len(names)} items")
    return e_cols, p_cols, names, dims


def _gap_frame(
    key: str,
    names: list[str],
    e: FloatArray,
    p: FloatArray,
    seg: IntArray,
    labels: list[object],
    segment: str | None,
    confidence: float,
) -> pd.DataFrame:
    """Tidy gap table from (names × respondents) expectation and perception matrices."""
    codes = seg if segment is not None else None
    n_seg = max(len(labels), 1)
    both = ~(np.isnan(e) | np.isnan(p))
    e0, p0 = np.where(both, e, 0.0), np.where(both, p, 0.0)
    d = p0 - e0

    def sums(m: FloatArray) -> FloatArray:
        if codes is None:
            return np.asarray(m.sum(axis=1), dtype=np.float64)[None, :]
        keep = codes >= 0
        cols = [np.bincount(codes[keep], weights=row[keep], minlength=n_seg) for row in m]
        return np.column_stack(cols)

    n = sums(both.astype(np.float64))
    sq = (
        np.einsum("ij,ij->i", d, d)[None, :] if codes is None else sums(d * d)
    )  # sum of squared paired differences
    with np.errstate(invalid="ignore", divide="ignore"):
        e_mean, p_mean, gap = sums(e0) / n, sums(p0) / n, sums(d) / n
        sd = np.sqrt(np.maximum(sq - n * gap * gap, 0.0) / (n - 1.0))
        sd[n < 2] = np.nan
        half = t_value(confidence, n - 1.0) * sd / np.sqrt(n)
    out = pd.DataFrame(
        {key: np.tile(np.asarray(names, dtype=object), n_seg), "n": n.ravel().astype(np.int64),
         "expectation": e_mean.ravel(), "perception": p_mean.ravel(), "gap": gap.ravel(),
         "gap_sd": sd.ravel(), "gap_ci_low": (gap - half).ravel(),
         "gap_ci_high": (gap + half).ravel()}
    )  # fmt: skip
    if segment is not None:
        out.insert(0, "segment", np.repeat(np.asarray(labels, dtype=object), len(names)))
    return out


def servqual_gaps(
    data: pd.DataFrame,
    expectation: str | Sequence[str],
    perception: str | Sequence[str],
    items: Sequence[str] | None = None,
    dimensions: Mapping[str, str] | Sequence[str | None] | None = None,
    segment: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Gap (perception − expectation) per item over respondents answering both, with a t interval."""
    e_cols, p_cols, names, dims = _items(data, expectation, perception, items, dimensions)
    require_columns(data, [segment])
    seg, labels = group_codes(data, segment)
    out = _gap_frame("item", names, _rows(data, e_cols), _rows(data, p_cols), seg, labels,
                     segment, confidence)  # fmt: skip
    out.insert(
        2 if segment is not None else 1,
        "dimension",
        np.tile(np.asarray(dims, dtype=object), max(len(labels), 1)),
    )
    return out


def _dimension_scores(
    e: FloatArray, p: FloatArray, dims: list[str | None]
) -> tuple[list[str], FloatArray, FloatArray]:
    """Per-respondent mean expectation and perception of each dimension: (dims × respondents)."""
    order = list(dict.fromkeys(d for d in dims if d is not None))
    if not order:
        raise ValueError("no item has a dimension: pass dimensions= (item -> dimension)")
    both = ~np.isnan(e) & ~np.isnan(p)
    e, p = np.where(both, e, np.nan), np.where(both, p, np.nan)
    ed = np.full((len(order), e.shape[1]), np.nan)
    pdim = np.full((len(order), e.shape[1]), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for k, dim in enumerate(order):
            idx = [j for j, d in enumerate(dims) if d == dim]
            ed[k] = np.nanmean(e[idx], axis=0)
            pdim[k] = np.nanmean(p[idx], axis=0)
    return order, ed, pdim


def servqual_dimensions(
    data: pd.DataFrame,
    expectation: str | Sequence[str],
    perception: str | Sequence[str],
    dimensions: Mapping[str, str] | Sequence[str | None] | None = None,
    items: Sequence[str] | None = None,
    segment: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Gap per dimension: each respondent's dimension mean (P − E), averaged over respondents."""
    e_cols, p_cols, _, dims = _items(data, expectation, perception, items, dimensions)
    require_columns(data, [segment])
    seg, labels = group_codes(data, segment)
    order, ed, pdim = _dimension_scores(_rows(data, e_cols), _rows(data, p_cols), dims)
    out = _gap_frame("dimension", order, ed, pdim, seg, labels, segment, confidence)
    counts = [sum(1 for d in dims if d == dim) for dim in order]
    out.insert(2 if segment is not None else 1, "n_items", np.tile(counts, max(len(labels), 1)))
    return out


def servqual_score(
    data: pd.DataFrame,
    expectation: str | Sequence[str],
    perception: str | Sequence[str],
    dimensions: Mapping[str, str] | Sequence[str | None] | None = None,
    weights: Mapping[str, float] | None = None,
    weight_cols: Mapping[str, str] | None = None,
    segment: str | None = None,
) -> pd.DataFrame:
    """Unweighted SQ (mean of dimension gaps) and SQ weighted by point allocations (sum to 1)."""
    e_cols, p_cols, _, dims = _items(data, expectation, perception, None, dimensions)
    require_columns(data, [segment, *(weight_cols or {}).values()])
    order, ed, pdim = _dimension_scores(_rows(data, e_cols), _rows(data, p_cols), dims)
    gaps = (pdim - ed).T
    if weight_cols is not None:
        w = np.column_stack([numeric(data[weight_cols[d]], weight_cols[d]) for d in order])
    elif weights is not None:
        w = np.tile([float(weights.get(d, 0.0)) for d in order], (len(data), 1))
    else:
        w = np.ones_like(gaps)
    if (w < 0).any():
        raise ValueError("point allocations must not be negative")
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        w = w / np.nansum(w, axis=1, keepdims=True)
        unweighted = np.nanmean(gaps, axis=1)
        weighted = np.nansum(gaps * w, axis=1) / np.nansum(np.where(np.isnan(gaps), 0, w), axis=1)
    weighted[np.isnan(gaps).all(axis=1)] = np.nan
    seg, labels = group_codes(data, segment)
    n_seg = max(len(labels), 1)
    n, sq_u, sd_u = grouped_moments(seg, n_seg, unweighted)
    _, sq_w, sd_w = grouped_moments(seg, n_seg, weighted)
    out = pd.DataFrame(
        {"n": n.astype(np.int64), "sq_unweighted": sq_u, "sq_unweighted_sd": sd_u,
         "sq_weighted": sq_w, "sq_weighted_sd": sd_w}
    )  # fmt: skip
    for k, dim in enumerate(order):
        out[f"weight_{dim}"] = grouped_moments(seg, n_seg, w[:, k])[1]
    if segment is not None:
        out.insert(0, "segment", labels)
    return out


def zone_of_tolerance(
    data: pd.DataFrame,
    adequate: str | Sequence[str],
    desired: str | Sequence[str],
    perception: str | Sequence[str],
    items: Sequence[str] | None = None,
    segment: str | None = None,
) -> pd.DataFrame:
    """Zone of tolerance per item: MSA = P − adequate, MSS = P − desired, in/out of the zone."""
    a_cols, d_cols, p_cols = as_list(adequate), as_list(desired), as_list(perception)
    if not (len(a_cols) == len(d_cols) == len(p_cols)) or not a_cols:
        raise ValueError("adequate, desired and perception need the same number of columns")
    require_columns(data, [*a_cols, *d_cols, *p_cols, segment])
    names = list(items) if items is not None else [str(i + 1) for i in range(len(a_cols))]
    if len(names) != len(a_cols):
        raise ValueError(f"{len(names)} item names for {len(a_cols)} items")
    seg, labels = group_codes(data, segment)
    n_seg = max(len(labels), 1)
    a_m, d_m, p_m = _rows(data, a_cols).T, _rows(data, d_cols).T, _rows(data, p_cols).T
    frames = []
    for j, name in enumerate(names):
        ok = ~np.isnan(a_m[:, j]) & ~np.isnan(d_m[:, j]) & ~np.isnan(p_m[:, j])
        a, d, p = (np.where(ok, m[:, j], np.nan) for m in (a_m, d_m, p_m))
        n, mean_a, _ = grouped_moments(seg, n_seg, a)
        mean_d, mean_p = grouped_moments(seg, n_seg, d)[1], grouped_moments(seg, n_seg, p)[1]
        below = np.where(ok, (p < a) * 1.0, np.nan)
        above = np.where(ok, (p > d) * 1.0, np.nan)
        share_below = grouped_moments(seg, n_seg, below)[1]
        share_above = grouped_moments(seg, n_seg, above)[1]
        position = np.where(
            mean_p < mean_a, "below", np.where(mean_p > mean_d, "above", "within")
        ).astype(object)
        position[n == 0] = None
        block = pd.DataFrame(
            {"item": name, "n": n.astype(np.int64), "adequate": mean_a, "desired": mean_d,
             "perception": mean_p, "msa": mean_p - mean_a, "mss": mean_p - mean_d,
             "zone_width": mean_d - mean_a, "position": position, "share_below": share_below,
             "share_within": 1.0 - share_below - share_above, "share_above": share_above}
        )  # fmt: skip
        if segment is not None:
            block.insert(0, "segment", labels)
        frames.append(block)
    out = pd.concat(frames, ignore_index=True)
    if segment is not None:
        out = out.sort_values("segment", kind="stable").reset_index(drop=True)
    return out


__all__ = [
    "DEFAULT_DIMENSIONS",
    "ZonePosition",
    "pair_columns",
    "servqual_dimensions",
    "servqual_gaps",
    "servqual_score",
    "zone_of_tolerance",
]
