"""Scatter and interval figures of the analysis methods (Kano plot, IPA, 2×2 matrix, drivers).

Each figure comes as SVG text (HTML), PNG bytes (XLSX) or an :class:`Svg` block holding both.
Text is drawn as paths, so no user text ever reaches the markup.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from needscope.model.vocab import IpaQuadrant, KanoClass, Lang, PriorityClass
from needscope.report.blocks import Svg
from needscope.report.charts import PALETTE, font_family, wrap_label

WIDTH_IN = 6.4
PNG_DPI = 150
_LOCK = threading.RLock()
FigureMaker = Callable[[], Figure]
P = ParamSpec("P")


def _t(lang: Lang, zh: str, en: str) -> str:
    """Pick the text in ``lang``."""
    return zh if lang == "zh" else en


def _rc() -> dict[Any, Any]:
    """matplotlib settings matching the report's chart style."""
    family = font_family()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
        "font.size": 9,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 9,
        "axes.edgecolor": "#888888",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
        "legend.frameon": False,
        "legend.fontsize": 8,
        "svg.fonttype": "path",
        "svg.hashsalt": "needscope",
    }


@contextmanager
def _style() -> Iterator[None]:
    """Serialise rendering (rcParams are global) and apply the house style."""
    with _LOCK, matplotlib.rc_context(_rc()):
        yield


def styled(build: Callable[P, Figure]) -> Callable[P, Figure]:
    """Build the figure inside the house style (fonts are fixed when text is created)."""

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with _style():
            return build(*args, **kwargs)

    return wrapper


def new_figure(
    height: float = 5.0,
    *,
    left: float = 0.7,
    bottom: float = 0.55,
    right: float = 0.2,
    top: float = 0.4,
) -> tuple[Figure, Axes]:
    """A figure 6.4 in wide (A4 text width) on the Agg canvas with fixed margins in inches.

    Fixed margins instead of a layout engine: each draw is then a single pass.
    """
    fig = Figure(figsize=(WIDTH_IN, height))
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=left / WIDTH_IN, right=1 - right / WIDTH_IN,
                        bottom=bottom / height, top=1 - top / height)  # fmt: skip
    return fig, fig.add_subplot()


