"""SMART goal check (seed 000 阶段三 步骤1): specific, measurable, achievable, relevant, time-bound.

A goal text may state several targets ("响应时间从48小时缩短至12小时内，30天内满意度提升15%");
each part is parsed on its own and linked to a metric that tracking can compute from the data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from needscope.methods.gap_table import Direction, parse_quantity
from needscope.methods.goals import parse_goal, similarity
from needscope.model.vocab import Lang, PriorityClass

Status = Literal["pass", "fail", "unknown"]
LETTERS = ("S", "M", "A", "R", "T")
LETTER_NAMES: dict[str, tuple[str, str]] = {
    "S": ("具体", "Specific"),
    "M": ("可衡量", "Measurable"),
    "A": ("可达成", "Achievable"),
    "R": ("相关", "Relevant"),
    "T": ("有时限", "Time-bound"),
}


@dataclass(frozen=True)
class MetricDef:
    """A metric tracking knows how to compute: its names, unit, better direction and object."""

    key: str
    zh: str
    en: str
    pattern: str
    unit: str | None
    direction: Direction
    object_zh: str
    object_en: str

    def label(self, lang: Lang = "zh") -> str:
        """The metric's name in ``lang``."""
        return self.zh if lang == "zh" else self.en


METRICS: tuple[MetricDef, ...] = (
    MetricDef("serving_time", "上菜时间", "Serving time",
              r"上菜时[间长]|出餐时[间长]|等菜时[间长]|上菜|出餐|serving time|time to serve|serve",
              "min", "lower", "顾客点餐后的上菜", "serving after the order"),
    MetricDef("repeat_rate", "复购率", "Repeat rate",
              r"复购|回购|回头客|回头率|repeat|repurchase|retention", "%", "higher", "顾客", "customers"),
    MetricDef("satisfaction", "满意度", "Satisfaction",
              r"满意|CSAT|satisf", "pt", "higher", "顾客", "customers"),
    MetricDef("nps", "净推荐值", "NPS", r"NPS|净推荐|推荐意愿|net promoter", None, "higher",
              "顾客", "customers"),
    MetricDef("response_time", "响应时间", "Response time",
              r"响应时[间长]|响应速度|response time|respond", "h", "lower", "客户投诉", "complaints"),
    MetricDef("wait_time", "等位时间", "Waiting time for a table",
              r"等位|排队|wait(?:ing)? (?:time|for a table)|queue", "min", "lower", "到店顾客",
              "walk-in guests"),
    MetricDef("complaints", "投诉量", "Complaints",
              r"投诉[量数率]|complaints?(?: count| rate)?", "times", "lower", "投诉", "complaints"),
    MetricDef("pass_rate", "考核通过率", "Pass rate", r"通过率|合格率|pass rate", "%", "higher",
              "员工", "staff"),
    MetricDef("rating", "评分", "Rating", r"评分|好评率|星级|rating|stars?", "pt", "higher",
              "顾客", "customers"),
    MetricDef("revenue", "营收", "Revenue", r"营收|收入|销售额|营业额|revenue|sales", "%", "higher",
              "门店", "stores"),
    MetricDef("cost", "成本", "Cost", r"成本|费用|cost", "%", "lower", "运营", "operations"),
)  # fmt: skip
"""Metrics goals are linked to, most specific first (the first match wins)."""

