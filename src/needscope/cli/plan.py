"""``needscope plan``: goals, modules, execution plan, tracking, proposal, feedback loop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from needscope.cli.common import out, print_table, state, t, user_errors
from needscope.errors import InputError
from needscope.model.vocab import Lang

plan_app = typer.Typer(
    help="Service plan, proposal, tracking and the feedback loop. 服务方案、跟踪与迭代。",
    no_args_is_help=True,
)

LangOpt = Annotated[str | None, typer.Option("--lang", help="zh|en")]
ProjectArg = Annotated[str, typer.Argument(help="Project name.")]


def _lg(ctx: typer.Context, lang: str | None) -> Lang:
    st = state(ctx)
    if lang in ("zh", "en"):
        st.lang = "zh" if lang == "zh" else "en"
    elif lang is not None:
        raise typer.BadParameter("--lang takes zh or en")
    return "zh" if st.lang == "zh" else "en"


def _print_smart(result: object, lg: Lang) -> None:
    from needscope.plan.smart import SmartResult

    assert isinstance(result, SmartResult)
    rows = result.frame(lg).to_dict("records")
    print_table([{t(lg, "原则", "letter"): r["letter"], t(lg, "结论", "verdict"): r["status"],
                  t(lg, "理由", "reason"): r["reason"]} for r in rows], title=result.text)  # fmt: skip
    verdict = (t(lg, "通过", "passes") if result.complete else
               t(lg, "无明显问题（部分原则缺少数据无法判断）", "no failure (some letters lack data)")
               if result.passed else t(lg, "未通过", "fails"))  # fmt: skip
    out.print(t(lg, f"SMART 检查：{verdict}", f"SMART check: {verdict}"), highlight=False)


@plan_app.command("check-goal")
def check_goal_cmd(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The goal, e.g. 上菜时间从18分钟缩短至12分钟，30天内.")],
    project: Annotated[str | None, typer.Option("--project", help="Check against a project's "
                                                "needs and data.")] = None,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """SMART check of a goal, with reasons. 目标 SMART 检查。"""
    lg = _lg(ctx, lang)
    with user_errors():
        if project:
            from needscope.services.plan import check_project_goal

            result = check_project_goal(state(ctx).workspace().store, project, text, lg)
        else:
            from needscope.plan.smart import check_goal

            result = check_goal(text, lang=lg)
    _print_smart(result, lg)
    if not result.passed:
        raise typer.Exit(1)


@plan_app.command("draft")
def draft_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    start: Annotated[str | None, typer.Option("--start", help="Week 1 starts on (YYYY-MM-DD).")] = None,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Draft and save a plan from the prioritised needs. 生成方案草案。"""
    lg = _lg(ctx, lang)
    with user_errors():
        from needscope.plan.schedule import parse_date
        from needscope.services.plan import draft_plan

        day = parse_date(start, "--start") if start else None
        plan = draft_plan(state(ctx).workspace().store, project, start=day, lang=lg)
    out.print(t(lg, f"已保存方案草案：{len(plan.modules)} 个模块，{len(plan.tasks)} 项任务，第1周从 {plan.start} 开始",
                f"saved a draft plan: {len(plan.modules)} modules, {len(plan.tasks)} tasks, week 1 "
                f"starts on {plan.start}"), highlight=False)  # fmt: skip


