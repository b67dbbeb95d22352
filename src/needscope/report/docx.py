"""Write report sections as a Word document: cover, contents, headings, tables and charts."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from needscope.errors import MissingExtra
from needscope.model.vocab import Lang
from needscope.report.blocks import Chart, Metrics, Section, Svg, Table, Text
from needscope.report.charts import chart_png
from needscope.report.html import format_value

EAST_ASIA_FONT = "Microsoft YaHei"
"""East-Asian font named on every run (Word falls back to a CJK font when it is missing)."""
LATIN_FONT = "Calibri"
PNG_DPI = 160
TEXT_WIDTH_CM = 16.0

_LABELS: dict[str, dict[Lang, str]] = {
    "contents": {"zh": "目录", "en": "Contents"},
    "client": {"zh": "客户", "en": "Client"},
    "date": {"zh": "日期", "en": "Date"},
    "showing": {"zh": "显示前 {shown} 行，共 {total} 行", "en": "Showing {shown} of {total} rows"},
    "no_data": {"zh": "暂无数据", "en": "No data yet"},
    "html_only": {"zh": "此图仅见 HTML 报告", "en": "This figure is in the HTML report only"},
    "item": {"zh": "指标", "en": "Measure"},
    "value": {"zh": "数值", "en": "Value"},
}
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _docx() -> Any:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise MissingExtra("python-docx", "docs") from exc
    return docx


def _clean(text: str) -> str:
    """Text without the control characters XML cannot hold."""
    return _BAD_XML.sub("", text)


def _east_asia(element: Any, font: str = EAST_ASIA_FONT) -> None:
    """Set ``w:rFonts`` (ascii, hAnsi and eastAsia) on a run or style element."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)


def _run(paragraph: Any, text: str, *, bold: bool = False, size: float | None = None) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(_clean(text))
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    _east_asia(run._r)
    return run


def _styles(document: Any) -> None:
    from docx.shared import Pt, RGBColor

    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption"):
        style = document.styles[name]
        _east_asia(style.element)
        style.font.name = LATIN_FONT
    document.styles["Normal"].font.size = Pt(10.5)
    heading = document.styles["Heading 1"]
    heading.font.size = Pt(16)
    heading.font.color.rgb = RGBColor(0x1F, 0x29, 0x33)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _table(document: Any, header: list[str], rows: list[list[str]], numeric: list[bool]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    n = len(header)
    size = 9.0 if n <= 5 else 8.0 if n <= 8 else 7.0
    table = document.add_table(rows=1, cols=n)
    table.style = "Table Grid"
    table.autofit = True
    head = table.rows[0]
    _repeat_header(head)
    for j, name in enumerate(header):
        cell = head.cells[j]
        _shade(cell, "E8EEF4")
        _run(cell.paragraphs[0], name, bold=True, size=size)
    for values in rows:
        cells = table.add_row().cells
        for j, value in enumerate(values):
            para = cells[j].paragraphs[0]
            if numeric[j]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(para, value, size=size)


_PNG_CACHE: dict[tuple[int, str, int], tuple[Chart, bytes]] = {}


def chart_image(chart: Chart, lang: Lang, dpi: int = PNG_DPI) -> bytes:
    """PNG of ``chart``, kept for reuse while writing the DOCX and PDF of the same sections."""
    key = (id(chart), lang, dpi)
    hit = _PNG_CACHE.get(key)
    if hit is not None and hit[0] is chart:
        return hit[1]
    if len(_PNG_CACHE) >= 64:
        _PNG_CACHE.clear()
    png = chart_png(chart, lang, dpi=dpi)
    _PNG_CACHE[key] = (chart, png)
    return png


def _picture(document: Any, png: bytes) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document.add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _caption(document: Any, text: str) -> None:
    if text:
        _run(document.add_paragraph(style="Caption"), text, bold=True)


def _block(document: Any, block: object, lang: Lang, max_rows: int) -> None:
    import pandas as pd

    if isinstance(block, Text):
        for para in (p.strip() for p in re.split(r"\n\s*\n", block.text)):
            if para:
                _run(document.add_paragraph(), para)
    elif isinstance(block, Metrics):
        rows = [[str(k), format_value(v, lang)] for k, v in block.items]
        _table(document, [_LABELS["item"][lang], _LABELS["value"][lang]], rows, [False, True])
    elif isinstance(block, Table):
        frame = block.frame
        _caption(document, block.caption or "")
        if frame.shape[1] == 0 or frame.empty:
            _run(document.add_paragraph(), _LABELS["no_data"][lang])
            return
        limit = min(max_rows, block.max_rows)
        shown = frame.head(limit)
        numeric = [
            pd.api.types.is_numeric_dtype(frame.iloc[:, j].dtype)
            and not pd.api.types.is_bool_dtype(frame.iloc[:, j].dtype)
            for j in range(frame.shape[1])
        ]
        rows = [[format_value(v, lang) for v in r] for r in shown.itertuples(False, None)]
        _table(document, [format_value(c, lang) for c in frame.columns], rows, numeric)
        if len(frame) > limit:
            note = _LABELS["showing"][lang].format(shown=limit, total=f"{len(frame):,}")
            _run(document.add_paragraph(), note, size=8)
    elif isinstance(block, Chart):
        _picture(document, chart_image(block, lang))
    elif isinstance(block, Svg):
        _caption(document, block.title)
        if block.png:
            _picture(document, block.png)
        else:
            _run(document.add_paragraph(), _LABELS["html_only"][lang])
    else:
        raise TypeError(f"unknown report block {type(block).__name__}")


def write_docx(
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
    """Write the sections as a DOCX: cover, contents, one Heading 1 per section; return the path.

    Tables keep at most ``max_rows`` rows (with a note) and repeat their header row on each
    page; charts are PNG at 160 dpi, 16 cm wide. The file is written whole or not at all.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    docx = _docx()
    from docx.enum.section import WD_ORIENT  # noqa: F401 - fails early without python-docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm

    document = docx.Document()
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21.0), Cm(29.7)
    page.left_margin = page.right_margin = Cm(2.5)
    page.top_margin = page.bottom_margin = Cm(2.2)
    _styles(document)
    day = (when or datetime.now()).strftime("%Y-%m-%d")
    for _ in range(6):
        document.add_paragraph()
    cover = document.add_paragraph(style="Title")
    cover.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(cover, title)
    if subtitle:
        sub = document.add_paragraph(style="Subtitle")
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(sub, subtitle)
    colon = "：" if lang == "zh" else ": "
    for key, value in (("client", client), ("date", day)):
        if value:
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(para, f"{_LABELS[key][lang]}{colon}{value}", size=12)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    _run(document.add_paragraph(style="Heading 1"), _LABELS["contents"][lang])
    for i, section in enumerate(sections, start=1):
        _run(document.add_paragraph(), f"{i}. {section.title}")
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    for i, section in enumerate(sections, start=1):
        _run(document.add_paragraph(style="Heading 1"), f"{i}. {section.title}")
        if not section.blocks:
            _run(document.add_paragraph(), _LABELS["no_data"][lang])
        for block in section.blocks:
            _block(document, block, lang, max_rows)
    out = Path(path)
    buf = io.BytesIO()
    document.save(buf)
    out.write_bytes(buf.getvalue())
    return out


__all__ = ["EAST_ASIA_FONT", "chart_image", "write_docx"]
