"""Cell parsers: dates and numbers as people type them, and what they refuse."""

from __future__ import annotations

from datetime import datetime

import pytest

from needscope.io import is_number, parse_datetime, parse_number

DATES = [
    ("2024-03-15", datetime(2024, 3, 15)),
    ("2024-03-15 12:30", datetime(2024, 3, 15, 12, 30)),
    ("2024-03-15 12:30:45", datetime(2024, 3, 15, 12, 30, 45)),
    ("2024-03-15T12:30:45", datetime(2024, 3, 15, 12, 30, 45)),
    ("2024-03-15T12:30:45Z", datetime(2024, 3, 15, 12, 30, 45)),
    ("2024-03-15T12:30:45+08:00", datetime(2024, 3, 15, 4, 30, 45)),
    ("2024-03-15 01:00:00-05:00", datetime(2024, 3, 15, 6, 0)),
    ("2024-03-15T12:30:45.250", datetime(2024, 3, 15, 12, 30, 45, 250000)),
    ("  2024-03-15  ", datetime(2024, 3, 15)),
    ("2020/3/18", datetime(2020, 3, 18)),
    ("2020/03/18 12:30", datetime(2020, 3, 18, 12, 30)),
    ("2020/03/18 8:05:09", datetime(2020, 3, 18, 8, 5, 9)),
    ("2024-3-5", datetime(2024, 3, 5)),
    ("2024.3.5", datetime(2024, 3, 5)),
    ("2024年3月15日", datetime(2024, 3, 15)),
    ("2024年3月15日 12:30", datetime(2024, 3, 15, 12, 30)),
    ("2024年3月15日12时30分", datetime(2024, 3, 15, 12, 30)),
    ("2024年03月15日 12:30:05", datetime(2024, 3, 15, 12, 30, 5)),
    ("20240315", datetime(2024, 3, 15)),
    ("202403151230", datetime(2024, 3, 15, 12, 30)),
    ("２０２４－０３－１５", datetime(2024, 3, 15)),
    ("2024-02-29", datetime(2024, 2, 29)),
]

BAD_DATES = [
    "",
    "abc",
    "45366",  # an Excel serial number: not accepted from text
    "45366.5",
    "2024-02-30",
    "2023-02-29",
    "2024/13/01",
    "2024-03/15",
    "2024年3-15",
    "2024-03",
    "20241315",
    "2024-03-15 25:00",
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_parse_datetime(text: str, expected: datetime) -> None:
    value = parse_datetime(text)
    assert value == expected
    assert value.tzinfo is None


@pytest.mark.parametrize("text", BAD_DATES)
def test_parse_datetime_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a date: ") as info:
        parse_datetime(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("text", ["15/03/2024", "03/15/2024", "15-03-2024", "3/4/24"])
def test_day_month_order_is_refused_as_ambiguous(text: str) -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_datetime(text)


NUMBERS = [
    ("4", 4.0),
    ("4.5", 4.5),
    ("-3", -3.0),
    ("+2", 2.0),
    (".5", 0.5),
    ("1e3", 1000.0),
    (" 7 ", 7.0),
    ("４.５", 4.5),
    ("－３", -3.0),
    ("1,234.5", 1234.5),
    ("12,345,678", 12345678.0),
    ("85%", 85.0),
    ("85 %", 85.0),
    ("８５％", 85.0),
    ("¥12.5", 12.5),
    ("￥12.5", 12.5),
    ("$3", 3.0),
    ("12.5元", 12.5),
    ("1,200元", 1200.0),
    ("-¥12", -12.0),
    ("¥-12", -12.0),
    ("RMB 30", 30.0),
]
MISSING = ["", "  ", "-", "--", "N/A", "n/a", "NA", "null", "NULL", "None", "nan", "无", "空"]
BAD_NUMBERS = ["abc", "1,5", "12,34", "1.2.3", "inf", "Infinity", "4分", "¥", "%", "+-3", "5 5"]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected
    assert is_number(text)


@pytest.mark.parametrize("text", MISSING)
def test_missing_markers_are_none(text: str) -> None:
    assert parse_number(text) is None
    assert not is_number(text)


@pytest.mark.parametrize("text", BAD_NUMBERS)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a number: ") as info:
        parse_number(text)
    assert repr(text) in str(info.value)
    assert not is_number(text)


def test_is_number_on_none() -> None:
    assert not is_number(None)
