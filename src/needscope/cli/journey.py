"""``needscope journey``: touchpoint inventory, journey maps, blueprints, personas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
import typer

from needscope.cli.common import out, print_table, state, t, user_errors
from needscope.errors import InputError

journey_app = typer.Typer(
    help="Touchpoints, journey maps and service blueprints. 服务触点、客户旅程图与服务蓝图。",
    no_args_is_help=True,
)

ProjectArg = Annotated[str, typer.Argument(help="Project name. 项目名")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="zh|en")]
SegmentOpt = Annotated[
    str | None,
    typer.Option(
        "--segment",
        help="Only records of a segment, e.g. store_type=新店, tier=金卡, rfm=at_risk. 细分",
    ),
]
SHOWN = ("stage", "touchpoint", "n", "complaint_share", "sentiment_mean", "csat", "importance",
         "opportunity", "mot", "fail_point", "wait_point")  # fmt: skip


def _lg(ctx: typer.Context, lang: str | None) -> Literal["zh", "en"]:
    st = state(ctx)
    if lang in ("zh", "en"):
        st.lang = "zh" if lang == "zh" else "en"
    elif lang is not None:
        raise typer.BadParameter("--lang takes zh or en")
    return st.lang


@journey_app.command("init")
def init(
    ctx: typer.Context,
    project: ProjectArg,
    force: Annotated[bool, typer.Option(help="Replace a saved journey. 覆盖已有旅程")] = False,
    lang: LangOpt = None,
) -> None:
    """Save the industry's default journey for the project. 保存行业默认旅程。"""
    from needscope.services.journey import init_journey

    lg = _lg(ctx, lang)
    with user_errors():
        journey = init_journey(state(ctx).workspace().store, project, force=force)
    out.print(
        t(
            lg,
            f"已保存默认旅程：{len(journey.stages)} 个阶段、{len(journey.touchpoints)} 个触点",
            f"saved the default journey: {len(journey.stages)} stages, "
            f"{len(journey.touchpoints)} touchpoints",
        )
    )


@journey_app.command("export")
def export(
    ctx: typer.Context,
    project: ProjectArg,
    out_file: Annotated[Path, typer.Option("--out", help="journey.yaml or .json. 输出文件")],
    lang: LangOpt = None,
) -> None:
    """Write the project's journey as YAML or JSON. 导出旅程（YAML/JSON）。"""
    from needscope.services.journey import export_journey

    lg = _lg(ctx, lang)
    with user_errors():
        path = export_journey(state(ctx).workspace().store, project, out_file)
    out.print(t(lg, f"已写入 {path}", f"wrote {path}"), highlight=False)


@journey_app.command("import")
def import_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    file: Annotated[Path, typer.Argument(help="journey.yaml or .json. 旅程文件")],
    lang: LangOpt = None,
) -> None:
    """Validate a journey file and store it (nothing is stored on error). 导入旅程。"""
    from needscope.services.journey import import_journey

    lg = _lg(ctx, lang)
    with user_errors():
        journey = import_journey(state(ctx).workspace().store, project, file)
    out.print(
        t(
            lg,
            f"已导入旅程：{len(journey.stages)} 个阶段、{len(journey.touchpoints)} 个触点",
            f"imported the journey: {len(journey.stages)} stages, "
            f"{len(journey.touchpoints)} touchpoints",
        )
    )


@journey_app.command("touchpoints")
def touchpoints(
    ctx: typer.Context,
    project: ProjectArg,
    segment: SegmentOpt = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the full table (.csv/.xlsx). 导出表格")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Score every touchpoint from the records. 触点评估表。"""
    from needscope.journey.tables import header, touchpoint_frame
    from needscope.services.journey import evaluate_project

    lg = _lg(ctx, lang)
    with user_errors():
        evaluation = evaluate_project(
            state(ctx).workspace().store, project, segment=segment, lang=lg
        )
        if out_file is not None:
            _write(touchpoint_frame(evaluation, lg), out_file)
    raw = touchpoint_frame(evaluation, lg, raw=True)
    shown = raw[list(SHOWN)].rename(columns={c: header(c, lg) for c in SHOWN})
    title = t(lg, "触点评估", "Touchpoint evaluation")
    if evaluation.segment.label(lg):
        title += f" · {evaluation.segment.label(lg)}"
    records = shown.astype(object).where(shown.notna(), None).to_dict("records")
    print_table([{str(k): v for k, v in r.items()} for r in records], title=title)
    if out_file is not None:
        out.print(t(lg, f"已写入 {out_file}", f"wrote {out_file}"), highlight=False)


def _write(frame: pd.DataFrame, path: Path) -> None:
    """Write the table by suffix with formulas neutralised."""
    from needscope.io.exports import write_csv, write_xlsx_table

    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        write_xlsx_table(frame, path, sheet="touchpoints")
    elif suffix == ".csv":
        write_csv(frame, path)
    else:
        raise InputError("--out must end in .csv or .xlsx", file=path.name)


@journey_app.command("render")
def render(
    ctx: typer.Context,
    project: ProjectArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder. 输出目录")],
    formats: Annotated[
        str, typer.Option("--format", help="svg, png, pdf (comma-separated). 格式")
    ] = "svg",
    segment: SegmentOpt = None,
    lang: LangOpt = None,
) -> None:
    """Draw the journey map, blueprint, personas and stakeholder map. 绘制旅程图与服务蓝图。"""
    from needscope.services.journey import render_project

    lg = _lg(ctx, lang)
    with user_errors():
        paths = render_project(
            state(ctx).workspace().store, project, out_dir, lang=lg, formats=formats,
            segment=segment,
        )  # fmt: skip
    for path in paths:
        out.print(str(path), highlight=False)


@journey_app.command("personas")
def personas(
    ctx: typer.Context,
    project: ProjectArg,
    by: Annotated[
        str, typer.Option(help="rfm, or a customer attribute: tier, age_band… 分群依据")
    ] = "rfm",
    lang: LangOpt = None,
) -> None:
    """Personas built from customer segments. 用户画像。"""
    from needscope.services.journey import project_personas

    lg = _lg(ctx, lang)
    with user_errors():
        try:
            found = project_personas(state(ctx).workspace().store, project, by=by, lang=lg)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    if not found:
        out.print(t(lg, "没有足够的客户数据生成画像", "not enough customer data for personas"))
        return
    sep = "；" if lg == "zh" else "; "
    rows = [
        {
            t(lg, "画像", "Persona"): p.name.label(lg),
            t(lg, "人数", "Customers"): p.size,
            t(lg, "占比", "Share"): f"{p.share:.0%}",
            t(lg, "特征", "Facts"): sep.join(f.label(lg) for f in p.facts),
            t(lg, "需求", "Needs"): sep.join(n.label(lg) for n in p.needs),
            t(lg, "渠道", "Channels"): sep.join(p.channels),
        }
        for p in found
    ]
    print_table(rows, title=t(lg, "用户画像", "Personas"))


__all__ = ["journey_app"]
