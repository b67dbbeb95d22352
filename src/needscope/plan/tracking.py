"""Execution tracking (Template 4 服务执行进度跟踪表): delays, quality, KPIs against goals."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np
import pandas as pd

from needscope.errors import InputError
from needscope.methods.goals import match_column, repeat_rate
from needscope.model.vocab import Lang, Quality
from needscope.plan.schedule import header_map, parse_date
from needscope.plan.smart import GoalPart, metric_def

NONE_MARKS = {"-", "—", "–", "--", "无", "n/a", "na", "none"}
"""Cells that mean "nothing" in the problem and fix columns."""


@dataclass
class TrackingRow:
    """One line of Template 4: a task's planned and actual completion, quality, problem, fix."""

    task: str
    planned: date
    actual: date | None = None
    quality: Quality | None = None
    problem: str = ""
    fix: str = ""

    @property
    def delay_days(self) -> int | None:
        """Days late (negative: early); None while not completed."""
        return (self.actual - self.planned).days if self.actual else None

    def to_dict(self) -> dict[str, Any]:
        """The row as stored in the plan document."""
        return {"task": self.task, "planned": self.planned.isoformat(),
                "actual": self.actual.isoformat() if self.actual else None,
                "quality": self.quality.value if self.quality else None,
                "problem": self.problem, "fix": self.fix}  # fmt: skip


def row_from_dict(data: Mapping[str, Any], where: str = "plan") -> TrackingRow:
    """A tracking row from its stored form; InputError names the bad key."""
    task = str(data.get("task") or "").strip()
    if not task:
        raise InputError("a tracking row needs a task", file=where, column="tracking.task")
    if not data.get("planned"):
        raise InputError(f"tracking row {task!r} has no planned date", file=where,
                         column="tracking.planned")  # fmt: skip
    quality = None
    if data.get("quality"):
        try:
            quality = Quality.parse(data["quality"])
        except ValueError as exc:
            raise InputError(str(exc), file=where, column="tracking.quality") from None
    return TrackingRow(task, parse_date(data["planned"], where, "tracking.planned"),
                       parse_date(data["actual"], where, "tracking.actual")
                       if data.get("actual") else None, quality,
                       _text(data.get("problem")), _text(data.get("fix")))  # fmt: skip


def _text(value: object) -> str:
    """Cell text with the "nothing" marks as empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    s = str(value).strip()
    return "" if s.lower() in NONE_MARKS else s


TEMPLATE4_SHEET = {"zh": "服务执行进度跟踪表", "en": "Service execution tracking"}
TEMPLATE4_COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "task": ("任务名称", "Task", ("任务", "task name")),
    "planned": ("计划完成时间", "Planned completion", ("计划时间", "planned", "planned date")),
    "actual": ("实际完成时间", "Actual completion", ("实际时间", "actual", "actual date")),
    "quality": ("完成质量(优/良/中/差)", "Quality (excellent/good/fair/poor)",
                ("完成质量", "完成质量（优/良/中/差）", "quality")),
    "problem": ("问题描述(如有)", "Problem (if any)", ("问题描述", "问题描述（如有）", "problem")),
    "fix": ("解决措施", "Fix", ("措施", "fix", "solution", "action")),
}  # fmt: skip
"""Template 4 columns with the seed's Chinese headers, English headers and accepted aliases."""


def template4_frame(rows: Sequence[TrackingRow], lang: Lang = "zh") -> pd.DataFrame:
    """Tracking rows as Template 4 (dates ISO, quality by label, "-" for no problem or fix)."""
    idx = 0 if lang == "zh" else 1
    cols = [v[idx] for v in TEMPLATE4_COLUMNS.values()]
    data = [[r.task, r.planned.isoformat(), r.actual.isoformat() if r.actual else "",
             r.quality.label(lang) if r.quality else "", r.problem or "-", r.fix or "-"]
            for r in rows]  # fmt: skip
    return pd.DataFrame(data, columns=cols)


def rows_from_template4(
    rows: Sequence[Mapping[str, Any]], *, file: str = "template4"
) -> list[TrackingRow]:
    """Template 4 rows (header → cell, with ``__row__`` numbers) as tracking rows."""
    if not rows:
        raise InputError("no rows", file=file)
    cols = [c for c in rows[0] if c != "__row__"]
    fields = header_map(cols, TEMPLATE4_COLUMNS, file)
    missing = [TEMPLATE4_COLUMNS[f][0] for f in ("task", "planned") if f not in fields]
    if missing:
        raise InputError(f"missing columns {missing} (have {cols})", file=file)
    out: list[TrackingRow] = []
    for n, raw in enumerate(rows, start=1):
        row = int(raw.get("__row__", n + 1))

        def get(name: str, raw: Mapping[str, Any] = raw) -> str:
            col = fields.get(name)
            return _text(raw.get(col)) if col else ""

        if not any(get(f) for f in TEMPLATE4_COLUMNS):
            continue
        if not get("task"):
            raise InputError("empty cell", file=file, row=row, column=fields["task"])
        try:
            planned = parse_date(get("planned"), file, fields["planned"])
            actual = parse_date(get("actual"), file, fields["actual"]) if get("actual") else None
            quality = Quality.parse(get("quality")) if get("quality") else None
        except InputError as exc:
            raise InputError(exc.reason, file=file, row=row, column=exc.column) from None
        except ValueError as exc:
            raise InputError(str(exc), file=file, row=row, column=fields.get("quality")) from None
        out.append(TrackingRow(get("task"), planned, actual, quality, get("problem"), get("fix")))
    return out


