"""Analysis-method commands: read a CSV/XLSX table, run one method, write CSV/XLSX."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
import typer

from needscope.io.exports import write_csv, write_xlsx_table
from needscope.methods import (
    FeasibilityRules,
    FiveWhy,
    PriorityRules,
    ces,
    compare,
    complaint_counts,
    complaint_trend,
    csat,
    feasibility,
    feasibility_report,
    gap_table,
    ipa,
    kano,
    key_drivers,
    nps,
    pair_columns,
    pareto,
    priority_matrix,
    rfm,
    rfm_profile,
    servqual_dimensions,
    servqual_gaps,
    servqual_score,
    template2,
    verify_hours,
    zone_of_tolerance,
)

DataOpt = Annotated[Path, typer.Option("--data", help="Input table (.csv, .xlsx, .xls).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output table (.csv or .xlsx).")]
LangOpt = Annotated[str, typer.Option("--lang", help="Label language: zh or en.")]
SegOpt = Annotated[str | None, typer.Option("--segment", help="Segment column.")]
PeriodOpt = Annotated[str | None, typer.Option("--period", help="Period or date column.")]
FreqOpt = Annotated[str | None, typer.Option("--period-freq", help="Group dates by M, Q, Y, W, D.")]


class InputError(Exception):
    """A problem with the user's input file or options (exit code 2)."""


def read_table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV (UTF-8 with or without BOM, else GB18030) or an Excel sheet."""
    if not path.exists():
        raise InputError(f"file not found: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            return pd.read_excel(path, sheet_name=sheet or 0)
        if suffix in (".csv", ".txt", ".tsv"):
            sep = "\t" if suffix == ".tsv" else ","
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    return pd.read_csv(path, encoding=encoding, sep=sep)
                except UnicodeDecodeError:
                    continue
            raise InputError(f"{path}: not UTF-8 or GB18030 text")
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the file is empty") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"{path}: cannot parse the table ({exc})") from None
    raise InputError(f"{path}: unsupported file type {suffix!r} (use .csv or .xlsx)")


def write_table(frame: pd.DataFrame, path: Path, sheet: str = "result") -> None:
    """Write ``frame`` as CSV (UTF-8 with BOM) or XLSX, chosen by the file suffix."""
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".xlsx":
        write_xlsx_table(frame, path, sheet=sheet)
    elif suffix == ".csv":
        write_csv(frame, path)
    else:
        raise InputError(f"{path}: output must end in .csv or .xlsx")


def split(text: str | None) -> list[str] | None:
    """Split a comma-separated column list; ``None`` stays ``None``."""
    if text is None:
        return None
    items = [p.strip() for p in text.split(",")]
    if not all(items):
        raise InputError(f"empty name in column list {text!r}")
    return items


def fail(exc: Exception) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@contextmanager
def user_errors() -> Iterator[None]:
    """Map input problems to a one-line message and exit code 2."""
    try:
        yield
    except (InputError, KeyError, ValueError, IndexError) as exc:
        raise fail(exc) from None


def lang_of(text: str) -> Literal["zh", "en"]:
    """Validate ``--lang``."""
    if text not in ("zh", "en"):
        raise InputError(f"--lang must be zh or en, got {text!r}")
    return "zh" if text == "zh" else "en"


def need(text: str | None, option: str) -> list[str]:
    """A required comma-separated column list."""
    items = split(text)
    if not items:
        raise InputError(f"{option} is required")
    return items


def floats(text: str | None, k: int, option: str) -> tuple[float, ...] | None:
    """Parse ``k`` comma-separated numbers."""
    if text is None:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise InputError(f"{option}: expected {k} numbers, got {text!r}") from None
    if len(values) != k:
        raise InputError(f"{option}: expected {k} numbers, got {text!r}")
    return values


def finish(frame: pd.DataFrame, out: Path, sheet: str, what: str) -> None:
    """Write the result and say so."""
    write_table(frame, out, sheet=sheet)
    typer.echo(f"{len(frame)} {what} -> {out}")


KANO_COLUMNS = [
    "attribute", "A", "O", "M", "I", "R", "Q", "n",
    "category", "better", "worse", "fong_significant",
]  # fmt: skip


def kano_cmd(
    data: DataOpt,
    functional_cols: Annotated[
        str, typer.Option("--functional-cols", help="Functional question columns, A,B,...")
    ],
    dysfunctional_cols: Annotated[
        str, typer.Option("--dysfunctional-cols", help="Dysfunctional columns, same order.")
    ],
    out: OutOpt,
    table: Annotated[
        str, typer.Option("--table", help="Evaluation table: berger or pouliot.")
    ] = "berger",
    names: Annotated[
        str | None, typer.Option("--names", help="Attribute names, same order.")
    ] = None,
) -> None:
    """KANO: counts, category (Berger), Better/Worse and Fong's test per attribute."""
    with user_errors():
        if table not in ("berger", "pouliot"):
            raise InputError(f"--table must be berger or pouliot, got {table!r}")
        result = kano(
            read_table(data),
            need(functional_cols, "--functional-cols"),
            need(dysfunctional_cols, "--dysfunctional-cols"),
            names=split(names),
            table="pouliot" if table == "pouliot" else "berger",
        )
        finish(result[KANO_COLUMNS], out, "kano", "attributes")


