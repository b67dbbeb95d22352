"""Render report sections as one self-contained, offline HTML file."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from needscope.model.vocab import Lang, Vocab
from needscope.report.blocks import Chart, Metrics, Section, Svg, Table, Text
from needscope.report.charts import chart_svg

_TEMPLATES = Path(__file__).parent / "templates"

CHROME: dict[str, dict[Lang, str]] = {
    "contents": {"zh": "目录", "en": "Contents"},
    "generated_at": {"zh": "生成时间", "en": "Generated at"},
    "colon": {"zh": "：", "en": ": "},
    "generated_by": {"zh": "由 needscope 生成", "en": "Made with needscope"},
    "showing": {"zh": "显示前 {shown} 行，共 {total} 行", "en": "Showing {shown} of {total} rows"},
    "rows": {"zh": "共 {total} 行", "en": "{total} rows"},
    "no_data": {"zh": "暂无数据", "en": "No data yet"},
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
}
"""Labels of the page chrome in each language."""


def chrome(key: str, lang: Lang) -> str:
    """The page-chrome label ``key`` in ``lang``."""
    return CHROME[key][lang]


def format_value(value: object, lang: Lang = "zh") -> str:
    """Plain display text for one table cell or metric value."""
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, Vocab):
        return value.label(lang)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool | np.bool_):
        return chrome("yes" if value else "no", lang)
    if isinstance(value, int | np.integer):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, float | np.floating):
        x = float(value)
        if math.isnan(x):
            return ""
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if x.is_integer():
            return format_value(int(x), lang)
        if abs(x) < 1:
            return f"{x:.3g}"
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
        fmt = "%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M"
        return stamp.strftime(fmt)
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        sep = "；" if lang == "zh" else "; "
        return sep.join(format_value(v, lang) for v in value)
    return str(value)


def _anchor(i: int, key: str) -> str:
    """A safe, unique element id for section number ``i``."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")[:40]
    return f"s{i}-{slug}" if slug else f"s{i}"


def _scoped_svg(svg: str, prefix: str) -> str:
    """Prefix every id in ``svg`` (and references to it) so inline SVGs never clash."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg

    def swap(m: re.Match[str]) -> str:
        name = m.group(2)
        return f"{m.group(1)}{prefix}{name}" if name in ids else m.group(0)

    svg = re.sub(r'(\bid=")([^"]+)(?=")', swap, svg)
    return re.sub(r"(#)([^\s\"')]+)(?=[\"')])", swap, svg)


_SVG_FORBIDDEN = re.compile(
    r"<\s*(script|foreignObject|iframe|object|embed|image|a|animate|set|style)\b"
    r"|\bon[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*[\"'](?!#)|url\((?!\s*#)",
    re.IGNORECASE,
)

_MPL_STYLE = re.compile(r'<style type="text/css">\*\{[a-z:;\s-]*\}</style>')


def trusted_svg(svg: str) -> str:
    """The ``<svg>`` element of ``svg`` without prolog, comments or metadata, checked for safety.

    Raises ``ValueError`` if the markup holds anything that could run or fetch: scripts,
    event handlers, foreign objects, images, styles, or links outside the document.
    """
    start, end = svg.find("<svg"), svg.rfind("</svg>")
    if start < 0 or end < start:
        raise ValueError("not an SVG document")
    text = svg[start : end + len("</svg>")]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.DOTALL)
    text = re.sub(r"<!\[CDATA\[.*?\]\]>", "", text, flags=re.DOTALL)
    # matplotlib's one style rule (stroke joins) is allowed; any other stylesheet is refused
    bad = _SVG_FORBIDDEN.search(_MPL_STYLE.sub("", text))
    if bad:
        raise ValueError(f"unsafe SVG markup: {bad.group(0)!r}")
    return text


def _table_view(table: Table, lang: Lang) -> dict[str, Any]:
    """Template data for a table: headers, formatted rows, numeric columns, row note."""
    frame = table.frame
    total = len(frame)
    shown = frame.head(max(table.max_rows, 0))
    numeric = [
        pd.api.types.is_numeric_dtype(frame.iloc[:, j].dtype)
        and not pd.api.types.is_bool_dtype(frame.iloc[:, j].dtype)
        for j in range(frame.shape[1])
    ]
    rows = [[format_value(v, lang) for v in row] for row in shown.itertuples(False, None)]
    if len(shown) < total:
        note = chrome("showing", lang).format(shown=f"{len(shown):,}", total=f"{total:,}")
    else:
        note = chrome("rows", lang).format(total=f"{total:,}") if total > 10 else ""
    return {
        "type": "table",
        "caption": table.caption or "",
        "columns": [format_value(c, lang) for c in frame.columns],
        "numeric": numeric,
        "rows": rows,
        "note": note,
        "empty": frame.shape[1] == 0 or total == 0,
    }


def _block_views(section: Section, lang: Lang, counter: list[int]) -> list[dict[str, Any]]:
    """Template data for each block of ``section``."""
    views: list[dict[str, Any]] = []
    for block in section.blocks:
        if isinstance(block, Text):
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", block.text) if p.strip()]
            views.append({"type": "text", "paragraphs": [p.split("\n") for p in paragraphs]})
        elif isinstance(block, Metrics):
            items = [(str(k), format_value(v, lang)) for k, v in block.items]
            views.append({"type": "metrics", "tiles": items})
        elif isinstance(block, Table):
            views.append(_table_view(block, lang))
        elif isinstance(block, Chart):
            counter[0] += 1
            # Markup is safe here: matplotlib draws all text as paths and comments are removed.
            svg = Markup(_scoped_svg(chart_svg(block, lang), f"c{counter[0]}-"))
            views.append({"type": "chart", "svg": svg, "title": block.title})
        elif isinstance(block, Svg):
            counter[0] += 1
            # Markup is safe here: trusted_svg strips comments and refuses active content.
            svg = Markup(_scoped_svg(trusted_svg(block.svg), f"c{counter[0]}-"))
            views.append({"type": "chart", "svg": svg, "title": block.title})
        else:
            raise TypeError(f"unknown report block {type(block).__name__}")
    return views


def _environment() -> jinja2.Environment:
    """Jinja2 environment with autoescape on for every template."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(
    title: str,
    subtitle: str,
    sections: list[Section],
    lang: Lang = "zh",
    generated_at: datetime | None = None,
) -> str:
    """The whole report as one HTML page with inline CSS and SVG (no network needed)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    stamp = generated_at or datetime.now().astimezone()
    when = stamp.strftime("%Y-%m-%d %H:%M") + (f" {stamp.strftime('%Z')}" if stamp.tzinfo else "")
    counter = [0]
    views = [
        {
            "anchor": _anchor(i, s.key),
            "title": s.title,
            "blocks": _block_views(s, lang, counter),
        }
        for i, s in enumerate(sections, start=1)
    ]
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        subtitle=subtitle,
        sections=views,
        html_lang="zh-CN" if lang == "zh" else "en",
        generated_at=when.strip(),
        t={key: labels[lang] for key, labels in CHROME.items()},
    )


def write_html(
    path: str | Path,
    title: str,
    subtitle: str,
    sections: list[Section],
    lang: Lang = "zh",
    generated_at: datetime | None = None,
) -> Path:
    """Write the report to ``path`` as UTF-8 HTML and return the path."""
    out = Path(path)
    out.write_text(render_html(title, subtitle, sections, lang, generated_at), encoding="utf-8")
    return out


__all__ = ["CHROME", "chrome", "format_value", "render_html", "trusted_svg", "write_html"]
