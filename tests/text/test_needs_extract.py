"""Need extraction: explicit wishes vs needs implied by complaints, deduplicated, weighted."""

from __future__ import annotations

import pandas as pd
import pytest

from needscope.model.vocab import Credibility
from needscope.text.embed import HashEmbedder
from needscope.text.needs import cluster_phrases, explicit_phrases, extract_needs


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("希望能提供停车优惠，总体不错", "zh", ["提供停车优惠"]),
        ("要是有儿童座椅就好了", "zh", ["有儿童座椅"]),
        ("建议增加服务员。", "zh", ["增加服务员"]),
        ("能不能多安排几个服务员", "zh", ["多安排几个服务员"]),
        ("i wish they took reservations.", "en", ["took reservations"]),
        ("it would be nice to have an english menu.", "en", ["to have an english menu"]),
        ("please add more vegetarian options", "en", ["add more vegetarian options"]),
        ("they should open earlier on weekends.", "en", ["open earlier on weekends"]),
    ],
)
def test_explicit_phrases(text: str, lang: str, expected: list[str]) -> None:
    assert explicit_phrases(text, lang) == expected


@pytest.mark.parametrize(
    "text",
    ["建议大家点松鼠鳜鱼", "这家最好吃的是汤包", "you should try the duck.", "上菜很快，很满意"],
)
def test_not_a_wish(text: str) -> None:
    assert explicit_phrases(text, "en" if text.isascii() else "zh") == []


def _records() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5, 6],
            "text": [
                "等了40分钟菜才上齐，上菜太慢",  # complaint → implicit faster serving
                "上菜慢得离谱，催了好几次",
                "希望能提供停车优惠",  # explicit, parking
                "希望可以提供停车优惠！",  # same wish, other wording
                "18:24，上菜顺序混乱，主食先于热菜上桌",  # observation
                "上菜很快，服务员很热情",  # praise: no need
            ],
            "source_type": [
                "historic",
                "third_party",
                "survey",
                "survey",
                "observation",
                "third_party",
            ],
            "credibility": ["high", "low", "medium", "medium", "high", "low"],
        }
    )


def test_explicit_and_implicit_candidates() -> None:
    cands = extract_needs(_records(), embedder="none")
    speed = cands[(cands["tag"] == "service.serving_speed") & (cands["kind"] == "implicit")]
    assert len(speed) == 1
    row = speed.iloc[0]
    assert row["need"] == "缩短上菜时间" and row["need_en"] == "Faster serving"
    assert sorted(row["evidence_ids"]) == [1, 2, 5]  # praise (id 6) is not a need
    # credibility-weighted support: high + low + high
    w = Credibility.HIGH.weight * 2 + Credibility.LOW.weight
    assert row["support"] == pytest.approx(w)
    assert row["records"] == 3 and len(row["quotes"]) == 3
    assert row["quotes"][0] in {
        "等了40分钟菜才上齐，上菜太慢",
        "18:24，上菜顺序混乱，主食先于热菜上桌",
    }
    wish = cands[(cands["kind"] == "explicit") & (cands["tag"] == "service.parking")]
    assert len(wish) == 1, cands[["need", "kind", "tag"]]  # two wordings, one candidate
    assert sorted(wish.iloc[0]["evidence_ids"]) == [3, 4]
    assert wish.iloc[0]["nature"] == "functional" and wish.iloc[0]["status"] == "candidate"
    assert set(cands["kind"]) == {"explicit", "implicit"}


def test_emotional_and_implicit_category() -> None:
    frame = pd.DataFrame(
        {
            "id": [1, 2],
            "text": ["服务员态度恶劣，翻白眼", "12:37，带小孩的家庭在等位时无处可坐，孩子哭闹"],
            "source_type": ["historic", "observation"],
            "credibility": ["high", "high"],
        }
    )
    cands = extract_needs(frame, embedder="none").set_index("tag")
    assert cands.loc["service.staff_attitude", "nature"] == "emotional"
    assert cands.loc["service.kids", "category"] == "implicit"  # only observed, never said


def test_english_needs_in_english() -> None:
    frame = pd.DataFrame(
        {"id": [1], "text": ["The food took forever."], "source_type": ["third_party"]}
    )
    cands = extract_needs(frame, lang="en", embedder="none").set_index("tag")
    assert cands.loc["service.serving_speed", "need"] == "Faster serving"


def test_cluster_phrases_dedupes() -> None:
    phrases = ["提供停车优惠", "提供停车的优惠", "增加儿童座椅", "提供停车优惠"]
    labels = cluster_phrases(phrases, None, threshold=0.6)
    assert labels[0] == labels[1] == labels[3] != labels[2]
    hashed = cluster_phrases(phrases, HashEmbedder(), threshold=0.8)
    assert hashed[0] == hashed[3] != hashed[2]


def test_empty_input() -> None:
    cands = extract_needs(pd.DataFrame({"id": [], "text": []}), embedder="none")
    assert cands.empty and "need" in cands.columns
