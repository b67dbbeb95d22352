"""Streaming readers for CSV/TSV, XLSX, JSON and JSONL tables, each row with its row number."""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal

from needscope.io.encoding import detect_encoding

Kind = Literal["csv", "xlsx", "json", "jsonl"]
_KINDS: dict[str, Kind] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_DELIMITERS = (",", "\t", ";", "|")
_JSON_SAMPLE = 200


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: its number as a person sees it, its sheet, its cells and what is wrong."""

    row: int
    sheet: str | None
    values: dict[str, str | None]
    error: str | None = None
    error_column: str | None = None


class ReadError(ValueError):
    """A file that cannot be read, or a cell that a consumer refuses, located by row and column."""

    def __init__(
        self, file: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.message = message
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        """Return e.g. ``reviews.csv, row 17, column 评分: not a number: 'abc'``."""
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


def clean_header(cells: list[str]) -> list[str]:
    """Strip header cells, strip a BOM, name blank cells ``column_N`` and number duplicates."""
    names: list[str] = []
    taken: set[str] = set()
    for i, cell in enumerate(cells, 1):
        base = cell.replace("\ufeff", "").strip() or f"column_{i}"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}.{n}"
        taken.add(name)
        names.append(name)
    return names


def cell_text(value: object) -> str | None:
    """Render a spreadsheet or JSON value as cell text; None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip() or None


