"""Service blueprint (服务蓝图): evidence, customer, front-stage, back-stage and support rows.

The three lines (interaction, visibility, internal interaction) run between the rows in bands
of their own, labelled in the left column.  Touchpoint boxes carry a red "F" badge when the
evaluation marks a fail point and an amber "W" badge for a wait point; a legend explains both.
More than 12 stages are drawn as bands of columns stacked down the page, like the journey map.
"""

from __future__ import annotations

from needscope.journey.model import Evaluation, JourneyStage, Touchpoint
from needscope.journey.render.common import (
    FAIL_COLOR,
    LABEL_W,
    MARGIN,
    MUTED,
    Chip,
    Grid,
    LegendItem,
    bands,
    clean,
    label,
    lane,
    legend,
    open_band,
    swatch_mark,
    title_block,
)
from needscope.journey.render.journey_map import subtitle
from needscope.journey.render.svg import Box, Drawing, text_height
from needscope.journey.render.text import wrap
from needscope.model.vocab import Lang, TouchpointLayer

_LINES = {
    "line_interaction": ("#334e68", None, 1.6),
    "line_visibility": ("#334e68", "7 4", 1.4),
    "line_internal": ("#7b8794", "2 3", 1.4),
}


def layout_blueprint(evaluation: Evaluation, lang: Lang = "zh", *, title: str = "") -> Drawing:
    """Lay out the service blueprint of ``evaluation`` (see the module docstring)."""
    journey = evaluation.journey
    title = clean(title) or label("blueprint", lang)
    d = Drawing(title=title)
    y = title_block(d, title, subtitle(evaluation, lang), MARGIN)
    parts = bands(journey.stages)
    for first, stages in parts:
        grid, y = open_band(d, first, stages, len(parts), len(journey.stages), lang, y)
        y = lane(d, grid, label("evidence", lang), [_evidence(evaluation, s, lang) for s in stages],
                 y, role="evidence")  # fmt: skip
        y = lane(
            d, grid, label("actions", lang),
            [[Chip(clean(a.label(lang)), "action") for a in s.customer_actions] for s in stages],
            y, role="customer",
        )  # fmt: skip
        y = _divider(d, grid, "line_interaction", y, lang)
        y = _layer_row(d, grid, evaluation, TouchpointLayer.FRONT, "front", y, lang)
        y = _divider(d, grid, "line_visibility", y, lang)
        y = _layer_row(d, grid, evaluation, TouchpointLayer.BACK, "back", y, lang)
        y = _divider(d, grid, "line_internal", y, lang)
        y = _layer_row(d, grid, evaluation, TouchpointLayer.SUPPORT, "support", y, lang)
        y += 14
        d.breaks.append(y)
    items: list[LegendItem] = [
        (swatch_mark("F"), label("fail", lang)),
        (swatch_mark("W"), label("wait", lang)),
    ]
    y = legend(d, items, y - 6)
    d.height = y + MARGIN
    return d


def render_blueprint(evaluation: Evaluation, lang: Lang = "zh", *, title: str = "") -> str:
    """The service blueprint of ``evaluation`` as SVG text."""
    return layout_blueprint(evaluation, lang, title=title).to_svg()


def _evidence(evaluation: Evaluation, stage: JourneyStage, lang: Lang) -> list[Chip]:
    """Distinct physical evidence of a stage's touchpoints, in inventory order."""
    seen: list[str] = []
    for tp in evaluation.journey.touchpoints_of(stage.id):
        text = clean(tp.evidence.label(lang))
        if text and text not in seen:
            seen.append(text)
    return [Chip(t, "evidence") for t in seen]


def _chip(evaluation: Evaluation, tp: Touchpoint, style: str, lang: Lang) -> Chip:
    """A touchpoint box: its action under its name, with fail/wait badges."""
    score = evaluation.touchpoint_score(tp.id)
    marks = tuple(
        m for m, on in (("F", score and score.fail_point), ("W", score and score.wait_point)) if on
    )
    name = clean(tp.name.label(lang)) or tp.id
    action = clean(tp.action.label(lang))
    if action:
        return Chip(
            action, style, head=name, marks=marks, highlight=FAIL_COLOR if "F" in marks else None
        )
    return Chip(name, style, marks=marks, highlight=FAIL_COLOR if "F" in marks else None)


def _layer_row(
    d: Drawing,
    grid: Grid,
    evaluation: Evaluation,
    layer: TouchpointLayer,
    key: str,
    y: float,
    lang: Lang,
) -> float:
    """One blueprint row with the touchpoints of ``layer``."""
    cells = [
        [
            _chip(evaluation, tp, key, lang)
            for tp in evaluation.journey.touchpoints_of(s.id)
            if TouchpointLayer.of(tp.layer) is layer
        ]
        for s in grid.stages
    ]
    return lane(d, grid, label(key, lang), cells, y, role=key)


def _divider(d: Drawing, grid: Grid, key: str, y: float, lang: Lang) -> float:
    """A labelled line across the columns in a band of its own."""
    color, dash, width = _LINES[key]
    size = grid.small
    lines = wrap(label(key, lang), LABEL_W - 10, size, True)
    h = text_height(len(lines), size) + 6
    d.rect(Box(MARGIN, y, grid.right - MARGIN, h), "#ffffff")
    d.text(lines, Box(MARGIN + 4, y + 3, LABEL_W - 10, h - 6), size=size, role="line",
           bold=True, fill=MUTED if key == "line_internal" else color)  # fmt: skip
    mid = y + h / 2
    d.line(grid.x0, mid, grid.right, mid, color, width=width, dash=dash)
    d.breaks.append(y + h)
    return y + h


__all__ = ["layout_blueprint", "render_blueprint"]
