"""``needscope text``: train and apply aspect taggers and sentiment models on CSV/XLSX tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from needscope.errors import InputError, NeedscopeError
from needscope.io import ReadError, open_table

text_app = typer.Typer(
    name="text",
    help="Aspect tagging and sentiment: train, tag, score, label, review, topics, promote. "
    "文本：方面标注、情感分析与人工校正。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Path, typer.Option("--data", help="Input table (.csv, .xlsx). 输入表格")]
TextOpt = Annotated[str, typer.Option("--text-col", help="Text column. 文本列")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output file or model folder. 输出")]
SheetOpt = Annotated[str | None, typer.Option("--sheet", help="XLSX sheet (default: first).")]


@contextmanager
def _errors() -> Iterator[None]:
    """Turn input problems into one line on stderr and exit code 2."""
    try:
        yield
    except (NeedscopeError, ReadError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(getattr(exc, "exit_code", 2)) from None
    except (KeyError, ValueError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2) from None


def read_table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV (encoding detected: UTF-8, UTF-8-SIG, GB18030…) or XLSX sheet as text cells."""
    source = open_table(path)
    columns = source.columns(sheet)
    rows = []
    for row in source.rows(sheet):
        if row.error:
            raise InputError(row.error, file=path.name, row=row.row, column=row.error_column)
        rows.append([row.values.get(c) for c in columns])
    if not rows:
        raise InputError("the table has a header but no rows", file=path.name)
    return pd.DataFrame(rows, columns=columns, dtype=object)


def need_column(frame: pd.DataFrame, column: str, path: Path, option: str) -> None:
    """Fail with the list of columns when ``column`` is missing."""
    if column not in frame.columns:
        cols = ", ".join(map(str, frame.columns))
        raise InputError(
            f"{option} {column!r} is not a column; the columns are: {cols}", file=path.name
        )


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV (UTF-8 with BOM) or XLSX by suffix, formulas neutralised."""
    from needscope.io.exports import write_csv, write_xlsx_table

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        write_xlsx_table(frame, path, sheet="result")
    elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
        write_csv(frame, path)
    else:
        raise InputError(f"{path}: output must end in .csv or .xlsx")


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    return ["" if v is None else str(v) for v in frame[column].tolist()]


@text_app.command("train")
def train_cmd(
    data: DataOpt,
    text_col: TextOpt,
    label_col: Annotated[str, typer.Option("--label-col", help="Label column. 标签列")],
    out: OutOpt,
    task: Annotated[
        str, typer.Option("--task", help="aspects (aspect:polarity|…) or sentiment.")
    ] = "aspects",
    pack: Annotated[
        str, typer.Option("--pack", help="Industry pack whose keywords are features ('none').")
    ] = "restaurant",
    embeddings: Annotated[
        bool,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="Add sentence vectors (USE; E5 for English polarity).",
        ),
    ] = True,
    finetune: Annotated[
        bool,
        typer.Option(
            "--finetune",
            help="English aspects: also fine-tune a transformer (all-mpnet-base-v2; "
            "needscope[finetune]) to find aspects and their polarity; about 12 minutes per "
            "1,000 labelled texts on 2 cores. "
            "微调Transformer（仅英文）",
        ),
    ] = False,
    sheet: SheetOpt = None,
) -> None:
    """Train an aspect tagger or a sentiment model and save it into folder --out."""
    with _errors():
        frame = read_table(data, sheet)
        need_column(frame, text_col, data, "--text-col")
        need_column(frame, label_col, data, "--label-col")
        texts = _texts(frame, text_col)
        use = embeddings and _embeddings_available()
        if task == "aspects":
            from needscope.text.aspects import AspectTagger
            from needscope.text.labels import parse_label_column

            labels = parse_label_column(frame[label_col].tolist(), column=label_col)
            tagger = AspectTagger(
                pack=None if pack == "none" else pack, embeddings=use, finetune=finetune
            )
            if finetune:
                from needscope.cli.common import step_progress

                with step_progress("fine-tuning 微调") as bar:
                    tagger.fit(texts, labels, progress=bar)
            else:
                tagger.fit(texts, labels)
            tagger.save(out)
            typer.echo(f"{len(texts)} rows, aspects {', '.join(tagger.aspects_)} -> {out}")
        elif task == "sentiment":
            if finetune:
                raise InputError("--finetune applies to --task aspects only")
            from needscope.text.sentiment import SentimentModel, sentiment_labels

            y = sentiment_labels(frame[label_col].tolist(), column=label_col)
            model = SentimentModel(embeddings=use).fit(texts, y)
            model.save(out)
            typer.echo(f"{len(texts)} rows, classes {', '.join(model.classes_)} -> {out}")
        else:
            raise InputError(f"--task must be aspects or sentiment, got {task!r}")


def _embeddings_available() -> bool:
    from needscope.text.embed import embedder_available

    return embedder_available()


@text_app.command("tag")
def tag_cmd(
    data: DataOpt,
    text_col: TextOpt,
    out: OutOpt,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model folder from text train.")
    ] = None,
    pack: Annotated[
        str | None, typer.Option("--pack", help="Zero-shot with an industry pack.")
    ] = None,
    level: Annotated[str, typer.Option("--level", help="Zero-shot ids: top or fine.")] = "top",
    sheet: SheetOpt = None,
) -> None:
    """Add a ``labels`` column (aspect:polarity|…) from a trained model or a pack (zero-shot)."""
    with _errors():
        if (model is None) == (pack is None):
            raise InputError("give exactly one of --model MODEL_DIR or --pack NAME")
        if level not in ("top", "fine"):
            raise InputError(f"--level must be top or fine, got {level!r}")
        frame = read_table(data, sheet)
        need_column(frame, text_col, data, "--text-col")
        texts = _texts(frame, text_col)
        result = frame.copy()
        if model is not None:
            from needscope.text.aspects import AspectTagger
            from needscope.text.labels import format_labels

            tagger = AspectTagger.load(model)
            details = tagger.predict_details(texts, all_aspects=True)
            labels, every, conf = _collect(details, len(texts))
            result["labels"] = [format_labels(x) for x in labels]
            result["confidence"] = conf
            result["polarities"] = [format_labels(x) for x in every]
        else:
            assert pack is not None
            result["labels"] = _zero_shot(texts, pack, level)
        write_table(result, out)
        typer.echo(f"{len(result)} rows tagged -> {out}")


def _collect(
    details: pd.DataFrame, n: int
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[float]]:
    """Mentioned labels, every aspect's polarity and the least confident decision per row."""
    labels: list[dict[str, str]] = [{} for _ in range(n)]
    every: list[dict[str, str]] = [{} for _ in range(n)]
    conf = [1.0] * n
    for r, a, p, m, pol, pc in details[
        ["row", "aspect", "probability", "mentioned", "polarity", "polarity_confidence"]
    ].itertuples(index=False):
        every[r][a] = pol
        sure = p if m else 1.0 - p
        if m:
            labels[r][a] = pol
            sure = min(sure, pc)
        conf[r] = min(conf[r], round(float(sure), 4))
    return labels, every, conf


