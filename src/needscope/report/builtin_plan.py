"""Report sections of the service plan: goals, modules, value; schedule; tracking and KPIs."""

from __future__ import annotations

import contextlib
from typing import Any
from weakref import WeakKeyDictionary

import pandas as pd

from needscope.errors import InputError
from needscope.plan.document import Plan, localise_plan, plan_from_doc
from needscope.report.blocks import Block, Section, Text
from needscope.report.registry import DataName, ReportContext, SectionSpec, register_section
from needscope.report.sections_plan import (
    feedback_section,
    goals_section,
    modules_section,
    no_launch_section,
    no_plan_section,
    plan_kpis,
    schedule_section,
    stats_of,
    tracking_section,
    value_section,
)
from needscope.services.plan import PlanCheck, check_plan, prioritised_needs

_CHECKED: WeakKeyDictionary[Any, tuple[Plan, PlanCheck, pd.DataFrame, Any]] = WeakKeyDictionary()
_INPUTS: tuple[DataName, ...] = ("project", "records", "customers", "needs", "plan")


def _checked(ctx: ReportContext) -> tuple[Plan, PlanCheck, pd.DataFrame, Any] | None:
    """The plan, its check, the prioritised needs and the method data, once per report run."""
    with contextlib.suppress(KeyError, TypeError):
        return _CHECKED[ctx]
    if ctx.plan_doc is None:
        return None
    from needscope.report.methods_context import method_data

    plan = localise_plan(plan_from_doc(ctx.plan_doc), ctx.lang)
    needs = prioritised_needs(ctx)
    data = method_data(ctx)
    out = (plan, check_plan(plan, needs, ctx.project, data, ctx.lang), needs, data)
    with contextlib.suppress(TypeError):
        _CHECKED[ctx] = out
    return out


def _guard(key: str, build: Any) -> Any:
    """Build a plan section; a bad plan document becomes a one-line note."""

    def run(ctx: ReportContext) -> Section:
        try:
            got = _checked(ctx)
        except InputError as exc:
            title = "服务方案" if ctx.lang == "zh" else "Service plan"
            msg = (
                f"方案文档有误：{exc}"
                if ctx.lang == "zh"
                else f"The plan document is invalid: {exc}"
            )
            return Section(key, title, [Text(msg)])
        if got is None:
            return no_plan_section(key, ctx.slug, ctx.lang)
        return build(ctx, *got)  # type: ignore[no-any-return]

    return run


def _overview(ctx: ReportContext, plan: Plan, check: PlanCheck, needs: pd.DataFrame,
              data: Any) -> Section:  # fmt: skip
    """Goals, modules with coverage, and the value statement, as one section."""
    parts = [goals_section(check.goals, ctx.lang), modules_section(plan, check, needs, ctx.lang),
             value_section(plan, check, ctx.lang)]  # fmt: skip
    title = (
        "服务方案：目标、模块与价值" if ctx.lang == "zh" else "Service plan: goals, modules, value"
    )
    blocks: list[Block] = []
    for p in parts:
        blocks.append(Text(f"【{p.title}】" if ctx.lang == "zh" else f"— {p.title} —"))
        blocks.extend(p.blocks)
    return Section("plan", title, blocks)


def _schedule(ctx: ReportContext, plan: Plan, check: PlanCheck, needs: pd.DataFrame,
              data: Any) -> Section:  # fmt: skip
    return schedule_section(plan, check, ctx.lang)


def _tracking(ctx: ReportContext, plan: Plan, check: PlanCheck, needs: pd.DataFrame,
              data: Any) -> Section:  # fmt: skip
    kpis, basis = plan_kpis(plan, check, data, ctx.lang)
    return tracking_section(plan, stats_of(plan), kpis, basis, ctx.lang)


PLAN = register_section(SectionSpec("plan", 400, _INPUTS, _guard("plan", _overview)))
SCHEDULE = register_section(
    SectionSpec("plan.schedule", 410, _INPUTS, _guard("plan.schedule", _schedule))
)
TRACKING = register_section(
    SectionSpec("plan.tracking", 420, _INPUTS, _guard("plan.tracking", _tracking))
)
_FEEDBACK_INPUTS: tuple[DataName, ...] = ("project", "records", "text", "needs", "plan")


def _feedback(ctx: ReportContext) -> Section:
    """The launch checked against the goals (a note when there is no launch or it cannot run)."""
    from needscope.services.feedback import feedback_from_context

    try:
        run = feedback_from_context(ctx)
    except InputError as exc:
        why = "" if exc.column == "launch" else exc.reason
        return no_launch_section(ctx.slug, ctx.lang, why)
    return feedback_section(run, ctx.lang)


FEEDBACK = register_section(SectionSpec("plan.feedback", 430, _FEEDBACK_INPUTS, _feedback))

__all__ = ["FEEDBACK", "PLAN", "SCHEDULE", "TRACKING"]
