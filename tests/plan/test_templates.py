"""Templates 3 and 4: the seed's example rows entered from files and exported back cell by cell."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from needscope.errors import InputError
from needscope.io.exports import write_csv, write_xlsx_table
from needscope.services import plan as sp
from needscope.services.workspace import Workspace

T3_HEAD = ["方案模块", "核心内容", "负责人", "时间节点", "所需资源", "验收标准"]
T3_ROWS = [
    ["流程优化", "重构点餐-后厨-出餐流程", "*主管", "第1-2周", "后厨设备调试", "上菜时间≤12分钟"],
    ["员工培训", "菜单知识+服务话术培训", "*专员", "第3周", "培训教材+考核", "员工考核通过率≥90%"],
    ["数据监测", "每日复购率/上菜时间统计", "*助理", "第5周起每日", "数据分析工具", "每周提交分析报告"],
]  # fmt: skip
T4_HEAD = [
    "任务名称",
    "计划完成时间",
    "实际完成时间",
    "完成质量(优/良/中/差)",
    "问题描述(如有)",
    "解决措施",
]
T4_ROWS = [
    ["点餐流程测试", "2024-03-15", "2024-03-16", "良", "后厨扫码设备延迟", "调整设备网络配置"],
    ["员工第一轮培训", "2024-03-22", "2024-03-22", "优", "-", "-"],
]  # fmt: skip


def _xlsx_rows(path: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _frame(head: list[str], rows: list[list[str]]) -> object:
    import pandas as pd

    return pd.DataFrame(rows, columns=head)


def test_seed_rows_round_trip(workspace: Workspace, tmp_path: Path) -> None:
    workspace.create_project("p", "餐饮连锁", budget=150000)
    store = workspace.store
    t3 = write_xlsx_table(_frame(T3_HEAD, T3_ROWS), tmp_path / "t3.xlsx", "模板3")  # type: ignore[arg-type]
    plan = sp.import_template3(store, "p", t3)
    assert [(t.start_week, t.end_week, t.frequency) for t in plan.tasks] == [
        (1, 2, ""), (3, 3, ""), (5, None, "每日")]  # fmt: skip
    out3 = sp.export_template3(store, "p", tmp_path / "out3.xlsx")
    got = _xlsx_rows(out3)
    assert got[0][:6] == T3_HEAD
    assert [r[:6] for r in got[1:]] == T3_ROWS  # cell by cell, the seed's columns
    en = _xlsx_rows(sp.export_template3(store, "p", tmp_path / "out3_en.xlsx", "en"))
    assert en[0][:6] == ["Module", "Core content", "Owner", "Time window", "Resources",
                         "Acceptance criterion"]  # fmt: skip
    assert [r[3] for r in en[1:]] == ["Week 1-2", "Week 3", "From week 5 daily"]

    t4 = write_csv(_frame(T4_HEAD, T4_ROWS), tmp_path / "t4.csv")  # type: ignore[arg-type]
    plan = sp.import_template4(store, "p", t4)
    assert [r.delay_days for r in plan.tracking] == [1, 0]
    out4 = sp.export_template4(store, "p", tmp_path / "out4.csv")
    assert _csv_rows(out4) == [T4_HEAD, *T4_ROWS]
    xlsx4 = _xlsx_rows(sp.export_template4(store, "p", tmp_path / "out4.xlsx"))
    assert xlsx4 == [T4_HEAD, *T4_ROWS]
    en4 = _csv_rows(sp.export_template4(store, "p", tmp_path / "out4_en.csv", "en"))
    assert en4[0][3] == "Quality (excellent/good/fair/poor)"
    assert [r[3] for r in en4[1:]] == ["Good", "Excellent"]
    # re-importing the English export gives the same rows
    plan = sp.import_template4(store, "p", tmp_path / "out4_en.csv")
    assert [r.to_dict() for r in plan.tracking] == [
        {"task": "点餐流程测试", "planned": "2024-03-15", "actual": "2024-03-16", "quality": "good",
         "problem": "后厨扫码设备延迟", "fix": "调整设备网络配置"},
        {"task": "员工第一轮培训", "planned": "2024-03-22", "actual": "2024-03-22",
         "quality": "excellent", "problem": "", "fix": ""}]  # fmt: skip


def test_formulas_neutralised_and_bad_cells_located(tmp_path: Path) -> None:
    from needscope.plan.schedule import Task, tasks_from_rows, template3_frame

    frame = template3_frame([Task("t1", "=HYPERLINK(\"x\")", "内容", time_text="第1周",
                                  start_week=1, end_week=1)])  # fmt: skip
    path = write_csv(frame, tmp_path / "x.csv")
    assert _csv_rows(path)[1][0] == '\'=HYPERLINK("x")'
    rows = [{"方案模块": "流程优化", "核心内容": "x", "时间节点": "尽快", "__row__": 7}]
    with pytest.raises(InputError) as err:
        tasks_from_rows(rows, file="t3.xlsx")
    assert (err.value.file, err.value.row, err.value.column) == ("t3.xlsx", 7, "time")
    bad = [
        {
            **dict(zip(T4_HEAD, T4_ROWS[0], strict=True)),
            "完成质量(优/良/中/差)": "很好",
            "__row__": 3,
        }
    ]
    from needscope.plan.tracking import rows_from_template4

    with pytest.raises(InputError) as err4:
        rows_from_template4(bad, file="t4.csv")
    assert (err4.value.row, err4.value.column) == (3, "完成质量(优/良/中/差)")
