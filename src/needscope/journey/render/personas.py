"""Persona cards (用户画像): one card per persona, two or three to a row, rows as tall as needed."""

from __future__ import annotations

from collections.abc import Sequence

from needscope.journey.model import Persona
from needscope.journey.render.common import (
    HEADER,
    MARGIN,
    RULE,
    Chip,
    ChipLayout,
    clean,
    draw_chip,
    label,
    measure_chip,
    percent,
    quoted,
    stack_height,
    title_block,
)
from needscope.journey.render.svg import PAGE_WIDTH, Box, Drawing, text_height
from needscope.journey.render.text import shorten, wrap
from needscope.model.vocab import Lang

GAP = 14.0
SIZE = 9.5
PAD = 10.0
MAX_ITEMS = 5
MAX_QUOTES = 2

Section = tuple[str, list[ChipLayout]]


def layout_personas(personas: Sequence[Persona], lang: Lang = "zh", *, title: str = "") -> Drawing:
    """Lay out persona cards."""
    title = clean(title) or label("personas", lang)
    d = Drawing(title=title)
    y = title_block(d, title, "", MARGIN)
    n = len(personas)
    cols = 2 if n in (1, 2, 4) else 3
    cw = (PAGE_WIDTH - 2 * MARGIN - (cols - 1) * GAP) / cols
    inner = cw - 2 * PAD
    cards = [_measure(p, inner, lang) for p in personas]
    for start in range(0, n, cols):
        row = cards[start : start + cols]
        h = max(head_h + body_h for head_h, body_h, *_ in row)
        for k, (head_h, _body_h, head, sections) in enumerate(row):
            x = MARGIN + k * (cw + GAP)
            _draw(d, Box(x, y, cw, h), head_h, head, sections)
        y += h + GAP
        d.breaks.append(y - GAP / 2)
    if not personas:
        d.text(label("none", lang), Box(MARGIN, y, PAGE_WIDTH - 2 * MARGIN, 20), size=SIZE,
               role="empty", fill=HEADER)  # fmt: skip
        y += 20
    d.height = y + MARGIN
    return d


def render_personas(personas: Sequence[Persona], lang: Lang = "zh", *, title: str = "") -> str:
    """Persona cards as SVG text."""
    return layout_personas(personas, lang, title=title).to_svg()


def _measure(
    p: Persona, inner: float, lang: Lang
) -> tuple[float, float, list[tuple[list[str], float, bool]], list[Section]]:
    """Header lines and sections of one card with their heights."""
    head: list[tuple[list[str], float, bool]] = [
        (wrap(clean(p.name.label(lang)) or p.id, inner, 13.0, True), 13.0, True),
    ]
    segment = clean(p.segment.label(lang))
    if segment:
        head.append((wrap(segment, inner, SIZE), SIZE, False))
    size_line = label("persona_size", lang, n=p.size, p=percent(p.share))
    head.append((wrap(size_line, inner, SIZE), SIZE, False))
    head_h = sum(text_height(len(lines), s) for lines, s, _ in head) + 2 * 8.0
    per_line = inner / SIZE
    sections: list[Section] = []
    groups: list[tuple[str, list[Chip]]] = [
        ("facts", [Chip("• " + clean(f.label(lang))) for f in p.facts[:MAX_ITEMS]]),
        ("needs", [Chip("• " + clean(f.label(lang))) for f in p.needs[:MAX_ITEMS]]),
        ("expectations", [Chip("• " + clean(f.label(lang))) for f in p.expectations[:MAX_ITEMS]]),
        (
            "quotes",
            [
                Chip(quoted(shorten(clean(q.text), per_line * 3)), "thought")
                for q in p.quotes[:MAX_QUOTES]
                if clean(q.text)
            ],
        ),
        (
            "channels",
            [Chip(" · ".join(clean(c) for c in p.channels if clean(c)))] if p.channels else [],
        ),
    ]
    body_h = PAD
    for key, chips in groups:
        if not chips:
            continue
        lays = [measure_chip(c, inner, SIZE) for c in chips]
        sections.append((label(key, lang), lays))
        title_lines = wrap(label(key, lang), inner, SIZE + 0.5, True)
        body_h += text_height(len(title_lines), SIZE + 0.5) + 3 + stack_height(lays) + 8
    if not sections:
        sections.append(
            ("", [measure_chip(Chip(label("no_details", lang), "thought"), inner, SIZE)])
        )
        body_h += stack_height(sections[0][1]) + 8
    return head_h, body_h + PAD - 8, head, sections


def _draw(
    d: Drawing,
    box: Box,
    head_h: float,
    head: list[tuple[list[str], float, bool]],
    sections: list[Section],
) -> None:
    """Draw one card in ``box``."""
    d.rect(box, "#ffffff", "#c3ccd6", rx=6, width=1)
    d.rect(Box(box.x, box.y, box.w, head_h), HEADER, rx=6)
    d.rect(Box(box.x, box.y + head_h - 6, box.w, 6), HEADER)
    x, inner = box.x + PAD, box.w - 2 * PAD
    y = box.y + 8.0
    for lines, size, bold in head:
        h = text_height(len(lines), size)
        d.text(lines, Box(x, y, inner, h), size=size, role="persona", bold=bold,
               fill="#ffffff" if bold else "#dbe4ef")  # fmt: skip
        y += h
    y = box.y + head_h + PAD
    for title, lays in sections:
        if not title:
            for lay in lays:
                draw_chip(d, lay, Box(x, y, inner, lay.height), SIZE, "persona")
            continue
        lines = wrap(title, inner, SIZE + 0.5, True)
        th = text_height(len(lines), SIZE + 0.5)
        d.text(lines, Box(x, y, inner, th), size=SIZE + 0.5, role="persona", bold=True,
               fill=HEADER)  # fmt: skip
        d.line(x, y + th + 1, x + inner, y + th + 1, RULE, width=0.8)
        y += th + 3
        for lay in lays:
            draw_chip(d, lay, Box(x, y, inner, lay.height), SIZE, "persona")
            y += lay.height + 4
        y += 4


__all__ = ["layout_personas", "render_personas"]
