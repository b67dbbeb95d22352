"""The feedback loop of a project: its launch checked against the plan's goals, new needs back
into the register, and the iteration call.

The launch comes from the plan's ``launch`` key (see :mod:`needscope.plan.launch`) or from the
arguments; the goals are the plan's goals (the project's when there is no plan), each measurable
part (a metric with a target) becoming one goal to test. Metrics per record: a column named in
the launch's ``metrics``; repeat purchase (复购率) as orders whose member ordered within
``window_days`` (28) before; serving time from the orders' serving column; other metrics from the
orders' or survey's column whose name matches. Records are orders and survey answers; new needs
and sentiment come from the text results, in the treated group when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import and_, select

from needscope.errors import InputError
from needscope.model import Credibility, NeedDimension, NeedStatus
from needscope.model.vocab import Lang
from needscope.plan.document import Plan, plan_from_doc
from needscope.plan.feedback import (
    Direction,
    Goal,
    LoopResult,
    candidate_needs,
    evaluate_launch,
    store_of,
)
from needscope.plan.feedback import repurchase_flags as _repurchase_flags
from needscope.plan.launch import LaunchSpec
from needscope.plan.smart import GoalPart, find_metric, metric_def, parse_goal_parts
from needscope.report.registry import ReportContext
from needscope.store import Store, need_evidence, needs, records

REPEAT_DAYS = 28
"""Default repeat-purchase window: an order counts as a repurchase when the member ordered
within this many days before it."""
ORIGIN = "feedback"
"""``origin`` of the needs the feedback loop adds to the register."""

_EN_UNITS = {"分钟": "min", "小时": "h", "分": "pt", "次": "", "天": "days", "元": "yuan"}
_UNITS: dict[str, tuple[str, str]] = {"min": ("分钟", "min"), "h": ("小时", "h"),
                                      "pt": ("分", "pt"), "times": ("次", "")}  # fmt: skip


@dataclass(frozen=True)
class GoalMetric:
    """How one goal part is measured: the goal to test, the per-record metric and its basis."""

    goal: Goal
    metric: Callable[[pd.DataFrame], pd.Series]
    basis_zh: str
    basis_en: str
    text: str
    """The plan goal the part comes from."""

    def basis(self, lang: Lang = "zh") -> str:
        """How the metric is computed, in ``lang``."""
        return self.basis_zh if lang == "zh" else self.basis_en


@dataclass
class FeedbackRun:
    """The feedback loop of a project: the launch, the goals measured, the loop's results."""

    launch: LaunchSpec
    result: LoopResult
    metrics: list[GoalMetric]
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    """Goal parts that could not be measured: (goal text, reason zh, reason en)."""
    written: list[int] = field(default_factory=list)
    """Ids of the needs added to the register by this run."""
    lang: Lang = "zh"

    def basis(self, metric: str) -> str:
        """How ``metric`` (a goal's metric name) is computed, in the run's language."""
        found = next((m for m in self.metrics if m.goal.metric == metric), None)
        return found.basis(self.lang) if found else ""

    def did_frame(self) -> pd.DataFrame:
        """Per goal with a control group: treated and control means before and after."""
        zh = self.lang == "zh"
        rows = []
        for g in self.result.goals:
            if g.did is None:
                continue
            means = g.did.extra["means"]
            scale = 100.0 if g.did.unit == "%" else 1.0
            for group, key in ((("实施门店" if zh else "Launch group"), "treated"),
                               (("对照门店" if zh else "Control group"), "control")):  # fmt: skip
                rows.append({
                    "metric": g.goal.metric, "group": group,
                    "before": round(means[f"{key}_pre"] * scale, 3),
                    "after": round(means[f"{key}_post"] * scale, 3),
                })  # fmt: skip
        return pd.DataFrame(rows, columns=["metric", "group", "before", "after"])


# --------------------------------------------------------------------------- launch


def parse_treated(text: str) -> tuple[str, list[str]]:
    """``"store=A|B"`` (or just ``"A|B"``) as (column, values)."""
    column, sep, values = text.partition("=")
    if not sep:
        column, values = "store", text
    names = [v.strip() for v in re.split(r"[|｜,，]", values) if v.strip()]
    if not column.strip() or not names:
        raise InputError(f"--treated takes column=A|B, got {text!r}", column="treated")
    return column.strip(), names


