"""Project documents (journey, plan): stored whole, replaced atomically, versioned."""

from __future__ import annotations

from needscope.services.docs import delete_project_doc, project_doc, save_project_doc
from needscope.services.records import data_version
from needscope.services.workspace import Workspace


def test_documents_round_trip_and_change_the_data_version(workspace: Workspace) -> None:
    workspace.create_project("p1", "客户")
    store = workspace.store
    assert project_doc(store, "p1", "journey") is None
    before = data_version(store, "p1")
    doc = {"stages": [{"id": "dine", "zh": "用餐", "en": "Dine"}], "n": 1}
    save_project_doc(store, "p1", "journey", doc)
    assert project_doc(store, "p1", "journey") == doc
    assert project_doc(store, "p1", "plan") is None
    after = data_version(store, "p1")
    assert after["journey"] != before["journey"] and after["plan"] == before["plan"]
    save_project_doc(store, "p1", "journey", {"n": 2})
    assert project_doc(store, "p1", "journey") == {"n": 2}
    assert delete_project_doc(store, "p1", "journey")
    assert not delete_project_doc(store, "p1", "journey")
    assert project_doc(store, "p1", "journey") is None