class TableSource:
    """A table file opened for reading: its kind, encoding, sheets, columns and rows."""

    def __init__(self, path: Path, kind: Kind, encoding: str | None, delimiter: str | None) -> None:
        self.path = path
        self.kind: Kind = kind
        self.encoding = encoding
        self.delimiter = delimiter
        self.size_bytes = path.stat().st_size
        self.sheets: list[str] = []
        self._columns: dict[str | None, list[str]] = {}
        self._fh: IO[bytes] | None = None
        self._progress = 0
        if kind == "xlsx":
            self.sheets = self._xlsx_sheets()

    def columns(self, sheet: str | None = None) -> list[str]:
        """The column names of ``sheet`` (default: the first sheet)."""
        sheet = self._sheet(sheet)
        if sheet not in self._columns:
            rows = self._read(sheet, header_only=True)
            try:
                next(rows, None)
            finally:
                rows.close()
        return list(self._columns[sheet])

    def rows(self, sheet: str | None = None) -> Generator[SourceRow, None, None]:
        """Stream the data rows of ``sheet`` (default: the first sheet)."""
        return self._read(self._sheet(sheet), header_only=False)

    def head(self, n: int = 5, sheet: str | None = None) -> list[SourceRow]:
        """The first ``n`` data rows."""
        rows = self.rows(sheet)
        try:
            return list(islice(rows, n))
        finally:
            rows.close()

    def bytes_read(self) -> int:
        """Bytes consumed so far by the current or last ``rows()`` (estimated for XLSX)."""
        if self._fh is not None and not self._fh.closed:
            return min(self._fh.tell(), self.size_bytes)
        return self._progress

    def _track(self, raw: IO[bytes]) -> None:
        """Follow ``raw`` for progress unless another read is already followed."""
        if self._fh is None or self._fh.closed:
            self._fh = raw

    def _release(self, raw: IO[bytes]) -> None:
        """Note the final position of ``raw`` when it is the file that progress follows."""
        if self._fh is raw:
            self._progress = raw.tell()
            self._fh = None

    def _sheet(self, sheet: str | None) -> str | None:
        if self.kind != "xlsx":
            if sheet is not None:
                raise ReadError(self.path.name, f"a {self.kind} file has no sheets")
            return None
        if sheet is None:
            return self.sheets[0]
        if sheet not in self.sheets:
            raise ReadError(self.path.name, f"no sheet {sheet!r} (sheets: {self.sheets})")
        return sheet

    def _read(self, sheet: str | None, header_only: bool) -> Generator[SourceRow, None, None]:
        if self.kind == "csv":
            return self._csv_rows(header_only)
        if self.kind == "xlsx":
            assert sheet is not None
            return self._xlsx_rows(sheet, header_only)
        if self.kind == "jsonl":
            return self._jsonl_rows(header_only)
        return self._json_rows(header_only)

    def _error(self, message: str, row: int | None = None) -> ReadError:
        return ReadError(self.path.name, message, row)

    # CSV -----------------------------------------------------------------------------------

    def _csv_rows(self, header_only: bool) -> Generator[SourceRow, None, None]:
        encoding = self.encoding or "utf-8"
        with open(self.path, "rb") as raw:
            self._track(raw)
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            reader = csv.reader(text, delimiter=self.delimiter or ",")
            header: list[str] | None = None
            prev = 0
            try:
                for cells in reader:
                    prev = reader.line_num
                    if any(c.strip() for c in cells):
                        header = clean_header(cells)
                        break
                if header is None:
                    raise self._error("no header row: the file holds only blank lines")
                self._columns[None] = header
                if header_only:
                    return
                n = len(header)
                strip = str.strip
                new, set_row, set_sheet, set_values, set_error, set_column = _FAST
                for cells in reader:  # the hot loop: keep it lean
                    start = prev + 1
                    prev = reader.line_num
                    if len(cells) == n:
                        values: dict[str, str | None] = dict(
                            zip(header, map(strip, cells), strict=False)
                        )
                        if "" in values.values():
                            if not any(values.values()):
                                continue
                            values = {k: v or None for k, v in values.items()}
                        row = new(SourceRow)  # a frozen SourceRow without __setattr__ calls
                        set_row(row, start)
                        set_sheet(row, None)
                        set_values(row, values)
                        set_error(row, None)
                        set_column(row, None)
                        yield row
                    elif any(map(strip, cells)):
                        yield _misfit(start, header, [c.strip() or None for c in cells])
            except UnicodeDecodeError:
                raise self._error(
                    f"cannot decode the text as {encoding}; give the right --encoding",
                    _bad_line(self.path, encoding),
                ) from None
            except csv.Error as exc:
                message = str(exc)
                if "field larger than field limit" in message:
                    message = 'a quoted cell never ends (unbalanced ")'
                raise self._error(f"bad CSV: {message}", reader.line_num) from None
            finally:
                self._release(raw)

    # XLSX ----------------------------------------------------------------------------------

    def _open_workbook(self) -> Any:
        import openpyxl

        try:
            return openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise self._error(f"not a readable xlsx workbook ({exc})") from None

    def _xlsx_sheets(self) -> list[str]:
        if not zipfile.is_zipfile(self.path):
            raise self._error("not an xlsx workbook (the file is not a zip archive)")
        wb = self._open_workbook()
        try:
            names = [str(n) for n in wb.sheetnames]
        finally:
            wb.close()
        if not names:
            raise self._error("the workbook has no sheets")
        return names

    def _xlsx_rows(self, sheet: str, header_only: bool) -> Generator[SourceRow, None, None]:
        wb = self._open_workbook()
        try:
            ws = wb[sheet]
            last = ws.max_row or 0
            ws.reset_dimensions()
            header: list[str] | None = None
            n = 0
            for number, row in enumerate(ws.iter_rows(values_only=True), 1):
                cells = [cell_text(v) for v in row]
                if not any(c is not None for c in cells):
                    continue
                if header is None:
                    while cells and cells[-1] is None:
                        cells.pop()
                    header = clean_header([c or "" for c in cells])
                    n = len(header)
                    self._columns[sheet] = header
                    if header_only:
                        return
                    continue
                if last:
                    self._progress = self.size_bytes * min(number, last) // last
                values = dict(zip(header, cells, strict=False))
                if len(cells) < n:
                    values.update(dict.fromkeys(header[len(cells) :]))
                extra = [i for i, c in enumerate(cells[n:], n + 1) if c is not None]
                if extra:
                    message = f"cell outside the table: column {extra[0]} has no header"
                    yield SourceRow(number, sheet, values, message, f"column_{extra[0]}")
                else:
                    yield SourceRow(number, sheet, values)
            if header is None:
                raise self._error(f"sheet {sheet!r} is empty (no header row)")
            self._progress = self.size_bytes
        finally:
            wb.close()

    # JSON / JSONL --------------------------------------------------------------------------

    def _object_row(self, number: int, item: object) -> SourceRow:
        if not isinstance(item, dict):
            found = "array" if isinstance(item, list) else type(item).__name__
            return SourceRow(number, None, {}, f"expected a JSON object, found {found}")
        return SourceRow(number, None, {str(k): cell_text(v) for k, v in item.items()})

    def _set_json_columns(self, sample: list[SourceRow]) -> None:
        names: dict[str, None] = {}
        for srow in sample:
            names.update(dict.fromkeys(srow.values))
        if not names:
            raise self._error("no records: the file holds no JSON objects")
        self._columns[None] = list(names)

    def _with_columns(self, rows: Iterator[SourceRow], header_only: bool) -> Iterator[SourceRow]:
        if None not in self._columns:
            sample = list(islice(rows, _JSON_SAMPLE))
            self._set_json_columns(sample)
            if header_only:
                return
            columns = self._columns[None]
            for srow in sample:
                yield _complete(srow, columns)
        elif header_only:
            return
        columns = self._columns[None]
        for srow in rows:
            yield _complete(srow, columns)

    def _jsonl_rows(self, header_only: bool) -> Generator[SourceRow, None, None]:
        yield from self._with_columns(self._jsonl_raw(), header_only)

    def _jsonl_raw(self) -> Iterator[SourceRow]:
        encoding = self.encoding or "utf-8"
        with open(self.path, "rb") as raw:
            self._track(raw)
            try:
                for number, line in enumerate(raw, 1):
                    try:
                        text = line.decode(encoding).strip()
                    except UnicodeDecodeError:
                        raise self._error(f"cannot decode line as {encoding}", number) from None
                    if not text:
                        continue
                    try:
                        item = json.loads(text)
                    except json.JSONDecodeError as exc:
                        yield SourceRow(number, None, {}, f"invalid JSON: {exc.msg}")
                        continue
                    yield self._object_row(number, item)
            finally:
                self._release(raw)

    def _json_rows(self, header_only: bool) -> Generator[SourceRow, None, None]:
        yield from self._with_columns(self._json_raw(), header_only)

    def _json_raw(self) -> Iterator[SourceRow]:
        encoding = self.encoding or "utf-8"
        with open(self.path, "rb") as raw:
            self._track(raw)
            text = io.TextIOWrapper(raw, encoding=encoding)
            scanner = _JsonArrayScanner(text, self.path.name)
            try:
                for number, item in enumerate(scanner.items(), 1):
                    yield self._object_row(number, item)
            except UnicodeDecodeError:
                raise self._error(f"cannot decode the text as {encoding}") from None
            finally:
                self._release(raw)


