"""The store: SQLAlchemy tables, migrations and the database handle."""

from needscope.store.db import Store, StoreError, normalise_url
from needscope.store.tables import (
    customers,
    imports,
    journeys,
    metadata,
    need_evidence,
    needs,
    plans,
    projects,
    record_labels,
    record_text,
    records,
)

__all__ = [
    "Store",
    "StoreError",
    "customers",
    "imports",
    "journeys",
    "metadata",
    "need_evidence",
    "needs",
    "normalise_url",
    "plans",
    "projects",
    "record_labels",
    "record_text",
    "records",
]
