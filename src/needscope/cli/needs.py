"""``needscope needs``: the raw needs register (Template 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from needscope.cli.common import out, print_table, split_ints, state, t, user_errors
from needscope.errors import InputError
from needscope.model import Credibility, Lang, NeedDimension, NeedStatus, SourceType

needs_app = typer.Typer(
    help="The raw needs register (Template 1). 客户需求原始记录表。", no_args_is_help=True
)

LangOpt = Annotated[str | None, typer.Option("--lang", help="zh|en")]


def _lg(ctx: typer.Context, lang: str | None) -> str:
    st = state(ctx)
    if lang in ("zh", "en"):
        st.lang = "zh" if lang == "zh" else "en"
    elif lang is not None:
        raise typer.BadParameter("--lang takes zh or en")
    return st.lang


@needs_app.command("add")
def add(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    description: Annotated[
        str, typer.Option("--description", "-d", help="具体描述 What is needed.")
    ],
    dimension: Annotated[
        str,
        typer.Option(
            help="需求维度 core_goal|expectation|implicit|constraint (核心目标/期望标准/隐性需求/限制条件)."
        ),
    ] = "expectation",
    quote: Annotated[
        str | None, typer.Option(help="客户原话/数据 The customer's words or the data.")
    ] = None,
    credibility: Annotated[str, typer.Option(help="可信度 high|medium|low (高/中/低).")] = "medium",
    source: Annotated[
        str | None, typer.Option(help="需求来源 interview|survey|historic|… (访谈/问卷/数据…).")
    ] = None,
    evidence: Annotated[str | None, typer.Option(help="Record ids, comma-separated.")] = None,
    lang: LangOpt = None,
) -> None:
    """Add a need with its evidence. 新增需求。"""
    lg = _lg(ctx, lang)
    with user_errors():
        try:
            handle = state(ctx).workspace().project(project)
            need = handle.add_need(
                description,
                dimension=NeedDimension.parse(dimension),
                quote=quote,
                credibility=Credibility.parse(credibility),
                source_type=SourceType.parse(source) if source else None,
                evidence=split_ints(evidence),
            )
        except ValueError as exc:
            raise InputError(str(exc)) from None
    out.print(t(lg, f"已新增需求 #{need.id}", f"added need #{need.id}"))


@needs_app.command("list")
def list_cmd(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    status: Annotated[str | None, typer.Option(help="Only needs with this status.")] = None,
    dimension: Annotated[str | None, typer.Option(help="Only needs of this dimension.")] = None,
    lang: LangOpt = None,
) -> None:
    """List the register. 查看需求清单。"""
    lg = _lg(ctx, lang)
    with user_errors():
        try:
            frame = state(ctx).workspace().project(project).needs(status=status)
            if dimension:
                frame = frame[frame["dimension"] == NeedDimension.parse(dimension).value]
        except ValueError as exc:
            raise InputError(str(exc)) from None
    if frame.empty:
        out.print(t(lg, "需求清单为空", "the register is empty"))
        return
    lang_: Lang = "zh" if lg == "zh" else "en"
    rows = [
        {
            "#": r["id"],
            t(lg, "需求维度", "dimension"): NeedDimension.of(r["dimension"]).label(lang_),
            t(lg, "具体描述", "description"): r["description"],
            t(lg, "客户原话/数据", "quote"): r["quote"],
            t(lg, "可信度", "credibility"): Credibility.of(r["credibility"]).label(lang_),
            t(lg, "状态", "status"): NeedStatus.of(r["status"]).label(lang_),
            t(lg, "证据", "evidence"): r["evidence_count"],
        }
        for r in frame.to_dict("records")
    ]
    print_table(rows)


@needs_app.command("link")
def link(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    need_id: Annotated[int, typer.Argument(help="Need id.")],
    records: Annotated[str, typer.Option("--records", "-r", help="Record ids, comma-separated.")],
    lang: LangOpt = None,
) -> None:
    """Link evidence records to a need. 关联证据。"""
    lg = _lg(ctx, lang)
    with user_errors():
        n = state(ctx).workspace().project(project).link_evidence(need_id, split_ints(records))
    out.print(t(lg, f"新增 {n} 条证据关联", f"{n} new evidence links"))


@needs_app.command("update")
def update_cmd(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    need_id: Annotated[int, typer.Argument(help="Need id.")],
    description: Annotated[str | None, typer.Option(help="New description.")] = None,
    quote: Annotated[str | None, typer.Option(help="New quote.")] = None,
    dimension: Annotated[str | None, typer.Option(help="New dimension.")] = None,
    credibility: Annotated[str | None, typer.Option(help="New credibility.")] = None,
    status: Annotated[str | None, typer.Option(help="candidate|open|merged|rejected|done.")] = None,
    lang: LangOpt = None,
) -> None:
    """Change a need. 修改需求。"""
    lg = _lg(ctx, lang)
    changes = {
        k: v
        for k, v in {
            "description": description,
            "quote": quote,
            "dimension": dimension,
            "credibility": credibility,
            "status": status,
        }.items()
        if v is not None
    }
    with user_errors():
        state(ctx).workspace().project(project).update_need(need_id, **changes)
    out.print(t(lg, f"已更新需求 #{need_id}", f"updated need #{need_id}"))


@needs_app.command("export")
def export(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    out_file: Annotated[Path, typer.Option("--out", help="Template 1 as .xlsx, .csv or .json.")],
    lang: LangOpt = None,
) -> None:
    """Export Template 1 (客户需求原始记录表). 导出模板1。"""
    lg = _lg(ctx, lang)
    with user_errors():
        path = (
            state(ctx)
            .workspace()
            .project(project)
            .export_template1(out_file, "zh" if lg == "zh" else "en")
        )
    out.print(t(lg, f"已导出 {path}", f"wrote {path}"))


__all__ = ["needs_app"]
