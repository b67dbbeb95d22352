"""Tag shares by segment: recent vs earlier window, z-test, Benjamini–Hochberg flag, quotes."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from needscope.model.vocab import Lang
from needscope.report.blocks import Chart, Table, Text
from needscope.report.html import render_html
from needscope.report.sections_text import tag_trends_section
from needscope.report.xlsx import write_workbook
from needscope.text.packs import load_pack
from needscope.text.trends import bh_adjust, segment_trends

END = pd.Timestamp(2025, 12, 31)
RECENT = pd.Timestamp(2025, 11, 15)  # inside the last 3 months before END
EARLIER = pd.Timestamp(2025, 8, 15)  # inside the 3 months before those


def _rows(segment: str, when: pd.Timestamp, n: int, with_tag: int, tag: str) -> list[dict]:
    return [
        {
            "seg": segment,
            "ts": when,
            "tags": [tag] if i < with_tag else ["food.taste"],
            "text": f"{segment}-{tag if i < with_tag else 'taste'}-{when:%m}-{i}",
        }
        for i in range(n)
    ]


def _frame() -> pd.DataFrame:
    rows = (
        _rows("A", RECENT, 40, 20, "service.wait_time")
        + _rows("A", EARLIER, 50, 10, "service.wait_time")
        + _rows("B", RECENT, 30, 3, "service.wait_time")
        + _rows("B", EARLIER, 30, 3, "service.wait_time")
        + [{"seg": None, "ts": RECENT, "tags": ["price"], "text": "no segment"}]
        + [{"seg": "A", "ts": END, "tags": ["food.taste"], "text": "last one"}]
    )
    return pd.DataFrame(rows)


def test_segment_trends_match_statsmodels() -> None:
    table = segment_trends(_frame(), "seg", months=3, end=END)
    assert set(table["segment"]) == {"A", "B"}  # records without a segment are left out
    assert "price" not in set(table["tag"])
    a = table[(table["segment"] == "A") & (table["tag"] == "service.wait_time")].iloc[0]
    assert (a["records"], a["count"], a["prev_records"], a["prev_count"]) == (41, 20, 50, 10)
    assert a["share"] == round(100 * 20 / 41, 2) and a["prev_share"] == 20.0
    for row in table.itertuples():
        z, p = proportions_ztest(
            [row.count, row.prev_count], [row.records, row.prev_records], prop_var=False
        )
        assert row.z == pytest.approx(z, rel=1e-9)
        assert row.p == pytest.approx(p, rel=1e-9)
    _, q, _, _ = multipletests(table["p"].to_numpy(), method="fdr_bh")
    assert table["q"].to_numpy() == pytest.approx(q, rel=1e-9)
    assert table["significant"].tolist() == (q < 0.05).tolist()
    assert bool(a["significant"])
    b = table[(table["segment"] == "B") & (table["tag"] == "service.wait_time")].iloc[0]
    assert b["change"] == 0.0 and not b["significant"]
    assert a["quotes"] == ["A-service.wait_time-11-0"]  # a recent record of the segment


def test_segment_trends_limits_tags_and_handles_gaps() -> None:
    only = segment_trends(_frame(), "seg", end=END, tags=["service.wait_time"])
    assert set(only["tag"]) == {"service.wait_time"} and len(only) == 2
    assert segment_trends(_frame().assign(seg=None), "seg").empty
    with pytest.raises(KeyError):
        segment_trends(_frame(), "nope")


def test_bh_adjust_keeps_nan() -> None:
    got = bh_adjust([0.01, math.nan, 0.04, 0.03])
    _, want, _, _ = multipletests([0.01, 0.04, 0.03], method="fdr_bh")
    assert math.isnan(got[1])
    assert [got[0], got[2], got[3]] == pytest.approx(list(want))


def _enriched() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Complaints whose wait-time share rose among gold members only."""
    rows = []
    for tier, recent_wait, prev_wait in (("金卡", 24, 6), ("普通", 6, 6)):
        for when, with_wait in ((RECENT, recent_wait), (EARLIER, prev_wait)):
            for i in range(40):
                wait = i < with_wait
                rows.append(
                    {
                        "id": len(rows),
                        "ts": when,
                        "customer_key": f"{tier}-{i}",
                        "channel": "新街口店" if i % 2 else "夫子庙店",
                        "source_type": "historic",
                        "tags": ["service.wait_time"] if wait else ["food.taste"],
                        "text": f"排队等了{30 + i}分钟<b>" if wait else f"菜太咸了{i}",
                    }
                )
    frame = pd.DataFrame(rows)
    frame["text_masked"] = frame["text"]
    frame["text_norm"] = frame["text"]
    customers = pd.DataFrame(
        {
            "key": [f"{t}-{i}" for t in ("金卡", "普通") for i in range(40)],
            "tier": [t for t in ("金卡", "普通") for _ in range(40)],
            "age_band": ["25-34" if i % 2 else "35-44" for _ in range(2) for i in range(40)],
        }
    )
    return frame, customers


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_trends_section_shows_segments(lang: Lang, tmp_path: Path) -> None:
    frame, customers = _enriched()
    others = frame.assign(source_type="third_party", id=frame["id"] + 1000)
    section = tag_trends_section(
        frame,
        lang=lang,
        population=("投诉", "complaints"),
        customers=customers,
        all_records=pd.concat([frame, others]),
    )
    sheet = "细分趋势" if lang == "zh" else "Segment trends"
    seg = next(b for b in section.blocks if isinstance(b, Table) and b.sheet == sheet)
    tier_h, seg_h = ("细分维度", "细分") if lang == "zh" else ("Breakdown", "Segment")
    tier = "会员等级" if lang == "zh" else "Member tier"
    gold = seg.frame[(seg.frame[tier_h] == tier) & (seg.frame[seg_h] == "金卡")]
    wait = load_pack().tag("service.wait_time").label(lang)
    row = gold[gold.iloc[:, 2] == wait].iloc[0]
    assert row.iloc[5] == 60.0 and row.iloc[6] == 15.0 and row.iloc[7] == 45.0
    assert row.iloc[10] == ("是" if lang == "zh" else "yes")
    # the most significant change is said in words, with a quote
    said = [b.text for b in section.blocks if isinstance(b, Text)]
    assert any("金卡" in s and wait in s and "排队等了" in s for s in said), said
    # source types compared over every record; a chart of the shares by tier
    dims = set(seg.frame[tier_h])
    assert dims >= {tier, "来源类型" if lang == "zh" else "Source type"}
    chart = next(b for b in section.blocks if isinstance(b, Chart) and b.kind == "bar")
    assert list(chart.data.iloc[:, 0]) == ["普通", "金卡"] and wait in chart.y
    html = render_html("t", "s", [section], lang)
    assert "排队等了30分钟&lt;b&gt;" in html and "排队等了30分钟<b>" not in html
    path = write_workbook(tmp_path / "r.xlsx", [section], lang)
    book = openpyxl.load_workbook(path)
    assert sheet in book.sheetnames
    values = list(book[sheet].iter_rows(values_only=True))
    assert len(values) == len(seg.frame) + 1  # every row, not only those the HTML shows
    detail = "标签月度明细" if lang == "zh" else "Tag month detail"
    months = list(book[detail].iter_rows(values_only=True))
    assert any(r[1] == wait and r[3] == 30 for r in months[1:])  # mentions per month
