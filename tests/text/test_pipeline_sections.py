"""Report sections built from the text engine's frames, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from needscope.model.vocab import Lang
from needscope.report.blocks import Chart, Metrics, Table, Text
from needscope.report.html import render_html
from needscope.report.sections_text import (
    need_candidates_section,
    tag_counts_section,
    tag_trends_section,
    topics_section,
)
from needscope.text.needs import extract_needs
from needscope.text.pipeline import TextPipeline


@pytest.fixture(scope="module")
def enriched() -> pd.DataFrame:
    texts = ["上菜太慢了，等了40分钟", "服务员态度很差", "The food was cold.", "停车难"] * 30
    ts = [pd.Timestamp(2025, 1 + (i % 6), 5) for i in range(len(texts))]
    frame = pd.DataFrame(
        {
            "id": range(len(texts)),
            "text": texts,
            "ts": ts,
            "source_type": ["historic", "third_party"] * 60,
        }
    )
    return TextPipeline().fit_transform(frame)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_in_both_languages(enriched: pd.DataFrame, lang: Lang) -> None:
    tags = tag_counts_section(enriched, lang=lang)
    assert tags.key == "text_tags"
    kinds = [type(b) for b in tags.blocks]
    assert kinds[:3] == [Metrics, Table, Chart]
    first = tags.blocks[1]
    assert isinstance(first, Table)
    label = "上菜速度" if lang == "zh" else "Serving speed"
    assert label in first.frame.iloc[:, 0].tolist()

    trends = tag_trends_section(enriched, lang=lang)
    assert any(isinstance(b, Text) for b in trends.blocks)
    assert any(isinstance(b, Chart) and b.kind == "line" for b in trends.blocks)

    needs = need_candidates_section(extract_needs(enriched, lang=lang, embedder="none"), lang=lang)
    table = next(b for b in needs.blocks if isinstance(b, Table))
    want = "缩短上菜时间" if lang == "zh" else "Faster serving"
    assert want in table.frame.iloc[:, 0].tolist()
    html = render_html("t", "s", [tags, trends, needs], lang)
    assert want in html


def test_empty_inputs_give_placeholder_sections() -> None:
    empty = pd.DataFrame()
    for section in (
        tag_counts_section(empty),
        tag_trends_section(empty, lang="en"),
        need_candidates_section(empty),
        topics_section(empty),
    ):
        assert len(section.blocks) == 1 and isinstance(section.blocks[0], Text)
