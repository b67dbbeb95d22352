"""Import records from CSV/XLSX/JSON files: atomic, idempotent, streaming."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert

from needscope.errors import InputError
from needscope.io import (
    ColumnMapping,
    ReadError,
    SourceRow,
    TableSource,
    detect_mapping,
    open_table,
    parse_datetime,
    parse_number,
    validate_mapping,
)
from needscope.model import DEFAULT_CREDIBILITY, Credibility, Project, SourceType
from needscope.services.projects import find_project, now
from needscope.store import Store, imports, records

BATCH = 5000
Progress = Callable[[int, int], None]
"""Called with (bytes read, bytes in all) as an import goes on."""


@dataclass
class SheetReport:
    """What an import did with one sheet (or the whole file when it has none)."""

    sheet: str | None
    mapping: ColumnMapping
    rows_read: int = 0
    rows_added: int = 0
    rows_duplicate: int = 0
    rows_rejected: int = 0
    import_id: int | None = None
    preview: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did with one file."""

    file: str
    encoding: str | None
    sheets: list[SheetReport]
    rejects_path: Path | None = None
    dry_run: bool = False

    @property
    def rows_read(self) -> int:
        """Data rows read."""
        return sum(s.rows_read for s in self.sheets)

    @property
    def rows_added(self) -> int:
        """New records stored."""
        return sum(s.rows_added for s in self.sheets)

    @property
    def rows_duplicate(self) -> int:
        """Rows already in the store."""
        return sum(s.rows_duplicate for s in self.sheets)

    @property
    def rows_rejected(self) -> int:
        """Bad rows written to the rejects file."""
        return sum(s.rows_rejected for s in self.sheets)


class _RowParser:
    """Turns a source row into a record dict according to a mapping."""

    def __init__(
        self,
        mapping: ColumnMapping,
        source_type: SourceType,
        credibility: Credibility | None,
    ) -> None:
        self.m = mapping
        self.source_type = source_type
        self.credibility = credibility

    def parse(self, values: dict[str, str | None]) -> dict[str, Any]:
        m = self.m
        texts = [values.get(c) for c in m.text]
        text = "\n".join(t for t in texts if t) or None
        ts: datetime | None = None
        if m.date and values.get(m.date):
            try:
                ts = parse_datetime(values[m.date] or "")
            except ValueError as exc:
                raise _CellError(m.date, str(exc)) from None
        ratings: dict[str, float] = {}
        for col in m.ratings:
            cell = values.get(col)
            if cell is None:
                continue
            try:
                number = parse_number(cell)
            except ValueError as exc:
                raise _CellError(col, str(exc)) from None
            if number is not None:
                ratings[col] = number
        attrs = {c: values[c] for c in m.attrs if values.get(c) is not None}
        if m.external_id and values.get(m.external_id):
            attrs[m.external_id] = values[m.external_id]
        source_type = self.source_type
        if m.source_type and values.get(m.source_type):
            try:
                source_type = SourceType.parse(values[m.source_type])
            except ValueError as exc:
                raise _CellError(m.source_type, str(exc)) from None
        credibility = self.credibility or DEFAULT_CREDIBILITY[source_type]
        if m.credibility and values.get(m.credibility):
            try:
                credibility = Credibility.parse(values[m.credibility])
            except ValueError as exc:
                raise _CellError(m.credibility, str(exc)) from None
        if text is None and not ratings and not attrs:
            raise _CellError(m.text[0] if m.text else None, "the row holds no data")
        return {
            "source_type": source_type.value,
            "credibility": credibility.value,
            "channel": values.get(m.channel) if m.channel else None,
            "touchpoint": values.get(m.touchpoint) if m.touchpoint else None,
            "ts": ts,
            "text": text,
            "ratings": ratings,
            "customer_key": values.get(m.customer) if m.customer else None,
            "attrs": attrs,
        }


class _CellError(ValueError):
    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column


