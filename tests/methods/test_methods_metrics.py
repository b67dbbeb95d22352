"""NPS, CSAT, CES: published oracles, intervals checked against scipy, groups, tests, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from needscope.methods import ces, compare, csat, nps

Z95 = stats.norm.ppf(0.975)


def _csat_frame() -> pd.DataFrame:
    # brief's oracle: {5: 40, 4: 30, 3: 15, 2: 10, 1: 5} -> top-2-box 70 %
    counts = {5: 40, 4: 30, 3: 15, 2: 10, 1: 5}
    return pd.DataFrame({"s": np.repeat(list(counts), list(counts.values()))})


def test_nps_oracle() -> None:
    # brief / DESIGN.md: NPS of [10,9,9,8,7,7,6,5,10,3] = 10 (4 promoters, 3 detractors, n=10)
    row = nps(pd.DataFrame({"s": [10, 9, 9, 8, 7, 7, 6, 5, 10, 3]}), "s").iloc[0]
    assert row["nps"] == pytest.approx(10.0)
    assert (row["n"], row["promoters"], row["passives"], row["detractors"]) == (10, 4, 3, 3)
    # Wald interval = variance of the +1/0/-1 scores (population form) / n
    per = np.array([1, 1, 1, 0, 0, 0, -1, -1, 1, -1])
    se = 100 * math.sqrt(np.var(per) / 10)
    assert row["se"] == pytest.approx(se)
    assert row["ci_low"] == pytest.approx(10 - Z95 * se)
    assert row["ci_high"] == pytest.approx(10 + Z95 * se)


def test_nps_ignores_blanks_and_passives_count_in_denominator() -> None:
    row = nps(pd.DataFrame({"s": [10, 8, 8, 8, None]}), "s").iloc[0]
    assert row["n"] == 4 and row["nps"] == pytest.approx(25.0)


def test_csat_oracle_and_intervals() -> None:
    row = csat(_csat_frame(), "s").iloc[0]
    assert row["csat"] == pytest.approx(70.0)
    assert row["csat_n"] == 70
    assert row["mean"] == pytest.approx(3.9)  # (200+120+45+20+5)/100
    wilson = stats.binomtest(70, 100).proportion_ci(0.95, method="wilson")
    assert row["csat_ci_low"] == pytest.approx(100 * wilson.low)
    assert row["csat_ci_high"] == pytest.approx(100 * wilson.high)
    t_ci = stats.ttest_1samp(_csat_frame()["s"], 0).confidence_interval(0.95)
    assert row["mean_ci_low"] == pytest.approx(t_ci.low)
    assert row["mean_ci_high"] == pytest.approx(t_ci.high)


def test_csat_any_scale() -> None:
    data = pd.DataFrame({"s": [10, 9, 8, 1, 0]})
    row = csat(data, "s", scale=(0, 10), top_box=2).iloc[0]
    assert row["csat"] == pytest.approx(40.0)
    row3 = csat(data, "s", scale=(0, 10), top_box=3).iloc[0]
    assert row3["csat"] == pytest.approx(60.0)


def test_ces_variants() -> None:
    seven = pd.DataFrame({"s": [7, 6, 5, 4, 1]})
    assert ces(seven, "s", scale=7).iloc[0]["low_effort"] == pytest.approx(60.0)
    five = pd.DataFrame({"s": [1, 2, 3, 4, 5]})
    row = ces(five, "s", scale=5).iloc[0]
    assert row["low_effort"] == pytest.approx(40.0) and row["mean"] == pytest.approx(3.0)
    with pytest.raises(ValueError, match="outside"):
        ces(seven, "s", scale=5)


def test_by_segment_and_period() -> None:
    data = pd.DataFrame(
        {
            "s": [10, 0, 9, 9, 7, 3],
            "seg": ["a", "a", "b", "b", "b", None],
            "when": pd.to_datetime(
                ["2024-01-03", "2024-01-20", "2024-01-05", "2024-02-01", "2024-02-10", "2024-02-11"]
            ),
        }
    )
    by_seg = nps(data, "s", segment="seg")
    assert by_seg["seg"].tolist() == ["a", "b"]
    assert by_seg["nps"].tolist() == pytest.approx([0.0, 200 / 3])
    by_both = nps(data, "s", segment="seg", period="when", period_freq="M")
    assert by_both[["seg", "when"]].values.tolist() == [
        ["a", "2024-01"], ["b", "2024-01"], ["b", "2024-02"],
    ]  # fmt: skip
    assert by_both["n"].tolist() == [2, 1, 2]
    by_period = csat(data.assign(s=data["s"] // 2 + 0), "s", scale=(0, 5), period="when",
                     period_freq="M")  # fmt: skip
    assert by_period["n"].sum() == 6


def test_compare_nps_by_hand() -> None:
    data = pd.DataFrame({"s": [10, 10, 9, 6, 10, 5, 4, 3, 8], "g": list("aaaabbbbb")})
    out = compare(data, "s", "g", metric="nps").iloc[0]
    # a: P=3, D=1, n=4 -> 50; b: P=1, D=3, n=5 -> -40
    assert (out["value_a"], out["value_b"], out["difference"]) == pytest.approx((50, -40, 90))
    se_a = 100 * math.sqrt((1.0 - 0.5**2) / 4)
    se_b = 100 * math.sqrt((0.8 - 0.4**2) / 5)
    se = math.hypot(se_a, se_b)
    assert out["statistic"] == pytest.approx(90 / se)
    assert out["p_value"] == pytest.approx(2 * stats.norm.sf(90 / se))


def test_compare_csat_and_mean() -> None:
    rng = np.random.default_rng(1)
    data = pd.DataFrame(
        {"s": np.r_[rng.integers(1, 6, 80), rng.integers(2, 6, 60)], "g": ["x"] * 80 + ["y"] * 60}
    )
    prop = compare(data, "s", "g", "x", "y", metric="csat").iloc[0]
    xa = (data.loc[data.g == "x", "s"] >= 4).mean()
    xb = (data.loc[data.g == "y", "s"] >= 4).mean()
    pool = (data["s"] >= 4).mean()
    z = (xa - xb) / math.sqrt(pool * (1 - pool) * (1 / 80 + 1 / 60))
    assert prop["difference"] == pytest.approx(100 * (xa - xb))
    assert prop["statistic"] == pytest.approx(z)
    mean = compare(data, "s", "g", metric="mean").iloc[0]
    welch = stats.ttest_ind(data.s[data.g == "x"], data.s[data.g == "y"], equal_var=False)
    assert mean["statistic"] == pytest.approx(welch.statistic)
    assert mean["p_value"] == pytest.approx(welch.pvalue)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="outside"):
        nps(pd.DataFrame({"s": [11]}), "s")
    with pytest.raises(ValueError, match="whole"):
        nps(pd.DataFrame({"s": [8.5]}), "s")
    with pytest.raises(ValueError, match="non-numeric"):
        nps(pd.DataFrame({"s": ["ten"]}), "s")
    with pytest.raises(KeyError):
        csat(pd.DataFrame({"s": [1]}), "score")
    with pytest.raises(ValueError, match="groups"):
        compare(pd.DataFrame({"s": [1, 2, 3], "g": list("abc")}), "s", "g")
    with pytest.raises(ValueError, match="no rows"):
        compare(pd.DataFrame({"s": [1, 2], "g": list("ab")}), "s", "g", "a", "z")
    empty = nps(pd.DataFrame({"s": [None, None]}), "s").iloc[0]
    assert empty["n"] == 0 and math.isnan(empty["nps"])
