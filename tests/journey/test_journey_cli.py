"""``needscope journey``: init, export, import (validated, atomic), touchpoints, render, personas."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from needscope.cli import app
from needscope.journey.inventory import default_journey, journey_to_dict

from .conftest import Built

runner = CliRunner()


def _run(built: Built, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", built.url, "journey", *args])
    return result.exit_code, result.output


def test_export_import_round_trip(journey_demo: Built, tmp_path: Path) -> None:
    code, out = _run(journey_demo, "export", "demo", "--out", str(tmp_path / "j.yaml"))
    assert code == 0, out
    doc = yaml.safe_load((tmp_path / "j.yaml").read_text(encoding="utf-8"))
    assert doc["to_be"]["dine"]  # the demo job saved a to-be plan
    doc["touchpoints"][0]["name"] = {"zh": "会员活动", "en": "Member deals"}
    (tmp_path / "edited.json").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    code, out = _run(journey_demo, "import", "demo", str(tmp_path / "edited.json"))
    assert code == 0, out
    assert journey_demo.handle.journey().touchpoints[0].name.en == "Member deals"
    code, _ = _run(journey_demo, "export", "demo", "--out", str(tmp_path / "back.json"))
    assert code == 0
    assert yaml.safe_load((tmp_path / "back.json").read_text(encoding="utf-8")) == doc


def test_bad_import_stores_nothing(journey_demo: Built, tmp_path: Path) -> None:
    before = journey_demo.handle.journey()
    doc = journey_to_dict(before)
    doc["touchpoints"][3]["stage"] = "xx"
    bad = tmp_path / "journey.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    code, out = _run(journey_demo, "import", "demo", str(bad))
    assert code == 2
    assert "journey.yaml: touchpoints[3].stage: 'xx' is not a stage" in " ".join(out.split())
    assert journey_demo.handle.journey() == before


def test_init_refuses_to_overwrite(journey_demo: Built) -> None:
    code, out = _run(journey_demo, "init", "demo", "--lang", "en")
    assert code == 2 and "already has a journey" in out
    saved = journey_demo.handle.journey()
    try:
        code, out = _run(journey_demo, "init", "demo", "--force", "--lang", "en")
        assert code == 0 and "33 touchpoints" in out
        assert journey_demo.handle.journey() == default_journey("restaurant")
    finally:
        journey_demo.handle.save_journey(saved)


def test_touchpoints_table_is_formula_safe(journey_demo: Built, tmp_path: Path) -> None:
    saved = journey_demo.handle.journey()
    doc = journey_to_dict(saved)
    doc["touchpoints"][0]["name"] = {"zh": "=cmd|' /C calc'!A0", "en": "=HYPERLINK(1)"}
    journey_demo.handle.save_journey(doc)
    try:
        out_csv = tmp_path / "tp.csv"
        code, out = _run(journey_demo, "touchpoints", "demo", "--out", str(out_csv), "--lang", "en")
        assert code == 0, out
        with out_csv.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(saved.touchpoints)
        assert rows[0]["Touchpoint"] == "'=HYPERLINK(1)"
        evaluation = journey_demo.handle.evaluate_journey()
        by_id = {r["Touchpoint id"]: r for r in rows}
        for s in evaluation.touchpoints:
            assert int(by_id[s.touchpoint]["Records"]) == s.n
            assert int(by_id[s.touchpoint]["Complaints"]) == s.complaints
        code, out = _run(journey_demo, "touchpoints", "demo", "--out", str(tmp_path / "x.txt"))
        assert code == 2 and "--out must end in .csv or .xlsx" in out
    finally:
        journey_demo.handle.save_journey(saved)


def test_touchpoints_segment_and_xlsx(journey_demo: Built, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "tp.xlsx"
    code, out = _run(journey_demo, "touchpoints", "demo", "--segment", "store_type=新店",
                     "--out", str(target), "--lang", "zh")  # fmt: skip
    assert code == 0, out
    assert "门店类型=新店" in out
    sheet = load_workbook(target).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["阶段", "触点编号", "触点"]
    assert sheet.max_row == len(journey_demo.handle.journey().touchpoints) + 1
    code, out = _run(journey_demo, "touchpoints", "demo", "--segment", "colour=red")
    assert code == 2 and "unknown" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_render_svg(journey_demo: Built, tmp_path: Path, lang: str) -> None:
    code, out = _run(journey_demo, "render", "demo", "--out", str(tmp_path), "--format", "svg",
                     "--lang", lang)  # fmt: skip
    assert code == 0, out
    paths = [Path(line.strip()) for line in out.splitlines() if line.strip()]
    names = sorted(p.name for p in paths)
    assert names == sorted(
        f"{k}_{lang}.svg" for k in ("blueprint", "journey_map", "personas", "stakeholders")
    )
    for path in paths:
        root = ET.parse(path).getroot()
        assert root.tag.endswith("svg")
    code, out = _run(journey_demo, "render", "demo", "--out", str(tmp_path), "--format", "gif")
    assert code == 2 and "formats must be among" in out


def test_personas_command(journey_demo: Built) -> None:
    code, out = _run(journey_demo, "personas", "demo", "--lang", "en", "--by", "tier")
    assert code == 0, out
    assert "Personas" in out and "Member tier" in out
    code, out = _run(journey_demo, "personas", "demo", "--by", "shoe_size")
    assert code == 2 and "shoe_size" in out