ScoreOpt = Annotated[str, typer.Option("--score", help="Score column.")]


def nps_cmd(
    data: DataOpt, score: ScoreOpt, out: OutOpt, segment: SegOpt = None,
    period: PeriodOpt = None, period_freq: FreqOpt = None,
) -> None:  # fmt: skip
    """NPS (0–10; promoters 9–10, detractors 0–6) with a 95% interval."""
    with user_errors():
        result = nps(read_table(data), score, segment, period, period_freq)
        finish(result, out, "NPS", "rows")


def csat_cmd(
    data: DataOpt, score: ScoreOpt, out: OutOpt,
    scale_min: Annotated[float, typer.Option("--scale-min")] = 1,
    scale_max: Annotated[float, typer.Option("--scale-max")] = 5,
    top_box: Annotated[int, typer.Option("--top-box")] = 2,
    segment: SegOpt = None, period: PeriodOpt = None, period_freq: FreqOpt = None,
) -> None:  # fmt: skip
    """CSAT: top-box share and mean on any scale, with intervals."""
    with user_errors():
        result = csat(read_table(data), score, (scale_min, scale_max), top_box, segment, period,
                      period_freq)  # fmt: skip
        finish(result, out, "CSAT", "rows")


def ces_cmd(
    data: DataOpt, score: ScoreOpt, out: OutOpt,
    scale: Annotated[int, typer.Option("--scale", help="5 (effort) or 7 (ease).")] = 7,
    segment: SegOpt = None, period: PeriodOpt = None, period_freq: FreqOpt = None,
    higher_is_easier: Annotated[bool | None, typer.Option(
        "--higher-is-easier/--higher-is-harder",
        help="Which end of the scale is easy (default: 7 = easy on 1–7, 1 = easy on 1–5).",
    )] = None,
) -> None:  # fmt: skip
    """CES: mean and share of low effort (1–7 ease or 1–5 effort)."""
    with user_errors():
        if scale not in (5, 7):
            raise InputError("--scale must be 5 or 7")
        result = ces(read_table(data), score, 7 if scale == 7 else 5, segment, period, period_freq,
                     higher_is_easier=higher_is_easier)  # fmt: skip
        finish(result, out, "CES", "rows")


def compare_cmd(
    data: DataOpt, score: ScoreOpt, out: OutOpt,
    group: Annotated[str, typer.Option("--group", help="Segment or period column.")],
    a: Annotated[str | None, typer.Option("--a")] = None,
    b: Annotated[str | None, typer.Option("--b")] = None,
    metric: Annotated[str, typer.Option("--metric", help="nps, csat, ces or mean.")] = "nps",
    scale_min: Annotated[float, typer.Option("--scale-min")] = 1,
    scale_max: Annotated[float, typer.Option("--scale-max")] = 5,
) -> None:  # fmt: skip
    """Test the difference of NPS, CSAT or a mean between two segments or periods."""
    with user_errors():
        if metric not in ("nps", "csat", "ces", "mean"):
            raise InputError(f"--metric must be nps, csat, ces or mean, got {metric!r}")
        frame = read_table(data)
        frame[group] = frame[group].astype(str).where(frame[group].notna())
        result = compare(frame, score, group, a, b, metric, (scale_min, scale_max))  # type: ignore[arg-type]
        finish(result, out, "compare", "rows")


