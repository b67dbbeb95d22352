"""Build the bundled demo project: generate its files, import them, seed the register."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from needscope.services.workspace import ProjectHandle, Workspace

Say = Callable[[str], None]


def build_demo(
    ws: Workspace,
    directory: Path,
    *,
    scale: float = 1.0,
    slug: str = "demo",
    say: Say | None = None,
    progress_factory: Callable[[str], Any] | None = None,
) -> ProjectHandle:
    """Generate the demo files (if absent) and load them into project ``slug`` (if absent)."""
    from needscope.demo import demo_exists, generate_demo, load_manifest

    tell = say or (lambda _msg: None)
    if not demo_exists(directory):
        tell(f"generating demo files in {directory}")
        manifest = generate_demo(directory, scale=scale)
    else:
        manifest = load_manifest(directory)
    if ws.has_project(slug):
        return ws.project(slug)
    spec: dict[str, Any] = dict(manifest.project)
    constraints = spec.get("constraints") or {}
    handle = ws.create_project(
        slug,
        spec["client"],
        industry=spec.get("industry", "restaurant"),
        owner=spec.get("owner"),
        customer_type=spec.get("customer_type", "b2c"),
        scenario=spec.get("scenario", "new_client"),
        budget=constraints.get("budget"),
        deadline=str(constraints["deadline"]) if constraints.get("deadline") else None,
        resources=constraints.get("resources"),
        goals=spec.get("goals", []),
        description=spec.get("description"),
    )
    try:
        for item in spec.get("imports", []):
            path = directory / item["file"]
            progress = progress_factory(item["file"]) if progress_factory else None
            if item.get("kind") == "customers":
                handle.import_customers(path, progress=progress)
            else:
                handle.import_file(
                    path,
                    source_type=item["source_type"],
                    credibility=item.get("credibility"),
                    sheet=item.get("sheet"),
                    progress=progress,
                )
            tell(f"imported {item['file']}")
        for need in spec.get("needs", []):
            evidence: list[int] = []
            if need.get("evidence_contains"):
                found = handle.records(contains=need["evidence_contains"], limit=50)
                evidence = [int(i) for i in found["id"]]
            added = handle.add_need(
                need["description"],
                dimension=need.get("dimension", "expectation"),
                quote=need.get("quote"),
                credibility=need.get("credibility", "medium"),
                source_type=need.get("source_type"),
                evidence=evidence,
            )
            _assess(handle, int(added.id or 0), need, tell)
    except Exception:
        from needscope.services.projects import delete_project

        delete_project(ws.store, slug)
        raise
    return handle


def _assess(handle: ProjectHandle, need_id: int, need: dict[str, Any], tell: Say) -> None:
    """Store what the team decided about a need: priority scores, feasibility, 5-Why."""
    if need.get("scores"):
        handle.set_need_scores(need_id, **need["scores"])
        who = need.get("scored_by") or "the team"
        tell(f"{who} scored {need['description']}: {need['scores']}")
    if need.get("feasibility"):
        handle.set_need_feasibility(need_id, **need["feasibility"])
    if need.get("five_why"):
        handle.set_five_why(need_id, {"need": need["description"], **need["five_why"]})


__all__ = ["build_demo"]
