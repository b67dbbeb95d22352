"""The feedback loop after a launch: goal achievement, new needs and the iteration call.

Windows: the post window runs from the launch to the last record (or ``window_days`` after
the launch); the pre window has the same length and ends the day before the launch.

Goal status: a goal is *met* when its metric moved significantly in the goal's direction and
the treated group's post-launch level reaches the target; *nearly* when it moved significantly
and covered at least ``nearly`` (80 %) of the way from the baseline to the target; *not met*
when it moved less or significantly the wrong way; *not significant* when the change is not
significant. The change is the difference-in-differences effect when a control group exists,
else the before/after change of the treated (or all) records.

Iteration call (seed 000 阶段四 步骤4):

1. 模式重构 rebuild — more than half of the goals missed (not met or not significant) and
   sentiment did not improve significantly;
2. 微调 tweak — every goal met or nearly met;
3. 功能升级 upgrade — some goal missed and new needs appeared after the launch (a function is
   missing);
4. 微调 tweak — otherwise (goals missed, nothing new asked for: adjust the details).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from needscope.errors import InputError
from needscope.model import Need, NeedDimension, NeedStatus
from needscope.model.vocab import IterationType, Lang
from needscope.plan.stats import TestResult, diff_in_diff, mean_change, proportion_change

Direction = Literal["up", "down"]
MetricSpec = str | Callable[[pd.DataFrame], pd.Series]
"""A metric per record: a column name or a function of the records frame (NaN: not counted)."""
TreatedSpec = Callable[[pd.DataFrame], pd.Series] | Mapping[str, Any] | None

STATUS_LABELS: dict[str, dict[Lang, str]] = {
    "met": {"zh": "达成", "en": "Met"},
    "nearly": {"zh": "接近达成", "en": "Nearly met"},
    "not_met": {"zh": "未达成", "en": "Not met"},
    "not_significant": {"zh": "变化不显著", "en": "No significant change"},
    "no_data": {"zh": "无数据", "en": "No data"},
}
"""Goal status labels."""


@dataclass(frozen=True)
class Goal:
    """A goal to check: metric name, target level, unit and the good direction."""

    metric: str
    target: float
    unit: str = ""
    direction: Direction = "up"
    baseline: float | None = None

    @classmethod
    def parse(cls, item: Goal | Mapping[str, Any], index: int = 0) -> Goal:
        """A goal from a mapping ``{"metric", "target", "unit", "direction", "baseline"}``."""
        if isinstance(item, Goal):
            return item
        where = f"goals[{index}]"
        if not isinstance(item, Mapping) or "metric" not in item or "target" not in item:
            raise InputError(f"{where} needs 'metric' and 'target'", column="goals")
        direction = str(item.get("direction", "up"))
        if direction not in ("up", "down"):
            raise InputError(f"{where}: direction must be 'up' or 'down', not {direction!r}",
                             column="direction")  # fmt: skip
        try:
            target = float(item["target"])
            base = item.get("baseline")
            baseline = float(base) if base is not None else None
        except (TypeError, ValueError) as exc:
            raise InputError(
                f"{where}: target and baseline must be numbers", column="target"
            ) from exc
        unit = str(item.get("unit") or "")
        return cls(str(item["metric"]), target, unit, direction, baseline)  # type: ignore[arg-type]


@dataclass(frozen=True)
class GoalCheck:
    """One goal after the launch: the tests, the reached level and the status with its reason."""

    goal: Goal
    status: str
    level: float
    """Treated group's post-launch level, in the goal's unit."""
    baseline: float
    progress: float
    """Share of the way from baseline to target covered (1 = target reached)."""
    before_after: TestResult | None
    did: TestResult | None
    reason_zh: str
    reason_en: str

    @property
    def effect(self) -> TestResult | None:
        """The test the status rests on: the DiD when there is one, else before/after."""
        return self.did or self.before_after

    def label(self, lang: Lang = "zh") -> str:
        """The status in ``lang``."""
        return STATUS_LABELS[self.status][lang]

    def reason(self, lang: Lang = "zh") -> str:
        """Why the goal has its status, in ``lang``."""
        return self.reason_zh if lang == "zh" else self.reason_en


@dataclass(frozen=True)
class IterationCall:
    """The iteration call with its reasons."""

    type: IterationType
    reasons_zh: list[str]
    reasons_en: list[str]

    def reasons(self, lang: Lang = "zh") -> list[str]:
        """The reasons in ``lang``."""
        return self.reasons_zh if lang == "zh" else self.reasons_en


@dataclass(frozen=True)
class LoopResult:
    """Everything the feedback loop found."""

    launch: pd.Timestamp
    pre: tuple[pd.Timestamp, pd.Timestamp]
    post: tuple[pd.Timestamp, pd.Timestamp]
    goals: list[GoalCheck]
    new_needs: pd.DataFrame
    sentiment: TestResult | None
    iteration: IterationCall
    extra: dict[str, Any] = field(default_factory=dict)

    def goals_frame(self, lang: Lang = "zh") -> pd.DataFrame:
        """One row per goal: metric, target, baseline, level, effect, CI, p, method, status."""
        zh = lang == "zh"
        names = (
            ["指标", "方向", "目标", "基线", "上线后", "效应", "置信下限", "置信上限", "p 值",
             "方法", "状态", "说明"] if zh else
            ["Metric", "Direction", "Target", "Baseline", "After", "Effect", "CI low", "CI high",
             "p-value", "Method", "Status", "Reason"]
        )  # fmt: skip
        rows = []
        for g in self.goals:
            t = g.effect
            scale = 100.0 if g.goal.unit == "%" and t is not None and t.unit == "%" else 1.0
            arrow = "↑" if g.goal.direction == "up" else "↓"
            rows.append([
                g.goal.metric, arrow, g.goal.target, round(g.baseline, 2), round(g.level, 2),
                round(t.estimate * scale, 3) if t else math.nan,
                round(t.ci_low * scale, 3) if t else math.nan,
                round(t.ci_high * scale, 3) if t else math.nan,
                round(t.p_value, 4) if t else math.nan,
                _method_label(t, lang), g.label(lang), g.reason(lang),
            ])  # fmt: skip
        return pd.DataFrame(rows, columns=names)

    def needs_frame(self, lang: Lang = "zh") -> pd.DataFrame:
        """New needs for display: tag, need, pre and post share, change, p, example quote."""
        zh = lang == "zh"
        cols = (["标签", "需求", "上线前占比%", "上线后占比%", "变化", "p 值", "仅上线后出现", "示例原话"]
                if zh else ["Tag", "Need", "Pre share %", "Post share %", "Change", "p-value",
                            "Only after launch", "Example quote"])  # fmt: skip
        if self.new_needs.empty:
            return pd.DataFrame(columns=cols)
        n = self.new_needs
        return pd.DataFrame({
            cols[0]: n["label_zh" if zh else "label_en"],
            cols[1]: n["need_zh" if zh else "need_en"],
            cols[2]: n["pre_share"], cols[3]: n["post_share"], cols[4]: n["change"],
            cols[5]: n["p"].round(4), cols[6]: n["only_post"],
            cols[7]: [q[0] if q else "" for q in n["quotes"]],
        })  # fmt: skip


def _method_label(t: TestResult | None, lang: Lang) -> str:
    from needscope.plan.stats import METHOD_LABELS

    return METHOD_LABELS[t.method][lang] if t is not None else ""


# ------------------------------------------------------------------------- helpers


def store_of(frame: pd.DataFrame) -> pd.Series:
    """The store (branch) of each record: ``store`` column, else attrs 门店/store, else channel."""
    if "store" in frame.columns:
        return frame["store"].astype("string")
    out = frame["channel"].astype("string") if "channel" in frame.columns else pd.Series(
        pd.NA, index=frame.index, dtype="string")  # fmt: skip
    if "attrs" in frame.columns:
        named = frame["attrs"].map(
            lambda a: (a.get("门店") or a.get("store")) if isinstance(a, Mapping) else None
        )
        out = named.astype("string").fillna(out)
    return out


def in_stores(stores: Sequence[str]) -> Callable[[pd.DataFrame], pd.Series]:
    """A treated-group rule: records of the given stores (see :func:`store_of`)."""
    wanted = set(stores)
    return lambda frame: store_of(frame).isin(wanted).fillna(False).astype(bool)


def repurchase_flags(
    records: pd.DataFrame, days: int = 28, customer_col: str = "customer_key", time_col: str = "ts"
) -> pd.Series:
    """Per record: 1.0 when its customer had an earlier record within ``days``, 0.0 if not.

    Records without a customer are NaN (not counted).
    """
    out = pd.Series(np.nan, index=records.index, dtype="float64")
    known = records[records[customer_col].notna()]
    if known.empty:
        return out
    ordered = known.sort_values(time_col, kind="stable")
    gap = ordered.groupby(customer_col)[time_col].diff()
    flags = (gap <= pd.Timedelta(days=days)).astype("float64")
    out.loc[flags.index] = flags
    return out


def _mask(frame: pd.DataFrame, spec: TreatedSpec) -> pd.Series | None:
    if spec is None:
        return None
    if callable(spec):
        mask = spec(frame)
    elif isinstance(spec, Mapping) and "column" in spec and "values" in spec:
        col = str(spec["column"])
        values = frame[col] if col in frame.columns else store_of(frame) if col == "store" else None
        if values is None:
            raise InputError(f"treated column {col!r} not found", column=col)
        mask = values.isin(list(spec["values"]))
    else:
        raise InputError("treated must be a function or {'column': ..., 'values': [...]}",
                         column="treated")  # fmt: skip
    return pd.Series(mask, index=frame.index).fillna(False).astype(bool)


def _metric(frame: pd.DataFrame, spec: MetricSpec, name: str) -> pd.Series:
    if callable(spec):
        values = spec(frame)
    elif spec in frame.columns:
        values = frame[spec]
    elif "ratings" in frame.columns:
        values = frame["ratings"].map(lambda r: r.get(spec) if isinstance(r, Mapping) else None)
    else:
        raise InputError(f"metric {name!r}: no column {spec!r}", column=str(spec))
    return pd.to_numeric(pd.Series(values, index=frame.index), errors="coerce").astype("float64")


def _windows(
    ts: pd.Series, launch: pd.Timestamp, window_days: int | None
) -> tuple[
    pd.Series, pd.Series, tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]
]:
    end = ts.max() if window_days is None else launch + pd.Timedelta(days=window_days)
    if pd.isna(end) or end < launch:
        raise InputError(f"no records on or after the launch date {launch.date()}", column="ts")
    length = (end.normalize() - launch) + pd.Timedelta(days=1)
    start = launch - length
    post = (ts >= launch) & (ts < launch + length)
    pre = (ts >= start) & (ts < launch)
    return pre, post, (start, launch - pd.Timedelta(seconds=1)), (launch, launch + length)


# --------------------------------------------------------------------------- goals


def check_goal(
    goal: Goal,
    frame: pd.DataFrame,
    values: pd.Series,
    pre: pd.Series,
    post: pd.Series,
    treated: pd.Series | None,
    *,
    unit_col: str | None = None,
    alpha: float = 0.05,
    nearly: float = 0.8,
) -> GoalCheck:
    """Test one goal on per-record ``values`` (pre/post masks, optional treated mask)."""
    ok = values.notna()
    group = treated if treated is not None else pd.Series(True, index=frame.index)
    before, after = values[ok & pre & group], values[ok & post & group]
    if len(before) < 2 or len(after) < 2:
        return _no_data(goal)
    binary = bool(values[ok].isin((0.0, 1.0)).all())
    pct = binary and goal.unit == "%"
    if binary:
        ba = proportion_change(before.to_numpy(), after.to_numpy(), alpha=alpha, metric=goal.metric,
                               unit="%" if pct else "")  # fmt: skip
    else:
        ba = mean_change(before, after, alpha=alpha, metric=goal.metric, unit=goal.unit)
    did = None
    if treated is not None:
        sub = frame.loc[ok & (pre | post), []].assign(
            y=values[ok & (pre | post)], treated=treated.astype(int), post=post.astype(int),
            t=frame.loc[ok & (pre | post), "ts"])  # fmt: skip
        if unit_col:
            sub["unit"] = (store_of(frame) if unit_col == "store" else frame[unit_col])[sub.index]
        cells = sub.groupby(["treated", "post"]).size()
        if len(cells) == 4 and cells.min() >= 2:
            did = diff_in_diff(sub, "y", "treated", "post", unit="unit" if unit_col else None,
                               time="t", alpha=alpha, metric=goal.metric,
                               unit_label="%" if pct else goal.unit)  # fmt: skip
    scale = 100.0 if pct else 1.0
    level, base_level = ba.after * scale, ba.before * scale
    baseline = goal.baseline if goal.baseline is not None else base_level
    span = goal.target - baseline
    progress = (level - baseline) / span if span != 0 else (1.0 if level == goal.target else 0.0)
    test = did or ba
    sign = 1 if goal.direction == "up" else -1
    reached = level >= goal.target if goal.direction == "up" else level <= goal.target
    good = test.significant and sign * test.estimate > 0
    bad = test.significant and sign * test.estimate < 0
    if good and reached:
        status = "met"
    elif good and progress >= nearly:
        status = "nearly"
    elif good or bad:
        status = "not_met"
    else:
        status = "not_significant"
    zh, en = _goal_reason(goal, status, level, baseline, test, did is not None)
    return GoalCheck(goal, status, level, baseline, progress, ba, did, zh, en)


def _no_data(goal: Goal) -> GoalCheck:
    return GoalCheck(goal, "no_data", math.nan, math.nan, math.nan, None, None,
                     f"{goal.metric}：上线前后数据不足，无法检验。",
                     f"{goal.metric}: too few records before or after the launch to test.")  # fmt: skip


def _num(x: float, unit: str) -> str:
    text = f"{x:.1f}" if abs(x) >= 1 or x == 0 else f"{x:.3g}"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def _goal_reason(
    goal: Goal, status: str, level: float, baseline: float, test: TestResult, did: bool
) -> tuple[str, str]:
    u = goal.unit
    op_zh = "≥" if goal.direction == "up" else "≤"
    head_zh = (f"{goal.metric}：目标 {op_zh}{_num(goal.target, u)}，上线后为 {_num(level, u)}"
               f"（基线 {_num(baseline, u)}）")  # fmt: skip
    head_en = (f"{goal.metric}: target {op_zh} {_num(goal.target, u)}, {_num(level, u)} after "
               f"launch (baseline {_num(baseline, u)})")  # fmt: skip
    how_zh = "相对对照组" if did else "上线前后"
    how_en = "net of the control group" if did else "before vs after"
    p = "p<0.001" if test.p_value < 0.001 else f"p={test.p_value:.3f}"
    tail = {
        "met": ("，改善显著且已达到目标。", "; a significant improvement that reaches the target."),
        "nearly": ("，改善显著，已接近目标。", "; a significant improvement, close to the target."),
        "not_met": (
            "，" + ("改善显著但未达到目标。" if test.estimate * (1 if goal.direction == "up" else -1) > 0
                    else "显著变差。"),
            "; " + ("a significant improvement that falls short of the target."
                    if test.estimate * (1 if goal.direction == "up" else -1) > 0
                    else "significantly worse."),
        ),
        "not_significant": ("，变化不显著。", "; the change is not significant."),
    }[status]  # fmt: skip
    return (f"{head_zh}；{how_zh}检验 {p}{tail[0]}", f"{head_en}; {how_en}, {p}{tail[1]}")


# ----------------------------------------------------------------------- new needs


def detect_new_needs(
    text: pd.DataFrame,
    pre: pd.Series,
    post: pd.Series,
    *,
    pack: str = "restaurant",
    tags_col: str = "problem_tags",
    alpha: float = 0.05,
    min_count: int = 3,
    n_quotes: int = 3,
) -> pd.DataFrame:
    """Tags whose share of records rose significantly after the launch, or appear only after it.

    Compares the post- and pre-window records of ``text`` (one-sided: only rises are needs)
    with the pooled two-proportion z-test; a tag seen at least ``min_count`` times after and
    never before counts too. Returns tag, labels, need texts, counts, shares, z, p, quotes and
    evidence ids, biggest rise first.
    """
    from needscope.text import load_pack
    from needscope.text.trends import two_proportion_z

    cols = ["tag", "label_zh", "label_en", "need_zh", "need_en", "category", "pre_count",
            "pre_records", "post_count", "post_records", "pre_share", "post_share", "change",
            "z", "p", "only_post", "quotes", "evidence_ids"]  # fmt: skip
    if tags_col not in text.columns or text.empty:
        return pd.DataFrame(columns=cols)
    p_ = load_pack(pack)
    known = {t.id: t for t in p_.tags}
    lists = text[tags_col].map(
        lambda v: list(v) if isinstance(v, list | tuple | np.ndarray) else []
    )
    n0, n1 = int(pre.sum()), int(post.sum())
    if n0 == 0 or n1 == 0:
        return pd.DataFrame(columns=cols)
    quote_col = "text_masked" if "text_masked" in text.columns else "text"
    rows = []
    for tag in sorted({t for ts in lists[post] for t in ts}):
        has = lists.map(lambda ts, t=tag: t in ts)
        x0, x1 = int((has & pre).sum()), int((has & post).sum())
        z, p = two_proportion_z(x1, n1, x0, n0)
        only = x0 == 0 and x1 >= min_count
        rose = math.isfinite(z) and z > 0 and p < alpha
        if not (only or rose):
            continue
        spec = known.get(tag)
        hits = text[has & post]
        quotes = hits[quote_col].dropna().astype(str).drop_duplicates().head(n_quotes).tolist()
        rows.append({
            "tag": tag,
            "label_zh": spec.label("zh") if spec else tag,
            "label_en": spec.label("en") if spec else tag,
            "need_zh": spec.need_text("zh") if spec else tag,
            "need_en": spec.need_text("en") if spec else tag,
            "category": spec.category.value if spec else None,
            "pre_count": x0, "pre_records": n0, "post_count": x1, "post_records": n1,
            "pre_share": round(100 * x0 / n0, 2), "post_share": round(100 * x1 / n1, 2),
            "change": round(100 * (x1 / n1 - x0 / n0), 2),
            "z": z, "p": p if math.isfinite(p) else 0.0, "only_post": only,
            "quotes": quotes, "evidence_ids": [int(i) for i in hits["id"]] if "id" in hits else [],
        })  # fmt: skip
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("change", ascending=False, kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------------ the call


def decide_iteration(
    goals: Sequence[GoalCheck], new_needs: pd.DataFrame, sentiment: TestResult | None
) -> IterationCall:
    """The iteration call by the rule in this module's docstring, with its reasons."""
    tested = [g for g in goals if g.status != "no_data"]
    ok = [g for g in tested if g.status in ("met", "nearly")]
    missed = [g for g in tested if g.status in ("not_met", "not_significant")]
    improved = sentiment is not None and sentiment.significant and sentiment.estimate > 0
    needs_zh = "、".join(new_needs["need_zh"].astype(str)) if not new_needs.empty else ""
    needs_en = "; ".join(new_needs["need_en"].astype(str)) if not new_needs.empty else ""
    zh: list[str] = []
    en: list[str] = []
    zh.append(f"{len(ok)}/{len(tested)} 个目标达成或接近达成。")
    en.append(f"{len(ok)} of {len(tested)} goals met or nearly met.")
    for g in missed:
        zh.append(f"未达成：{g.reason('zh')}")
        en.append(f"Missed: {g.reason('en')}")
    if sentiment is not None:
        zh.append("顾客情感" + ("显著改善。" if improved else "没有显著改善。"))
        en.append("Customer sentiment " + ("improved significantly." if improved
                                           else "did not improve significantly."))  # fmt: skip
    if not new_needs.empty:
        zh.append(f"上线后出现新需求：{needs_zh}。")
        en.append(f"New needs after launch: {needs_en}.")
    if tested and len(missed) > len(tested) / 2 and not improved:
        kind = IterationType.REBUILD
        zh.append("多数目标未达成且顾客情感未改善，需重新设计方案模式。")
        en.append("Most goals were missed and sentiment did not improve: redesign the approach.")
    elif tested and len(ok) == len(tested):
        kind = IterationType.TWEAK
        zh.append("目标均已达成或接近达成，只需微调细节（话术、时间等）。")
        en.append("All goals are met or nearly met: tweak the details (scripts, timings).")
        if not new_needs.empty:
            zh.append("新需求已记入需求登记表，供下一轮评估。")
            en.append("The new needs go into the register for the next round.")
    elif not new_needs.empty:
        kind = IterationType.UPGRADE
        zh.append("部分目标未达成，且出现了现有方案没有覆盖的新需求，应增加相应服务模块。")
        en.append("Some goals were missed and new needs appeared that the plan does not serve: "
                  "add service modules for them.")  # fmt: skip
    else:
        kind = IterationType.TWEAK
        zh.append("部分目标未达成，但没有新的功能需求，先调整执行细节。")
        en.append("Some goals were missed but nothing new is asked for: adjust the details first.")
    return IterationCall(kind, zh, en)


