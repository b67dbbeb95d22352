"""A small demo project (scale 0.05) built once, enriched, with its journey saved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from needscope.services.workspace import ProjectHandle, Workspace


@dataclass
class Built:
    """The built project and where its store lives."""

    url: str
    db: Path
    ws: Workspace
    handle: ProjectHandle


@pytest.fixture(scope="session")
def journey_demo(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The demo at scale 0.05 in a SQLite store, text-enriched, journey saved by the demo job."""
    from needscope.services.demo_job import build_demo
    from needscope.services.enrich import enrich_project

    root = tmp_path_factory.mktemp("journey_demo")
    db = root / "demo.db"
    url = f"sqlite:///{db}"
    ws = Workspace(url)
    handle = build_demo(ws, root / "files", scale=0.05)
    enrich_project(ws.store, "demo")
    return Built(url, db, ws, handle)