def servqual_cmd(
    data: DataOpt, out: OutOpt,
    expectation_cols: Annotated[str | None, typer.Option("--expectation-cols")] = None,
    perception_cols: Annotated[str | None, typer.Option("--perception-cols")] = None,
    pair_first: Annotated[
        str | None, typer.Option("--pair-expectation", help="Regex of expectation columns.")
    ] = None,
    pair_second: Annotated[
        str | None, typer.Option("--pair-perception", help="Regex of perception columns.")
    ] = None,
    items: Annotated[str | None, typer.Option("--items", help="Item names.")] = None,
    dimensions: Annotated[
        str | None, typer.Option("--dimensions", help="Dimension of each item, same order.")
    ] = None,
    level: Annotated[str, typer.Option("--level", help="item, dimension or score.")] = "item",
    segment: SegOpt = None,
) -> None:  # fmt: skip
    """SERVQUAL gaps (perception − expectation) per item, dimension, or the SQ score."""
    with user_errors():
        frame = read_table(data)
        if pair_first and pair_second:
            pairs = pair_columns(list(map(str, frame.columns)), pair_first, pair_second)
            if pairs.empty:
                raise InputError("no expectation/perception column pairs matched")
            e_cols = [str(c) for c in pairs["first"]]
            p_cols = [str(c) for c in pairs["second"]]
            names: list[str] | None = split(items) or [str(i) for i in pairs["item"]]
        else:
            e_cols = need(expectation_cols, "--expectation-cols")
            p_cols = need(perception_cols, "--perception-cols")
            names = split(items)
        dims = split(dimensions)
        if level == "item":
            result = servqual_gaps(frame, e_cols, p_cols, names, dims, segment)
        elif level == "dimension":
            result = servqual_dimensions(frame, e_cols, p_cols, dims, names, segment)
        elif level == "score":
            result = servqual_score(frame, e_cols, p_cols, dims, segment=segment)
        else:
            raise InputError(f"--level must be item, dimension or score, got {level!r}")
        finish(result, out, "SERVQUAL", "rows")


def zone_cmd(
    data: DataOpt, out: OutOpt,
    adequate_cols: Annotated[str, typer.Option("--adequate-cols")],
    desired_cols: Annotated[str, typer.Option("--desired-cols")],
    perception_cols: Annotated[str, typer.Option("--perception-cols")],
    items: Annotated[str | None, typer.Option("--items")] = None, segment: SegOpt = None,
) -> None:  # fmt: skip
    """Zone of tolerance: MSA, MSS and in/out of the zone per item."""
    with user_errors():
        result = zone_of_tolerance(
            read_table(data), need(adequate_cols, "--adequate-cols"),
            need(desired_cols, "--desired-cols"), need(perception_cols, "--perception-cols"),
            split(items), segment,
        )  # fmt: skip
        finish(result, out, "zone", "rows")


def gap_table_cmd(
    data: DataOpt, out: OutOpt,
    metric_col: Annotated[str, typer.Option("--metric-col")] = "metric",
    expected_col: Annotated[str, typer.Option("--expected-col")] = "expected",
    actual_col: Annotated[str, typer.Option("--actual-col")] = "actual",
    unit_col: Annotated[str | None, typer.Option("--unit-col")] = None,
    direction_col: Annotated[str | None, typer.Option("--direction-col")] = None,
    management_col: Annotated[str | None, typer.Option("--management-col")] = None,
    competitor_col: Annotated[str | None, typer.Option("--competitor-col")] = None,
    segment: SegOpt = None, lang: LangOpt = "zh",
) -> None:  # fmt: skip
    """Quantified gap table: expected vs actual in each metric's own unit."""
    with user_errors():
        result = gap_table(read_table(data), metric_col, expected_col, actual_col, unit_col,
                           direction_col, management_col, competitor_col, segment,
                           lang_of(lang))  # fmt: skip
        finish(result, out, "gaps", "metrics")


def ipa_cmd(
    data: DataOpt, out: OutOpt,
    importance_cols: Annotated[str, typer.Option("--importance-cols")],
    performance_cols: Annotated[str, typer.Option("--performance-cols")],
    names: Annotated[str | None, typer.Option("--names")] = None,
    crosshair: Annotated[str, typer.Option("--crosshair", help="mean or midpoint.")] = "mean",
    scale_min: Annotated[float, typer.Option("--scale-min")] = 1,
    scale_max: Annotated[float, typer.Option("--scale-max")] = 5,
    segment: SegOpt = None, lang: LangOpt = "zh",
) -> None:  # fmt: skip
    """Importance–performance analysis: quadrants per item."""
    with user_errors():
        if crosshair not in ("mean", "midpoint"):
            raise InputError(f"--crosshair must be mean or midpoint, got {crosshair!r}")
        result = ipa(read_table(data), need(importance_cols, "--importance-cols"),
                     need(performance_cols, "--performance-cols"), split(names),
                     "mean" if crosshair == "mean" else "midpoint", (scale_min, scale_max),
                     segment, lang_of(lang))  # fmt: skip
        finish(result, out, "IPA", "items")