@plan_app.command("show")
def show_cmd(ctx: typer.Context, project: ProjectArg, lang: LangOpt = None) -> None:
    """Show the plan and its checks. 查看方案。"""
    lg = _lg(ctx, lang)
    with user_errors():
        from needscope.plan.schedule import template3_frame
        from needscope.services.plan import plan_check

        plan, check = plan_check(state(ctx).workspace().store, project, lg)
    for g in check.goals:
        marks = " ".join(f"{c.letter}{'✓' if c.status == 'pass' else '✗' if c.status == 'fail' else '?'}"
                         for c in g.checks)  # fmt: skip
        out.print(f"{t(lg, '目标', 'goal')}: {g.text}  [{marks}]", highlight=False)
    print_table([{str(k): ("" if v is None else v) for k, v in r.items()}
                 for r in template3_frame(plan.tasks, lg).to_dict("records")],
                title=t(lg, "服务方案执行计划表", "Service plan schedule"))  # fmt: skip
    crit = (
        check.cpm[check.cpm["critical"]].sort_values("es")["id"].tolist() if len(check.cpm) else []
    )
    out.print(t(lg, "关键路径：", "critical path: ") + " → ".join(crit), highlight=False)
    out.print(check.budget.message(lg), highlight=False)
    for issue in check.rules:
        out.print(issue.message(lg), highlight=False)
    for dep in check.dependencies:
        out.print(dep.message(lg), highlight=False)
    if check.coverage.complete:
        out.print(t(lg, "立即执行的需求均已覆盖", "every need to do now is served"))
    else:
        names = ", ".join(f"#{r['id']} {r['description']}"
                          for r in check.coverage.uncovered_now.to_dict("records"))  # fmt: skip
        out.print(t(lg, f"未覆盖的立即执行需求：{names}", f"needs to do now not served: {names}"),
                  highlight=False)  # fmt: skip
    if plan.tracking:
        from needscope.plan.tracking import tracking_stats

        stats = tracking_stats(plan.tracking)
        out.print(t(lg, f"跟踪：{stats.n_done}/{stats.n_tasks} 已完成，按时率 {stats.on_time_rate:.0%}，平均延误 {stats.mean_delay:.1f} 天",
                    f"tracking: {stats.n_done}/{stats.n_tasks} done, on time {stats.on_time_rate:.0%}, "
                    f"mean delay {stats.mean_delay:.1f} days"), highlight=False)  # fmt: skip


@plan_app.command("import")
def import_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    template3: Annotated[Path | None, typer.Option("--template3", help="Template 3 file (XLSX/CSV).")] = None,
    template4: Annotated[Path | None, typer.Option("--template4", help="Template 4 file (XLSX/CSV).")] = None,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Import Template 3 (tasks) or Template 4 (tracking). 导入模板3/模板4。"""
    lg = _lg(ctx, lang)
    with user_errors():
        if (template3 is None) == (template4 is None):
            raise InputError("give one of --template3 or --template4")
        from needscope.services.plan import import_template3, import_template4

        store = state(ctx).workspace().store
        if template3 is not None:
            plan = import_template3(store, project, template3)
            msg = t(lg, f"已导入 {len(plan.tasks)} 项任务", f"imported {len(plan.tasks)} tasks")
        else:
            assert template4 is not None
            plan = import_template4(store, project, template4)
            msg = t(
                lg,
                f"跟踪表共 {len(plan.tracking)} 行",
                f"tracking now has {len(plan.tracking)} rows",
            )
    out.print(msg, highlight=False)


@plan_app.command("export")
def export_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    out_path: Annotated[Path, typer.Option("--out", help="XLSX, CSV or JSON file to write.")],
    template3: Annotated[bool, typer.Option("--template3", help="Write Template 3.")] = False,
    template4: Annotated[bool, typer.Option("--template4", help="Write Template 4.")] = False,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Export Template 3 or Template 4 with the seed's headers. 导出模板3/模板4。"""
    lg = _lg(ctx, lang)
    with user_errors():
        if template3 == template4:
            raise InputError("give one of --template3 or --template4")
        from needscope.services.plan import export_template3, export_template4

        store = state(ctx).workspace().store
        write = export_template3 if template3 else export_template4
        path = write(store, project, out_path, lg)
    out.print(t(lg, f"已写入 {path}", f"wrote {path}"), highlight=False)


@plan_app.command("track")
def track_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    task: Annotated[str, typer.Option("--task", help="Task name or id.")],
    actual: Annotated[str | None, typer.Option("--actual", help="Actual completion (YYYY-MM-DD).")] = None,
    quality: Annotated[str | None, typer.Option("--quality", help="优/良/中/差 or excellent/good/fair/poor.")] = None,
    problem: Annotated[str, typer.Option("--problem", help="问题描述.")] = "",
    fix: Annotated[str, typer.Option("--fix", help="解决措施.")] = "",
    planned: Annotated[str | None, typer.Option("--planned", help="Planned completion (default: from the plan).")] = None,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Record a task's completion in Template 4. 记录执行进度。"""
    lg = _lg(ctx, lang)
    with user_errors():
        from needscope.services.plan import add_tracking

        row = add_tracking(state(ctx).workspace().store, project, task, actual=actual,
                           quality=quality, problem=problem, fix=fix, planned=planned)  # fmt: skip
    delay = row.delay_days
    shown = "" if delay is None else t(lg, f"，延误 {delay} 天", f", delay {delay} days")
    out.print(t(lg, f"已记录：{row.task}（计划 {row.planned}）{shown}",
                f"recorded: {row.task} (planned {row.planned}){shown}"), highlight=False)  # fmt: skip


