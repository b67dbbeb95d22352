"""Stakeholder map (利益相关者地图): influence (y) × interest (x) on a 1–5 grid.

Each score is a cell; "high" means a score of 3 or more, so the quadrant lines run between
2 and 3 on both axes: 重点管理 Manage closely (high, high), 令其满意 Keep satisfied (high
influence, low interest), 随时告知 Keep informed (low influence, high interest), 监控 Monitor.
Stakeholders sharing a cell are stacked in it and the row grows to fit them, so labels never
overlap.  Internal parties are blue circles, external ones orange diamonds.
"""

from __future__ import annotations

from collections.abc import Sequence

from needscope.errors import InputError
from needscope.journey.model import Stakeholder
from needscope.journey.render.common import (
    HEADER,
    MARGIN,
    MUTED,
    clean,
    label,
    title_block,
)
from needscope.journey.render.svg import PAGE_WIDTH, Box, Drawing, text_height
from needscope.journey.render.text import wrap
from needscope.model.vocab import Lang, StakeholderKind

SIZE = 9.5
AXIS_W = 56.0
PANEL_W = 200.0
MIN_ROW = 58.0
HIGH = 3
KIND_COLOR = {StakeholderKind.INTERNAL: "#4e79a7", StakeholderKind.EXTERNAL: "#f28e2b"}
QUADRANT = {
    (True, True): ("manage", "#fbe9e7", "#b23b2a"),
    (True, False): ("satisfied", "#fff4df", "#9a6200"),
    (False, True): ("informed", "#e8f0f8", "#2f5f8f"),
    (False, False): ("monitor", "#f2f4f7", "#52606d"),
}


