"""Read records as DataFrames."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from needscope.model import Credibility, SourceType
from needscope.services.projects import find_project
from needscope.store import (
    Store,
    imports,
    journeys,
    needs,
    plans,
    projects,
    record_labels,
    record_text,
    records,
)

RECORD_COLUMNS = [
    "id",
    "source_type",
    "credibility",
    "channel",
    "touchpoint",
    "ts",
    "text",
    "customer_key",
    "origin_file",
    "origin_sheet",
    "origin_row",
]


def records_frame(
    store: Store,
    slug: str,
    *,
    source_type: str | None = None,
    credibility: str | None = None,
    contains: str | None = None,
    with_details: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """The project's records, optionally filtered; ``with_details`` adds ratings and attrs."""
    cols = [records.c[c] for c in RECORD_COLUMNS]
    if with_details:
        cols += [records.c.ratings, records.c.attrs]
    with store.connect() as conn:
        project = find_project(conn, slug)
        query = select(*cols).where(records.c.project_id == project.id).order_by(records.c.id)
        if source_type:
            query = query.where(records.c.source_type == SourceType.parse(source_type).value)
        if credibility:
            query = query.where(records.c.credibility == Credibility.parse(credibility).value)
        if contains:
            query = query.where(records.c.text.contains(contains, autoescape=True))
        if limit:
            query = query.limit(limit)
        result = conn.execute(query)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    frame["ts"] = pd.to_datetime(frame["ts"])
    if with_details:
        for col in ("ratings", "attrs"):
            frame[col] = pd.Series(
                [_as_dict(v) for v in frame[col]], index=frame.index, dtype=object
            )
    return frame


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return dict(json.loads(value))
    return dict(value or {})


def imports_frame(store: Store, slug: str) -> pd.DataFrame:
    """The project's import history."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        result = conn.execute(
            select(imports).where(imports.c.project_id == project.id).order_by(imports.c.id)
        )
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def data_version(store: Store, slug: str) -> dict[str, Any]:
    """A cheap fingerprint of the project's data, for knowing what changed."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        pid = project.id

        def stat(table: Any, stamp: Any = None, *where: Any) -> list[Any]:
            cols = [func.count(), func.max(next(iter(table.primary_key.columns)))]
            if stamp is not None:
                cols.append(func.max(stamp))
            row = conn.execute(select(*cols).where(table.c.project_id == pid, *where)).one()
            return [str(v) for v in row]

        updated = conn.execute(select(projects.c.updated_at).where(projects.c.id == pid)).scalar()
        return {
            "project": str(updated),
            "records": stat(records),
            "imports": stat(imports),
            "needs": stat(needs, needs.c.updated_at, needs.c.status.in_(("open", "done"))),
            "text": stat(record_text, record_text.c.processed_at),
            "labels": stat(record_labels, record_labels.c.updated_at),
            "journey": stat(journeys, journeys.c.updated_at),
            "plan": stat(plans, plans.c.updated_at),
        }


__all__ = ["RECORD_COLUMNS", "data_version", "imports_frame", "records_frame"]