_OBJECTS = re.compile(
    r"客户|顾客|会员|新客|老客|新店|老店|门店|员工|服务员|厨师|后厨|投诉|订单|菜品|售后|前台|"
    r"\b(?:customers?|guests?|members?|clients?|stores?|staff|employees?|complaints?|orders?|"
    r"dishes|kitchen|new stores?)\b",
    re.I,
)
_NUM = r"[-+]?\d+(?:\.\d+)?"
_UNIT = (
    r"\s*(?:%|％|个百分点|百分点|分钟|小时|秒钟|秒|分|元|天|次|个|人|桌|"
    r"percentage points?|minutes?|mins?|hours?|hrs?|seconds?|secs?|points?|pts?|days?|yuan|"
    r"percent|pp\b|h\b|s\b)?"
)
_Q = rf"{_NUM}{_UNIT}"
_UP = r"提升|提高|增加|增长|上升|拉升|raise|increase|improve|lift|grow|boost"
_DOWN = r"降低|减少|缩短|下降|压缩|减|cut|reduce|lower|shorten|decrease|bring down"
_LEAD = re.compile(
    rf"^(?:将|把|使|让|要|需|需要|力争|确保|the\b|our\b|(?:{_UP}|{_DOWN})(?:s|d|ed)?\b)+\s*", re.I
)
_TRAIL = re.compile(r"(?:的|需要|需|应|要|平均|average|the|of|by)+\s*$", re.I)
_FROM_TO = re.compile(
    rf"(?P<metric>.*?)(?:从|由|\bfrom\b)\s*(?:平均|均值|约|an average of|average|about)?\s*"
    rf"(?P<base>{_Q})\s*(?:(?:{_UP}|{_DOWN})\w*)?\s*(?:至|到|为|\bto\b)\s*(?:平均|约)?\s*"
    rf"(?P<target>{_Q})",
    re.I,
)
_BY_ZH = re.compile(rf"(?P<metric>.+?)(?P<verb>{_UP}|{_DOWN})了?\s*(?P<change>{_Q})", re.I)
_BY_EN = re.compile(rf"(?P<verb>{_UP}|{_DOWN})\w*\s+(?P<metric>.+?)\s+by\s+(?P<change>{_Q})", re.I)
_DEADLINES = (
    re.compile(r"(?:在|于)?\s*(?P<n>\d+)\s*(?:个)?\s*(?P<u>天|日|周|星期|个月|月|季度|年)\s*(?:内|之内|以内)"),
    re.compile(r"第\s*(?P<n>\d+)\s*(?P<u>周|天|个月|月)(?:前|之前|末|结束前|内)?"),
    re.compile(r"(?:截至|截止|到|于|在)?\s*(?P<d>\d{4}[-/年]\d{1,2}(?:[-/月]\d{1,2}日?)?)\s*(?:月底)?\s*(?:前|之前|以前|底前|为止)"),
    re.compile(r"(?:本月|本季度|本年|年底|年末|月底|季度末)(?:前|内)?"),
    re.compile(r"\b(?:with)?in\s+(?P<n>\d+)\s+(?P<u>days?|weeks?|months?|quarters?|years?)\b", re.I),
    re.compile(r"\b(?:by|before)\s+(?:the\s+end\s+of\s+)?(?P<d>\d{4}-\d{1,2}(?:-\d{1,2})?|"
               r"Q[1-4](?:\s+\d{4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
               r"(?:\s+\d{4})?|(?:this|next)\s+(?:month|quarter|year)|week\s+\d+)\b", re.I),
)  # fmt: skip
_SPLIT = re.compile(
    rf"[，,；;。]|\s+and\s+(?=(?:{_UP}|{_DOWN}|keep|get)\w*\b)|(?:并且|并|同时)(?=\S*?(?:{_UP}|{_DOWN}))",
    re.I,
)
_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "个月": 30, "月": 30, "季度": 91, "年": 365,
         "day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}  # fmt: skip


@dataclass(frozen=True)
class GoalPart:
    """One measurable statement of a goal: metric, baseline, target or change, deadline."""

    text: str
    metric: str
    metric_key: str | None
    direction: Direction
    target: float | None = None
    target_text: str | None = None
    baseline: float | None = None
    baseline_text: str | None = None
    change: float | None = None
    change_text: str | None = None
    unit: str | None = None
    deadline_text: str | None = None
    horizon_days: int | None = None

    @property
    def relative(self) -> bool:
        """True when the part states a relative change ("提升15%") rather than a target."""
        return self.change is not None and self.target is None


@dataclass(frozen=True)
class LetterCheck:
    """The verdict of one SMART letter with its reason in Chinese and English."""

    letter: str
    status: Status
    reason_zh: str
    reason_en: str

    def reason(self, lang: Lang = "zh") -> str:
        """The reason in ``lang``."""
        return self.reason_zh if lang == "zh" else self.reason_en

    def name(self, lang: Lang = "zh") -> str:
        """The letter's name ("S 具体" / "S Specific")."""
        zh, en = LETTER_NAMES[self.letter]
        return f"{self.letter} {zh if lang == 'zh' else en}"


