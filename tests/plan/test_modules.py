"""Module catalogue, requires/excludes rules, links to needs and the coverage check."""

from __future__ import annotations

import pandas as pd

from needscope.model.vocab import ModuleKind
from needscope.plan.modules import (
    check_rules,
    coverage,
    load_catalogue,
    module_from_dict,
    select_modules,
)

NEEDS = pd.DataFrame(
    {
        "id": [5, 7, 8, 20],
        "description": ["缩短高峰期上菜时间", "提供预约订座", "增加儿童座椅", "提供免费WiFi"],
        "quote": ["“上菜慢”占比达34%", None, None, None],
        "priority": ["now", "planned", "deferred", "now"],
    }
)


def test_catalogues_load_with_kinds() -> None:
    rest = load_catalogue("餐饮")
    kinds = {m.kind for m in rest}
    assert kinds == {ModuleKind.BASIC, ModuleKind.VALUE_ADDED, ModuleKind.RISK}
    assert {m.id for m in rest} >= {"process", "training", "monitoring", "booking", "recovery"}
    assert all(m.task is not None and m.task.content[0] and m.task.content[1] for m in rest)
    generic = load_catalogue("hotel")  # no hotel catalogue: the generic one
    assert "online_support" in {m.id for m in generic}
    assert ModuleKind.parse("增值服务") is ModuleKind.VALUE_ADDED
    assert ModuleKind.RISK.label("en") == "Risk response"


def test_rules_requires_and_excludes() -> None:
    cat = {m.id: m for m in load_catalogue("restaurant")}
    issues = check_rules([cat["staffing"], cat["staffing_fulltime"], cat["kitchen_fallback"]],
                         cat.values())  # fmt: skip
    rules = sorted((i.rule, i.module, i.other) for i in issues)
    assert rules == [("excludes", "staffing", "staffing_fulltime"),
                     ("requires", "kitchen_fallback", "process")]  # fmt: skip
    text = {i.rule: i.message_zh for i in issues}
    assert (
        text["requires"] == "后厨设备故障应急（kitchen_fallback） 需要同时选用 流程优化（process）"
    )
    assert "不能同时选用" in text["excludes"]
    assert check_rules([cat["process"], cat["kitchen_fallback"]]) == []


def test_select_and_coverage() -> None:
    cat = load_catalogue("restaurant")
    chosen = select_modules(cat, NEEDS)
    ids = [m.id for m in chosen]
    assert "process" in ids and "booking" in ids
    assert "kids" not in ids  # serves only a deferred need
    assert "staffing_fulltime" not in ids or "staffing" not in ids
    assert dict((m.id, m.need_ids) for m in chosen)["process"] == (5,)
    cov = coverage(chosen, NEEDS)
    assert cov.served[5][0] == "process"
    assert not cov.complete
    assert cov.uncovered_now.to_dict("records") == [
        {"id": 20, "description": "提供免费WiFi", "priority": "now"}]  # fmt: skip
    extra = module_from_dict({"id": "points", "name": "免费WiFi", "kind": "增值服务",
                              "need_ids": [20]})  # fmt: skip
    assert coverage([*chosen, extra], NEEDS).complete
