"""The journey report sections build in Chinese and English from the store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from needscope.report.blocks import Chart, Metrics, Section, Svg, Table, Text
from needscope.report.builtin_journey import MAPS, PEOPLE, TOUCHPOINTS
from needscope.report.html import render_html, trusted_svg
from needscope.report.registry import registered_sections
from needscope.services.run import StoreContext

from .conftest import Built


@pytest.fixture(scope="module", params=["zh", "en"])
def built(request: pytest.FixtureRequest, journey_demo: Built) -> tuple[str, list[Section], Built]:
    lang = request.param
    ctx = StoreContext(journey_demo.ws.store, "demo", lang)
    sections = [spec.build(ctx) for spec in (TOUCHPOINTS, MAPS, PEOPLE)]
    return lang, sections, journey_demo


def test_registered() -> None:
    keys = [s.key for s in registered_sections()]
    assert [k for k in keys if k.startswith("journey.")] == [
        "journey.touchpoints",
        "journey.maps",
        "journey.people",
    ]
    assert "journey" in TOUCHPOINTS.inputs and "text" in TOUCHPOINTS.inputs


def test_touchpoint_section(built: tuple[str, list[Section], Built]) -> None:
    lang, sections, demo = built
    section = sections[0]
    assert section.key == "journey.touchpoints"
    assert section.title == ("服务触点评估" if lang == "zh" else "Touchpoint evaluation")
    texts = " ".join(b.text for b in section.blocks if isinstance(b, Text))
    assert ("关键时刻" if lang == "zh" else "Moment of truth") in texts
    assert ("项目已保存的旅程" if lang == "zh" else "saved journey") in texts
    metrics = next(b for b in section.blocks if isinstance(b, Metrics))
    evaluation = demo.handle.evaluate_journey(lang=lang)  # type: ignore[arg-type]
    assert dict(metrics.items)[("关键时刻" if lang == "zh" else "Moments of truth")] == str(
        sum(s.mot for s in evaluation.touchpoints)
    )
    table = next(b for b in section.blocks if isinstance(b, Table))
    frame = table.frame
    n_col = "记录数" if lang == "zh" else "Records"
    mot_col = "关键时刻" if lang == "zh" else "Moment of truth"
    assert list(frame[n_col]) == [s.n for s in evaluation.touchpoints]
    yes = "是" if lang == "zh" else "yes"
    assert list(frame[mot_col] == yes) == [s.mot for s in evaluation.touchpoints]
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    top = max(evaluation.touchpoints, key=lambda s: s.opportunity)
    assert chart.data[chart.y[0]].iloc[-1] == pytest.approx(round(top.opportunity, 4))


def test_figures_are_safe_svg(built: tuple[str, list[Section], Built]) -> None:
    lang, sections, _ = built
    svgs = [b for s in sections[1:] for b in s.blocks if isinstance(b, Svg)]
    assert len(svgs) == 4  # journey map, blueprint, personas, stakeholder map
    for block in svgs:
        assert trusted_svg(block.svg).startswith("<svg")
    journey_map = svgs[0].svg
    assert ("目标旅程" if lang == "zh" else "To-be") in journey_map
    html = render_html("demo", "", sections, lang)  # type: ignore[arg-type]
    assert html.count("<svg") >= 5


def test_html_in_quotes_is_escaped(journey_demo: Built) -> None:
    ctx = StoreContext(journey_demo.ws.store, "demo", "en")
    text = ctx.text.copy()
    text.loc[text.index[:50], "text_masked"] = "<script>alert(1)</script> slow food"
    ctx.__dict__["text"] = text
    section = MAPS.build(ctx)
    for block in section.blocks:
        if isinstance(block, Svg):
            assert "<script" not in block.svg
            trusted_svg(block.svg)


def test_section_without_records(journey_demo: Built) -> None:
    ctx = StoreContext(journey_demo.ws.store, "demo", "zh")
    ctx.__dict__["text"] = ctx.text.iloc[:0]
    section = TOUCHPOINTS.build(ctx)
    assert any(isinstance(b, Text) and "还没有打过标签的记录" in b.text for b in section.blocks)
    people = replace(PEOPLE).build(ctx)
    assert people.key == "journey.people"
