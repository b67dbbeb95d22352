"""Parse a source row into the cells of a record, according to a column mapping."""

from __future__ import annotations

import json
import math
from datetime import datetime
from json.encoder import encode_basestring as _encode_str
from typing import Any, NamedTuple

from needscope.io.mapping import ColumnMapping
from needscope.io.values import parse_datetime, parse_number
from needscope.model import DEFAULT_CREDIBILITY, Credibility, SourceType


class RowParser:
    """Turns a source row into the cells of a record according to a mapping.

    Ratings and attributes are written as JSON objects with sorted keys, so the same content
    gives the same text whatever the column order of the file.
    """

    def __init__(
        self,
        mapping: ColumnMapping,
        source_type: SourceType,
        credibility: Credibility | None,
    ) -> None:
        m = mapping
        self.m = mapping
        self.source_type = source_type
        self.credibility = credibility
        self.rating_cols = sorted(m.ratings)
        extra = [m.external_id] if m.external_id and m.external_id not in m.attrs else []
        self.attr_cols = sorted([*m.attrs, *extra])
        self.keys = {c: _encode_str(c) + ":" for c in (*self.rating_cols, *self.attr_cols)}
        self.source_value = source_type.value
        self.cred_value = (credibility or DEFAULT_CREDIBILITY[source_type]).value
        # Cells repeat (ratings 1–5, stores, dates): parse each distinct text once.
        self._ratings: dict[str, dict[str, str]] = {c: {} for c in self.rating_cols}
        self._attrs: dict[str, dict[str, str]] = {c: {} for c in self.attr_cols}
        self._dates: dict[str, str] = {}

    def _date(self, cell: str) -> str:
        hit = self._dates.get(cell)
        if hit is None:
            try:
                hit = parse_datetime(cell).isoformat(" ", "microseconds")
            except ValueError as exc:
                raise CellError(self.m.date, str(exc)) from None
            _remember(self._dates, cell, hit)
        return hit

    def _rating(self, col: str, cell: str) -> str:
        cache = self._ratings[col]
        hit = cache.get(cell)
        if hit is None:
            try:
                number = parse_number(cell)
            except ValueError as exc:
                raise CellError(col, str(exc)) from None
            if number is not None and not math.isfinite(number):
                raise CellError(col, f"number out of range: {cell!r}")
            hit = "" if number is None else self.keys[col] + repr(number)
            _remember(cache, cell, hit)
        return hit

    def _attr(self, col: str, cell: str) -> str:
        cache = self._attrs[col]
        hit = cache.get(cell)
        if hit is None:
            hit = self.keys[col] + _encode_str(cell)
            _remember(cache, cell, hit)
        return hit

    def cells(self, values: dict[str, str | None]) -> Cells:
        """The record's cells; raises ``CellError`` naming the column at fault."""
        m = self.m
        get = values.get
        if len(m.text) == 1:
            text = get(m.text[0])
        else:
            text = "\n".join(t for t in map(get, m.text) if t) or None
        ts_text = None
        if m.date and (cell := get(m.date)):
            ts_text = self._date(cell)
        ratings = [
            frag
            for col in self.rating_cols
            if (v := get(col)) is not None and (frag := self._rating(col, v))
        ]
        attrs = [self._attr(c, v) for c in self.attr_cols if (v := get(c)) is not None]
        source, cred = self.source_value, self.cred_value
        if m.source_type and (cell := get(m.source_type)):
            try:
                stype = SourceType.parse(cell)
            except ValueError as exc:
                raise CellError(m.source_type, str(exc)) from None
            source = stype.value
            if self.credibility is None:
                cred = DEFAULT_CREDIBILITY[stype].value
        if m.credibility and (cell := get(m.credibility)):
            try:
                cred = Credibility.parse(cell).value
            except ValueError as exc:
                raise CellError(m.credibility, str(exc)) from None
        if text is None and not ratings and not attrs:
            raise CellError(m.text[0] if m.text else None, "the row holds no data")
        return Cells(
            source,
            cred,
            get(m.channel) if m.channel else None,
            get(m.touchpoint) if m.touchpoint else None,
            ts_text,
            text,
            "{" + ",".join(ratings) + "}",
            get(m.customer) if m.customer else None,
            "{" + ",".join(attrs) + "}",
        )

    def parse(self, values: dict[str, str | None]) -> dict[str, Any]:
        """The record as a mapping (for previews)."""
        c = self.cells(values)
        return {
            "source_type": c.source_type,
            "credibility": c.credibility,
            "channel": c.channel,
            "touchpoint": c.touchpoint,
            "ts": datetime.fromisoformat(c.ts_text) if c.ts_text else None,
            "text": c.text,
            "ratings": json.loads(c.ratings),
            "customer_key": c.customer_key,
            "attrs": json.loads(c.attrs),
        }


CACHE_LIMIT = 65536


def _remember(cache: dict[str, str], cell: str, value: str) -> None:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[cell] = value


class Cells(NamedTuple):
    """A record's cells as stored; ratings and attrs are JSON text."""

    source_type: str
    credibility: str
    channel: str | None
    touchpoint: str | None
    ts_text: str | None
    text: str | None
    ratings: str
    customer_key: str | None
    attrs: str

    def key(self) -> bytes:
        """The bytes that identify the content, whatever file, encoding or column order."""
        parts = (
            self.text or "",
            self.ts_text or "",
            self.customer_key or "",
            self.channel or "",
            self.touchpoint or "",
            self.ratings,
            self.attrs,
        )
        return "\x1f".join(parts).encode("utf-8")


class CellError(ValueError):
    """A cell that does not parse, with its column."""

    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column


__all__ = ["CellError", "Cells", "RowParser"]