def content_key(rec: dict[str, Any]) -> bytes:
    """The bytes that identify a record's content, whatever file or encoding it came from."""
    ts = rec["ts"].isoformat() if rec["ts"] else ""
    payload = [
        rec["text"] or "",
        ts,
        rec["customer_key"] or "",
        rec["channel"] or "",
        rec["touchpoint"] or "",
        sorted(rec["ratings"].items()),
        sorted(rec["attrs"].items()),
    ]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _insert_stmt(conn: Connection) -> Insert:
    if conn.dialect.name == "postgresql":
        return pg_insert(records).on_conflict_do_nothing(constraint="uq_records_project_hash")
    if conn.dialect.name == "sqlite":
        return sqlite_insert(records).on_conflict_do_nothing()
    raise InputError(f"unsupported database {conn.dialect.name}")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _Rejects:
    """Collects bad rows into a CSV file beside the input (opened on first use)."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path = path
        self.columns = columns
        self._fh: Any = None
        self._writer: Any = None

    def add(self, srow: SourceRow, column: str | None, reason: str) -> None:
        if self._writer is None:
            self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(["_sheet", "_row", "_column", "_reason", *self.columns])
        cells = [srow.values.get(c) or "" for c in self.columns]
        self._writer.writerow([srow.sheet or "", srow.row, column or "", reason, *cells])

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _sheets_of(source: TableSource, sheet: str | None) -> list[str | None]:
    if not source.sheets:
        if sheet not in (None, "*"):
            raise InputError(f"{source.path.name} has no sheets; drop --sheet")
        return [None]
    if sheet in (None, "*"):
        return list(source.sheets)
    if sheet not in source.sheets:
        raise InputError(f"no sheet {sheet!r} in {source.path.name} (sheets: {source.sheets})")
    return [sheet]


def _mapping_for(
    source: TableSource, sheet: str | None, overrides: dict[str, Any] | None
) -> ColumnMapping:
    columns = source.columns(sheet)
    mapping = detect_mapping(columns, source.head(50, sheet))
    if overrides:
        try:
            mapping = mapping.override(**overrides)
            validate_mapping(mapping, columns)
        except ValueError as exc:
            raise InputError(str(exc), file=source.path.name) from None
    return mapping


def _batches(items: Iterator[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_records(
    store: Store,
    slug: str,
    path: str | Path,
    *,
    source_type: SourceType | str,
    credibility: Credibility | str | None = None,
    sheet: str | None = None,
    mapping: dict[str, Any] | None = None,
    encoding: str | None = None,
    skip_bad_rows: bool = False,
    rejects_path: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a file's rows as records of project ``slug``, all or nothing.

    A bad row refuses the whole file (``InputError`` naming file, row and column) unless
    ``skip_bad_rows``: then it goes to ``rejects_path`` (default ``<file>.rejects.csv``).
    Rows whose content is already stored are counted as duplicates and not added again.
    """
    path = Path(path)
    stype = source_type if isinstance(source_type, SourceType) else SourceType.parse(source_type)
    cred = Credibility.parse(credibility) if isinstance(credibility, str) else credibility
    try:
        source = open_table(path, encoding=encoding)
    except ReadError as exc:
        raise InputError(str(exc)) from None
    sheets = _sheets_of(source, sheet)
    mappings = {s: _mapping_for(source, s, mapping) for s in sheets}
    report = ImportReport(file=path.name, encoding=source.encoding, sheets=[], dry_run=dry_run)
    if dry_run:
        for s in sheets:
            sheet_report = SheetReport(sheet=s, mapping=mappings[s])
            parser = _RowParser(mappings[s], stype, cred)
            for srow in source.head(5, s):
                try:
                    parsed = parser.parse(srow.values) if srow.error is None else {}
                except _CellError as exc:
                    parsed = {"error": f"{exc.column}: {exc}"}
                sheet_report.preview.append({"row": srow.row, **parsed})
            report.sheets.append(sheet_report)
        return report

    sha = file_sha256(path)
    rejects = _Rejects(rejects_path or path.with_name(path.name + ".rejects.csv"), [])
    total = source.size_bytes or 1
    try:
        with store.begin() as conn:
            project = find_project(conn, slug)
            for s in sheets:
                rejects.columns = source.columns(s)
                report.sheets.append(
                    _import_sheet(
                        conn,
                        project,
                        source,
                        s,
                        mappings[s],
                        stype,
                        cred,
                        sha,
                        skip_bad_rows,
                        rejects,
                        progress,
                        total,
                    )
                )
    finally:
        rejects.close()
    if any(s.rows_rejected for s in report.sheets):
        report.rejects_path = rejects.path
    if progress:
        progress(total, total)
    return report


