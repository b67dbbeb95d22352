"""Write report sections as a print-ready A4 PDF (WeasyPrint): cover, contents, page numbers."""

from __future__ import annotations

import base64
import struct
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from needscope.errors import MissingExtra
from needscope.model.vocab import Lang
from needscope.report.blocks import Block, Chart, Section, Svg, Table, Text
from needscope.report.docx import chart_image
from needscope.report.html import _anchor, _block_views

PDF_FONT = "Noto Sans CJK SC"

_LABELS: dict[str, dict[Lang, str]] = {
    "contents": {"zh": "目录", "en": "Contents"},
    "client": {"zh": "客户", "en": "Client"},
    "date": {"zh": "日期", "en": "Date"},
    "page": {"zh": "第 {n} 页", "en": "Page {n}"},
    "no_data": {"zh": "暂无数据", "en": "No data yet"},
    "showing": {"zh": "显示前 {shown} 行，共 {total} 行", "en": "Showing {shown} of {total} rows"},
}

_CSS = """
@page { size: A4; margin: 18mm 15mm 20mm 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #616e7c; }
  @top-right { content: string(doctitle); font-size: 8pt; color: #9aa5b1; } }
@page cover { @bottom-center { content: none; } @top-right { content: none; } }
@page wide { size: A4 landscape; margin: 12mm 12mm 16mm 12mm; }
html { font-family: "FONT", "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 10pt;
  color: #1f2933; line-height: 1.5; }
.cover { page: cover; break-after: page; padding-top: 70mm; text-align: center; }
.cover h1 { font-size: 24pt; margin: 0 0 6mm; string-set: doctitle content(); }
.cover .subtitle { font-size: 14pt; color: #52606d; margin: 0 0 14mm; }
.cover .meta { font-size: 11pt; color: #3e4c59; margin: 2mm 0; }
.cover .bar { width: 40mm; height: 2mm; background: #4e79a7; margin: 0 auto 10mm; }
nav.toc { break-after: page; }
nav.toc h2 { font-size: 16pt; border: 0; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc li { margin: 1.5mm 0; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a::after { content: leader(dotted) " " target-counter(attr(href), page); }
section.part > h2 { font-size: 14pt; margin: 0 0 3mm; padding-bottom: 1.5mm;
  border-bottom: 0.6pt solid #d9e2ec; break-after: avoid; }
section.part { margin-bottom: 8mm; }
section.part + section.part { break-before: page; }
p { margin: 0 0 2.5mm; overflow-wrap: anywhere; }
p.empty { color: #616e7c; font-style: italic; }
.metrics { display: flex; flex-wrap: wrap; gap: 3mm; margin: 0 0 4mm; }
.tile { border: 0.6pt solid #d9e2ec; border-left: 2mm solid #4e79a7; padding: 2mm 3mm;
  width: 40mm; break-inside: avoid; }
.tile .value { display: block; font-size: 14pt; font-weight: 700; overflow-wrap: anywhere; }
.tile .label { display: block; font-size: 8pt; color: #616e7c; }
table { border-collapse: collapse; width: 100%; table-layout: auto; margin: 0 0 1.5mm;
  font-size: 8.5pt; }
table.wide { font-size: 7.5pt; }
table.wider { font-size: 6.5pt; }
caption { caption-side: top; text-align: left; font-weight: 700; padding: 0 0 1.5mm;
  font-size: 9.5pt; }
th, td { border: 0.5pt solid #cbd2d9; padding: 1mm 1.5mm; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; word-break: break-word; hyphens: auto; }
thead { display: table-header-group; }
thead th { background: #e8eef4; font-weight: 700; }
tbody tr:nth-child(even) td { background: #f5f7fa; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
td.cell { white-space: pre-line; }
.note { font-size: 7.5pt; color: #616e7c; margin: 0 0 4mm; }
figure.chart { margin: 0 0 5mm; text-align: center; break-inside: avoid; }
figure.chart svg, figure.chart img { width: 100%; height: auto; max-height: 230mm; }
figure.chart figcaption { font-weight: 700; text-align: left; margin: 0 0 1.5mm; }
figure.wide { page: wide; }
figure.wide img { max-height: 170mm; }
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ html_lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>{{ css }}</style></head><body>
<div class="cover"><div class="bar"></div><h1>{{ title }}</h1>
{% if subtitle %}<p class="subtitle">{{ subtitle }}</p>{% endif %}
{% for label, value in meta %}<p class="meta">{{ label }}{{ colon }}{{ value }}</p>{% endfor %}
</div>
{% if sections %}<nav class="toc"><h2>{{ t.contents }}</h2><ol>
{% for s in sections %}<li><a href="#{{ s.anchor }}">{{ loop.index }}. {{ s.title }}</a></li>{% endfor %}
</ol></nav>{% endif %}
{% for s in sections %}<section class="part" id="{{ s.anchor }}"><h2>{{ loop.index }}. {{ s.title }}</h2>
{% for b in s.blocks %}
{% if b.type == "text" %}{% for para in b.paragraphs %}<p>{% for line in para %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor %}</p>{% endfor %}
{% elif b.type == "metrics" %}<div class="metrics">{% for label, value in b.tiles %}<div class="tile"><span class="value">{{ value }}</span><span class="label">{{ label }}</span></div>{% endfor %}</div>
{% elif b.type == "table" %}
{% if b.empty %}{% if b.caption %}<p><strong>{{ b.caption }}</strong></p>{% endif %}<p class="empty">{{ t.no_data }}</p>
{% else %}<table class="{{ b.width_class }}">{% if b.caption %}<caption>{{ b.caption }}</caption>{% endif %}
<thead><tr>{% for c in b.columns %}<th{% if b.numeric[loop.index0] %} class="num"{% endif %}>{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in b.rows %}<tr>{% for v in row %}<td class="{{ 'num' if b.numeric[loop.index0] else 'cell' }}">{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>{% endif %}
{% if b.note %}<p class="note">{{ b.note }}</p>{% endif %}
{% elif b.type == "chart" %}<figure class="chart">{{ b.svg }}</figure>
{% elif b.type == "image" %}<figure class="chart{% if b.wide %} wide{% endif %}">{% if b.title %}<figcaption>{{ b.title }}</figcaption>{% endif %}<img src="{{ b.src }}" alt="{{ b.title }}"></figure>{% endif %}
{% else %}<p class="empty">{{ t.no_data }}</p>{% endfor %}
</section>{% endfor %}
</body></html>"""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise MissingExtra("weasyprint", "docs") from exc
    return weasyprint