@dataclass
class TrackingStats:
    """Delay and quality statistics of the tracking rows."""

    table: pd.DataFrame
    n_tasks: int
    n_done: int
    n_overdue: int
    on_time_rate: float
    mean_delay: float
    mean_delay_late: float
    quality: dict[str, int] = field(default_factory=dict)


def tracking_stats(rows: Sequence[TrackingRow], today: date | None = None) -> TrackingStats:
    """Per task: delay (days late, negative early) and status; on-time rate = completed on or
    before the planned date / completed; mean delay over completed tasks; quality counts."""
    day = today or date.today()
    recs = []
    for r in rows:
        delay = r.delay_days
        status = ("open" if r.actual is None and r.planned >= day else
                  "overdue" if r.actual is None else "on_time" if (delay or 0) <= 0 else "late")  # fmt: skip
        recs.append({"task": r.task, "planned": r.planned, "actual": r.actual,
                     "delay_days": delay, "status": status,
                     "quality": r.quality.value if r.quality else None})  # fmt: skip
    table = pd.DataFrame(recs, columns=["task", "planned", "actual", "delay_days", "status",
                                        "quality"])  # fmt: skip
    done = [r.delay_days for r in rows if r.delay_days is not None]
    late = [d for d in done if d > 0]
    counts = {q.value: sum(1 for r in rows if r.quality == q) for q in Quality}
    return TrackingStats(
        table, len(rows), len(done), int((table["status"] == "overdue").sum()),
        float(np.mean([d <= 0 for d in done])) if done else float("nan"),
        float(np.mean(done)) if done else float("nan"),
        float(np.mean(late)) if late else 0.0, counts,
    )  # fmt: skip


_STATUS = {"open": ("进行中", "Open"), "overdue": ("已逾期", "Overdue"),
           "on_time": ("按时", "On time"), "late": ("延期", "Late")}  # fmt: skip


def stats_frame(stats: TrackingStats, lang: Lang = "zh") -> pd.DataFrame:
    """The per-task table with headers and labels in ``lang``."""
    heads = (("任务名称", "计划完成", "实际完成", "延误天数", "状态", "完成质量") if lang == "zh"
             else ("Task", "Planned", "Actual", "Delay (days)", "Status", "Quality"))  # fmt: skip
    t = stats.table
    return pd.DataFrame({
        heads[0]: t["task"], heads[1]: [d.isoformat() for d in t["planned"]],
        heads[2]: [d.isoformat() if isinstance(d, date) else "" for d in t["actual"]],
        heads[3]: [("" if d is None or pd.isna(d) else int(d)) for d in t["delay_days"]],
        heads[4]: [_STATUS[s][0 if lang == "zh" else 1] for s in t["status"]],
        heads[5]: [Quality.of(q).label(lang) if isinstance(q, str) else "" for q in t["quality"]],
    })  # fmt: skip


# --------------------------------------------------------------------------- KPIs


class KpiData(Protocol):
    """The project's data a KPI is computed from (``MethodData`` fits)."""

    @property
    def orders(self) -> pd.DataFrame: ...
    @property
    def survey(self) -> pd.DataFrame: ...
    @property
    def complaints(self) -> pd.DataFrame: ...


_NEW = re.compile(r"新店|new stores?", re.I)
_NEW_LABELS = ("新店", "New stores", "new")
REPEAT_WINDOW_DAYS = 90
"""Repeat rate per period: members with 2+ orders in the 90 days up to the period's end."""
_BASE = {"record_id", "source_type", "ts", "channel", "customer_key", "month", "text",
         "store_cohort", "amount"}  # fmt: skip


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty or "ts" not in frame.columns:
        return frame.iloc[0:0]
    out = frame.assign(ts=pd.to_datetime(frame["ts"], errors="coerce"))
    return out.dropna(subset=["ts"])


def _numeric_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in _BASE
            and pd.api.types.is_numeric_dtype(frame[c].dtype) and frame[c].notna().any()]  # fmt: skip