def launch_for(
    plan: Plan | None,
    launch: date | str | None = None,
    treated: str | tuple[str, Sequence[str]] | None = None,
    window_days: int | None = None,
) -> LaunchSpec:
    """The launch to check: the plan's, with the given date, treated group or window instead."""
    base = plan.launch if plan is not None and plan.launch is not None else None
    if launch is None and base is None:
        raise InputError("no launch date: record the launch in the plan (key 'launch') or give "
                         "--launch YYYY-MM-DD", column="launch")  # fmt: skip
    if isinstance(launch, str):
        try:
            launch = date.fromisoformat(launch.strip())
        except ValueError:
            raise InputError(f"launch date {launch!r} is not YYYY-MM-DD", column="launch") from None
    if base is None:
        assert launch is not None
        base = LaunchSpec(launch)
    spec = LaunchSpec(
        base.date, base.name, base.name_en, base.column, list(base.treated), list(base.control),
        base.window_days, {k: dict(v) for k, v in base.metrics.items()})  # fmt: skip
    if launch is not None:
        spec.date = launch
    if treated is not None:
        column, names = parse_treated(treated) if isinstance(treated, str) else treated
        spec.column, spec.treated = column, list(names)
        if base is None or column != base.column:
            spec.control = []
    if window_days is not None:
        if window_days < 1:
            raise InputError("the window must be at least 1 day", column="window_days")
        spec.window_days = window_days
    return spec


# --------------------------------------------------------------------------- goals


def _numeric(frame: pd.DataFrame) -> list[str]:
    skip = {"record_id", "id", "ts", "month", "_kind", "customer_key", "channel", "source_type"}
    return [c for c in frame.columns
            if c not in skip and pd.api.types.is_numeric_dtype(frame[c].dtype)]  # fmt: skip


def _column_metric(column: str, kind: str | None) -> Callable[[pd.DataFrame], pd.Series]:
    def metric(frame: pd.DataFrame) -> pd.Series:
        values = pd.to_numeric(frame[column], errors="coerce") if column in frame.columns else (
            pd.Series(float("nan"), index=frame.index))  # fmt: skip
        if kind is not None and "_kind" in frame.columns:
            values = values.where(frame["_kind"] == kind)
        return values.astype("float64")

    return metric


def _repeat_metric(days: int) -> Callable[[pd.DataFrame], pd.Series]:
    def metric(frame: pd.DataFrame) -> pd.Series:
        orders = frame[frame["_kind"] == "orders"] if "_kind" in frame.columns else frame
        out = pd.Series(float("nan"), index=frame.index, dtype="float64")
        if orders.empty or "customer_key" not in orders.columns:
            return out
        flags = _repurchase_flags(orders, days=days)
        out.loc[flags.index] = flags
        return out

    return metric


def _spec_for(part: GoalPart, launch: LaunchSpec) -> tuple[str, dict[str, Any]] | None:
    for name, spec in launch.metrics.items():
        found = find_metric(name)
        if name == part.metric or (found is not None and found.key == part.metric_key):
            return name, spec
    return None


def _find_column(part: GoalPart, frame: pd.DataFrame) -> tuple[str, str] | None:
    from needscope.methods.goals import match_column

    found = metric_def(part.metric_key) if part.metric_key else None
    names = [found.zh, part.metric, found.en] if found else [part.metric]
    for kind in ("orders", "survey"):
        sub = frame[frame["_kind"] == kind].dropna(axis=1, how="all")
        cols = _numeric(sub)
        col = next((c for n in names if (c := match_column(n, cols))), None)
        if col is None and part.metric_key == "serving_time":
            col = next((c for c in cols if re.search(r"上菜|出餐|serv", c, re.I)), None)
        if col is not None:
            return col, kind
    return None


