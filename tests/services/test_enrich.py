"""The text engine's results are stored once per record and feed the register as candidates."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from needscope.services.enrich import enrich_project, refresh_candidates, text_frame
from needscope.services.workspace import Workspace

pytest.importorskip("needscope.text")

REVIEWS = """评论,评分,时间
上菜太慢了，等了40分钟才上菜,2,2025-10-01
排队等位一个多小时，希望可以提前预约,2,2025-10-02
服务员态度很好，菜也好吃,5,2025-10-03
The food was great but we waited an hour for a table,3,2025-10-04
上菜速度太慢，催了好几次,1,2025-11-05
停车太难了，希望提供停车位,2,2025-11-06
"""


def test_enrich_stores_once_and_candidates_respect_people(
    workspace: Workspace, tmp_path: Path
) -> None:
    project = workspace.create_project("p", "味道江南", industry="餐饮")
    data = tmp_path / "reviews.csv"
    data.write_text(REVIEWS, encoding="utf-8")
    project.import_file(data, source_type="third_party")
    store = workspace.store
    assert enrich_project(store, "p") == 6
    assert enrich_project(store, "p") == 0  # nothing new, nothing done
    frame = text_frame(store, "p")
    assert len(frame) == 6
    wait = frame.loc[frame["text"].str.startswith("上菜太慢"), "tags"].iloc[0]
    assert any(tag.startswith("service") for tag in wait)
    assert frame.loc[frame["text"].str.startswith("The food"), "lang"].iloc[0] == "en"

    cands = refresh_candidates(store, "p")
    assert not cands.empty
    register = project.needs()
    found = register[register["status"] == "candidate"]
    assert len(found) == len(cands)
    assert (found["evidence_count"] > 0).all()

    accepted = int(found["id"].iloc[0])
    project.update_need(accepted, status="open")
    refresh_candidates(store, "p")
    after = project.needs()
    assert after.loc[after["id"] == accepted, "status"].item() == "open"
    assert len(after) == len(register)  # refreshed in place, not duplicated

    sheet = openpyxl.load_workbook(project.export_template1(tmp_path / "t1.xlsx")).worksheets[0]
    assert sheet.max_row == 2  # the header and the one accepted need; candidates stay out


def test_complaint_analysis_uses_the_text_tags(sqlite_url: str, tmp_path: Path) -> None:
    ws = Workspace(sqlite_url)
    project = ws.create_project("p", "味道江南", industry="restaurant")
    texts = ["上菜太慢了，等了半小时", "服务员态度很差，爱答不理", "停车位太少，找不到车位"]
    rows = ["工单号,投诉内容,创建时间"] + [
        f"T{i:03d},{texts[i % 3]}（第{i}次）,2025-{10 + i % 3}-0{1 + i % 9}" for i in range(30)
    ]
    data = tmp_path / "tickets.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    project.import_file(data, source_type="historic")
    result = project.run(tmp_path / "out", lang="zh")
    book = openpyxl.load_workbook(result.xlsx)
    assert "投诉话题" in book.sheetnames
    topics = [row[0] for row in book["投诉话题"].iter_rows(min_row=2, values_only=True)]
    assert len(topics) >= 3
    ws.close()
