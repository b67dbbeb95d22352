"""The main job writes the bundle and rebuilds only what changed."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from needscope.services.workspace import Workspace


def test_run_writes_report_and_reuses_unchanged_sections(sqlite_url: str, tmp_path: Path) -> None:
    ws = Workspace(sqlite_url)
    project = ws.create_project("p", "味道江南", owner="王总", budget=150000)
    data = tmp_path / "r.csv"
    data.write_text("评论,评分,时间\n上菜慢,2,2025-10-01\n好吃,5,2025-11-02\n", encoding="utf-8")
    project.import_file(data, source_type="third_party")
    project.add_need("上菜更快", quote="<script>alert(1)</script>")
    out = tmp_path / "out"
    first = project.run(out, lang="zh")
    assert first.html.exists() and first.xlsx.exists()
    html = first.html.read_text(encoding="utf-8")
    assert "味道江南" in html and "<script>alert(1)" not in html
    sheets = openpyxl.load_workbook(first.xlsx).sheetnames
    assert any("模板1" in s or "需求原始记录" in s for s in sheets)

    assert project.run(out, lang="zh").unchanged
    more = tmp_path / "more.csv"
    more.write_text("评论,评分,时间\n环境不错,4,2025-12-01\n", encoding="utf-8")
    project.import_file(more, source_type="third_party")
    third = project.run(out, lang="zh")
    assert "sources" in third.built and "needs" in third.reused

    english = project.run(out, lang="en")
    assert english.html.name == "report_en.html"
    assert "Raw needs" in english.html.read_text(encoding="utf-8") or "needs" in english.built
    ws.close()
