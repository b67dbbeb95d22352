"""Counts and trends of tags: shares by group and period, change tested with a two-proportion z."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from needscope.model.vocab import Lang
from needscope.text.packs import Pack, load_pack


def two_proportion_z(x1: int, n1: int, x0: int, n0: int) -> tuple[float, float]:
    """Pooled two-proportion z statistic and two-sided p-value (NaN when undefined)."""
    if n1 <= 0 or n0 <= 0:
        return math.nan, math.nan
    pooled = (x1 + x0) / (n1 + n0)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    if se == 0:
        return math.nan, math.nan
    z = (x1 / n1 - x0 / n0) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


def _tag_matrix(data: pd.DataFrame, tags_col: str, level: str) -> pd.DataFrame:
    """0/1 indicator frame: one column per tag (``top`` rolls fine tags up to their parent)."""
    lists = data[tags_col].map(
        lambda v: list(v) if isinstance(v, list | tuple | np.ndarray) else []
    )
    if level == "top":
        lists = lists.map(lambda ts: sorted({t.split(".", 1)[0] for t in ts}))
    exploded = lists.explode().dropna()
    if exploded.empty:
        return pd.DataFrame(index=data.index)
    ind = pd.crosstab(exploded.index, exploded).clip(upper=1)
    return ind.reindex(data.index, fill_value=0)


def tag_shares(
    data: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    tags_col: str = "tags",
    level: str = "fine",
) -> pd.DataFrame:
    """Per group and tag: ``records`` (group size), ``count`` (records with the tag), ``share`` %."""
    keys = [by] if isinstance(by, str) else list(by or [])
    missing = [k for k in [*keys, tags_col] if k not in data.columns]
    if missing:
        raise KeyError(f"column(s) {missing} not found")
    ind = _tag_matrix(data, tags_col, level)
    groups = data[keys].fillna("—").astype(str) if keys else pd.DataFrame(index=data.index)
    frame = pd.concat([groups, ind], axis=1)
    sizes = frame.groupby(keys).size() if keys else pd.Series({(): len(frame)})
    counts = frame.groupby(keys)[list(ind.columns)].sum() if keys else ind.sum().to_frame().T
    long = pd.DataFrame(counts.stack()).reset_index()
    long.columns = pd.Index([*keys, "tag", "count"] if keys else ["_", "tag", "count"])
    if not keys:
        long = long.drop(columns="_")
        long["records"] = len(frame)
    else:
        long = long.merge(sizes.rename("records").reset_index(), on=keys)
    long["count"] = long["count"].astype("int64")
    long["share"] = (100.0 * long["count"] / long["records"].clip(lower=1)).round(2)
    return (
        long[[*keys, "tag", "records", "count", "share"]]
        .sort_values([*keys, "count"], ascending=[True] * len(keys) + [False], kind="stable")
        .reset_index(drop=True)
    )


def tag_trend(
    data: pd.DataFrame,
    time_col: str = "ts",
    freq: str = "M",
    tags_col: str = "tags",
    level: str = "fine",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Share of each tag per period with the change vs the previous period and a z-test flag."""
    ts = pd.to_datetime(data[time_col], errors="coerce")
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_localize(None)
    dated = data[ts.notna()].assign(period=ts[ts.notna()].dt.to_period(freq).astype(str))
    if dated.empty:
        cols = ["period", "tag", "records", "count", "share", "prev_share", "change", "z", "p"]
        return pd.DataFrame(columns=[*cols, "significant"])
    shares = tag_shares(dated, "period", tags_col, level)
    full = pd.MultiIndex.from_product(
        [sorted(shares["period"].unique()), sorted(shares["tag"].unique())], names=["period", "tag"]
    )
    sizes = dated.groupby("period").size()
    shares = shares.set_index(["period", "tag"]).reindex(full).reset_index()
    shares["records"] = shares["period"].map(sizes).astype("int64")
    shares["count"] = shares["count"].fillna(0).astype("int64")
    shares["share"] = (100.0 * shares["count"] / shares["records"]).round(2)
    shares = shares.sort_values(["tag", "period"], kind="stable").reset_index(drop=True)
    prev_n = shares.groupby("tag")["records"].shift()
    prev_x = shares.groupby("tag")["count"].shift()
    shares["prev_share"] = shares.groupby("tag")["share"].shift()
    shares["change"] = (shares["share"] - shares["prev_share"]).round(2)
    stats = [
        two_proportion_z(int(x1), int(n1), int(x0), int(n0)) if pd.notna(n0) else (math.nan,) * 2
        for x1, n1, x0, n0 in zip(shares["count"], shares["records"], prev_x, prev_n, strict=True)
    ]
    shares["z"] = [round(z, 3) if not math.isnan(z) else math.nan for z, _ in stats]
    shares["p"] = [p for _, p in stats]
    shares["significant"] = shares["p"] < alpha
    return shares


