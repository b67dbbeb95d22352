"""Shared pieces of the journey drawings: labels, palette, stage grid, chips, lanes, legend."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from needscope.journey.model import JourneyStage
from needscope.journey.render.svg import MIN_FONT, PAGE_WIDTH, Box, Drawing, text_height
from needscope.journey.render.text import is_wide, text_width, wrap
from needscope.model.vocab import Lang, TouchpointLayer

MARGIN = 16.0
LABEL_W = 104.0
MAX_STAGES_PER_BAND = 12
"""More stages than this are drawn as several bands stacked down the page."""

_LABELS: dict[str, tuple[str, str]] = {
    "journey": ("客户旅程图", "Customer journey map"),
    "blueprint": ("服务蓝图", "Service blueprint"),
    "personas": ("用户画像", "Personas"),
    "stakeholders": ("利益相关者地图", "Stakeholder map"),
    "segment": ("细分", "Segment"),
    "all_records": ("全部", "All"),
    "records": ("{n} 条记录", "{n} records"),
    "stages_part": ("阶段 {a}–{b} / {n}", "Stages {a}–{b} of {n}"),
    "actions": ("顾客行为", "Customer actions"),
    "touchpoints": ("触点", "Touchpoints"),
    "thoughts": ("顾客想法", "Thoughts"),
    "emotion": ("情绪曲线", "Emotion"),
    "pains": ("痛点", "Pain points"),
    "opportunities": ("机会点", "Opportunities"),
    "to_be": ("改进措施", "Improvements"),
    "as_is_section": ("现状旅程（As-is）", "As-is journey"),
    "to_be_section": ("目标旅程（To-be）：计划改进", "To-be journey: planned improvements"),
    "no_data": ("无数据", "no data"),
    "evidence": ("有形展示", "Physical evidence"),
    "front": ("前台行为", "Front-stage actions"),
    "back": ("后台行为", "Back-stage actions"),
    "support": ("支持过程", "Support processes"),
    "line_interaction": ("互动分界线", "Line of interaction"),
    "line_visibility": ("可视分界线", "Line of visibility"),
    "line_internal": ("内部互动分界线", "Line of internal interaction"),
    "fail": ("失误点（投诉占比高）", "Fail point (high complaint share)"),
    "wait": ("等待点（等候相关反馈）", "Wait point (waiting feedback)"),
    "mot": ("关键时刻（MOT）", "Moment of truth (MOT)"),
    "band": ("情绪分布（25%–75% 分位）", "Emotion spread (25th–75th percentile)"),
    "mean": ("情绪均值（−1…+1，n = 记录数）", "Mean sentiment (−1…+1, n = records)"),
    "pain_chip": ("痛点（占该阶段记录比例）", "Pain point (share of stage records)"),
    "opp_chip": ("机会点", "Opportunity"),
    "to_be_chip": ("改进措施（目标旅程）", "Planned improvement (to-be)"),
    "layer": ("{layer}触点", "{layer} touchpoint"),
    "channel": ("{channel}触点", "{channel} channel"),
    "facts": ("特征", "Profile"),
    "needs": ("核心需求", "Top needs"),
    "expectations": ("期望", "Expectations"),
    "quotes": ("原话", "In their words"),
    "channels": ("偏好渠道", "Preferred channels"),
    "persona_size": ("{n} 位顾客 · 占 {p}", "{n} customers · {p} of all"),
    "influence": ("影响力", "Influence"),
    "interest": ("关注度", "Interest"),
    "manage": ("重点管理", "Manage closely"),
    "satisfied": ("令其满意", "Keep satisfied"),
    "informed": ("随时告知", "Keep informed"),
    "monitor": ("监控", "Monitor"),
    "high_rule": ("高 = 评分 ≥ 3（1–5 分）", "High = score ≥ 3 (on 1–5)"),
    "none": ("（无）", "(none)"),
    "no_details": ("暂无更多信息", "No further details yet"),
    "q_manage": ("影响力高 · 关注度高", "high influence · high interest"),
    "q_satisfied": ("影响力高 · 关注度低", "high influence · low interest"),
    "q_informed": ("影响力低 · 关注度高", "low influence · high interest"),
    "q_monitor": ("影响力低 · 关注度低", "low influence · low interest"),
}


def label(key: str, lang: Lang, **values: object) -> str:
    """A fixed label in ``lang``, with ``{placeholders}`` filled."""
    zh, en = _LABELS[key]
    return (zh if lang == "zh" else en).format(**values)


def clean(text: str) -> str:
    """User text with control characters (invalid in XML) removed and spaces collapsed."""
    kept = "".join(ch if ch == "\n" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return "\n".join(" ".join(part.split()) for part in kept.split("\n")).strip()


def quoted(text: str) -> str:
    """``text`` in quotation marks: “” around Chinese text, straight quotes around other text."""
    return f"“{text}”" if any(is_wide(ch) for ch in text) else f'"{text}"'


def percent(share: float) -> str:
    """A share 0…1 as a whole percentage ("<1%" for a small share that is not zero)."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


