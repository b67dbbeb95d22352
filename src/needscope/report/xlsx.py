"""Write report sections as an XLSX workbook: an overview sheet, one sheet per table, charts."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from needscope.io.exports import (
    EXCEL_MAX_TEXT,
    WORKBOOK_OPTIONS,
    neutralise,
    sanitise_sheet_name,
    write_cell,
    write_frame,
)
from needscope.model.vocab import Lang
from needscope.report.blocks import Chart, Metrics, Section, Svg, Table, Text
from needscope.report.charts import chart_png
from needscope.report.html import format_value

_LABELS: dict[str, dict[Lang, str]] = {
    "overview": {"zh": "概览", "en": "Overview"},
    "charts": {"zh": "图表", "en": "Charts"},
    "section": {"zh": "章节", "en": "Section"},
    "item": {"zh": "项目", "en": "Item"},
    "value": {"zh": "内容", "en": "Value"},
    "sheet": {"zh": "工作表", "en": "Sheet"},
    "rows": {"zh": "行数", "en": "Rows"},
    "note": {"zh": "说明", "en": "Note"},
    "chart": {"zh": "图表", "en": "Chart"},
    "html_only": {"zh": "此图仅见 HTML 报告", "en": "This figure is in the HTML report only"},
}
_NUMBER = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?")
_PNG_DPI = 150
_ROW_PX = 20


def _png_rows(png: bytes) -> int:
    """Number of default-height rows an inserted PNG covers."""
    height = int.from_bytes(png[20:24], "big")  # IHDR height
    # Excel shows the image at its physical size: pixels x 96 / dpi (6.4 in wide)
    return int(height * 96 / _PNG_DPI / _ROW_PX) + 2


class _Book:
    """The workbook being written, with the sheet names already used."""

    def __init__(self, path: Path, lang: Lang) -> None:
        self.lang = lang
        self.wb: Workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        self.used: set[str] = set()
        self.overview = self.wb.add_worksheet(self.name(_LABELS["overview"][lang]))
        self.bold = self.wb.add_format({"bold": True})
        self.head = self.wb.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
        self.title = self.wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F2933"})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.link = self.wb.add_format({"font_color": "#4E79A7", "underline": 1})
        self.charts: Worksheet | None = None
        self.chart_row = 0
        self.row = 0

    def label(self, key: str) -> str:
        """Label ``key`` in the workbook's language."""
        return _LABELS[key][self.lang]

    def name(self, wanted: str) -> str:
        """A valid, unused sheet name close to ``wanted``."""
        return sanitise_sheet_name(wanted, self.used)

    def put(self, col: int, value: object, fmt: Any = None) -> None:
        """Write one overview cell on the current row."""
        if isinstance(value, str) and _NUMBER.fullmatch(value):
            self.overview.write_number(self.row, col, float(value.replace(",", "")), fmt)
        elif isinstance(value, str):
            self.overview.write_string(self.row, col, _safe(value), fmt)
        else:
            write_cell(self.overview, self.row, col, value, fmt)

    def chart_sheet(self) -> Worksheet:
        """The Charts sheet, created on first use."""
        if self.charts is None:
            self.charts = self.wb.add_worksheet(self.name(self.label("charts")))
            self.charts.set_column(0, 0, 2)
        return self.charts


def _safe(value: str) -> str:
    """Neutralised text cut to Excel's cell limit."""
    return str(neutralise(value))[:EXCEL_MAX_TEXT]


def _link(book: _Book, sheet: str) -> None:
    """Write an internal link to ``sheet`` in column C of the current overview row."""
    target = "internal:'" + sheet.replace("'", "''") + "'!A1"
    book.overview.write_url(book.row, 2, target, book.link, string=_safe(sheet))


def _insert_png(sheet: Worksheet, row: int, col: int, png: bytes) -> int:
    """Insert ``png`` at (row, col); return the number of rows it covers."""
    sheet.insert_image(
        row,
        col,
        "chart.png",
        {
            "image_data": io.BytesIO(png),
            "object_position": 3,
        },
    )
    return _png_rows(png)


def _section(book: _Book, section: Section) -> None:
    """Write one section: its overview lines, its table sheets and its charts."""
    book.row += 1
    book.put(0, section.title, book.title)
    book.row += 1
    table_sheet: tuple[Worksheet, int, int] | None = None  # (sheet, image column, next row)
    for block in section.blocks:
        if isinstance(block, Metrics):
            for label, value in block.items:
                book.put(1, str(label))
                book.put(2, format_value(value, book.lang))
                book.row += 1
            table_sheet = None
        elif isinstance(block, Text):
            book.put(1, book.label("note"))
            book.put(2, block.text, book.wrap)
            book.row += 1
            table_sheet = None
        elif isinstance(block, Table):
            table_sheet = _table(book, block)
        elif isinstance(block, Svg) and block.png is None:
            book.put(1, book.label("chart"))
            book.put(2, f"{block.title} — {book.label('html_only')}".lstrip(" —"))
            book.row += 1
        elif isinstance(block, Chart | Svg):
            png = (
                chart_png(block, book.lang, dpi=_PNG_DPI) if isinstance(block, Chart) else block.png
            )
            assert png is not None
            if table_sheet is not None:
                sheet, col, row = table_sheet
                table_sheet = (sheet, col, row + _insert_png(sheet, row, col, png))
            else:
                charts = book.chart_sheet()
                if block.title:
                    charts.write_string(book.chart_row, 1, _safe(block.title), book.bold)
                    book.chart_row += 1
                book.chart_row += _insert_png(charts, book.chart_row, 1, png) + 1
                book.put(1, book.label("chart"))
                book.put(2, block.title or book.label("charts"))
                book.row += 1
        else:
            raise TypeError(f"unknown report block {type(block).__name__}")


def _table(book: _Book, table: Table) -> tuple[Worksheet, int, int] | None:
    """Write a table block to its own sheet (if it names one); list it on the overview."""
    if table.sheet is None:
        return None
    name = book.name(table.sheet)
    sheet = book.wb.add_worksheet(name)
    _, n_cols = write_frame(book.wb, sheet, table.frame)
    book.put(1, table.caption or name)
    _link(book, name)
    book.put(3, len(table.frame))
    book.row += 1
    return sheet, n_cols + 1, 1


def write_workbook(path: str | Path, sections: list[Section], lang: Lang = "zh") -> Path:
    """Write ``sections`` to an XLSX file at ``path`` and return the path."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    out = Path(path)
    book = _Book(out, lang)
    try:
        ov = book.overview
        ov.set_column(0, 0, 24)
        ov.set_column(1, 1, 28)
        ov.set_column(2, 2, 60)
        ov.set_column(3, 3, 10)
        for col, key in enumerate(("section", "item", "value", "rows")):
            ov.write_string(0, col, book.label(key), book.head)
        ov.freeze_panes(1, 0)
        for section in sections:
            _section(book, section)
    finally:
        book.wb.close()
    return out


__all__ = ["write_workbook"]