@plan_app.command("gantt")
def gantt_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    out_path: Annotated[Path, typer.Option("--out", help="PNG or SVG file to write.")],
    lang: LangOpt = None,
) -> None:
    """Draw the Gantt chart (critical path highlighted). 甘特图。"""
    lg = _lg(ctx, lang)
    with user_errors():
        from needscope.plan.schedule import critical_path, gantt_figure
        from needscope.report.plots_methods import render_png, render_svg
        from needscope.services.plan import require_plan

        suffix = out_path.suffix.lower()
        if suffix not in (".png", ".svg"):
            raise InputError(f"cannot write {out_path.name}: use .png or .svg")
        plan = require_plan(state(ctx).workspace().store, project)
        if not plan.tasks:
            raise InputError("the plan has no tasks")
        cpm = critical_path(plan.tasks)
        crit = [str(i) for i in cpm[cpm["critical"]]["id"]]

        def make() -> object:
            return gantt_figure(plan.tasks, start=plan.start, weeks=plan.weeks, critical=crit,
                                lang=lg)  # fmt: skip

        out_path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".png":
            out_path.write_bytes(render_png(make, dpi=200))  # type: ignore[arg-type]
        else:
            out_path.write_text(render_svg(make), encoding="utf-8")  # type: ignore[arg-type]
    out.print(t(lg, f"已写入 {out_path}", f"wrote {out_path}"), highlight=False)


@plan_app.command("value")
def value_cmd(ctx: typer.Context, project: ProjectArg, lang: LangOpt = None) -> None:
    """Value statement in the client's words, with jargon flags. 方案价值呈现。"""
    lg = _lg(ctx, lang)
    with user_errors():
        from needscope.services.plan import plan_check

        plan, check = plan_check(state(ctx).workspace().store, project, lg)
    text = plan.statement or (check.value.text if check.value else "")
    out.print(text, highlight=False)
    if check.jargon or (check.value and check.value.jargon):
        hits = [*check.jargon, *(check.value.jargon if check.value and not plan.statement else [])]
        print_table([{t(lg, "位置", "where"): h.where, t(lg, "术语", "term"): h.found,
                      t(lg, "建议改为", "say instead"): h.plain()} for h in hits],
                    title=t(lg, "术语检查", "Jargon"))  # fmt: skip
    else:
        out.print(t(lg, "术语检查：未发现行业术语", "jargon check: none found"))


@plan_app.command("jargon")
def jargon_cmd(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Text to check, e.g. 构建SaaS化服务中台.")],
    lang: LangOpt = None,
) -> None:
    """Flag jargon and offer plain wording. 术语检查。"""
    lg = _lg(ctx, lang)
    from needscope.plan.value import check_jargon, plain_text

    hits = check_jargon(text)
    if not hits:
        out.print(t(lg, "未发现行业术语", "no jargon found"))
        return
    print_table([{t(lg, "术语", "term"): h.found, t(lg, "建议改为", "say instead"): h.plain()}
                 for h in hits])  # fmt: skip
    out.print(t(lg, "改写：", "plain version: ") + plain_text(text, hits), highlight=False)