_FAST: tuple[Any, ...] = (
    object.__new__,
    *(getattr(SourceRow, f).__set__ for f in ("row", "sheet", "values", "error", "error_column")),
)
"""object.__new__ and the slot setters of SourceRow, for the CSV hot loop."""


def _misfit(start: int, header: list[str], vals: list[str | None]) -> SourceRow:
    """A CSV row with too many or too few fields (trailing empty extra fields are fine)."""
    n = len(header)
    values = dict(zip(header, vals, strict=False))
    if len(vals) > n:
        if not any(vals[n:]):
            return SourceRow(start, None, values)
        column = f"column_{n + 1}"
    else:
        column = header[len(vals)]
        values.update(dict.fromkeys(header[len(vals) :]))
    return SourceRow(start, None, values, f"expected {n} fields, found {len(vals)}", column)


def _complete(srow: SourceRow, columns: list[str]) -> SourceRow:
    """Give a JSON row every column (missing keys as None), keeping any extra keys."""
    if srow.error is not None or all(c in srow.values for c in columns):
        return srow
    values = dict.fromkeys(columns)
    values.update(srow.values)
    return SourceRow(srow.row, srow.sheet, values, srow.error, srow.error_column)


class _JsonArrayScanner:
    """Read the objects of a top-level JSON array (or its "records"/"data" key) one at a time."""

    def __init__(self, text: IO[str], name: str) -> None:
        self.text = text
        self.name = name
        self.buf = ""
        self.pos = 0
        self.offset = 0
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        chunk = self.text.read(1 << 16)
        if not chunk:
            return False
        self.offset += self.pos
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def _peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n\ufeff":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def _value(self, item: int | None) -> Any:
        self._peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated")
                if cut and self._fill():
                    continue
                at = self.offset + exc.pos
                raise ReadError(
                    self.name, f"invalid JSON at character {at}: {exc.msg}", item
                ) from None
            if end == len(self.buf) and self._fill():
                continue
            self.pos = end
            return value

    def _bad(self, message: str, item: int | None = None) -> ReadError:
        at = self.offset + self.pos
        return ReadError(self.name, f"{message} at character {at}", item)

    def items(self) -> Iterator[Any]:
        """Yield each element of the records array."""
        first = self._peek()
        if first == "{":
            self.pos += 1
            if not self._seek_records():
                return
        elif first == "[":
            self.pos += 1
        elif not first:
            raise self._bad("the file holds no JSON")
        else:
            raise self._bad('expected a JSON array of objects or {"records": [...]}')
        yield from self._array()

    def _seek_records(self) -> bool:
        while True:
            ch = self._peek()
            if ch == "}":
                raise self._bad('no "records" or "data" array in the JSON object')
            if ch == ",":
                self.pos += 1
                continue
            key = self._value(None)
            if self._peek() != ":":
                raise self._bad("expected ':' after a key")
            self.pos += 1
            if key in ("records", "data") and self._peek() == "[":
                self.pos += 1
                return True
            self._value(None)

    def _array(self) -> Iterator[Any]:
        number = 0
        while True:
            ch = self._peek()
            if ch == "]":
                return
            if not ch:
                raise self._bad("the JSON array is not closed", number + 1)
            if number and ch != ",":
                raise self._bad("expected ',' between items", number + 1)
            if ch == ",":
                self.pos += 1
            number += 1
            yield self._value(number)


