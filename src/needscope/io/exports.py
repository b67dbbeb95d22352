"""Safe table exports: CSV, JSON and XLSX with spreadsheet formula injection neutralised."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

# OWASP "CSV injection": a cell whose text starts with one of these (after leading blanks) is
# taken as a formula by Excel, LibreOffice or Google Sheets.  Full-width forms are included
# because CJK input methods type them and some spreadsheet locales convert them.
_FORMULA_START = re.compile(r"^[^\S\t\r]*[=+\-@\t\r＝＋－＠]")

WORKBOOK_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}
"""xlsxwriter options that keep every string a string (never a formula, URL or number)."""

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384
EXCEL_MAX_TEXT = 32_767
_WIDTH_SAMPLE = 2_000
_MIN_WIDTH = 6.0
_MAX_WIDTH = 60.0


def neutralise(value: object) -> object:
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and _FORMULA_START.match(value) and value.strip() not in ("-", "－"):
        return "'" + value
    return value


def _neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with every text cell and column name neutralised."""
    out = frame.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            out.isetitem(i, col.map(neutralise, na_action="ignore").to_numpy(dtype=object))
    out.columns = pd.Index([neutralise(c) for c in out.columns], dtype=object)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path, sep: str | None = None) -> Path:
    """Write ``frame`` (no index) as UTF-8 CSV with a BOM so Excel reads Chinese right.

    ``sep`` defaults to a tab for a ``.tsv`` path and a comma otherwise.
    """
    out = Path(path)
    delimiter = sep if sep is not None else ("\t" if out.suffix.lower() == ".tsv" else ",")
    _neutralise_frame(frame).to_csv(out, index=False, encoding="utf-8-sig", sep=delimiter)
    return out


def write_json(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as a UTF-8 JSON array of records with ISO dates."""
    out = Path(path)
    text = _neutralise_frame(frame).to_json(
        orient="records", force_ascii=False, date_format="iso", indent=1
    )
    out.write_text(text if text is not None else "[]", encoding="utf-8")
    return out


def write_xlsx_table(frame: pd.DataFrame, path: str | Path, sheet: str = "Sheet1") -> Path:
    """Write ``frame`` as the only sheet of a new XLSX file (bold frozen header, filter)."""
    out = Path(path)
    workbook = xlsxwriter.Workbook(str(out), {**WORKBOOK_OPTIONS, "constant_memory": True})
    try:
        worksheet = workbook.add_worksheet(sanitise_sheet_name(sheet, set()))
        write_frame(workbook, worksheet, frame)
    finally:
        workbook.close()
    return out


def display_width(text: str) -> int:
    """Width of ``text`` in monospace cells: wide (CJK) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sanitise_sheet_name(name: str, used: set[str]) -> str:
    """Return an Excel-valid sheet name from ``name`` not in ``used`` (which it joins)."""
    clean = _SHEET_BAD.sub("_", str(name))
    clean = "".join(ch for ch in clean if ch.isprintable())
    clean = re.sub(r"\s+", " ", clean).strip().strip("'").strip() or "Sheet"
    if clean.lower() == "history":
        clean = "History_"
    base = clean[:31]
    candidate, n = base, 1
    taken = {u.lower() for u in used}
    while candidate.lower() in taken:
        n += 1
        suffix = f"~{n}"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate)
    return candidate


def _is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(float(value))
    return isinstance(value, np.datetime64) and bool(np.isnat(value))