@dataclass(frozen=True)
class SmartResult:
    """The SMART check of one goal: its parts, one verdict per letter and the linked metrics."""

    text: str
    parts: tuple[GoalPart, ...]
    checks: tuple[LetterCheck, ...]
    deadline_text: str | None = None
    need_ids: tuple[int, ...] = field(default_factory=tuple)
    lang: Lang = "zh"

    @property
    def passed(self) -> bool:
        """True when no letter fails (a letter that could not be checked does not fail)."""
        return all(c.status != "fail" for c in self.checks)

    @property
    def complete(self) -> bool:
        """True when every letter could be checked and passed."""
        return all(c.status == "pass" for c in self.checks)

    @property
    def metric_keys(self) -> tuple[str, ...]:
        """Keys of the metrics the goal is linked to (for tracking)."""
        return tuple(dict.fromkeys(p.metric_key for p in self.parts if p.metric_key))

    def check(self, letter: str) -> LetterCheck:
        """The verdict of ``letter``."""
        return next(c for c in self.checks if c.letter == letter)

    def frame(self, lang: Lang | None = None) -> pd.DataFrame:
        """One row per letter: name, verdict mark and reason."""
        lg = lang or self.lang
        marks = {"pass": "✓", "fail": "✗", "unknown": "?"}
        return pd.DataFrame(
            {
                "letter": [c.name(lg) for c in self.checks],
                "status": [marks[c.status] for c in self.checks],
                "reason": [c.reason(lg) for c in self.checks],
            }
        )


def metric_def(key: str) -> MetricDef | None:
    """The metric definition of ``key``."""
    return next((m for m in METRICS if m.key == key), None)


def find_metric(text: str) -> MetricDef | None:
    """The first known metric named in ``text``."""
    for m in METRICS:
        if re.search(m.pattern, text, re.I):
            return m
    return None


def _quantity(text: str | None) -> tuple[float | None, str | None]:
    """(value, canonical unit) of a quantity text; (None, None) when there is none."""
    if not text:
        return None, None
    clean = re.sub(r"percentage points?|百分点|个百分点|\bpp\b", "pp", text.strip(), flags=re.I)
    if "pp" in clean:
        value = float(re.findall(_NUM, clean)[0])
        return value, "pp"
    try:
        value, unit = parse_quantity(clean)
    except ValueError:
        return None, None
    return value, unit


def _clean_metric(raw: str) -> str:
    """The metric name of a clause head ("将客户投诉响应时间" → "客户投诉响应时间")."""
    name = raw.strip(" \t:：")
    for pattern in _DEADLINES:
        m = pattern.search(name)
        if m is not None:
            after = name[m.end() :].strip()
            name = after if re.search(r"[^\W\d_]", after) else name[: m.start()]
    previous = None
    while previous != name:
        previous = name
        name = _LEAD.sub("", name).strip()
        name = _TRAIL.sub("", name).strip()
        name = re.sub(r"^(?:average|平均)\s*", "", name, flags=re.I).strip()
    return name


def _deadline(text: str) -> tuple[str | None, int | None]:
    """The first deadline stated in ``text`` and its horizon in days when it is a duration."""
    for pattern in _DEADLINES:
        m = pattern.search(text)
        if m is None:
            continue
        groups = m.groupdict()
        days = None
        if groups.get("n") and groups.get("u"):
            unit = groups["u"].lower().rstrip("s")
            days = int(groups["n"]) * _DAYS.get(unit, 1)
        return m.group(0).strip(), days
    return None, None


