"""The ``needscope`` command: project set-up, imports, records, the main job and the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
import typer

from needscope.cli.common import (
    State,
    byte_progress,
    console,
    out,
    print_table,
    state,
    t,
    user_errors,
)
from needscope.errors import InputError
from needscope.model import DEFAULT_CREDIBILITY, SourceType
from needscope.settings import default_lang

app = typer.Typer(
    name="needscope",
    help="Customer needs → needs register, analyses, service plan. 客户需求分析与服务方案工具。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

LangOpt = Annotated[
    str | None, typer.Option("--lang", help="Output language zh|en (default: the locale).")
]


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="NEEDSCOPE_DATABASE_URL",
            help="Database URL (SQLite file or PostgreSQL).",
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """needscope: turn what customers say into a prioritised needs register and service plan."""
    ctx.obj = State(db=db, lang=_lang(lang))


def _lang(value: str | None) -> Literal["zh", "en"]:
    if value is None:
        return default_lang()
    if value not in ("zh", "en"):
        raise typer.BadParameter("--lang takes zh or en")
    return "zh" if value == "zh" else "en"


def _lang_for(ctx: typer.Context, lang: str | None) -> Literal["zh", "en"]:
    st = state(ctx)
    if lang is not None:
        st.lang = _lang(lang)
    return st.lang


@app.command()
def init(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Short project name, e.g. weidao-2026.")],
    client: Annotated[str, typer.Option(help="客户名称 Client name.")],
    industry: Annotated[
        str, typer.Option(help="所属行业, e.g. restaurant, hotel, retail, bank, education.")
    ] = "restaurant",
    owner: Annotated[str | None, typer.Option(help="负责人 Owner.")] = None,
    customer_type: Annotated[str, typer.Option(help="b2b|b2c (B端/C端).")] = "b2c",
    scenario: Annotated[
        str, typer.Option(help="new_client|upgrade|complaint|custom|trend or the Chinese name.")
    ] = "new_client",
    budget: Annotated[float | None, typer.Option(help="预算 Budget in yuan.")] = None,
    deadline: Annotated[str | None, typer.Option(help="时间节点 Deadline, YYYY-MM-DD.")] = None,
    resources: Annotated[str | None, typer.Option(help="资源约束 Resource constraints.")] = None,
    goal: Annotated[list[str] | None, typer.Option(help="A goal (repeat for more).")] = None,
    lang: LangOpt = None,
) -> None:
    """Create a project (engagement). 新建项目。"""
    lg = _lang_for(ctx, lang)
    with user_errors():
        try:
            state(ctx).workspace().create_project(
                project,
                client,
                industry=industry,
                owner=owner,
                customer_type=customer_type,
                scenario=scenario,
                budget=budget,
                deadline=deadline,
                resources=resources,
                goals=goal or [],
            )
        except ValueError as exc:
            raise InputError(str(exc)) from None
    out.print(t(lg, f"已创建项目 {project}", f"created project {project}"), highlight=False)


@app.command("projects")
def list_projects(ctx: typer.Context, lang: LangOpt = None) -> None:
    """List projects. 列出项目。"""
    lg = _lang_for(ctx, lang)
    with user_errors():
        items = state(ctx).workspace().projects()
    if not items:
        out.print(
            t(
                lg,
                "还没有项目：用 needscope init 新建",
                "no projects yet: create one with needscope init",
            )
        )
    print_table(
        [
            {
                t(lg, "项目", "project"): p.slug,
                t(lg, "客户名称", "client"): p.client,
                t(lg, "所属行业", "industry"): p.industry,
                t(lg, "负责人", "owner"): p.owner,
            }
            for p in items
        ]
    )


def _parse_maps(items: list[str] | None) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise typer.BadParameter(f"--map takes FIELD=COLUMN, got {item!r}")
        field, column = (p.strip() for p in item.split("=", 1))
        if field in ("text", "ratings", "attrs"):
            mapping[field] = [c.strip() for c in column.split(",") if c.strip()]
        else:
            mapping[field] = column or None
    return mapping


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    files: Annotated[
        list[Path], typer.Argument(help="CSV/TSV, XLSX, JSON or JSONL files.", exists=False)
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            help="需求来源: interview|survey|historic|observation|third_party|staff (or 访谈/问卷/数据/观察/第三方/员工).",
        ),
    ] = None,
    credibility: Annotated[
        str | None,
        typer.Option(
            "--credibility", "-c", help="可信度 high|medium|low (高/中/低); default by source."
        ),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: every sheet).")] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help="FIELD=COLUMN, e.g. text=评论 date=时间 ratings=评分,口味 (repeatable)."
        ),
    ] = None,
    mapping_file: Annotated[
        Path | None, typer.Option(help="YAML/JSON file with the column mapping.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Force an encoding (default: detected).")
    ] = None,
    customers: Annotated[
        bool, typer.Option("--customers", help="The files hold customers, not records.")
    ] = False,
    skip_bad_rows: Annotated[
        bool, typer.Option(help="Skip bad rows into a rejects file instead of refusing the file.")
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option(help="Where skipped rows go (default FILE.rejects.csv).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the mapping and first rows; store nothing.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Import records (or customers) with their source and credibility. 导入数据。"""
    lg = _lang_for(ctx, lang)
    with user_errors():
        handle = state(ctx).workspace().project(project)
        mapping = _parse_maps(map_)
        if mapping_file:
            from needscope.io import load_mapping_file

            try:
                mapping = {**load_mapping_file(mapping_file), **mapping}
            except (ValueError, OSError) as exc:
                raise InputError(str(exc), file=str(mapping_file)) from None
        for path in files:
            if customers:
                with byte_progress(path.name) as bar:
                    n = handle.import_customers(
                        path, mapping=mapping or None, encoding=encoding, progress=bar
                    )
                out.print(
                    t(lg, f"{path.name}: 读取客户 {n} 行", f"{path.name}: {n} customer rows read")
                )
                continue
            if source is None:
                raise InputError(
                    t(lg, "请用 --source 指明需求来源", "name the source type with --source")
                )
            stype = SourceType.parse(source)
            with byte_progress(path.name) as bar:
                report = handle.import_file(
                    path,
                    source_type=stype,
                    credibility=credibility,
                    sheet=sheet,
                    mapping=mapping or None,
                    encoding=encoding,
                    skip_bad_rows=skip_bad_rows,
                    rejects_path=rejects,
                    dry_run=dry_run,
                    progress=bar,
                )
            _print_report(report, lg, stype, credibility)


