"""Run the text engine on a project's records and keep what it finds in the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Connection, and_, delete, or_, select, update

from needscope.model import Credibility, NeedDimension, NeedStatus, Project
from needscope.services.projects import find_project, new_id, now
from needscope.settings import Settings
from needscope.store import Store, need_evidence, needs, record_labels, record_text, records

ENRICH_FORMAT = "1"
CHUNK = 5000
Progress = Callable[[int, int], None]
"""Called with (records done, records to do)."""

TEXT_COLUMNS = ["lang", "text_norm", "text_masked", "tags", "tag_conf", "problem_tags",
                "sentiment", "sentiment_score"]  # fmt: skip


def industry_pack(project: Project) -> str:
    """The built-in pack of a project's industry, else the generic one."""
    from needscope.model import Industry
    from needscope.text import list_packs

    try:
        industry = Industry.parse(project.industry).value
    except ValueError:
        industry = project.industry
    return industry if industry in list_packs() else "generic"


def text_home(slug: str, settings: Settings | None = None) -> Path:
    """A project's text folder, ``<output dir>/<project>/text``: its own tags and models."""
    return (settings or Settings()).output_dir / slug / "text"


def user_pack_path(slug: str, home: Path | None = None) -> Path:
    """The project's own tags (a pack file extending its industry pack) in its text folder."""
    return (home if home is not None else text_home(slug)) / "pack.yaml"


def pack_for(project: Project, home: Path | None = None) -> str:
    """The pack a project is tagged with: its own pack file when it has one, else
    :func:`industry_pack`."""
    path = user_pack_path(project.slug, home)
    return str(path) if path.exists() else industry_pack(project)


def _version(pack: str, extra: str = "") -> str:
    from needscope import __version__

    if not extra:
        return f"{ENRICH_FORMAT}|{__version__}|{pack}"
    digest = hashlib.blake2b(f"{__version__}|{extra}".encode(), digest_size=8).hexdigest()
    return f"{ENRICH_FORMAT}|{pack}|{digest}"


def _todo(
    conn: Connection, project_id: int, version: str, expected: dict[int, str]
) -> pd.DataFrame:
    """Records to (re)process: never processed, or processed under another version."""
    query = (
        select(
            records.c.id, records.c.text, records.c.source_type, records.c.credibility,
            records.c.ts, records.c.channel, records.c.customer_key,
            record_text.c.version.label("_version"),
        )
        .outerjoin(record_text, record_text.c.record_id == records.c.id)
        .outerjoin(record_labels, record_labels.c.record_id == records.c.id)
        .where(
            records.c.project_id == project_id,
            records.c.text.is_not(None),
            or_(
                record_text.c.record_id.is_(None),
                record_text.c.version != version,
                record_labels.c.record_id.is_not(None),
            ),
        )
        .order_by(records.c.id)
    )  # fmt: skip
    result = conn.execute(query)
    frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if expected and not frame.empty:
        same = [
            expected.get(int(i)) == v for i, v in zip(frame["id"], frame["_version"], strict=True)
        ]
        frame = frame[~pd.Series(same, index=frame.index)]
    return frame.drop(columns="_version").reset_index(drop=True)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


_SCORES = {"positive": 1.0, "negative": -1.0, "neutral": 0.0}


def _apply_labels(row: dict[str, Any], aspects: dict[str, str] | None, sentiment: str | None,
                  order: list[str]) -> None:  # fmt: skip
    """A person's labels replace the tags and sentiment found by the engine."""
    if aspects is not None:
        rank = {t: i for i, t in enumerate(order)}
        tags = sorted(aspects, key=lambda t: (rank.get(t, len(rank)), t))
        row["tags"] = tags
        row["tag_conf"] = [1.0] * len(tags)
        row["problem_tags"] = [t for t in tags if aspects[t] == "negative"]
    if sentiment is not None:
        row["sentiment"] = sentiment
        row["sentiment_score"] = _SCORES.get(sentiment, 0.0)


def enrich_project(
    store: Store,
    slug: str,
    *,
    progress: Progress | None = None,
    home: Path | None = None,
    min_labelled: int | None = None,
) -> int:
    """Tag, normalise and score the records not processed yet; returns how many were done.

    The project's own tags (``pack.yaml`` in its text folder ``home``, default
    :func:`text_home`) extend its industry pack. Once ``min_labelled`` records (default 30)
    carry a person's aspect labels, a tagger trained on them decides the aspects it learned
    (see :class:`~needscope.services.labels.Feedback`); a labelled record always shows the
    person's labels. New labels or tags change the version, so every record is done again.
    """
    from needscope.services import labels as _labels
    from needscope.text import TextPipeline
    from needscope.text.packs import load_pack

    folder = home if home is not None else text_home(slug)
    with store.connect() as conn:
        project = find_project(conn, slug)
        base = industry_pack(project)
        pack_ref = pack_for(project, folder)
        labels = _labels.stored_labels(conn, int(project.id or 0))
    pack = load_pack(pack_ref)
    own = pack_ref != base
    least = _labels.MIN_LABELLED if min_labelled is None else min_labelled
    model_key = _labels.feedback_key(labels, pack.key, least)
    extra = f"{pack.key if own else ''}|{model_key}" if (own or model_key) else ""
    version = _version(base, extra)
    expected = {rid: f"{version}|{_labels.label_digest(a, s)}" for rid, (a, s) in labels.items()}
    with store.connect() as conn:
        todo = _todo(conn, int(project.id or 0), version, expected)
    if todo.empty:
        return 0
    feedback = None
    if model_key:
        feedback, _ = _labels.feedback_for(store, slug, labels, pack_ref, pack.key, folder, least)
    pipeline = TextPipeline(pack=pack_ref, chunk_size=CHUNK)
    order = pack.ids()
    done = 0
    for start in range(0, len(todo), CHUNK):
        chunk = pipeline.transform(todo.iloc[start : start + CHUNK])
        stamp = now()
        recs = chunk.to_dict("records")
        for rec in recs:
            for col in ("tags", "tag_conf", "problem_tags"):
                value = _plain(rec.get(col))
                rec[col] = list(value) if value is not None else []
        if feedback is not None:
            tags, confs, probs = feedback.decide(
                ["" if r["text"] is None else str(r["text"]) for r in recs],
                [r["tags"] for r in recs],
                [r["tag_conf"] for r in recs],
                [r["problem_tags"] for r in recs],
            )
            for rec, t, c, p in zip(recs, tags, confs, probs, strict=True):
                rec.update(tags=t, tag_conf=c, problem_tags=p)
        rows = []
        for rec in recs:
            rid = int(rec["id"])
            row: dict[str, Any] = {"record_id": rid, "project_id": project.id}
            for col in TEXT_COLUMNS:
                row[col] = _plain(rec.get(col))
            row["version"] = version
            if rid in labels:
                _apply_labels(row, *labels[rid], order)
                row["version"] = expected[rid]
            row["processed_at"] = stamp
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


__all__ = [
    "enrich_project",
    "industry_pack",
    "pack_for",
    "refresh_candidates",
    "text_frame",
    "text_home",
    "user_pack_path",
]
