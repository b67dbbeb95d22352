"""SERVQUAL gaps (kiosk survey checked by hand), dimensions, weighted SQ, zone, gap table."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from needscope.methods import (
    DEFAULT_DIMENSIONS,
    gap_table,
    pair_columns,
    parse_quantity,
    servqual_dimensions,
    servqual_gaps,
    servqual_score,
    zone_of_tolerance,
)

KIOSK = Path("/work/shared/data/survey/kiosk_servqual_kano_utf8.csv")


@pytest.fixture
def kiosk() -> pd.DataFrame:
    if not KIOSK.exists():
        pytest.skip("kiosk survey not available")
    return pd.read_csv(KIOSK)


def test_kiosk_item_gaps_match_hand_computation(kiosk: pd.DataFrame) -> None:
    pairs = pair_columns(kiosk.columns, first=r"\(기대 설문\)", second=r"\(인지 설문\)")
    assert len(pairs) == 24
    assert pairs["item"].tolist() == [str(i) for i in range(1, 25)]
    out = servqual_gaps(kiosk, pairs["first"], pairs["second"], items=pairs["item"])
    # Hand computation from the raw columns of item 1 (7-point, 기대 = expectation,
    # 인지 = perception), over respondents who answered both.
    e_col = next(c for c in kiosk.columns if c.startswith("1-1.") and "기대" in c)
    p_col = next(c for c in kiosk.columns if c.startswith("1-2.") and "인지" in c)
    both = kiosk[[e_col, p_col]].dropna()
    row = out.iloc[0]
    assert row["item"] == "1" and row["n"] == len(both)
    assert row["perception"] == pytest.approx(both[p_col].mean())
    assert row["expectation"] == pytest.approx(both[e_col].mean())
    assert row["gap"] == pytest.approx(both[p_col].mean() - both[e_col].mean())
    ci = stats.ttest_rel(both[p_col], both[e_col]).confidence_interval(0.95)
    assert (row["gap_ci_low"], row["gap_ci_high"]) == pytest.approx((ci.low, ci.high))
    # every item: mean(P) - mean(E) over the complete pairs
    for item, (e, p) in enumerate(zip(pairs["first"], pairs["second"], strict=True)):
        sub = kiosk[[e, p]].dropna()
        assert out.iloc[item]["gap"] == pytest.approx(sub[p].mean() - sub[e].mean())


def test_kiosk_by_segment_weights_back_to_total(kiosk: pd.DataFrame) -> None:
    pairs = pair_columns(kiosk.columns, first=r"\(기대 설문\)", second=r"\(인지 설문\)")
    sex = kiosk.columns[0]
    whole = servqual_gaps(kiosk, pairs["first"], pairs["second"])
    by = servqual_gaps(kiosk, pairs["first"], pairs["second"], segment=sex)
    first = by[by["item"] == "1"]
    pooled = (first["gap"] * first["n"]).sum() / first["n"].sum()
    assert pooled == pytest.approx(whole.iloc[0]["gap"])


def _servqual22(n: int = 40, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {}
    for i in range(1, 23):
        data[f"E{i}"] = rng.integers(4, 8, n).astype(float)
        data[f"P{i}"] = rng.integers(1, 8, n).astype(float)
    data["seg"] = np.where(np.arange(n) % 2 == 0, "new", "old")
    return pd.DataFrame(data)


def test_default_22_item_map_and_dimension_gap_by_hand() -> None:
    assert DEFAULT_DIMENSIONS.count("reliability") == 5 and len(DEFAULT_DIMENSIONS) == 22
    data = _servqual22()
    e = [f"E{i}" for i in range(1, 23)]
    p = [f"P{i}" for i in range(1, 23)]
    items = servqual_gaps(data, e, p)
    assert items["dimension"].tolist()[:5] == ["tangibles"] * 4 + ["reliability"]
    dims = servqual_dimensions(data, e, p).set_index("dimension")
    # tangibles = items 1-4: each respondent's mean(P1..P4) - mean(E1..E4), then averaged
    tang = data[p[:4]].mean(axis=1) - data[e[:4]].mean(axis=1)
    assert dims.loc["tangibles", "gap"] == pytest.approx(tang.mean())
    assert dims.loc["empathy", "n_items"] == 5
    assert list(dims.index) == [
        "tangibles",
        "reliability",
        "responsiveness",
        "assurance",
        "empathy",
    ]


def test_weighted_sq_by_hand() -> None:
    data = _servqual22(n=10, seed=3)
    e = [f"E{i}" for i in range(1, 23)]
    p = [f"P{i}" for i in range(1, 23)]
    points = {"tangibles": 10, "reliability": 30, "responsiveness": 20, "assurance": 20,
              "empathy": 20}  # fmt: skip
    row = servqual_score(data, e, p, weights=points).iloc[0]
    bounds = {"tangibles": (0, 4), "reliability": (4, 9), "responsiveness": (9, 13),
              "assurance": (13, 17), "empathy": (17, 22)}  # fmt: skip
    gaps = {
        d: data[p[a:b]].mean(axis=1) - data[e[a:b]].mean(axis=1) for d, (a, b) in bounds.items()
    }
    unweighted = sum(gaps.values()) / 5
    weighted = sum(gaps[d] * points[d] / 100 for d in points)
    assert row["sq_unweighted"] == pytest.approx(unweighted.mean())
    assert row["sq_weighted"] == pytest.approx(weighted.mean())
    assert row["weight_reliability"] == pytest.approx(0.3)
    # per-respondent allocations from columns
    alloc = data.assign(**{f"w_{d}": v for d, v in points.items()})
    cols = {d: f"w_{d}" for d in points}
    row2 = servqual_score(alloc, e, p, weight_cols=cols, segment="seg")
    assert row2["n"].sum() == 10 and set(row2["segment"]) == {"new", "old"}


def test_zone_of_tolerance_by_hand() -> None:
    data = pd.DataFrame({"a": [4, 5, 3, 4], "d": [6, 7, 6, 7], "p": [3, 6, 7, 5]})
    row = zone_of_tolerance(data, "a", "d", "p").iloc[0]
    assert row["adequate"] == pytest.approx(4.0) and row["desired"] == pytest.approx(6.5)
    assert row["msa"] == pytest.approx(5.25 - 4.0)
    assert row["mss"] == pytest.approx(5.25 - 6.5)
    assert row["position"] == "within"
    assert (row["share_below"], row["share_within"], row["share_above"]) == pytest.approx(
        (0.25, 0.5, 0.25)
    )
    low = zone_of_tolerance(data.assign(p=[1, 1, 1, 1]), "a", "d", "p").iloc[0]
    assert low["position"] == "below"


def test_servqual_bad_input() -> None:
    data = _servqual22(n=5)
    with pytest.raises(ValueError, match="expectation"):
        servqual_gaps(data, ["E1", "E2"], ["P1"])
    with pytest.raises(KeyError):
        servqual_gaps(data, ["E1"], ["nope"])
    with pytest.raises(ValueError, match="dimension"):
        servqual_dimensions(data, ["E1"], ["P1"])
    with pytest.raises(ValueError, match="non-numeric"):
        servqual_gaps(data.assign(E1="high"), ["E1"], ["P1"])
    with pytest.raises(ValueError, match="negative"):
        servqual_score(data, ["E1"], ["P1"], dimensions=["reliability"],
                       weights={"reliability": -1})  # fmt: skip


def test_parse_quantity() -> None:
    assert parse_quantity("5分钟内") == (5.0, "min")
    assert parse_quantity("90%") == (90.0, "%")
    assert parse_quantity("9分") == (9.0, "pt")
    assert parse_quantity("2 hours") == (2.0, "h")
    assert parse_quantity(12) == (12.0, None)
    with pytest.raises(ValueError):
        parse_quantity("fast")


def test_seed_002_quantified_gap_table() -> None:
    # seed 002 量化服务差距: 响应速度 5分钟内 vs 10分钟 -> -5分钟; 解决问题能力 90% vs 80% -> -10%;
    # 服务态度 9分 vs 8分 -> -1分
    seed = pd.DataFrame(
        {
            "metric": ["响应速度", "解决问题能力", "服务态度"],
            "expected": ["5分钟内", "90%", "9分"],
            "actual": ["10分钟", "80%", "8分"],
            "management": ["15分钟", "85%", "8分"],
            "competitor": ["8分钟", "92%", "8.5分"],
        }
    )
    out = gap_table(seed, management="management", competitor="competitor")
    assert out["gap"].tolist() == pytest.approx([-5, -10, -1])
    assert out["gap_text"].tolist() == ["−5 分钟", "−10 个百分点", "−1 分"]
    assert out["direction"].tolist() == ["lower", "higher", "higher"]
    assert out["meets"].tolist() == [False, False, False]
    # management assumed 15 min while customers expect 5: management's standard is 10 min laxer
    assert out["management_gap"].tolist() == pytest.approx([-10, -5, -1])
    assert out["gap_vs_competitor"].tolist() == pytest.approx([-2, -12, -0.5])
    en = gap_table(seed, lang="en")
    assert en["gap_text"].tolist() == ["−5 min", "−10 pp", "−1 points"]


def test_gap_table_units_and_direction_override() -> None:
    data = pd.DataFrame(
        {"metric": ["等待", "复购率"], "expected": ["1小时", 40], "actual": ["90分钟", 45],
         "unit": [None, "%"], "direction": [None, "越高越好"]}
    )  # fmt: skip
    out = gap_table(data, unit="unit", direction="direction")
    assert out["gap"].tolist() == pytest.approx([-0.5, 5])  # 90 min = 1.5 h
    assert out["gap_text"].tolist() == ["−0.5 小时", "+5 个百分点"]
    assert out["meets"].tolist() == [False, True]
    with pytest.raises(ValueError, match="units"):
        gap_table(pd.DataFrame({"metric": ["x"], "expected": ["5元"], "actual": ["5分钟"]}))
    assert math.isnan(gap_table(pd.DataFrame({"metric": ["x"], "expected": [None],
                                              "actual": [1]}))["gap"].iloc[0])  # fmt: skip