def _strip_deadlines(text: str) -> str:
    """``text`` without its deadline phrases."""
    for pattern in _DEADLINES:
        text = pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def _part(clause: str) -> GoalPart | None:
    """Parse one clause into a :class:`GoalPart` (None when it names no metric)."""
    deadline, days = _deadline(clause)
    body = re.sub(r"[（(][^（()）]*[）)]", "", clause)
    m = _FROM_TO.search(body)
    if m is not None and _clean_metric(m.group("metric")):
        base, unit_b = _quantity(m.group("base"))
        target, unit_t = _quantity(m.group("target"))
        if base is not None and target is not None:
            name = _clean_metric(m.group("metric"))
            found = find_metric(name) or find_metric(clause)
            direction: Direction = "lower" if target < base else "higher"
            return GoalPart(clause, name, found.key if found else None, direction, target,
                            m.group("target").strip(), base, m.group("base").strip(), None, None,
                            unit_t or unit_b or (found.unit if found else None), deadline,
                            days)  # fmt: skip
    for pattern in (_BY_EN, _BY_ZH):
        m = pattern.search(body)
        if m is None:
            continue
        name = _clean_metric(m.group("metric"))
        change, unit = _quantity(m.group("change"))
        if not name or change is None or not re.search(r"[^\W\d_]", name):
            continue
        found = find_metric(name)
        up = re.fullmatch(rf"(?:{_UP})\w*", m.group("verb"), re.I) is not None
        return GoalPart(clause, name, found.key if found else None, "higher" if up else "lower",
                        None, None, None, None, change, m.group("change").strip(), unit, deadline,
                        days)  # fmt: skip
    goal = parse_goal(body)
    if goal is not None:
        name = _clean_metric(goal.metric)
        found = find_metric(name)
        return GoalPart(clause, name, found.key if found else None, goal.direction, goal.target,
                        goal.target_text, goal.baseline, goal.baseline_text, None, None,
                        goal.unit or (found.unit if found else None), deadline, days)  # fmt: skip
    found = find_metric(body)
    if found is not None:
        return GoalPart(clause, found.zh if re.search(r"[\u4e00-\u9fff]", clause) else found.en,
                        found.key, found.direction, deadline_text=deadline, horizon_days=days)  # fmt: skip
    return None


def parse_goal_parts(text: str) -> tuple[list[GoalPart], str | None, int | None]:
    """The goal's parts, its first deadline and the deadline's horizon in days."""
    clauses = [c.strip() for c in _SPLIT.split(text) if c and c.strip()]
    parts = [p for p in (_part(c) for c in clauses) if p is not None]
    deadline, days = _deadline(text)
    if deadline is not None and parts and not any(p.deadline_text for p in parts):
        parts = [_with_deadline(p, deadline, days) for p in parts]
    return parts, deadline, days


def _with_deadline(part: GoalPart, text: str, days: int | None) -> GoalPart:
    return GoalPart(part.text, part.metric, part.metric_key, part.direction, part.target,
                    part.target_text, part.baseline, part.baseline_text, part.change,
                    part.change_text, part.unit, text, days)  # fmt: skip


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _period(label: object) -> str:
    """A period label for text: dates without a midnight time."""
    if isinstance(label, pd.Timestamp | date):
        return f"{label:%Y-%m-%d}"
    return str(label)


def _series_for(part: GoalPart, history: object) -> pd.Series | None:
    """The history of the part's metric from a Series or a mapping keyed by metric key or name."""
    if history is None:
        return None
    if isinstance(history, pd.Series):
        series = history
    elif isinstance(history, Mapping):
        found = history.get(part.metric_key) if part.metric_key else None
        if found is None:
            found = history.get(part.metric)
        if found is None:
            return None
        series = found if isinstance(found, pd.Series) else pd.Series(found)
    else:
        return None
    out = pd.to_numeric(series, errors="coerce").dropna()
    return out if len(out) else None


def _benchmark_for(part: GoalPart, benchmark: object) -> float | None:
    if benchmark is None:
        return None
    if isinstance(benchmark, int | float) and not isinstance(benchmark, bool):
        return float(benchmark)
    if isinstance(benchmark, Mapping):
        value = benchmark.get(part.metric_key) if part.metric_key else None
        value = value if value is not None else benchmark.get(part.metric)
        return float(value) if value is not None else None
    return None


def _target_of(part: GoalPart, baseline: float | None) -> float | None:
    """The absolute target: stated, or the baseline moved by the stated change."""
    if part.target is not None:
        return part.target
    if part.change is None or baseline is None:
        return None
    sign = 1.0 if part.direction == "higher" else -1.0
    if part.unit == "%":
        return baseline * (1 + sign * part.change / 100)
    return baseline + sign * part.change


def _better(a: float, b: float, direction: Direction) -> bool:
    """True when ``a`` is better than ``b``."""
    return a < b if direction == "lower" else a > b


