"""Content blocks a report section is made of; renderers turn them into HTML and XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

ChartKind = Literal["bar", "barh", "stacked_bar", "line", "pie"]


@dataclass
class Text:
    """A paragraph of plain text (never interpreted as HTML)."""

    text: str


@dataclass
class Metrics:
    """Headline figures shown as tiles: (label, value) pairs."""

    items: list[tuple[str, str]]


@dataclass
class Table:
    """A table; ``sheet`` names its XLSX sheet (None: not exported as its own sheet)."""

    frame: pd.DataFrame
    caption: str | None = None
    sheet: str | None = None
    max_rows: int = 200


@dataclass
class Chart:
    """A chart of ``data``: ``x`` is the category or time column, ``y`` the value columns."""

    kind: ChartKind
    data: pd.DataFrame
    x: str
    y: list[str]
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""


@dataclass
class Svg:
    """A figure drawn by needscope's own chart code: trusted SVG markup, never user text.

    ``svg`` is embedded inline in HTML (after a safety check); ``png``, when given, is the
    same figure for XLSX/DOCX, else those formats leave a note in its place.  ``drawing``
    marks a page-sized drawing (journey map, blueprint): print gives a wide one a landscape page.
    """

    svg: str
    title: str = ""
    png: bytes | None = None
    drawing: bool = False


Block = Text | Metrics | Table | Chart | Svg


@dataclass
class Section:
    """One titled part of the report."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


__all__ = ["Block", "Chart", "ChartKind", "Metrics", "Section", "Svg", "Table", "Text"]
