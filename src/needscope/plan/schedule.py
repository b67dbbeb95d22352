"""Execution plan (Template 3 服务方案执行计划表): time windows, critical path, budget, Gantt."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from needscope.errors import InputError
from needscope.model.vocab import Lang
from needscope.report.charts import PALETTE, wrap_label
from needscope.report.plots_methods import new_figure, styled


@dataclass
class Task:
    """One line of Template 3: a module's work with owner, time window, budget and dependencies.

    Weeks count from 1 (the week that starts on the plan's start date); ``end_week`` None
    means the task runs on until the end of the plan ("第5周起每日").
    """

    id: str
    module: str
    content: str
    owner: str = ""
    time_text: str = ""
    start_week: int | None = None
    end_week: int | None = None
    frequency: str = ""
    milestones: list[str] = field(default_factory=list)
    resources: str = ""
    acceptance: str = ""
    budget: float | None = None
    depends_on: list[str] = field(default_factory=list)

    @property
    def ongoing(self) -> bool:
        """True when the task has a start but no end."""
        return self.start_week is not None and self.end_week is None

    def to_dict(self) -> dict[str, Any]:
        """The task as stored in the plan document."""
        return {"id": self.id, "module": self.module, "content": self.content,
                "owner": self.owner, "time": self.time_text, "start_week": self.start_week,
                "end_week": self.end_week, "frequency": self.frequency,
                "milestones": list(self.milestones), "resources": self.resources,
                "acceptance": self.acceptance, "budget": self.budget,
                "depends_on": list(self.depends_on)}  # fmt: skip


_DASH = r"\s*(?:-|–|—|~|～|至|到|to)\s*"
_WEEK_RANGE = re.compile(rf"第\s*(\d+){_DASH}(\d+)\s*周|weeks?\s*(\d+){_DASH}(\d+)", re.I)
_WEEK_FROM = re.compile(
    r"第\s*(\d+)\s*周\s*(?:起|开始|以后|之后)|(?:from\s+)?week\s*(\d+)\s*(?:onwards?|on\b)|"
    r"from\s+week\s*(\d+)",
    re.I,
)
_WEEK_ONE = re.compile(r"第\s*(\d+)\s*周|week\s*(\d+)", re.I)
_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
_DATE_RANGE = re.compile(rf"({_DATE}){_DASH}({_DATE})")
_DATE_FROM = re.compile(rf"({_DATE})\s*(?:起|开始|onwards?)")
_FREQ = re.compile(r"每日|每天|每周|每月|每季度|daily|weekly|monthly|quarterly", re.I)
_FREQ_NAMES = {"每日": ("每日", "daily"), "每天": ("每天", "daily"), "每周": ("每周", "weekly"),
               "每月": ("每月", "monthly"), "每季度": ("每季度", "quarterly"),
               "daily": ("每日", "daily"), "weekly": ("每周", "weekly"),
               "monthly": ("每月", "monthly"), "quarterly": ("每季度", "quarterly")}  # fmt: skip


def parse_date(text: object, where: str = "", column: str | None = None) -> date:
    """A date from ISO text (``2026-03-16``, ``2026/3/16``) or a date/datetime value."""
    if isinstance(text, pd.Timestamp):
        return text.date()
    if isinstance(text, date):
        return text if type(text) is date else date(text.year, text.month, text.day)
    s = str(text).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?", s)
    if m is None:
        raise InputError(f"not a date: {s!r} (use YYYY-MM-DD)", file=where or None, column=column)
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError(f"not a date: {s!r} ({exc})", file=where or None, column=column) from None


def week_of(day: date, start: date) -> int:
    """The plan week (1-based) that ``day`` falls in."""
    return (day - start).days // 7 + 1


def week_dates(week: int, start: date) -> tuple[date, date]:
    """First and last day of plan week ``week``."""
    first = start + timedelta(days=7 * (week - 1))
    return first, first + timedelta(days=6)


def parse_window(
    text: str, start: date | None = None, *, where: str = "", row: int | None = None
) -> tuple[int, int | None, str]:
    """(start week, end week or None for open-ended, frequency) of a time window text.

    Accepts "第1-2周", "第3周", "第5周起每日", "Week 1-2", "from week 5 daily" and date
    ranges "2026-03-02~2026-03-13" (counted in weeks from ``start``).
    """
    s = str(text or "").strip()
    freq_m = _FREQ.search(s)
    freq = freq_m.group(0) if freq_m else ""
    m = _WEEK_RANGE.search(s)
    if m:
        a, b = (int(x) for x in (m.group(1) or m.group(3), m.group(2) or m.group(4)))
        if b < a or a < 1:
            raise InputError(f"bad week range {s!r}", file=where or None, row=row,
                             column="time")  # fmt: skip
        return a, b, freq
    m = _WEEK_FROM.search(s)
    if m:
        return int(next(g for g in m.groups() if g)), None, freq
    m = _WEEK_ONE.search(s)
    if m:
        w = int(m.group(1) or m.group(2))
        return w, w, freq
    dr, df = _DATE_RANGE.search(s), _DATE_FROM.search(s)
    if (dr or df) and start is None:
        raise InputError(f"{s!r} gives dates: the plan needs a start date to count weeks",
                         file=where or None, row=row, column="time")  # fmt: skip
    if dr and start is not None:
        first, last = parse_date(dr.group(1), where), parse_date(dr.group(2), where)
        if last < first:
            raise InputError(f"the window {s!r} ends before it starts", file=where or None,
                             row=row, column="time")  # fmt: skip
        return week_of(first, start), week_of(last, start), freq
    if df and start is not None:
        return week_of(parse_date(df.group(1), where), start), None, freq
    raise InputError(f"cannot read the time window {s!r} (use e.g. 第1-2周, 第3周, 第5周起每日, "
                     "Week 1-2 or 2026-03-02~2026-03-13)", file=where or None, row=row,
                     column="time")  # fmt: skip


def window_text(task: Task, lang: Lang = "zh") -> str:
    """The time window in words: as typed when in ``lang``, else "第1-2周" / "Week 1-2"."""
    typed = task.time_text
    cjk, latin = re.search(r"[\u4e00-\u9fff]", typed), re.search(r"[A-Za-z]", typed)
    if typed and ((lang == "zh" and not latin) or (lang == "en" and not cjk)):
        return typed
    if task.start_week is None:
        return typed
    a, b = task.start_week, task.end_week
    freq = _FREQ_NAMES.get(task.frequency.lower(), (task.frequency, task.frequency))
    if lang == "zh":
        text = f"第{a}周起" if b is None else (f"第{a}周" if a == b else f"第{a}-{b}周")
        return f"{text}{freq[0]}"
    text = f"From week {a}" if b is None else (f"Week {a}" if a == b else f"Week {a}-{b}")
    return f"{text} {freq[1]}".strip()


def horizon(tasks: Sequence[Task], weeks: int | None = None) -> int:
    """The plan's last week: ``weeks`` when given, else the last end or start of any task."""
    ends = [t.end_week or t.start_week or 0 for t in tasks]
    last = max(ends, default=1)
    return max(weeks or 0, last, 1)


def _resolve(tasks: Sequence[Task]) -> dict[str, list[str]]:
    """Task id → ids of the tasks it depends on (dependencies may name a task or a module)."""
    ids = {t.id for t in tasks}
    by_module: dict[str, list[str]] = {}
    for t in tasks:
        by_module.setdefault(t.module, []).append(t.id)
    out: dict[str, list[str]] = {}
    for t in tasks:
        deps: list[str] = []
        for d in t.depends_on:
            if d in ids:
                deps.append(d)
            elif d in by_module:
                deps.extend(x for x in by_module[d] if x != t.id)
            else:
                raise InputError(f"task {t.id!r} depends on {d!r}, which is neither a task nor "
                                 "a module of the plan", column="depends_on")  # fmt: skip
        out[t.id] = list(dict.fromkeys(deps))
    return out


def _topological(deps: Mapping[str, list[str]]) -> list[str]:
    """Task ids with every task after its dependencies; InputError on a cycle."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = " → ".join([*path[path.index(node) :], node])
            raise InputError(f"the task dependencies form a cycle: {cycle}", column="depends_on")
        state[node] = 1
        for d in deps[node]:
            visit(d, [*path, node])
        state[node] = 2
        order.append(node)

    for node in deps:
        visit(node, [])
    return order


def duration(task: Task) -> int:
    """Weeks the task takes; an open-ended task counts its launch week, no window one week."""
    if task.start_week is None or task.end_week is None:
        return 1
    return task.end_week - task.start_week + 1


def critical_path(
    tasks: Sequence[Task], *, durations: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """CPM: earliest/latest start and finish, slack and the critical tasks (times in weeks).

    A task's planned start week acts as a release time (it cannot start earlier); tasks with no
    window start as soon as their dependencies allow; an open-ended task ("第5周起每日") counts
    its launch week. ``durations`` overrides task durations.
    """
    if not tasks:
        return pd.DataFrame(columns=["id", "module", "content", "duration", "es", "ef", "ls",
                                     "lf", "slack", "critical"])  # fmt: skip
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids):
        raise InputError("task ids must be unique", column="id")
    by_id = {t.id: t for t in tasks}
    deps = _resolve(tasks)
    order = _topological(deps)
    dur = {t.id: float((durations or {}).get(t.id, duration(t))) for t in tasks}
    es: dict[str, float] = {}
    ef: dict[str, float] = {}
    for i in order:
        first = by_id[i].start_week
        release = float(first - 1) if first is not None else 0.0
        es[i] = max([release, *(ef[d] for d in deps[i])])
        ef[i] = es[i] + dur[i]
    end = max(ef.values())
    succ: dict[str, list[str]] = {i: [] for i in ids}
    for i, ds in deps.items():
        for d in ds:
            succ[d].append(i)
    lf: dict[str, float] = {}
    ls: dict[str, float] = {}
    for i in reversed(order):
        lf[i] = min([end, *(ls[s] for s in succ[i])])
        ls[i] = lf[i] - dur[i]
    rows = [{"id": i, "module": by_id[i].module, "content": by_id[i].content,
             "duration": dur[i], "es": es[i], "ef": ef[i], "ls": ls[i], "lf": lf[i],
             "slack": ls[i] - es[i], "critical": bool(abs(ls[i] - es[i]) < 1e-9)} for i in ids]  # fmt: skip
    return pd.DataFrame(rows)


def critical_chain(cpm: pd.DataFrame, tasks: Sequence[Task]) -> list[str]:
    """The critical tasks in start order, following dependencies from the first to the end."""
    crit = cpm[cpm["critical"]].sort_values(["es", "ef"], kind="stable")
    return [str(i) for i in crit["id"]]


@dataclass(frozen=True)
class DependencyIssue:
    """A task planned to start before one of its dependencies ends."""

    task: str
    depends_on: str
    message_zh: str
    message_en: str

    def message(self, lang: Lang = "zh") -> str:
        """The message in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en


def check_dependencies(tasks: Sequence[Task]) -> list[DependencyIssue]:
    """Tasks whose planned window starts before a dependency's planned window ends."""
    by_id = {t.id: t for t in tasks}
    issues = []
    for tid, deps in _resolve(tasks).items():
        t = by_id[tid]
        for d in deps:
            p = by_id[d]
            if t.start_week is None or p.start_week is None:
                continue
            p_end = p.end_week if p.end_week is not None else None
            if p_end is not None and t.start_week <= p_end:
                issues.append(DependencyIssue(tid, d,
                    f"“{t.content}”安排在第{t.start_week}周开始，但前置任务“{p.content}”第{p_end}周才结束",
                    f"'{t.content}' starts in week {t.start_week} but '{p.content}' it depends on "
                    f"ends in week {p_end}"))  # fmt: skip
    return issues


@dataclass(frozen=True)
class BudgetCheck:
    """Total of the budget lines against the project's budget constraint."""

    total: float
    limit: float | None
    by_module: dict[str, float]

    @property
    def over(self) -> bool:
        """True when the total exceeds the limit."""
        return self.limit is not None and self.total > self.limit + 1e-9

    @property
    def share(self) -> float | None:
        """Total as a share of the limit."""
        return self.total / self.limit if self.limit else None

    def message(self, lang: Lang = "zh") -> str:
        """One line: total, limit and a warning when over."""
        total = f"{self.total:,.0f}"
        if self.limit is None:
            return (f"预算合计 {total} 元（项目未设预算上限）" if lang == "zh"
                    else f"Budget total {total} yuan (the project sets no budget limit)")  # fmt: skip
        limit = f"{self.limit:,.0f}"
        if self.over:
            gap = f"{self.total - self.limit:,.0f}"
            return (f"警告：预算合计 {total} 元，超出项目预算上限 {limit} 元 {gap} 元" if lang == "zh"
                    else f"Warning: the budget total {total} yuan exceeds the project's limit "
                         f"{limit} yuan by {gap} yuan")  # fmt: skip
        share = f"{100 * (self.share or 0):.0f}%"
        return (f"预算合计 {total} 元，占项目预算上限 {limit} 元的 {share}" if lang == "zh"
                else f"Budget total {total} yuan, {share} of the project's limit {limit} yuan")  # fmt: skip


def check_budget(tasks: Sequence[Task], limit: float | None) -> BudgetCheck:
    """Sum the budget lines per module and compare with ``limit`` (yuan)."""
    by_module: dict[str, float] = {}
    for t in tasks:
        by_module[t.module] = by_module.get(t.module, 0.0) + float(t.budget or 0.0)
    return BudgetCheck(float(sum(by_module.values())), limit, by_module)


# --------------------------------------------------------------------------- Template 3

TEMPLATE3_SHEET = {"zh": "服务方案执行计划表", "en": "Service plan schedule"}
TEMPLATE3_COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "module": ("方案模块", "Module", ("模块", "plan module")),
    "content": ("核心内容", "Core content", ("内容", "content")),
    "owner": ("负责人", "Owner", ("负责人(*)", "负责人（*）", "responsible")),
    "time": ("时间节点", "Time window", ("时间", "time", "timeline", "time node")),
    "resources": ("所需资源", "Resources", ("资源", "resources needed")),
    "acceptance": ("验收标准", "Acceptance criterion", ("验收", "acceptance")),
    "milestones": ("里程碑", "Milestones", ("milestone",)),
    "budget": ("预算(元)", "Budget (yuan)", ("预算", "预算（元）", "budget", "cost")),
    "depends_on": ("前置任务", "Depends on", ("依赖", "depends", "dependencies")),
    "id": ("任务编号", "Task id", ("编号", "id", "task")),
}
"""Template 3 columns: the seed's six, then milestones, budget, dependencies and task id."""
SEED_TEMPLATE3 = ("module", "content", "owner", "time", "resources", "acceptance")


