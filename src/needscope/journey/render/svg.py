"""A laid-out drawing: shapes and measured text runs, written to SVG at the end.

Renderers place every text run inside a frame (the box it belongs to) after measuring and
wrapping it, so the layout can be checked before any SVG exists: no two runs intersect, each
run lies inside its frame and the frame inside the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from needscope.journey.render.text import ASCENT, FONT_FAMILY, LINE_HEIGHT, text_width, wrap

PAGE_WIDTH = 1123.0
"""Drawing width in px: A4 landscape (297 mm) at 96 dpi."""

MIN_FONT = 7.0
"""Smallest font size used anywhere, in px at the page width."""

Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle (x, y = top-left)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        """Right edge."""
        return self.x + self.w

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return self.y + self.h

    def intersects(self, other: Box, eps: float = 0.01) -> bool:
        """True if the two boxes share more than a touching edge."""
        return (
            self.x < other.right - eps
            and other.x < self.right - eps
            and self.y < other.bottom - eps
            and other.y < self.bottom - eps
        )

    def contains(self, other: Box, eps: float = 0.05) -> bool:
        """True if ``other`` lies inside this box."""
        return (
            other.x >= self.x - eps
            and other.y >= self.y - eps
            and other.right <= self.right + eps
            and other.bottom <= self.bottom + eps
        )

    def inset(self, dx: float, dy: float | None = None) -> Box:
        """The box shrunk by ``dx`` left/right and ``dy`` top/bottom."""
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(self.w - 2 * dx, 0.0), max(self.h - 2 * dy, 0.0))


@dataclass(frozen=True)
class TextRun:
    """One block of wrapped text placed on the page; ``frame`` is the box it must stay in."""

    lines: tuple[str, ...]
    x: float
    y: float
    size: float
    frame: Box
    role: str
    bold: bool = False
    fill: str = "#1f2933"
    anchor: Anchor = "start"
    italic: bool = False

    @property
    def pitch(self) -> float:
        """Line pitch in px."""
        return self.size * LINE_HEIGHT

    @property
    def text(self) -> str:
        """All lines joined (wrap points as spaces only where the source had them)."""
        return "".join(self.lines)

    def width(self) -> float:
        """Width of the widest line."""
        return max((text_width(line, self.size, self.bold) for line in self.lines), default=0.0)

    def bbox(self) -> Box:
        """The box the glyphs occupy (advance widths × line pitch)."""
        w = self.width()
        left = {"start": self.x, "middle": self.x - w / 2, "end": self.x - w}[self.anchor]
        return Box(left, self.y, w, self.pitch * len(self.lines))


def text_height(lines: int, size: float) -> float:
    """Height of ``lines`` lines at ``size`` px."""
    return lines * size * LINE_HEIGHT


def _num(value: float) -> str:
    """A coordinate written compactly."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class Drawing:
    """Shapes and text runs in paint order, plus page-break hints for PDF export."""

    width: float = PAGE_WIDTH
    height: float = 0.0
    title: str = ""
    runs: list[TextRun] = field(default_factory=list)
    breaks: list[float] = field(default_factory=list)
    header: tuple[float, float] | None = None
    _items: list[str | TextRun] = field(default_factory=list)

    # shapes ---------------------------------------------------------------------------
    def rect(
        self,
        box: Box,
        fill: str = "none",
        stroke: str | None = None,
        *,
        rx: float = 0.0,
        width: float = 1.0,
        dash: str | None = None,
        opacity: float | None = None,
    ) -> None:
        """A rectangle."""
        attrs = f'x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" height="{_num(box.h)}"'
        if rx:
            attrs += f' rx="{_num(rx)}"'
        self._items.append(f"<rect {attrs}{_paint(fill, stroke, width, dash, opacity)}/>")

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        stroke: str,
        *,
        width: float = 1.0,
        dash: str | None = None,
    ) -> None:
        """A straight line."""
        attrs = f'x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}"'
        self._items.append(f"<line {attrs}{_paint('none', stroke, width, dash, None)}/>")

    def path(
        self,
        d: str,
        fill: str = "none",
        stroke: str | None = None,
        *,
        width: float = 1.0,
        dash: str | None = None,
        opacity: float | None = None,
    ) -> None:
        """A path from SVG path data."""
        self._items.append(f'<path d="{d}"{_paint(fill, stroke, width, dash, opacity)}/>')

    def circle(
        self, cx: float, cy: float, r: float, fill: str, stroke: str | None = None, width: float = 1
    ) -> None:
        """A circle."""
        attrs = f'cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}"'
        self._items.append(f"<circle {attrs}{_paint(fill, stroke, width, None, None)}/>")

    def polygon(
        self,
        points: list[tuple[float, float]],
        fill: str,
        stroke: str | None = None,
        *,
        width: float = 1.0,
        opacity: float | None = None,
    ) -> None:
        """A closed polygon."""
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        self._items.append(f'<polygon points="{pts}"{_paint(fill, stroke, width, None, opacity)}/>')

    # text -----------------------------------------------------------------------------
    def text(
        self,
        text: str | list[str],
        frame: Box,
        *,
        size: float,
        role: str,
        bold: bool = False,
        fill: str = "#1f2933",
        align: Anchor = "start",
        valign: Literal["top", "middle", "bottom"] = "top",
        italic: bool = False,
    ) -> TextRun:
        """Wrap ``text`` to ``frame``'s width (unless given as lines) and place it in ``frame``."""
        lines = text if isinstance(text, list) else wrap(text, frame.w, size, bold)
        height = text_height(len(lines), size)
        top = frame.y
        if valign == "middle":
            top = frame.y + (frame.h - height) / 2
        elif valign == "bottom":
            top = frame.bottom - height
        x = {"start": frame.x, "middle": frame.x + frame.w / 2, "end": frame.right}[align]
        run = TextRun(tuple(lines), x, top, size, frame, role, bold, fill, align, italic)
        self.runs.append(run)
        self._items.append(run)
        return run

    # output ---------------------------------------------------------------------------
    def to_svg(self) -> str:
        """The drawing as a standalone SVG document."""
        w, h = _num(self.width), _num(self.height)
        head = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
            f'height="{h}" font-family={quoteattr(FONT_FAMILY)} '
            f'data-breaks="{" ".join(_num(b) for b in sorted(set(self.breaks)))}"'
            + (
                f' data-header="{_num(self.header[0])} {_num(self.header[1])}"'
                if self.header
                else ""
            )
            + ' role="img">',
            f"<title>{escape(self.title)}</title>",
            f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
        ]
        body = [item if isinstance(item, str) else _text_svg(item) for item in self._items]
        return "\n".join([*head, *body, "</svg>"]) + "\n"


