"""Corrections by a person: record labels, the review queue, and topics promoted into the pack.

A person's labels live in the store (``record_labels``). A project's own tags (topics promoted
into its industry pack) and the tagger learned from its labels live in the project's text
folder, ``<output dir>/<project>/text/`` (see :func:`~needscope.services.enrich.text_home`):
``pack.yaml`` extends the industry pack; ``models/aspects-<key>/`` holds the fitted tagger,
keyed by the labels and the pack it was trained on, so it is trained again only when they change.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, delete, select

from needscope.errors import InputError, NotFoundError
from needscope.services.enrich import (
    industry_pack,
    pack_for,
    text_frame,
    text_home,
    user_pack_path,
)
from needscope.services.projects import find_project, now
from needscope.store import Store, record_labels, record_text, records

MIN_LABELLED = 30
"""Records with aspect labels a project needs before its own tagger is trained and used."""
MIN_REJECTED = 3
"""A pack tag found on this many labelled records and never kept there is dropped."""
FEEDBACK_FORMAT = "1"
SENTIMENTS = ("positive", "negative", "neutral")
Labels = dict[str, str]


# labels --------------------------------------------------------------------------------------


def _as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _parse_aspects(value: Mapping[str, str] | str, record_id: int, pack_ref: str) -> Labels:
    """Validate aspect labels against the project's pack; errors name the record and value."""
    from needscope.text.labels import LabelError, parse_labels, parse_polarity
    from needscope.text.packs import load_pack

    where = f"record {record_id}"
    try:
        if isinstance(value, str):
            parsed: Labels = dict(parse_labels(value))
        else:
            parsed = {str(a).strip(): parse_polarity(str(p)) for a, p in value.items()}
    except LabelError as exc:
        raise InputError(f"{where}: {exc.reason}") from None
    known = load_pack(pack_ref).ids()
    bad = [a for a in parsed if a not in known]
    if bad:
        raise InputError(
            f"{where}: unknown aspect {bad[0]!r}; the project's pack has: {', '.join(known)}"
        )
    return parsed


def _parse_sentiment(value: str, record_id: int) -> str:
    from needscope.text.labels import LabelError, parse_sentiment

    try:
        return parse_sentiment(value)
    except LabelError:
        raise InputError(
            f"record {record_id}: bad sentiment {value!r}; use {', '.join(SENTIMENTS)}"
        ) from None


def set_record_labels(
    store: Store,
    slug: str,
    record_id: int,
    *,
    aspects: Mapping[str, str] | str | None = None,
    sentiment: str | None = None,
    author: str | None = None,
    home: Path | None = None,
) -> dict[str, Any]:
    """Set a person's labels on a record; returns the stored labels.

    ``aspects``: ``{aspect: polarity}`` or an ``aspect:polarity|…`` cell, the record's complete
    set of aspects (empty: none applies); ``sentiment``: positive/negative/neutral. What is not
    given keeps its stored value. Aspect ids must be tags of the project's pack (its own tags
    in ``home`` included).
    """
    if aspects is None and sentiment is None:
        raise InputError(f"record {record_id}: give aspects, a sentiment or both")
    with store.connect() as conn:
        project = find_project(conn, slug)
    parsed = (
        None if aspects is None else _parse_aspects(aspects, record_id, pack_for(project, home))
    )
    senti = None if sentiment is None else _parse_sentiment(sentiment, record_id)
    with store.begin() as conn:
        found = conn.execute(
            select(records.c.id).where(
                records.c.id == int(record_id), records.c.project_id == project.id
            )
        ).first()
        if found is None:
            raise NotFoundError(f"no record {record_id} in project {slug!r}")
        old = conn.execute(
            select(record_labels).where(record_labels.c.record_id == int(record_id))
        ).first()
        row = {
            "record_id": int(record_id),
            "project_id": project.id,
            "aspects": parsed if parsed is not None else (_as_json(old.aspects) if old else None),
            "sentiment": senti if senti is not None else (old.sentiment if old else None),
            "author": author if author is not None else (old.author if old else None),
            "updated_at": now(),
        }
        conn.execute(delete(record_labels).where(record_labels.c.record_id == int(record_id)))
        conn.execute(record_labels.insert().values(**row))
    return row


def clear_record_labels(store: Store, slug: str, record_id: int) -> bool:
    """Remove a person's labels from a record; True when there were some."""
    with store.begin() as conn:
        project = find_project(conn, slug)
        result = conn.execute(
            delete(record_labels).where(
                record_labels.c.record_id == int(record_id),
                record_labels.c.project_id == project.id,
            )
        )
    return bool(result.rowcount)


