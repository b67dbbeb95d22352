"""Run the text engine on a project's records and keep what it finds in the store."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Connection, and_, delete, or_, select, update

from needscope.model import Credibility, NeedDimension, NeedStatus, Project
from needscope.services.projects import find_project, new_id, now
from needscope.store import Store, need_evidence, needs, record_text, records

ENRICH_FORMAT = "1"
CHUNK = 5000
Progress = Callable[[int, int], None]
"""Called with (records done, records to do)."""

TEXT_COLUMNS = ["lang", "text_norm", "text_masked", "tags", "tag_conf", "problem_tags",
                "sentiment", "sentiment_score"]  # fmt: skip


def pack_for(project: Project) -> str:
    """The industry pack of a project: its industry when a pack exists, else the generic one."""
    from needscope.model import Industry
    from needscope.text import list_packs

    try:
        industry = Industry.parse(project.industry).value
    except ValueError:
        industry = project.industry
    return industry if industry in list_packs() else "generic"


def _version(pack: str) -> str:
    from needscope import __version__

    return f"{ENRICH_FORMAT}|{__version__}|{pack}"


def _todo(conn: Connection, project_id: int, version: str) -> pd.DataFrame:
    query = (
        select(
            records.c.id, records.c.text, records.c.source_type, records.c.credibility,
            records.c.ts, records.c.channel, records.c.customer_key,
        )
        .outerjoin(record_text, record_text.c.record_id == records.c.id)
        .where(
            records.c.project_id == project_id,
            records.c.text.is_not(None),
            or_(record_text.c.record_id.is_(None), record_text.c.version != version),
        )
        .order_by(records.c.id)
    )  # fmt: skip
    result = conn.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _plain(value: Any) -> Any:
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def enrich_project(store: Store, slug: str, *, progress: Progress | None = None) -> int:
    """Tag, normalise and score the records not processed yet; returns how many were done."""
    from needscope.text import TextPipeline

    with store.connect() as conn:
        project = find_project(conn, slug)
        pack = pack_for(project)
        version = _version(pack)
        todo = _todo(conn, int(project.id or 0), version)
    if todo.empty:
        return 0
    pipeline = TextPipeline(pack=pack, chunk_size=CHUNK)
    done = 0
    for start in range(0, len(todo), CHUNK):
        chunk = pipeline.transform(todo.iloc[start : start + CHUNK])
        stamp = now()
        rows = []
        for rec in chunk.to_dict("records"):
            row: dict[str, Any] = {"record_id": int(rec["id"]), "project_id": project.id}
            for col in TEXT_COLUMNS:
                value = _plain(rec.get(col))
                if col in ("tags", "tag_conf", "problem_tags"):
                    value = list(value) if value is not None else []
                row[col] = value
            row.update(version=version, processed_at=stamp)
            rows.append(row)
        with store.begin() as conn:
            ids = [r["record_id"] for r in rows]
            conn.execute(delete(record_text).where(record_text.c.record_id.in_(ids)))
            conn.execute(record_text.insert(), rows)
        done += len(rows)
        if progress:
            progress(done, len(todo))
    return done


def text_frame(store: Store, slug: str) -> pd.DataFrame:
    """Records with their text results (tags as lists), for analyses and reports."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        query = (
            select(
                records.c.id, records.c.source_type, records.c.credibility, records.c.channel,
                records.c.touchpoint, records.c.ts, records.c.text, records.c.customer_key,
                *[record_text.c[c] for c in TEXT_COLUMNS],
            )
            .join(record_text, record_text.c.record_id == records.c.id)
            .where(records.c.project_id == project.id)
            .order_by(records.c.id)
        )  # fmt: skip
        result = conn.execute(query)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    frame["ts"] = pd.to_datetime(frame["ts"])
    for col in ("tags", "tag_conf", "problem_tags"):
        frame[col] = pd.Series(
            [json.loads(v) if isinstance(v, str) else list(v or []) for v in frame[col]],
            index=frame.index,
            dtype=object,
        )
    return frame


def refresh_candidates(
    store: Store, slug: str, *, lang: Literal["zh", "en"] = "zh", frame: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Extract need candidates from the text results and keep them in the register.

    A candidate a person has already accepted, merged or rejected keeps that status; its
    counts, support, quotes and evidence links are brought up to date.
    """
    from needscope.text import extract_needs

    with store.connect() as conn:
        project = find_project(conn, slug)
    data = text_frame(store, slug) if frame is None else frame
    if data.empty:
        return pd.DataFrame()
    cands = extract_needs(data, pack_for(project), lang)
    if cands.empty:
        return cands
    stamp = now()
    with store.begin() as conn:
        existing = {
            row.cand_key: row.id
            for row in conn.execute(
                select(needs.c.id, needs.c.cand_key).where(
                    and_(needs.c.project_id == project.id, needs.c.origin == "text")
                )
            )
        }
        for cand in cands.to_dict("records"):
            key = str(cand["need_id"])
            quotes = list(cand.get("quotes") or [])
            values = {
                "description": str(cand.get("need_zh") or cand.get("need")),
                "quote": quotes[0] if quotes else None,
                "tag": cand.get("tag"),
                "kind": cand.get("kind"),
                "nature": cand.get("nature"),
                "support": float(cand.get("support") or 0.0),
                "category": cand.get("category"),
                "updated_at": stamp,
            }
            need_id = existing.get(key)
            if need_id is None:
                dimension = (
                    NeedDimension.EXPECTATION if cand.get("kind") == "explicit"
                    else NeedDimension.IMPLICIT
                )  # fmt: skip
                need_id = new_id(
                    conn.execute(
                        needs.insert().values(
                            project_id=project.id, dimension=dimension.value,
                            credibility=Credibility.MEDIUM.value,
                            status=NeedStatus.CANDIDATE.value, origin="text", cand_key=key,
                            created_at=stamp, **values,
                        )
                    )
                )  # fmt: skip
            else:
                conn.execute(update(needs).where(needs.c.id == need_id).values(**values))
                conn.execute(delete(need_evidence).where(need_evidence.c.need_id == need_id))
            ids = sorted({int(i) for i in (cand.get("evidence_ids") or [])})
            if ids:
                conn.execute(
                    need_evidence.insert(), [{"need_id": need_id, "record_id": i} for i in ids]
                )
    return cands


__all__ = ["enrich_project", "pack_for", "refresh_candidates", "text_frame"]
