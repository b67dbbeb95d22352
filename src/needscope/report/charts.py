"""Render a ``Chart`` block to SVG text (HTML) or PNG bytes (XLSX, DOCX) with matplotlib."""

from __future__ import annotations

import functools
import io
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.rcsetup import cycler
from matplotlib.ticker import FuncFormatter, MaxNLocator

from needscope.model.vocab import Lang
from needscope.report.blocks import Chart

PALETTE: tuple[str, ...] = (
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#76B7B2",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
)
"""Series colours (Tableau 10, colour-blind friendly), used in this order by every chart."""

_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Heiti SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
_PROBE = "中文需求"
_WIDTH_IN = 6.4  # fits the 16 cm text width of an A4 page
_NO_DATA = {"zh": "暂无数据", "en": "No data yet"}
_OTHER = {"zh": "其他", "en": "Other"}
_LOCK = threading.RLock()
_warned = False


@functools.cache
def font_family() -> str | None:
    """Name of an installed font family that covers Chinese, or None if there is none."""
    entries = font_manager.fontManager.ttflist
    names = {e.name for e in entries}
    for family in _CJK_FAMILIES:
        if family in names:
            return family
    for entry in entries:
        if _covers(entry.fname, _PROBE):
            return str(entry.name)
    return None


def _covers(path: str, text: str) -> bool:
    """True if the font file at ``path`` has a glyph for every character of ``text``."""
    try:
        charmap = font_manager.get_font(path).get_charmap()
    except Exception:  # unreadable or unsupported font file
        return False
    return all(ord(ch) in charmap for ch in text)


def _rc() -> dict[Any, Any]:
    """matplotlib settings for the house style."""
    global _warned
    family = font_family()
    if family is None and not _warned:
        _warned = True
        warnings.warn(
            "no font with Chinese glyphs found; chart text in Chinese will show as boxes "
            "(install fonts-noto-cjk or another CJK font)",
            RuntimeWarning,
            stacklevel=3,
        )
    sans = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    return {
        "font.family": "sans-serif",
        "font.sans-serif": sans,
        "font.size": 9,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 9,
        "axes.labelcolor": "#333333",
        "axes.edgecolor": "#888888",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(PALETTE)),
        "axes.unicode_minus": False,
        "xtick.color": "#444444",
        "ytick.color": "#444444",
        "legend.frameon": False,
        "legend.fontsize": 8,
        "svg.fonttype": "path",
        "svg.hashsalt": "needscope",
        "figure.dpi": 100,
    }


@contextmanager
def _style() -> Iterator[None]:
    """Serialise rendering (rcParams are global) and apply the house style."""
    with _LOCK, matplotlib.rc_context(_rc()), warnings.catch_warnings():
        if font_family() is None:
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        yield


