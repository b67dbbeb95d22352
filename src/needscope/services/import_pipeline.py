"""Read and parse one sheet's rows, in a helper process for large files.

The reader yields messages: ``("rows", [(cells…, row), …], bytes_read)``, then
``("done", rows_read, rows_rejected)``, or ``("error", message, row, column)`` for the
first bad row (when bad rows are not skipped) or an unreadable file. Parsing in a second
process lets it run beside the database inserts on another core.
"""

from __future__ import annotations

import csv
import multiprocessing as mp
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any

from needscope.io import ReadError, SourceRow, open_table
from needscope.io.mapping import ColumnMapping
from needscope.io.rowparse import CellError, RowParser
from needscope.model import Credibility, SourceType

Message = tuple[Any, ...]
PROCESS_THRESHOLD = 4 << 20
"""Files larger than this (bytes) are parsed in a helper process."""


@dataclass(frozen=True)
class SheetJob:
    """Everything needed to read one sheet; plain data, so it crosses processes."""

    path: str
    encoding: str | None
    sheet: str | None
    mapping: dict[str, Any]
    source_type: str
    credibility: str | None
    rejects_path: str | None
    batch: int = 5000


class Rejects:
    """Appends bad rows, with the reason, to a CSV file (opened on first use)."""

    def __init__(self, path: Path, columns: list[str], sheet: str | None) -> None:
        self.path = path
        self.columns = columns
        self.sheet = sheet
        self._fh: Any = None
        self._writer: Any = None

    def add(self, srow: SourceRow, column: str | None, reason: str) -> None:
        """Write one bad row."""
        if self._writer is None:
            new = not self.path.exists() or self.path.stat().st_size == 0
            self._fh = self.path.open("a", encoding="utf-8-sig" if new else "utf-8", newline="")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(["_sheet", "_row", "_column", "_reason", *self.columns])
        cells = [srow.values.get(c) or "" for c in self.columns]
        self._writer.writerow([self.sheet or "", srow.row, column or "", reason, *cells])

    def close(self) -> None:
        """Close the file if it was opened."""
        if self._fh is not None:
            self._fh.close()


def produce(job: SheetJob) -> Iterator[Message]:
    """Read, parse and batch the sheet's rows."""
    rejects: Rejects | None = None
    try:
        source = open_table(job.path, encoding=job.encoding)
        parser = RowParser(
            ColumnMapping.from_dict(job.mapping),
            SourceType.of(job.source_type),
            Credibility.of(job.credibility) if job.credibility else None,
        )
        if job.rejects_path:
            rejects = Rejects(Path(job.rejects_path), source.columns(job.sheet), job.sheet)
        read = rejected = 0
        batch: list[tuple[Any, ...]] = []
        cells = parser.cells
        for srow in source.rows(job.sheet):
            read += 1
            try:
                if srow.error is not None:
                    raise CellError(srow.error_column, srow.error)
                batch.append((*cells(srow.values), srow.row))
            except CellError as exc:
                if rejects is None:
                    yield ("error", str(exc), srow.row, exc.column)
                    return
                rejected += 1
                rejects.add(srow, exc.column, str(exc))
                continue
            if len(batch) >= job.batch:
                yield ("rows", batch, source.bytes_read())
                batch = []
        if batch:
            yield ("rows", batch, source.bytes_read())
        yield ("done", read, rejected)
    except ReadError as exc:
        yield ("error", exc.message, exc.row, exc.column)
    finally:
        if rejects is not None:
            rejects.close()


def _child(job: SheetJob, pipe: Pipe) -> None:
    try:
        for message in produce(job):
            pipe.send(message)
    except BaseException:
        pipe.send(("crash", traceback.format_exc()))
    finally:
        pipe.close()


def read_sheet(job: SheetJob, *, in_process: bool) -> Iterator[Message]:
    """The sheet's messages, produced here or in a helper process."""
    if in_process or "fork" not in mp.get_all_start_methods():
        yield from produce(job)
        return
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(job, send), daemon=True, name="needscope-reader")
    proc.start()
    send.close()
    try:
        while True:
            try:
                message: Message = receive.recv()
            except EOFError:
                proc.join()
                raise RuntimeError(
                    f"the reading process stopped unexpectedly (exit code {proc.exitcode})"
                ) from None
            if message[0] == "crash":
                raise RuntimeError(f"reading {Path(job.path).name} failed:\n{message[1]}")
            yield message
            if message[0] in ("done", "error"):
                return
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()
        receive.close()


__all__ = ["PROCESS_THRESHOLD", "Rejects", "SheetJob", "produce", "read_sheet"]
