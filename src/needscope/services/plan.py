"""A project's service plan: draft it from the prioritised needs, check it, store it, track it."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from needscope.errors import InputError
from needscope.io.tables import ReadError, open_table
from needscope.model.vocab import Lang, Quality
from needscope.plan.document import GoalSpec, Plan, plan_from_doc, plan_to_doc
from needscope.plan.modules import (
    Coverage,
    Module,
    RuleIssue,
    check_rules,
    coverage,
    load_catalogue,
    select_modules,
)
from needscope.plan.schedule import (
    TEMPLATE3_SHEET,
    BudgetCheck,
    DependencyIssue,
    Task,
    check_budget,
    check_dependencies,
    critical_path,
    horizon,
    tasks_from_rows,
    template3_frame,
    week_dates,
    window_text,
)
from needscope.plan.smart import SmartResult, check_goal, link_needs, parse_goal_parts
from needscope.plan.tracking import (
    TEMPLATE4_SHEET,
    KpiData,
    TrackingRow,
    metric_series,
    rows_from_template4,
    template4_frame,
)
from needscope.plan.value import (
    JargonHit,
    ValueStatement,
    check_jargon,
    draft_value_statement,
    load_glossary,
)
from needscope.report.registry import ReportContext
from needscope.services.docs import project_doc, save_project_doc
from needscope.services.export import write_table
from needscope.store import Store

PRIORITY_COLUMNS = ["id", "description", "quote", "dimension", "evidence_count", "priority"]


# --------------------------------------------------------------------------- needs and data


def prioritised_needs(ctx: ReportContext) -> pd.DataFrame:
    """The needs still to act on with their priority class (now / planned / deferred), computed
    as in the priority section: evidence-suggested sub-scores with stored overrides applied."""
    from needscope.methods import priority_matrix, suggest_scores
    from needscope.report.builtin_methods_needs import (
        active_needs,
        adjust_scores,
        evidence_table,
        verifications,
        with_overrides,
    )
    from needscope.report.methods_context import method_data

    needs = active_needs(ctx.needs)
    if needs.empty:
        return pd.DataFrame(columns=PRIORITY_COLUMNS)
    data = method_data(ctx)
    evidence = evidence_table(ctx, needs, data)
    has = {c: bool(evidence[c].notna().any()) for c in ("kano", "segment_value", "trend")}
    scores = suggest_scores(evidence, need="need", frequency="frequency", credibility="credibility",
                            kano="kano" if has["kano"] else None,
                            segment_value="segment_value" if has["segment_value"] else None,
                            trend="trend" if has["trend"] else None)  # fmt: skip
    scores = adjust_scores(scores, needs, verifications(needs, data, ctx.lang), ctx.lang)
    applied = with_overrides(scores, needs, ctx.lang)
    result = priority_matrix(applied, need="_id", lang=ctx.lang)
    classes = dict(zip(result["_id"].astype(int), result["priority"], strict=True))
    out = needs.copy()
    out["priority"] = [classes.get(int(i)) for i in out["id"]]
    return out[PRIORITY_COLUMNS].reset_index(drop=True)


def _context(store: Store, slug: str, lang: Lang) -> ReportContext:
    from needscope.services.run import StoreContext

    return StoreContext(store, slug, lang)


def _kpi_data(ctx: ReportContext) -> KpiData:
    from needscope.report.methods_context import method_data

    return method_data(ctx)


def goal_history(goal: str, data: KpiData, before: date | None = None) -> dict[str, pd.Series]:
    """Per metric key of the goal: its values per period before ``before`` (the plan start)."""
    out: dict[str, pd.Series] = {}
    for part in parse_goal_parts(goal)[0]:
        if part.metric_key is None or part.metric_key in out:
            continue
        series, _how = metric_series(part, data)
        if before is not None:
            series = series[series.index < pd.Timestamp(before)]
        if len(series):
            out[part.metric_key] = series
    return out


# --------------------------------------------------------------------------- load / save


def load_plan(store: Store, slug: str) -> Plan | None:
    """The project's stored plan (None when none was saved)."""
    doc = project_doc(store, slug, "plan")
    return plan_from_doc(doc) if doc is not None else None


def require_plan(store: Store, slug: str) -> Plan:
    """The project's stored plan; InputError when there is none yet."""
    plan = load_plan(store, slug)
    if plan is None:
        raise InputError(f"project {slug!r} has no plan yet: run `needscope plan draft {slug}`")
    return plan


