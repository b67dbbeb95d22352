"""The ``aspect:polarity|…`` label cell format: parse, format and validate."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal

from needscope.errors import InputError

Polarity = Literal["positive", "negative", "neutral", "conflict"]
POLARITIES: Final[tuple[Polarity, ...]] = ("positive", "negative", "neutral", "conflict")
SENTIMENTS: Final[tuple[str, ...]] = ("positive", "negative", "neutral")

_ALIASES: Final[dict[str, Polarity]] = {
    "positive": "positive",
    "pos": "positive",
    "+": "positive",
    "1": "positive",
    "正面": "positive",
    "正向": "positive",
    "negative": "negative",
    "neg": "negative",
    "-": "negative",
    "-1": "negative",
    "负面": "negative",
    "负向": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "0": "neutral",
    "中性": "neutral",
    "conflict": "conflict",
    "mixed": "conflict",
    "矛盾": "conflict",
    "褒贬不一": "conflict",
}
_ASPECT = re.compile(r"^[^\s:|]+(?: [^\s:|]+)*$")
_EMPTY: Final[frozenset[str]] = frozenset({"", "nan", "none", "null", "na", "n/a"})

AspectLabels = dict[str, Polarity]


class LabelError(InputError):
    """A label cell that does not follow ``aspect:polarity|aspect:polarity``."""


def parse_polarity(text: str, *, row: int | None = None, column: str | None = None) -> Polarity:
    """Return the polarity named by ``text`` (positive/negative/neutral/conflict or an alias)."""
    key = text.strip().lower()
    if key not in _ALIASES:
        raise LabelError(
            f"unknown polarity {text!r}; use one of {', '.join(POLARITIES)}",
            row=row,
            column=column,
        )
    return _ALIASES[key]


def parse_labels(
    cell: object, *, row: int | None = None, column: str | None = None
) -> AspectLabels:
    """Parse one label cell such as ``food:positive|service:negative`` (empty → no aspects)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return {}
    text = str(cell).strip()
    if text.lower() in _EMPTY:
        return {}
    out: AspectLabels = {}
    for part in text.split("|"):
        item = part.strip()
        if not item:
            raise LabelError(f"empty pair in label cell {text!r}", row=row, column=column)
        if ":" not in item:
            raise LabelError(
                f"{item!r} is not aspect:polarity (e.g. food:positive)", row=row, column=column
            )
        aspect, _, pol = item.rpartition(":")
        aspect = aspect.strip()
        if not aspect or not _ASPECT.match(aspect):
            raise LabelError(f"bad aspect name in {item!r}", row=row, column=column)
        polarity = parse_polarity(pol, row=row, column=column)
        if aspect in out and out[aspect] != polarity:
            raise LabelError(
                f"aspect {aspect!r} given twice with different polarities", row=row, column=column
            )
        out[aspect] = polarity
    return out


def format_labels(labels: Mapping[str, str]) -> str:
    """Format ``{aspect: polarity}`` as ``aspect:polarity|…`` in the mapping's order."""
    parts = []
    for aspect, pol in labels.items():
        if not aspect or not _ASPECT.match(aspect):
            raise ValueError(f"bad aspect name {aspect!r}")
        parts.append(f"{aspect}:{parse_polarity(pol)}")
    return "|".join(parts)


def parse_label_column(
    cells: Iterable[object], *, column: str | None = None, first_row: int = 2
) -> list[AspectLabels]:
    """Parse a column of label cells; errors name the row as a spreadsheet shows it."""
    return [
        parse_labels(cell, row=i, column=column) for i, cell in enumerate(cells, start=first_row)
    ]


def parse_sentiment(value: object, *, row: int | None = None, column: str | None = None) -> str:
    """Return positive/negative/neutral for a sentiment cell (also 1/0/-1, 正面/负面/中性)."""
    if isinstance(value, bool):
        raise LabelError(f"bad sentiment {value!r}", row=row, column=column)
    if isinstance(value, int | float) and value == value:
        num = float(value)
        if num in (1.0, 0.0, -1.0):
            return {1.0: "positive", 0.0: "neutral", -1.0: "negative"}[num]
    text = "" if value is None else str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    pol = _ALIASES.get(text)
    if pol is None or pol == "conflict":
        raise LabelError(
            f"bad sentiment {value!r}; use positive/negative/neutral or 1/0/-1",
            row=row,
            column=column,
        )
    return pol


def binary_zero_is_negative(values: Sequence[object]) -> bool:
    """True when a 0/1 column has no -1: then 0 means negative, as in most review datasets."""
    seen = {str(v).strip().removesuffix(".0") for v in values if v is not None and v == v}
    return bool(seen) and seen <= {"0", "1"} and seen == {"0", "1"}


__all__ = [
    "POLARITIES",
    "SENTIMENTS",
    "AspectLabels",
    "LabelError",
    "Polarity",
    "binary_zero_is_negative",
    "format_labels",
    "parse_label_column",
    "parse_labels",
    "parse_polarity",
    "parse_sentiment",
]
