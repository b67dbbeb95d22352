"""RFM: recency, frequency, monetary quintile scores and the ten standard customer segments."""

from __future__ import annotations

from typing import Any, Literal, Self

import numpy as np
import pandas as pd

from needscope.methods._common import FloatArray, IntArray, numeric, require_columns, to_datetime
from needscope.model.vocab import Lang, RfmSegment

_S = RfmSegment
SEGMENT_GRID: tuple[tuple[RfmSegment, ...], ...] = (
    # second axis score:  1                  2                    3                    4            5
    (_S.LOST, _S.LOST, _S.AT_RISK, _S.AT_RISK, _S.CANT_LOSE),  # R = 1
    (_S.LOST, _S.LOST, _S.AT_RISK, _S.AT_RISK, _S.CANT_LOSE),  # R = 2
    (_S.ABOUT_TO_SLEEP, _S.ABOUT_TO_SLEEP, _S.NEED_ATTENTION, _S.LOYAL, _S.LOYAL),  # R = 3
    (_S.PROMISING, _S.POTENTIAL_LOYALIST, _S.POTENTIAL_LOYALIST, _S.LOYAL, _S.LOYAL),  # R = 4
    (_S.NEW, _S.POTENTIAL_LOYALIST, _S.POTENTIAL_LOYALIST, _S.CHAMPIONS, _S.CHAMPIONS),  # R = 5
)
"""Segment by recency score (row) and frequency-monetary score (column), both 1–5. This is the
widely used R × F map (Champions 5/4–5, Loyal 3–4/4–5, Potential Loyalist 4–5/2–3, New 5/1,
Promising 4/1, Need Attention 3/3, About to Sleep 3/1–2, At Risk 1–2/3–4, Can't Lose 1–2/5,
Lost 1–2/1–2), read with FM = round-half-up((F + M) / 2) unless ``segment_axis="f"``."""

TIES = (
    "Scores are fifths of the average-rank percentile: p = (#below + #equal / 2) / n, "
    "score = min(5, floor(5p) + 1). Equal values always get the same score, so a large tie "
    "(e.g. one-order customers) stays in one quintile and quintiles can be uneven. Recency is "
    "reversed: fewer days since the last purchase score higher."
)
"""How ties are handled."""


def _score(values: FloatArray, sorted_ref: FloatArray) -> IntArray:
    """Quintile score 1–5 of ``values`` against the fitted distribution ``sorted_ref``."""
    left = np.searchsorted(sorted_ref, values, side="left")
    right = np.searchsorted(sorted_ref, values, side="right")
    p = (left + right) / (2.0 * len(sorted_ref))
    return np.asarray(np.minimum(np.floor(5.0 * p) + 1, 5), dtype=np.int64)


