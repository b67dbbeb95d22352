"""The aspect:polarity|… label format: round trips and errors that name the row."""

from __future__ import annotations

import math

import pytest

from needscope.errors import InputError
from needscope.text.labels import (
    LabelError,
    format_labels,
    parse_label_column,
    parse_labels,
    parse_sentiment,
)


def test_round_trip_keeps_order_and_pairs() -> None:
    cell = "food:positive|service:negative|service.wait_time:conflict|price:neutral"
    parsed = parse_labels(cell)
    assert parsed == {
        "food": "positive",
        "service": "negative",
        "service.wait_time": "conflict",
        "price": "neutral",
    }
    assert format_labels(parsed) == cell


@pytest.mark.parametrize("cell", ["", "  ", None, math.nan, "nan", "None"])
def test_empty_cells_mean_no_aspect(cell: object) -> None:
    assert parse_labels(cell) == {}
    assert format_labels({}) == ""


def test_aliases_and_spaces_are_accepted() -> None:
    assert parse_labels(" food : pos | anecdotes/miscellaneous:-1 | 服务:正面") == {
        "food": "positive",
        "anecdotes/miscellaneous": "negative",
        "服务": "positive",
    }


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("food", "not aspect:polarity"),
        ("food:great", "unknown polarity 'great'"),
        ("food:positive||price:negative", "empty pair"),
        (":positive", "bad aspect"),
        ("food:positive|food:negative", "given twice"),
    ],
)
def test_bad_cells_raise_with_the_row(cell: str, words: str) -> None:
    with pytest.raises(LabelError) as info:
        parse_labels(cell, row=7, column="labels")
    message = str(info.value)
    assert words in message
    assert "row 7" in message and "labels" in message
    assert isinstance(info.value, InputError)


def test_column_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    with pytest.raises(LabelError, match="row 4"):
        parse_label_column(["food:positive", "", "food:tasty"], column="labels")


def test_format_rejects_bad_names_and_polarities() -> None:
    with pytest.raises(ValueError):
        format_labels({"a|b": "positive"})
    with pytest.raises(LabelError):
        format_labels({"food": "great"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "positive"),
        ("-1", "negative"),
        (0.0, "neutral"),
        ("Positive", "positive"),
        ("负面", "negative"),
    ],
)
def test_sentiment_cells(value: object, expected: str) -> None:
    assert parse_sentiment(value) == expected


def test_bad_sentiment_cell_names_its_row() -> None:
    with pytest.raises(LabelError, match="row 3"):
        parse_sentiment("meh", row=3)
