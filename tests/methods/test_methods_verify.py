"""Need verification: the seed's 24-hour example (night contacts 5 %), verdict bars, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from needscope.methods import Verdict, verify_hours, verify_share


def _contacts(night: int, day: int) -> pd.DataFrame:
    # night contacts at 23:00 and 03:00, day contacts spread over 09:00-20:00
    rng = np.random.default_rng(0)
    hours = np.r_[np.tile([23, 3], night // 2), rng.integers(9, 21, day)]
    stamps = pd.Timestamp("2024-03-01") + pd.to_timedelta(hours, unit="h")
    return pd.DataFrame({"ts": stamps})


def test_seed_24_hour_claim_contradicted_by_5_percent_night_share() -> None:
    # seed 000 四.1: "需要增加24小时客服", but 夜间咨询量仅占5%
    result = verify_hours(_contacts(100, 1900), "ts")
    assert result.share == pytest.approx(0.05)
    assert (result.n_match, result.n_total) == (100, 2000)
    wilson = stats.binomtest(100, 2000).proportion_ci(0.95, method="wilson")
    assert (result.ci_low, result.ci_high) == pytest.approx((wilson.low, wilson.high))
    assert result.verdict == Verdict.CONTRADICTED.value
    assert "5.0%" in result.evidence and "需要24小时服务" in result.evidence
    hours = result.breakdown.set_index("hour")
    assert hours.loc[23, "count"] == 50 and hours.loc[3, "count"] == 50
    assert hours.loc[22, "in_window"] and not hours.loc[6, "in_window"]
    row = result.to_frame().iloc[0]
    assert row["verdict"] == "contradicted"


def test_supported_and_weak() -> None:
    assert verify_hours(_contacts(800, 1200), "ts").verdict == "supported"  # 40 %
    assert verify_hours(_contacts(300, 1700), "ts").verdict == "weak"  # 15 %
    small = verify_hours(_contacts(2, 18), "ts")  # 10 % of 20: interval too wide
    assert small.verdict == "weak"


def test_counts_per_hour_and_daytime_window_in_english() -> None:
    agg = pd.DataFrame({"hour": range(24), "contacts": [1] * 8 + [10] * 16})
    result = verify_hours(agg, "hour", claim="weekday lunch rush", start_hour=11, end_hour=14,
                          count="contacts", lang="en")  # fmt: skip
    assert result.n_match == 30 and result.n_total == 168
    assert result.evidence.startswith("Contacts between 11:00–14:00")


def test_verify_share_with_any_mask() -> None:
    orders = pd.DataFrame({"channel": ["app"] * 30 + ["phone"] * 70})
    res = verify_share(orders, orders["channel"] == "app", "顾客更喜欢用 App 下单")
    assert res.share == pytest.approx(0.3) and res.verdict == "supported"


def test_bad_input() -> None:
    data = _contacts(10, 90)
    with pytest.raises(KeyError):
        verify_hours(data, "time")
    with pytest.raises(ValueError, match="window"):
        verify_hours(data, "ts", start_hour=5, end_hour=5)
    with pytest.raises(ValueError, match="valid times"):
        verify_hours(pd.DataFrame({"ts": ["soon", "later"]}), "ts")
    with pytest.raises(ValueError, match="mask"):
        verify_share(data, [True], "x")
    with pytest.raises(ValueError, match="contradicted_below"):
        verify_share(data, np.ones(len(data), bool), "x", supported_at=0.1, contradicted_below=0.3)
    with pytest.raises(ValueError, match="no records"):
        verify_share(data.iloc[:0], [], "x")
