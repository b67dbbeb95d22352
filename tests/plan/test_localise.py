"""A plan drafted in one language shows its catalogue wording in the other."""

from __future__ import annotations

from datetime import date

from needscope.plan.document import Plan, localise_plan
from needscope.plan.modules import load_catalogue
from needscope.plan.schedule import Task
from needscope.plan.tracking import TrackingRow


def test_catalogue_wording_follows_the_language_typed_text_stays() -> None:
    process = next(m for m in load_catalogue("restaurant") if m.id == "process")
    assert process.task is not None
    drafted = Task("process", process.name_zh, process.task.content[0], process.task.owner[0],
                   "", 1, 2, "", [process.task.milestones[0][0], "老板验收"],
                   process.task.resources[0], "上菜≤10分钟", 45000.0, [])  # fmt: skip
    typed = Task("extra", "门店自选动作", "店长自定", "王店长", "", 3, 3)
    plan = Plan(date(2026, 3, 2), 8, "restaurant", tasks=[drafted, typed],
                tracking=[TrackingRow(process.name_zh, date(2026, 3, 15))])  # fmt: skip
    en = localise_plan(plan, "en")
    t = en.tasks[0]
    assert (t.module, t.content, t.owner, t.resources) == (
        "Process redesign",
        "Redesign the order–kitchen–serving flow",
        "Supervisor",
        "Kitchen equipment tuning",
    )
    assert t.milestones == ["New flow on trial", "老板验收"]  # the typed milestone stays
    assert t.acceptance == "上菜≤10分钟"  # edited by a person: not catalogue wording
    assert en.tasks[1] == typed
    assert en.tracking[0].task == "Process redesign"
    assert localise_plan(en, "zh").tasks[0] == drafted  # and back
