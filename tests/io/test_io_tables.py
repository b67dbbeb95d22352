"""Streaming table readers: CSV/TSV, XLSX, JSON and JSONL, with row numbers and errors."""

from __future__ import annotations

import inspect
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from needscope.io import ReadError, SourceRow, open_table


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "delimiter"),
    [
        ("a.csv", "评论,评分\n好,5\n", ","),
        ("a.tsv", "评论\t评分\n好\t5\n", "\t"),
        ("a.txt", "评论;评分\n好;5\n", ";"),
        ("a.csv", "评论|评分\n好|5\n", "|"),
        ("a.tsv", '"评论, 全文"\t评分\n"好, 很好"\t5\n', "\t"),
    ],
)
def test_delimiter_is_sniffed_from_the_header(
    tmp_path: Path, name: str, text: str, delimiter: str
) -> None:
    source = open_table(_write(tmp_path, name, text))
    assert source.delimiter == delimiter
    assert source.kind == "csv"
    assert len(source.columns()) == 2
    (row,) = source.rows()
    assert row.values[source.columns()[1]] == "5"
    assert row.row == 2
    assert row.error is None


def test_given_delimiter_and_encoding_win(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", "a;b,c\n1;2,3\n", "gb18030")
    source = open_table(path, delimiter=",", encoding="gb18030")
    assert source.columns() == ["a;b", "c"]
    assert source.encoding == "gb18030"


def test_header_cleanup(tmp_path: Path) -> None:
    path = _write(tmp_path, "h.csv", " 评论 ,,评分,评分,评分, x \n好,a,5,4,3,y\n", "utf-8-sig")
    source = open_table(path, encoding="utf-8")  # a BOM left in the text is stripped too
    assert source.columns() == ["评论", "column_2", "评分", "评分.2", "评分.3", "x"]


def test_values_are_stripped_and_empty_is_none(tmp_path: Path) -> None:
    path = _write(tmp_path, "v.csv", "a,b,c\n  x  ,, \n")
    (row,) = open_table(path).rows()
    assert row.values == {"a": "x", "b": None, "c": None}


def test_row_numbers_count_physical_lines(tmp_path: Path) -> None:
    text = (
        "\n"  # 1: blank line before the header
        "id,text,score\n"  # 2: header
        '1,"line one\nline two\nline three",5\n'  # 3-5: one record over three lines
        "\n"  # 6: blank, skipped
        ",,\n"  # 7: only empty fields, skipped
        "2,short,4\n"  # 8
        "3,too,many,fields\n"  # 9: one field too many
        '4,"again\nsplit"\n'  # 10-11: one field missing
        "5,fine,1\n"  # 12
    )
    rows = list(open_table(_write(tmp_path, "r.csv", text)).rows())
    assert [r.row for r in rows] == [3, 8, 9, 10, 12]
    assert rows[0].values["text"] == "line one\nline two\nline three"
    assert rows[1].error is None
    too_many = rows[2]
    assert too_many.error == "expected 3 fields, found 4"
    assert too_many.error_column == "column_4"
    assert too_many.values == {"id": "3", "text": "too", "score": "many"}
    too_few = rows[3]
    assert too_few.error == "expected 3 fields, found 2"
    assert too_few.error_column == "score"
    assert too_few.values == {"id": "4", "text": "again\nsplit", "score": None}
    assert rows[4].error is None


def test_trailing_empty_fields_are_not_an_error(tmp_path: Path) -> None:
    (row,) = open_table(_write(tmp_path, "t.csv", "a,b\n1,2,,\n")).rows()
    assert row.error is None
    assert row.values == {"a": "1", "b": "2"}


def test_crlf_line_endings(tmp_path: Path) -> None:
    rows = list(open_table(_write(tmp_path, "c.csv", "a,b\r\n1,2\r\n\r\n3,4\r\n")).rows())
    assert [(r.row, r.values["b"]) for r in rows] == [(2, "2"), (4, "4")]


def test_rows_stream_and_bytes_read_reaches_the_size(tmp_path: Path) -> None:
    lines = ["a,b,c"] + [f"{i},{i * 2},文本{i}" for i in range(20000)]
    path = _write(tmp_path, "big.csv", "\n".join(lines) + "\n")
    source = open_table(path)
    assert inspect.isgenerator(source.rows())
    rows = source.rows()
    first = next(rows)
    assert first.row == 2
    assert 0 < source.bytes_read() < source.size_bytes
    count = 1 + sum(1 for _ in rows)
    assert count == 20000
    assert source.bytes_read() == source.size_bytes == path.stat().st_size


def test_head_returns_the_first_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "h.csv", "a\n" + "".join(f"{i}\n" for i in range(100)))
    source = open_table(path)
    assert [r.values["a"] for r in source.head(3)] == ["0", "1", "2"]
    assert len(source.head()) == 5
    assert source.sheets == []


