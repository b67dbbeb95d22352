"""Stored priority overrides, feasibility inputs and 5-Why trees reach the report sections."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from needscope.errors import InputError
from needscope.methods import (
    apply_overrides,
    feasibility,
    feasibility_report,
    priority_matrix,
    template2,
)
from needscope.methods.fivewhy import FiveWhy, five_why
from needscope.methods.priority import FACTORS
from needscope.report.blocks import Section, Svg, Table, Text
from needscope.report.builtin_methods import SPECS
from needscope.report.builtin_methods_needs import stored
from needscope.services.run import StoreContext

ZH = dict(zip(FACTORS, ("客户价值", "业务影响", "战略匹配", "时间压力", "市场机会", "风险规避"),
              strict=True))  # fmt: skip
SLOW_INPUTS = {"cost": 8000.0, "benefit": 1500.0, "technical_risk": 2.0, "compliance_risk": 1.0,
               "acceptance_risk": 2.0, "people_required": 2.0, "people_available": 1.0}  # fmt: skip
NIGHT_INPUTS = {"cost": 360000.0, "benefit": 15000.0, "technical_risk": 2.0,
                "compliance_risk": 4.0, "acceptance_risk": 3.0, "budget_required": 360000.0,
                "budget_available": 50000.0}  # fmt: skip


def _build(ctx: StoreContext) -> dict[str, Section]:
    return {s.key.removeprefix("methods."): s.build(ctx) for s in SPECS
            if s.key.removeprefix("methods.") in ("priority", "feasibility", "fivewhy")}  # fmt: skip


def _table(section: Section, caption: str) -> pd.DataFrame:
    found = [b.frame for b in section.blocks if isinstance(b, Table) and b.caption == caption]
    assert found, [b.caption for b in section.blocks if isinstance(b, Table)]
    return found[0]


def _texts(section: Section) -> str:
    return "\n".join(b.text for b in section.blocks if isinstance(b, Text))


def _tree() -> FiveWhy:
    tree = five_why("缩短上菜时间", "高峰期上菜慢", ["后厨出餐排队", "厨师对新菜单不熟"])
    tree.add("培训不足 <b>3天</b>", (0, 0), evidence="访谈：厨师长")
    tree.add("点餐系统与后厨打印不同步", (0,), evidence="打印记录")
    return tree


@pytest.fixture(scope="module")
def stored_project(
    tmp_path_factory: pytest.TempPathFactory,
    make_small_project: Callable[..., Any],
    no_drawing: None,
) -> Iterator[tuple[Any, dict[str, Section], dict[str, Section], dict[str, int]]]:
    """The small project built before and after storing inputs on two of its needs."""
    project = make_small_project(tmp_path_factory.mktemp("stored"))
    ctx = StoreContext(project.ws.store, "small", "zh")
    before = _build(ctx)
    ids = {str(d): int(i) for d, i in zip(project.handle.needs()["description"],
                                          project.handle.needs()["id"], strict=True)}  # fmt: skip
    suggested = _table(before["priority"], "建议子项评分（1–5）").set_index("需求")
    same = int(suggested.loc["新店复购率提升", "战略匹配"])  # confirmed: equal to the suggestion
    project.handle.set_need_scores(ids["新店复购率提升"], time_pressure=5, strategic_fit=same)
    project.handle.set_need_scores(ids["缩短上菜时间"], customer_value=1, risk_avoidance=5)
    project.handle.set_need_feasibility(ids["缩短上菜时间"], **SLOW_INPUTS)
    project.handle.set_need_feasibility(ids["新店24小时营业"], **NIGHT_INPUTS)
    project.handle.set_five_why(ids["缩短上菜时间"], _tree())
    after = _build(StoreContext(project.ws.store, "small", "zh"))
    yield project, before, after, ids
    project.ws.close()


def test_overrides_give_the_matrix_of_direct_calls(stored_project: Any) -> None:
    _, before, after, _ = stored_project
    suggested = _table(before["priority"], "建议子项评分（1–5）")
    frame = suggested.rename(columns={"需求": "need", **{v: k for k, v in ZH.items()}})
    overrides = pd.DataFrame(
        [
            {"need": "新店复购率提升", "time_pressure": 5},
            {"need": "缩短上菜时间", "customer_value": 1, "risk_avoidance": 5},
        ]
    )
    direct = template2(priority_matrix(apply_overrides(frame, overrides)), "need", "zh")
    shown = _table(after["priority"], "需求优先级评估矩阵")
    shown = shown.assign(**{c: shown[c].str.replace(r"\(.*\)$", "", regex=True)
                            for c in ("重要性评分(1-5)", "紧急性评分(1-5)")})  # fmt: skip
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), direct.reset_index(drop=True))


def test_override_marks_per_factor(stored_project: Any) -> None:
    _, before, after, _ = stored_project
    suggested = _table(before["priority"], "建议子项评分（1–5）").set_index("需求")
    cells = _table(after["priority"], "子项评分（1–5）：采用值、建议值与人工调整").set_index("需求")
    old = int(suggested.loc["缩短上菜时间", "客户价值"])
    expected = "1" if old == 1 else f"1（建议 {old}，人工调整）"
    assert cells.loc["缩短上菜时间", "客户价值"] == expected
    assert cells.loc["新店复购率提升", "战略匹配"].endswith("（人工确认）")
    assert cells.loc["提供扫码点餐"].tolist() == [
        str(int(v)) for v in suggested.loc["提供扫码点餐", list(ZH.values())]
    ]
    template = _table(after["priority"], "需求优先级评估矩阵").set_index("需求描述")
    if old != 1:
        assert "人工调整：客户价值" in template.loc["缩短上菜时间", "重要性评分(1-5)"]
    assert "人工评分" in _texts(after["priority"])
    assert "人工评分" not in _texts(before["priority"])


def test_feasibility_uses_the_stored_inputs(stored_project: Any) -> None:
    _, before, after, _ = stored_project
    data = pd.DataFrame([{"need": "缩短上菜时间", **SLOW_INPUTS},
                         {"need": "新店24小时营业", **NIGHT_INPUTS}])  # fmt: skip
    direct = feasibility(data).set_index("need")
    table = _table(after["feasibility"], "可行性评估").set_index("需求")
    for need in direct.index:
        assert table.loc[need, "结论"] == direct.loc[need, "verdict_label"]
        assert table.loc[need, "成本"] == direct.loc[need, "cost"]
        assert table.loc[need, "回收期"] == pytest.approx(direct.loc[need, "payback"])
        assert table.loc[need, "ROI"] == pytest.approx(direct.loc[need, "roi"])
        assert table.loc[need, "资源匹配度"] == pytest.approx(direct.loc[need, "resource_fit"])
    assert direct.loc["缩短上菜时间", "payback"] == pytest.approx(8000 / 1500)
    assert table.loc["缩短上菜时间", "瓶颈"] == "人员"
    assert table.loc["新店24小时营业", "结论"] == "暂不可行"  # 24 months to pay back
    texts = _texts(after["feasibility"])
    for line in feasibility_report(feasibility(data), "zh", unit=" 元")["report"]:
        months = re.sub(r"(\d) 期", r"\1 个月", line).replace("/期", "/月")
        assert months.replace("期内", "个月内") in texts  # benefits are entered per month
    assert "尚未录入成本、收益、资源与风险：提供扫码点餐、新店复购率提升" in texts
    assert "已录入成本合计 368,000 元，占预算 736%" in texts
    assert "尚未录入成本、收益、资源与风险：缩短上菜时间" in _texts(before["feasibility"])


def test_acceptance_risk_falls_back_to_the_data(stored_project: Any) -> None:
    project, before, _, ids = stored_project
    project.handle.set_need_feasibility(ids["新店24小时营业"], acceptance_risk=None)
    rebuilt = _build(StoreContext(project.ws.store, "small", "zh"))
    derived = _table(before["feasibility"], "可行性评估").set_index("需求")
    table = _table(rebuilt["feasibility"], "可行性评估").set_index("需求")
    assert (
        table.loc["新店24小时营业", "客户接受度风险"]
        == derived.loc["新店24小时营业", "客户接受度风险"]
    )
    project.handle.set_need_feasibility(ids["新店24小时营业"], acceptance_risk=3)


def test_five_why_section_shows_the_tree(stored_project: Any) -> None:
    project, before, after, ids = stored_project
    assert "从略" in _texts(before["fivewhy"])
    tree = project.handle.five_why(ids["缩短上菜时间"])
    assert tree.to_dict() == _tree().to_dict()
    table = _table(after["fivewhy"], "5-Why 根因明细")
    expected = _tree().to_frame()
    assert table["原因"].tolist() == expected["text"].tolist()
    assert table["节点"].tolist() == expected["node"].tolist() == ["1", "1.1", "1.1.1", "1.2"]
    assert table["依据"].tolist() == expected["evidence"].tolist()
    assert table["根因"].tolist() == ["", "", "根因", "根因"]
    texts = _texts(after["fivewhy"])
    assert "2 个根因：培训不足 <b>3天</b>；点餐系统与后厨打印不同步" in texts
    assert "高峰期上菜慢 → 后厨出餐排队 → 厨师对新菜单不熟 → 培训不足 <b>3天</b>" in texts
    figures = [b for b in after["fivewhy"].blocks if isinstance(b, Svg)]
    assert len(figures) == 1 and "缩短上菜时间" in figures[0].title


def test_tree_figure_draws_text_as_paths() -> None:
    from needscope.report.plots_methods import render_block
    from needscope.report.plots_methods_tree import fivewhy_figure, tree_layout

    layout = {p: (level, row) for p, level, row, _ in tree_layout(_tree())}
    assert layout[(0, 0, 0)] == (3, 0.0) and layout[(0, 1)] == (2, 1.0)
    assert layout[()] == (0, 0.5) == (0, layout[(0,)][1])  # parents centre on their children
    block = render_block(lambda: fivewhy_figure(_tree(), "zh"))
    assert "<svg" in block.svg and block.png and "<b>" not in block.svg
    assert "培训" not in block.svg


def test_stored_values_and_bad_input(stored_project: Any) -> None:
    project, *_, ids = stored_project
    assert stored('{"a": 1}') == {"a": 1} and stored(None) == {} and stored(np.nan) == {}
    with pytest.raises(InputError):
        project.handle.set_need_scores(ids["缩短上菜时间"], time_pressure=7)
    with pytest.raises(InputError):
        project.handle.set_need_feasibility(ids["缩短上菜时间"], technical_risk=0)
    with pytest.raises(InputError):
        project.handle.set_five_why(ids["缩短上菜时间"], {"need": "x"})


def test_english_labels(stored_project: Any, tmp_path: Path) -> None:
    project, *_ = stored_project
    built = _build(StoreContext(project.ws.store, "small", "en"))
    cells = _table(built["priority"], "Sub-scores (1–5): used, suggested and overridden")
    assert cells["Time pressure"].str.contains("overridden|confirmed").any()
    assert "Root cause:" in _texts(built["fivewhy"])
    assert "No cost, benefit, resource or risk entered yet" in _texts(built["feasibility"])
