"""Turn a project's records into the wide tables the analysis methods need.

Survey respondents × answer columns (ratings and text attributes) joined with customer
segments; orders (customer, time, amount) for RFM and hourly checks; complaints with category
and severity. Columns are found by name patterns in Chinese and English, never by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from needscope.methods.servqual import DEFAULT_DIMENSIONS
from needscope.model.vocab import Lang, ServqualDimension
from needscope.services.projects import find_project
from needscope.store import Store, need_evidence, needs

SEGMENT_FIELDS = ("age_band", "gender", "income_band", "education", "tier", "region")
"""Customer attributes a survey is broken down by (joined by ``customer_key``)."""

BASE_COLUMNS = ("record_id", "source_type", "ts", "month", "channel", "customer_key", "text")

COHORT_LABELS: dict[str, dict[Lang, str]] = {
    "new": {"zh": "新店", "en": "New stores"},
    "old": {"zh": "老店", "en": "Established stores"},
}
"""Labels of the store cohorts found from the first record of each channel."""

_NPS = re.compile(r"nps|推荐|recommend|净推荐", re.I)
_CSAT = re.compile(r"csat|满意|satisf", re.I)
_CES = re.compile(r"\bces\b|费力|省力|effort|容易|轻松|\bease\b|easy", re.I)
_CES_HARD = re.compile(r"费力|effort|难|difficult|hard", re.I)
_NOT_OVERALL = re.compile(r"期望|感知|重要|expect|percept|import|[_\s-]\d", re.I)
_OVERALL = re.compile(r"总体|整体|overall|总的", re.I)
_FUNCTIONAL = re.compile(r"正向|功能|具备|提供时|functional|positive|\bfunc\b", re.I)
_DYSFUNCTIONAL = re.compile(r"反向|非功能|不具备|不提供|dysfunctional|negative|\bdys", re.I)
_KANO_WORDS = re.compile(
    r"kano|正向|反向|非功能|功能|具备|不具备|提供时|不提供|dysfunctional|functional|positive|"
    r"negative|\bdys\b|\bfunc\b|问题|question|[_\s\-:：()（）]+",
    re.I,
)
_EXPECT = r"期望|expect|기대"
_PERCEIVE = r"感知|percept|인지|实际|perform|表现"
_ADEQUATE = r"适当|最低|可接受|adequate|minimum"
_DESIRED = r"理想|desired"
_IMPORTANCE = r"重要|importance"
_AMOUNT = re.compile(r"金额|实付|消费额|营业额|销售额|amount|revenue|sales|spend|total", re.I)
_CATEGORY = re.compile(
    r"投诉类别|投诉类型|投诉原因|投诉分类|complaint.?(category|type|cause)|问题类别|"
    r"^category$|^cause$|^类别$|^类型$|^原因$",
    re.I,
)
_SEVERITY = re.compile(r"严重|severity|等级|级别|priority|urgency", re.I)
_DIMENSION_WORDS: dict[str, tuple[str, ...]] = {
    ServqualDimension.TANGIBLES.value: ("有形", "tangib"),
    ServqualDimension.RELIABILITY.value: ("可靠", "reliab"),
    ServqualDimension.RESPONSIVENESS.value: ("响应", "respons"),
    ServqualDimension.ASSURANCE.value: ("保证", "assur"),
    ServqualDimension.EMPATHY.value: ("移情", "empath"),
}


# --------------------------------------------------------------------------- wide frames


def _dicts(series: pd.Series) -> pd.DataFrame:
    """A column of dicts as a frame (one column per key)."""
    frame = pd.DataFrame.from_records([v if isinstance(v, dict) else {} for v in series])
    frame.index = series.index
    return frame


def wide_frame(records: pd.DataFrame) -> pd.DataFrame:
    """One row per record: base columns, then one column per rating (number) and attr (text)."""
    out = pd.DataFrame(index=records.index)
    out["record_id"] = records["id"] if "id" in records else np.arange(len(records))
    for col in ("source_type", "ts", "channel", "customer_key", "text"):
        out[col] = records.get(col)
    out["ts"] = pd.to_datetime(out["ts"], errors="coerce")
    out["month"] = out["ts"].dt.to_period("M").astype(str).where(out["ts"].notna())
    parts = [out]
    taken = set(out.columns)
    for col in ("ratings", "attrs"):
        if col not in records or records.empty:
            continue
        extra = _dicts(records[col])
        extra = extra[[c for c in extra.columns if c not in taken]]
        if col == "ratings":
            extra = extra.apply(pd.to_numeric, errors="coerce")
        taken |= set(extra.columns)
        parts.append(extra)
    return pd.concat(parts, axis=1)


def _numeric_cols(frame: pd.DataFrame) -> list[str]:
    """Answer columns holding numbers (base columns excluded)."""
    return [
        c
        for c in frame.columns
        if c not in BASE_COLUMNS
        and c not in SEGMENT_FIELDS
        and pd.api.types.is_numeric_dtype(frame[c].dtype)
        and frame[c].notna().any()
    ]


# --------------------------------------------------------------------------- column detection


@dataclass
class SurveyColumns:
    """Which survey columns hold which measure (None / empty: not in the data)."""

    nps: str | None = None
    csat: str | None = None
    csat_scale: tuple[float, float] = (1.0, 5.0)
    ces: str | None = None
    ces_scale: int = 7
    ces_higher_is_easier: bool = False
    kano: list[tuple[str, str, str]] = field(default_factory=list)
    servqual: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    zone: list[tuple[str, str, str, str]] = field(default_factory=list)
    importance: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def servqual_dimensions(self) -> list[str | None]:
        """Dimension of each SERVQUAL item, in order."""
        return [d for _, _, _, d in self.servqual]


def _first(columns: Iterable[str], pattern: re.Pattern[str], prefer: re.Pattern[str]) -> list[str]:
    """Columns matching ``pattern`` and not item-level, those matching ``prefer`` first."""
    found = [c for c in columns if pattern.search(c) and not _NOT_OVERALL.search(c)]
    return sorted(found, key=lambda c: 0 if prefer.search(c) else 1)


def _range(frame: pd.DataFrame, col: str) -> tuple[float, float, bool]:
    """Min, max and whether all values are whole numbers."""
    x = frame[col].dropna().to_numpy(dtype=float)
    return float(x.min()), float(x.max()), bool(np.all(x == np.round(x)))


def _pairs(columns: Sequence[str], first: str, second: str) -> list[tuple[str, str, str]]:
    """(item key, first column, second column) paired by the item's number."""
    found: dict[str, dict[str, str]] = {}
    for col in columns:
        m = re.search(r"(\d+)", col)
        if m is None:
            continue
        for side, pattern in (("a", first), ("b", second)):
            if re.search(pattern, col, flags=re.I):
                found.setdefault(m.group(1), {}).setdefault(side, col)
    pairs = [(k, v["a"], v["b"]) for k, v in found.items() if "a" in v and "b" in v]
    return sorted(pairs, key=lambda p: int(p[0]))