def compare_windows(
    data: pd.DataFrame,
    months: int = 3,
    end: pd.Timestamp | str | None = None,
    time_col: str = "ts",
    tags_col: str = "tags",
    level: str = "fine",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Each tag's share in the last ``months`` vs the ``months`` before, with z, p and a flag."""
    ts = pd.to_datetime(data[time_col], errors="coerce")
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_localize(None)
    stop = pd.Timestamp(end) if end is not None else ts.max()
    cols = ["tag", "records", "count", "share", "prev_records", "prev_count", "prev_share"]
    cols += ["change", "z", "p", "significant", "start", "prev_start", "end"]
    if pd.isna(stop):
        return pd.DataFrame(columns=cols)
    start = stop - pd.DateOffset(months=months)
    prev_start = start - pd.DateOffset(months=months)
    now = (ts > start) & (ts <= stop)
    before = (ts > prev_start) & (ts <= start)
    ind = _tag_matrix(data, tags_col, level)
    n1, n0 = int(now.sum()), int(before.sum())
    rows: list[dict[str, Any]] = []
    for tag in ind.columns:
        x1, x0 = int(ind.loc[now, tag].sum()), int(ind.loc[before, tag].sum())
        if x1 == 0 and x0 == 0:
            continue
        z, p = two_proportion_z(x1, n1, x0, n0)
        s1 = 100.0 * x1 / n1 if n1 else math.nan
        s0 = 100.0 * x0 / n0 if n0 else math.nan
        rows.append(
            {
                "tag": tag,
                "records": n1,
                "count": x1,
                "share": round(s1, 2),
                "prev_records": n0,
                "prev_count": x0,
                "prev_share": round(s0, 2),
                "change": round(s1 - s0, 2),
                "z": z,
                "p": p,
                "significant": bool(p < alpha) if not math.isnan(p) else False,
                "start": start,
                "prev_start": prev_start,
                "end": stop,
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def trend_sentence(
    row: pd.Series | dict[str, Any],
    lang: Lang = "zh",
    pack: Pack | str | None = None,
    months: int = 3,
    population: tuple[str, str] = ("记录", "records"),
) -> str:
    """E.g. "响应延迟占近3个月投诉的40.0%，高于此前的25.0%（差异显著）"."""
    tag = str(row["tag"])
    label = tag
    if pack is not None:
        p = pack if isinstance(pack, Pack) else load_pack(pack)
        try:
            label = p.tag(tag).label(lang)
        except KeyError:
            label = tag
    share, prev = float(row["share"]), float(row["prev_share"])
    sig = bool(row.get("significant", False))
    if lang == "zh":
        word = "高于" if share > prev else "低于" if share < prev else "持平于"
        tail = "（差异显著）" if sig else "（差异不显著）"
        return (
            f"{label}占近{months}个月{population[0]}的{share:.1f}%，{word}此前的{prev:.1f}%{tail}"
        )
    word = "up from" if share > prev else "down from" if share < prev else "level with"
    tail = " (significant)" if sig else " (not significant)"
    return (
        f"{label} is {share:.1f}% of {population[1]} in the last {months} months, "
        f"{word} {prev:.1f}%{tail}"
    )


def trend_report(
    data: pd.DataFrame,
    pack: Pack | str = "restaurant",
    months: int = 3,
    population: tuple[str, str] = ("记录", "records"),
    n_quotes: int = 2,
    time_col: str = "ts",
    tags_col: str = "tags",
    level: str = "fine",
) -> pd.DataFrame:
    """:func:`compare_windows` plus the zh/en sentence and recent quotes for each tag."""
    p = pack if isinstance(pack, Pack) else load_pack(pack)
    table = compare_windows(data, months, None, time_col, tags_col, level)
    if table.empty:
        return table.assign(sentence_zh=[], sentence_en=[], quotes=[])
    ts = pd.to_datetime(data[time_col], errors="coerce")
    recent = data[(ts > table["start"].iloc[0]) & (ts <= table["end"].iloc[0])]
    quote_col = "text_masked" if "text_masked" in data.columns else "text"
    quotes: list[list[str]] = []
    for tag in table["tag"]:
        has = recent[tags_col].map(
            lambda ts_, t=tag: any(x == t or x.startswith(t + ".") for x in (ts_ or []))
        )
        picked = recent.loc[has, quote_col].dropna().astype(str).drop_duplicates().head(n_quotes)
        quotes.append(picked.tolist())
    table["sentence_zh"] = [
        trend_sentence(r, "zh", p, months, population) for _, r in table.iterrows()
    ]
    table["sentence_en"] = [
        trend_sentence(r, "en", p, months, population) for _, r in table.iterrows()
    ]
    table["quotes"] = quotes
    return table


def bh_adjust(p: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (NaN stays NaN)."""
    values = np.asarray(p, dtype=float)
    out = np.full(len(values), math.nan)
    ok = np.flatnonzero(~np.isnan(values))
    if len(ok):
        order = ok[np.argsort(values[ok], kind="stable")]
        m = len(order)
        ranked = values[order] * m / np.arange(1, m + 1)
        adjusted = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
        out[order] = adjusted
    return out.tolist()


def _has_tag(tags: Any, tag: str) -> bool:
    """Whether a record's tags include ``tag`` or one of its finer tags."""
    items = tags if isinstance(tags, list | tuple | np.ndarray) else []
    return any(x == tag or str(x).startswith(tag + ".") for x in items)


def segment_trends(
    data: pd.DataFrame,
    by: str,
    months: int = 3,
    end: pd.Timestamp | str | None = None,
    tags: Sequence[str] | None = None,
    time_col: str = "ts",
    tags_col: str = "tags",
    level: str = "fine",
    alpha: float = 0.05,
    n_quotes: int = 1,
) -> pd.DataFrame:
    """Each tag's share per segment (values of column ``by``) in the last ``months`` vs the
    ``months`` before, all segments on the same windows (ending at the latest record, or
    ``end``).

    Columns: ``segment``, ``tag`` and those of :func:`compare_windows`, plus ``q`` (the
    Benjamini–Hochberg adjusted p over every row, as many segments × tags are tested at once),
    ``significant`` (q < ``alpha``) and ``quotes`` (recent records of the segment with the tag).
    Records without a value of ``by`` are left out; ``tags`` limits the tags compared.
    """
    cols = ["segment", "tag", "records", "count", "share", "prev_records", "prev_count"]
    cols += ["prev_share", "change", "z", "p", "q", "significant", "quotes"]
    if by not in data.columns:
        raise KeyError(f"column {by!r} not found")
    ts = pd.to_datetime(data[time_col], errors="coerce")
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_localize(None)
    stop = pd.Timestamp(end) if end is not None else ts.max()
    keep = data[by].notna() & (data[by].astype(str).str.strip() != "")
    if pd.isna(stop) or not keep.any():
        return pd.DataFrame(columns=cols)
    start = stop - pd.DateOffset(months=months)
    frame = data[keep].assign(**{time_col: ts[keep]})
    quote_col = "text_masked" if "text_masked" in frame.columns else "text"
    parts: list[pd.DataFrame] = []
    for value, sub in frame.groupby(frame[by].astype(str), sort=True):
        table = compare_windows(sub, months, stop, time_col, tags_col, level, alpha)
        if tags is not None:
            table = table[table["tag"].isin(list(tags))]
        if table.empty:
            continue
        recent = sub[(sub[time_col] > start) & (sub[time_col] <= stop)]
        quotes = []
        for tag in table["tag"]:
            has = recent[tags_col].map(lambda v, t=tag: _has_tag(v, t))
            picked = recent.loc[has, quote_col].dropna().astype(str).drop_duplicates()
            quotes.append(picked.head(n_quotes).tolist())
        parts.append(table.assign(segment=str(value), quotes=quotes))
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["q"] = bh_adjust(out["p"].astype(float).tolist())
    out["significant"] = out["q"].lt(alpha) & out["q"].notna()
    return out[cols].reset_index(drop=True)


__all__ = [
    "bh_adjust",
    "compare_windows",
    "segment_trends",
    "tag_shares",
    "tag_trend",
    "trend_report",
    "trend_sentence",
    "two_proportion_z",
]