def _print_report(report: Any, lg: str, stype: SourceType, credibility: str | None) -> None:
    from needscope.model import Credibility

    cred = Credibility.parse(credibility) if credibility else DEFAULT_CREDIBILITY[stype]
    for sheet in report.sheets:
        name = report.file + (f" [{sheet.sheet}]" if sheet.sheet else "")
        rows = [
            {t(lg, "字段", "field"): f, t(lg, "列", "column(s)"): c}
            for f, c in sheet.mapping.describe(lg)
        ]
        print_table(
            rows,
            title=t(lg, f"{name} 列映射", f"{name}: column mapping"),
        )
        out.print(
            t(lg, f"编码：{report.encoding}", f"encoding: {report.encoding}"), highlight=False
        )
        if report.dry_run:
            out.print(
                t(
                    lg,
                    f"来源 {stype.label('zh')}，可信度 {cred.label('zh')}（默认值可用 --credibility 修改）",
                    f"source {stype.label('en')}, credibility {cred.label('en')} (change with --credibility)",
                )
            )
            print_table(
                sheet.preview, title=t(lg, "前几行（未保存）", "first rows (nothing stored)")
            )
        else:
            out.print(
                t(
                    lg,
                    f"{name}: 读取 {sheet.rows_read} 行，新增 {sheet.rows_added}，重复 {sheet.rows_duplicate}，跳过 {sheet.rows_rejected}",
                    f"{name}: {sheet.rows_read} rows read, {sheet.rows_added} added, {sheet.rows_duplicate} already stored, {sheet.rows_rejected} skipped",
                ),
                highlight=False,
            )
    if report.rejects_path:
        out.print(
            t(
                lg,
                f"被跳过的行已写入 {report.rejects_path}",
                f"skipped rows written to {report.rejects_path}",
            )
        )