NBSP = "\u00a0"
"""Non-breaking space: glues a value to the word before it when wrapping."""


# palette ------------------------------------------------------------------------------
INK = "#1f2933"
MUTED = "#52606d"
FAINT = "#9aa5b1"
RULE = "#d9dee4"
HEADER = "#2f4b7c"
LABEL_BG = "#eef1f5"
STRIPE = "#f7f8fa"
LAYER_COLOR = {
    TouchpointLayer.FRONT: "#4e79a7",
    TouchpointLayer.BACK: "#9c755f",
    TouchpointLayer.SUPPORT: "#76b7b2",
}
CHANNEL_COLOR = "#52606d"
MOT_COLOR = "#d4a017"
FAIL_COLOR = "#d64545"
WAIT_COLOR = "#e8871e"
POS = "#3f8f4f"
NEG = "#d64545"
NEUTRAL = "#7b8794"


@dataclass(frozen=True)
class ChipStyle:
    """How a chip looks: background, border, text colour, boldness."""

    fill: str
    stroke: str | None
    ink: str = INK
    bold: bool = False
    stroke_width: float = 0.8


STYLES: dict[str, ChipStyle] = {
    "plain": ChipStyle("none", None),
    "action": ChipStyle("#fff8e6", "#f0d9a0"),
    "touchpoint": ChipStyle("#ffffff", "#c3ccd6"),
    "thought": ChipStyle("#f2f4f7", None, "#3e4c59"),
    "pain": ChipStyle("#fdeaea", "#f3b6b6", "#8a1c1c"),
    "opportunity": ChipStyle("#e8f4ea", "#a9d3b1", "#1f5a2c"),
    "to_be": ChipStyle("#ffffff", "#59a14f", "#1f5a2c", stroke_width=1.1),
    "evidence": ChipStyle("#f2f4f7", "#c3ccd6", "#3e4c59"),
    "front": ChipStyle("#e9f0f8", "#9fbbd9"),
    "back": ChipStyle("#f4eee9", "#cdb7a6"),
    "support": ChipStyle("#e8f4f3", "#a5d0cc"),
}


@dataclass(frozen=True)
class Chip:
    """A box of text in a cell: optional bold head line, body text, marks at the top right.

    ``marks`` name small symbols drawn in space reserved at the right: ``mot`` (star),
    ``physical``/``digital``/``person`` (channel shapes), ``F``/``W`` (fail and wait badges).
    """

    text: str
    style: str = "plain"
    head: str = ""
    stripe: str | None = None
    marks: tuple[str, ...] = ()
    highlight: str | None = None


PAD_X = 5.0
PAD_Y = 3.5
GAP = 4.0
MARK = 11.0


def _chip_widths(chip: Chip, width: float) -> tuple[float, float]:
    """Text width of a chip's first line (beside its marks) and of the other lines."""
    left = PAD_X + (3.0 if chip.stripe else 0.0)
    full = max(width - left - PAD_X, 12.0)
    reserve = len(chip.marks) * MARK + (2.0 if chip.marks else 0.0)
    return max(full - reserve, 12.0), full


Segment = tuple[list[str], bool, float]


@dataclass(frozen=True)
class ChipLayout:
    """A chip measured at a width: text segments (lines, bold, frame width) and height."""

    chip: Chip
    segments: list[Segment]
    height: float


