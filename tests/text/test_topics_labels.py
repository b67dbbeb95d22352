"""Topic discovery on records no tag covers: clusters with readable labels and quotes."""

from __future__ import annotations

import pandas as pd
import pytest

from needscope.text.embed import HashEmbedder, UseEmbedder
from needscope.text.normalise import normalise
from needscope.text.packs import parse_pack
from needscope.text.topics import TopicModel, ctfidf, discover_topics, topic_to_tag, uncovered
from needscope.text.zeroshot import ZeroShotTagger


def _frame() -> pd.DataFrame:
    wifi = [
        f"店里的wifi连不上，网络信号{w}" for w in ("很差", "太弱", "时有时无", "一直断", "不行")
    ]
    power = [f"手机没电了，充电宝{w}" for w in ("借不到", "全被借光", "没有电", "坏了", "不能用")]
    texts = wifi * 3 + power * 3 + ["上菜太慢了"] * 5
    frame = normalise(pd.DataFrame({"id": range(len(texts)), "text": texts}))
    return ZeroShotTagger(embed_policy="none").fit().transform(frame)


def test_ctfidf_prefers_distinctive_words() -> None:
    words = ctfidf([["网络", "信号", "店里"], ["音乐", "歌单", "店里"]], top_n=2)
    assert "店里" not in words[0] and set(words[0]) == {"网络", "信号"}
    assert set(words[1]) == {"音乐", "歌单"}


def test_uncovered_records_only() -> None:
    frame = _frame()
    mask = uncovered(frame)
    assert mask.sum() == 30 and not mask.iloc[-1]


@pytest.mark.parametrize("embedder", ["none", HashEmbedder()])
def test_topics_have_labels(embedder: object) -> None:
    topics = discover_topics(_frame(), k=2, embedder=embedder, min_records=5)
    assert len(topics) == 2 and topics["records"].sum() == 30
    labels = " ".join(topics["label"])
    assert "wifi" in labels or "网络" in labels or "信号" in labels
    assert "充电宝" in labels or "手机" in labels
    assert all(len(q) == 3 for q in topics["quotes"])


def test_k_chosen_by_silhouette_with_use(use_embedder: UseEmbedder) -> None:
    model = TopicModel(embedder=use_embedder, k_range=(2, 3), min_records=5).fit(_frame())
    assert 2 <= len(model.topics_) <= 3
    out = model.transform(_frame())
    assert (out["topic"] >= 0).sum() == 30 and (out["topic"] == -1).sum() == 5


def test_too_few_records_gives_no_topics() -> None:
    topics = discover_topics(_frame().head(3), embedder="none")
    assert topics.empty and "label" in topics.columns


def test_topic_becomes_a_valid_tag() -> None:
    topics = discover_topics(_frame(), k=2, embedder="none", min_records=5)
    row = topics.iloc[0]
    tag = topic_to_tag(row, "ambience.wifi", "无线网络", "Wi-Fi", stage="dine", layer="support")
    raw = {
        "id": "t",
        "name": {"zh": "测", "en": "T"},
        "stages": [{"id": "dine", "zh": "用餐", "en": "Dine"}],
        "tags": [{**tag, "id": "ambience"}, tag],
    }
    pack = parse_pack(raw)
    assert pack.tag("ambience.wifi").keywords["zh"]
