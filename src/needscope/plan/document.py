"""The plan document: the JSON dict stored per project ⇄ dataclasses, validated key by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from needscope.errors import InputError
from needscope.model.vocab import Lang
from needscope.plan.launch import LaunchSpec, launch_from_dict
from needscope.plan.modules import Module, catalogue_phrases, module_from_dict
from needscope.plan.schedule import Task, parse_date, parse_window
from needscope.plan.tracking import TrackingRow, row_from_dict
from needscope.plan.value import term_from_dict

DOC_VERSION = 1
_KEYS = {"version", "start", "weeks", "industry", "budget", "goals", "modules", "tasks",
         "tracking", "statement", "glossary", "notes", "launch"}  # fmt: skip


@dataclass
class GoalSpec:
    """A plan goal: its text, the needs it serves, an optional benchmark and deadline."""

    id: str
    text: str
    need_ids: list[int] = field(default_factory=list)
    benchmark: float | None = None
    deadline: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The goal as stored."""
        return {"id": self.id, "text": self.text, "need_ids": list(self.need_ids),
                "benchmark": self.benchmark,
                "deadline": self.deadline.isoformat() if self.deadline else None}  # fmt: skip


@dataclass
class Plan:
    """A project's service plan: goals, modules, tasks (Template 3) and tracking (Template 4)."""

    start: date | None = None
    weeks: int | None = None
    industry: str = "generic"
    budget: float | None = None
    goals: list[GoalSpec] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    tracking: list[TrackingRow] = field(default_factory=list)
    statement: str | None = None
    glossary: list[dict[str, Any]] = field(default_factory=list)
    notes: str | None = None
    launch: LaunchSpec | None = None
    """The launch to check in the feedback loop (None: not launched yet or not recorded)."""

    def task(self, name: str) -> Task | None:
        """The task with id or content ``name``, else the only task of module ``name``."""
        key = name.strip()
        found = next((t for t in self.tasks if key in (t.id, t.content)), None)
        if found is None:
            mine = [t for t in self.tasks if t.module == key]
            found = mine[0] if len(mine) == 1 else None
        return found