class RFM:
    """RFM scorer: ``fit`` learns the reference date and the R/F/M distributions of customers."""

    def __init__(
        self,
        customer: str = "customer",
        date: str = "date",
        amount: str | None = "amount",
        quantity: str | None = None,
        price: str | None = None,
        order: str | None = None,
        reference_date: str | pd.Timestamp | None = None,
        segment_axis: Literal["fm", "f"] = "fm",
        lang: Lang = "zh",
    ) -> None:
        self.customer = customer
        self.date = date
        self.amount = amount
        self.quantity = quantity
        self.price = price
        self.order = order
        self.reference_date = reference_date
        self.segment_axis = segment_axis
        self.lang = lang

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor parameters (scikit-learn contract)."""
        keys = ("customer", "date", "amount", "quantity", "price", "order", "reference_date",
                "segment_axis", "lang")  # fmt: skip
        return {k: getattr(self, k) for k in keys}

    def set_params(self, **params: Any) -> Self:
        """Set constructor parameters (scikit-learn contract)."""
        for key, value in params.items():
            if key not in self.get_params():
                raise ValueError(f"unknown parameter {key!r}")
            setattr(self, key, value)
        return self

    def _customers(self, data: pd.DataFrame) -> pd.DataFrame:
        """Per-customer last purchase, frequency and monetary value."""
        if self.segment_axis not in ("fm", "f"):
            raise ValueError(f"segment_axis must be 'fm' or 'f', got {self.segment_axis!r}")
        use_amount = self.quantity is None or self.price is None
        if use_amount and self.amount is None:
            raise ValueError("give amount= or both quantity= and price=")
        cols = [self.customer, self.date, self.order]
        cols += [self.amount] if use_amount else [self.quantity, self.price]
        require_columns(data, cols)
        when = to_datetime(data[self.date])
        if use_amount:
            money = numeric(data[self.amount], self.amount)
        else:
            money = numeric(data[self.quantity], self.quantity) * numeric(
                data[self.price], self.price
            )
        cust_codes, cust = pd.factorize(data[self.customer], use_na_sentinel=True)
        ok = (cust_codes >= 0) & when.notna().to_numpy()
        if not ok.any():
            raise ValueError("no transaction has both a customer and a valid date")
        c = cust_codes[ok]
        k = len(cust)
        stamp = when.to_numpy()[ok].astype("datetime64[ns]").astype(np.int64)
        last = np.full(k, np.iinfo(np.int64).min)
        np.maximum.at(last, c, stamp)
        if self.order is not None:
            o_codes = pd.factorize(data[self.order])[0][ok]
            pairs = np.unique(c.astype(np.int64) * (o_codes.max() + 2) + (o_codes + 1))
            freq = np.bincount(pairs // (o_codes.max() + 2), minlength=k)
        else:
            freq = np.bincount(c, minlength=k)
        monetary = np.bincount(c, weights=np.nan_to_num(money[ok]), minlength=k)
        present = np.bincount(c, minlength=k) > 0
        return pd.DataFrame(
            {self.customer: np.asarray(cust)[present],
             "last_purchase": pd.to_datetime(last[present]),
             "frequency": freq[present].astype(np.int64), "monetary": monetary[present]}
        )  # fmt: skip

    def fit(self, X: pd.DataFrame, y: object = None) -> Self:
        """Learn the reference date and the customers' R, F and M distributions."""
        base = self._customers(X)
        ref = self.reference_date
        self.reference_date_ = (
            pd.Timestamp(ref) if ref is not None else base["last_purchase"].max().normalize()
            + pd.Timedelta(days=1)
        )  # fmt: skip
        rec = (self.reference_date_ - base["last_purchase"]).dt.days.to_numpy(dtype=np.float64)
        self.recency_sorted_ = np.sort(rec)
        self.frequency_sorted_ = np.sort(base["frequency"].to_numpy(dtype=np.float64))
        self.monetary_sorted_ = np.sort(base["monetary"].to_numpy(dtype=np.float64))
        self.n_customers_ = len(base)
        self.table_ = self._score_table(base)
        return self

    def _score_table(self, base: pd.DataFrame) -> pd.DataFrame:
        """Scores, code and segment for per-customer R/F/M values."""
        out = base.copy()
        out.insert(1, "recency_days", (self.reference_date_ - base["last_purchase"]).dt.days)
        r = 6 - _score(out["recency_days"].to_numpy(dtype=np.float64), self.recency_sorted_)
        f = _score(out["frequency"].to_numpy(dtype=np.float64), self.frequency_sorted_)
        m = _score(out["monetary"].to_numpy(dtype=np.float64), self.monetary_sorted_)
        fm = np.floor((f + m) / 2.0 + 0.5).astype(np.int64)
        out["r_score"], out["f_score"], out["m_score"], out["fm_score"] = r, f, m, fm
        out["rfm_code"] = (r * 100 + f * 10 + m).astype(str)
        second = fm if self.segment_axis == "fm" else f
        grid = np.array([[s.value for s in row] for row in SEGMENT_GRID], dtype=object)
        out["segment"] = grid[r - 1, second - 1]
        out["segment_label"] = out["segment"].map(RfmSegment.labels(self.lang))
        return out

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        """Score the customers of ``X`` against the fitted distributions and reference date."""
        if not hasattr(self, "reference_date_"):
            raise RuntimeError("RFM is not fitted; call fit() first")
        return self._score_table(self._customers(X))

    def fit_transform(self, X: pd.DataFrame, y: object = None) -> pd.DataFrame:
        """Fit on ``X`` and return its scored customer table."""
        return self.fit(X).table_.copy()


def rfm(
    data: pd.DataFrame,
    customer: str = "customer",
    date: str = "date",
    amount: str | None = "amount",
    quantity: str | None = None,
    price: str | None = None,
    order: str | None = None,
    reference_date: str | pd.Timestamp | None = None,
    segment_axis: Literal["fm", "f"] = "fm",
    lang: Lang = "zh",
) -> pd.DataFrame:
    """One row per customer: recency, frequency, monetary, their 1–5 scores and the segment."""
    est = RFM(customer, date, amount, quantity, price, order, reference_date, segment_axis, lang)
    return est.fit_transform(data)


def rfm_profile(table: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """Profile of the ten segments: customers, shares, mean R/F/M and revenue share."""
    require_columns(table, ["segment", "recency_days", "frequency", "monetary"])
    g = table.groupby("segment", observed=True)
    prof = pd.DataFrame(
        {"customers": g.size(), "recency_mean": g["recency_days"].mean(),
         "frequency_mean": g["frequency"].mean(), "monetary_mean": g["monetary"].mean(),
         "monetary_total": g["monetary"].sum()}
    )  # fmt: skip
    order = [s.value for s in RfmSegment]
    prof = prof.reindex(order)
    prof["customers"] = prof["customers"].fillna(0).astype(np.int64)
    prof["monetary_total"] = prof["monetary_total"].fillna(0.0)
    total_c, total_m = prof["customers"].sum(), prof["monetary_total"].sum()
    prof["share_customers"] = 100.0 * prof["customers"] / total_c if total_c else np.nan
    prof["share_monetary"] = 100.0 * prof["monetary_total"] / total_m if total_m else np.nan
    prof.insert(0, "segment_label", [s.label(lang) for s in RfmSegment])
    return prof.rename_axis("segment").reset_index()


__all__ = ["RFM", "SEGMENT_GRID", "TIES", "RfmSegment", "rfm", "rfm_profile"]