def _check(s: Stakeholder) -> None:
    """Reject scores outside 1–5."""
    for key in ("influence", "interest"):
        value = getattr(s, key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise InputError(f"stakeholder {s.id!r}: {key} must be a whole number 1–5, got {value!r}",
                             column=key)  # fmt: skip


def layout_stakeholder_map(
    stakeholders: Sequence[Stakeholder], lang: Lang = "zh", *, title: str = ""
) -> Drawing:
    """Lay out the stakeholder map."""
    for s in stakeholders:
        _check(s)
    title = clean(title) or label("stakeholders", lang)
    d = Drawing(title=title)
    y = title_block(d, title, "", MARGIN)
    gx = MARGIN + AXIS_W
    gw = PAGE_WIDTH - 2 * MARGIN - AXIS_W - PANEL_W - 16
    cw = gw / 5
    inner = cw - 12
    # measure entries per cell, rows from influence 5 down to 1
    cells: dict[tuple[int, int], list[tuple[Stakeholder, list[str], list[str], float]]] = {}
    for s in sorted(stakeholders, key=lambda s: (clean(s.name.label(lang)), s.id)):
        name = wrap(clean(s.name.label(lang)) or s.id, inner - 14, SIZE, True)
        role_text = clean(s.role.label(lang))
        role = wrap(role_text, inner - 14, SIZE - 1) if role_text else []
        h = text_height(len(name), SIZE) + text_height(len(role), SIZE - 1)
        cells.setdefault((s.influence, s.interest), []).append((s, name, role, h))
    strip = {inf: text_height(1, SIZE) + 8 if inf in (5, HIGH - 1) else 0.0 for inf in range(1, 6)}
    # quadrant names may wrap in narrow columns: measure them
    qlines: dict[tuple[bool, bool], list[str]] = {}
    for hi_inf in (True, False):
        for hi_int in (True, False):
            key = QUADRANT[(hi_inf, hi_int)][0]
            width = (3 if hi_int else 2) * cw - 12
            qlines[(hi_inf, hi_int)] = wrap(label(key, lang), width, SIZE, True)
    for inf in (5, HIGH - 1):
        hi = inf >= HIGH
        n = max(len(qlines[(hi, True)]), len(qlines[(hi, False)]))
        strip[inf] = text_height(n, SIZE) + 8
    rows: dict[int, tuple[float, float]] = {}
    top = y + text_height(1, SIZE) + 6
    ry = top
    for inf in range(5, 0, -1):
        content = max(
            (sum(e[3] for e in cells.get((inf, it), [])) + 6 * max(len(cells.get((inf, it), [])) - 1, 0)
             for it in range(1, 6)),
            default=0.0,
        )  # fmt: skip
        h = max(MIN_ROW, strip[inf] + content + 14)
        rows[inf] = (ry, h)
        ry += h
    bottom = ry
    # quadrant backgrounds and names
    split_y = rows[HIGH][0] + rows[HIGH][1]
    split_x = gx + (HIGH - 1) * cw
    for (hi_inf, hi_int), (_key, bg, ink) in QUADRANT.items():
        x0, x1 = (split_x, gx + gw) if hi_int else (gx, split_x)
        y0, y1 = (top, split_y) if hi_inf else (split_y, bottom)
        d.rect(Box(x0, y0, x1 - x0, y1 - y0), bg)
        lines = qlines[(hi_inf, hi_int)]
        first = rows[5 if hi_inf else HIGH - 1][0]
        d.text(lines, Box(x0 + 6, first + 4, x1 - x0 - 12, text_height(len(lines), SIZE)),
               size=SIZE, role="quadrant", bold=True, fill=ink,
               align="end" if hi_int else "start")  # fmt: skip
    for i in range(6):
        d.line(gx + i * cw, top, gx + i * cw, bottom, "#ffffff", width=1.2)
    for inf in range(5, 0, -1):
        d.line(gx, rows[inf][0], gx + gw, rows[inf][0], "#ffffff", width=1.2)
    d.line(split_x, top, split_x, bottom, "#7b8794", width=1.4, dash="5 3")
    d.line(gx, split_y, gx + gw, split_y, "#7b8794", width=1.4, dash="5 3")
    d.rect(Box(gx, top, gw, bottom - top), "none", "#9aa5b1", width=1)
    # axes
    th = text_height(1, SIZE)
    d.text([f"{label('influence', lang)} ↑"], Box(MARGIN, y, AXIS_W + gw / 2, th), size=SIZE,
           role="axis", bold=True, fill=HEADER)  # fmt: skip
    for inf, (ry0, h) in rows.items():
        d.text([str(inf)], Box(MARGIN, ry0 + h / 2 - th / 2, AXIS_W - 8, th), size=SIZE,
               role="tick", fill=MUTED, align="end")  # fmt: skip
    for it in range(1, 6):
        d.text([str(it)], Box(gx + (it - 1) * cw, bottom + 3, cw, th), size=SIZE, role="tick",
               fill=MUTED, align="middle")  # fmt: skip
    d.text([f"{label('interest', lang)} →"], Box(gx, bottom + 3 + th + 2, gw, th), size=SIZE,
           role="axis", bold=True, fill=HEADER, align="end")  # fmt: skip
    # entries
    for (inf, it), entries in cells.items():
        ry0, _h = rows[inf]
        cy = ry0 + strip[inf] + 7
        x = gx + (it - 1) * cw + 6
        for s, name, role, h in entries:
            kind = StakeholderKind.of(s.kind)
            _marker(d, kind, x + 5, cy + SIZE * 0.66)
            nh = text_height(len(name), SIZE)
            d.text(name, Box(x + 14, cy, inner - 14, nh), size=SIZE, role="stakeholder", bold=True)
            if role:
                d.text(role, Box(x + 14, cy + nh, inner - 14, h - nh), size=SIZE - 1,
                       role="stakeholder", fill=MUTED)  # fmt: skip
            cy += h + 6
    # side panel: legend and rule
    px = gx + gw + 16
    py = top
    for kind in StakeholderKind:
        _marker(d, kind, px + 5, py + th / 2)
        lines = wrap(kind.label(lang), PANEL_W - 18, SIZE)
        d.text(lines, Box(px + 16, py, PANEL_W - 18, text_height(len(lines), SIZE)), size=SIZE,
               role="legend", fill=MUTED)  # fmt: skip
        py += text_height(len(lines), SIZE) + 6
    py += 6
    for hi_inf, hi_int in ((True, True), (True, False), (False, True), (False, False)):
        key, bg, ink = QUADRANT[(hi_inf, hi_int)]
        d.rect(Box(px, py + 1, 10, 10), bg, ink, rx=1.5, width=0.8)
        lines = wrap(label(key, lang), PANEL_W - 18, SIZE, True)
        h = text_height(len(lines), SIZE)
        d.text(lines, Box(px + 16, py, PANEL_W - 18, h), size=SIZE, role="legend", bold=True,
               fill=ink)  # fmt: skip
        py += h
        lines = wrap(label(f"q_{key}", lang), PANEL_W - 18, SIZE - 1)
        h = text_height(len(lines), SIZE - 1)
        d.text(lines, Box(px + 16, py, PANEL_W - 18, h), size=SIZE - 1, role="legend",
               fill=MUTED)  # fmt: skip
        py += h + 6
    lines = wrap(label("high_rule", lang), PANEL_W - 2, SIZE - 1)
    d.text(lines, Box(px, py + 4, PANEL_W - 2, text_height(len(lines), SIZE - 1)), size=SIZE - 1,
           role="legend", fill=MUTED)  # fmt: skip
    py += 4 + text_height(len(lines), SIZE - 1)
    end = max(bottom + 2 * th + 8, py)
    d.breaks.append(end)
    d.height = end + MARGIN
    return d


def _marker(d: Drawing, kind: StakeholderKind, cx: float, cy: float) -> None:
    """Circle for internal, diamond for external."""
    color = KIND_COLOR[kind]
    if kind is StakeholderKind.INTERNAL:
        d.circle(cx, cy, 4.5, color, "#ffffff", 1)
    else:
        d.polygon([(cx, cy - 5.5), (cx + 5.5, cy), (cx, cy + 5.5), (cx - 5.5, cy)], color,
                  "#ffffff", width=1)  # fmt: skip


def render_stakeholder_map(
    stakeholders: Sequence[Stakeholder], lang: Lang = "zh", *, title: str = ""
) -> str:
    """The stakeholder map as SVG text."""
    return layout_stakeholder_map(stakeholders, lang, title=title).to_svg()


__all__ = ["layout_stakeholder_map", "render_stakeholder_map"]