def _list(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{key!r} must be a list", file="plan", column=key)
    return value


def _number(value: object, key: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(f"{key!r} must be a number", file="plan", column=key)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"{key!r} must be a number, got {value!r}", file="plan",
                         column=key) from None  # fmt: skip


def _task(data: Any, n: int, start: date | None) -> Task:
    key = f"tasks[{n}]"
    if not isinstance(data, Mapping):
        raise InputError("a task must be a mapping", file="plan", column=key)
    for f in ("id", "module", "content"):
        if not str(data.get(f) or "").strip():
            raise InputError(f"a task needs {f!r}", file="plan", column=f"{key}.{f}")
    a, b = data.get("start_week"), data.get("end_week")
    freq = str(data.get("frequency") or "")
    time_text = str(data.get("time") or "")
    if a is None:
        if not time_text:
            raise InputError("a task needs 'time' or 'start_week'", file="plan",
                             column=f"{key}.time")  # fmt: skip
        a, b, freq = parse_window(time_text, start, where="plan")
    try:
        a = int(a)
        b = None if b is None else int(b)
    except (TypeError, ValueError):
        raise InputError("weeks must be whole numbers", file="plan",
                         column=f"{key}.start_week") from None  # fmt: skip
    if a < 1 or (b is not None and b < a):
        raise InputError(f"bad weeks {a}–{b}", file="plan", column=f"{key}.end_week")
    budget = _number(data.get("budget"), f"{key}.budget")
    if budget is not None and budget < 0:
        raise InputError("a budget cannot be negative", file="plan", column=f"{key}.budget")
    return Task(str(data["id"]), str(data["module"]), str(data["content"]),
                str(data.get("owner") or ""), time_text, a, b, freq,
                [str(m) for m in data.get("milestones") or []], str(data.get("resources") or ""),
                str(data.get("acceptance") or ""), budget,
                [str(d) for d in data.get("depends_on") or []])  # fmt: skip


def plan_from_doc(doc: Mapping[str, Any]) -> Plan:
    """Read a stored plan document; InputError names the first bad key."""
    if not isinstance(doc, Mapping):
        raise InputError("the plan document must be a mapping", file="plan")
    unknown = sorted(set(doc) - _KEYS)
    if unknown:
        raise InputError(f"unknown keys {unknown}; known: {sorted(_KEYS)}", file="plan",
                         column=unknown[0])  # fmt: skip
    version = doc.get("version", DOC_VERSION)
    if version != DOC_VERSION:
        raise InputError(f"plan document version {version!r} is not supported", file="plan",
                         column="version")  # fmt: skip
    start = parse_date(doc["start"], "plan", "start") if doc.get("start") else None
    weeks = _number(doc.get("weeks"), "weeks")
    goals = []
    for n, g in enumerate(_list(doc, "goals")):
        if isinstance(g, str):
            g = {"text": g}
        if not isinstance(g, Mapping) or not str(g.get("text") or "").strip():
            raise InputError("a goal needs a text", file="plan", column=f"goals[{n}].text")
        try:
            ids = [int(i) for i in g.get("need_ids") or []]
        except (TypeError, ValueError):
            raise InputError("need_ids must be need numbers", file="plan",
                             column=f"goals[{n}].need_ids") from None  # fmt: skip
        goals.append(GoalSpec(str(g.get("id") or f"g{n + 1}"), str(g["text"]).strip(), ids,
                              _number(g.get("benchmark"), f"goals[{n}].benchmark"),
                              parse_date(g["deadline"], "plan", f"goals[{n}].deadline")
                              if g.get("deadline") else None))  # fmt: skip
    modules = [module_from_dict(m, "plan") for m in _list(doc, "modules")]
    if len({m.id for m in modules}) != len(modules):
        raise InputError("module ids must be unique", file="plan", column="modules")
    tasks = [_task(t, n, start) for n, t in enumerate(_list(doc, "tasks"))]
    if len({t.id for t in tasks}) != len(tasks):
        raise InputError("task ids must be unique", file="plan", column="tasks")
    tracking = [row_from_dict(r, "plan") for r in _list(doc, "tracking")]
    glossary = [dict(t) for t in _list(doc, "glossary")]
    for t in glossary:
        term_from_dict(t, "plan")
    statement = doc.get("statement")
    return Plan(start, int(weeks) if weeks else None, str(doc.get("industry") or "generic"),
                _number(doc.get("budget"), "budget"), goals, modules, tasks, tracking,
                str(statement) if statement else None, glossary,
                str(doc["notes"]) if doc.get("notes") else None,
                launch_from_dict(doc["launch"]) if doc.get("launch") else None)  # fmt: skip


def plan_to_doc(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready document."""
    return {
        "version": DOC_VERSION,
        "start": plan.start.isoformat() if plan.start else None,
        "weeks": plan.weeks,
        "industry": plan.industry,
        "budget": plan.budget,
        "goals": [g.to_dict() for g in plan.goals],
        "modules": [m.to_dict() for m in plan.modules],
        "tasks": [t.to_dict() for t in plan.tasks],
        "tracking": [r.to_dict() for r in plan.tracking],
        "statement": plan.statement,
        "glossary": list(plan.glossary),
        "notes": plan.notes,
        "launch": plan.launch.to_dict() if plan.launch else None,
    }


def localise_plan(plan: Plan, lang: Lang) -> Plan:
    """The plan with its catalogue wording (modules, task defaults) shown in ``lang``.

    Text a person typed stays as typed; only phrases that come from the industry catalogue in
    the other language are swapped, in tasks and in the tracking rows that name them.
    """
    words = catalogue_phrases(plan.industry, lang)
    if not words:
        return plan

    def w(text: str) -> str:
        return words.get(text, text)

    tasks = [replace(t, module=w(t.module), content=w(t.content), owner=w(t.owner),
                     frequency=w(t.frequency), milestones=[w(m) for m in t.milestones],
                     resources=w(t.resources), acceptance=w(t.acceptance))
             for t in plan.tasks]  # fmt: skip
    tracking = [replace(r, task=w(r.task)) for r in plan.tracking]
    return replace(plan, tasks=tasks, tracking=tracking)


__all__ = [
    "DOC_VERSION",
    "GoalSpec",
    "Plan",
    "localise_plan",
    "plan_from_doc",
    "plan_to_doc",
]
