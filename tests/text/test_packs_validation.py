"""Industry packs: every built-in pack is valid; bad packs fail naming file and tag."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from needscope.model.vocab import NeedCategory, ServqualDimension, TouchpointLayer
from needscope.text.packs import (
    RESTAURANT_REQUIRED,
    PackError,
    list_packs,
    load_pack,
    save_user_tags,
)

BUILTIN = ["bank", "education", "generic", "hotel", "restaurant", "retail"]


def test_builtin_packs_listed() -> None:
    assert list_packs() == BUILTIN


@pytest.mark.parametrize("name", BUILTIN)
def test_every_tag_is_bilingual_and_placed(name: str) -> None:
    pack = load_pack(name)
    stage_ids = {s.id for s in pack.stages}
    assert pack.zh and pack.en
    for tag in pack.tags:
        assert tag.zh.strip() and tag.en.strip(), tag.id
        assert tag.keywords["zh"] and tag.keywords["en"], tag.id
        assert tag.examples["zh"] and tag.examples["en"], tag.id
        assert tag.need["zh"] and tag.need["en"], tag.id
        assert isinstance(tag.servqual, ServqualDimension)
        assert isinstance(tag.category, NeedCategory)
        assert isinstance(tag.layer, TouchpointLayer)
        assert tag.stage in stage_ids
        if tag.parent is not None:
            assert tag.parent in pack.ids()
        for kw in tag.keywords["zh"]:  # simplified script only (the text is converted t2s)
            from needscope.text.normalise import normalise_text

            assert normalise_text(kw.lstrip("~")) == kw.lstrip("~"), (tag.id, kw)


def test_restaurant_ids_and_journey() -> None:
    pack = load_pack("restaurant")
    assert set(RESTAURANT_REQUIRED) <= set(pack.ids())
    assert [t.id for t in pack.top_level()] == [
        "food", "service", "price", "ambience", "location", "other"
    ]  # fmt: skip
    assert all(t.parent for t in pack.fine())
    assert [s.zh for s in pack.stages][:8] == [
        "了解", "预订/排队", "到店", "点餐", "用餐", "结账", "离店", "售后/复购"
    ]  # fmt: skip
    # rich keywords: dozens for the rare aspects
    for tag_id in ("service.wait_time", "service.serving_speed", "service.parking"):
        assert len(pack.tag(tag_id).keywords["zh"]) >= 24, tag_id
    assert pack.tag("service.serving_speed").need_text("en") == "Faster serving"
    assert load_pack("餐饮") is pack  # by industry label


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _minimal() -> dict[str, object]:
    return {
        "id": "mini",
        "industry": "generic",
        "name": {"zh": "迷你", "en": "Mini"},
        "stages": [{"id": "use", "zh": "使用", "en": "Use"}],
        "tags": [
            {
                "id": "speed",
                "zh": "速度",
                "en": "Speed",
                "servqual": "responsiveness",
                "category": "experience",
                "stage": "use",
                "layer": "front",
                "need": {"zh": "更快", "en": "Faster"},
                "keywords": {"zh": ["慢"], "en": ["slow"]},
                "examples": {"zh": ["太慢了"], "en": ["Too slow."]},
            }
        ],
    }


def test_minimal_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(_write(tmp_path, _minimal()))
    assert pack.ids() == ["speed"] and pack.source.endswith("pack.yaml")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("en", "", "missing its en name"),
        ("servqual", "speediness", "servqual"),
        ("category", "nice", "category"),
        ("layer", "middle", "layer"),
        ("stage", "nowhere", "stage 'nowhere'"),
        ("keywords", {"zh": ["慢"]}, "keywords.en"),
        ("need", {"zh": "更快"}, "need must give zh and en"),
        ("need", {"zh": "更快", "en": "Fast", "smooth": None}, "unknown keys ['smooth']"),
        ("exclude", {"zh": ["~打包"]}, "marks ~ and ^ are for keywords"),
        ("exclude", {"zh": ["打包*"]}, "empty around a mark or gap"),
        ("exclude", {"zh": []}, "exclude"),
    ],
)
def test_bad_tag_names_file_and_tag(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    data = _minimal()
    data["tags"][0][field] = value  # type: ignore[index]
    path = _write(tmp_path, data)
    with pytest.raises(PackError) as err:
        load_pack(path)
    text = str(err.value)
    assert "pack.yaml" in text and "'speed'" in text and message in text


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("tags: [unclosed", encoding="utf-8")
    with pytest.raises(PackError, match=r"bad\.yaml"):
        load_pack(bad)
    with pytest.raises(PackError, match="not found"):
        load_pack(tmp_path / "none.yaml")
    with pytest.raises(PackError, match="no built-in pack"):
        load_pack("spaceship")


def test_user_pack_adds_overrides_and_removes(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    new_tag = {
        "id": "service.wifi",
        "zh": "无线网络",
        "en": "Wi-Fi",
        "servqual": "tangibles",
        "category": "functional",
        "stage": "dine",
        "layer": "support",
        "need": {"zh": "提供稳定的无线网络", "en": "Reliable Wi-Fi"},
        "keywords": {"zh": ["wifi", "无线网"], "en": ["wifi", "wi-fi"]},
        "examples": {"zh": ["店里没有wifi"], "en": ["No wifi here."]},
    }
    save_user_tags(user, "restaurant", [new_tag], remove=["ambience.decor"])
    save_user_tags(user, "restaurant", [{"id": "service.parking", "zh": "停车便利"}])
    pack = load_pack(user)
    assert "service.wifi" in pack.ids() and "ambience.decor" not in pack.ids()
    assert pack.tag("service.parking").zh == "停车便利"
    assert (
        pack.tag("service.parking").keywords
        == load_pack("restaurant").tag("service.parking").keywords
    )
    assert pack.ids().index("service.wifi") > pack.ids().index("service")
    same = load_pack("restaurant", user=user)
    assert same.ids() == pack.ids()
    with pytest.raises(PackError, match="unknown tag"):
        save_user_tags(tmp_path / "x.yaml", "restaurant", [], remove=["nope"])


def test_user_pack_keeps_exclusions(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    tag = {"id": "service.parking", "exclude": {"zh": ["车位*充足"], "en": ["bike parking"]}}
    save_user_tags(user, "restaurant", [tag])
    pack = load_pack(user)
    assert dict(pack.tag("service.parking").exclude) == {
        "zh": ("车位*充足",),
        "en": ("bike parking",),
    }
    again = tmp_path / "again.yaml"
    again.write_text(yaml.safe_dump(pack.to_dict(), allow_unicode=True), encoding="utf-8")
    assert load_pack(again).tag("service.parking").exclude == pack.tag("service.parking").exclude