def drivers_cmd(
    data: DataOpt, out: OutOpt,
    target: Annotated[str, typer.Option("--target", help="Overall satisfaction column.")],
    predictors: Annotated[str, typer.Option("--predictors", help="Attribute columns.")],
    n_boot: Annotated[int, typer.Option("--n-boot", help="Bootstrap resamples.")] = 0,
    seed: Annotated[int | None, typer.Option("--seed")] = None,
) -> None:  # fmt: skip
    """Key drivers: relative weights (Johnson), Shapley/LMG and correlations."""
    with user_errors():
        result = key_drivers(read_table(data), target, need(predictors, "--predictors"), n_boot,
                             seed)  # fmt: skip
        finish(result, out, "drivers", "predictors")


def priority_cmd(
    data: DataOpt, out: OutOpt,
    need_col: Annotated[str, typer.Option("--need-col")] = "need",
    importance_weights: Annotated[str | None, typer.Option("--importance-weights")] = None,
    urgency_weights: Annotated[str | None, typer.Option("--urgency-weights")] = None,
    now: Annotated[float, typer.Option("--now", help="立即执行 when both ≥ this.")] = 4.0,
    defer: Annotated[float, typer.Option("--defer", help="暂缓执行 when both < this.")] = 3.0,
    template: Annotated[bool, typer.Option("--template2", help="Write as Template 2.")] = False,
    lang: LangOpt = "zh",
) -> None:  # fmt: skip
    """Priority matrix (Template 2): importance × urgency → 立即/计划/暂缓执行."""
    with user_errors():
        iw = floats(importance_weights, 3, "--importance-weights") or (1.0, 1.0, 1.0)
        uw = floats(urgency_weights, 3, "--urgency-weights") or (1.0, 1.0, 1.0)
        rules = PriorityRules((iw[0], iw[1], iw[2]), (uw[0], uw[1], uw[2]), now, now, defer, defer)
        code = lang_of(lang)
        result = priority_matrix(read_table(data), need_col, rules=rules, lang=code)
        if template:
            result = template2(result, need_col, code)
        finish(result, out, "priority", "needs")


def feasibility_cmd(
    data: DataOpt, out: OutOpt,
    need_col: Annotated[str, typer.Option("--need-col")] = "need",
    horizon: Annotated[float, typer.Option("--horizon", help="Periods to pay back in.")] = 12,
    report: Annotated[bool, typer.Option("--report", help="Write the short reports.")] = False,
    lang: LangOpt = "zh",
) -> None:  # fmt: skip
    """Feasibility: resource fit, payback and risks → verdict (and report) per need."""
    with user_errors():
        code = lang_of(lang)
        result = feasibility(read_table(data), need_col, rules=FeasibilityRules(horizon=horizon),
                             lang=code)  # fmt: skip
        finish(feasibility_report(result, code) if report else result, out, "feasibility",
               "needs")  # fmt: skip


def complaints_cmd(
    data: DataOpt, out: OutOpt,
    view: Annotated[str, typer.Option("--view", help="pareto, counts or trend.")] = "pareto",
    cause_col: Annotated[str | None, typer.Option("--cause-col")] = "cause",
    tags_col: Annotated[str | None, typer.Option("--tags-col", help="Text-engine tags.")] = None,
    count_col: Annotated[str | None, typer.Option("--count-col")] = None,
    category_col: Annotated[str | None, typer.Option("--category-col")] = None,
    severity_col: Annotated[str | None, typer.Option("--severity-col")] = None,
    date_col: Annotated[str | None, typer.Option("--date-col")] = None,
    freq: Annotated[str, typer.Option("--freq")] = "M",
    cutoff: Annotated[float, typer.Option("--cutoff")] = 0.8,
) -> None:  # fmt: skip
    """Complaints: Pareto of causes, counts by category × cause × severity, or trend."""
    with user_errors():
        frame = read_table(data)
        if view == "pareto":
            result = pareto(frame, cause_col, count_col, tags_col, cutoff)
        elif view == "counts":
            result = complaint_counts(frame, category_col, cause_col, severity_col, tags_col)
        elif view == "trend":
            if date_col is None:
                raise InputError("--view trend needs --date-col")
            result = complaint_trend(frame, date_col, cause_col, freq, tags_col)
        else:
            raise InputError(f"--view must be pareto, counts or trend, got {view!r}")
        finish(result, out, "complaints", "rows")