def goal_metrics(
    goals: Sequence[str], launch: LaunchSpec, frame: pd.DataFrame, lang: Lang = "zh"
) -> tuple[list[GoalMetric], list[tuple[str, str, str]]]:
    """The measurable parts of ``goals`` as goals to test, and the parts that are not."""
    out: list[GoalMetric] = []
    skipped: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for text in goals:
        parts = parse_goal_parts(text)[0]
        if not parts:
            skipped.append(
                (text, "目标中没有可衡量的指标。", "the goal names no measurable metric.")
            )
        for part in parts:
            found = metric_def(part.metric_key) if part.metric_key else None
            name = (found.zh if lang == "zh" else found.en) if found else part.metric
            if part.target is None:
                skipped.append((text, f"{part.metric}：只有变化幅度、没有目标值，无法判断是否达成。",
                                f"{part.metric}: a change without a target level cannot be "
                                "judged met or not."))  # fmt: skip
                continue
            given = _spec_for(part, launch)
            spec = given[1] if given else {}
            where = f"launch.metrics.{given[0]}" if given else ""
            unit = str(spec.get("unit") or "")
            if lang == "en":
                unit = _EN_UNITS.get(unit, unit)
            if not unit and part.unit:
                unit = part.unit if part.unit == "%" else _UNITS.get(part.unit, (part.unit,) * 2)[
                    0 if lang == "zh" else 1]  # fmt: skip
            if "column" in spec:
                col = str(spec["column"])
                if col not in frame.columns:
                    raise InputError(f"no column {col!r} in the orders or the survey",
                                     file="plan", column=f"{where}.column")  # fmt: skip
                metric = _column_metric(col, None)
                basis = (f"“{col}”每条记录的均值", f"mean of “{col}” per record")
            elif "window_days" in spec or part.metric_key == "repeat_rate":
                days = int(spec.get("window_days") or REPEAT_DAYS)
                metric = _repeat_metric(days)
                basis = (f"会员订单中，该会员前 {days} 天内下过单的占比",
                         f"share of member orders whose member ordered in the {days} days before")  # fmt: skip
                unit = unit or "%"
            else:
                hit = _find_column(part, frame)
                if hit is None:
                    skipped.append((text, f"{part.metric}：订单和问卷中没有对应的数据列。",
                                    f"{part.metric}: no matching column in the orders or the "
                                    "survey."))  # fmt: skip
                    continue
                col, kind = hit
                metric = _column_metric(col, kind)
                src = ("订单", "orders") if kind == "orders" else ("问卷", "survey answers")
                basis = (f"{src[0]}“{col}”的均值", f"mean of “{col}” over {src[1]}")
            direction: Direction = "down" if part.direction == "lower" else "up"
            if spec.get("direction") in ("up", "down"):
                direction = "down" if spec["direction"] == "down" else "up"
            label = name if name not in seen else f"{name} ({len(seen) + 1})"
            seen.add(label)
            goal = Goal(label, float(part.target), unit, direction, part.baseline)
            out.append(GoalMetric(goal, metric, basis[0], basis[1], text))
    return out, skipped


# --------------------------------------------------------------------------- data


def metric_frame(data: Any) -> pd.DataFrame:
    """Orders and survey answers in one frame (``_kind`` says which), for the goal metrics."""
    parts = []
    for kind in ("orders", "survey"):
        frame = getattr(data, kind, None)
        if isinstance(frame, pd.DataFrame) and not frame.empty and "ts" in frame.columns:
            parts.append(frame.assign(_kind=kind))
    if not parts:
        return pd.DataFrame(columns=["record_id", "ts", "channel", "customer_key", "_kind"])
    frame = pd.concat(parts, ignore_index=True, sort=False)
    frame["ts"] = pd.to_datetime(frame["ts"], errors="coerce")
    if "record_id" in frame.columns:
        frame["id"] = frame["record_id"]
    return frame


def _attrs(store: Store, slug: str, ids: Sequence[int]) -> pd.DataFrame:
    """``attrs`` (the import's extra columns, e.g. 门店) of the given records."""
    from needscope.services.projects import find_project

    with store.connect() as conn:
        project = find_project(conn, slug)
        rows = conn.execute(
            select(records.c.id, records.c.attrs).where(
                and_(records.c.project_id == project.id, records.c.text.is_not(None))
            )
        ).all()
    wanted = set(int(i) for i in ids)
    out = [(int(i), a if isinstance(a, dict) else _json(a)) for i, a in rows if int(i) in wanted]
    return pd.DataFrame(out, columns=["id", "attrs"])


def _json(value: object) -> dict[str, Any]:
    import json

    if isinstance(value, str | bytes):
        loaded = json.loads(value)
        return dict(loaded) if isinstance(loaded, dict) else {}
    return {}


def _in_groups(frame: pd.DataFrame, launch: LaunchSpec) -> pd.DataFrame:
    """The frame without records outside the treated and control groups (when both are named)."""
    if not launch.control or not launch.treated:
        return frame
    keep = set(launch.treated) | set(launch.control)
    values = store_of(frame) if launch.column == "store" else (
        frame[launch.column].astype("string") if launch.column in frame.columns else None)  # fmt: skip
    if values is None:
        return frame
    return frame[values.isin(keep).fillna(False).astype(bool)]