def _item_name(col: str) -> str:
    """Short item name of an answer column ("SQ01_感知" → "SQ01")."""
    name = re.split(r"[_\s\-:：(（]+(?:" + _PERCEIVE + r"|" + _EXPECT + ")", col, flags=re.I)[0]
    return name.strip() or col


def _dimension_of(col: str) -> str | None:
    """SERVQUAL dimension named in a column, if any."""
    low = col.lower()
    for dim, words in _DIMENSION_WORDS.items():
        if any(w in low for w in words):
            return dim
    return None


def _kano_pairs(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(attribute, functional column, dysfunctional column) for KANO question pairs."""
    fun: dict[str, str] = {}
    dys: dict[str, str] = {}
    for col in frame.columns:
        if col in BASE_COLUMNS or not isinstance(col, str):
            continue
        name = _KANO_WORDS.sub(" ", col).strip()
        if not name:
            continue
        if _DYSFUNCTIONAL.search(col):
            dys.setdefault(name, col)
        elif _FUNCTIONAL.search(col):
            fun.setdefault(name, col)
    return [(a, fun[a], dys[a]) for a in fun if a in dys]


def detect_columns(frame: pd.DataFrame) -> SurveyColumns:
    """Find NPS, CSAT, CES, KANO, SERVQUAL, zone-of-tolerance and importance columns."""
    out = SurveyColumns()
    numeric = _numeric_cols(frame)
    for col in _first(numeric, _NPS, _OVERALL):
        lo, hi, whole = _range(frame, col)
        if lo >= 0 and 6 < hi <= 10 and whole:
            out.nps = col
            break
    for col in _first(numeric, _CSAT, _OVERALL):
        lo, hi, _ = _range(frame, col)
        if col != out.nps and lo >= 0 and hi <= 10:
            top = 5.0 if hi <= 5 else 7.0 if hi <= 7 else 10.0
            out.csat, out.csat_scale = col, (0.0 if lo == 0 else 1.0, top)
            break
    for col in _first(numeric, _CES, _OVERALL):
        lo, hi, _ = _range(frame, col)
        if col not in (out.nps, out.csat) and lo >= 1 and hi <= 7:
            out.ces, out.ces_scale = col, 5 if hi <= 5 else 7
            out.ces_higher_is_easier = not bool(_CES_HARD.search(col))
            break
    out.kano = _kano_pairs(frame)
    dims_named = []
    for key, e_col, p_col in _pairs(numeric, _EXPECT, _PERCEIVE):
        dims_named.append((key, e_col, p_col, _dimension_of(e_col)))
    if dims_named:
        if all(d is None for *_, d in dims_named) and len(dims_named) == 22:
            dims_named = [(k, e, p, d) for (k, e, p, _), d in
                          zip(dims_named, DEFAULT_DIMENSIONS, strict=True)]  # fmt: skip
        out.servqual = [(_item_name(p), e, p, d) for _, e, p, d in dims_named]
    perception = {k: p for k, _, p in _pairs(numeric, _EXPECT, _PERCEIVE)}
    perception |= {k: c for k, c in _keyed(numeric, _PERCEIVE) if k not in perception}
    adequate, desired = dict(_keyed(numeric, _ADEQUATE)), dict(_keyed(numeric, _DESIRED))
    out.zone = [(_item_name(perception[k]), adequate[k], desired[k], perception[k])
                for k in sorted(adequate, key=int) if k in desired and k in perception]  # fmt: skip
    out.importance = [(_item_name(perception[k]), c, perception[k])
                      for k, c in _keyed(numeric, _IMPORTANCE) if k in perception]  # fmt: skip
    return out


def _keyed(columns: Sequence[str], pattern: str) -> list[tuple[str, str]]:
    """(item number, column) of the columns matching ``pattern`` that carry a number."""
    out = []
    for col in columns:
        m = re.search(r"(\d+)", col)
        if m and re.search(pattern, col, flags=re.I):
            out.append((m.group(1), col))
    return out


# --------------------------------------------------------------------------- tables


def store_cohorts(frame: pd.DataFrame, min_gap_days: int = 21) -> dict[str, str]:
    """Channel → "new" / "old": a channel first seen ``min_gap_days`` after the data starts is new.

    Only returned when both kinds exist and each has a record; else empty.
    """
    data = frame[["channel", "ts"]].dropna()
    if data.empty or data["channel"].nunique() < 2:
        return {}
    first = data.groupby("channel")["ts"].min()
    start = first.min()
    new = first >= start + pd.Timedelta(days=min_gap_days)
    if not new.any() or new.all():
        return {}
    return {str(ch): "new" if flag else "old" for ch, flag in new.items()}


def _with_segments(
    frame: pd.DataFrame, customers: pd.DataFrame, cohorts: dict[str, str], lang: Lang
) -> pd.DataFrame:
    """Join customer segments on ``customer_key`` and add the store cohort."""
    out = frame
    if not customers.empty and "key" in customers.columns:
        seg = customers[["key", *[c for c in SEGMENT_FIELDS if c in customers.columns]]]
        seg = seg.drop_duplicates("key").rename(columns={"key": "customer_key"})
        out = out.drop(columns=[c for c in SEGMENT_FIELDS if c in out.columns])
        out = out.merge(seg, on="customer_key", how="left")
    if cohorts:
        labels = {k: COHORT_LABELS[v][lang] for k, v in cohorts.items()}
        out["store_cohort"] = out["channel"].astype(str).map(labels)
    return out


@dataclass
class MethodData:
    """The project's data shaped for the methods; each table is built once, on first use."""

    records: pd.DataFrame
    customers: pd.DataFrame
    lang: Lang = "zh"
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def _get(self, key: str, build: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    @property
    def survey(self) -> pd.DataFrame:
        """Survey respondents × answer columns, with segments (empty if there is no survey)."""
        return self._get("survey", self._survey)  # type: ignore[no-any-return]

    @property
    def columns(self) -> SurveyColumns:
        """The survey's detected columns."""
        return self._get("columns", lambda: detect_columns(self.survey))  # type: ignore[no-any-return]

    @property
    def orders(self) -> pd.DataFrame:
        """Orders: ``customer_key``, ``ts``, ``amount``, ``channel`` and their numeric columns."""
        return self._get("orders", self._orders)  # type: ignore[no-any-return]

    @property
    def complaints(self) -> pd.DataFrame:
        """Complaints with ``category`` and (when present) ``severity``."""
        return self._get("complaints", self._complaints)  # type: ignore[no-any-return]

    @property
    def cohorts(self) -> dict[str, str]:
        """Store cohorts (channel → new/old) from the orders, else from all records."""

        def build() -> dict[str, str]:
            if not self.orders.empty:
                return store_cohorts(self.orders)
            cols = [c for c in ("ts", "channel") if c in self.records.columns]
            return store_cohorts(self.records[cols]) if len(cols) == 2 else {}

        return self._get("cohorts", build)  # type: ignore[no-any-return]

    def _subset(self, mask: pd.Series) -> pd.DataFrame:
        return wide_frame(self.records[mask])

    def _survey(self) -> pd.DataFrame:
        rec = self.records
        if rec.empty:
            return pd.DataFrame(columns=list(BASE_COLUMNS))
        frame = self._subset(rec["source_type"] == "survey")
        if frame.empty or not _has_survey_columns(frame):
            others = self._subset(rec["source_type"] != "survey")
            keep = [c for c in others.columns if c in BASE_COLUMNS or _is_survey_column(c)]
            candidate = others[keep]
            answered = candidate.drop(columns=list(BASE_COLUMNS)).notna().any(axis=1)
            frame = candidate[answered] if _has_survey_columns(candidate) else frame
        frame = frame.dropna(axis=1, how="all").reset_index(drop=True)
        return _with_segments(frame, self.customers, self.cohorts, self.lang)

    def _orders(self) -> pd.DataFrame:
        rec = self.records
        if rec.empty or "ratings" not in rec:
            return pd.DataFrame(columns=["customer_key", "ts", "amount", "channel"])
        has_amount = rec["ratings"].map(lambda d: any(_AMOUNT.search(k) for k in d or {}))
        frame = self._subset(has_amount & (rec["source_type"] != "survey"))
        if frame.empty:
            return pd.DataFrame(columns=["customer_key", "ts", "amount", "channel"])
        col = next(c for c in _numeric_cols(frame) if _AMOUNT.search(c))
        frame = frame.rename(columns={col: "amount"}).dropna(axis=1, how="all")
        cohorts = store_cohorts(frame)
        if cohorts:
            labels = {k: COHORT_LABELS[v][self.lang] for k, v in cohorts.items()}
            frame["store_cohort"] = frame["channel"].astype(str).map(labels)
        return frame.reset_index(drop=True)

    def _complaints(self) -> pd.DataFrame:
        rec = self.records
        empty = pd.DataFrame(columns=["category", "severity", "ts", "month", "channel"])
        if rec.empty or "attrs" not in rec:
            return empty
        keys = {k for d in rec["attrs"] for k in (d or {})}
        cats = sorted((k for k in keys if _CATEGORY.search(k)),
                      key=lambda k: 0 if re.search("投诉|complaint", k, re.I) else 1)  # fmt: skip
        if not cats:
            return empty
        cat = cats[0]
        frame = self._subset(rec["attrs"].map(lambda d: bool((d or {}).get(cat))))
        frame = frame.rename(columns={cat: "category"})
        sev = next((k for k in frame.columns if isinstance(k, str) and _SEVERITY.search(k)), None)
        frame = frame.rename(columns={sev: "severity"}) if sev else frame.assign(severity=None)
        return frame.reset_index(drop=True)


def _is_survey_column(col: object) -> bool:
    """Whether a column name looks like a survey measure."""
    if not isinstance(col, str):
        return False
    pats = (_NPS, _CSAT, _CES, _FUNCTIONAL, _DYSFUNCTIONAL)
    return any(p.search(col) for p in pats) or bool(re.search(_EXPECT + "|" + _PERCEIVE, col))


def _has_survey_columns(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` holds any survey measure."""
    cols = detect_columns(frame)
    return bool(cols.nps or cols.csat or cols.ces or cols.kano or cols.servqual)


# --------------------------------------------------------------------------- evidence


def need_evidence_frame(store: Store, slug: str) -> pd.DataFrame:
    """Links of needs to their evidence records: ``need_id``, ``record_id``."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        rows = conn.execute(
            select(need_evidence.c.need_id, need_evidence.c.record_id)
            .join(needs, needs.c.id == need_evidence.c.need_id)
            .where(needs.c.project_id == project.id)
        ).all()
    return pd.DataFrame(rows, columns=["need_id", "record_id"])


__all__ = [
    "BASE_COLUMNS",
    "COHORT_LABELS",
    "SEGMENT_FIELDS",
    "MethodData",
    "SurveyColumns",
    "detect_columns",
    "need_evidence_frame",
    "store_cohorts",
    "wide_frame",
]
