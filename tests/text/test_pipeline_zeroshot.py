"""Zero-shot tagging from the restaurant pack on hand-written zh / en / traditional sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from needscope.text.normalise import normalise
from needscope.text.zeroshot import ZeroShotTagger, tags_long, zero_shot


@pytest.fixture(scope="module")
def tagger() -> ZeroShotTagger:
    return ZeroShotTagger("restaurant", level="fine", embed_policy="none").fit()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上菜太慢了，催了好几次", {"service.serving_speed"}),
        ("排了一个小时才有位置", {"service.wait_time"}),
        ("服务员爱答不理的，叫了半天没人理", {"service.staff_attitude"}),
        ("停车难，商场车位太少", {"service.parking"}),
        ("性价比很高，这个价位很值", {"price.value"}),
        ("店里太吵了，说话都听不见", {"ambience.noise"}),
        ("味道很好，就是分量有点少", {"food.taste", "food.portion"}),
        ("等位只等了12分钟", {"service.wait_time"}),  # weak "等了…分钟" yields to 等位
        ("服務員態度很差，上菜也很慢", {"service.staff_attitude", "service.serving_speed"}),
        (
            "The waiter was rude and the food came out cold.",
            {"service.staff_attitude", "food.temperature"},
        ),
        ("We waited an hour for a table.", {"service.wait_time"}),
        ("Parking is a nightmare around here.", {"service.parking"}),
        ("Great value for the money, and the sushi was fresh.", {"price.value", "food.freshness"}),
        ("It was so loud we could not hear each other.", {"ambience.noise"}),
        ("菜品整体很失望", {"food"}),
    ],
)
def test_hand_written_sentences(tagger: ZeroShotTagger, text: str, expected: set[str]) -> None:
    got = {s.tag for s in tagger.tag_text(text)}
    assert expected <= got, (text, got)


def test_top_level_and_fallback() -> None:
    top = ZeroShotTagger("restaurant", level="top", embed_policy="none").fit()
    assert {s.tag for s in top.tag_text("上菜太慢，菜也不新鲜")} == {"service", "food"}
    # "other" only when nothing else is found
    assert [s.tag for s in top.tag_text("总体不错，还会再来")] == ["other"]
    assert "other" not in {s.tag for s in top.tag_text("总体不错，上菜很快")}
    assert top.tag_text("今天天气晴朗") == []


def test_problem_flag_is_negation_aware(tagger: ZeroShotTagger) -> None:
    slow = {s.tag: s for s in tagger.tag_text("上菜特别慢，等了四十分钟")}
    assert slow["service.serving_speed"].problem
    fine = {s.tag: s for s in tagger.tag_text("基本不用排队，到了就有位置")}
    assert "service.wait_time" in fine and not fine["service.wait_time"].problem
    en = {s.tag: s for s in tagger.tag_text("The staff were not rude at all.")}
    assert not en["service.staff_attitude"].problem


def test_frame_transform_and_long_form() -> None:
    frame = normalise(
        pd.DataFrame(
            {"id": [1, 2, 3], "text": ["上菜太慢了", "Friendly staff and cheap prices.", ""]}
        )
    )
    out = zero_shot(frame, embed_policy="none")
    assert out.loc[0, "tags"] == ["service.serving_speed"]
    assert out.loc[0, "problem_tags"] == ["service.serving_speed"]
    assert out.loc[2, "tags"] == []
    assert all(0.5 <= c <= 1 for cs in out["tag_conf"] for c in cs)
    long = tags_long(out)
    assert set(long.columns) == {"id", "tag", "confidence", "problem", "via"}
    assert set(long.loc[long["id"] == 2, "tag"]) >= {"service.staff_attitude", "price"}
    with pytest.raises(KeyError, match="tags"):
        tags_long(frame)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="level"):
        ZeroShotTagger(level="middle").fit()  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="text_norm"):
        ZeroShotTagger(embed_policy="none").fit().transform(pd.DataFrame({"text": ["x"]}))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("东坡肉点了一份却算了两份", "food"),  # a dish only named is not a view of the food
        ("结账时收银员态度很差", "service.billing"),  # the cashier's manner, not the bill
    ],
)
def test_words_in_passing_do_not_tag(tagger: ZeroShotTagger, text: str, absent: str) -> None:
    assert absent not in {s.tag for s in tagger.tag_text(text)}
