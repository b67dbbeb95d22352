"""Customer journey map (客户旅程图): stages × lanes, as-is lanes then a highlighted to-be lane.

Layout: a chevron row names the stages; the as-is lanes follow (customer actions, touchpoints
with layer stripe / channel symbol / MOT star and gold border, thoughts as real quotes, the
emotion curve with its 25–75 % band and n per point, pain points with their share,
opportunities).  With ``to_be`` a green divider row starts the to-be section, whose lane lists
the planned improvements per stage on a tinted background, so as-is and to-be read as two
blocks of the same columns.  More than 12 stages are split into bands of columns stacked down
the page (a tall SVG); lanes grow to fit their text, so nothing is cut but long quotes, which
are shortened at a sentence boundary with "…".
"""

from __future__ import annotations

from needscope.journey.model import Evaluation, JourneyStage, StageScore
from needscope.journey.render.common import (
    FAINT,
    LABEL_W,
    LAYER_COLOR,
    MARGIN,
    MOT_COLOR,
    MUTED,
    NBSP,
    NEG,
    NEUTRAL,
    POS,
    RULE,
    Chip,
    Grid,
    LegendItem,
    band_row,
    bands,
    clean,
    draw_mark,
    label,
    lane,
    legend,
    open_band,
    percent,
    quoted,
    swatch_chip,
    swatch_mark,
    title_block,
)
from needscope.journey.render.svg import PAGE_WIDTH, Box, Drawing, text_height
from needscope.journey.render.text import shorten, text_width, wrap
from needscope.model.vocab import Lang, TouchChannel, TouchpointLayer

CURVE = "#4e79a7"
TO_BE = "#3d8b47"
TO_BE_BG = "#f1f8f2"
MAX_QUOTES = 2
MAX_PAINS = 3
MAX_OPPORTUNITIES = 3


def layout_journey_map(
    evaluation: Evaluation, lang: Lang = "zh", *, to_be: bool = True, title: str = ""
) -> Drawing:
    """Lay out the journey map of ``evaluation`` (see the module docstring)."""
    journey = evaluation.journey
    title = clean(title) or label("journey", lang)
    d = Drawing(title=title)
    y = title_block(d, title, subtitle(evaluation, lang), MARGIN)
    parts = bands(journey.stages)
    for first, stages in parts:
        grid, y = open_band(d, first, stages, len(parts), len(journey.stages), lang, y)
        if to_be:
            y = _section(d, grid, label("as_is_section", lang), y, MUTED)
        y = lane(d, grid, label("actions", lang), [_actions(s, lang) for s in stages], y)
        y = lane(
            d, grid, label("touchpoints", lang), [_touchpoints(evaluation, s, lang) for s in stages],
            y, role="touchpoint",
        )  # fmt: skip
        scores = [evaluation.stage_score(s.id) for s in stages]
        y = lane(
            d, grid, label("thoughts", lang), [_thoughts(sc, grid, lang) for sc in scores], y,
            role="thought",
        )  # fmt: skip
        y = _emotion(d, grid, scores, y, lang)
        y = lane(d, grid, label("pains", lang), [_pains(sc, lang) for sc in scores], y)
        y = lane(
            d, grid, label("opportunities", lang), [_opportunities(sc, lang) for sc in scores], y
        )
        if to_be:
            y = _section(d, grid, label("to_be_section", lang), y, TO_BE)
            cells = [
                [Chip(clean(b.label(lang)), "to_be") for b in journey.to_be.get(s.id, ())]
                for s in stages
            ]
            y = lane(
                d, grid, label("to_be", lang), cells, y, fill=TO_BE_BG, name_color=TO_BE,
                role="to_be",
            )  # fmt: skip
        y += 14
        d.breaks.append(y)
    y = legend(d, _legend(lang, to_be), y - 6)
    d.height = y + MARGIN
    return d


def render_journey_map(
    evaluation: Evaluation, lang: Lang = "zh", *, to_be: bool = True, title: str = ""
) -> str:
    """The journey map of ``evaluation`` as SVG text."""
    return layout_journey_map(evaluation, lang, to_be=to_be, title=title).to_svg()


def subtitle(evaluation: Evaluation, lang: Lang) -> str:
    """Segment and record count line under the title."""
    segment = clean(evaluation.segment.label(lang)) or label("all_records", lang)
    parts = [f"{label('segment', lang)}: {segment}"]
    if evaluation.n_records:
        parts.append(label("records", lang, n=evaluation.n_records))
    return " · ".join(parts)