def metric_series(
    part: GoalPart, data: KpiData, *, freq: str | None = None, new_stores: bool | None = None
) -> tuple[pd.Series, str]:
    """The metric of a goal part per period (index: period start) and how it was computed.

    Serving time and other numeric columns: mean per week; repeat rate: members with 2+ orders
    in the 90 days to each month's end (%); satisfaction: mean of the survey's overall item per
    month; complaints: count per week. Goals about new stores use new-store orders only.
    """
    key = part.metric_key
    orders = _dated(data.orders)
    only_new = _NEW.search(part.text) is not None if new_stores is None else new_stores
    if (
        only_new
        and "store_cohort" in orders.columns
        and orders["store_cohort"].isin(_NEW_LABELS).any()
    ):
        orders = orders[orders["store_cohort"].isin(_NEW_LABELS)]
    where = "新店订单" if only_new else "订单"
    if key == "repeat_rate":
        f = freq or "M"
        members = orders.dropna(subset=["customer_key"])
        if members.empty:
            return pd.Series(dtype=float), ""
        ends = pd.period_range(members["ts"].min(), members["ts"].max(), freq=f)
        values = {}
        for p in ends:
            end = p.end_time
            window = members[(members["ts"] > end - pd.Timedelta(days=REPEAT_WINDOW_DAYS))
                             & (members["ts"] <= end)]  # fmt: skip
            values[p.start_time] = repeat_rate(window, "customer_key")[0] if len(window) else np.nan
        return pd.Series(
            values, dtype=float
        ).dropna(), f"{where}：近90天有2笔及以上订单的会员占比（%）"
    if key == "complaints":
        comp = _dated(data.complaints)
        if comp.empty:
            return pd.Series(dtype=float), ""
        s = comp.set_index("ts").resample(freq or "W-MON", label="left", closed="left").size()
        return s.astype(float), "投诉工单数（每周）"
    if key == "satisfaction":
        survey = _dated(data.survey)
        col = match_column("满意度", _numeric_columns(survey)) if not survey.empty else None
        if col is not None:
            s = survey.set_index("ts")[col].resample(freq or "MS").mean().dropna()
            return s, f"问卷：“{col}”月均分"
    for frame, name in ((orders, where), (_dated(data.survey), "问卷")):
        if frame.empty:
            continue
        names = [part.metric]
        found = metric_def(key) if key else None
        if found is not None:
            names = [found.zh, part.metric, found.en]
        col = next((c for n in names if (c := match_column(n, _numeric_columns(frame)))), None)
        if col is None and key == "serving_time":
            col = next(
                (c for c in _numeric_columns(frame) if re.search(r"上菜|出餐|serv", c, re.I)), None
            )
        if col is not None:
            s = frame.set_index("ts")[col].resample(freq or "W-MON", label="left",
                                                    closed="left").mean().dropna()  # fmt: skip
            return s, f"{name}：“{col}”每周均值"
    return pd.Series(dtype=float), ""


def target_value(part: GoalPart, series: pd.Series, start: date | None = None) -> float | None:
    """The absolute target of a part: stated, or the last value before ``start`` moved by the
    stated change ("提升15%")."""
    if part.target is not None:
        return part.target
    if part.change is None or series.empty:
        return None
    before = series[series.index < pd.Timestamp(start)] if start else series
    base = float((before if len(before) else series).iloc[-1])
    sign = 1.0 if part.direction == "higher" else -1.0
    return base * (1 + sign * part.change / 100) if part.unit == "%" else base + sign * part.change


def kpi_frame(
    parts: Sequence[GoalPart], data: KpiData, *, start: date | None = None, lang: Lang = "zh"
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Long table (metric, period, value, target, after_start) and how each metric was computed."""
    rows: list[dict[str, Any]] = []
    basis: dict[str, str] = {}
    for p in parts:
        series, how = metric_series(p, data)
        if series.empty:
            continue
        target = target_value(p, series, start)
        basis[p.metric] = how if lang == "zh" else _basis_en(how)
        for period, value in series.items():
            ts = pd.Timestamp(str(period))
            rows.append({"metric": p.metric, "period": ts, "value": float(value),
                         "target": target, "direction": p.direction,
                         "after_start": bool(start is not None and ts >= pd.Timestamp(start))})  # fmt: skip
    cols = ["metric", "period", "value", "target", "direction", "after_start"]
    return pd.DataFrame(rows, columns=cols), basis


def _basis_en(how: str) -> str:
    """English wording of a KPI basis."""
    table = (("新店订单", "new-store orders"), ("订单", "orders"), ("问卷", "survey"),
             ("近90天有2笔及以上订单的会员占比（%）", "share of members with 2+ orders in the last "
              "90 days (%)"), ("每周均值", " weekly mean"), ("月均分", " monthly mean"),
             ("投诉工单数（每周）", "complaint tickets per week"), ("：", ": "), ("“", "'"),
             ("”", "'"))  # fmt: skip
    for zh, en in table:
        how = how.replace(zh, en)
    return how


__all__ = [
    "NONE_MARKS",
    "REPEAT_WINDOW_DAYS",
    "TEMPLATE4_COLUMNS",
    "TEMPLATE4_SHEET",
    "KpiData",
    "TrackingRow",
    "TrackingStats",
    "kpi_frame",
    "metric_series",
    "row_from_dict",
    "rows_from_template4",
    "stats_frame",
    "target_value",
    "template4_frame",
    "tracking_stats",
]