def stored_labels(conn: Connection, project_id: int) -> dict[int, tuple[Labels | None, str | None]]:
    """Record id → (aspects or None, sentiment or None) for a project's labelled records."""
    rows = conn.execute(
        select(record_labels.c.record_id, record_labels.c.aspects, record_labels.c.sentiment)
        .where(record_labels.c.project_id == project_id)
        .order_by(record_labels.c.record_id)
    )
    out: dict[int, tuple[Labels | None, str | None]] = {}
    for rid, aspects, senti in rows:
        value = _as_json(aspects)
        out[int(rid)] = (dict(value) if value is not None else None, senti)
    return out


def labels_frame(store: Store, slug: str) -> pd.DataFrame:
    """A project's labelled records: ``record_id``, ``text``, ``aspects``, ``sentiment``,
    ``author``, ``updated_at``."""
    with store.connect() as conn:
        project = find_project(conn, slug)
        result = conn.execute(
            select(
                record_labels.c.record_id, records.c.text, record_labels.c.aspects,
                record_labels.c.sentiment, record_labels.c.author, record_labels.c.updated_at,
            )
            .join(records, records.c.id == record_labels.c.record_id)
            .where(record_labels.c.project_id == project.id)
            .order_by(record_labels.c.record_id)
        )  # fmt: skip
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    frame["aspects"] = pd.Series(
        [_as_json(v) for v in frame["aspects"]], index=frame.index, dtype=object
    )
    return frame


def least_certain(store: Store, slug: str, n: int = 20) -> pd.DataFrame:
    """The ``n`` tagged records whose stored tags are least certain, not labelled yet.

    A record's ``confidence`` is its least confident tag (``record_text.tag_conf``); records
    without tags are left to topic discovery. Columns: ``record_id``, ``text``, ``tags``,
    ``tag_conf``, ``confidence``; least confident first, then by record id.
    """
    with store.connect() as conn:
        project = find_project(conn, slug)
        result = conn.execute(
            select(record_text.c.record_id, records.c.text, record_text.c.tags,
                   record_text.c.tag_conf)
            .join(records, records.c.id == record_text.c.record_id)
            .outerjoin(record_labels, record_labels.c.record_id == record_text.c.record_id)
            .where(record_text.c.project_id == project.id, record_labels.c.record_id.is_(None))
            .order_by(record_text.c.record_id)
        )  # fmt: skip
        frame = pd.DataFrame(result.fetchall(), columns=["record_id", "text", "tags", "tag_conf"])
    for col in ("tags", "tag_conf"):
        frame[col] = pd.Series(
            [list(_as_json(v) or []) for v in frame[col]], index=frame.index, dtype=object
        )
    frame = frame[frame["tag_conf"].map(len) > 0].copy()
    frame["confidence"] = frame["tag_conf"].map(lambda c: float(min(c)))
    frame = frame.sort_values(["confidence", "record_id"], kind="stable").head(max(n, 0))
    return frame.reset_index(drop=True)


# the project's own tagger --------------------------------------------------------------------


def _digest(value: Any, size: int = 8) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.blake2b(blob, digest_size=size).hexdigest()


def labels_key(labels: Mapping[int, tuple[Labels | None, str | None]]) -> str:
    """Content hash of the aspect labels (what the project's tagger is trained on)."""
    return _digest(
        sorted((rid, sorted(a.items())) for rid, (a, _) in labels.items() if a is not None)
    )


def label_digest(aspects: Labels | None, sentiment: str | None) -> str:
    """Short hash of one record's labels."""
    return _digest([sorted((aspects or {}).items()) if aspects is not None else None, sentiment], 4)


def _related(tag: str, other: str) -> bool:
    """Same tag, or one is an ancestor of the other."""
    return tag == other or tag.startswith(other + ".") or other.startswith(tag + ".")


