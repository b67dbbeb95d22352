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
        if spec.get("industry", "restaurant") == "restaurant":
            from needscope.journey.demo import demo_journey

            handle.save_journey(demo_journey())
            tell("saved the demo journey with its to-be plan")
        _plan(handle, tell, spec.get("launch"))
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


DEMO_PLAN_START = "2026-03-02"
"""Week 1 of the demo's plan: the Monday after the demo data ends (2026-02-28)."""
DEMO_TRACKING = (
    ("流程优化", "2026-03-16", "良", "后厨扫码设备延迟", "调整设备网络配置"),
    ("高峰弹性排班", "2026-03-13", "优", "", ""),
    ("线上预约订座", "2026-03-10", "良", "平台审核延后2天", "提前提交资质材料"),
    ("停车抵扣", "2026-03-12", "中", "商场停车场协议谈判延期", "先凭小票人工抵扣"),
    ("英文菜单", "2026-03-08", "优", "", ""),
    ("员工培训", "2026-03-22", "优", "", ""),
    ("服务失误补偿方案", "2026-03-21", "良", "", ""),
    ("后厨设备故障应急", "2026-03-24", "中", "演练切换用时15分钟", "增加一次演练"),
    ("高峰客流应急预案", "2026-03-22", "良", "", ""),
    ("新客回访与复购激励", "2026-04-07", "良", "会员名单缺手机号", "前台补录联系方式"),
    ("数据监测", "2026-04-05", "优", "", ""),
)
"""Template 4 rows of the demo: (task, actual completion, quality, problem, fix)."""


def _plan(handle: ProjectHandle, tell: Say, launch: dict[str, Any] | None = None) -> None:
    """Draft the demo's plan from its prioritised needs, record its execution so far and the
    launch (from the demo's project file) the feedback loop checks."""
    from datetime import date

    from needscope.plan.launch import launch_from_dict
    from needscope.services.plan import add_tracking, draft_plan, load_plan, save_plan

    plan = draft_plan(handle.store, handle.slug, start=date.fromisoformat(DEMO_PLAN_START))
    names = {t.module for t in plan.tasks}
    for task, actual, quality, problem, fix in DEMO_TRACKING:
        if task in names:
            add_tracking(handle.store, handle.slug, task, actual=actual, quality=quality,
                         problem=problem, fix=fix)  # fmt: skip
    tell(f"drafted the plan: {len(plan.tasks)} tasks, tracking {len(DEMO_TRACKING)} of them")
    if launch:
        stored = load_plan(handle.store, handle.slug)
        if stored is not None:
            stored.launch = launch_from_dict(launch)
            save_plan(handle.store, handle.slug, stored)
            tell(f"recorded the launch of {launch.get('date')} in the plan")


__all__ = ["DEMO_PLAN_START", "DEMO_TRACKING", "build_demo"]
