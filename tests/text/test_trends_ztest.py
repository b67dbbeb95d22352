"""Counts and trends: the two-proportion z-test against SciPy and a hand computation."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from needscope.text.trends import (
    compare_windows,
    tag_shares,
    tag_trend,
    trend_report,
    trend_sentence,
    two_proportion_z,
)


def test_two_proportion_z_by_hand_and_scipy() -> None:
    # 40 of 100 now vs 25 of 100 before: pooled p = 65/200 = 0.325,
    # se = sqrt(0.325 * 0.675 * (1/100 + 1/100)) = 0.066238, z = 0.15 / 0.066238 = 2.26455
    z, p = two_proportion_z(40, 100, 25, 100)
    assert z == pytest.approx(2.26455, abs=1e-4)
    # oracle: chi-square on the 2x2 table without continuity correction (chi2 = z^2, same p)
    chi2, p_chi, _, _ = stats.chi2_contingency([[40, 60], [25, 75]], correction=False)
    assert z**2 == pytest.approx(chi2)
    assert p == pytest.approx(p_chi)
    assert math.isnan(two_proportion_z(0, 0, 1, 10)[0])
    assert math.isnan(two_proportion_z(0, 10, 0, 10)[0])


def _frame() -> pd.DataFrame:
    rows = []
    # Jan–Mar 2025: 100 complaints, 25 about speed; Apr–Jun: 100 complaints, 40 about speed
    for i in range(200):
        month = 1 + (i % 3) if i < 100 else 4 + (i % 3)
        speed = (i < 25) or (100 <= i < 140)
        tags = ["service.serving_speed"] if speed else ["service.staff_attitude"]
        rows.append(
            {
                "id": i,
                "ts": pd.Timestamp(2025, month, 10),
                "tags": tags,
                "source_type": "historic" if i % 2 else "third_party",
                "text": f"记录{i}",
            }
        )
    return pd.DataFrame(rows)


def test_compare_windows_matches_hand_count() -> None:
    table = compare_windows(_frame(), months=3, end="2025-06-30").set_index("tag")
    row = table.loc["service.serving_speed"]
    assert (row["count"], row["records"], row["prev_count"], row["prev_records"]) == (
        40,
        100,
        25,
        100,
    )
    assert row["share"] == 40.0 and row["prev_share"] == 25.0 and row["change"] == 15.0
    assert row["z"] == pytest.approx(2.26455, abs=1e-4) and bool(row["significant"])


def test_sentences_in_both_languages() -> None:
    report = trend_report(_frame(), population=("投诉", "complaints")).set_index("tag")
    row = report.loc["service.serving_speed"]
    assert row["sentence_zh"] == "上菜速度占近3个月投诉的40.0%，高于此前的25.0%（差异显著）"
    assert row["sentence_en"] == (
        "Serving speed is 40.0% of complaints in the last 3 months, up from 25.0% (significant)"
    )
    assert len(row["quotes"]) == 2
    flat = trend_sentence({"tag": "x", "share": 10, "prev_share": 10}, "en")
    assert "level with" in flat and "not significant" in flat


def test_shares_by_group_and_top_level() -> None:
    shares = tag_shares(_frame(), "source_type", level="top")
    assert set(shares["tag"]) == {"service"}
    assert shares["share"].tolist() == [100.0, 100.0]
    fine = tag_shares(_frame()).set_index("tag")
    assert fine.loc["service.serving_speed", "count"] == 65
    assert fine.loc["service.serving_speed", "share"] == 32.5
    with pytest.raises(KeyError, match="channel"):
        tag_shares(_frame(), "channel")


def test_monthly_trend_has_every_period() -> None:
    trend = tag_trend(_frame(), freq="M")
    speed = trend[trend["tag"] == "service.serving_speed"]
    assert speed["period"].tolist() == [f"2025-0{m}" for m in range(1, 7)]
    assert math.isnan(speed["change"].iloc[0]) and speed["records"].sum() == 200
    empty = tag_trend(_frame().assign(ts=pd.NaT))
    assert empty.empty
