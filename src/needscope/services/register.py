"""The raw needs register (Template 1): add, link evidence, list, update."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select, update

from needscope.errors import InputError, NotFoundError
from needscope.model import (
    Credibility,
    Need,
    NeedCategory,
    NeedDimension,
    NeedStatus,
    Project,
    SourceType,
)
from needscope.services.projects import find_project, new_id, now
from needscope.store import Store, need_evidence, needs, records

FEASIBILITY_INPUTS = (
    "cost", "benefit", "technical_risk", "compliance_risk", "acceptance_risk",
    "people_required", "people_available", "budget_required", "budget_available",
    "tech_required", "tech_available",
)  # fmt: skip
"""Inputs of the feasibility check (cost and monthly benefit in yuan, risks 1–5)."""

NEED_COLUMNS = [
    "id",
    "client",
    "industry",
    "owner",
    "source_type",
    "dimension",
    "description",
    "quote",
    "credibility",
    "category",
    "status",
    "evidence_count",
    "created_at",
    "origin",
    "scores",
    "feasibility",
    "whys",
]


def _check_records(conn: Connection, project: Project, record_ids: Iterable[int]) -> list[int]:
    ids = sorted(set(int(i) for i in record_ids))
    if not ids:
        return ids
    found = set(
        conn.execute(
            select(records.c.id).where(records.c.project_id == project.id, records.c.id.in_(ids))
        ).scalars()
    )
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"no records {missing[:10]} in project {project.slug!r}")
    return ids


def add_need(store: Store, slug: str, need: Need) -> Need:
    """Store a need and link its evidence records."""
    if not need.description.strip():
        raise InputError("a need's description (具体描述) must not be empty")
    with store.begin() as conn:
        project = find_project(conn, slug)
        ids = _check_records(conn, project, need.evidence)
        stamp = now()
        result = conn.execute(
            needs.insert().values(
                project_id=project.id,
                dimension=need.dimension.value,
                description=need.description.strip(),
                quote=need.quote,
                credibility=need.credibility.value,
                source_type=need.source_type.value if need.source_type else None,
                category=need.category.value if need.category else None,
                status=need.status.value,
                created_at=stamp,
                updated_at=stamp,
            )
        )
        need.id = new_id(result)
        need.created_at = stamp
        if ids:
            conn.execute(
                need_evidence.insert(), [{"need_id": need.id, "record_id": i} for i in ids]
            )
        need.evidence = ids
    return need


def _find_need(conn: Connection, project: Project, need_id: int) -> Any:
    row = conn.execute(
        select(needs).where(needs.c.id == need_id, needs.c.project_id == project.id)
    ).first()
    if row is None:
        raise NotFoundError(f"no need {need_id} in project {project.slug!r}")
    return row


def link_evidence(store: Store, slug: str, need_id: int, record_ids: Iterable[int]) -> int:
    """Link more evidence records to a need; returns how many links are new."""
    with store.begin() as conn:
        project = find_project(conn, slug)
        _find_need(conn, project, need_id)
        ids = _check_records(conn, project, record_ids)
        have = set(
            conn.execute(
                select(need_evidence.c.record_id).where(need_evidence.c.need_id == need_id)
            ).scalars()
        )
        new = [i for i in ids if i not in have]
        if new:
            conn.execute(
                need_evidence.insert(), [{"need_id": need_id, "record_id": i} for i in new]
            )
        conn.execute(update(needs).where(needs.c.id == need_id).values(updated_at=now()))
    return len(new)


def update_need(store: Store, slug: str, need_id: int, **changes: Any) -> None:
    """Change a need's fields; vocabulary fields accept values or labels."""
    parsers: dict[str, Any] = {
        "dimension": NeedDimension,
        "credibility": Credibility,
        "source_type": SourceType,
        "category": NeedCategory,
        "status": NeedStatus,
    }
    allowed = {"description", "quote", *parsers}
    unknown = set(changes) - allowed
    if unknown:
        raise InputError(f"unknown need fields: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key in parsers and value is not None:
            try:
                value = parsers[key].parse(value).value
            except ValueError as exc:
                raise InputError(str(exc)) from None
        values[key] = value
    with store.begin() as conn:
        project = find_project(conn, slug)
        _find_need(conn, project, need_id)
        conn.execute(update(needs).where(needs.c.id == need_id).values(**values, updated_at=now()))


def _set_json(store: Store, slug: str, need_id: int, column: str, value: Any) -> None:
    with store.begin() as conn:
        project = find_project(conn, slug)
        _find_need(conn, project, need_id)
        conn.execute(
            update(needs).where(needs.c.id == need_id).values({column: value, "updated_at": now()})
        )


def set_need_scores(store: Store, slug: str, need_id: int, **scores: int | None) -> dict[str, int]:
    """Set a person's priority sub-scores (1–5) for a need; None removes one. Returns all set."""
    from needscope.methods.priority import FACTORS

    unknown = set(scores) - set(FACTORS)
    if unknown:
        raise InputError(f"unknown sub-scores {sorted(unknown)}; use {', '.join(FACTORS)}")
    current = dict(_need_json(store, slug, need_id, "scores"))
    for key, value in scores.items():
        if value is None:
            current.pop(key, None)
        elif not 1 <= int(value) <= 5:
            raise InputError(f"{key} must be 1–5, got {value}")
        else:
            current[key] = int(value)
    _set_json(store, slug, need_id, "scores", current or None)
    return current


def set_need_feasibility(
    store: Store, slug: str, need_id: int, **inputs: float | None
) -> dict[str, float]:
    """Set the feasibility inputs of a need (see ``FEASIBILITY_INPUTS``); None removes one."""
    unknown = set(inputs) - set(FEASIBILITY_INPUTS)
    if unknown:
        raise InputError(f"unknown inputs {sorted(unknown)}; use {', '.join(FEASIBILITY_INPUTS)}")
    current = dict(_need_json(store, slug, need_id, "feasibility"))
    for key, value in inputs.items():
        if value is None:
            current.pop(key, None)
            continue
        number = float(value)
        if number < 0 or (key.endswith("_risk") and not 1 <= number <= 5):
            raise InputError(f"{key} out of range: {value} (risks 1–5, amounts ≥ 0)")
        current[key] = number
    _set_json(store, slug, need_id, "feasibility", current or None)
    return current


def set_five_why(store: Store, slug: str, need_id: int, tree: dict[str, Any] | None) -> None:
    """Store a need's 5-Why tree (``FiveWhy.to_dict()``); None removes it."""
    if tree is not None:
        from needscope.methods.fivewhy import FiveWhy

        try:
            FiveWhy.from_dict(tree)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not a 5-Why tree: {exc}") from None
    _set_json(store, slug, need_id, "whys", tree)


def _need_json(store: Store, slug: str, need_id: int, column: str) -> dict[str, Any]:
    with store.connect() as conn:
        project = find_project(conn, slug)
        value = _find_need(conn, project, need_id)._mapping[column]
    if isinstance(value, str):
        value = json.loads(value)
    return dict(value or {})


def five_why_of(store: Store, slug: str, need_id: int) -> dict[str, Any]:
    """A need's stored 5-Why tree (empty when none)."""
    return _need_json(store, slug, need_id, "whys")


def needs_frame(store: Store, slug: str, *, status: str | None = None) -> pd.DataFrame:
    """The register as a DataFrame with the project's client facts on each row."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        counts = (
            select(need_evidence.c.need_id, func.count().label("n"))
            .group_by(need_evidence.c.need_id)
            .subquery()
        )
        query = (
            select(needs, func.coalesce(counts.c.n, 0).label("evidence_count"))
            .outerjoin(counts, counts.c.need_id == needs.c.id)
            .where(needs.c.project_id == project.id)
            .order_by(needs.c.id)
        )
        if status:
            query = query.where(needs.c.status == NeedStatus.parse(status).value)
        rows = conn.execute(query).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows])
    if frame.empty:
        return pd.DataFrame(columns=NEED_COLUMNS)
    frame["client"] = project.client
    frame["industry"] = project.industry
    frame["owner"] = project.owner
    return frame[NEED_COLUMNS]


def need_evidence_ids(store: Store, slug: str, need_id: int) -> list[int]:
    """Ids of the records linked to a need."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        _find_need(conn, project, need_id)
        ids = conn.execute(
            select(need_evidence.c.record_id)
            .where(need_evidence.c.need_id == need_id)
            .order_by(need_evidence.c.record_id)
        ).scalars()
        return [int(i) for i in ids]


__all__ = [
    "FEASIBILITY_INPUTS",
    "NEED_COLUMNS",
    "add_need",
    "five_why_of",
    "link_evidence",
    "need_evidence_ids",
    "needs_frame",
    "set_five_why",
    "set_need_feasibility",
    "set_need_scores",
    "update_need",
]