def _bad_line(path: Path, encoding: str) -> int | None:
    """The physical line number where ``path`` stops decoding as ``encoding``."""
    if encoding.replace("_", "-").lower().startswith("utf-16"):
        return None
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                return number
    return None


def _sniff_delimiter(line: str) -> str:
    """The delimiter among , TAB ; | that occurs most outside quotes in a header line."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _first_line(path: Path, encoding: str) -> str | None:
    """The first non-blank line of a text file."""
    with open(path, encoding=encoding, newline="") as fh:
        for line in fh:
            if line.strip():
                return line
    return None


def open_table(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
) -> TableSource:
    """Open a CSV/TSV/TXT, XLSX, JSON or JSONL file; raise ReadError when it cannot be read."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ReadError(name, f"file not found: {path}")
    if not path.is_file():
        raise ReadError(name, "not a file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ReadError(name, "old .xls workbooks are not supported; save it as .xlsx or .csv")
    kind = _KINDS.get(suffix)
    if kind is None:
        known = ", ".join(sorted(_KINDS))
        raise ReadError(name, f"unsupported file type {suffix or '(none)'}; use one of {known}")
    if path.stat().st_size == 0:
        raise ReadError(name, "the file is empty")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReadError(name, f"unknown encoding {encoding!r}") from None
    if kind == "csv":
        encoding = encoding or detect_encoding(path)
        try:
            line = _first_line(path, encoding)
        except UnicodeDecodeError:
            raise ReadError(
                name, f"cannot decode the text as {encoding}", _bad_line(path, encoding)
            ) from None
        if line is None:
            raise ReadError(name, "no header row: the file holds only blank lines")
        delimiter = delimiter or _sniff_delimiter(line)
    elif kind in ("json", "jsonl"):
        encoding = encoding or detect_encoding(path)
    source = TableSource(path, kind, encoding, delimiter)
    if kind != "xlsx":
        source.columns()
    return source


__all__ = ["ReadError", "SourceRow", "TableSource", "cell_text", "clean_header", "open_table"]