@plan_app.command("feedback")
def feedback_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    launch: Annotated[str | None, typer.Option("--launch", help="Launch date YYYY-MM-DD (default: the plan's).")] = None,
    treated: Annotated[str | None, typer.Option("--treated", help='Launch group, e.g. "store=南京南站店|江北新区店".')] = None,
    window_days: Annotated[int | None, typer.Option("--window-days", help="Days after the launch day to compare (default: to the last record).")] = None,
    write_needs: Annotated[bool, typer.Option("--write-needs", help="Add the new needs to the register as candidates.")] = False,
    out_path: Annotated[Path | None, typer.Option("--out", help="XLSX file for the results.")] = None,
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Check the launch against the goals; new needs; iteration call. 上线效果检验与迭代建议。"""
    import pandas as pd

    lg = _lg(ctx, lang)
    with user_errors():
        from needscope.report.sections_plan import feedback_goals_frame, feedback_section
        from needscope.services.feedback import run_feedback

        if out_path is not None and out_path.suffix.lower() != ".xlsx":
            raise InputError(f"cannot write {out_path.name}: use .xlsx", column="--out")
        run = run_feedback(state(ctx).workspace().store, project, launch=launch, treated=treated,
                           window_days=window_days, write_needs=write_needs, lang=lg)  # fmt: skip
        if out_path is not None:
            from needscope.report.xlsx import write_workbook

            out_path.parent.mkdir(parents=True, exist_ok=True)
            write_workbook(out_path, [feedback_section(run, lg)], lg)
    res = run.result
    post_end = (res.post[1] - pd.Timedelta(days=1)).date()
    name = run.launch.title(lg)
    when = (
        t(lg, f"（{run.launch.date}）", f" ({run.launch.date})")
        if name != str(run.launch.date)
        else ""
    )
    out.print(t(lg, f"上线：{name}{when}；上线前 {res.pre[0].date()}–{res.pre[1].date()}，上线后 {res.post[0].date()}–{post_end}",
                f"launch: {name}{when}; before {res.pre[0].date()}–"
                f"{res.pre[1].date()}, after {res.post[0].date()}–{post_end}"), highlight=False)  # fmt: skip
    print_table([{str(k): ("" if v != v else v) for k, v in r.items()}
                 for r in feedback_goals_frame(run, lg).to_dict("records")],
                title=t(lg, "目标达成检验", "Goal achievement"))  # fmt: skip
    for g in res.goals:
        out.print(g.reason(lg), highlight=False)
    for text, zh, en in run.skipped:
        out.print(t(lg, f"未检验：{text}——{zh}", f"not tested: {text} — {en}"), highlight=False)
    if res.new_needs.empty:
        out.print(t(lg, "新需求：无", "new needs: none"))
    else:
        rows = res.needs_frame(lg).to_dict("records")
        print_table([{str(k): v for k, v in r.items()} for r in rows],
                    title=t(lg, "上线后的新需求", "New needs after the launch"))  # fmt: skip
        if write_needs:
            out.print(t(lg, f"已写入需求登记表的候选需求：{len(run.written)} 条（已存在的不重复写入）",
                        f"candidate needs added to the register: {len(run.written)} (ones already "
                        "there are not added again)"), highlight=False)  # fmt: skip
    call = res.iteration
    out.print(t(lg, f"迭代建议：{call.type.label(lg)}", f"iteration call: {call.type.label(lg)}"),
              highlight=False)  # fmt: skip
    for reason in call.reasons(lg):
        out.print(f"  - {reason}", highlight=False)
    if out_path is not None:
        out.print(t(lg, f"已写入 {out_path}", f"wrote {out_path}"), highlight=False)


@plan_app.command("proposal")
def proposal_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for proposal.docx and proposal.pdf.")],
    lang: LangOpt = None,
) -> None:  # fmt: skip
    """Write the proposal document (DOCX and PDF). 生成方案建议书。"""
    lg = _lg(ctx, lang)
    with user_errors():
        from needscope.services.proposal import write_proposal

        result = write_proposal(state(ctx).workspace().store, project, out_dir, lang=lg)
    for path, seconds in ((result.docx, result.seconds_docx), (result.pdf, result.seconds_pdf)):
        out.print(f"{path}  ({seconds:.1f} s)", highlight=False)
    out.print(t(lg, f"内容生成 {result.seconds_build:.1f} s，共 {result.seconds:.1f} s",
                f"content built in {result.seconds_build:.1f} s, {result.seconds:.1f} s in all"),
              highlight=False)  # fmt: skip
    for note in result.notes:
        out.print(note, highlight=False)


__all__ = ["plan_app"]
