"""XLSX workbook: overview, one sheet per table, charts as images, safe text, real dates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from needscope.report.blocks import Chart, Metrics, Section, Table, Text
from needscope.report.sections_basic import needs_section, overview_section, sources_section
from needscope.report.xlsx import write_workbook


def _all_cells(wb: openpyxl.Workbook) -> list[Any]:
    return [c for ws in wb for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_basic_sections_workbook(
    tmp_path: Path,
    lang: str,
    project: dict[str, Any],
    records: pd.DataFrame,
    needs: pd.DataFrame,
) -> None:
    sections = [
        overview_section(project, records, needs, lang),  # type: ignore[arg-type]
        sources_section(records, lang),  # type: ignore[arg-type]
        needs_section(needs, lang),  # type: ignore[arg-type]
    ]
    path = write_workbook(tmp_path / "r.xlsx", sections, lang)  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(path)
    zh = lang == "zh"
    t1 = "模板1-需求原始记录" if zh else "T1 Raw needs"
    assert wb.sheetnames[0] == ("概览" if zh else "Overview")
    assert t1 in wb.sheetnames
    assert ("月份" if zh else "By month") in wb.sheetnames
    assert all(c.data_type != "f" for c in _all_cells(wb))

    ws = wb[t1]
    headers = [c.value for c in ws[1]]
    assert headers[:2] == (["客户名称", "所属行业"] if zh else ["Client", "Industry"])
    assert ws["A1"].font.b and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:H5"
    assert ws["G5"].value == "'=1+1"  # the quote column, neutralised
    assert ws["D2"].value == ("深度访谈" if zh else "Interview")

    channels = wb["渠道" if zh else "By channel"]
    assert "'=cmd|' /C calc'!A0" in [c.value for c in channels["A"]]

    month = wb["月份" if zh else "By month"]
    assert month["A2"].value == datetime(2024, 1, 1)  # a real date, shown as yyyy-mm
    assert month["A2"].is_date and month["A2"].number_format == "yyyy-mm"
    assert month["B2"].data_type == "n"

    # charts sit next to their tables
    assert len(wb["来源类型" if zh else "By source"]._images) == 1
    assert len(month._images) == 1
    assert len(wb[t1]._images) == 0

    overview = wb.worksheets[0]
    values = [c.value for c in overview["B"]]
    assert ("记录数" if zh else "Records") in values
    row = values.index("记录数" if zh else "Records") + 1
    assert overview.cell(row, 3).value == len(records)  # a number, not text
    links = [c.hyperlink.location for c in overview["C"] if c.hyperlink]
    assert f"'{t1}'!A1" in links


def test_hostile_table_dates_and_sheet_names(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "文本": ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3"],
            "数值": [-5, 1, 2, 3],
            "时间": pd.to_datetime(
                ["2024-03-15 10:30", "NaT", "2024-03-16", "2024-03-17"], format="ISO8601"
            ),
        }
    )
    chart = Chart("bar", frame, "文本", ["数值"], title="图")
    sections = [
        Section(
            "s",
            '=HYPERLINK("http://x")',
            [
                Metrics([("@合计", "-1+2"), ("n", "1,234")]),
                Text("+ note"),
                Table(frame, sheet="原始:数据/[1]*?"),
                Table(frame, sheet="原始:数据/[1]*?"),
                Table(frame, sheet=None),
                chart,
            ],
        ),
        Section("c", "Charts only", [Text("x"), chart]),
    ]
    wb = openpyxl.load_workbook(write_workbook(tmp_path / "h.xlsx", sections, "zh"))
    assert wb.sheetnames == ["概览", "原始_数据__1___", "原始_数据__1___~2", "图表"]
    assert all(c.data_type != "f" for c in _all_cells(wb))
    ws = wb["原始_数据__1___"]
    assert [c.value for c in ws["A"]][1:] == ["'=cmd|' /C calc'!A0", "'+1+1", "'@SUM(A1)", "'-2+3"]
    assert ws["B2"].value == -5 and ws["B2"].data_type == "n"
    assert ws["C2"].value == datetime(2024, 3, 15, 10, 30) and ws["C2"].is_date
    assert ws["C3"].value is None
    overview = [c.value for row in wb["概览"].iter_rows() for c in row if c.value is not None]
    assert '\'=HYPERLINK("http://x")' in overview
    assert "'@合计" in overview and "'-1+2" in overview and "'+ note" in overview
    assert 1234 in overview
    assert len(wb["图表"]._images) == 2  # after a sheet-less table, after a Text block
    assert len(wb["原始_数据__1___~2"]._images) == 0


def test_column_widths_count_cjk_double(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["需求" * 10], "b": ["x" * 20]})
    wb = openpyxl.load_workbook(
        write_workbook(tmp_path / "w.xlsx", [Section("s", "S", [Table(frame, sheet="t")])])
    )
    ws = wb["t"]
    assert ws.column_dimensions["A"].width > ws.column_dimensions["B"].width


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_inputs(
    tmp_path: Path, lang: str, empty_records: pd.DataFrame, empty_needs: pd.DataFrame
) -> None:
    sections = [
        overview_section({}, empty_records, empty_needs, lang),  # type: ignore[arg-type]
        sources_section(empty_records, lang),  # type: ignore[arg-type]
        needs_section(empty_needs, lang),  # type: ignore[arg-type]
        Section("none", "Nothing"),
    ]
    wb = openpyxl.load_workbook(write_workbook(tmp_path / "e.xlsx", sections, lang))  # type: ignore[arg-type]
    texts = [c.value for c in wb.worksheets[0]["C"]]
    assert ("暂无数据" if lang == "zh" else "No data yet") in texts


def test_bad_lang(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang"):
        write_workbook(tmp_path / "x.xlsx", [], "de")  # type: ignore[arg-type]
