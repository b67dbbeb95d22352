"""The store: SQLAlchemy tables, migrations and the database handle."""

from needscope.store.db import Store, StoreError, normalise_url
from needscope.store.tables import (
    customers,
    imports,
    metadata,
    need_evidence,
    needs,
    projects,
    record_text,
    records,
)

__all__ = [
    "Store",
    "StoreError",
    "customers",
    "imports",
    "metadata",
    "need_evidence",
    "needs",
    "normalise_url",
    "projects",
    "record_text",
    "records",
]