def _as_svg(fig: Figure) -> str:
    """The figure as an ``<svg>`` element without prolog, metadata or comments."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    text = text[text.find("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    return re.sub(r"<!--.*?-->\s*", "", text, flags=re.DOTALL)


def _as_png(fig: Figure, dpi: int = PNG_DPI) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def render_svg(make: FigureMaker) -> str:
    """Build a figure with ``make`` in the house style and return its SVG."""
    with _style():
        return _as_svg(make())


def render_png(make: FigureMaker, dpi: int = PNG_DPI) -> bytes:
    """Build a figure with ``make`` in the house style and return its PNG."""
    with _style():
        return _as_png(make(), dpi)


def render_block(make: FigureMaker, title: str = "") -> Svg:
    """Build a figure once and return it as an :class:`Svg` block with its PNG."""
    with _style():
        fig = make()
        return Svg(_as_svg(fig), title, _as_png(fig))


def _place_labels(
    ax: Axes, xs: np.ndarray, ys: np.ndarray, labels: list[str], fontsize: float = 8
) -> None:
    """Label points, merging points at the same place and moving labels off each other."""
    groups: dict[tuple[float, float], list[str]] = {}
    for x, y, text in zip(xs, ys, labels, strict=True):
        if np.isfinite(x) and np.isfinite(y):
            groups.setdefault((round(float(x), 6), round(float(y), 6)), []).append(text)
    if not groups:
        return
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # fixed margins: no draw
    placed: list[Bbox] = []
    points = ax.transData.transform(np.array(list(groups.keys()), dtype=float))
    dots = [Bbox.from_bounds(px - 4, py - 4, 8, 8) for px, py in points]
    axes_box = ax.get_window_extent(renderer)
    offsets = [(5, 4), (5, -12), (-5, 4), (-5, -12), (0, 10), (0, -16), (10, 14), (-10, -20),
               (14, -2), (-14, -2), (6, 22), (-6, -28)]  # fmt: skip
    for (x, y), names in groups.items():
        text = wrap_label("、".join(names) if len(names) > 1 else names[0], 22, 4)
        best = None
        for dx, dy in offsets:
            ann = ax.annotate(text, (x, y), textcoords="offset points", xytext=(dx, dy),
                              fontsize=fontsize, ha="left" if dx >= 0 else "right",
                              va="bottom" if dy >= 0 else "top", color="#333333")  # fmt: skip
            box = ann.get_window_extent(renderer)
            clash = sum(box.overlaps(b) for b in placed) + sum(box.overlaps(d) for d in dots)
            inside = axes_box.contains(box.x0, box.y0) and axes_box.contains(box.x1, box.y1)
            score = clash * 10 + (0 if inside else 5)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, ann, box)
            else:
                ann.remove()
            if score == 0:
                break
        assert best is not None
        placed.append(best[2])


# --------------------------------------------------------------------------- KANO


@styled
def kano_figure(result: pd.DataFrame, lang: Lang = "zh") -> Figure:
    """Kano plot: Better (y) against |Worse| (x); point size by importance when present."""
    xs = np.abs(result["worse"].to_numpy(dtype=float))
    ys = result["better"].to_numpy(dtype=float)
    names = result["attribute"].astype(str).tolist()
    if "segment" in result.columns:
        names = [f"{a}（{s}）" if lang == "zh" else f"{a} ({s})"
                 for a, s in zip(names, result["segment"].astype(str), strict=True)]  # fmt: skip
    sizes = np.full(len(xs), 50.0)
    if "importance" in result.columns:
        imp = result["importance"].to_numpy(dtype=float)
        if np.isfinite(imp).any():
            lo, hi = np.nanmin(imp), np.nanmax(imp)
            sizes = np.nan_to_num(40.0 + 160.0 * (imp - lo) / (hi - lo if hi > lo else 1.0), nan=40)
    fig, ax = new_figure(5.2, bottom=0.95)
    ax.axhline(0.5, color="#bbbbbb", lw=0.8, zorder=0)
    ax.axvline(0.5, color="#bbbbbb", lw=0.8, zorder=0)
    colours = {c.value: PALETTE[i] for i, c in enumerate(KanoClass)}
    cats = result["category"].astype(str).str[0] if "category" in result.columns else None
    for cls in KanoClass:
        mask = (cats == cls.value).to_numpy() if cats is not None else np.ones(len(xs), bool)
        if mask.any():
            ax.scatter(xs[mask], ys[mask], s=sizes[mask], color=colours[cls.value], alpha=0.85,
                       label=cls.label(lang), edgecolor="white", linewidth=0.6)  # fmt: skip
        if cats is None:
            break
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    corners = [(0.02, 0.98, KanoClass.ATTRACTIVE, "left", "top"),
               (0.98, 0.98, KanoClass.ONE_DIMENSIONAL, "right", "top"),
               (0.98, 0.02, KanoClass.MUST_BE, "right", "bottom"),
               (0.02, 0.02, KanoClass.INDIFFERENT, "left", "bottom")]  # fmt: skip
    for cx, cy, cls, ha, va in corners:
        ax.text(cx, cy, cls.label(lang), ha=ha, va=va, color="#999999", fontsize=10,
                transform=ax.transAxes)  # fmt: skip
    ax.set_xlabel(_t(lang, "不满意系数 |Worse|（缺少时的不满程度）", "Dissatisfaction |Worse|"))
    ax.set_ylabel(_t(lang, "满意系数 Better（具备时的满意程度）", "Satisfaction Better"))
    ax.set_title(_t(lang, "KANO 四象限图", "Kano plot"))
    if cats is not None:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=6, fontsize=8)
    _place_labels(ax, xs, ys, names)
    return fig


def kano_plot_svg(result: pd.DataFrame, lang: Lang = "zh") -> str:
    """Kano plot as SVG text."""
    return render_svg(lambda: kano_figure(result, lang))


def kano_plot_png(result: pd.DataFrame, lang: Lang = "zh", dpi: int = PNG_DPI) -> bytes:
    """Kano plot as PNG bytes."""
    return render_png(lambda: kano_figure(result, lang), dpi)


# --------------------------------------------------------------------------- IPA


@styled
def ipa_figure(result: pd.DataFrame, lang: Lang = "zh") -> Figure:
    """IPA quadrant chart: performance (x) against importance (y), crosshair lines."""
    xs = result["performance"].to_numpy(dtype=float)
    ys = result["importance"].to_numpy(dtype=float)
    cx = float(result["performance_crosshair"].iloc[0])
    cy = float(result["importance_crosshair"].iloc[0])
    fig, ax = new_figure(5.2)
    colours = {
        IpaQuadrant.CONCENTRATE.value: "#E15759",
        IpaQuadrant.KEEP_UP.value: "#59A14F",
        IpaQuadrant.LOW_PRIORITY.value: "#BAB0AC",
        IpaQuadrant.OVERKILL.value: "#F28E2B",
    }
    quad = result["quadrant"].astype(str).to_numpy()
    ax.scatter(xs, ys, c=[colours.get(q, "#4E79A7") for q in quad], s=46, alpha=0.9,
               edgecolor="white", linewidth=0.6)  # fmt: skip
    ax.axvline(cx, color="#bbbbbb", lw=0.8, zorder=0)
    ax.axhline(cy, color="#bbbbbb", lw=0.8, zorder=0)
    pad_x = (np.nanmax(xs) - np.nanmin(xs)) * 0.12 + 1e-6
    pad_y = (np.nanmax(ys) - np.nanmin(ys)) * 0.12 + 1e-6
    ax.set_xlim(min(np.nanmin(xs), cx) - pad_x, max(np.nanmax(xs), cx) + pad_x)
    ax.set_ylim(min(np.nanmin(ys), cy) - pad_y, max(np.nanmax(ys), cy) + pad_y)
    corners = [(0.02, 0.98, IpaQuadrant.CONCENTRATE, "left", "top"),
               (0.98, 0.98, IpaQuadrant.KEEP_UP, "right", "top"),
               (0.02, 0.02, IpaQuadrant.LOW_PRIORITY, "left", "bottom"),
               (0.98, 0.02, IpaQuadrant.OVERKILL, "right", "bottom")]  # fmt: skip
    for qx, qy, q, ha, va in corners:
        ax.text(qx, qy, q.label(lang), transform=ax.transAxes, ha=ha, va=va,
                color=colours[q.value], fontsize=10, fontweight="bold", alpha=0.8)  # fmt: skip
    ax.set_xlabel(_t(lang, "表现", "Performance"))
    ax.set_ylabel(_t(lang, "重要性", "Importance"))
    ax.set_title(_t(lang, "重要性–表现四象限", "Importance–performance quadrants"))
    _place_labels(ax, xs, ys, result["item"].astype(str).tolist(), fontsize=7.5)
    return fig


def ipa_plot_svg(result: pd.DataFrame, lang: Lang = "zh") -> str:
    """IPA chart as SVG text."""
    return render_svg(lambda: ipa_figure(result, lang))


def ipa_plot_png(result: pd.DataFrame, lang: Lang = "zh", dpi: int = PNG_DPI) -> bytes:
    """IPA chart as PNG bytes."""
    return render_png(lambda: ipa_figure(result, lang), dpi)


# --------------------------------------------------------------------------- priority matrix


@styled
def priority_figure(
    result: pd.DataFrame, need: str = "need", midpoint: float = 3.0, lang: Lang = "zh"
) -> Figure:
    """2×2 importance–urgency matrix with each need placed and coloured by its class."""
    colours = {PriorityClass.NOW.value: "#E15759", PriorityClass.PLANNED.value: "#F28E2B",
               PriorityClass.DEFERRED.value: "#9C9C9C"}  # fmt: skip
    xs = result["urgency"].to_numpy(dtype=float)
    ys = result["importance"].to_numpy(dtype=float)
    fig, ax = new_figure(5.4, bottom=0.95)
    ax.axvline(midpoint, color="#bbbbbb", lw=0.8, zorder=0)
    ax.axhline(midpoint, color="#bbbbbb", lw=0.8, zorder=0)
    for cls in PriorityClass:
        mask = (result["priority"] == cls.value).to_numpy()
        if mask.any():
            ax.scatter(xs[mask], ys[mask], color=colours[cls.value], label=cls.label(lang), s=60,
                       edgecolor="white", linewidth=0.6, zorder=3)  # fmt: skip
    ax.set_xlim(0.8, 5.2)
    ax.set_ylim(0.8, 5.2)
    quads = [
        (0.02, 0.98, _t(lang, "重要不紧急", "Important, not urgent"), "left", "top"),
        (0.98, 0.98, _t(lang, "重要且紧急", "Important and urgent"), "right", "top"),
        (0.02, 0.02, _t(lang, "不重要不紧急", "Neither"), "left", "bottom"),
        (0.98, 0.02, _t(lang, "紧急不重要", "Urgent, less important"), "right", "bottom"),
    ]
    for qx, qy, text, ha, va in quads:
        ax.text(qx, qy, text, transform=ax.transAxes, ha=ha, va=va, color="#999999", fontsize=9)
    ax.set_xlabel(_t(lang, "紧急性（1–5）", "Urgency (1–5)"))
    ax.set_ylabel(_t(lang, "重要性（1–5）", "Importance (1–5)"))
    ax.set_title(_t(lang, "重要性–紧急性矩阵", "Importance–urgency matrix"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8)
    _place_labels(ax, xs, ys, result[need].astype(str).tolist())
    return fig


def priority_matrix_svg(
    result: pd.DataFrame, need: str = "need", midpoint: float = 3.0, lang: Lang = "zh"
) -> str:
    """2×2 matrix as SVG text."""
    return render_svg(lambda: priority_figure(result, need, midpoint, lang))


def priority_matrix_png(
    result: pd.DataFrame, need: str = "need", midpoint: float = 3.0, lang: Lang = "zh",
    dpi: int = PNG_DPI,
) -> bytes:  # fmt: skip
    """2×2 matrix as PNG bytes."""
    return render_png(lambda: priority_figure(result, need, midpoint, lang), dpi)


__all__ = [
    "PNG_DPI",
    "WIDTH_IN",
    "ipa_figure",
    "ipa_plot_png",
    "ipa_plot_svg",
    "kano_figure",
    "kano_plot_png",
    "kano_plot_svg",
    "new_figure",
    "priority_figure",
    "priority_matrix_png",
    "priority_matrix_svg",
    "render_block",
    "render_png",
    "render_svg",
    "styled",
]