def _cell_text(value: object) -> str:
    """Plain text for a value that is not a number, date or bool."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return str(value)


def _column_is_date_only(col: pd.Series[Any]) -> bool:
    """True if every timestamp in ``col`` falls on midnight."""
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        stamps = col.dropna()
        return bool((stamps == stamps.dt.normalize()).all())
    values = [v for v in col.head(_WIDTH_SAMPLE) if isinstance(v, date) and not _is_missing(v)]
    return all(not isinstance(v, datetime) or v.time() == time(0) for v in values)


def _fitted_width(header: str, col: pd.Series[Any]) -> float:
    """Column width that fits the header and a sample of the cells."""
    width = display_width(header) + 2
    for value in col.head(_WIDTH_SAMPLE):
        if _is_missing(value):
            continue
        if isinstance(value, datetime | date | np.datetime64 | pd.Period):
            w = 18
        elif isinstance(value, float | np.floating):
            w = len(f"{float(value):.6g}")
        else:
            text = _cell_text(value)
            w = max((display_width(line) for line in text.splitlines()), default=0)
        width = max(width, w + 2)
    return float(min(max(width, _MIN_WIDTH), _MAX_WIDTH))


def write_cell(
    worksheet: Worksheet, row: int, col: int, value: object, date_format: Any = None
) -> None:
    """Write one value with its real type; text is neutralised and never becomes a formula."""
    if _is_missing(value):
        worksheet.write_blank(row, col, None)
    elif isinstance(value, bool | np.bool_):
        worksheet.write_boolean(row, col, bool(value))
    elif isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isinf(number):
            worksheet.write_string(row, col, "∞" if number > 0 else "−∞")
        else:
            worksheet.write_number(row, col, number)
    elif isinstance(value, pd.Period):
        worksheet.write_datetime(row, col, value.start_time.to_pydatetime(), date_format)
    elif isinstance(value, pd.Timestamp):
        worksheet.write_datetime(row, col, value.to_pydatetime(), date_format)
    elif isinstance(value, np.datetime64):
        worksheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), date_format)
    elif isinstance(value, datetime | date):
        worksheet.write_datetime(row, col, value, date_format)
    elif isinstance(value, timedelta | pd.Timedelta):
        worksheet.write_string(row, col, str(value))
    else:
        text = str(neutralise(_cell_text(value)))
        worksheet.write_string(row, col, text[:EXCEL_MAX_TEXT])


def write_frame(
    workbook: Workbook,
    worksheet: Worksheet,
    frame: pd.DataFrame,
    *,
    first_row: int = 0,
) -> tuple[int, int]:
    """Write ``frame`` with a bold frozen header, fitted widths, autofilter; return its size."""
    n_rows, n_cols = frame.shape
    if first_row + n_rows + 1 > EXCEL_MAX_ROWS:
        raise ValueError(f"{n_rows:,} rows do not fit in one Excel sheet (max {EXCEL_MAX_ROWS:,})")
    if n_cols > EXCEL_MAX_COLS:
        raise ValueError(f"{n_cols:,} columns do not fit in one Excel sheet (max 16,384)")
    header_fmt = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    headers = [_cell_text(c) for c in frame.columns]
    formats: list[Any] = []
    month_fmt = workbook.add_format({"num_format": "yyyy-mm"})
    for j, name in enumerate(headers):
        col = frame.iloc[:, j]
        if str(col.dtype) == "period[M]":
            formats.append(month_fmt)
        else:
            formats.append(date_fmt if _column_is_date_only(col) else datetime_fmt)
        worksheet.set_column(j, j, _fitted_width(name, col))
        worksheet.write_string(first_row, j, str(neutralise(name)), header_fmt)
    columns = [_column_writer(worksheet, frame.iloc[:, j], formats[j]) for j in range(n_cols)]
    writers = [put for put, _ in columns]
    # row by row: a constant_memory workbook drops cells written above the current row
    for i, row in enumerate(zip(*(values for _, values in columns), strict=True)):
        for j, value in enumerate(row):
            writers[j](first_row + 1 + i, j, value)
    if n_cols:
        worksheet.freeze_panes(first_row + 1, 0)
        worksheet.autofilter(first_row, 0, first_row + n_rows, n_cols - 1)
    return n_rows + 1, n_cols


def _column_writer(
    worksheet: Worksheet, col: pd.Series[Any], date_format: Any
) -> tuple[Callable[[int, int, Any], None], Sequence[Any]]:
    """A cell writer for ``col`` and the values to feed it (fast paths for numbers and text)."""
    dtype = col.dtype
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):

        def put_number(row: int, c: int, value: float) -> None:
            if value != value:  # NaN: leave the cell empty
                return
            if math.isinf(value):
                write_cell(worksheet, row, c, value)
            else:
                worksheet.write_number(row, c, value)

        return put_number, col.to_numpy(dtype=float, na_value=np.nan).tolist()
    if isinstance(dtype, pd.StringDtype):

        def put_text(row: int, c: int, value: object) -> None:
            if isinstance(value, str):
                worksheet.write_string(row, c, str(neutralise(value))[:EXCEL_MAX_TEXT])

        return put_text, col.to_numpy(dtype=object).tolist()

    def put_any(row: int, c: int, value: object) -> None:
        write_cell(worksheet, row, c, value, date_format)

    return put_any, col.to_numpy(dtype=object).tolist()


__all__ = [
    "EXCEL_MAX_ROWS",
    "WORKBOOK_OPTIONS",
    "display_width",
    "neutralise",
    "sanitise_sheet_name",
    "write_cell",
    "write_csv",
    "write_frame",
    "write_json",
    "write_xlsx_table",
]