@dataclass
class Feedback:
    """The project's tagger learned from its labels, and the pack tags the labels rejected.

    ``decide`` merges it with the pack's tags of a record: the tagger decides the aspects it
    knows; other pack tags stay unless rejected (found on ≥ ``MIN_REJECTED`` labelled records
    and kept, or refined, on none).
    """

    tagger: Any
    rejected: frozenset[str] = field(default_factory=frozenset)

    @property
    def aspects(self) -> list[str]:
        """Aspects the tagger decides."""
        return list(self.tagger.aspects_)

    def decide(
        self, texts: list[str], tags: list[list[str]], confs: list[list[float]],
        problems: list[list[str]],
    ) -> tuple[list[list[str]], list[list[float]], list[list[str]]]:  # fmt: skip
        """Tags, confidences and problem tags of each record after the tagger's decisions."""
        details = self.tagger.predict_details(texts)
        known = set(self.aspects)
        learned: list[list[tuple[str, float, str]]] = [[] for _ in texts]
        for r, a, p, pol in details[["row", "aspect", "probability", "polarity"]].itertuples(
            index=False
        ):
            learned[int(r)].append((str(a), float(p), str(pol)))
        out_tags, out_conf, out_prob = [], [], []
        for i in range(len(texts)):
            pairs: list[tuple[str, float]] = []
            probs: list[str] = []
            for a, p, pol in learned[i]:
                pairs.append((a, round(p, 3)))
                if pol == "negative":
                    probs.append(a)
            for t, c in zip(tags[i], confs[i], strict=True):
                if t in known or t in self.rejected or any(_related(t, a) for a, _ in pairs):
                    continue
                pairs.append((t, float(c)))
                if t in problems[i]:
                    probs.append(t)
            pairs.sort(key=lambda x: -x[1])
            out_tags.append([t for t, _ in pairs])
            out_conf.append([c for _, c in pairs])
            out_prob.append(probs)
        return out_tags, out_conf, out_prob


def _rejected(pack_tags: list[list[str]], labels: list[Labels]) -> frozenset[str]:
    """Pack tags found on ≥ MIN_REJECTED labelled records and kept (or refined) on none."""
    found: dict[str, int] = {}
    kept: set[str] = set()
    for tags, lab in zip(pack_tags, labels, strict=True):
        for t in tags:
            found[t] = found.get(t, 0) + 1
            if any(_related(t, a) for a in lab):
                kept.add(t)
    return frozenset(t for t, n in found.items() if n >= MIN_REJECTED and t not in kept)


def feedback_key(
    labels: Mapping[int, tuple[Labels | None, str | None]],
    pack_key: str,
    min_labelled: int = MIN_LABELLED,
) -> str:
    """Key of the project's tagger for these labels and pack ("" when there is none to train)."""
    aspect_labels = [a for a, _ in labels.values() if a is not None]
    if len(aspect_labels) < min_labelled or not any(aspect_labels):
        return ""
    return _digest([FEEDBACK_FORMAT, labels_key(labels), pack_key], 6)


def feedback_for(
    store: Store,
    slug: str,
    labels: Mapping[int, tuple[Labels | None, str | None]],
    pack_ref: str,
    pack_key: str,
    home: Path,
    min_labelled: int = MIN_LABELLED,
) -> tuple[Feedback | None, str]:
    """The project's tagger (trained, or read back from ``home``) and its key; None below
    ``min_labelled`` labelled records or when the labels name no aspect."""
    key = feedback_key(labels, pack_key, min_labelled)
    if not key:
        return None, ""
    aspect_labels = {rid: a for rid, (a, _) in labels.items() if a is not None}
    folder = home / "models" / f"aspects-{key}"
    info = folder.with_suffix(".json")
    from needscope.text.aspects import AspectTagger

    if (folder / "manifest.json").exists() and info.exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tagger = AspectTagger.load(folder)
        rejected = frozenset(json.loads(info.read_text(encoding="utf-8"))["rejected"])
        return Feedback(tagger, rejected), key
    ids = sorted(aspect_labels)
    with store.connect() as conn:
        texts_by_id = dict(
            conn.execute(select(records.c.id, records.c.text).where(records.c.id.in_(ids))).all()
        )
    texts = [str(texts_by_id.get(i) or "") for i in ids]
    y = [aspect_labels[i] for i in ids]
    tagger = AspectTagger(pack=pack_ref, embeddings=False, min_labels=0).fit(texts, y)
    from needscope.text import TextPipeline

    zs = TextPipeline(pack=pack_ref).fit_transform(pd.DataFrame({"text": texts}))
    rejected = _rejected([list(t) for t in zs["tags"]], y)
    parent = folder.parent
    if parent.exists():  # models of earlier labels are not needed any more
        for old in parent.glob("aspects-*"):
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
    parent.mkdir(parents=True, exist_ok=True)
    tagger.save(folder)
    info.write_text(
        json.dumps({"rejected": sorted(rejected), "records": len(ids)}), encoding="utf-8"
    )
    return Feedback(tagger, rejected), key


# topics --------------------------------------------------------------------------------------

MIN_PRECISION = 0.5
"""A topic's key word becomes a tag keyword when at least this share of the records that
contain it belong to the topic."""