def _best_gain(series: pd.Series, direction: Direction, window: int) -> float:
    """Largest improvement between two periods at most ``window`` periods apart."""
    v = series.to_numpy(dtype=float)
    best = 0.0
    for i in range(len(v)):
        for j in range(i + 1, min(len(v), i + window + 1)):
            gain = v[i] - v[j] if direction == "lower" else v[j] - v[i]
            best = max(best, gain)
    return best


def _period_days(series: pd.Series) -> float | None:
    """Typical days between the periods of ``series`` (None when the index is not time)."""
    try:
        idx = pd.to_datetime(pd.Index(series.index).astype(str), errors="raise")
    except (ValueError, TypeError):
        return None
    if len(idx) < 2:
        return None
    return float(np.median(np.diff(idx.values).astype("timedelta64[s]").astype(float)) / 86400)


def _achievable(part: GoalPart, history: pd.Series | None, bench: float | None) -> LetterCheck:
    """Compare the part's target with the metric's own history, else with a benchmark."""
    name = part.metric
    if history is not None:
        base = part.baseline if part.baseline is not None else float(history.iloc[-1])
        target = _target_of(part, base)
        if target is None:
            return LetterCheck("A", "unknown", f"{name}：没有目标值，无法判断",
                               f"{name}: no target to judge")  # fmt: skip
        best_at = _period(history.idxmin() if part.direction == "lower" else history.idxmax())
        best = float(history.min() if part.direction == "lower" else history.max())
        if not _better(target, best, part.direction):
            return LetterCheck(
                "A", "pass",
                f"{name}：目标 {_fmt(target)} 在历史上已达到过（最佳期 {best_at}：{_fmt(best)}，"
                f"共 {len(history)} 期）",
                f"{name}: the target {_fmt(target)} was reached before (best period {best_at}: "
                f"{_fmt(best)}, of {len(history)} periods)")  # fmt: skip
        need = abs(target - base)
        step = _period_days(history)
        window = len(history) - 1
        if part.horizon_days and step:
            window = max(1, min(window, round(part.horizon_days / step)))
        gain = _best_gain(history, part.direction, max(window, 1))
        if gain >= need:
            return LetterCheck(
                "A", "pass",
                f"{name}：需从 {_fmt(base)} 改善 {_fmt(need)}；历史上 {window} 期内最大改善为 "
                f"{_fmt(gain)}",
                f"{name}: needs {_fmt(need)} of improvement from {_fmt(base)}; the largest "
                f"improvement within {window} periods so far was {_fmt(gain)}")  # fmt: skip
        return LetterCheck(
            "A", "fail",
            f"{name}：目标 {_fmt(target)} 优于历史最佳（{best_at}：{_fmt(best)}），所需改善 "
            f"{_fmt(need)} 超过历史上 {window} 期内的最大改善 {_fmt(gain)}",
            f"{name}: the target {_fmt(target)} beats the best period ({best_at}: {_fmt(best)}) "
            f"and needs {_fmt(need)} of improvement, more than the largest within {window} "
            f"periods so far ({_fmt(gain)})")  # fmt: skip
    if bench is not None:
        target = _target_of(part, part.baseline)
        if target is None:
            return LetterCheck("A", "unknown", f"{name}：没有基线，无法与对标值 {_fmt(bench)} 比较",
                               f"{name}: no baseline to compare with the benchmark "
                               f"{_fmt(bench)}")  # fmt: skip
        if not _better(target, bench, part.direction):
            return LetterCheck("A", "pass",
                               f"{name}：目标 {_fmt(target)} 不高于对标水平 {_fmt(bench)}",
                               f"{name}: the target {_fmt(target)} is within the benchmark "
                               f"{_fmt(bench)}")  # fmt: skip
        return LetterCheck("A", "fail",
                           f"{name}：目标 {_fmt(target)} 优于对标水平 {_fmt(bench)}，需说明依据",
                           f"{name}: the target {_fmt(target)} beats the benchmark "
                           f"{_fmt(bench)}; say why it is reachable")  # fmt: skip
    return LetterCheck("A", "unknown",
                       f"{name}：没有历史数据或对标值，无法判断能否达成（导入该指标的数据或给出对标值）",
                       f"{name}: no history or benchmark to judge (import the metric's data or "
                       f"give a benchmark)")  # fmt: skip