def _section(d: Drawing, grid: Grid, text: str, y: float, color: str) -> float:
    """A thin divider row naming the section below it."""
    size = grid.small + 0.5
    frame = Box(MARGIN + 6, y + 4, PAGE_WIDTH - 2 * MARGIN - 12, 0)
    lines = wrap(text, frame.w, size, True)
    h = text_height(len(lines), size)
    d.text(lines, Box(frame.x, frame.y, frame.w, h), size=size, role="section", bold=True,
           fill=color)  # fmt: skip
    y += h + 8
    d.line(MARGIN, y - 1, grid.right, y - 1, color, width=1.6)
    return y


def _actions(stage: JourneyStage, lang: Lang) -> list[Chip]:
    """Customer action chips of a stage."""
    return [Chip(clean(a.label(lang)), "action") for a in stage.customer_actions]


def _touchpoints(evaluation: Evaluation, stage: JourneyStage, lang: Lang) -> list[Chip]:
    """Touchpoint chips of a stage: layer stripe, channel symbol, MOT star and border."""
    chips = []
    for tp in evaluation.journey.touchpoints_of(stage.id):
        score = evaluation.touchpoint_score(tp.id)
        mot = bool(score and score.mot)
        marks = ("mot",) if mot else ()
        chips.append(
            Chip(
                clean(tp.name.label(lang)) or tp.id,
                "touchpoint",
                stripe=LAYER_COLOR[TouchpointLayer.of(tp.layer)],
                marks=(*marks, TouchChannel.of(tp.channel).value),
                highlight=MOT_COLOR if mot else None,
            )
        )
    return chips


def _thoughts(score: StageScore | None, grid: Grid, lang: Lang) -> list[Chip]:
    """Up to two real quotes, shortened at a sentence boundary, in quotation marks."""
    if score is None:
        return []
    per_line = max((grid.cw - 22.0) / grid.size, 4.0)
    out = []
    for quote in score.thoughts[:MAX_QUOTES]:
        text = shorten(clean(quote.text), per_line * 4.0)
        if text:
            out.append(Chip(quoted(text), "thought"))
    return out


def _pains(score: StageScore | None, lang: Lang) -> list[Chip]:
    """Top pain points with their share of the stage's records."""
    if score is None:
        return []
    return [
        Chip(f"{clean(p.name.label(lang)) or p.tag}{NBSP}·{NBSP}{percent(p.share)}", "pain")
        for p in score.pains[:MAX_PAINS]
    ]


def _opportunities(score: StageScore | None, lang: Lang) -> list[Chip]:
    """Opportunities named for the stage."""
    if score is None:
        return []
    return [
        Chip(clean(o.label(lang)), "opportunity") for o in score.opportunities[:MAX_OPPORTUNITIES]
    ]


def _tone(value: float) -> str:
    """Point colour of a sentiment mean."""
    if value > 0.15:
        return POS
    if value < -0.15:
        return NEG
    return NEUTRAL