def test_undecodable_row_is_named(tmp_path: Path) -> None:
    good = "".join(f"{i},好吃{'ok' * 10}\n" for i in range(60000)).encode()  # > 1 MiB of UTF-8
    bad = "9,坏\n".encode("gb18030")
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n" + good + bad)
    source = open_table(path)
    assert source.encoding == "utf-8"
    with pytest.raises(ReadError) as info:
        list(source.rows())
    assert info.value.row == 60002
    assert "bad.csv, row 60002" in str(info.value)
    assert "encoding" in str(info.value)


def test_ascii_start_does_not_decide_the_encoding(tmp_path: Path) -> None:
    good = "".join(f"{i},{'ok' * 10}\n" for i in range(60000))  # > 1 MiB of ASCII
    path = tmp_path / "late.csv"
    path.write_bytes(("a,b\n" + good + "9,味道不错，送餐很快\n").encode("gb18030"))
    source = open_table(path)
    assert source.encoding == "gb18030"
    assert list(source.rows())[-1].values == {"a": "9", "b": "味道不错，送餐很快"}


def test_unknown_encoding(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="unknown encoding"):
        open_table(_write(tmp_path, "u.csv", "a\n1\n"), encoding="klingon")


def test_unbalanced_quote_is_reported(tmp_path: Path) -> None:
    text = 'a,b\n1,"never closed\n' + "x,y\n" * 40000
    source = open_table(_write(tmp_path, "q.csv", text))
    with pytest.raises(ReadError, match="quoted cell never ends"):
        list(source.rows())


# whole-file problems ----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="file not found") as info:
        open_table(tmp_path / "nope.csv")
    assert str(info.value).startswith("nope.csv: ")


