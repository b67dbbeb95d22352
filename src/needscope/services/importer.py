"""Import records from CSV/XLSX/JSON files: atomic, idempotent, streaming."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, update

from needscope.errors import InputError
from needscope.io import (
    ColumnMapping,
    ReadError,
    TableSource,
    detect_mapping,
    open_table,
    validate_mapping,
)
from needscope.io.rowparse import CellError, RowParser
from needscope.model import Credibility, Project, SourceType
from needscope.services.import_pipeline import PROCESS_THRESHOLD, SheetJob, read_sheet
from needscope.services.projects import find_project, new_id, now
from needscope.services.seen import SeenKeys
from needscope.store import Store, imports

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


INSERT_COLUMNS = (
    "project_id", "import_id", "source_type", "credibility", "channel", "touchpoint", "ts",
    "text", "ratings", "customer_key", "attrs", "origin_file", "origin_sheet", "origin_row",
    "content_hash",
)  # fmt: skip


def _insert_sql(conn: Connection) -> str:
    """A driver-level INSERT that skips rows whose content is stored already."""
    cols = ", ".join(INSERT_COLUMNS)
    if conn.dialect.name == "postgresql":
        marks = ", ".join(["%s"] * len(INSERT_COLUMNS))
        return (
            f"INSERT INTO records ({cols}) VALUES ({marks}) "
            "ON CONFLICT ON CONSTRAINT uq_records_project_hash DO NOTHING"
        )
    if conn.dialect.name == "sqlite":
        marks = ", ".join(["?"] * len(INSERT_COLUMNS))
        return f"INSERT OR IGNORE INTO records ({cols}) VALUES ({marks})"
    raise InputError(f"unsupported database {conn.dialect.name}")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sheets_of(source: TableSource, sheet: str | None) -> list[str | None]:
    if not source.sheets:
        if sheet not in (None, "*"):
            raise InputError(f"{source.path.name} has no sheets; drop --sheet")
        return [None]
    if sheet in (None, "*"):
        usable: list[str | None] = []
        for name in source.sheets:
            try:
                source.columns(name)
            except ReadError:  # an empty sheet holds nothing to import
                continue
            usable.append(name)
        if not usable:
            raise InputError("every sheet is empty", file=source.path.name)
        return usable
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
            report.sheets.append(_preview(source, s, mappings[s], stype, cred))
        return report

    rejects = (
        (rejects_path or path.with_name(path.name + ".rejects.csv")) if skip_bad_rows else None
    )
    if rejects is not None:
        rejects.unlink(missing_ok=True)
    sha = file_sha256(path)
    total = max(source.size_bytes, 1)
    done = 0
    with store.begin() as conn:
        project = find_project(conn, slug)
        for s in sheets:
            job = SheetJob(
                path=str(path),
                encoding=source.encoding,
                sheet=s,
                mapping=mappings[s].as_dict(),
                source_type=stype.value,
                credibility=cred.value if cred else None,
                rejects_path=str(rejects) if rejects else None,
                batch=BATCH,
            )
            rep = _import_sheet(conn, project, source, job, mappings[s], sha, progress, done, total)
            report.sheets.append(rep)
            if source.sheets:  # sheets of a workbook share the file's bytes
                done = int(total * (len(report.sheets) / len(sheets)))
    if rejects is not None and any(s.rows_rejected for s in report.sheets):
        report.rejects_path = rejects
    if progress:
        progress(total, total)
    return report


def _preview(
    source: TableSource,
    sheet: str | None,
    mapping: ColumnMapping,
    stype: SourceType,
    cred: Credibility | None,
) -> SheetReport:
    rep = SheetReport(sheet=sheet, mapping=mapping)
    parser = RowParser(mapping, stype, cred)
    for srow in source.head(5, sheet):
        try:
            if srow.error is not None:
                raise CellError(srow.error_column, srow.error)
            parsed: dict[str, Any] = parser.parse(srow.values)
        except CellError as exc:
            parsed = {"error": f"{exc.column}: {exc}"}
        rep.preview.append({"row": srow.row, **parsed})
    return rep


def _import_sheet(
    conn: Connection,
    project: Project,
    source: TableSource,
    job: SheetJob,
    mapping: ColumnMapping,
    sha: str,
    progress: Progress | None,
    done: int,
    total: int,
) -> SheetReport:
    started = now()
    result = conn.execute(
        imports.insert().values(
            project_id=project.id,
            kind="records",
            file_name=source.path.name,
            file_sha256=sha,
            sheet=job.sheet,
            encoding=source.encoding,
            source_type=job.source_type,
            credibility=job.credibility,
            mapping=job.mapping,
            rows_read=0,
            rows_added=0,
            rows_duplicate=0,
            rows_rejected=0,
            started_at=started,
            finished_at=started,
        )
    )
    import_id = new_id(result)
    rep = SheetReport(sheet=job.sheet, mapping=mapping, import_id=import_id)
    sql = _insert_sql(conn)
    sqlite = conn.dialect.name == "sqlite"
    file_name = source.path.name
    pid = project.id
    blake2b = hashlib.blake2b
    seen = SeenKeys()
    repeats: dict[bytes, int] = {}
    in_process = source.size_bytes < PROCESS_THRESHOLD
    added = 0
    for message in read_sheet(job, in_process=in_process):
        kind = message[0]
        if kind == "error":
            _, reason, row, column = message
            raise InputError(reason, file=file_name, row=row, column=column)
        if kind == "done":
            rep.rows_read, rep.rows_rejected = message[1], message[2]
            break
        rows = message[1]
        # cells: source_type, credibility, channel, touchpoint, ts_text, text, ratings,
        # customer_key, attrs, row
        digests = [
            blake2b(
                "\x1f".join(
                    (c[5] or "", c[4] or "", c[7] or "", c[2] or "", c[3] or "", c[6], c[8])
                ).encode("utf-8"),
                digest_size=16,
            ).digest()
            for c in rows
        ]
        again = seen.add(np.frombuffer(b"".join(digests), dtype="<u8")[::2])
        for i in np.flatnonzero(again):  # the same content again in this file: numbered
            d = digests[i]
            repeats[d] = repeats.get(d, 0) + 1
            digests[i] = blake2b(d + repeats[d].to_bytes(4, "big"), digest_size=16).digest()
        batch = [
            (pid, import_id, c[0], c[1], c[2], c[3],
             c[4] if sqlite or c[4] is None else datetime.fromisoformat(c[4]),
             c[5], c[6], c[7], c[8], file_name, job.sheet, c[9], d)
            for c, d in zip(rows, digests, strict=True)
        ]  # fmt: skip
        added += conn.exec_driver_sql(sql, batch).rowcount
        if progress:
            progress(done + message[2] if not source.sheets else done, total)
    rep.rows_added = added
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


__all__ = ["ImportReport", "Progress", "SheetReport", "file_sha256", "import_records"]
