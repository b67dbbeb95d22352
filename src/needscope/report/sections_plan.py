"""Report sections of the service plan: goals (SMART), modules and coverage, Template 3 with the
Gantt chart and budget, value statement and jargon, Template 4 with delays, quality and KPIs.

Each ``*_section`` function takes plain inputs and returns a :class:`Section`, so the proposal
document can reuse them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
import pandas as pd

from needscope.model.vocab import IterationType, Lang, Quality
from needscope.plan.document import Plan
from needscope.plan.modules import modules_frame
from needscope.plan.schedule import gantt_figure, template3_frame, week_dates
from needscope.plan.smart import SmartResult
from needscope.plan.tracking import (
    TrackingStats,
    kpi_frame,
    stats_frame,
    template4_frame,
    tracking_stats,
)
from needscope.plan.value import jargon_frame
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.report.plots_methods import render_block
from needscope.services.feedback import FeedbackRun
from needscope.services.plan import PlanCheck

_MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def no_plan_section(key: str, slug: str, lang: Lang) -> Section:
    """A one-line section saying the project has no plan yet and how to draft one."""
    return Section(key, _t(lang, "服务方案", "Service plan"),
                   [Text(_t(lang, f"项目尚未制定服务方案：运行 needscope plan draft {slug} 生成草案。",
                            f"No service plan yet: run needscope plan draft {slug} for a draft."))])  # fmt: skip


def goals_section(goals: Sequence[SmartResult], lang: Lang = "zh") -> Section:
    """方案目标: each goal with its SMART verdicts, metrics and the reasons."""
    blocks: list[Block] = [Text(_t(
        lang, "按 SMART 原则检查每个目标：具体（指标与对象）、可衡量（数值、单位、基线）、可达成（对照该指标"
              "自身的历史或对标值）、相关（关联到立即执行或计划执行的需求）、有时限。✓ 通过，✗ 未通过，"
              "? 缺少判断所需的数据。",
        "Each goal checked against SMART: specific (metric and object), measurable (number, unit, "
        "baseline), achievable (against the metric's own history or a benchmark), relevant "
        "(linked to a need to do now or to plan), time-bound. ✓ passes, ✗ fails, ? not enough "
        "data to judge."))]  # fmt: skip
    if not goals:
        blocks.append(Text(_t(lang, "方案中还没有目标。", "The plan has no goals yet.")))
        return Section("plan.goals", _t(lang, "方案目标（SMART）", "Goals (SMART)"), blocks)
    head = _t(lang, "目标", "Goal")
    rows = []
    for g in goals:
        row = {head: g.text}
        for c in g.checks:
            row[c.name(lang)] = _MARK[c.status]
        row[_t(lang, "跟踪指标", "Tracked metric")] = "、".join(p.metric for p in g.parts) if (
            lang == "zh") else ", ".join(p.metric for p in g.parts)  # fmt: skip
        rows.append(row)
    blocks.append(Table(pd.DataFrame(rows), caption=_t(lang, "目标检查", "Goal check"),
                        sheet=_t(lang, "方案目标", "Goals")))  # fmt: skip
    reasons = [{head: g.text, _t(lang, "原则", "Letter"): c.name(lang),
                _t(lang, "结论", "Verdict"): _MARK[c.status], _t(lang, "理由", "Reason"): c.reason(lang)}
               for g in goals for c in g.checks]  # fmt: skip
    blocks.append(Table(pd.DataFrame(reasons), caption=_t(lang, "检查理由", "Reasons"),
                        sheet=_t(lang, "目标检查理由", "Goal reasons")))  # fmt: skip
    failed = [f"{g.text}（{'、'.join(c.name(lang) for c in g.checks if c.status == 'fail')}）"
              if lang == "zh" else
              f"{g.text} ({', '.join(c.name(lang) for c in g.checks if c.status == 'fail')})"
              for g in goals if not g.passed]  # fmt: skip
    if failed:
        blocks.insert(1, Text(_t(lang, "需要修改的目标：" + "；".join(failed),
                                 "Goals to revise: " + "; ".join(failed))))  # fmt: skip
    return Section("plan.goals", _t(lang, "方案目标（SMART）", "Goals (SMART)"), blocks)


def modules_section(
    plan: Plan, check: PlanCheck, needs: pd.DataFrame, lang: Lang = "zh"
) -> Section:
    """服务模块: modules by kind, the needs each serves, rule problems and the coverage check."""
    blocks: list[Block] = []
    frame = modules_frame(plan.modules, needs, lang)
    counts = pd.Series([m.kind.label(lang) for m in plan.modules]).value_counts()
    blocks.append(Metrics([(str(k), str(int(v))) for k, v in counts.items()]))
    blocks.append(Table(frame, caption=_t(lang, "服务模块与所服务的需求", "Modules and the needs they serve"),
                        sheet=_t(lang, "服务模块", "Modules")))  # fmt: skip
    if check.rules:
        blocks.append(Text(_t(lang, "模块组合问题：", "Module rule problems: ")
                           + ("；" if lang == "zh" else "; ").join(i.message(lang) for i in check.rules)))  # fmt: skip
    else:
        blocks.append(Text(_t(lang, "模块组合检查通过：所选模块之间没有缺少的依赖或互斥冲突。",
                              "Module rules pass: no missing requirement and no exclusive pair.")))  # fmt: skip
    cov = check.coverage
    if cov.complete:
        n_now = int((needs["priority"] == "now").sum()) if "priority" in needs.columns else 0
        blocks.append(Text(_t(lang, f"覆盖检查通过：{n_now} 项立即执行的需求都有模块服务。",
                              f"Coverage passes: all {n_now} needs to do now are served.")))  # fmt: skip
    else:
        names = ("；" if lang == "zh" else "; ").join(
            f"#{r['id']} {r['description']}" for r in cov.uncovered_now.to_dict("records")
        )
        blocks.append(Text(_t(lang, f"警告：以下立即执行的需求没有模块服务：{names}",
                              f"Warning: these needs to do now are not served by any module: {names}")))  # fmt: skip
    if not cov.uncovered_planned.empty:
        names = ("；" if lang == "zh" else "; ").join(
            f"#{r['id']} {r['description']}" for r in cov.uncovered_planned.to_dict("records")
        )
        blocks.append(Text(_t(lang, f"计划执行但尚无模块的需求：{names}",
                              f"Needs to plan with no module yet: {names}")))  # fmt: skip
    return Section("plan.modules", _t(lang, "服务模块", "Service modules"), blocks)


def schedule_section(plan: Plan, check: PlanCheck, lang: Lang = "zh") -> Section:
    """服务方案执行计划表 (Template 3), critical path, Gantt chart and budget against the limit."""
    blocks: list[Block] = []
    cpm = check.cpm
    finish = int(cpm["ef"].max()) if len(cpm) else 0
    tiles = [(_t(lang, "任务数", "Tasks"), str(len(plan.tasks))),
             (_t(lang, "关键路径工期", "Critical path length"), _t(lang, f"{finish} 周", f"{finish} weeks")),
             (_t(lang, "预算合计（元）", "Budget total (yuan)"), f"{check.budget.total:,.0f}")]  # fmt: skip
    if check.budget.limit is not None:
        tiles.append(
            (_t(lang, "预算上限（元）", "Budget limit (yuan)"), f"{check.budget.limit:,.0f}")
        )
    blocks.append(Metrics(tiles))
    if plan.start is not None:
        end = week_dates(finish, plan.start)[1] if finish else plan.start
        blocks.append(Text(_t(lang, f"第1周从 {plan.start} 开始；关键路径上的任务在 {end} 前完成。",
                              f"Week 1 starts on {plan.start}; the critical path ends by {end}.")))  # fmt: skip
    blocks.append(Text(check.budget.message(lang)))
    if check.deadline_note:
        blocks.append(Text(check.deadline_note[0 if lang == "zh" else 1]))
    blocks.append(Table(template3_frame(plan.tasks, lang),
                        caption=_t(lang, "服务方案执行计划表（模板3）", "Service plan schedule (Template 3)"),
                        sheet=_t(lang, "执行计划表", "Template 3")))  # fmt: skip
    crit = [str(i) for i in cpm[cpm["critical"]].sort_values("es")["id"]] if len(cpm) else []
    if len(plan.tasks):
        blocks.append(render_block(partial(gantt_figure, plan.tasks, start=plan.start,
                                           weeks=plan.weeks, critical=crit, lang=lang),
                                   _t(lang, "甘特图（红框为关键路径）", "Gantt chart (red outline: critical path)")))  # fmt: skip
    if len(cpm):
        names = {t.id: f"{t.module} · {t.content}" for t in plan.tasks}
        shown = pd.DataFrame({
            _t(lang, "任务", "Task"): [names[i] for i in cpm["id"]],
            _t(lang, "工期(周)", "Weeks"): cpm["duration"].astype(int),
            _t(lang, "最早开始", "Earliest start"): (cpm["es"] + 1).astype(int),
            _t(lang, "最晚开始", "Latest start"): (cpm["ls"] + 1).astype(int),
            _t(lang, "浮动时间(周)", "Slack (weeks)"): cpm["slack"].round(2),
            _t(lang, "关键路径", "Critical"): np.where(cpm["critical"], "✓", ""),
        })  # fmt: skip
        blocks.append(Table(shown, caption=_t(lang, "关键路径（CPM，按周；开始周为第几周）",
                                              "Critical path (CPM, in weeks; start = week number)"),
                            sheet=_t(lang, "关键路径", "Critical path")))  # fmt: skip
    if check.dependencies:
        blocks.append(Text(_t(lang, "时间安排问题：", "Scheduling problems: ")
                           + ("；" if lang == "zh" else "; ").join(d.message(lang) for d in check.dependencies)))  # fmt: skip
    if check.budget.by_module:
        data = pd.DataFrame({"module": list(check.budget.by_module),
                             "budget": list(check.budget.by_module.values())})  # fmt: skip
        blocks.append(Chart("barh", data.sort_values("budget", ascending=False), "module", ["budget"],
                            title=_t(lang, "各模块预算（元）", "Budget by module (yuan)")))  # fmt: skip
    return Section("plan.schedule", _t(lang, "执行计划与预算", "Schedule and budget"), blocks)


def value_section(plan: Plan, check: PlanCheck, lang: Lang = "zh") -> Section:
    """方案价值呈现: the statement (the plan's own or a draft) and jargon to replace."""
    blocks: list[Block] = []
    if plan.statement:
        blocks.append(Text(plan.statement))
    elif check.value is not None:
        blocks.append(Text(_t(lang, "（草稿，由目标与需求证据自动生成，可在方案中改写）",
                              "(Draft from the goals and the needs' evidence; edit it in the plan.)")))  # fmt: skip
        blocks.append(Text(check.value.text))
    if check.jargon:
        blocks.append(Text(_t(lang, f"术语检查：发现 {len(check.jargon)} 处客户可能听不懂的说法，建议改用下表中的说法。",
                              f"Jargon check: {len(check.jargon)} terms the client may not follow; "
                              "say it as in the table.")))  # fmt: skip
        blocks.append(Table(jargon_frame(check.jargon, lang),
                            caption=_t(lang, "术语与通俗说法", "Jargon and plain wording"),
                            sheet=_t(lang, "术语检查", "Jargon")))  # fmt: skip
    else:
        blocks.append(Text(_t(lang, "术语检查：方案文字中没有发现行业术语。",
                              "Jargon check: no jargon found in the plan's wording.")))  # fmt: skip
    return Section("plan.value", _t(lang, "方案价值呈现", "What the plan is worth to you"), blocks)


def tracking_section(
    plan: Plan,
    stats: TrackingStats | None,
    kpis: pd.DataFrame,
    basis: dict[str, str] | None = None,
    lang: Lang = "zh",
) -> Section:
    """服务执行进度跟踪表 (Template 4), delay and quality statistics, KPIs against targets."""
    blocks: list[Block] = []
    if stats is None or not plan.tracking:
        blocks.append(Text(_t(lang, "尚无执行跟踪记录（needscope plan track 或导入模板4）。",
                              "No tracking rows yet (needscope plan track, or import Template 4).")))  # fmt: skip
    else:
        pct = "–" if np.isnan(stats.on_time_rate) else f"{100 * stats.on_time_rate:.0f}%"
        mean = "–" if np.isnan(stats.mean_delay) else f"{stats.mean_delay:+.1f}"
        blocks.append(Metrics([
            (_t(lang, "已完成/任务", "Done / tasks"), f"{stats.n_done}/{stats.n_tasks}"),
            (_t(lang, "按时完成率", "On-time rate"), pct),
            (_t(lang, "平均延误（天）", "Mean delay (days)"), mean),
            (_t(lang, "已逾期未完成", "Overdue"), str(stats.n_overdue)),
        ]))  # fmt: skip
        blocks.append(Text(_t(lang, "延误天数 = 实际完成日 − 计划完成日（负数为提前）；按时完成率 = 按时或提前完成的任务 ÷ 已完成任务。",
                              "Delay = actual − planned completion in days (negative: early); on-time "
                              "rate = tasks done on or before the planned date ÷ tasks done.")))  # fmt: skip
        blocks.append(Table(template4_frame(plan.tracking, lang),
                            caption=_t(lang, "服务执行进度跟踪表（模板4）", "Service execution tracking (Template 4)"),
                            sheet=_t(lang, "进度跟踪表", "Template 4")))  # fmt: skip
        blocks.append(Table(stats_frame(stats, lang), caption=_t(lang, "延误与状态", "Delays and status"),
                            sheet=_t(lang, "延误统计", "Delays")))  # fmt: skip
        q = pd.DataFrame({"quality": [Quality.of(k).label(lang) for k in stats.quality],
                          "n": list(stats.quality.values())})  # fmt: skip
        if q["n"].sum() > 0:
            blocks.append(Chart("bar", q, "quality", ["n"],
                                title=_t(lang, "完成质量分布", "Quality of completed tasks")))  # fmt: skip
    if kpis.empty:
        blocks.append(
            Text(
                _t(lang, "目标指标暂无可计算的数据。", "No data yet to compute the goals' metrics.")
            )
        )
    for metric, part in kpis.groupby("metric", sort=False):
        value = _t(lang, "实际", "Actual")
        target = _t(lang, "目标", "Target")
        data = pd.DataFrame({"period": part["period"].to_numpy(), value: part["value"].to_numpy()})
        ys = [value]
        if part["target"].notna().any():
            data[target] = part["target"].to_numpy(dtype=float)
            ys.append(target)
        how = (basis or {}).get(str(metric), "")
        blocks.append(Chart("line", data, "period", ys, title=f"{metric}：{how}" if lang == "zh"
                            else f"{metric}: {how}"))  # fmt: skip
    if plan.start is not None and not kpis.empty:
        blocks.append(Text(_t(lang, f"方案自 {plan.start} 开始执行；此前为基线期。",
                              f"The plan started on {plan.start}; earlier periods are the baseline.")))  # fmt: skip
    return Section(
        "plan.tracking", _t(lang, "执行跟踪与目标指标", "Tracking and goal metrics"), blocks
    )


def plan_kpis(
    plan: Plan, check: PlanCheck, data: object, lang: Lang = "zh"
) -> tuple[pd.DataFrame, dict[str, str]]:
    """KPI series of the plan's goal parts (empty when there is no data)."""
    parts = [p for g in check.goals for p in g.parts if p.metric_key]
    if data is None or not parts:
        return pd.DataFrame(columns=["metric", "period", "value", "target"]), {}
    return kpi_frame(parts, data, start=plan.start, lang=lang)  # type: ignore[arg-type]


def stats_of(plan: Plan) -> TrackingStats | None:
    """Tracking statistics of the plan (None without rows)."""
    return tracking_stats(plan.tracking) if plan.tracking else None


def _p_text(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def feedback_goals_frame(run: FeedbackRun, lang: Lang = "zh") -> pd.DataFrame:
    """Goal achievement: metric, target, before, after, change with its interval, p, verdict."""
    from needscope.plan.stats import METHOD_LABELS

    rows = []
    for g in run.result.goals:
        test = g.effect
        scale = 100.0 if test is not None and test.unit == "%" and g.goal.unit == "%" else 1.0
        op = "≥" if g.goal.direction == "up" else "≤"
        unit = g.goal.unit
        before = test.before * scale if test is not None else np.nan
        rows.append({
            _t(lang, "指标", "Metric"): g.goal.metric,
            _t(lang, "目标", "Target"): f"{op}{g.goal.target:g}{unit if unit == '%' else ' ' + unit}".strip(),
            _t(lang, "上线前", "Before"): round(before, 2),
            _t(lang, "上线后", "After"): round(g.level, 2) if np.isfinite(g.level) else np.nan,
            _t(lang, "变化", "Change"): round(test.estimate * scale, 2) if test else np.nan,
            _t(lang, "95% 区间", "95% CI"): (f"{test.ci_low * scale:.2f} ~ {test.ci_high * scale:.2f}"
                                           if test else ""),
            _t(lang, "p 值", "p-value"): _p_text(test.p_value) if test else "",
            _t(lang, "检验", "Test"): METHOD_LABELS[test.method][lang] if test else "",
            _t(lang, "结论", "Verdict"): g.label(lang),
        })  # fmt: skip
    return pd.DataFrame(rows)


def feedback_section(run: FeedbackRun, lang: Lang = "zh") -> Section:
    """上线效果与迭代: goal achievement (before/after, difference-in-differences), the treated vs
    control means, new needs with quotes, and the iteration call with its reasons."""
    res, spec = run.result, run.launch
    post_end = (res.post[1] - pd.Timedelta(days=1)).date()
    pre = f"{res.pre[0].date()} – {res.pre[1].date()}"
    post = f"{res.post[0].date()} – {post_end}"
    sep = "、" if lang == "zh" else ", "
    if spec.treated:
        others = (
            sep.join(spec.control) if spec.control else _t(lang, "其余门店", "the other stores")
        )
        who = _t(
            lang,
            f"实施范围：{sep.join(spec.treated)}；对照：{others}。",
            f"Launched in: {sep.join(spec.treated)}; compared with: {others}.",
        )
    else:
        who = _t(lang, "没有对照组，按上线前后比较。", "No control group: before vs after.")
    blocks: list[Block] = [Text(_t(
        lang, f"{spec.title('zh')}于 {spec.date} 上线。{who}上线前 {pre} 与上线后 {post} 两段等长时间比较。",
        f"{spec.title('en')} went live on {spec.date}. {who} Compared: {pre} before and {post} "
        "after, windows of equal length."))]  # fmt: skip
    tested = [g for g in res.goals if g.status != "no_data"]
    ok = [g for g in tested if g.status in ("met", "nearly")]
    call: IterationType = res.iteration.type
    blocks.append(Metrics([
        (_t(lang, "目标达成/接近达成", "Goals met or nearly met"), f"{len(ok)}/{len(tested)}"),
        (_t(lang, "新出现的需求", "New needs"), str(len(res.new_needs))),
        (_t(lang, "迭代建议", "Iteration call"), call.label(lang)),
    ]))  # fmt: skip
    blocks.append(Table(feedback_goals_frame(run, lang),
                        caption=_t(lang, "目标达成检验", "Goal achievement"),
                        sheet=_t(lang, "目标达成", "Goals")))  # fmt: skip
    for g in res.goals:
        how = run.basis(g.goal.metric)
        blocks.append(Text(g.reason(lang) + (_t(lang, f"（口径：{how}）", f" (measured as: {how})")
                                             if how else "")))  # fmt: skip
        if g.did is not None and g.did.extra.get("pre_trend") is not None:
            blocks.append(Text(g.did.extra["pre_trend"].sentence(lang)))
    did = run.did_frame()
    before, after = _t(lang, "上线前", "Before"), _t(lang, "上线后", "After")
    for metric, part in did.groupby("metric", sort=False):
        unit = next((g.goal.unit for g in res.goals if g.goal.metric == metric), "")
        data = pd.DataFrame({"group": part["group"].to_numpy(), before: part["before"].to_numpy(),
                             after: part["after"].to_numpy()})  # fmt: skip
        blocks.append(Chart("bar", data, "group", [before, after], ylabel=unit,
                            title=_t(lang, f"{metric}：实施门店与对照门店上线前后均值",
                                     f"{metric}: launch and control groups, before and after")))  # fmt: skip
    for skipped in run.skipped:
        blocks.append(Text(_t(lang, f"未检验：{skipped[0]}——{skipped[1]}",
                              f"Not tested: {skipped[0]} — {skipped[2]}")))  # fmt: skip
    if res.sentiment is not None:
        blocks.append(Text(res.sentiment.sentence(lang).replace("情感得分 / sentiment",
                                                                _t(lang, "顾客情感得分", "Customer sentiment"))))  # fmt: skip
    if res.new_needs.empty:
        blocks.append(Text(_t(lang, "上线后没有发现明显增多或新出现的顾客问题。",
                              "No customer issue rose or appeared after the launch.")))  # fmt: skip
    else:
        blocks.append(Text(_t(lang, "上线后明显增多或新出现的顾客问题（单侧两比例 z 检验；上线前从未出现、上线后至少 3 次也计入）：",
                              "Customer issues that rose or appeared after the launch (one-sided "
                              "two-proportion z-test; also issues never seen before and seen 3+ "
                              "times after):")))  # fmt: skip
        shown = res.needs_frame(lang).iloc[:, :-1].copy()
        p_col = shown.columns[5]
        shown[p_col] = [_p_text(float(v)) for v in shown[p_col]]
        blocks.append(Table(shown, caption=_t(lang, "新需求", "New needs"),
                            sheet=_t(lang, "新需求", "New needs")))  # fmt: skip
        for row in res.new_needs.to_dict("records"):
            need = row["need_zh" if lang == "zh" else "need_en"]
            quotes = ("；" if lang == "zh" else "; ").join(
                f"“{q}”" for q in list(row["quotes"])[:2]
            )
            blocks.append(Text(f"{need}：{quotes}" if lang == "zh" else f"{need}: {quotes}"))
        if run.written:
            blocks.append(Text(_t(lang, f"已作为候选需求写入需求登记表（{len(run.written)} 条），待确认。",
                                  f"Added to the register as {len(run.written)} candidate needs to confirm.")))  # fmt: skip
    blocks.append(
        Text(_t(lang, f"迭代建议：{call.label(lang)}。", f"Iteration call: {call.label(lang)}."))
    )
    blocks.append(Text("\n".join(f"• {r}" for r in res.iteration.reasons(lang))))
    return Section("plan.feedback", _t(lang, "上线效果与迭代建议", "After the launch: results and next step"),
                   blocks)  # fmt: skip


def no_launch_section(slug: str, lang: Lang, why: str = "") -> Section:
    """A section saying there is no launch to check yet and how to record one."""
    text = _t(lang, f"尚无可检验的上线：在方案中记录上线日期与实施门店（launch），或运行 needscope plan feedback {slug} --launch 日期。",
              f"No launch to check yet: record its date and stores in the plan (launch), or run "
              f"needscope plan feedback {slug} --launch DATE.")  # fmt: skip
    blocks: list[Block] = [Text(text)]
    if why:
        blocks.append(Text(_t(lang, f"无法检验：{why}", f"Cannot check: {why}")))
    return Section("plan.feedback", _t(lang, "上线效果与迭代建议", "After the launch: results and next step"),
                   blocks)  # fmt: skip


__all__ = [
    "feedback_goals_frame",
    "feedback_section",
    "goals_section",
    "modules_section",
    "no_launch_section",
    "no_plan_section",
    "plan_kpis",
    "schedule_section",
    "stats_of",
    "tracking_section",
    "value_section",
]
