"""Satisfaction summary, CES direction, KANO segment test and the batched bootstrap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from needscope.methods import ces, csat, kano, kano_segment_test, nps, satisfaction_summary
from needscope.methods.drivers import _boot_weights, _corr_parts, _johnson


def test_ces_direction() -> None:
    effort = pd.DataFrame({"s": [1, 2, 3, 4, 7]})  # 1 = no effort … 7 = great effort
    assert ces(effort, "s", 7, higher_is_easier=False).iloc[0]["low_effort"] == pytest.approx(60)
    assert ces(effort, "s", 7).iloc[0]["low_effort"] == pytest.approx(20)  # CES 2.0: 5–7 easy
    five = pd.DataFrame({"s": [1, 2, 4, 5, 5]})
    assert ces(five, "s", 5, higher_is_easier=True).iloc[0]["low_effort"] == pytest.approx(60)


def test_satisfaction_summary_matches_each_metric() -> None:
    rng = np.random.default_rng(3)
    data = pd.DataFrame({"n": rng.integers(0, 11, 200), "c": rng.integers(1, 6, 200),
                         "e": rng.integers(1, 8, 200), "g": rng.choice(["a", "b"], 200)})  # fmt: skip
    out = satisfaction_summary(data, "n", "c", "e", segment="g", ces_higher_is_easier=False)
    for group, row in out.set_index("g").iterrows():
        part = data[data["g"] == group]
        assert row["nps"] == pytest.approx(nps(part, "n").iloc[0]["nps"])
        assert row["csat"] == pytest.approx(csat(part, "c").iloc[0]["csat"])
        assert row["ces_mean"] == pytest.approx(part["e"].mean())
        assert row["low_effort"] == pytest.approx(100 * (part["e"] <= 3).mean())
    alone = satisfaction_summary(data, nps_score="n")
    assert list(alone.columns) == ["nps_n", "nps", "nps_ci_low", "nps_ci_high"]
    with pytest.raises(ValueError, match="at least one"):
        satisfaction_summary(data)


def test_kano_segment_test_is_scipys_chi_square() -> None:
    n = 120
    young = np.arange(n) % 2 == 0
    data = pd.DataFrame({"f": np.where(young, 1, 2), "d": np.where(young, 3, 5),
                         "f2": 1, "d2": 5, "age": np.where(young, "y", "o")})  # fmt: skip
    data.loc[:9, "age"] = "tiny"  # a group below min_n is left out
    out = kano_segment_test(data, ["f", "f2"], ["d", "d2"], "age", names=["x", "same"], min_n=20)
    by = kano(data[data["age"] != "tiny"], ["f"], ["d"], segment="age")
    counts = by[list("AOMIRQ")].to_numpy(dtype=float)
    expected = chi2_contingency(counts[:, counts.sum(axis=0) > 0])
    row = out.set_index("attribute").loc["x"]
    assert row["levels"] == 2 and row["chi2"] == pytest.approx(expected.statistic)
    assert row["p_value"] == pytest.approx(expected.pvalue) and row["p_value"] < 1e-10
    assert np.isnan(out.set_index("attribute").loc["same", "p_value"])  # one category only


def test_batched_bootstrap_equals_resampling_rows() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(150, 3))
    y = x @ np.array([1.0, 0.5, 0.2]) + rng.normal(size=150)

    class Recorder:
        """Hands out multinomial counts and remembers them."""

        def multinomial(self, n: int, p: np.ndarray, size: int) -> np.ndarray:
            self.counts = np.random.default_rng(9).multinomial(n, p, size=size)
            return self.counts

    rec = Recorder()
    batch = _boot_weights(np.column_stack([x, y]), 4, rec)  # type: ignore[arg-type]
    for draw, counts in zip(batch, rec.counts, strict=True):
        idx = np.repeat(np.arange(150), counts)
        assert np.allclose(draw, _johnson(*_corr_parts(x[idx], y[idx])))
    chunked = _boot_weights(np.column_stack([x, y]), 7, np.random.default_rng(1), chunk_cells=300)
    whole = _boot_weights(np.column_stack([x, y]), 7, np.random.default_rng(1))
    assert chunked.shape == (7, 3) and np.allclose(chunked, whole)
