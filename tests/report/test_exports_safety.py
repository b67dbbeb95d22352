"""Safe exports: formula injection is neutralised in CSV, JSON and XLSX; types survive."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from needscope.io.exports import (
    display_width,
    neutralise,
    sanitise_sheet_name,
    write_csv,
    write_json,
    write_xlsx_table,
)

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "\t=1", "\r=1", "  =1+1", "＝1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_a_quote(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["普通文本", "a=b", "1+1", "", "2024-03-01", "email@x.cn", " x"])
def test_plain_text_is_unchanged(value: str) -> None:
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [-5, -5.5, 0, None, float("nan"), pd.Timestamp("2024-01-01")])
def test_non_text_is_unchanged(value: object) -> None:
    out = neutralise(value)
    assert out is value


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "上菜慢"],
            "n": [-5, 1, 2, 3, 4],
            "x": [-1.5, 0.25, None, 2.0, 3.0],
            "when": pd.to_datetime(["2024-03-15", "2024-03-16", "NaT", "2024-04-01", "2024-05-01"]),
        }
    )


def test_csv_has_bom_and_neutralised_text(tmp_path: Path) -> None:
    path = write_csv(_frame(), tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["text"].tolist() == ["'=cmd|' /C calc'!A0", "'+1+1", "'@SUM(A1)", "'-2+3", "上菜慢"]
    assert back["n"].tolist() == [-5, 1, 2, 3, 4]  # numbers stay numbers
    assert back["when"][0] == "2024-03-15"


def test_csv_neutralises_column_names(tmp_path: Path) -> None:
    path = write_csv(pd.DataFrame({"=HYPERLINK(1)": ["a"]}), tmp_path / "h.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "'=HYPERLINK(1)"


def test_json_records_utf8_iso_dates(tmp_path: Path) -> None:
    path = write_json(_frame(), tmp_path / "t.json")
    text = path.read_text(encoding="utf-8")
    assert "上菜慢" in text  # not \\u escaped
    rows = json.loads(text)
    assert rows[0]["text"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["n"] == -5
    assert rows[0]["when"].startswith("2024-03-15T00:00:00")
    assert rows[2]["when"] is None


def test_xlsx_table_types_and_no_formulas(tmp_path: Path) -> None:
    path = write_xlsx_table(_frame(), tmp_path / "t.xlsx", "数据")
    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in ws["A"]][1:] == [
        "'=cmd|' /C calc'!A0",
        "'+1+1",
        "'@SUM(A1)",
        "'-2+3",
        "上菜慢",
    ]
    assert ws["B2"].value == -5 and ws["B2"].data_type == "n"
    assert ws["C2"].value == -1.5
    assert ws["C4"].value is None
    assert ws["D2"].value == datetime(2024, 3, 15)
    assert ws["D2"].is_date and ws["D2"].number_format == "yyyy-mm-dd"
    assert ws["D4"].value is None
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D6"


def test_xlsx_table_keeps_mixed_object_column_types(tmp_path: Path) -> None:
    frame = pd.DataFrame({"v": ["=1+1", 3, True, None, datetime(2024, 1, 2, 9, 30)]})
    ws = openpyxl.load_workbook(write_xlsx_table(frame, tmp_path / "m.xlsx"))["Sheet1"]
    assert [c.value for c in ws["A"]][1:] == ["'=1+1", 3, True, None, datetime(2024, 1, 2, 9, 30)]


def test_xlsx_empty_frame(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_xlsx_table(pd.DataFrame(), tmp_path / "e.xlsx"))["Sheet1"]
    assert ws.max_row == 1 and ws["A1"].value is None


def test_sheet_names_follow_excel_rules() -> None:
    used: set[str] = set()
    a = sanitise_sheet_name("客户[需求]:原始/记录*?\\" + "很长" * 20, used)
    assert len(a) <= 31 and not set("[]:*?/\\") & set(a)
    b = sanitise_sheet_name("客户[需求]:原始/记录*?\\" + "很长" * 20, used)
    assert b != a and len(b) <= 31
    assert sanitise_sheet_name("'quoted'", used) == "quoted"
    assert sanitise_sheet_name("", used) == "Sheet"
    assert sanitise_sheet_name("sheet", used) == "sheet~2"  # Excel compares case-insensitively
    assert sanitise_sheet_name("History", used) == "History_"


def test_display_width_counts_cjk_double() -> None:
    assert display_width("abc") == 3
    assert display_width("需求abc") == 7


def test_tsv_by_suffix(tmp_path: Path) -> None:
    path = write_csv(pd.DataFrame({"a": ["=1", "x"], "b": [1, 2]}), tmp_path / "t.tsv")
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["a\tb", "'=1\t1", "x\t2"]


def test_too_many_rows_for_excel(tmp_path: Path) -> None:
    from needscope.io.exports import EXCEL_MAX_ROWS

    frame = pd.DataFrame({"a": np.zeros(EXCEL_MAX_ROWS, dtype="int8")})
    with pytest.raises(ValueError, match="do not fit"):
        write_xlsx_table(frame, tmp_path / "big.xlsx")
