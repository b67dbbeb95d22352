"""Journey files: YAML/JSON round trips, validation naming file and key, the defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from needscope.errors import InputError
from needscope.journey.inventory import (
    default_industries,
    default_journey,
    dump_journey,
    journey_from_dict,
    journey_to_dict,
    load_journey,
)
from needscope.journey.model import Bi
from needscope.model.vocab import StakeholderKind, TouchChannel, TouchpointLayer
from needscope.text.packs import load_pack


@pytest.mark.parametrize(
    "industry", ["restaurant", "hotel", "retail", "bank", "education", "generic"]
)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_round_trip(tmp_path: Path, industry: str, suffix: str) -> None:
    journey = default_journey(industry)
    path = dump_journey(journey, tmp_path / f"journey{suffix}")
    assert load_journey(path) == journey
    # the written file is plain YAML/JSON anyone can read back
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    assert raw == journey_to_dict(journey)


def test_defaults_cover_every_pack_tag() -> None:
    assert set(default_industries()) >= {
        "restaurant",
        "hotel",
        "retail",
        "bank",
        "education",
        "generic",
    }
    for industry in default_industries():
        journey, pack = default_journey(industry), load_pack(industry)
        listed = {t for tp in journey.touchpoints for t in tp.tags}
        assert listed == set(pack.ids()), industry
        assert [s.id for s in journey.stages] == [s.id for s in pack.stages]
        assert all(journey.touchpoints_of(s.id) for s in journey.stages), industry
        assert journey.stakeholders, industry


def test_restaurant_default_is_detailed() -> None:
    journey = default_journey("餐饮")
    assert journey.industry == "restaurant"
    assert 25 <= len(journey.touchpoints) <= 35
    layers = {tp.layer for tp in journey.touchpoints}
    assert layers == {TouchpointLayer.FRONT, TouchpointLayer.BACK, TouchpointLayer.SUPPORT}
    assert {tp.channel for tp in journey.touchpoints} == set(TouchChannel)
    assert all(tp.name.zh and tp.name.en and tp.department.zh for tp in journey.touchpoints)
    assert all(s.customer_actions for s in journey.stages)
    kano = {a for tp in journey.touchpoints for a in tp.kano_attributes}
    assert kano == {"扫码点餐", "免费停车", "儿童游乐区", "会员积分", "预约订座", "等位小食"}
    items = {i for tp in journey.touchpoints for i in tp.survey_items}
    assert items <= {f"SQ{i:02d}" for i in range(1, 23)}
    assert {StakeholderKind.INTERNAL, StakeholderKind.EXTERNAL} == {
        s.kind for s in journey.stakeholders
    }
    # English texts with commas survive YAML flow mappings (quoted in the file)
    storefront = next(tp for tp in journey.touchpoints if tp.id == "storefront")
    assert storefront.evidence.en == "Signboard, door menu and posters"


def test_unknown_industry_gets_generic() -> None:
    assert default_journey("healthcare").industry == "generic"


def _doc() -> dict[str, object]:
    return journey_to_dict(default_journey("restaurant"))


def _error(tmp_path: Path, doc: object, **kw: object) -> str:
    path = tmp_path / "journey.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_journey(path, **kw)  # type: ignore[arg-type]
    return str(info.value)


def test_bad_stage_names_file_and_key(tmp_path: Path) -> None:
    doc = _doc()
    doc["touchpoints"][3]["stage"] = "xx"  # type: ignore[index]
    message = _error(tmp_path, doc)
    assert message.startswith("journey.yaml: touchpoints[3].stage: 'xx' is not a stage")


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("touchpoints", 0, "layer"), "middle", "touchpoints[0].layer: 'middle' is not one of"),
        (("touchpoints", 2, "channel"), "fax", "touchpoints[2].channel: 'fax' is not one of"),
        (("touchpoints", 1, "id"), "promo", "touchpoints[1].id: duplicate touchpoint id 'promo'"),
        (
            ("touchpoints", 4, "tags"),
            ["food.nope"],
            "touchpoints[4].tags[0]: 'food.nope' is not a tag",
        ),
        (("touchpoints", 0, "name"), None, "touchpoints[0].name: is required"),
        (("touchpoints", 0, "colour"), "red", "touchpoints[0]: unknown key(s) ['colour']"),
        (("stakeholders", 0, "influence"), 7, "stakeholders[0].influence: 7 is outside 1–5"),
        (("stakeholders", 1, "kind"), "partner", "stakeholders[1].kind: 'partner' is not one of"),
        (("to_be",), {"nowhere": ["x"]}, "to_be.nowhere: 'nowhere' is not a stage"),
        (("stages", 1, "id"), "discover", "stages[1].id: duplicate stage id 'discover'"),
    ],
)
def test_validation_errors(tmp_path: Path, path: tuple, value: object, expected: str) -> None:
    doc = _doc()
    target: object = doc
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    message = _error(tmp_path, doc, known_tags=load_pack("restaurant").ids())
    assert message.startswith("journey.yaml: " + expected), message


def test_flow_mapping_comma_is_caught(tmp_path: Path) -> None:
    # an unquoted comma in a YAML flow mapping silently splits the text; we refuse it
    text = "stages: [{id: a, name: {zh: 甲, en: Safe, hygienic food}}]\ntouchpoints: []\n"
    path = tmp_path / "j.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"j.yaml: stages\[0\].name: unknown language key"):
        load_journey(path)


def test_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("stages: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.yaml: not valid YAML"):
        load_journey(bad)
    with pytest.raises(InputError, match=r"missing\.yaml: file not found"):
        load_journey(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="a journey needs at least one stage"):
        journey_from_dict({"stages": [], "touchpoints": []})
    with pytest.raises(InputError, match=r"must end in \.yaml"):
        dump_journey(default_journey("generic"), tmp_path / "j.txt")


def test_plain_strings_and_minimal_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(
        "stages:\n  - {id: s1, name: 到店}\ntouchpoints:\n"
        "  - {id: door, name: Front door, stage: s1, layer: 后台, channel: 数字}\n",
        encoding="utf-8",
    )
    journey = load_journey(path)
    assert journey.stages[0].name == Bi(zh="到店")
    tp = journey.touchpoints[0]
    assert tp.name == Bi(en="Front door") and tp.name.label("zh") == "Front door"
    assert tp.layer is TouchpointLayer.BACK and tp.channel is TouchChannel.DIGITAL
    assert journey.industry == "generic" and journey.to_be == {}
