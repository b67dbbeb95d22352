"""Report sections of the journey: touchpoint table, journey map, blueprint, personas."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from needscope.errors import NeedscopeError
from needscope.journey.model import Evaluation, Persona
from needscope.report.blocks import Section, Text
from needscope.report.methods_context import method_data
from needscope.report.registry import DataName, ReportContext, SectionSpec, register_section
from needscope.report.sections_journey import maps_section, people_section, touchpoint_section

INPUTS: tuple[DataName, ...] = ("project", "records", "customers", "text", "journey")
TITLES = {
    "journey.touchpoints": ("服务触点评估", "Touchpoint evaluation"),
    "journey.maps": ("客户旅程图与服务蓝图", "Customer journey map and service blueprint"),
    "journey.people": ("用户画像与利益相关者", "Personas and stakeholders"),
}


@dataclass
class _Run:
    evaluation: Evaluation
    personas: tuple[Persona, ...]
    saved: bool


_RUNS: WeakKeyDictionary[Any, _Run] = WeakKeyDictionary()


def journey_run(ctx: ReportContext) -> _Run:
    """The journey scored on the report's data, computed once per report run."""
    with contextlib.suppress(KeyError, TypeError):
        return _RUNS[ctx]
    from needscope.services.journey import (
        JourneyInputs,
        evaluate_with,
        journey_from_doc,
        personas_with,
    )
    from needscope.text.packs import load_pack

    pack = load_pack(ctx.pack)
    doc = ctx.journey_doc
    inputs = JourneyInputs(journey_from_doc(doc, pack), ctx.text, method_data(ctx), pack)
    run = _Run(
        evaluate_with(inputs, lang=ctx.lang), personas_with(inputs, lang=ctx.lang), doc is not None
    )
    with contextlib.suppress(TypeError):
        _RUNS[ctx] = run
    return run


def _guard(
    key: str, build: Callable[[ReportContext], Section]
) -> Callable[[ReportContext], Section]:
    """A section that says in one line why it could not be built instead of failing the run."""

    def run(ctx: ReportContext) -> Section:
        try:
            return build(ctx)
        except (NeedscopeError, ValueError, KeyError) as exc:
            zh, en = TITLES[key]
            msg = str(exc).strip("'\"")
            note = f"无法完成本节：{msg}" if ctx.lang == "zh" else f"Could not build: {msg}"
            return Section(key, zh if ctx.lang == "zh" else en, [Text(note)])

    return run


def _touchpoints(ctx: ReportContext) -> Section:
    run = journey_run(ctx)
    return touchpoint_section(run.evaluation, ctx.lang, saved=run.saved)


def _maps(ctx: ReportContext) -> Section:
    from needscope.journey.render import render_blueprint, render_journey_map

    run = journey_run(ctx)
    return maps_section(
        run.evaluation,
        ctx.lang,
        journey_map=render_journey_map(run.evaluation, ctx.lang, to_be=True),
        blueprint=render_blueprint(run.evaluation, ctx.lang),
    )


def _people(ctx: ReportContext) -> Section:
    from needscope.journey.render import render_personas, render_stakeholder_map

    run = journey_run(ctx)
    stakeholders = run.evaluation.journey.stakeholders
    return people_section(
        run.personas,
        ctx.lang,
        personas_svg=render_personas(run.personas, ctx.lang) if run.personas else None,
        stakeholders_svg=render_stakeholder_map(stakeholders, ctx.lang) if stakeholders else None,
    )


TOUCHPOINTS = register_section(
    SectionSpec("journey.touchpoints", 300, INPUTS, _guard("journey.touchpoints", _touchpoints))
)
MAPS = register_section(
    SectionSpec("journey.maps", 310, INPUTS, _guard("journey.maps", _maps), version="3")
)
PEOPLE = register_section(
    SectionSpec("journey.people", 320, INPUTS, _guard("journey.people", _people), version="3")
)

__all__ = ["MAPS", "PEOPLE", "TOUCHPOINTS", "journey_run"]