def _zero_shot(texts: list[str], pack: str, level: str) -> list[str]:
    """Part A's zero-shot tags; polarity from a problem cue, else our sentiment of the clause."""
    from needscope.text.features import normalise_many, split_clauses
    from needscope.text.sentiment import BuiltinSentiment
    from needscope.text.zeroshot import ZeroShotTagger

    norm = normalise_many(texts)
    tagger = ZeroShotTagger(pack=pack, level="top" if level == "top" else "fine").fit()
    found = tagger.tag_many(norm)
    scorer = BuiltinSentiment().fit()
    whole = scorer.polarity_score(norm)
    out = []
    for text, tags, overall in zip(norm, found, whole, strict=True):
        clauses = split_clauses(text)
        pairs = []
        for t in tags:
            if t.problem:
                pol = "negative"
            else:
                where = [c for c in clauses if t.evidence and t.evidence.lower() in c]
                score = float(scorer.polarity_score(where[:1])[0]) if where else float(overall)
                if where and score == 0.0:
                    score = float(overall)
                pol = "positive" if score > 0.05 else "negative" if score < -0.05 else "neutral"
            pairs.append(f"{t.tag}:{pol}")
        out.append("|".join(pairs))
    return out


@text_app.command("sentiment")
def sentiment_cmd(
    data: DataOpt,
    text_col: TextOpt,
    out: OutOpt,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model folder (default: built-in).")
    ] = None,
    sheet: SheetOpt = None,
) -> None:
    """Add ``sentiment`` (positive/negative/neutral) and ``score`` (−1…1) columns."""
    with _errors():
        from needscope.text.sentiment import load_sentiment

        frame = read_table(data, sheet)
        need_column(frame, text_col, data, "--text-col")
        mdl = load_sentiment(model)
        result = mdl.analyse(_texts(frame, text_col))
        out_frame = frame.copy()
        out_frame["sentiment"] = result["sentiment"].to_numpy()
        out_frame["score"] = result["score"].to_numpy()
        write_table(out_frame, out)
        typer.echo(f"{len(out_frame)} rows scored -> {out}")


ProjectArg = Annotated[str, typer.Argument(help="Project name. 项目")]


def _project(ctx: typer.Context, project: str) -> tuple[Any, str]:
    """The project's handle and the output language."""
    from needscope.cli.common import state

    st = state(ctx)
    return st.workspace().project(project), st.lang


def _cut(text: object, width: int = 60) -> str:
    value = "" if text is None else " ".join(str(text).split())
    return value if len(value) <= width else value[: width - 1] + "…"


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


