"""Where records land: each record's tags and touchpoint/channel fields matched to touchpoints.

Rules (documented in the report and the docs):

* **By tag.** A record lands on every touchpoint that lists one of its tags.  A fine tag that
  no touchpoint lists falls back to its nearest listed ancestor (``food.taste`` → ``food``);
  a parent tag never spreads down to its children, since a record tagged only ``food`` says
  nothing about taste or portions.
* **By name.** A record whose ``touchpoint`` or ``channel`` field equals one of a touchpoint's
  ``names`` (trimmed, case-insensitive) lands there too.
* A record counts once per touchpoint however many of its tags or fields point there.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from needscope.journey.model import Journey

TAGS_COL = "tags"
PROBLEMS_COL = "problem_tags"
NAME_COLS = ("touchpoint", "channel")


def tag_owners(journey: Journey, tags: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Map each tag to the touchpoints it lands on (its own listing, else its nearest ancestor's)."""
    listed: dict[str, list[str]] = {}
    for tp in journey.touchpoints:
        for tag in tp.tags:
            listed.setdefault(tag, []).append(tp.id)
    out: dict[str, tuple[str, ...]] = {}
    for tag in tags:
        key = str(tag)
        while key not in listed and "." in key:
            key = key.rsplit(".", 1)[0]
        out[str(tag)] = tuple(listed.get(key, ()))
    return out


def name_owners(journey: Journey) -> dict[str, tuple[str, ...]]:
    """Map each normalised touchpoint name to the touchpoints that answer to it."""
    out: dict[str, list[str]] = {}
    for tp in journey.touchpoints:
        for name in tp.names:
            out.setdefault(_norm(name), []).append(tp.id)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _norm(value: object) -> str:
    return str(value).strip().casefold()


def _explode_map(values: pd.Series, owners: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """``row``/``touchpoint``/``key`` triples of a column of lists (or scalars) via ``owners``."""
    rows: list[int] = []
    tps: list[str] = []
    keys: list[str] = []
    for i, value in enumerate(values.tolist()):
        if isinstance(value, str):
            items: Iterable[object] = (value,)
        elif isinstance(value, list | tuple):
            items = value
        else:
            continue
        for item in items:
            key = str(item)
            for tp in owners.get(key, ()):
                rows.append(i)
                tps.append(tp)
                keys.append(key)
    return pd.DataFrame(
        {"row": np.asarray(rows, dtype=np.int64), "touchpoint": pd.Series(tps, dtype=object),
         "key": pd.Series(keys, dtype=object)}
    )  # fmt: skip


def _positional(frame: pd.DataFrame, col: str) -> pd.Series:
    """Column ``col`` indexed by row position (empty lists when missing)."""
    if col not in frame.columns:
        return pd.Series([[] for _ in range(len(frame))], dtype=object)
    return pd.Series(frame[col].to_numpy(dtype=object), dtype=object)


def landing_pairs(journey: Journey, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (record position, touchpoint) a record lands on: ``row``, ``touchpoint``."""
    tags = _positional(frame, TAGS_COL)
    all_tags = {str(t) for ts in tags if isinstance(ts, list | tuple) for t in ts}
    parts = [_explode_map(tags, tag_owners(journey, all_tags))]
    names = name_owners(journey)
    if names:
        for col in NAME_COLS:
            if col in frame.columns:
                norm = [None if pd.isna(v) else _norm(v) for v in frame[col].tolist()]
                parts.append(_explode_map(pd.Series(norm, dtype=object), names))
    pairs = pd.concat(parts, ignore_index=True)[["row", "touchpoint"]]
    pairs = pairs.drop_duplicates().sort_values(["row", "touchpoint"], kind="stable")
    return pairs.reset_index(drop=True)


def problem_pairs(journey: Journey, frame: pd.DataFrame) -> pd.DataFrame:
    """(record position, touchpoint, problem tag) for problem tags that land on the touchpoint."""
    probs = _positional(frame, PROBLEMS_COL)
    all_tags = {str(t) for ts in probs if isinstance(ts, list | tuple) for t in ts}
    pairs = _explode_map(probs, tag_owners(journey, all_tags)).rename(columns={"key": "tag"})
    return pairs.drop_duplicates().reset_index(drop=True)


__all__ = ["landing_pairs", "name_owners", "problem_pairs", "tag_owners"]