def measure_chip(chip: Chip, width: float, size: float) -> ChipLayout:
    """Wrap a chip's text to ``width`` (the first line beside the marks) and compute its height.

    The first line is kept clear of the marks at the top right; the lines below it use the
    full width of the chip.
    """
    narrow, full = _chip_widths(chip, width)
    parts = [(chip.head, True)] if chip.head else []
    if chip.text:
        parts.append((chip.text, STYLES[chip.style].bold))
    segments: list[Segment] = []
    for k, (text, bold) in enumerate(parts):
        if k > 0 or not chip.marks:
            segments.append((wrap(text, full, size, bold), bold, full))
            continue
        lines = wrap(text, narrow, size, bold)
        rest = text[len(lines[0]) :].strip() if text.startswith(lines[0]) else None
        if rest is None or len(lines) == 1:
            segments.append((lines, bold, narrow))
        else:
            segments.append((lines[:1], bold, narrow))
            segments.append((wrap(rest, full, size, bold), bold, full))
    text_h = sum(text_height(len(lines), size) for lines, _, _ in segments)
    marks_h = MARK if chip.marks else 0.0
    pad = PAD_Y if chip.style != "plain" else 1.0
    return ChipLayout(chip, segments, max(text_h, marks_h) + 2 * pad)


def stack_height(layouts: Sequence[ChipLayout]) -> float:
    """Height of chips stacked with gaps."""
    if not layouts:
        return 0.0
    return sum(c.height for c in layouts) + GAP * (len(layouts) - 1)


def draw_chip(d: Drawing, lay: ChipLayout, box: Box, size: float, role: str) -> None:
    """Draw one measured chip in ``box``."""
    chip = lay.chip
    style = STYLES[chip.style]
    if style.fill != "none" or style.stroke:
        stroke = chip.highlight or style.stroke
        width = 1.8 if chip.highlight else style.stroke_width
        d.rect(box, style.fill, stroke, rx=3, width=width)
    if chip.stripe:
        d.rect(Box(box.x + 0.5, box.y + 0.5, 3.5, box.h - 1), chip.stripe, rx=1.5)
    pad = PAD_Y if chip.style != "plain" else 1.0
    left = box.x + PAD_X + (3.0 if chip.stripe else 0.0)
    y = box.y + pad
    for lines, bold, w in lay.segments:
        h = text_height(len(lines), size)
        d.text(lines, Box(left, y, w, h), size=size, role=role, bold=bold, fill=style.ink)
        y += h
    mark = min(MARK - 1, size * 1.32 - 0.5)
    x = box.right - PAD_X - MARK
    for name in reversed(chip.marks):
        draw_mark(d, name, Box(x + (MARK - 1 - mark), box.y + pad, mark, mark))
        x -= MARK