def _split_list(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;；,，、|]", value) if p.strip()]


def template3_frame(tasks: Sequence[Task], lang: Lang = "zh") -> pd.DataFrame:
    """Tasks as Template 3 with the seed's columns and headers (English with ``lang="en"``)."""
    idx = 0 if lang == "zh" else 1
    sep = "；" if lang == "zh" else "; "
    rows = []
    for t in tasks:
        rows.append({
            TEMPLATE3_COLUMNS["module"][idx]: t.module,
            TEMPLATE3_COLUMNS["content"][idx]: t.content,
            TEMPLATE3_COLUMNS["owner"][idx]: t.owner,
            TEMPLATE3_COLUMNS["time"][idx]: window_text(t, lang),
            TEMPLATE3_COLUMNS["resources"][idx]: t.resources,
            TEMPLATE3_COLUMNS["acceptance"][idx]: t.acceptance,
            TEMPLATE3_COLUMNS["milestones"][idx]: sep.join(t.milestones),
            TEMPLATE3_COLUMNS["budget"][idx]: t.budget,
            TEMPLATE3_COLUMNS["depends_on"][idx]: ", ".join(t.depends_on),
            TEMPLATE3_COLUMNS["id"][idx]: t.id,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[v[idx] for v in TEMPLATE3_COLUMNS.values()])


def header_map(
    columns: Sequence[str], spec: Mapping[str, tuple[str, str, tuple[str, ...]]], file: str
) -> dict[str, str]:
    """Field → column of a file's header row, matching Chinese or English headers and aliases."""
    found: dict[str, str] = {}
    for col in columns:
        key = re.sub(r"\s+", "", str(col)).lower()
        for name, (zh, en, aliases) in spec.items():
            names = {re.sub(r"\s+", "", n).lower() for n in (zh, en, *aliases)}
            if key in names and name not in found:
                found[name] = str(col)
    return found


def tasks_from_rows(
    rows: Sequence[Mapping[str, Any]], start: date | None = None, *, file: str = "template3"
) -> list[Task]:
    """Template 3 rows (header → cell text, with ``__row__`` numbers) as tasks."""
    if not rows:
        raise InputError("no rows", file=file)
    cols = [c for c in rows[0] if c != "__row__"]
    fields = header_map(cols, TEMPLATE3_COLUMNS, file)
    missing = [TEMPLATE3_COLUMNS[f][0] for f in ("module", "content", "time") if f not in fields]
    if missing:
        raise InputError(f"missing columns {missing} (have {cols})", file=file)
    tasks: list[Task] = []
    used: set[str] = set()
    for n, raw in enumerate(rows, start=1):
        row = int(raw.get("__row__", n + 1))

        def get(name: str, raw: Mapping[str, Any] = raw) -> str:
            col = fields.get(name)
            value = raw.get(col) if col else None
            return (
                ""
                if value is None or (isinstance(value, float) and np.isnan(value))
                else str(value).strip()
            )

        if not any(get(f) for f in TEMPLATE3_COLUMNS):
            continue
        for f in ("module", "content", "time"):
            if not get(f):
                raise InputError("empty cell", file=file, row=row, column=fields[f])
        a, b, freq = parse_window(get("time"), start, where=file, row=row)
        budget = None
        if get("budget"):
            try:
                budget = float(get("budget").replace(",", "").replace("元", "").replace("¥", ""))
            except ValueError:
                raise InputError(f"not an amount: {get('budget')!r}", file=file, row=row,
                                 column=fields["budget"]) from None  # fmt: skip
            if budget < 0:
                raise InputError("a budget cannot be negative", file=file, row=row,
                                 column=fields["budget"])  # fmt: skip
        tid = get("id") or f"t{len(tasks) + 1}"
        if tid in used:
            raise InputError(f"task id {tid!r} appears twice", file=file, row=row,
                             column=fields.get("id"))  # fmt: skip
        used.add(tid)
        tasks.append(Task(tid, get("module"), get("content"), get("owner"), get("time"), a, b,
                          freq, _split_list(get("milestones")), get("resources"),
                          get("acceptance"), budget, _split_list(get("depends_on"))))  # fmt: skip
    _resolve(tasks)
    _topological(_resolve(tasks))
    return tasks


# --------------------------------------------------------------------------- Gantt


@styled
def gantt_figure(
    tasks: Sequence[Task],
    *,
    start: date | None = None,
    weeks: int | None = None,
    critical: Sequence[str] = (),
    lang: Lang = "zh",
) -> Figure:
    """Bars by module over plan weeks; milestones as diamonds; the critical path in red."""
    last = horizon(tasks, weeks)
    n = max(len(tasks), 1)
    height = min(max(2.2, 0.42 * n + 1.3), 9.5)
    fig, ax = new_figure(height, left=2.5, right=0.25, bottom=0.75, top=0.35)
    modules = list(dict.fromkeys(t.module for t in tasks))
    colour = {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(modules)}
    crit = set(critical)
    labels = []
    for y, t in enumerate(tasks):
        a = (t.start_week or 1) - 1
        b = t.end_week if t.end_week is not None else last
        ax.barh(y, b - a, left=a, height=0.56, color=colour[t.module],
                alpha=0.55 if t.ongoing else 0.95, hatch="//" if t.ongoing else None,
                edgecolor="#C0392B" if t.id in crit else "white",
                linewidth=2.0 if t.id in crit else 0.6)  # fmt: skip
        if t.milestones:
            ax.plot([b], [y], marker="D", markersize=7, color="#333333", zorder=5)
        labels.append(wrap_label(f"{t.module} · {t.content}", 26, 2))
    ax.set_yticks(range(len(tasks)), labels, fontsize=8)
    ax.set_ylim(n - 0.4, -0.6)
    ticks = list(range(last + 1))
    ax.set_xlim(0, last)
    step = 1 if last <= 14 else 2
    centres = [w - 0.5 for w in range(1, last + 1, step)]
    if start is not None:
        names = [f"{'第' if lang == 'zh' else 'W'}{w}{'周' if lang == 'zh' else ''}\n"
                 f"{week_dates(w, start)[0]:%m-%d}" for w in range(1, last + 1, step)]  # fmt: skip
    else:
        names = [f"第{w}周" if lang == "zh" else f"W{w}" for w in range(1, last + 1, step)]
    ax.set_xticks(centres, names, fontsize=7)
    ax.set_xticks(ticks, minor=True)
    ax.grid(axis="x", which="minor", color="#E5E5E5", linewidth=0.8)
    ax.tick_params(axis="x", which="major", length=0)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_axisbelow(True)
    legend = [
        Patch(facecolor="white", edgecolor="#C0392B", linewidth=2.0,
              label="关键路径" if lang == "zh" else "Critical path"),
        Line2D([], [], marker="D", color="#333333", linestyle="none", markersize=6,
               label="里程碑" if lang == "zh" else "Milestone"),
        Patch(facecolor="#BBBBBB", hatch="//", alpha=0.55,
              label="持续进行" if lang == "zh" else "Ongoing"),
    ]  # fmt: skip
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.12 if start else -0.06),
              ncol=3, fontsize=7)  # fmt: skip
    fig.subplots_adjust(bottom=min(0.45, 1.0 / height))
    return fig


__all__ = [
    "SEED_TEMPLATE3",
    "TEMPLATE3_COLUMNS",
    "TEMPLATE3_SHEET",
    "BudgetCheck",
    "DependencyIssue",
    "Task",
    "check_budget",
    "check_dependencies",
    "critical_chain",
    "critical_path",
    "duration",
    "gantt_figure",
    "header_map",
    "horizon",
    "parse_date",
    "parse_window",
    "tasks_from_rows",
    "template3_frame",
    "week_dates",
    "week_of",
]