@app.command()
def records(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Only this source type.")
    ] = None,
    credibility: Annotated[
        str | None, typer.Option("--credibility", "-c", help="Only this credibility.")
    ] = None,
    contains: Annotated[
        str | None, typer.Option(help="Only records whose text contains this.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows (0: all).")] = 20,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to .xlsx/.csv/.json instead of printing.")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """List or export records with their provenance. 查看记录。"""
    lg = _lang_for(ctx, lang)
    with user_errors():
        handle = state(ctx).workspace().project(project)
        frame = handle.records(
            source_type=source, credibility=credibility, contains=contains, limit=limit or None
        )
        if out_file:
            from needscope.services.export import write_table

            write_table(frame, out_file, "records")
            out.print(
                t(
                    lg,
                    f"已写入 {len(frame)} 条记录到 {out_file}",
                    f"wrote {len(frame)} records to {out_file}",
                )
            )
            return
    from needscope.model import Credibility, SourceType

    rows = [
        {
            "#": r["id"],
            t(lg, "来源", "source"): SourceType.of(r["source_type"]).label(lg),
            t(lg, "可信度", "cred."): Credibility.of(r["credibility"]).label(lg),
            t(lg, "时间", "time"): "" if pd.isna(r["ts"]) else str(r["ts"])[:16],
            t(lg, "渠道", "channel"): r["channel"],
            t(lg, "内容", "text"): (r["text"] or "")[:40],
            t(lg, "出处", "origin"): f"{r['origin_file']}:{r['origin_row']}",
        }
        for r in frame.to_dict("records")
    ]
    print_table(rows)


@app.command()
def run(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project name.")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default needscope-out/PROJECT).")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Rebuild every section even if nothing changed.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Run the main job: HTML report and XLSX workbook. 生成报告。"""
    lg = _lang_for(ctx, lang)
    with user_errors():
        result = _run(state(ctx), project, out_dir, lg, force)
    _print_run(result, lg)


def _run(
    st: State, project: str, out_dir: Path | None, lg: Literal["zh", "en"], force: bool
) -> Any:
    from rich.progress import Progress

    handle = st.workspace().project(project)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(t(lg, "生成报告", "building report"), total=None)

        def step(key: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=key)

        return handle.run(out_dir, lang=lg, progress=step, force=force)


def _print_run(result: Any, lg: str) -> None:
    if result.unchanged:
        out.print(t(lg, "数据没有变化，报告无需重建", "nothing changed; the report is up to date"))
    elif result.reused:
        out.print(
            t(
                lg,
                f"重建 {len(result.built)} 个部分，复用 {len(result.reused)} 个",
                f"rebuilt {len(result.built)} sections, reused {len(result.reused)}",
            )
        )
    out.print(f"HTML: {result.html}\nXLSX: {result.xlsx}", highlight=False)


@app.command()
def demo(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Option("--dir", help="Where the demo's files go.")] = Path(
        "needscope-demo"
    ),
    scale: Annotated[float, typer.Option(help="Size of the demo (1.0 ≈ 20,000 records).")] = 1.0,
    run_job: Annotated[
        bool, typer.Option("--run/--no-run", help="Run the main job afterwards.")
    ] = True,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Report folder (default needscope-out/demo).")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Create the demo project (restaurant chain) and run the main job on it. 示例项目。"""
    from needscope.services.demo_job import build_demo

    lg = _lang_for(ctx, lang)
    st = state(ctx)
    with user_errors():
        ws = st.workspace()

        def progress_factory(label: str) -> Any:
            return _ProgressOnce(label)

        handle = build_demo(
            ws,
            directory,
            scale=scale,
            say=lambda m: console.print(m, highlight=False),
            progress_factory=progress_factory,
        )
        n = len(handle.records(limit=None))
        out.print(
            t(lg, f"示例项目 demo：{n} 条记录", f"demo project: {n} records"), highlight=False
        )
        if run_job:  # the demo shows both languages, the chosen one first
            for report_lang in (lg, "en" if lg == "zh" else "zh"):
                result = _run(st, "demo", out_dir, report_lang, False)
                _print_run(result, lg)
                doc = handle.proposal(result.html.parent, lang=report_lang)  # after the report:
                out.print(f"DOCX: {doc.docx}\nPDF: {doc.pdf}  ({doc.seconds:.1f} s)",  # reuses it
                          highlight=False)  # fmt: skip


class _ProgressOnce:
    """A byte progress bar opened on first use and closed when full."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._cm: Any = None
        self._cb: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._cm is None:
            self._cm = byte_progress(self.label)
            self._cb = self._cm.__enter__()
        self._cb(done, total)
        if done >= total:
            self._cm.__exit__(None, None, None)
            self._cm = None


def main() -> None:
    """Entry point of the ``needscope`` command."""
    app()


__all__ = ["app", "main"]
