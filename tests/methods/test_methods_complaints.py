"""Complaints: Pareto vital few by hand, tags from the text engine, counts, trend, CFPB data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from needscope.methods import complaint_counts, complaint_trend, explode_tags, pareto

CFPB = Path("/work/shared/data/complaints/cfpb_complaints_sample.csv")


def _complaints() -> pd.DataFrame:
    causes = ["响应慢"] * 50 + ["态度差"] * 30 + ["上错菜"] * 10 + ["价格"] * 6 + ["卫生"] * 4
    sev = (["high", "low"] * 50)[: len(causes)]
    dates = pd.date_range("2024-01-01", periods=len(causes), freq="D")
    return pd.DataFrame({"cause": causes, "severity": sev, "category": "service", "date": dates})


def test_pareto_vital_few_by_hand() -> None:
    out = pareto(_complaints())
    # 50, 30, 10, 6, 4 of 100: cumulative 0.5, 0.8, 0.9, 0.96, 1.0 -> 80 % reached by 2 causes
    assert out["cause"].tolist() == ["响应慢", "态度差", "上错菜", "价格", "卫生"]
    assert out["cum_share"].tolist() == pytest.approx([0.5, 0.8, 0.9, 0.96, 1.0])
    assert out["vital_few"].tolist() == [True, True, False, False, False]
    assert pareto(_complaints(), cutoff=0.85)["vital_few"].sum() == 3
    counted = pareto(pd.DataFrame({"cause": ["a", "b"], "n": [2, 8]}), count="n")
    assert counted["cause"].tolist() == ["b", "a"] and counted["vital_few"].tolist() == [
        True,
        False,
    ]


def test_tags_from_the_text_engine() -> None:
    data = pd.DataFrame(
        {"text": ["等了很久，服务员也很凶", "太慢了", "ok"],
         "tags": [["响应慢", "态度差"], "响应慢", None]}
    )  # fmt: skip
    exploded = explode_tags(data, "tags")
    assert exploded["cause"].tolist() == ["响应慢", "态度差", "响应慢"]
    assert explode_tags(pd.DataFrame({"tags": ["a;b，c | d"]}), "tags")["cause"].tolist() == list(
        "abcd"
    )
    out = pareto(data, cause=None, tags="tags")
    assert out.set_index("cause")["count"].to_dict() == {"响应慢": 2, "态度差": 1}


def test_counts_by_category_cause_severity() -> None:
    out = complaint_counts(_complaints(), category="category", severity="severity")
    assert out["count"].sum() == 100 and out["share"].sum() == pytest.approx(100)
    top = out.iloc[0]
    assert (top["cause"], top["count"]) == ("响应慢", 25)


def test_trend_by_month() -> None:
    out = complaint_trend(_complaints(), "date", freq="M")
    jan = out[out["period"] == "2024-01"].set_index("cause")["count"]
    assert jan.to_dict() == {"响应慢": 31}
    assert out.groupby("period")["share"].sum().tolist() == pytest.approx([100.0] * 4)
    assert out["count"].sum() == 100
    only = complaint_trend(_complaints(), "date", causes=["卫生"])
    assert set(only["cause"]) == {"卫生"}


def test_bad_input() -> None:
    with pytest.raises(KeyError):
        pareto(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="cutoff"):
        pareto(_complaints(), cutoff=0)
    with pytest.raises(ValueError, match="negative"):
        pareto(pd.DataFrame({"cause": ["a"], "n": [-1]}), count="n")
    with pytest.raises(ValueError, match="dates"):
        complaint_trend(pd.DataFrame({"cause": ["a"], "d": ["never"]}), "d")


def test_cfpb_issues_pareto() -> None:
    if not CFPB.exists():
        pytest.skip("CFPB sample not available")
    data = pd.read_csv(CFPB)
    out = pareto(data, cause="Issue")
    direct = data["Issue"].value_counts()
    assert out["count"].iloc[0] == direct.iloc[0]
    assert out["count"].sum() == direct.sum()
    k = int(out["vital_few"].sum())
    assert direct.iloc[: k - 1].sum() / direct.sum() < 0.8 <= direct.iloc[:k].sum() / direct.sum()
    trend = complaint_trend(data, "Date received", by="Product", freq="Y")
    assert trend["count"].sum() == len(data)