@text_app.command("label")
def label_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    record_id: Annotated[int, typer.Argument(help="Record id. 记录编号")],
    aspects: Annotated[
        str | None,
        typer.Option(
            "--aspects", help='The record\'s aspects, e.g. "food:negative|service:positive".'
        ),
    ] = None,
    sentiment: Annotated[
        str | None, typer.Option("--sentiment", help="positive, negative or neutral.")
    ] = None,
    author: Annotated[str | None, typer.Option("--author", help="Who labelled. 标注人")] = None,
) -> None:
    """Correct a record's aspects and/or sentiment; the next run learns from the labels."""
    from needscope.cli.common import user_errors

    with user_errors(), _errors():
        handle, lg = _project(ctx, project)
        row = handle.label_record(record_id, aspects=aspects, sentiment=sentiment, author=author)
        from needscope.text.labels import format_labels

        shown = format_labels(row["aspects"]) if row["aspects"] is not None else "—"
        typer.echo(
            _t(
                lg,
                f"记录 {record_id} 已标注：方面 {shown or '（无）'}，情感 {row['sentiment'] or '—'}。"
                f"运行 needscope run {project} 重新打标签。",
                f"record {record_id} labelled: aspects {shown or '(none)'}, sentiment "
                f"{row['sentiment'] or '—'}. Run needscope run {project} to re-tag.",
            )
        )


@text_app.command("review")
def review_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    n: Annotated[int, typer.Option("-n", help="How many records. 条数")] = 20,
) -> None:
    """List the records whose tags are least certain, to label first. 待标注队列"""
    from needscope.cli.common import print_table, user_errors

    with user_errors(), _errors():
        handle, lg = _project(ctx, project)
        queue = handle.review_queue(n)
        if queue.empty:
            typer.echo(_t(lg, "没有待标注的记录。", "No records to review."))
            return
        rows = [
            {
                _t(lg, "记录", "record"): int(r["record_id"]),
                _t(lg, "内容", "text"): _cut(r["text"]),
                _t(lg, "当前标签", "current tags"): ", ".join(r["tags"]),
                _t(lg, "置信度", "confidence"): f"{r['confidence']:.2f}",
            }
            for r in queue.to_dict("records")
        ]
        print_table(rows)


@text_app.command("topics")
def topics_cmd(ctx: typer.Context, project: ProjectArg) -> None:
    """Topics among records no tag covers: id, key phrases, size, quotes. 未覆盖话题"""
    from needscope.cli.common import print_table, user_errors

    with user_errors(), _errors():
        handle, lg = _project(ctx, project)
        topics = handle.topics()
        if topics.empty:
            typer.echo(_t(lg, "没有发现未覆盖的话题。", "No uncovered topics found."))
            return
        sep = "；" if lg == "zh" else "; "
        rows = [
            {
                _t(lg, "话题", "topic"): int(r["topic"]),
                _t(lg, "关键词", "key phrases"): ", ".join(r["keywords"]),
                _t(lg, "记录数", "records"): int(r["records"]),
                _t(lg, "占比(%)", "share (%)"): r["share"],
                _t(lg, "原话示例", "quotes"): sep.join(_cut(q, 40) for q in r["quotes"][:2]),
            }
            for r in topics.to_dict("records")
        ]
        print_table(rows)


@text_app.command("promote")
def promote_cmd(
    ctx: typer.Context,
    project: ProjectArg,
    topic: Annotated[int, typer.Argument(help="Topic id from text topics. 话题编号")],
    tag_id: Annotated[str, typer.Option("--id", help="New tag id, e.g. wifi. 标签编号")],
    zh: Annotated[str, typer.Option("--zh", help="Chinese name. 中文名")],
    en: Annotated[str, typer.Option("--en", help="English name. 英文名")],
    parent: Annotated[
        str | None, typer.Option("--parent", help="Parent tag, e.g. service. 上级标签")
    ] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="Journey stage. 旅程阶段")] = None,
    layer: Annotated[
        str | None, typer.Option("--layer", help="front, back or support. 触点层")
    ] = None,
) -> None:
    """Add a discovered topic to the project's own tags; the next run tags it. 话题转标签"""
    from needscope.cli.common import user_errors

    with user_errors(), _errors():
        handle, lg = _project(ctx, project)
        tag = handle.promote_topic(topic, tag_id, zh, en, parent=parent, stage=stage, layer=layer)
        words = ", ".join([*tag["keywords"]["zh"], *tag["keywords"]["en"]])
        typer.echo(
            _t(
                lg,
                f"已添加标签 {tag['id']}（{zh}），关键词：{words}。运行 needscope run {project} 重新打标签。",
                f"added tag {tag['id']} ({en}), keywords: {words}. "
                f"Run needscope run {project} to re-tag.",
            )
        )


if __name__ == "__main__":  # pragma: no cover - used by the benchmarks
    text_app()
