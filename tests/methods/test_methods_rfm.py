"""RFM: quintile scores with ties, the segment grid, estimator contract, UCI online retail."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from needscope.methods import RFM, SEGMENT_GRID, RfmSegment, rfm, rfm_profile

RETAIL = Path("/work/shared/data/transactions/online_retail_uci.parquet")


def _transactions() -> pd.DataFrame:
    # 10 customers c0..c9; customer ci buys i+1 times, the last time (10 - i) days before
    # 2024-01-31, each purchase worth 10 * (i + 1).
    rows = []
    for i in range(10):
        last = pd.Timestamp("2024-01-31") - pd.Timedelta(days=10 - i)
        for k in range(i + 1):
            rows.append((f"c{i}", last - pd.Timedelta(days=30 * k), 10.0 * (i + 1), f"o{i}-{k}"))
    return pd.DataFrame(rows, columns=["customer", "date", "amount", "order"])


def test_scores_by_hand() -> None:
    out = rfm(_transactions(), order="order").set_index("customer")
    # reference date = last purchase (2024-01-30) + 1 day = 2024-01-31
    assert out.loc["c0", "recency_days"] == 10 and out.loc["c9", "recency_days"] == 1
    assert out.loc["c3", "frequency"] == 4 and out.loc["c3", "monetary"] == pytest.approx(160)
    # 10 distinct values: percentiles (k + 0.5)/10 -> fifths 1,1,2,2,3,3,4,4,5,5
    expected = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert out["f_score"].tolist() == expected
    assert out["m_score"].tolist() == expected
    assert out["r_score"].tolist() == expected  # most recent (c9) scores 5
    assert out.loc["c9", "rfm_code"] == "555" and out.loc["c9", "segment"] == "champions"
    assert out.loc["c0", "segment"] == "lost"


def test_ties_share_a_score() -> None:
    data = pd.DataFrame(
        {"customer": list("abcdef"), "date": ["2024-01-01"] * 6, "amount": [5, 5, 5, 5, 9, 20]}
    )
    out = rfm(data).set_index("customer")
    # four equal amounts: percentile (0 + 4/2)/6 = 1/3 -> score 2 for all four
    assert out.loc[list("abcd"), "m_score"].tolist() == [2, 2, 2, 2]
    assert out.loc["e", "m_score"] == 4 and out.loc["f", "m_score"] == 5
    # everyone bought on the same day: one recency value, all the same score
    assert out["r_score"].nunique() == 1


def test_segment_grid_rules() -> None:
    g = {(r, x): SEGMENT_GRID[r - 1][x - 1] for r in range(1, 6) for x in range(1, 6)}
    s = RfmSegment
    assert g[5, 5] == g[5, 4] == s.CHAMPIONS
    assert g[5, 1] == s.NEW and g[4, 1] == s.PROMISING
    assert g[3, 3] == s.NEED_ATTENTION and g[3, 1] == g[3, 2] == s.ABOUT_TO_SLEEP
    assert all(g[r, x] == s.LOYAL for r in (3, 4) for x in (4, 5))
    assert all(g[r, x] == s.POTENTIAL_LOYALIST for r in (4, 5) for x in (2, 3))
    assert all(g[r, x] == s.AT_RISK for r in (1, 2) for x in (3, 4))
    assert g[1, 5] == g[2, 5] == s.CANT_LOSE
    assert all(g[r, x] == s.LOST for r in (1, 2) for x in (1, 2))
    assert {v for v in g.values()} == set(RfmSegment)


def test_fm_axis_versus_f_axis() -> None:
    data = _transactions()
    fm = rfm(data, order="order").set_index("customer")
    f = rfm(data, order="order", segment_axis="f").set_index("customer")
    assert (fm["fm_score"] == np.floor((fm["f_score"] + fm["m_score"]) / 2 + 0.5)).all()
    assert (f["segment"] == f.apply(
        lambda r: SEGMENT_GRID[r.r_score - 1][r.f_score - 1].value, axis=1)).all()  # fmt: skip


def test_estimator_contract() -> None:
    data = _transactions()
    est = RFM(order="order", lang="en")
    assert not hasattr(est, "table_")
    assert est.fit(data) is est
    pd.testing.assert_frame_equal(est.transform(data), est.table_)
    assert est.reference_date_ == pd.Timestamp("2024-01-31")
    # new customer scored against the fitted distribution
    new = pd.DataFrame({"customer": ["z"], "date": ["2024-01-30"], "amount": [1000.0],
                        "order": ["x"]})  # fmt: skip
    row = est.transform(new).iloc[0]
    assert (row["r_score"], row["m_score"], row["f_score"]) == (5, 5, 1)
    assert row["segment_label"] == "Potential Loyalist"  # R5, FM round(3) = 3
    with pytest.raises(RuntimeError):
        RFM().transform(data)


def test_quantity_times_price_and_profile() -> None:
    data = _transactions().assign(q=2, p=lambda d: d["amount"] / 2)
    a = rfm(data, amount=None, quantity="q", price="p", order="order")
    b = rfm(data, order="order")
    pd.testing.assert_frame_equal(a, b)
    prof = rfm_profile(b, lang="en")
    assert prof["segment"].tolist() == [s.value for s in RfmSegment]
    assert prof["customers"].sum() == 10
    assert prof["share_monetary"].sum() == pytest.approx(100)
    champ = prof.set_index("segment").loc["champions"]
    assert champ["segment_label"] == "Champions"


def test_rfm_bad_input() -> None:
    data = _transactions()
    with pytest.raises(KeyError):
        rfm(data, customer="client")
    with pytest.raises(ValueError, match="amount"):
        rfm(data, amount=None)
    with pytest.raises(ValueError, match="non-numeric"):
        rfm(data.assign(amount="lots"))
    with pytest.raises(ValueError, match="valid date"):
        rfm(data.assign(date="not a date"))
    with pytest.raises(ValueError, match="segment_axis"):
        rfm(data, segment_axis="m")  # type: ignore[arg-type]


@pytest.fixture
def retail() -> pd.DataFrame:
    if not RETAIL.exists():
        pytest.skip("online retail data not available")
    return pd.read_parquet(RETAIL)


def test_online_retail_against_direct_pandas(retail: pd.DataFrame) -> None:
    out = rfm(retail, customer="CustomerID", date="InvoiceDate", amount=None,
              quantity="Quantity", price="UnitPrice", order="InvoiceNo")  # fmt: skip
    assert len(out) == retail["CustomerID"].nunique() == 4372
    ref = retail["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
    cid = 12347.0
    rows = retail[retail["CustomerID"] == cid]
    got = out.set_index("CustomerID").loc[cid]
    assert got["recency_days"] == (ref - rows["InvoiceDate"].max()).days
    assert got["frequency"] == rows["InvoiceNo"].nunique()
    assert got["monetary"] == pytest.approx((rows["Quantity"] * rows["UnitPrice"]).sum())
    # recency and monetary have few ties: each quintile holds about a fifth of customers
    counts = out["m_score"].value_counts(normalize=True)
    assert counts.between(0.19, 0.21).all()