def _import_sheet(
    conn: Connection,
    project: Project,
    source: TableSource,
    sheet: str | None,
    mapping: ColumnMapping,
    stype: SourceType,
    cred: Credibility | None,
    sha: str,
    skip_bad_rows: bool,
    rejects: _Rejects,
    progress: Progress | None,
    total: int,
) -> SheetReport:
    started = now()
    result = conn.execute(
        imports.insert().values(
            project_id=project.id,
            kind="records",
            file_name=source.path.name,
            file_sha256=sha,
            sheet=sheet,
            encoding=source.encoding,
            source_type=stype.value,
            credibility=cred.value if cred else None,
            mapping=mapping.as_dict(),
            rows_read=0,
            rows_added=0,
            rows_duplicate=0,
            rows_rejected=0,
            started_at=started,
            finished_at=started,
        )
    )
    import_id = int(result.inserted_primary_key[0])
    rep = SheetReport(sheet=sheet, mapping=mapping, import_id=import_id)
    parser = _RowParser(mapping, stype, cred)
    seen: set[bytes] = set()
    repeats: dict[bytes, int] = {}
    base = {"project_id": project.id, "import_id": import_id, "origin_file": source.path.name}

    def rows() -> Iterator[dict[str, Any]]:
        for srow in source.rows(sheet):
            rep.rows_read += 1
            try:
                if srow.error is not None:
                    raise _CellError(srow.error_column, srow.error)
                rec = parser.parse(srow.values)
            except _CellError as exc:
                if not skip_bad_rows:
                    raise InputError(
                        str(exc), file=source.path.name, row=srow.row, column=exc.column
                    ) from None
                rep.rows_rejected += 1
                rejects.add(srow, exc.column, str(exc))
                continue
            digest = hashlib.blake2b(content_key(rec), digest_size=16).digest()
            if digest in seen:  # the same content again in this file: keep it, numbered
                repeats[digest] = repeats.get(digest, 0) + 1
                digest = hashlib.blake2b(
                    digest + repeats[digest].to_bytes(4, "big"), digest_size=16
                ).digest()
            else:
                seen.add(digest)
            rec.update(base, origin_sheet=sheet, origin_row=srow.row, content_hash=digest.hex())
            yield rec

    stmt = _insert_stmt(conn)
    for batch in _batches(rows(), BATCH):
        conn.execute(stmt, batch)
        if progress:
            progress(source.bytes_read(), total)
    added = conn.execute(
        select(func.count()).select_from(records).where(records.c.import_id == import_id)
    ).scalar_one()
    rep.rows_added = int(added)
    rep.rows_duplicate = rep.rows_read - rep.rows_rejected - rep.rows_added
    conn.execute(
        update(imports)
        .where(imports.c.id == import_id)
        .values(
            rows_read=rep.rows_read,
            rows_added=rep.rows_added,
            rows_duplicate=rep.rows_duplicate,
            rows_rejected=rep.rows_rejected,
            finished_at=now(),
        )
    )
    return rep


__all__ = ["ImportReport", "Progress", "SheetReport", "content_key", "import_records"]
