"""The raw needs register: add, link evidence, filter, export Template 1 safely."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from needscope.errors import InputError, NotFoundError
from needscope.services.workspace import ProjectHandle, Workspace

T1_ZH = [
    "客户名称",
    "所属行业",
    "负责人",
    "需求来源",
    "需求维度",
    "具体描述",
    "客户原话/数据",
    "信息可信度",
]
T1_EN = [
    "Client",
    "Industry",
    "Owner",
    "Source",
    "Need dimension",
    "Description",
    "Customer's words / data",
    "Credibility",
]


@pytest.fixture
def project(workspace: Workspace, tmp_path: Path) -> ProjectHandle:
    handle = workspace.create_project("p", "餐饮连锁", industry="餐饮", owner="王总")
    path = tmp_path / "notes.csv"
    path.write_text("访谈记录\n复购率需从20%提升至40%\n上菜时间不超过15分钟\n", encoding="utf-8")
    handle.import_file(path, source_type="interview")
    return handle


def seed_rows(project: ProjectHandle) -> None:
    """The four rows of seed 000's Template 1 example."""
    ids = list(project.records()["id"])
    project.add_need(
        "提升新店顾客复购率",
        dimension="核心目标",
        quote="新店开业3个月，复购率需从20%提升至40%",
        credibility="高",
        source_type="深度访谈",
        evidence=[ids[0]],
    )
    project.add_need(
        "服务响应速度快",
        dimension="期望标准",
        quote="顾客点餐后，上菜时间不超过15分钟",
        credibility="中",
        source_type="深度访谈",
        evidence=[ids[1]],
    )
    project.add_need(
        "员工服务规范性",
        dimension="隐性需求",
        quote="观察发现服务员对菜单不熟悉，导致顾客咨询频繁",
        credibility="高",
        source_type="现场观察",
    )
    project.add_need(
        "预算15万元内",
        dimension="限制条件",
        quote="单店服务优化预算不超过15万",
        credibility="高",
        source_type="深度访谈",
    )


def test_register_holds_the_seed_example(project: ProjectHandle) -> None:
    seed_rows(project)
    frame = project.needs()
    assert list(frame["dimension"]) == ["core_goal", "expectation", "implicit", "constraint"]
    assert list(frame["evidence_count"]) == [1, 1, 0, 0]
    assert set(frame["client"]) == {"餐饮连锁"}


def test_link_filter_and_update(project: ProjectHandle) -> None:
    seed_rows(project)
    ids = list(project.records()["id"])
    need_id = int(project.needs()["id"].iloc[2])
    assert project.link_evidence(need_id, ids) == 2
    assert project.link_evidence(need_id, ids) == 0
    project.update_need(need_id, status="已驳回")
    assert list(project.needs(status="rejected")["id"]) == [need_id]
    with pytest.raises(NotFoundError):
        project.link_evidence(need_id, [999999])
    with pytest.raises(InputError):
        project.update_need(need_id, colour="red")


def test_template1_export_in_both_languages(project: ProjectHandle, tmp_path: Path) -> None:
    seed_rows(project)
    zh = project.export_template1(tmp_path / "t1.xlsx")
    sheet = openpyxl.load_workbook(zh).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == T1_ZH
    assert rows[1] == (
        "餐饮连锁",
        "餐饮",
        "王总",
        "深度访谈",
        "核心目标",
        "提升新店顾客复购率",
        "新店开业3个月，复购率需从20%提升至40%",
        "高",
    )
    en = project.export_template1(tmp_path / "t1_en.xlsx", lang="en")
    rows = list(openpyxl.load_workbook(en).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == T1_EN
    assert rows[1][3:5] == ("Interview", "Core goal")


def test_exports_neutralise_formula_injection(project: ProjectHandle, tmp_path: Path) -> None:
    project.add_need("=cmd|' /C calc'!A0", quote="@SUM(A1:A9)")
    path = project.export_template1(tmp_path / "t1.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    assert "'=cmd|' /C calc'!A0" in values and "'@SUM(A1:A9)" in values
    csv_text = project.export_template1(tmp_path / "t1.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd|" in csv_text


def test_empty_description_is_refused(project: ProjectHandle) -> None:
    with pytest.raises(InputError):
        project.add_need("  ")