def rfm_cmd(
    data: DataOpt, out: OutOpt,
    customer_col: Annotated[str, typer.Option("--customer-col")] = "customer",
    date_col: Annotated[str, typer.Option("--date-col")] = "date",
    amount_col: Annotated[str | None, typer.Option("--amount-col")] = None,
    quantity_col: Annotated[str | None, typer.Option("--quantity-col")] = None,
    price_col: Annotated[str | None, typer.Option("--price-col")] = None,
    order_col: Annotated[str | None, typer.Option("--order-col")] = None,
    reference_date: Annotated[str | None, typer.Option("--reference-date")] = None,
    profile: Annotated[bool, typer.Option("--profile", help="Write the segment profile.")] = False,
    lang: LangOpt = "zh",
) -> None:  # fmt: skip
    """RFM scores and the ten segments per customer (or the segment profile)."""
    with user_errors():
        if amount_col is None and (quantity_col is None or price_col is None):
            raise InputError("give --amount-col or both --quantity-col and --price-col")
        code = lang_of(lang)
        table = rfm(read_table(data), customer_col, date_col, amount_col, quantity_col,
                    price_col, order_col, reference_date, lang=code)  # fmt: skip
        finish(rfm_profile(table, code) if profile else table, out, "RFM", "rows")


def verify_cmd(
    data: DataOpt, out: OutOpt,
    time_col: Annotated[str, typer.Option("--time-col", help="Timestamp or hour column.")],
    claim: Annotated[str, typer.Option("--claim")] = "需要24小时服务",
    count_col: Annotated[str | None, typer.Option("--count-col")] = None,
    start_hour: Annotated[int, typer.Option("--start-hour")] = 22,
    end_hour: Annotated[int, typer.Option("--end-hour")] = 6,
    supported_at: Annotated[float, typer.Option("--supported-at")] = 0.2,
    contradicted_below: Annotated[float, typer.Option("--contradicted-below")] = 0.1,
    lang: LangOpt = "zh",
) -> None:  # fmt: skip
    """Verify an hours claim (e.g. 24-hour service) against contacts by hour."""
    with user_errors():
        result = verify_hours(read_table(data), time_col, claim, start_hour, end_hour, count_col,
                              supported_at, contradicted_below, lang=lang_of(lang))  # fmt: skip
        typer.echo(result.evidence)
        finish(result.to_frame(), out, "verification", "claim")


def fivewhy_cmd(
    data: DataOpt, out: OutOpt,
    need_text: Annotated[str, typer.Option("--need")],
    problem: Annotated[str, typer.Option("--problem")],
    lang: LangOpt = "zh",
) -> None:  # fmt: skip
    """5-Why tree from a node,parent,text[,evidence] table; prints the tree, writes .txt/.csv."""
    with user_errors():
        tree = FiveWhy.from_frame(read_table(data), need_text, problem)
        text = tree.render(lang_of(lang))
        typer.echo(text)
        if out.suffix.lower() in (".txt", ".md"):
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text + "\n", encoding="utf-8")
        else:
            finish(tree.to_frame(), out, "5-why", "nodes")


COMMANDS: dict[str, Callable[..., None]] = {
    "kano": kano_cmd, "nps": nps_cmd, "csat": csat_cmd, "ces": ces_cmd,
    "metric-compare": compare_cmd, "servqual": servqual_cmd, "zone-of-tolerance": zone_cmd,
    "gap-table": gap_table_cmd, "ipa": ipa_cmd, "drivers": drivers_cmd,
    "priority": priority_cmd, "feasibility": feasibility_cmd, "complaints": complaints_cmd,
    "rfm": rfm_cmd, "verify-hours": verify_cmd, "fivewhy": fivewhy_cmd,
}  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add the analysis-method commands to ``app``."""
    for name, command in COMMANDS.items():
        app.command(name)(command)


__all__ = ["COMMANDS", "read_table", "register", "write_table"]
