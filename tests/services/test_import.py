"""Imports keep provenance, are atomic and idempotent, and refuse bad rows precisely."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from needscope.errors import InputError
from needscope.services.workspace import ProjectHandle, Workspace

ROWS = [
    ["评论", "评分", "时间", "门店", "会员编号"],
    ["上菜太慢了，等了40分钟", "2", "2025-10-01 12:30", "新街口店", "M001"],
    ["服务员态度很好，菜也好吃", "5", "2025-10-02", "河西店", "M002"],
    ["好吃", "5", "2025/10/3", "河西店", ""],
    ["好吃", "5", "2025/10/3", "河西店", ""],
    ["Great food but the wait was long", "3", "2025-10-04", "Hexi", "M003"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def project(workspace: Workspace) -> ProjectHandle:
    return workspace.create_project("p", "味道江南")


def test_import_keeps_source_credibility_and_origin(project: ProjectHandle, tmp_path: Path) -> None:
    report = project.import_file(write_csv(tmp_path / "reviews.csv", ROWS), source_type="第三方")
    assert (report.rows_read, report.rows_added, report.rows_duplicate) == (5, 5, 0)
    frame = project.records(with_details=True)
    assert list(frame["origin_row"]) == [2, 3, 4, 5, 6]
    assert set(frame["source_type"]) == {"third_party"}
    assert set(frame["credibility"]) == {"low"}  # the default for third-party reviews
    assert frame.loc[0, "ratings"] == {"评分": 2.0}
    assert frame.loc[0, "channel"] == "新街口店"
    assert frame.loc[0, "customer_key"] == "M001"
    assert str(frame.loc[0, "ts"]) == "2025-10-01 12:30:00"
    assert frame.loc[0, "origin_file"] == "reviews.csv"


def test_second_import_adds_nothing_but_keeps_true_repeats(
    project: ProjectHandle, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reviews.csv", ROWS)
    project.import_file(path, source_type="third_party", credibility="中")
    again = project.import_file(path, source_type="third_party")
    assert (again.rows_added, again.rows_duplicate) == (0, 5)
    frame = project.records()
    assert len(frame) == 5  # the two identical "好吃" rows are two customers' words
    assert set(frame["credibility"]) == {"medium"}


def test_gbk_and_big5_copies_import_to_the_same_records(
    project: ProjectHandle, tmp_path: Path
) -> None:
    rows = [["評論", "評分"], ["服務很好，上菜很快", "5"], ["等了很久，態度一般", "2"]]
    gbk = write_csv(tmp_path / "gbk.csv", rows, "gb18030")
    big5 = write_csv(tmp_path / "big5.csv", rows, "big5")
    first = project.import_file(gbk, source_type="survey")
    second = project.import_file(big5, source_type="survey")
    assert first.encoding == "gb18030" and second.encoding == "big5"
    assert (first.rows_added, second.rows_added, second.rows_duplicate) == (2, 0, 2)
    assert list(project.records()["text"]) == ["服務很好，上菜很快", "等了很久，態度一般"]


def test_malformed_row_refuses_the_file_and_changes_nothing(
    project: ProjectHandle, tmp_path: Path
) -> None:
    project.import_file(write_csv(tmp_path / "first.csv", ROWS[:3]), source_type="survey")
    bad = [
        *ROWS[:1],
        ["a", "5", "2025-10-01", "店", "M1"],
        ["b", "5", "2025-10-01", "店", "M2", "多余"],
    ]
    with pytest.raises(InputError) as info:
        project.import_file(write_csv(tmp_path / "bad.csv", bad), source_type="survey")
    assert info.value.file == "bad.csv" and info.value.row == 3
    assert info.value.column
    assert "bad.csv, row 3" in str(info.value)
    assert len(project.records()) == 2


def test_bad_cell_names_row_and_column(project: ProjectHandle, tmp_path: Path) -> None:
    rows = [*ROWS[:3], ["还行", "很好", "2025-10-03", "店", "M9"]]
    with pytest.raises(InputError) as info:
        project.import_file(write_csv(tmp_path / "r.csv", rows), source_type="survey")
    assert (info.value.row, info.value.column) == (4, "评分")
    rows = [*ROWS[:2], ["还行", "4", "昨天", "店", "M9"]]
    with pytest.raises(InputError) as info:
        project.import_file(write_csv(tmp_path / "d.csv", rows), source_type="survey")
    assert (info.value.row, info.value.column) == (3, "时间")
    assert project.records().empty


def test_skip_bad_rows_writes_exactly_the_bad_row(project: ProjectHandle, tmp_path: Path) -> None:
    rows = [*ROWS[:3], ["坏行", "5", "2025-10-01", "店", "M2", "多余"], ROWS[5]]
    rejects = tmp_path / "rejects.csv"
    report = project.import_file(
        write_csv(tmp_path / "r.csv", rows),
        source_type="survey",
        skip_bad_rows=True,
        rejects_path=rejects,
    )
    assert (report.rows_added, report.rows_rejected) == (3, 1)
    with rejects.open(encoding="utf-8-sig", newline="") as fh:
        got = list(csv.reader(fh))
    assert len(got) == 2
    assert got[1][1] == "4" and got[1][4] == "坏行"


def test_xlsx_every_sheet_or_one(project: ProjectHandle, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws1 = wb.active
    assert ws1 is not None
    ws1.title = "门店A"
    for row in ROWS[:3]:
        ws1.append(row)
    ws2 = wb.create_sheet("门店B")
    for row in [ROWS[0], ROWS[5]]:
        ws2.append(row)
    path = tmp_path / "survey.xlsx"
    wb.save(path)
    one = project.import_file(path, source_type="survey", sheet="门店B")
    assert one.rows_added == 1
    both = project.import_file(path, source_type="survey")
    assert (both.rows_added, both.rows_duplicate) == (2, 1)
    assert set(project.records()["origin_sheet"]) == {"门店A", "门店B"}


def test_dry_run_stores_nothing(project: ProjectHandle, tmp_path: Path) -> None:
    report = project.import_file(
        write_csv(tmp_path / "r.csv", ROWS), source_type="survey", dry_run=True
    )
    assert report.sheets[0].mapping.text == ["评论"]
    assert report.sheets[0].preview[0]["text"] == "上菜太慢了，等了40分钟"
    assert project.records().empty


def test_mapping_override_and_per_row_source(project: ProjectHandle, tmp_path: Path) -> None:
    rows = [
        ["备注", "来源", "可信度"],
        ["菜单不熟悉", "现场观察", "高"],
        ["想要儿童座椅", "访谈", "中"],
    ]
    project.import_file(
        write_csv(tmp_path / "notes.csv", rows),
        source_type="staff",
        mapping={"source_type": "来源", "credibility": "可信度"},
    )
    frame = project.records()
    assert list(frame["source_type"]) == ["observation", "interview"]
    assert list(frame["credibility"]) == ["high", "medium"]


def test_unknown_mapping_column_is_refused(project: ProjectHandle, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="没有这列"):
        project.import_file(
            write_csv(tmp_path / "r.csv", ROWS),
            source_type="survey",
            mapping={"text": ["没有这列"]},
        )


def test_customers_import_and_update(project: ProjectHandle, tmp_path: Path) -> None:
    rows = [
        ["会员编号", "年龄段", "性别", "会员等级", "城市区域", "注册渠道"],
        ["M001", "25-34", "女", "金卡", "鼓楼", "小程序"],
        ["M002", "35-44", "男", "普通", "河西", "门店"],
    ]
    assert project.import_customers(write_csv(tmp_path / "c.csv", rows)) == 2
    rows[2][3] = "银卡"
    project.import_customers(write_csv(tmp_path / "c2.csv", rows))
    frame = project.customers()
    assert len(frame) == 2
    assert list(frame["tier"]) == ["金卡", "银卡"]
    assert frame.loc[0, "attrs"] == {"注册渠道": "小程序"}