_MARK = "\x00image:"
WIDE_ASPECT = 1.3
"""A drawing wider than this (width / height) gets an A4 landscape page of its own."""


def _aspect(png: bytes) -> float:
    """Width / height of a PNG, read from its header."""
    width, height = struct.unpack(">II", png[16:24])
    return width / height if height else 1.0


def _print_blocks(
    section: Section, max_rows: int, lang: Lang
) -> tuple[Section, list[dict[str, Any]]]:
    """The section for print: tables capped at ``max_rows``, charts swapped for PNG images.

    Charts (and SVG figures that carry a PNG) become placeholders whose image views are
    returned separately; PNG keeps the PDF small and fast to lay out.
    """
    images: list[dict[str, Any]] = []
    blocks: list[Block] = []
    for b in section.blocks:
        png: bytes | None = None
        if isinstance(b, Chart):
            png = chart_image(b, lang)
        elif isinstance(b, Svg) and b.png:
            png = b.png
        if png is not None:
            src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            title = b.title if isinstance(b, Svg) else ""
            blocks.append(Text(f"{_MARK}{len(images)}"))
            wide = isinstance(b, Svg) and b.drawing and _aspect(png) > WIDE_ASPECT
            images.append({"type": "image", "src": src, "title": title, "wide": wide})
        elif isinstance(b, Table):
            blocks.append(Table(b.frame, b.caption, b.sheet, min(b.max_rows, max_rows)))
        else:
            blocks.append(b)
    return Section(section.key, section.title, blocks), images


def render_pdf_html(
    title: str,
    subtitle: str,
    sections: list[Section],
    lang: Lang = "zh",
    *,
    client: str | None = None,
    when: date | datetime | None = None,
    max_rows: int = 40,
) -> str:
    """The print HTML the PDF is made from (user text escaped; charts inline SVG)."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    counter = [0]
    views = []
    for i, s in enumerate(sections, start=1):
        printable, images = _print_blocks(s, max_rows, lang)
        blocks = [
            images[int(v["paragraphs"][0][0][len(_MARK) :])]
            if v["type"] == "text" and v["paragraphs"] and v["paragraphs"][0][0].startswith(_MARK)
            else v
            for v in _block_views(printable, lang, counter)
        ]
        for b in blocks:
            if b["type"] == "table":
                n = len(b["columns"])
                b["width_class"] = "wider" if n > 9 else "wide" if n > 6 else ""
        views.append({"anchor": _anchor(i, s.key), "title": s.title, "blocks": blocks})
    day = (when or datetime.now()).strftime("%Y-%m-%d")
    meta = [(_LABELS["client"][lang], client)] if client else []
    meta.append((_LABELS["date"][lang], day))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_TEMPLATE).render(
        title=title,
        subtitle=subtitle,
        sections=views,
        meta=meta,
        colon="：" if lang == "zh" else ": ",
        html_lang="zh-CN" if lang == "zh" else "en",
        css=Markup(_CSS.replace('"FONT"', f'"{PDF_FONT}"')),  # our own constant CSS
        t={k: v[lang] for k, v in _LABELS.items()},
    )


def write_pdf(
    path: str | Path,
    title: str,
    subtitle: str,
    sections: list[Section],
    lang: Lang = "zh",
    *,
    client: str | None = None,
    when: date | datetime | None = None,
    max_rows: int = 40,
) -> Path:
    """Write the sections as an A4 PDF with a cover, contents and page numbers; return the path.

    Fonts are embedded (subset); tables repeat their header on each page and wide ones use a
    smaller type and wrap; tables keep at most ``max_rows`` rows.
    """
    weasyprint = _weasyprint()
    html = render_pdf_html(title, subtitle, sections, lang, client=client, when=when,
                           max_rows=max_rows)  # fmt: skip
    data = weasyprint.HTML(string=html).write_pdf()
    out = Path(path)
    out.write_bytes(bytes(data))
    return out


__all__ = ["PDF_FONT", "render_pdf_html", "write_pdf"]