@pytest.mark.parametrize("name", ["e.csv", "e.xlsx", "e.json", "e.jsonl"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        open_table(tmp_path / name)


def test_blank_lines_only_is_no_header(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no header"):
        open_table(_write(tmp_path, "b.csv", "\n \n\n"))


@pytest.mark.parametrize("name", ["a.xls", "a.pdf", "noext"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"a,b\n")
    with pytest.raises(ReadError, match=r"xls|unsupported"):
        open_table(tmp_path / name)


def test_xlsx_that_is_not_a_zip(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not a zip"):
        open_table(_write(tmp_path, "fake.xlsx", "a,b\n1,2\n"))


def test_read_error_text() -> None:
    assert str(ReadError("r.csv", "boom")) == "r.csv: boom"
    err = ReadError("reviews.csv", "not a number: 'abc'", row=17, column="评分")
    assert str(err) == "reviews.csv, row 17, column 评分: not a number: 'abc'"
    assert isinstance(err, ValueError)
    assert (err.file, err.row, err.column) == ("reviews.csv", 17, "评分")


def test_source_row_is_frozen() -> None:
    row = SourceRow(2, None, {"a": "1"})
    with pytest.raises(AttributeError):
        row.row = 3  # type: ignore[misc]
    assert row.error is None and row.error_column is None


# XLSX ------------------------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "评论"
    ws.append([])  # row 1 empty: the header is the first non-empty row
    ws.append([" 评论 ", "评分", "时间", None, "评分", "通过"])
    ws.append(["好吃", 5, datetime(2024, 3, 15, 12, 30), None, 4.5, True])
    ws.append([])
    ws.append(["慢", 2.0, date(2024, 3, 16), None, 0.1 + 0.2, False])
    ws.append(["x", 1234567, datetime(2024, 3, 17), None, None, None, "stray"])
    orders = wb.create_sheet("订单")
    orders.append(["订单号", "金额"])
    orders.append(["D1", 12])
    orders.append(["D2", -3.25])
    wb.create_sheet("空")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_xlsx_sheets_columns_and_values(workbook: Path) -> None:
    source = open_table(workbook)
    assert source.kind == "xlsx"
    assert source.sheets == ["评论", "订单", "空"]
    assert source.columns() == ["评论", "评分", "时间", "column_4", "评分.2", "通过"]
    assert source.columns("订单") == ["订单号", "金额"]
    rows = list(source.rows())
    assert [r.row for r in rows] == [3, 5, 6]
    assert all(r.sheet == "评论" for r in rows)
    assert rows[0].values == {
        "评论": "好吃",
        "评分": "5",
        "时间": "2024-03-15T12:30:00",
        "column_4": None,
        "评分.2": "4.5",
        "通过": "true",
    }
    assert rows[1].values["评分"] == "2"
    assert rows[1].values["时间"] == "2024-03-16"
    assert rows[1].values["评分.2"] == "0.3"
    assert rows[1].values["通过"] == "false"
    assert rows[2].values["评分"] == "1234567"
    assert rows[2].error is not None and rows[2].error_column == "column_7"
    orders = list(source.rows("订单"))
    assert [(r.row, r.sheet, r.values) for r in orders] == [
        (2, "订单", {"订单号": "D1", "金额": "12"}),
        (3, "订单", {"订单号": "D2", "金额": "-3.25"}),
    ]
    assert source.bytes_read() == source.size_bytes
    assert source.head(1, "订单")[0].values["订单号"] == "D1"


def test_xlsx_empty_sheet_and_unknown_sheet(workbook: Path) -> None:
    source = open_table(workbook)
    with pytest.raises(ReadError, match="empty"):
        source.columns("空")
    with pytest.raises(ReadError, match="no sheet"):
        source.rows("nope")


# JSON / JSONL ----------------------------------------------------------------------------


@pytest.mark.parametrize("wrap", [None, "records", "data"])
def test_json_array_of_objects(tmp_path: Path, wrap: str | None) -> None:
    items = [
        {"id": 1, "text": "好吃", "score": 4.5, "tags": ["快", "热"], "ok": True},
        {"id": 2, "text": "  ", "extra": {"a": 1}, "score": None},
    ]
    payload: object = items if wrap is None else {"meta": {"n": [2]}, wrap: items}
    path = _write(tmp_path, "a.json", json.dumps(payload, ensure_ascii=False, indent=1))
    source = open_table(path)
    assert source.kind == "json"
    assert source.columns() == ["id", "text", "score", "tags", "ok", "extra"]
    rows = list(source.rows())
    assert [r.row for r in rows] == [1, 2]
    assert rows[0].values == {
        "id": "1",
        "text": "好吃",
        "score": "4.5",
        "tags": '["快", "热"]',
        "ok": "true",
        "extra": None,
    }
    assert rows[1].values["text"] is None
    assert rows[1].values["extra"] == '{"a": 1}'


def test_json_syntax_error_names_the_item(tmp_path: Path) -> None:
    body = ",\n".join(json.dumps({"i": i}) for i in range(300))
    path = _write(tmp_path, "b.json", "[" + body + ',\n{"i": 300,}]')
    source = open_table(path)  # the first 200 items are fine
    with pytest.raises(ReadError) as info:
        list(source.rows())
    assert info.value.row == 301
    assert "invalid JSON at character" in str(info.value)


def test_json_that_is_not_an_array(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="array"):
        open_table(_write(tmp_path, "c.json", '"hello"'))
    with pytest.raises(ReadError, match="records"):
        open_table(_write(tmp_path, "d.json", '{"x": [1]}'))
    with pytest.raises(ReadError, match="no records"):
        open_table(_write(tmp_path, "e.json", "[]"))


def test_json_non_object_item_is_a_row_error(tmp_path: Path) -> None:
    source = open_table(_write(tmp_path, "f.json", '[{"a": 1}, 5]'))
    rows = list(source.rows())
    assert rows[1].row == 2 and rows[1].error == "expected a JSON object, found int"


def test_jsonl_with_a_broken_line(tmp_path: Path) -> None:
    text = '{"a": 1, "b": "x"}\n\n{"a": \n{"a": 3, "n": {"k": [1]}}\n[1, 2]\n'
    source = open_table(_write(tmp_path, "g.jsonl", text))
    assert source.kind == "jsonl"
    assert source.columns() == ["a", "b", "n"]
    rows = list(source.rows())
    assert [(r.row, r.error is None) for r in rows] == [
        (1, True),
        (3, False),
        (4, True),
        (5, False),
    ]
    assert rows[1].error is not None and rows[1].error.startswith("invalid JSON")
    assert rows[2].values == {"a": "3", "b": None, "n": '{"k": [1]}'}
    assert source.bytes_read() == source.size_bytes


def test_progress_follows_the_long_read_not_a_side_look(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", "a\n" + "".join(f"{i}\n" for i in range(50000)))
    source = open_table(path)
    rows = source.rows()
    for _ in range(40000):
        next(rows)
    assert source.head(2)[0].values == {"a": "0"}
    assert source.columns() == ["a"]
    assert source.bytes_read() > source.size_bytes // 2
    rows.close()
    assert source.bytes_read() > source.size_bytes // 2
