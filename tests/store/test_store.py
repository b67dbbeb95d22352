"""The store opens, migrates and keeps projects on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from needscope.errors import InputError, NotFoundError
from needscope.services.workspace import Workspace
from needscope.store import Store

TABLES = [
    "alembic_version",
    "customers",
    "imports",
    "journeys",
    "need_evidence",
    "needs",
    "plans",
    "projects",
    "record_labels",
    "record_text",
    "records",
]


def test_migrations_create_every_table_and_rerun_cleanly(db_url: str) -> None:
    store = Store(db_url)
    assert store.table_names() == TABLES
    store.migrate()  # a second run is a no-op
    again = Store(db_url)
    assert again.table_names() == TABLES
    store.dispose()
    again.dispose()


def test_project_round_trip(workspace: Workspace) -> None:
    workspace.create_project(
        "weidao",
        "味道江南餐饮连锁",
        owner="王总",
        customer_type="C端",
        scenario="新客户首次合作",
        budget=150000,
        deadline="2026-06-30",
        goals=["复购率从20%提升至40%"],
    )
    info = workspace.project("weidao").info()
    assert info.client == "味道江南餐饮连锁"
    assert info.customer_type.value == "b2c"
    assert info.scenario.value == "new_client"
    assert info.constraints.budget == 150000
    assert str(info.constraints.deadline) == "2026-06-30"
    assert info.goals == ["复购率从20%提升至40%"]


def test_duplicate_and_missing_projects_are_clear_errors(workspace: Workspace) -> None:
    workspace.create_project("a", "Client A")
    with pytest.raises(InputError, match="exists already"):
        workspace.create_project("a", "Client A")
    with pytest.raises(NotFoundError, match="projects: a"):
        workspace.project("b")
    with pytest.raises(InputError, match="project name"):
        workspace.create_project("bad name!", "X")


def test_bad_database_url_is_a_store_error(tmp_path: object) -> None:
    from needscope.store import StoreError

    with pytest.raises(StoreError):
        Store("postgresql://nobody@127.0.0.1:1/none")
