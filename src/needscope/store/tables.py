"""Table definitions of the store (SQLAlchemy Core); migrations mirror them."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(100), nullable=False, unique=True),
    Column("client", String(200), nullable=False),
    Column("industry", String(50), nullable=False),
    Column("owner", String(100)),
    Column("customer_type", String(10), nullable=False),
    Column("scenario", String(30), nullable=False),
    Column("budget", Float),
    Column("deadline", Date),
    Column("resources", Text),
    Column("goals", JSON, nullable=False),
    Column("description", Text),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("sheet", String(200)),
    Column("encoding", String(30)),
    Column("source_type", String(30)),
    Column("credibility", String(10)),
    Column("mapping", JSON, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_added", Integer, nullable=False),
    Column("rows_duplicate", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),
    Column("age_band", String(50)),
    Column("gender", String(20)),
    Column("income_band", String(50)),
    Column("education", String(50)),
    Column("tier", String(50)),
    Column("region", String(100)),
    Column("channel_ids", JSON, nullable=False),
    Column("attrs", JSON, nullable=False),
    UniqueConstraint("project_id", "key", name="uq_customers_project_key"),
)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("import_id", ForeignKey("imports.id", ondelete="SET NULL")),
    Column("source_type", String(30), nullable=False),
    Column("credibility", String(10), nullable=False),
    Column("channel", String(200)),
    Column("touchpoint", String(200)),
    Column("ts", DateTime),
    Column("text", Text),
    Column("ratings", JSON, nullable=False),
    Column("customer_key", String(200)),
    Column("attrs", JSON, nullable=False),
    Column("origin_file", String(500)),
    Column("origin_sheet", String(200)),
    Column("origin_row", Integer),
    Column("content_hash", LargeBinary(16), nullable=False),
    UniqueConstraint("project_id", "content_hash", name="uq_records_project_hash"),
)

needs = Table(
    "needs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("dimension", String(30), nullable=False),
    Column("description", Text, nullable=False),
    Column("quote", Text),
    Column("credibility", String(10), nullable=False),
    Column("source_type", String(30)),
    Column("category", String(30)),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("origin", String(20), nullable=False, server_default="manual"),
    Column("cand_key", String(64)),
    Column("tag", String(100)),
    Column("kind", String(20)),
    Column("nature", String(20)),
    Column("support", Float),
    Column("scores", JSON),
    Column("feasibility", JSON),
    Column("whys", JSON),
    Index("ix_needs_project", "project_id"),
    Index("ix_needs_cand_key", "project_id", "cand_key"),
)

record_text = Table(
    "record_text",
    metadata,
    Column("record_id", ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("lang", String(8)),
    Column("text_norm", Text),
    Column("text_masked", Text),
    Column("tags", JSON, nullable=False),
    Column("tag_conf", JSON, nullable=False),
    Column("problem_tags", JSON, nullable=False),
    Column("sentiment", String(10)),
    Column("sentiment_score", Float),
    Column("version", String(64), nullable=False),
    Column("processed_at", DateTime, nullable=False),
    Index("ix_record_text_project", "project_id"),
)

need_evidence = Table(
    "need_evidence",
    metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("record_id", ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
)

record_labels = Table(
    "record_labels",
    metadata,
    Column("record_id", ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("aspects", JSON),
    Column("sentiment", String(10)),
    Column("author", String(100)),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_record_labels_project", "project_id"),
)
"""Labels a person set on a record: ``aspects`` maps aspect id to polarity (None = untouched)."""

journeys = Table(
    "journeys",
    metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("doc", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
"""A project's journey document (stages, touchpoints, stakeholders, to-be), as edited."""

plans = Table(
    "plans",
    metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("doc", JSON, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
"""A project's service plan document (goals, modules, tasks, tracking, glossary)."""

__all__ = [
    "customers",
    "imports",
    "journeys",
    "metadata",
    "need_evidence",
    "needs",
    "plans",
    "projects",
    "record_labels",
    "record_text",
    "records",
]
