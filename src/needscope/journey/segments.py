"""Segments of records a journey is evaluated on: a small ``field=value`` syntax.

``SEGMENT := CLAUSE ( ("&" | ";") CLAUSE )*`` and ``CLAUSE := FIELD "=" VALUE ("|" VALUE)*``.
All clauses must hold; a clause holds when the field equals any of its values (trimmed,
case-insensitive).  Fields:

* record fields: ``source_type`` (value or label: ``survey``/``问卷调查``), ``channel``,
  ``touchpoint``, ``lang``, ``sentiment``;
* ``store_type`` (alias ``store_cohort``): ``new``/``old`` or 新店/老店 — stores first seen three
  weeks or more after the data starts are new (the cohorts are given by the caller);
* customer attributes joined on ``customer_key``: ``age_band``, ``gender``, ``income_band``,
  ``education``, ``tier``, ``region``;
* ``rfm``: an RFM segment (``champions``, ``at_risk``… or its label) from the orders.

Examples: ``store_type=新店``, ``tier=金卡|银卡 & age_band=25-34``, ``rfm=at_risk``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from needscope.errors import InputError
from needscope.journey.model import Bi
from needscope.model.vocab import Lang, RfmSegment, SourceType

RECORD_FIELDS = ("source_type", "channel", "touchpoint", "lang", "sentiment")
CUSTOMER_FIELDS = ("age_band", "gender", "income_band", "education", "tier", "region")
COHORT_FIELDS = ("store_type", "store_cohort")
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "source_type": ("来源类型", "Source type"), "channel": ("渠道/门店", "Channel"),
    "touchpoint": ("触点", "Touchpoint"), "lang": ("语言", "Language"),
    "sentiment": ("情感", "Sentiment"), "store_type": ("门店类型", "Store type"),
    "store_cohort": ("门店类型", "Store type"), "age_band": ("年龄段", "Age band"),
    "gender": ("性别", "Gender"), "income_band": ("收入", "Income"),
    "education": ("学历", "Education"), "tier": ("会员等级", "Member tier"),
    "region": ("区域", "Region"), "rfm": ("RFM 分群", "RFM segment"),
}  # fmt: skip
COHORT_NAMES: dict[str, tuple[str, ...]] = {
    "new": ("new", "新店", "new stores", "new store"),
    "old": ("old", "老店", "established stores", "established", "old stores"),
}
_ALL_FIELDS = (*RECORD_FIELDS, *COHORT_FIELDS, *CUSTOMER_FIELDS, "rfm")


@dataclass(frozen=True)
class Clause:
    """One ``field=value|value`` condition."""

    field: str
    values: tuple[str, ...]


def parse_segment(text: str) -> tuple[Clause, ...]:
    """The clauses of a segment expression; an empty text means all records."""
    clauses: list[Clause] = []
    for part in re.split(r"[&;]", text or ""):
        if not part.strip():
            continue
        if "=" not in part:
            raise InputError(f"segment {part.strip()!r}: write field=value (e.g. store_type=新店)")
        field, _, value = part.partition("=")
        name = field.strip().lower()
        if name not in _ALL_FIELDS:
            raise InputError(
                f"segment field {field.strip()!r} is unknown; use one of: {', '.join(_ALL_FIELDS)}"
            )
        values = tuple(v.strip() for v in value.split("|") if v.strip())
        if not values:
            raise InputError(f"segment {part.strip()!r}: the value is empty")
        clauses.append(Clause(name, values))
    return tuple(clauses)


def _fold(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.casefold()


def _cohort_values(values: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for value in values:
        key = value.casefold()
        found = [k for k, names in COHORT_NAMES.items() if key in names]
        if not found:
            raise InputError(f"store_type {value!r}: use new/old (新店/老店)")
        out.update(found)
    return out


def _by_customer(
    frame: pd.DataFrame, by_key: pd.Series | None, values: set[str], what: str
) -> pd.Series:
    """Rows whose customer has one of ``values`` in ``by_key`` (customer key → value)."""
    if by_key is None or "customer_key" not in frame.columns:
        raise InputError(f"segment {what!r} needs customers linked to the records")
    folded = _fold(by_key.dropna())
    keys = set(folded[folded.isin(values)].index.astype(str))
    return frame["customer_key"].astype("string").isin(keys).fillna(False).astype(bool)


def _label_value(clause: Clause, lang: Lang) -> str:
    return "|".join(clause.values)


def segment_mask(
    frame: pd.DataFrame,
    segment: str | tuple[Clause, ...],
    *,
    customers: pd.DataFrame | None = None,
    rfm_segments: Mapping[str, str] | None = None,
    cohorts: Mapping[str, str] | None = None,
) -> tuple[pd.Series, Bi]:
    """Which rows of ``frame`` are in ``segment``, and the segment's name in both languages.

    ``customers`` has ``key`` and the attribute columns; ``rfm_segments`` maps a customer key
    to its RFM segment value; ``cohorts`` maps a channel to ``new``/``old``.
    """
    clauses = parse_segment(segment) if isinstance(segment, str) else segment
    mask = pd.Series(True, index=frame.index)
    names_zh, names_en = [], []
    for clause in clauses:
        wanted = {v.casefold() for v in clause.values}
        if clause.field in RECORD_FIELDS:
            if clause.field not in frame.columns:
                raise InputError(f"segment field {clause.field!r} is not in the records")
            if clause.field == "source_type":
                wanted = {_source(v) for v in clause.values}
            hit = _fold(frame[clause.field]).isin(wanted).fillna(False).astype(bool)
        elif clause.field in COHORT_FIELDS:
            if not cohorts:
                raise InputError("store_type needs stores opened at different times in the data")
            kinds = _cohort_values(clause.values)
            chans = {str(k).strip().casefold() for k, v in cohorts.items() if v in kinds}
            hit = _fold(frame["channel"]).isin(chans).fillna(False).astype(bool)
        elif clause.field in CUSTOMER_FIELDS:
            if customers is None or customers.empty or clause.field not in customers.columns:
                raise InputError(f"segment {clause.field!r} needs customers with that attribute")
            by_key = customers.drop_duplicates("key").set_index("key")[clause.field]
            by_key.index = by_key.index.astype(str)
            hit = _by_customer(frame, by_key, wanted, clause.field)
        else:
            seg_values = {_rfm(v) for v in clause.values}
            series = pd.Series(dict(rfm_segments or {}), dtype=object)
            if series.empty:
                raise InputError("segment 'rfm' needs orders with customer, time and amount")
            hit = _by_customer(frame, series, seg_values, "rfm")
        mask &= hit
        zh, en = FIELD_NAMES[clause.field]
        names_zh.append(f"{zh}={_label_value(clause, 'zh')}")
        names_en.append(f"{en} = {_label_value(clause, 'en')}")
    return mask, Bi("；".join(names_zh), "; ".join(names_en))


def _source(value: str) -> str:
    try:
        return SourceType.parse(value).value
    except ValueError:
        return value.casefold()


def _rfm(value: str) -> str:
    try:
        return RfmSegment.parse(value).value
    except ValueError:
        choices = ", ".join(s.value for s in RfmSegment)
        raise InputError(f"rfm {value!r} is not an RFM segment; use one of: {choices}") from None


__all__ = [
    "CUSTOMER_FIELDS",
    "FIELD_NAMES",
    "RECORD_FIELDS",
    "Clause",
    "parse_segment",
    "segment_mask",
]
