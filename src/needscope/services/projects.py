"""Create, read and update projects (engagements)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select, update

from needscope.errors import InputError, NotFoundError
from needscope.model import Constraints, CustomerType, Project, Scenario
from needscope.store import Store, projects

SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def new_id(result: Any) -> int:
    """The primary key of the row an INSERT just added."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise RuntimeError("the database returned no key for a new row")
    return int(key[0])


def now() -> datetime:
    """The current UTC time without tzinfo, as stored."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _row_to_project(row: Any) -> Project:
    return Project(
        id=row.id,
        slug=row.slug,
        client=row.client,
        industry=row.industry,
        owner=row.owner,
        customer_type=CustomerType.of(row.customer_type),
        scenario=Scenario.of(row.scenario),
        constraints=Constraints(budget=row.budget, deadline=row.deadline, resources=row.resources),
        goals=list(row.goals or []),
        description=row.description,
        created_at=row.created_at,
    )


def create_project(store: Store, project: Project) -> Project:
    """Store a new project; its slug must be new."""
    if not SLUG_RE.match(project.slug):
        raise InputError(
            f"project name {project.slug!r} must be 1–100 letters, digits, '-', '_' or '.'"
        )
    if not project.client.strip():
        raise InputError("the client name (客户名称) must not be empty")
    with store.begin() as conn:
        if conn.execute(select(projects.c.id).where(projects.c.slug == project.slug)).first():
            raise InputError(f"project {project.slug!r} exists already")
        stamp = now()
        result = conn.execute(
            projects.insert().values(
                slug=project.slug,
                client=project.client,
                industry=project.industry,
                owner=project.owner,
                customer_type=project.customer_type.value,
                scenario=project.scenario.value,
                budget=project.constraints.budget,
                deadline=project.constraints.deadline,
                resources=project.constraints.resources,
                goals=list(project.goals),
                description=project.description,
                created_at=stamp,
                updated_at=stamp,
            )
        )
        project.id = new_id(result)
        project.created_at = stamp
    return project


def find_project(conn: Connection, slug: str) -> Project:
    """The project called ``slug``, read on ``conn``."""
    row = conn.execute(select(projects).where(projects.c.slug == slug)).first()
    if row is None:
        names = conn.execute(select(projects.c.slug).order_by(projects.c.slug)).scalars().all()
        known = ", ".join(names) if names else "none yet: create one with `needscope init`"
        raise NotFoundError(f"no project {slug!r} (projects: {known})")
    return _row_to_project(row)


def get_project(store: Store, slug: str) -> Project:
    """The project called ``slug``."""
    with store.connect() as conn:
        return find_project(conn, slug)


def list_projects(store: Store) -> list[Project]:
    """All projects, by name."""
    with store.connect() as conn:
        rows = conn.execute(select(projects).order_by(projects.c.slug)).all()
    return [_row_to_project(r) for r in rows]


def update_project(store: Store, slug: str, **changes: Any) -> Project:
    """Change fields of a project (client, owner, budget, deadline, goals …)."""
    allowed = {c.name for c in projects.columns} - {"id", "slug", "created_at", "updated_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise InputError(f"unknown project fields: {', '.join(sorted(unknown))}")
    for key in ("customer_type", "scenario"):
        if key in changes and changes[key] is not None:
            vocab = CustomerType if key == "customer_type" else Scenario
            changes[key] = vocab.parse(changes[key]).value
    if isinstance(changes.get("deadline"), str):
        changes["deadline"] = date.fromisoformat(changes["deadline"])
    with store.begin() as conn:
        project = find_project(conn, slug)
        conn.execute(
            update(projects).where(projects.c.id == project.id).values(**changes, updated_at=now())
        )
        return find_project(conn, slug)


def project_dict(project: Project) -> dict[str, Any]:
    """A plain mapping of the project, as report sections take it."""
    return {
        "slug": project.slug,
        "client": project.client,
        "industry": project.industry,
        "owner": project.owner,
        "customer_type": project.customer_type.value,
        "scenario": project.scenario.value,
        "budget": project.constraints.budget,
        "deadline": project.constraints.deadline,
        "resources": project.constraints.resources,
        "goals": list(project.goals),
        "description": project.description,
    }


def delete_project(store: Store, slug: str) -> None:
    """Remove a project and everything stored for it."""
    from needscope.store import customers, imports, need_evidence, needs, records

    with store.begin() as conn:
        project = find_project(conn, slug)
        need_ids = select(needs.c.id).where(needs.c.project_id == project.id)
        conn.execute(need_evidence.delete().where(need_evidence.c.need_id.in_(need_ids)))
        for table in (needs, records, customers, imports):
            conn.execute(table.delete().where(table.c.project_id == project.id))
        conn.execute(projects.delete().where(projects.c.id == project.id))


__all__ = [
    "create_project",
    "delete_project",
    "find_project",
    "get_project",
    "list_projects",
    "new_id",
    "now",
    "project_dict",
    "update_project",
]