def _precise_keywords(
    store: Store, slug: str, topic: Mapping[str, Any], keywords: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """The topic's key words that mostly occur in its own records (the best one at least)."""
    members = {int(i) for i in topic.get("evidence_ids") or []}
    frame = text_frame(store, slug)
    if not members or frame.empty:
        return {k: list(v) for k, v in keywords.items()}
    texts = frame["text_norm"].fillna("").astype(str).str.lower()
    inside = frame["id"].astype(int).isin(members)
    out: dict[str, list[str]] = {}
    for lang, words in keywords.items():
        scored = []
        for word in words:
            has = texts.str.contains(word.lower(), regex=False)
            total = int(has.sum())
            precision = int((has & inside).sum()) / total if total else 0.0
            scored.append((precision, word))
        keep = [w for pr, w in scored if pr >= MIN_PRECISION]
        out[lang] = keep or [max(scored)[1]] if scored else []
    return out


def project_topics(
    store: Store, slug: str, *, embedder: Any = "auto", home: Path | None = None, **params: Any
) -> pd.DataFrame:
    """Topics among the project's records no tag covers (``topic`` ids, labels, key words,
    sizes, quotes, evidence ids); the same data gives the same ids."""
    from needscope.text.packs import load_pack
    from needscope.text.topics import TopicModel

    with store.connect() as conn:
        project = find_project(conn, slug)
    frame = text_frame(store, slug)
    if frame.empty:
        return TopicModel(embedder="none").fit(pd.DataFrame({"text_norm": []})).topics_
    pack = load_pack(pack_for(project, home))
    return TopicModel(embedder=embedder, pack=pack, **params).fit(frame).topics_


def promote_topic(
    store: Store,
    slug: str,
    topic: int | Mapping[str, Any],
    tag_id: str,
    zh: str,
    en: str,
    *,
    parent: str | None = None,
    stage: str | None = None,
    layer: str | None = None,
    home: Path | None = None,
) -> dict[str, Any]:
    """Add a discovered topic to the project's own tags; returns the new tag.

    ``topic`` is a topic id of :func:`project_topics` or a topic row. With ``parent`` the id
    becomes ``parent.tag_id``; stage, layer, SERVQUAL dimension and need category default to
    the parent's. The next enrichment tags every record with the new pack.
    """
    from needscope.text.packs import load_pack, save_user_tags
    from needscope.text.topics import topic_to_tag

    with store.connect() as conn:
        project = find_project(conn, slug)
    pack = load_pack(pack_for(project, home))
    if isinstance(topic, Mapping):
        row = dict(topic)
    else:
        topics = project_topics(store, slug, home=home)
        match = topics[topics["topic"] == int(topic)]
        if match.empty:
            known = ", ".join(str(t) for t in topics["topic"]) or "none"
            raise InputError(f"no topic {topic} in project {slug!r} (topics: {known})")
        row = {str(k): v for k, v in match.iloc[0].items()}
    full_id = tag_id
    par = None
    if parent:
        try:
            par = pack.tag(parent)
        except KeyError:
            raise InputError(f"--parent {parent!r} is not a tag of the project's pack") from None
        if not tag_id.startswith(parent + "."):
            full_id = f"{parent}.{tag_id}"
    elif "." in tag_id:
        try:
            par = pack.tag(tag_id.rsplit(".", 1)[0])
        except KeyError:
            raise InputError(f"the parent of {tag_id!r} is not a tag of the pack") from None
    if full_id in pack.ids():
        raise InputError(f"tag {full_id!r} exists already in the project's pack")
    stage_id = stage or (par.stage if par else pack.stages[0].id)
    if stage_id not in {s.id for s in pack.stages}:
        known = ", ".join(s.id for s in pack.stages)
        raise InputError(f"--stage {stage_id!r} is not a stage of the pack ({known})")
    new = topic_to_tag(
        row,
        full_id,
        zh,
        en,
        stage=stage_id,
        servqual=par.servqual.value if par else "reliability",
        category=par.category.value if par else "experience",
        layer=layer or (par.layer.value if par else "front"),
    )
    new["keywords"] = _precise_keywords(store, slug, row, new["keywords"])
    path = user_pack_path(slug, home)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_user_tags(path, industry_pack(project), [new])
    return new


__all__ = [
    "MIN_LABELLED",
    "Feedback",
    "clear_record_labels",
    "feedback_for",
    "feedback_key",
    "label_digest",
    "labels_frame",
    "labels_key",
    "least_certain",
    "project_topics",
    "promote_topic",
    "set_record_labels",
    "stored_labels",
    "text_home",
]