def _priority(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        return PriorityClass.parse(value).value
    except ValueError:
        return None


def link_needs(parts: Sequence[GoalPart], needs: pd.DataFrame) -> list[int]:
    """Ids of the needs whose description or quote names one of the parts' metrics."""
    out: list[int] = []
    for row in needs.to_dict("records"):
        text = f"{row.get('description') or ''} {row.get('quote') or ''}"
        for p in parts:
            found = metric_def(p.metric_key) if p.metric_key else None
            hit = bool(found and re.search(found.pattern, text, re.I))
            if hit or (p.metric and similarity(p.metric, text) >= 0.6):
                out.append(int(row["id"]))
                break
    return out


def _relevant(
    parts: Sequence[GoalPart], needs: pd.DataFrame | None, need_ids: Sequence[int], lang: Lang
) -> tuple[LetterCheck, tuple[int, ...]]:
    if needs is None:
        return LetterCheck("R", "unknown", "未提供需求清单，无法判断相关性",
                           "no needs register given; relevance not checked"), ()  # fmt: skip
    ids = list(dict.fromkeys([*need_ids, *link_needs(parts, needs)]))
    rows = {int(r["id"]): r for r in needs.to_dict("records")}
    good = [
        i for i in ids if i in rows and _priority(rows[i].get("priority")) in ("now", "planned")
    ]
    if good:
        shown = [f"#{i} {rows[i]['description']}（{PriorityClass.of(_priority(rows[i]['priority'])).label('zh')}）"
                 for i in good]  # fmt: skip
        shown_en = [f"#{i} {rows[i]['description']} "
                    f"({PriorityClass.of(_priority(rows[i]['priority'])).label('en')})" for i in good]  # fmt: skip
        return LetterCheck("R", "pass", "关联需求：" + "；".join(shown),
                           "linked needs: " + "; ".join(shown_en)), tuple(ids)  # fmt: skip
    if ids:
        return LetterCheck("R", "fail",
                           f"关联的需求 {', '.join(f'#{i}' for i in ids)} 均未列为立即执行或计划执行",
                           f"the linked needs {', '.join(f'#{i}' for i in ids)} are neither "
                           "'do now' nor 'plan'"), tuple(ids)  # fmt: skip
    return LetterCheck("R", "fail", "没有关联到立即执行或计划执行的需求（需求清单中没有提到该指标）",
                       "not linked to a need to do now or to plan (no need mentions the metric)"), ()  # fmt: skip


def check_goal(
    text: str,
    *,
    metric_history: pd.Series | Mapping[str, pd.Series] | None = None,
    benchmark: float | Mapping[str, float] | None = None,
    needs: pd.DataFrame | None = None,
    need_ids: Sequence[int] = (),
    deadline: date | str | None = None,
    lang: Lang = "zh",
) -> SmartResult:
    """Check a goal against SMART; ``needs`` carries ``id``, ``description``, ``priority``.

    ``metric_history`` holds the metric's values per period (oldest first), one series or a
    mapping keyed by metric key (``serving_time``, ``repeat_rate`` …) or metric name.
    """
    clean = str(text).strip()
    parts, stated, _days = parse_goal_parts(clean)
    checks: list[LetterCheck] = []
    # S: a metric and an object
    objects = _OBJECTS.findall(clean)
    if not parts:
        checks.append(LetterCheck("S", "fail", "没有指明用哪个指标衡量（如上菜时间、复购率、满意度）",
                                  "names no metric to measure (e.g. serving time, repeat rate, "
                                  "satisfaction)"))  # fmt: skip
    else:
        defs = [metric_def(p.metric_key) for p in parts if p.metric_key]
        if objects or defs:
            what = objects[0] if objects else (defs[0].object_zh if defs[0] else "")
            what_en = objects[0] if objects else (defs[0].object_en if defs[0] else "")
            names = "、".join(p.metric for p in parts)
            checks.append(LetterCheck("S", "pass", f"指标：{names}；对象：{what}",
                                      f"metric: {', '.join(p.metric for p in parts)}; "
                                      f"object: {what_en}"))  # fmt: skip
        else:
            checks.append(LetterCheck("S", "fail", "没有说明对象（哪些顾客、门店或环节）",
                                      "does not say whose or which (customers, stores, steps)"))  # fmt: skip
    # M: number, unit, baseline for every part
    m_fail_zh, m_fail_en, m_ok_zh, m_ok_en = [], [], [], []
    for p in parts:
        hist = _series_for(p, metric_history)
        if p.target is None and p.change is None:
            m_fail_zh.append(f"{p.metric}：没有目标数值")
            m_fail_en.append(f"{p.metric}: no target number")
            continue
        known = metric_def(p.metric_key) if p.metric_key else None
        unit = p.unit or (known.unit if known else None)
        if unit is None:
            m_fail_zh.append(f"{p.metric}：没有单位")
            m_fail_en.append(f"{p.metric}: no unit")
            continue
        if p.baseline is not None:
            m_ok_zh.append(f"{p.metric}：{p.baseline_text} → {p.target_text}")
            m_ok_en.append(f"{p.metric}: {p.baseline_text} → {p.target_text}")
        elif hist is not None:
            m_ok_zh.append(f"{p.metric}：基线取自数据（最近一期 {_fmt(float(hist.iloc[-1]))}）")
            m_ok_en.append(f"{p.metric}: baseline from the data (last period "
                           f"{_fmt(float(hist.iloc[-1]))})")  # fmt: skip
        elif p.relative:
            m_ok_zh.append(f"{p.metric}：相对当前水平{'提升' if p.direction == 'higher' else '降低'}"
                           f"{p.change_text}（基线为启动时的实测值）")  # fmt: skip
            m_ok_en.append(f"{p.metric}: {p.change_text} relative to the level measured at the "
                           "start (the baseline)")  # fmt: skip
        else:
            m_fail_zh.append(f"{p.metric}：没有基线（写明当前水平，如“从…降低/提升至"
                             f"{p.target_text}”，或导入该指标的数据）")  # fmt: skip
            m_fail_en.append(f"{p.metric}: no baseline (state the current level, e.g. 'from … "
                             f"to {p.target_text}', or import the metric's data)")  # fmt: skip
    if not parts:
        m_fail_zh.append("没有可衡量的数值目标")
        m_fail_en.append("no number to measure")
    if m_fail_zh:
        checks.append(LetterCheck("M", "fail", "；".join(m_fail_zh), "; ".join(m_fail_en)))
    else:
        checks.append(LetterCheck("M", "pass", "；".join(m_ok_zh), "; ".join(m_ok_en)))
    # A: history or benchmark
    results = [_achievable(p, _series_for(p, metric_history), _benchmark_for(p, benchmark))
               for p in parts if p.target is not None or p.change is not None]  # fmt: skip
    if not results:
        checks.append(LetterCheck("A", "unknown", "没有目标值，无法判断能否达成",
                                  "no target, so achievability cannot be judged"))  # fmt: skip
    else:
        worst: Status = ("fail" if any(r.status == "fail" for r in results)
                 else "unknown" if any(r.status == "unknown" for r in results) else "pass")  # fmt: skip
        checks.append(LetterCheck("A", worst, "；".join(r.reason_zh for r in results),
                                  "; ".join(r.reason_en for r in results)))  # fmt: skip
    # R: linked to a need to do now or to plan
    rel, ids = _relevant(parts, needs, need_ids, lang)
    checks.append(rel)
    # T: a deadline
    if stated:
        checks.append(LetterCheck("T", "pass", f"时限：{stated}", f"deadline: {stated}"))
    elif deadline is not None:
        when = deadline.isoformat() if isinstance(deadline, date) else str(deadline)
        checks.append(LetterCheck("T", "pass", f"时限：{when} 前", f"deadline: by {when}"))
    else:
        checks.append(LetterCheck("T", "fail", "没有时限（如“30天内”“第5周前”“2026-06-30前”）",
                                  "no deadline (e.g. 'within 30 days', 'by 2026-06-30')"))  # fmt: skip
    return SmartResult(clean, tuple(parts), tuple(checks), stated, ids, lang)


__all__ = [
    "LETTERS",
    "LETTER_NAMES",
    "METRICS",
    "GoalPart",
    "LetterCheck",
    "MetricDef",
    "SmartResult",
    "check_goal",
    "find_metric",
    "link_needs",
    "metric_def",
    "parse_goal_parts",
]