def _paint(
    fill: str, stroke: str | None, width: float, dash: str | None, opacity: float | None
) -> str:
    """Fill/stroke attributes."""
    out = f' fill="{fill}"'
    if stroke:
        out += f' stroke="{stroke}" stroke-width="{_num(width)}"'
    if dash:
        out += f' stroke-dasharray="{dash}"'
    if opacity is not None:
        out += f' opacity="{_num(opacity)}"'
    return out


def _text_svg(run: TextRun) -> str:
    """SVG ``<text>`` elements of one run, a line each (user text escaped)."""
    attrs = f'font-size="{_num(run.size)}" fill="{run.fill}"'
    if run.bold:
        attrs += ' font-weight="bold"'
    if run.italic:
        attrs += ' font-style="italic"'
    if run.anchor != "start":
        attrs += f' text-anchor="{run.anchor}"'
    out = []
    for i, line in enumerate(run.lines):
        if not line:
            continue
        baseline = run.y + i * run.pitch + (run.pitch - run.size) / 2 + ASCENT * run.size
        out.append(f'<text x="{_num(run.x)}" y="{_num(baseline)}" {attrs}>{escape(line)}</text>')
    return "\n".join(out)


__all__ = ["MIN_FONT", "PAGE_WIDTH", "Anchor", "Box", "Drawing", "TextRun", "text_height"]
