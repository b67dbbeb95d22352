"""Import and read customers with their segment attributes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from needscope.errors import InputError
from needscope.io import ReadError, detect_customer_mapping, open_table
from needscope.services.importer import BATCH, Progress, file_sha256
from needscope.services.projects import find_project, now
from needscope.store import Store, customers, imports

SEGMENT_FIELDS = ("age_band", "gender", "income_band", "education", "tier", "region")


def _upsert(conn: Connection, batch: list[dict[str, Any]]) -> None:
    ins = pg_insert(customers) if conn.dialect.name == "postgresql" else sqlite_insert(customers)
    stmt = ins.on_conflict_do_update(
        index_elements=[customers.c.project_id, customers.c.key],
        set_={f: ins.excluded[f] for f in (*SEGMENT_FIELDS, "channel_ids", "attrs")},
    )
    conn.execute(stmt, batch)


def import_customers(
    store: Store,
    slug: str,
    path: str | Path,
    *,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Import or update customers from a file; returns the number of rows read."""
    path = Path(path)
    try:
        source = open_table(path, encoding=encoding)
    except ReadError as exc:
        raise InputError(str(exc)) from None
    sheet = source.sheets[0] if source.sheets else None
    columns = source.columns(sheet)
    fields = detect_customer_mapping(columns, source.head(50, sheet))
    fields.update(mapping or {})
    if "key" not in fields:
        raise InputError(
            "no customer id column found (客户编号/会员编号/customer id …); name it with --map key=COLUMN",
            file=path.name,
        )
    for name, col in fields.items():
        if col not in columns:
            raise InputError(f"column {col!r} for {name} not in {columns}", file=path.name)
    mapped = set(fields.values())
    extra = [c for c in columns if c not in mapped]
    read = 0
    with store.begin() as conn:
        project = find_project(conn, slug)
        batch: list[dict[str, Any]] = []
        for srow in source.rows(sheet):
            read += 1
            if srow.error is not None:
                raise InputError(srow.error, file=path.name, row=srow.row, column=srow.error_column)
            key = srow.values.get(fields["key"])
            if not key:
                raise InputError(
                    "customer id is empty", file=path.name, row=srow.row, column=fields["key"]
                )
            row: dict[str, Any] = {"project_id": project.id, "key": key, "channel_ids": {}}
            for f in SEGMENT_FIELDS:
                row[f] = srow.values.get(fields[f]) if f in fields else None
            row["attrs"] = {c: srow.values[c] for c in extra if srow.values.get(c) is not None}
            batch.append(row)
            if len(batch) >= BATCH:
                _upsert(conn, batch)
                batch = []
                if progress:
                    progress(source.bytes_read(), source.size_bytes)
        if batch:
            _upsert(conn, batch)
        stamp = now()
        conn.execute(
            imports.insert().values(
                project_id=project.id,
                kind="customers",
                file_name=path.name,
                file_sha256=file_sha256(path),
                sheet=sheet,
                encoding=source.encoding,
                mapping=fields,
                rows_read=read,
                rows_added=read,
                rows_duplicate=0,
                rows_rejected=0,
                started_at=stamp,
                finished_at=stamp,
            )
        )
    return read


def customers_frame(store: Store, slug: str) -> pd.DataFrame:
    """The project's customers as a DataFrame (one row per customer)."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        rows = (
            conn.execute(
                select(customers)
                .where(customers.c.project_id == project.id)
                .order_by(customers.c.id)
            )
            .mappings()
            .all()
        )
    frame = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in customers.columns])
    return frame.drop(columns=["project_id"])


__all__ = ["SEGMENT_FIELDS", "customers_frame", "import_customers"]