def draw_mark(d: Drawing, mark: str, box: Box) -> None:
    """A small symbol in ``box``: channel shape, MOT star or F/W badge."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    r = min(box.w, box.h) / 2
    if mark == "physical":
        d.rect(box.inset(1.5), CHANNEL_COLOR, rx=0.5)
    elif mark == "digital":
        d.rect(Box(box.x + 0.5, box.y + 1.5, box.w - 1, box.h - 4), "none", CHANNEL_COLOR, rx=1)
        d.line(cx - 2, box.bottom - 1, cx + 2, box.bottom - 1, CHANNEL_COLOR, width=1.2)
    elif mark == "person":
        d.circle(cx, box.y + r * 0.55, r * 0.42, CHANNEL_COLOR)
        d.path(
            f"M{box.x + 1:.2f} {box.bottom:.2f} Q{cx:.2f} {box.y + r * 0.6:.2f} "
            f"{box.right - 1:.2f} {box.bottom:.2f} Z",
            CHANNEL_COLOR,
        )
    elif mark == "mot":
        d.polygon(_star(cx, cy, r, r * 0.45), MOT_COLOR, "#9a7400", width=0.5)
    elif mark in ("F", "W"):
        d.circle(cx, cy, r, FAIL_COLOR if mark == "F" else WAIT_COLOR)
        d.text(
            [mark], box, size=max(MIN_FONT, box.h * 0.72), role="badge", bold=True,
            fill="#ffffff", align="middle", valign="middle",
        )  # fmt: skip


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    """Points of a five-pointed star."""
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


# grid ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grid:
    """Stage columns to the right of a lane-label column."""

    stages: tuple[JourneyStage, ...]
    first: int
    x0: float
    cw: float
    size: float

    @classmethod
    def build(cls, stages: Sequence[JourneyStage], first: int) -> Grid:
        """Columns for ``stages`` across the page; font size follows column width."""
        n = max(len(stages), 1)
        x0 = MARGIN + LABEL_W
        cw = (PAGE_WIDTH - MARGIN - x0) / n
        size = min(10.0, max(8.0, cw / 10.5))
        return cls(tuple(stages), first, x0, cw, size)

    @property
    def small(self) -> float:
        """Secondary text size."""
        return max(MIN_FONT, self.size - 1.0)

    @property
    def right(self) -> float:
        """Right edge of the last column."""
        return self.x0 + self.cw * len(self.stages)

    def col(self, i: int, y: float, h: float) -> Box:
        """Box of column ``i`` between ``y`` and ``y + h``."""
        return Box(self.x0 + i * self.cw, y, self.cw, h)

    def cell(self, i: int, y: float, h: float) -> Box:
        """Content box of a cell (column padded)."""
        return self.col(i, y, h).inset(5.0, 6.0)


def bands(stages: Sequence[JourneyStage]) -> list[tuple[int, tuple[JourneyStage, ...]]]:
    """Stages split into bands of at most ``MAX_STAGES_PER_BAND`` (first index, stages)."""
    n = len(stages)
    count = max(1, math.ceil(n / MAX_STAGES_PER_BAND))
    per = max(1, math.ceil(n / count))
    return [(i, tuple(stages[i : i + per])) for i in range(0, max(n, 1), per)]


def open_band(
    d: Drawing,
    first: int,
    stages: Sequence[JourneyStage],
    parts: int,
    total: int,
    lang: Lang,
    y: float,
) -> tuple[Grid, float]:
    """Start one band of stage columns: its header row (noting the part when there are several)."""
    grid = Grid.build(stages, first)
    note = ""
    if parts > 1:
        note = label("stages_part", lang, a=first + 1, b=first + len(stages), n=total)
    top = y
    y = stage_header(d, grid, lang, y, note)
    if parts == 1:
        d.header = (top, y)
    d.breaks.append(y)
    return grid, y


def title_block(d: Drawing, title: str, subtitle: str, y: float) -> float:
    """Title and subtitle across the page; returns the y below them."""
    frame = Box(MARGIN, y, PAGE_WIDTH - 2 * MARGIN, 0)
    lines = wrap(title, frame.w, 16.0, True)
    h = text_height(len(lines), 16.0)
    d.text(lines, Box(frame.x, y, frame.w, h), size=16.0, role="title", bold=True, fill=HEADER)
    y += h + 2
    if subtitle:
        lines = wrap(subtitle, frame.w, 10.0)
        h = text_height(len(lines), 10.0)
        d.text(lines, Box(frame.x, y, frame.w, h), size=10.0, role="subtitle", fill=MUTED)
        y += h
    return y + 10


def stage_header(d: Drawing, grid: Grid, lang: Lang, y: float, note: str = "") -> float:
    """Chevron row naming the stages; returns the y below it."""
    size = grid.size + 1.0
    names = [f"{grid.first + i + 1}. {s.name.label(lang)}" for i, s in enumerate(grid.stages)]
    inner = grid.cw - 20.0
    wrapped = [wrap(clean(n), inner, size, True) for n in names]
    h = max(text_height(max(len(w) for w in wrapped), size) + 12.0, 30.0)
    if note:
        nl = wrap(note, LABEL_W - 8, grid.small)
        h = max(h, text_height(len(nl), grid.small) + 8)
        d.text(
            nl, Box(MARGIN + 4, y + 4, LABEL_W - 8, h - 8), size=grid.small, role="band",
            fill=MUTED, valign="middle",
        )  # fmt: skip
    for i, lines in enumerate(wrapped):
        box = grid.col(i, y, h)
        tip = 7.0
        left = box.x + 1
        right = box.right - 1
        pts = [(left, y), (right - tip, y), (right, y + h / 2), (right - tip, y + h), (left, y + h)]
        if i > 0:
            pts.append((left + tip, y + h / 2))
        d.polygon(pts, HEADER)
        d.text(
            lines, Box(left + tip + 2, y + 4, box.w - 2 * tip - 6, h - 8), size=size,
            role="stage", bold=True, fill="#ffffff", align="middle", valign="middle",
        )  # fmt: skip
    return y + h


def lane(
    d: Drawing,
    grid: Grid,
    name: str,
    cells: Sequence[Sequence[Chip]],
    y: float,
    *,
    min_h: float = 34.0,
    fill: str | None = None,
    name_color: str = "#334e68",
    role: str = "cell",
) -> float:
    """One lane: its name at the left, a stack of chips per stage; returns the y below it."""
    size = grid.size
    inner = grid.cw - 10.0
    layouts = [[measure_chip(c, inner, size) for c in cell] for cell in cells]
    name_lines = wrap(name, LABEL_W - 12, size + 0.5, True)
    h = max(
        min_h,
        text_height(len(name_lines), size + 0.5) + 12.0,
        *(stack_height(ls) + 12.0 for ls in layouts),
    )
    band_row(d, grid, y, h, fill)
    d.text(
        name_lines, Box(MARGIN + 6, y + 6, LABEL_W - 12, h - 12), size=size + 0.5,
        role="lane", bold=True, fill=name_color,
    )  # fmt: skip
    for i, ls in enumerate(layouts):
        cell = grid.cell(i, y, h)
        cy = cell.y
        for lay in ls:
            draw_chip(d, lay, Box(cell.x, cy, cell.w, lay.height), size, role)
            cy += lay.height + GAP
    d.breaks.append(y + h)
    return y + h


def band_row(d: Drawing, grid: Grid, y: float, h: float, fill: str | None = None) -> None:
    """Background of a lane: label cell, zebra columns, rule below."""
    d.rect(Box(MARGIN, y, LABEL_W, h), LABEL_BG)
    if fill:
        d.rect(Box(grid.x0, y, grid.right - grid.x0, h), fill)
    else:
        for i in range(len(grid.stages)):
            if i % 2 == 1:
                d.rect(grid.col(i, y, h), STRIPE)
    d.line(MARGIN, y + h, grid.right, y + h, RULE, width=0.8)


# legend -------------------------------------------------------------------------------
LegendItem = tuple[Callable[[Drawing, Box], None], str]


def legend(d: Drawing, items: Sequence[LegendItem], y: float, size: float = 9.0) -> float:
    """Swatches with labels flowing in rows across the page; returns the y below."""
    x = MARGIN
    right = PAGE_WIDTH - MARGIN
    row_h = text_height(1, size) + 4
    y += 8
    d.line(MARGIN, y - 4, right, y - 4, RULE, width=0.8)
    for swatch, text in items:
        w = min(text_width(text, size) + 0.5, right - MARGIN - 22)
        if x + 22 + w > right and x > MARGIN:
            x = MARGIN
            y += row_h
        swatch(d, Box(x, y + (row_h - 12) / 2, 16, 12))
        lines = wrap(text, w, size)
        d.text(
            lines, Box(x + 20, y + 2, w, text_height(len(lines), size)), size=size,
            role="legend", fill=MUTED,
        )  # fmt: skip
        x += 20 + w + 16
        if len(lines) > 1:
            y += text_height(len(lines) - 1, size)
            x = right
    return y + row_h + 4


def swatch_chip(
    style: str, stripe: str | None = None, highlight: str | None = None
) -> Callable[[Drawing, Box], None]:
    """A legend swatch drawn like a chip."""
    s = STYLES[style]

    def draw(d: Drawing, box: Box) -> None:
        d.rect(box, s.fill if s.fill != "none" else "#ffffff", highlight or s.stroke or RULE,
               rx=2, width=1.6 if highlight else 0.8)  # fmt: skip
        if stripe:
            d.rect(Box(box.x + 0.5, box.y + 0.5, 3.5, box.h - 1), stripe, rx=1)

    return draw


def swatch_mark(mark: str) -> Callable[[Drawing, Box], None]:
    """A legend swatch showing a mark."""

    def draw(d: Drawing, box: Box) -> None:
        draw_mark(d, mark, Box(box.x + 2, box.y, 11, 11))

    return draw


__all__ = [
    "LABEL_W",
    "MARGIN",
    "MAX_STAGES_PER_BAND",
    "STYLES",
    "Chip",
    "Grid",
    "bands",
    "clean",
    "label",
    "lane",
    "legend",
    "percent",
    "quoted",
    "stage_header",
    "title_block",
]
