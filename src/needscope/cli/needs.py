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


@needs_app.command("score")
def score(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    need_id: Annotated[int, typer.Argument(help="Need id.")],
    customer_value: Annotated[int | None, typer.Option(help="客户价值 1–5.")] = None,
    business_impact: Annotated[int | None, typer.Option(help="业务影响 1–5.")] = None,
    strategic_fit: Annotated[int | None, typer.Option(help="战略匹配度 1–5.")] = None,
    time_pressure: Annotated[int | None, typer.Option(help="时间压力 1–5.")] = None,
    market_opportunity: Annotated[int | None, typer.Option(help="市场机会 1–5.")] = None,
    risk_avoidance: Annotated[int | None, typer.Option(help="风险规避 1–5.")] = None,
    clear: Annotated[bool, typer.Option(help="Remove every score set by hand.")] = False,
    lang: LangOpt = None,
) -> None:
    """Set priority sub-scores by hand (override the suggested ones). 人工评分。"""
    lg = _lg(ctx, lang)
    given = {
        "customer_value": customer_value, "business_impact": business_impact,
        "strategic_fit": strategic_fit, "time_pressure": time_pressure,
        "market_opportunity": market_opportunity, "risk_avoidance": risk_avoidance,
    }  # fmt: skip
    with user_errors():
        handle = state(ctx).workspace().project(project)
        if clear:
            handle.set_need_scores(need_id, **dict.fromkeys(given))
        current = handle.set_need_scores(
            need_id, **{k: v for k, v in given.items() if v is not None}
        )
    shown = ", ".join(f"{k}={v}" for k, v in current.items()) or t(lg, "无", "none")
    out.print(
        t(lg, f"需求 #{need_id} 人工评分：{shown}", f"need #{need_id} scores set by hand: {shown}")
    )


@needs_app.command("feasibility")
def feasibility_cmd(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    need_id: Annotated[int, typer.Argument(help="Need id.")],
    cost: Annotated[float | None, typer.Option(help="一次性投入（元）.")] = None,
    benefit: Annotated[float | None, typer.Option(help="预期每月收益（元）.")] = None,
    technical_risk: Annotated[float | None, typer.Option(help="技术风险 1–5.")] = None,
    compliance_risk: Annotated[float | None, typer.Option(help="合规风险 1–5.")] = None,
    acceptance_risk: Annotated[float | None, typer.Option(help="客户接受度风险 1–5.")] = None,
    people_required: Annotated[float | None, typer.Option(help="所需人员.")] = None,
    people_available: Annotated[float | None, typer.Option(help="可用人员.")] = None,
    budget_required: Annotated[float | None, typer.Option(help="所需预算（元）.")] = None,
    budget_available: Annotated[float | None, typer.Option(help="可用预算（元）.")] = None,
    lang: LangOpt = None,
) -> None:
    """Record feasibility inputs: resources, cost-benefit, risks. 可行性输入。"""
    lg = _lg(ctx, lang)
    given = {
        "cost": cost, "benefit": benefit, "technical_risk": technical_risk,
        "compliance_risk": compliance_risk, "acceptance_risk": acceptance_risk,
        "people_required": people_required, "people_available": people_available,
        "budget_required": budget_required, "budget_available": budget_available,
    }  # fmt: skip
    with user_errors():
        handle = state(ctx).workspace().project(project)
        current = handle.set_need_feasibility(
            need_id, **{k: v for k, v in given.items() if v is not None}
        )
    shown = ", ".join(f"{k}={v:g}" for k, v in current.items()) or t(lg, "无", "none")
    out.print(
        t(
            lg,
            f"需求 #{need_id} 可行性输入：{shown}",
            f"need #{need_id} feasibility inputs: {shown}",
        )
    )


@needs_app.command("why")
def why(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    need_id: Annotated[int, typer.Argument(help="Need id.")],
    add: Annotated[str | None, typer.Option(help="Add a why (an answer to 'why?').")] = None,
    parent: Annotated[
        str, typer.Option(help="Under which why, e.g. 1 or 1.2 (default: the problem).")
    ] = "",
    edit: Annotated[
        str | None, typer.Option(help="Change the text of the why at this place, e.g. 1.2.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="New text, with --edit.")] = None,
    remove: Annotated[
        str | None, typer.Option(help="Remove the why at this place (and what is under it).")
    ] = None,
    evidence: Annotated[str, typer.Option(help="Evidence for the added why.")] = "",
    problem: Annotated[
        str | None, typer.Option(help="The problem the chain starts from (first use).")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Build a 5-Why root-cause tree for a need and show it. 5个为什么。"""
    from needscope.methods.fivewhy import FiveWhy

    lg = _lg(ctx, lang)
    lang_: Lang = "zh" if lg == "zh" else "en"
    with user_errors():
        handle = state(ctx).workspace().project(project)
        tree = handle.five_why(need_id)
        if tree is None:
            row = handle.needs()
            row = row[row["id"] == need_id]
            description = str(row["description"].iloc[0]) if len(row) else str(need_id)
            tree = FiveWhy(description, problem or description)
        elif problem:
            tree.problem = problem
        try:
            if add:
                tree.add(add, _path(parent), evidence)
            if edit:
                tree.edit(_path(edit), text=text)
            if remove:
                tree.remove(_path(remove))
        except (ValueError, IndexError) as exc:
            raise InputError(str(exc)) from None
        if add or edit or remove or problem:
            handle.set_five_why(need_id, tree)
    out.print(tree.render(lang_), highlight=False, markup=False)


def _path(text: str) -> tuple[int, ...]:
    """ "1.2" (as people count) to the tree's (0, 1)."""
    if not text.strip():
        return ()
    try:
        return tuple(int(p) - 1 for p in text.strip().split("."))
    except ValueError:
        raise typer.BadParameter(f"a place is like 1 or 1.2, got {text!r}") from None


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