def _emotion(
    d: Drawing, grid: Grid, scores: list[StageScore | None], y: float, lang: Lang
) -> float:
    """The emotion lane: mean per stage on a −1…+1 axis, 25–75 % band, n beside each point."""
    size = grid.small
    h = max(118.0, size * 14)
    band_row(d, grid, y, h)
    name = label("emotion", lang)
    name_lines = wrap(name, LABEL_W - 40, grid.size + 0.5, True)
    d.text(name_lines, Box(MARGIN + 6, y + 6, LABEL_W - 40, h - 12), size=grid.size + 0.5,
           role="lane", bold=True, fill="#334e68")  # fmt: skip
    top, bottom = y + 10.0, y + h - 10.0

    def vy(v: float) -> float:
        return top + (1.0 - max(-1.0, min(1.0, v))) / 2.0 * (bottom - top)

    tick_w = 24.0
    for v, text in ((1.0, "+1"), (0.0, "0"), (-1.0, "−1")):
        ty = vy(v)
        d.line(grid.x0, ty, grid.right, ty, RULE if v else FAINT, width=0.7,
               dash=None if v else "3 3")  # fmt: skip
        th = text_height(1, size)
        d.text([text], Box(MARGIN + LABEL_W - tick_w - 4, ty - th / 2, tick_w, th), size=size,
               role="tick", fill=MUTED, align="end")  # fmt: skip
    points: list[tuple[float, StageScore] | None] = []
    for i, sc in enumerate(scores):
        cx = grid.x0 + (i + 0.5) * grid.cw
        if sc is None or sc.sentiment_mean is None or sc.n == 0:
            points.append(None)
            th = text_height(1, size)
            d.text([label("no_data", lang)], Box(cx - grid.cw / 2 + 4, vy(0.5) - th / 2,
                   grid.cw - 8, th), size=size, role="emotion", fill=FAINT, align="middle")  # fmt: skip
        else:
            points.append((cx, sc))
    segments: list[list[tuple[float, StageScore]]] = [[]]
    for p in points:
        if p is None:
            segments.append([])
        else:
            segments[-1].append(p)
    for seg in segments:
        spread = [(cx, sc) for cx, sc in seg if sc.sentiment_q25 is not None]
        if len(spread) >= 2:
            upper = [(cx, vy(_num(sc.sentiment_q75, sc))) for cx, sc in spread]
            lower = [(cx, vy(_num(sc.sentiment_q25, sc))) for cx, sc in reversed(spread)]
            d.polygon(upper + lower, CURVE, opacity=0.14)
        if len(seg) >= 2:
            path = " ".join(
                f"{'M' if k == 0 else 'L'}{cx:.2f} {vy(_num(sc.sentiment_mean, sc)):.2f}"
                for k, (cx, sc) in enumerate(seg)
            )
            d.path(path, stroke=CURVE, width=2.0)
    for p in points:
        if p is None:
            continue
        cx, sc = p
        mean = _num(sc.sentiment_mean, sc)
        py = vy(mean)
        if sc.sentiment_q25 is not None and sc.sentiment_q75 is not None:
            d.line(cx, vy(sc.sentiment_q75), cx, vy(sc.sentiment_q25), CURVE, width=1.0)
        d.circle(cx, py, 4.2, _tone(mean), "#ffffff", 1.2)
        text = f"{mean:+.2f} (n={sc.n})"
        lines = wrap(text, grid.cw - 12, size)
        lh = text_height(len(lines), size)
        w = grid.cw - 12
        ly = py + 7 if mean >= 0 else py - 7 - lh
        ly = max(y + 2, min(ly, y + h - 2 - lh))
        tw = max(text_width(line, size) for line in lines) + 6
        d.rect(Box(cx - tw / 2, ly, tw, lh), "#ffffff", opacity=0.85)
        d.text(lines, Box(cx - w / 2, ly, w, lh), size=size, role="emotion", fill="#334e68",
               align="middle")  # fmt: skip
    d.breaks.append(y + h)
    return y + h


def _num(value: float | None, sc: StageScore) -> float:
    """A sentiment statistic, falling back to the stage mean (0 when unknown)."""
    if value is not None:
        return value
    return sc.sentiment_mean if sc.sentiment_mean is not None else 0.0


def _legend(lang: Lang, to_be: bool) -> list[LegendItem]:
    """Legend entries of the journey map."""
    items: list[LegendItem] = [
        (
            swatch_chip("touchpoint", LAYER_COLOR[layer]),
            label("layer", lang, layer=layer.label(lang)),
        )
        for layer in TouchpointLayer
    ]
    items += [
        (swatch_mark(ch.value), label("channel", lang, channel=ch.label(lang)))
        for ch in TouchChannel
    ]

    def mot(d: Drawing, box: Box) -> None:
        swatch_chip("touchpoint", highlight=MOT_COLOR)(d, box)
        draw_mark(d, "mot", Box(box.x + 3, box.y + 1, 10, 10))

    def band(d: Drawing, box: Box) -> None:
        d.rect(box, CURVE, opacity=0.14)
        d.line(box.x, box.y + box.h / 2, box.right, box.y + box.h / 2, CURVE, width=2)

    def point(d: Drawing, box: Box) -> None:
        d.circle(box.x + box.w / 2, box.y + box.h / 2, 4.2, POS, "#ffffff", 1.2)

    items += [
        (mot, label("mot", lang)),
        (band, label("band", lang)),
        (point, label("mean", lang)),
        (swatch_chip("pain"), label("pain_chip", lang)),
        (swatch_chip("opportunity"), label("opp_chip", lang)),
    ]
    if to_be:
        items.append((swatch_chip("to_be"), label("to_be_chip", lang)))
    return items


__all__ = ["layout_journey_map", "render_journey_map", "subtitle"]