def evaluate_launch(
    records: pd.DataFrame,
    launch: date | datetime | str,
    goals: Sequence[Goal | Mapping[str, Any]],
    metrics: Mapping[str, MetricSpec],
    *,
    text: pd.DataFrame | None = None,
    treated: TreatedSpec = None,
    unit_col: str | None = None,
    window_days: int | None = None,
    time_col: str = "ts",
    pack: str = "restaurant",
    tags_col: str = "problem_tags",
    sentiment_col: str = "sentiment_score",
    alpha: float = 0.05,
    nearly: float = 0.8,
    min_count: int = 3,
) -> LoopResult:
    """Run the feedback loop on a project's records (and text results) around ``launch``.

    ``metrics`` names how each goal's metric is computed per record: a column (or a key of the
    ``ratings`` dicts) or a function of the frame. ``treated`` picks the launch's group (a
    function of the frame, or ``{"column": ..., "values": [...]}``; "store" uses
    :func:`store_of`); the other records are the control group. ``unit_col`` ("store" or a
    column) gives cluster-robust standard errors by unit.
    """
    if time_col not in records.columns:
        raise InputError(f"records have no {time_col!r} column", column=time_col)
    try:
        start = pd.Timestamp(launch).normalize()
    except (TypeError, ValueError) as exc:
        raise InputError(f"launch date {launch!r} is not a date", column="launch") from exc
    checked = [Goal.parse(g, i) for i, g in enumerate(goals)]
    for g in checked:
        if g.metric not in metrics:
            raise InputError(f"no way to compute metric {g.metric!r}; give it in metrics",
                             column=g.metric)  # fmt: skip
    frame = records.reset_index(drop=True)
    frame = frame.assign(ts=pd.to_datetime(frame[time_col], errors="coerce"))
    pre, post, pre_span, post_span = _windows(frame["ts"], start, window_days)
    group = _mask(frame, treated)
    if group is not None and not (group & (pre | post)).any():
        raise InputError("no records of the treated group around the launch", column="treated")
    if group is not None and (group | ~(pre | post)).all():
        group = None  # no control records: before/after only
    results = [
        check_goal(
            g,
            frame,
            _metric(frame, metrics[g.metric], g.metric),
            pre,
            post,
            group,
            unit_col=unit_col,
            alpha=alpha,
            nearly=nearly,
        )
        for g in checked
    ]
    new_needs = pd.DataFrame()
    sentiment: TestResult | None = None
    if text is not None and not text.empty:
        tx = text.assign(ts=pd.to_datetime(text[time_col], errors="coerce"))
        if "attrs" not in tx.columns and "attrs" in records.columns and "id" in tx.columns:
            tx = tx.merge(records[["id", "attrs"]], on="id", how="left")
        t_pre = (tx["ts"] >= pre_span[0]) & (tx["ts"] < start)
        t_post = (tx["ts"] >= start) & (tx["ts"] < post_span[1])
        t_group = _mask(tx, treated)
        scope = t_group if t_group is not None else pd.Series(True, index=tx.index)
        new_needs = detect_new_needs(tx, t_pre & scope, t_post & scope, pack=pack,
                                     tags_col=tags_col, alpha=alpha, min_count=min_count)  # fmt: skip
        if sentiment_col in tx.columns:
            s = pd.to_numeric(tx[sentiment_col], errors="coerce")
            b, a = s[t_pre & scope].dropna(), s[t_post & scope].dropna()
            if len(b) >= 2 and len(a) >= 2:
                sentiment = mean_change(b, a, alpha=alpha, metric="情感得分 / sentiment")
    call = decide_iteration(results, new_needs, sentiment)
    return LoopResult(start, pre_span, post_span, results, new_needs, sentiment, call)


def candidate_needs(
    new_needs: pd.DataFrame, lang: Lang = "zh", max_evidence: int = 50
) -> list[Need]:
    """The new needs as register candidates (status candidate, quotes and evidence ids)."""
    out = []
    for row in new_needs.to_dict("records"):
        quotes = list(row.get("quotes") or [])
        text = str(row["need_zh" if lang == "zh" else "need_en"])
        suffix = "（上线后新出现）" if lang == "zh" else " (new after launch)"
        out.append(Need(
            dimension=NeedDimension.IMPLICIT, description=text + suffix,
            quote=quotes[0] if quotes else None, status=NeedStatus.CANDIDATE,
            evidence=[int(i) for i in list(row.get("evidence_ids") or [])[:max_evidence]],
        ))  # fmt: skip
    return out


__all__ = [
    "STATUS_LABELS",
    "Goal",
    "GoalCheck",
    "IterationCall",
    "LoopResult",
    "MetricSpec",
    "candidate_needs",
    "check_goal",
    "decide_iteration",
    "detect_new_needs",
    "evaluate_launch",
    "in_stores",
    "repurchase_flags",
    "store_of",
]