def feedback_from_context(
    ctx: ReportContext,
    *,
    launch: date | str | None = None,
    treated: str | tuple[str, Sequence[str]] | None = None,
    window_days: int | None = None,
    plan: Plan | None = None,
) -> FeedbackRun:
    """Run the feedback loop on a report context (the plan's launch unless given)."""
    from needscope.report.methods_context import method_data

    if plan is None and ctx.plan_doc is not None:
        plan = plan_from_doc(ctx.plan_doc)
    spec = launch_for(plan, launch, treated, window_days)
    goals = [g.text for g in plan.goals] if plan is not None and plan.goals else [
        str(g) for g in ctx.project.get("goals") or []]  # fmt: skip
    if not goals:
        raise InputError("no goals to check: add goals to the project or the plan", column="goals")
    frame = _in_groups(metric_frame(method_data(ctx)), spec)
    if frame.empty:
        raise InputError("no orders or survey answers to measure the goals on", column="records")
    metrics, skipped = goal_metrics(goals, spec, frame, ctx.lang)
    if not metrics:
        reasons = "; ".join(r[2] for r in skipped)
        raise InputError(f"none of the goals can be measured: {reasons}", column="goals")
    text = ctx.text
    store = getattr(ctx, "store", None)
    if not text.empty and store is not None and "attrs" not in text.columns:
        text = text.merge(_attrs(store, ctx.slug, text["id"].tolist()), on="id", how="left")
    if not text.empty:
        text = _in_groups(text, spec)
    group: Mapping[str, Any] | None = (
        {"column": spec.column, "values": spec.treated} if spec.treated else None
    )
    result = evaluate_launch(
        frame, spec.date, [m.goal for m in metrics], {m.goal.metric: m.metric for m in metrics},
        text=text if not text.empty else None, treated=group,
        unit_col="store" if spec.treated and spec.column == "store" else None,
        window_days=spec.window_days, pack=ctx.pack,
    )  # fmt: skip
    return FeedbackRun(spec, result, metrics, skipped, [], ctx.lang)


def run_feedback(
    store: Store,
    slug: str,
    *,
    launch: date | str | None = None,
    treated: str | tuple[str, Sequence[str]] | None = None,
    window_days: int | None = None,
    write_needs: bool = False,
    lang: Lang = "zh",
) -> FeedbackRun:
    """Check the project's launch against its goals; ``write_needs`` adds the new needs to the
    register as candidates (once: a need already added by an earlier run is not added again)."""
    from needscope.services.plan import load_plan
    from needscope.services.run import StoreContext

    ctx = StoreContext(store, slug, lang)
    run = feedback_from_context(ctx, launch=launch, treated=treated, window_days=window_days,
                                plan=load_plan(store, slug))  # fmt: skip
    if write_needs:
        run.written = write_candidates(store, slug, run.result, lang)
    return run


# --------------------------------------------------------------------------- register


def write_candidates(store: Store, slug: str, result: LoopResult, lang: Lang = "zh") -> list[int]:
    """Add the loop's new needs to the register as candidates (origin ``feedback``, with quotes
    and evidence); a need this launch already added is left as it is. Returns the new ids."""
    from needscope.services.projects import find_project, new_id, now

    if result.new_needs.empty:
        return []
    day = result.launch.date().isoformat()
    rows = result.new_needs.to_dict("records")
    with store.begin() as conn:
        project = find_project(conn, slug)
        existing = set(
            conn.execute(
                select(needs.c.cand_key).where(
                    and_(needs.c.project_id == project.id, needs.c.origin == ORIGIN)
                )
            ).scalars()
        )
        known = set(
            conn.execute(select(records.c.id).where(records.c.project_id == project.id)).scalars()
        )
        ids: list[int] = []
        for row, need in zip(rows, candidate_needs(result.new_needs, lang), strict=True):
            key = f"{day}:{row['tag']}"[:64]
            if key in existing:
                continue
            stamp = now()
            need_id = new_id(conn.execute(needs.insert().values(
                project_id=project.id, dimension=NeedDimension.IMPLICIT.value,
                description=need.description, quote=need.quote,
                credibility=Credibility.MEDIUM.value, category=row.get("category"),
                status=NeedStatus.CANDIDATE.value, origin=ORIGIN, cand_key=key,
                tag=str(row["tag"])[:100], support=float(row.get("change") or 0.0),
                created_at=stamp, updated_at=stamp,
            )))  # fmt: skip
            evidence = sorted({int(i) for i in need.evidence if int(i) in known})
            if evidence:
                conn.execute(need_evidence.insert(),
                             [{"need_id": need_id, "record_id": i} for i in evidence])  # fmt: skip
            existing.add(key)
            ids.append(int(need_id))
    return ids


__all__ = [
    "ORIGIN",
    "REPEAT_DAYS",
    "FeedbackRun",
    "GoalMetric",
    "feedback_from_context",
    "goal_metrics",
    "launch_for",
    "metric_frame",
    "parse_treated",
    "run_feedback",
    "write_candidates",
]
