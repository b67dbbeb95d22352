"""A project's editable documents (journey, plan) stored whole as JSON, replaced atomically."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Table, delete, insert, select

from needscope.services.projects import find_project
from needscope.store import Store, journeys, plans

DocKind = Literal["journey", "plan"]
_TABLES: dict[str, Table] = {"journey": journeys, "plan": plans}


def project_doc(store: Store, slug: str, kind: DocKind) -> dict[str, Any] | None:
    """The stored ``kind`` document of project ``slug``, or None when none was saved."""
    table = _TABLES[kind]
    with store.connect() as conn:
        pid = find_project(conn, slug).id
        doc = conn.execute(select(table.c.doc).where(table.c.project_id == pid)).scalar()
    return dict(doc) if doc is not None else None


def save_project_doc(store: Store, slug: str, kind: DocKind, doc: dict[str, Any]) -> None:
    """Replace the ``kind`` document of project ``slug`` in one transaction."""
    table = _TABLES[kind]
    with store.begin() as conn:
        pid = find_project(conn, slug).id
        conn.execute(delete(table).where(table.c.project_id == pid))
        conn.execute(insert(table).values(project_id=pid, doc=doc, updated_at=datetime.now()))


def delete_project_doc(store: Store, slug: str, kind: DocKind) -> bool:
    """Remove the ``kind`` document of project ``slug``; True when there was one."""
    table = _TABLES[kind]
    with store.begin() as conn:
        pid = find_project(conn, slug).id
        return bool(conn.execute(delete(table).where(table.c.project_id == pid)).rowcount)


__all__ = ["DocKind", "delete_project_doc", "project_doc", "save_project_doc"]
