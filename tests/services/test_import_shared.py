"""Real public files import with the detected mapping and no flags, and only once."""

from __future__ import annotations

from pathlib import Path

import pytest

from needscope.services.workspace import Workspace

CASES = [
    # file, source type, rows, expected text column, expected date column
    (
        "complaints/cfpb_complaints_sample.csv",
        "historic",
        6623,
        ["Consumer complaint narrative"],
        "Date received",
    ),
    ("sentiment_zh/waimai_10k.csv", "third_party", 11987, ["review"], None),
    ("survey/kiosk_servqual_kano_cp949.csv", "survey", 211, [], None),
]


@pytest.mark.parametrize(("name", "source", "rows", "text", "date"), CASES)
def test_shared_file_imports_once(
    shared_data: Path,
    sqlite_url: str,
    name: str,
    source: str,
    rows: int,
    text: list[str],
    date: str | None,
) -> None:
    path = shared_data / name
    if not path.exists():
        pytest.skip(f"{path} missing")
    ws = Workspace(sqlite_url)
    project = ws.create_project("p", "Shared")
    first = project.import_file(path, source_type=source)
    mapping = first.sheets[0].mapping
    assert mapping.text == text and mapping.date == date
    assert first.rows_read == rows and first.rows_rejected == 0
    assert first.rows_added == rows  # identical rows are distinct customers' answers
    again = project.import_file(path, source_type=source)
    assert (again.rows_added, again.rows_duplicate) == (0, rows)
    ws.close()


def test_kiosk_cp949_and_utf8_copies_are_the_same_records(
    shared_data: Path, sqlite_url: str
) -> None:
    cp949 = shared_data / "survey/kiosk_servqual_kano_cp949.csv"
    utf8 = shared_data / "survey/kiosk_servqual_kano_utf8.csv"
    if not (cp949.exists() and utf8.exists()):
        pytest.skip("kiosk survey files missing")
    ws = Workspace(sqlite_url)
    project = ws.create_project("p", "Kiosk")
    first = project.import_file(cp949, source_type="survey")
    assert first.encoding == "cp949"
    assert len(first.sheets[0].mapping.ratings) >= 48  # at least the 24 SERVQUAL pairs
    second = project.import_file(utf8, source_type="survey")
    assert second.rows_added == 0
    frame = project.records(with_details=True)
    item = "1-1. 키오스크는 사용자가 선택한 내용을 의도대로 정확하게 반영해야 한다.(기대 설문)"
    assert frame.loc[0, "ratings"][item] == 7.0
    ws.close()