def chart_svg(chart: Chart, lang: Lang = "zh") -> str:
    """The chart as an ``<svg>`` element: text drawn as paths; no prolog, metadata or comments."""
    with _style():
        fig = _figure(chart, lang)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = text[text.find("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    return re.sub(r"<!--.*?-->\s*", "", text, flags=re.DOTALL)


def chart_png(chart: Chart, lang: Lang = "zh", dpi: int = 150) -> bytes:
    """The chart as PNG bytes at ``dpi`` (6.4 in wide)."""
    with _style():
        fig = _figure(chart, lang)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def wrap_label(text: str, width: int = 16, max_lines: int = 3) -> str:
    """Wrap ``text`` to ``width`` display cells per line (CJK counts 2), ellipsis past the end."""
    tokens = re.findall(r"[A-Za-z0-9_.%'’\-]+\s*|\s+|.", text)
    lines: list[str] = []
    line, used = "", 0
    for token in tokens:
        w = _cells(token.rstrip())
        if used and used + w > width:
            lines.append(line.rstrip())
            line, used = "", 0
            if token.isspace():
                continue
        line += token
        used += _cells(token)
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + "…"]
    return "\n".join(lines)


def _cells(text: str) -> int:
    """Display width of ``text`` (CJK counts 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fmt(value: float) -> str:
    """Short label for a value on a bar."""
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _validate(chart: Chart) -> pd.DataFrame:
    """Check the chart's columns and return its values as numbers (missing as 0)."""
    if chart.kind not in ("bar", "barh", "stacked_bar", "line", "pie"):
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    if not chart.y:
        raise ValueError("a chart needs at least one value column in y")
    missing = [c for c in [chart.x, *chart.y] if c not in chart.data.columns]
    if missing:
        have = ", ".join(map(str, chart.data.columns))
        raise ValueError(f"chart {chart.title!r}: no column(s) {missing}; columns are: {have}")
    if len(set(chart.y)) != len(chart.y):
        raise ValueError(f"chart {chart.title!r}: y names a column twice: {chart.y}")
    values = pd.DataFrame(
        {c: pd.to_numeric(chart.data[c], errors="coerce") for c in chart.y}, index=chart.data.index
    )
    return values.fillna(0.0).astype(float)


def _categories(chart: Chart, width: int, max_lines: int = 3) -> list[str]:
    """Category labels of the x column, wrapped."""
    return [wrap_label(_label(v), width, max_lines) for v in chart.data[chart.x]]


def _label(value: object) -> str:
    """Text of one category value."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d" if value == value.normalize() else "%Y-%m-%d %H:%M")
    return str(value)


def _figure(chart: Chart, lang: Lang) -> Figure:
    """Build the figure for ``chart``."""
    values = _validate(chart)
    n = len(values)
    if chart.kind == "barh":
        height = min(max(1.2 + 0.28 * n * max(1.0, 0.6 * len(chart.y)), 2.6), 9.0)
        size = (_WIDTH_IN, height)
    else:
        size = (_WIDTH_IN, 3.8 if chart.kind == "pie" else 3.6)
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    if n == 0 or not np.isfinite(values.to_numpy()).any() or (values.to_numpy() == 0).all():
        _no_data(ax, lang)
    elif chart.kind == "bar":
        _bars(ax, chart, values, stacked=False)
    elif chart.kind == "stacked_bar":
        _bars(ax, chart, values, stacked=True)
    elif chart.kind == "barh":
        _barh(ax, chart, values)
    elif chart.kind == "line":
        _line(fig, ax, chart, values)
    else:
        _pie(ax, chart, values, lang)
    if chart.title:
        ax.set_title(wrap_label(chart.title, 70, 2))
    if chart.xlabel and chart.kind != "pie":
        ax.set_xlabel(chart.xlabel)
    if chart.ylabel and chart.kind != "pie":
        ax.set_ylabel(chart.ylabel)
    return fig


def _no_data(ax: Axes, lang: Lang) -> None:
    """An empty panel saying there is nothing to draw."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, _NO_DATA[lang], ha="center", va="center", color="#888888", fontsize=12)


def _value_axis(ax: Axes, axis: Literal["x", "y"], values: pd.DataFrame) -> None:
    """Light grid and thousands separators on the value axis."""
    integral = bool(np.all(np.mod(values.to_numpy(), 1) == 0))
    target = ax.yaxis if axis == "y" else ax.xaxis
    if integral:
        target.set_major_locator(MaxNLocator(nbins="auto", integer=True, min_n_ticks=2))
    target.set_major_formatter(
        FuncFormatter(lambda v, _: f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}")
    )
    ax.grid(axis=axis, color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)


def _legend(ax: Axes, chart: Chart) -> None:
    """Legend outside the plot, only when there are several series."""
    if len(chart.y) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _bars(ax: Axes, chart: Chart, values: pd.DataFrame, *, stacked: bool) -> None:
    """Vertical bars: grouped (one bar per series) or stacked."""
    n, k = values.shape
    room = 430 / (max(n, 1) * 4.6)  # label cells per category at 9 pt on a 6.4 in figure
    many = room < 8
    labels = _categories(chart, 18, 1) if many else _categories(chart, min(int(room) - 1, 24))
    x = np.arange(n)
    bottom = np.zeros(n)
    width = 0.7 if stacked else 0.8 / k
    for i, col in enumerate(chart.y):
        heights = values[col].to_numpy()
        offset = 0.0 if stacked else (i - (k - 1) / 2) * width
        bars = ax.bar(
            x + offset,
            heights,
            width,
            bottom=bottom if stacked else None,
            label=wrap_label(str(col), 20),
            color=PALETTE[i % len(PALETTE)],
        )
        if not stacked and n * k <= 16:
            ax.bar_label(bars, labels=[_fmt(h) for h in heights], padding=2, fontsize=8)
        if stacked:
            bottom = bottom + heights
    if stacked and n <= 15:
        for xi, total in zip(x, bottom, strict=True):
            ax.annotate(
                _fmt(total),
                (xi, total),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
    ax.set_xticks(x, labels)
    if many:
        rotation = 90 if n > 20 else 35
        ax.tick_params(axis="x", labelrotation=rotation)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right" if rotation < 90 else "center")
            tick.set_rotation_mode("anchor")
    top = float(bottom.max()) if stacked else float(values.to_numpy().max())
    low = min(0.0, float(values.to_numpy().min()))
    ax.set_ylim(low, top + 0.1 * (top - low))  # headroom for the value labels
    ax.margins(x=0.02)
    _value_axis(ax, "y", values)
    _legend(ax, chart)


def _barh(ax: Axes, chart: Chart, values: pd.DataFrame) -> None:
    """Horizontal bars, first category at the top."""
    n, k = values.shape
    labels = _categories(chart, 22)
    y = np.arange(n)
    height = 0.8 / k
    for i, col in enumerate(chart.y):
        widths = values[col].to_numpy()
        bars = ax.barh(
            y + (i - (k - 1) / 2) * height,
            widths,
            height,
            label=wrap_label(str(col), 20),
            color=PALETTE[i % len(PALETTE)],
        )
        if n * k <= 30:
            ax.bar_label(bars, labels=[_fmt(w) for w in widths], padding=2, fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    right = float(values.to_numpy().max())
    left = min(0.0, float(values.to_numpy().min()))
    ax.set_xlim(left, right + 0.08 * (right - left))  # room for the value labels
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _value_axis(ax, "x", values)
    _legend(ax, chart)


def _line(fig: Figure, ax: Axes, chart: Chart, values: pd.DataFrame) -> None:
    """Lines over time (or over ordered categories when x is not a date)."""
    raw = chart.data[chart.x]
    if isinstance(raw.dtype, pd.PeriodDtype):
        raw = raw.dt.to_timestamp()
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        times = pd.Series(raw)
    else:
        times = pd.to_datetime(raw.astype(object), errors="coerce", format="ISO8601")
    dated = bool(times.notna().all())
    order = np.argsort(times.to_numpy(), kind="stable") if dated else np.arange(len(raw))
    xs: Any = times.to_numpy()[order] if dated else np.arange(len(raw))
    marker = "o" if len(raw) <= 36 else None
    for i, col in enumerate(chart.y):
        ax.plot(
            xs,
            values[col].to_numpy()[order],
            marker=marker,
            markersize=3.5,
            linewidth=1.8,
            label=wrap_label(str(col), 20),
            color=PALETTE[i % len(PALETTE)],
        )
    if dated:
        span = (times.max() - times.min()) if len(times) else pd.Timedelta(0)
        fmt = (
            "%m-%d %H:%M"
            if span < pd.Timedelta(days=3)
            else ("%m-%d" if span < pd.Timedelta(days=120) else "%Y-%m")
        )
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))  # type: ignore[no-untyped-call]
        fig.autofmt_xdate(rotation=30, ha="right")
    else:
        ax.set_xticks(np.arange(len(raw)), _categories(chart, 12))
    ax.set_ylim(bottom=min(0.0, float(values.to_numpy().min())))
    _value_axis(ax, "y", values)
    _legend(ax, chart)


def _pie(ax: Axes, chart: Chart, values: pd.DataFrame, lang: Lang) -> None:
    """A donut of the first value column; beyond 8 slices the smallest become 'Other'."""
    series = pd.Series(values[chart.y[0]].to_numpy(), index=_categories(chart, 24))
    series = series[series > 0]
    if len(series) > 8:
        series = series.sort_values(ascending=False)
        other = series.iloc[7:].sum()
        series = pd.concat([series.iloc[:7], pd.Series([other], index=[_OTHER[lang]])])
    total = float(series.sum())
    wedges, *_ = ax.pie(
        series.to_numpy(),
        colors=[PALETTE[i % len(PALETTE)] for i in range(len(series))],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": "white", "linewidth": 1.2},
        autopct=lambda p: f"{p:.0f}%" if p >= 4 else "",
        pctdistance=0.78,
        textprops={"fontsize": 8, "color": "white"},
    )
    legend = [f"{name}  {_fmt(v)} ({v / total:.0%})" for name, v in series.items()]
    ax.legend(wedges, legend, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_aspect("equal")


__all__ = ["PALETTE", "chart_png", "chart_svg", "font_family", "wrap_label"]