def save_plan(store: Store, slug: str, plan: Plan | Mapping[str, Any]) -> Plan:
    """Validate and store the plan (a :class:`Plan` or its document); returns it as read back."""
    doc = plan_to_doc(plan) if isinstance(plan, Plan) else dict(plan)
    checked = plan_from_doc(doc)
    save_project_doc(store, slug, "plan", plan_to_doc(checked))
    return checked


# --------------------------------------------------------------------------- draft


def _monday_after(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def _default_start(ctx: ReportContext) -> date:
    """The Monday after the project's last record (today's week when it has none)."""
    records = ctx.records
    if "ts" in records.columns and records["ts"].notna().any():
        last = pd.to_datetime(records["ts"], errors="coerce").max()
        if pd.notna(last):
            return _monday_after(last.date())
    return _monday_after(date.today() - timedelta(days=7))


def draft_tasks(modules: Sequence[Module], lang: Lang = "zh") -> list[Task]:
    """One task per module from its catalogue defaults, scheduled after the modules it follows."""
    i = 0 if lang == "zh" else 1
    by_id = {m.id: m for m in modules if m.task is not None}
    ends: dict[str, int] = {}
    tasks: list[Task] = []

    def place(mid: str, path: tuple[str, ...]) -> None:
        if mid in ends:
            return
        if mid in path:
            raise InputError("the catalogue's 'after' rules form a cycle: " + " → ".join(path))
        m = by_id[mid]
        assert m.task is not None
        deps = [a for a in m.task.after if a in by_id]
        for d in deps:
            place(d, (*path, mid))
        start = max((ends[d] for d in deps), default=0) + 1 + m.task.start_gap
        end = None if m.task.weeks is None else start + m.task.weeks - 1
        task = Task(m.id, m.name(lang), m.task.content[i], m.task.owner[i], "", start, end,
                    m.task.frequency[i], [ms[i] for ms in m.task.milestones],
                    m.task.resources[i], m.task.acceptance[i], m.task.budget, deps)  # fmt: skip
        task.time_text = window_text(task, lang)
        tasks.append(task)
        ends[mid] = end if end is not None else start

    for mid in by_id:
        place(mid, ())
    order = {m.id: n for n, m in enumerate(modules)}
    return sorted(tasks, key=lambda t: (t.start_week or 0, order.get(t.id, 0)))


def draft_plan(
    store: Store,
    slug: str,
    *,
    start: date | None = None,
    lang: Lang = "zh",
    save: bool = True,
) -> Plan:
    """Draft a plan from the project's prioritised needs and goals; stores it unless ``save``
    is False (tracking rows of a stored plan are kept)."""
    from needscope.services.projects import get_project

    ctx = _context(store, slug, lang)
    project = get_project(store, slug)
    needs = prioritised_needs(ctx)
    catalogue = load_catalogue(project.industry)
    modules = select_modules(catalogue, needs)
    tasks = draft_tasks(modules, lang)
    first = start or _default_start(ctx)
    finite = [t.end_week for t in tasks if t.end_week is not None]
    weeks = max([*finite, *(t.start_week or 1 for t in tasks), 1]) + 4
    goals = []
    for n, text in enumerate(project.goals):
        parts = parse_goal_parts(text)[0]
        goals.append(GoalSpec(f"g{n + 1}", text, link_needs(parts, needs)))
    old = load_plan(store, slug)
    plan = Plan(first, weeks, project.industry, None, goals, modules, tasks,
                old.tracking if old else [], None, old.glossary if old else [],
                launch=old.launch if old else None)  # fmt: skip
    return save_plan(store, slug, plan) if save else plan


# --------------------------------------------------------------------------- check


@dataclass
class PlanCheck:
    """Everything checked about a plan."""

    goals: list[SmartResult] = field(default_factory=list)
    rules: list[RuleIssue] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    dependencies: list[DependencyIssue] = field(default_factory=list)
    budget: BudgetCheck = field(default_factory=lambda: BudgetCheck(0.0, None, {}))
    cpm: pd.DataFrame = field(default_factory=pd.DataFrame)
    jargon: list[JargonHit] = field(default_factory=list)
    value: ValueStatement | None = None
    deadline_note: tuple[str, str] | None = None


def plan_texts(plan: Plan, lang: Lang = "zh") -> list[tuple[str, str]]:
    """(where, text) of the plan's client-facing texts, for the jargon check."""
    zh = lang == "zh"
    out: list[tuple[str, str]] = []
    for m in plan.modules:
        out.append((("模块：" if zh else "module: ") + m.id, m.name(lang)))
    for t in plan.tasks:
        tag = f"{t.module} · {t.content}"
        for text in (t.content, t.resources, t.acceptance, *t.milestones):
            if text:
                out.append((tag, text))
    for g in plan.goals:
        out.append((("目标 " if zh else "goal ") + g.id, g.text))
    if plan.statement:
        out.append(("价值陈述" if zh else "value statement", plan.statement))
    return out


def check_plan(
    plan: Plan,
    needs: pd.DataFrame,
    project: Mapping[str, Any],
    data: KpiData | None = None,
    lang: Lang = "zh",
) -> PlanCheck:
    """SMART goals, module rules and coverage, dependencies, critical path, budget, value
    statement and jargon of ``plan`` (``needs`` with priorities, ``project`` as a dict)."""
    goals = []
    for g in plan.goals:
        history = goal_history(g.text, data, plan.start) if data is not None else None
        goals.append(check_goal(g.text, metric_history=history, benchmark=g.benchmark,
                                needs=needs, need_ids=g.need_ids,
                                deadline=g.deadline or project.get("deadline"), lang=lang))  # fmt: skip
    catalogue = load_catalogue(plan.industry)
    limit = plan.budget if plan.budget is not None else project.get("budget")
    budget = check_budget(plan.tasks, float(limit) if limit is not None else None)
    glossary = load_glossary(plan.glossary)
    hits = [h for where, text in plan_texts(plan, lang)
            for h in check_jargon(text, glossary, where=where)]  # fmt: skip
    cpm = critical_path(plan.tasks)
    weeks = int(cpm["ef"].max()) if len(cpm) else None
    value = draft_value_statement(goals, needs, client=str(project.get("client") or ""),
                                  budget_total=budget.total or None, weeks=weeks,
                                  glossary=glossary, lang=lang)  # fmt: skip
    note = None
    deadline = project.get("deadline")
    if plan.start is not None and isinstance(deadline, date) and plan.tasks:
        finite = [t.end_week for t in plan.tasks if t.end_week is not None]
        if finite:
            last_day = week_dates(max(finite), plan.start)[1]
            if last_day > deadline:
                note = (f"警告：计划最后一项任务在 {last_day} 结束，晚于项目截止日 {deadline}",
                        f"Warning: the last task ends on {last_day}, after the project "
                        f"deadline {deadline}")  # fmt: skip
    return PlanCheck(goals, check_rules(plan.modules, catalogue), coverage(plan.modules, needs),
                     check_dependencies(plan.tasks), budget,
                     cpm, hits, value, note)  # fmt: skip


def plan_check(store: Store, slug: str, lang: Lang = "zh") -> tuple[Plan, PlanCheck]:
    """The stored plan and its check against the project's needs and data."""
    plan = require_plan(store, slug)
    ctx = _context(store, slug, lang)
    return plan, check_plan(plan, prioritised_needs(ctx), ctx.project, _kpi_data(ctx), lang)


def check_project_goal(store: Store, slug: str, text: str, lang: Lang = "zh") -> SmartResult:
    """SMART check of a goal against the project's needs, data history and deadline."""
    ctx = _context(store, slug, lang)
    plan = load_plan(store, slug)
    start = plan.start if plan else None
    history = goal_history(text, _kpi_data(ctx), start)
    deadline = ctx.project.get("deadline")
    return check_goal(
        text,
        metric_history=history,
        needs=prioritised_needs(ctx),
        deadline=deadline if isinstance(deadline, date) else None,
        lang=lang,
    )


# --------------------------------------------------------------------------- tracking


def add_tracking(
    store: Store,
    slug: str,
    task: str,
    *,
    actual: date | str | None = None,
    quality: Quality | str | None = None,
    problem: str = "",
    fix: str = "",
    planned: date | str | None = None,
) -> TrackingRow:
    """Record a task's completion (Template 4); the planned date defaults to the end of the
    task's window in the plan. Replaces the task's earlier row."""
    from needscope.plan.schedule import parse_date

    plan = require_plan(store, slug)
    name = task.strip()
    existing = next((r for r in plan.tracking if r.task == name), None)
    planned_day = parse_date(planned, "tracking", "planned") if planned else None
    if planned_day is None and existing is not None:
        planned_day = existing.planned
    if planned_day is None:
        found = plan.task(name)
        if found is None or found.start_week is None or plan.start is None:
            raise InputError(f"no task {name!r} in the plan with a time window: give the "
                             "planned date", column="task")  # fmt: skip
        week = found.end_week if found.end_week is not None else found.start_week
        planned_day = week_dates(week, plan.start)[1]
    try:
        q = Quality.parse(quality) if quality else None
    except ValueError as exc:
        raise InputError(str(exc), column="quality") from None
    row = TrackingRow(name, planned_day,
                      parse_date(actual, "tracking", "actual") if actual else None, q,
                      problem.strip(), fix.strip())  # fmt: skip
    plan.tracking = [r for r in plan.tracking if r.task != name] + [row]
    save_plan(store, slug, plan)
    return row


# --------------------------------------------------------------------------- templates


def read_rows(path: Path) -> list[dict[str, Any]]:
    """A table file's rows as header → cell text with ``__row__`` (the row a person sees)."""
    try:
        source = open_table(path)
        rows = [{**r.values, "__row__": r.row} for r in source.rows()]
    except ReadError as exc:
        raise InputError(exc.message, file=exc.file, row=exc.row, column=exc.column) from None
    if not rows:
        raise InputError("no data rows", file=path.name)
    return rows


def import_template3(store: Store, slug: str, path: Path) -> Plan:
    """Replace the plan's tasks by the rows of a Template 3 file (XLSX/CSV, zh or en headers)."""
    plan = load_plan(store, slug) or _empty_plan(store, slug)
    plan.tasks = tasks_from_rows(read_rows(path), plan.start, file=path.name)
    names = {m.name_zh for m in plan.modules} | {m.name_en for m in plan.modules} | {
        m.id for m in plan.modules}  # fmt: skip
    catalogue = {m.name_zh: m for m in load_catalogue(plan.industry)} | {
        m.name_en: m for m in load_catalogue(plan.industry)}  # fmt: skip
    for t in plan.tasks:
        if t.module not in names:
            known = catalogue.get(t.module)
            plan.modules.append(known if known and known.id not in {m.id for m in plan.modules}
                                else Module(f"m{len(plan.modules) + 1}", t.module, t.module,
                                            _basic()))  # fmt: skip
            names |= {plan.modules[-1].name_zh, plan.modules[-1].name_en, plan.modules[-1].id}
    return save_plan(store, slug, plan)


def _basic() -> Any:
    from needscope.model.vocab import ModuleKind

    return ModuleKind.BASIC


def _empty_plan(store: Store, slug: str) -> Plan:
    from needscope.services.projects import get_project

    project = get_project(store, slug)
    goals = [GoalSpec(f"g{n + 1}", g) for n, g in enumerate(project.goals)]
    return Plan(industry=project.industry, goals=goals)


def import_template4(store: Store, slug: str, path: Path) -> Plan:
    """Add or replace tracking rows from a Template 4 file (a task's row replaces its old one)."""
    plan = load_plan(store, slug) or _empty_plan(store, slug)
    rows = rows_from_template4(read_rows(path), file=path.name)
    names = {r.task for r in rows}
    plan.tracking = [r for r in plan.tracking if r.task not in names] + rows
    return save_plan(store, slug, plan)


def export_template3(store: Store, slug: str, path: Path, lang: Lang = "zh") -> Path:
    """Write the plan's tasks as Template 3 (XLSX, CSV or JSON), formula-safe."""
    plan = require_plan(store, slug)
    return write_table(template3_frame(plan.tasks, lang), path, TEMPLATE3_SHEET[lang])


def export_template4(store: Store, slug: str, path: Path, lang: Lang = "zh") -> Path:
    """Write the tracking rows as Template 4 (XLSX, CSV or JSON), formula-safe."""
    plan = require_plan(store, slug)
    return write_table(template4_frame(plan.tracking, lang), path, TEMPLATE4_SHEET[lang])


def plan_weeks(plan: Plan) -> int:
    """The plan's length in weeks."""
    return horizon(plan.tasks, plan.weeks)


def weeks_until(start: date, deadline: date) -> int:
    """Whole weeks from ``start`` up to and including ``deadline``."""
    return max(1, math.ceil(((deadline - start).days + 1) / 7))


__all__ = [
    "PRIORITY_COLUMNS",
    "PlanCheck",
    "add_tracking",
    "check_plan",
    "check_project_goal",
    "draft_plan",
    "draft_tasks",
    "export_template3",
    "export_template4",
    "goal_history",
    "import_template3",
    "import_template4",
    "load_plan",
    "plan_check",
    "plan_texts",
    "plan_weeks",
    "prioritised_needs",
    "read_rows",
    "require_plan",
    "save_plan",
    "weeks_until",
]
