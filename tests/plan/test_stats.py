"""Goal tests equal scipy and statsmodels on the same numbers."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from needscope.errors import InputError
from needscope.plan.stats import (
    diff_in_diff,
    mean_change,
    median_change,
    pre_trend,
    proportion_change,
    results_frame,
)

TOL = 1e-8


@pytest.fixture(scope="module")
def rng() -> np.random.Generator:
    return np.random.default_rng(11)


def test_welch_equals_scipy(rng: np.random.Generator) -> None:
    before, after = rng.normal(20, 4, 57), rng.normal(17.5, 2.5, 43)
    r = mean_change(before, after, metric="上菜时长", unit="分钟")
    ref = stats.ttest_ind(after, before, equal_var=False)
    assert r.method == "welch_t"
    assert r.statistic == pytest.approx(ref.statistic, abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalue, abs=TOL)
    ci = ref.confidence_interval(0.95)
    assert (r.ci_low, r.ci_high) == (
        pytest.approx(ci.low, abs=TOL),
        pytest.approx(ci.high, abs=TOL),
    )
    assert r.estimate == pytest.approx(after.mean() - before.mean(), abs=TOL)
    assert (r.n_before, r.n_after) == (57, 43)
    assert "上线前" in r.sentence("zh") and "before launch" in r.sentence("en")


def test_paired_when_ids_match(rng: np.random.Generator) -> None:
    ids = [f"S{i}" for i in range(12)]
    before = rng.normal(10, 2, 12)
    after = before - 1 + rng.normal(0, 0.5, 12)
    order = rng.permutation(12)  # the after side listed in another order
    r = mean_change(before, after[order], before_ids=ids, after_ids=[ids[i] for i in order])
    ref = stats.ttest_rel(after, before)
    assert r.method == "paired_t"
    assert r.statistic == pytest.approx(ref.statistic, abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalue, abs=TOL)
    ci = ref.confidence_interval(0.95)
    assert r.ci_low == pytest.approx(ci.low, abs=TOL) and r.ci_high == pytest.approx(
        ci.high, abs=TOL
    )
    # ids that do not match one-to-one fall back to Welch
    r2 = mean_change(before, after, before_ids=ids, after_ids=[*ids[:-1], "X"])
    assert r2.method == "welch_t"


def test_two_proportion_z_equals_chi2_without_correction() -> None:
    x0, n0, x1, n1 = 130, 620, 171, 590
    r = proportion_change((x0, n0), (x1, n1), metric="复购率")
    chi2, p, _, _ = stats.chi2_contingency([[x1, n1 - x1], [x0, n0 - x0]], correction=False)
    assert r.method == "two_proportion_z"
    assert r.statistic**2 == pytest.approx(chi2, abs=1e-8)
    assert r.statistic > 0
    assert r.p_value == pytest.approx(p, abs=TOL)
    # Newcombe's hybrid score interval, statsmodels' independent implementation
    lo, hi = confint_proportions_2indep(x1, n1, x0, n0, method="newcomb", compare="diff")
    assert r.ci_low == pytest.approx(lo, abs=TOL) and r.ci_high == pytest.approx(hi, abs=TOL)
    assert r.before == pytest.approx(x0 / n0) and "%" in r.sentence("zh")


def test_yates_chi2_and_fisher_equal_scipy() -> None:
    before = np.r_[np.ones(2), np.zeros(7)]
    after = np.r_[np.ones(6), np.zeros(2)]
    table = [[6, 2], [2, 7]]
    auto = proportion_change(before, after)
    assert auto.method == "fisher_exact"  # an expected count is below 5
    odds, p = stats.fisher_exact(table)
    assert auto.p_value == pytest.approx(p, abs=TOL) and auto.statistic == pytest.approx(odds)
    chi = proportion_change(before, after, method="chi2")
    ref = stats.chi2_contingency(table)  # Yates' correction by default
    assert chi.statistic == pytest.approx(ref.statistic, abs=TOL)
    assert chi.p_value == pytest.approx(ref.pvalue, abs=TOL)
    for a, b, c, d in [(0, 10, 5, 5), (1, 1, 1, 1), (7, 2, 1, 8), (12, 30, 2, 40)]:
        mine = proportion_change((c, c + d), (a, a + b), method="fisher")
        assert mine.p_value == pytest.approx(stats.fisher_exact([[a, b], [c, d]])[1], abs=TOL)


def test_mann_whitney_equals_scipy(rng: np.random.Generator) -> None:
    before = np.round(rng.lognormal(3.0, 0.3, 80))  # ties: asymptotic with tie correction
    after = np.round(rng.lognormal(2.85, 0.3, 70))
    r = median_change(before, after)
    ref = stats.mannwhitneyu(after, before, alternative="two-sided")
    assert r.statistic == pytest.approx(ref.statistic, abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalue, abs=TOL)
    assert r.extra["p_method"] == "asymptotic"
    # Hodges-Lehmann shift and Moses interval from the full list of pairwise differences
    diffs = np.sort(np.subtract.outer(after, before).ravel())
    assert r.estimate == pytest.approx(np.median(diffs), abs=TOL)
    k = math.floor(len(diffs) / 2 - 1.959963984540054 * math.sqrt(80 * 70 * 151 / 12))
    assert r.ci_low == pytest.approx(diffs[k - 1], abs=TOL)
    assert r.ci_high == pytest.approx(diffs[len(diffs) - k], abs=TOL)
    assert r.before == np.median(before) and r.after == np.median(after)


def test_mann_whitney_exact_small(rng: np.random.Generator) -> None:
    before, after = rng.normal(0, 1, 7), rng.normal(1, 1, 6)
    r = median_change(before, after)
    ref = stats.mannwhitneyu(after, before, alternative="two-sided", method="exact")
    assert r.extra["p_method"] == "exact"
    assert r.statistic == pytest.approx(ref.statistic) and r.p_value == pytest.approx(ref.pvalue)


def _did_frame(rng: np.random.Generator, n: int = 1600, binary: bool = False) -> pd.DataFrame:
    store = rng.integers(0, 8, n)
    treated = (store >= 5).astype(int)
    day = rng.integers(0, 120, n)
    post = (day >= 70).astype(int)
    base = 14 + 0.4 * store + 3 * treated + 0.5 * post - 4 * treated * post
    if binary:
        p = np.clip(0.2 + 0.2 * treated * post + 0.02 * store, 0, 1)
        y = (rng.random(n) < p).astype(float)
    else:
        y = base + rng.normal(0, 3, n) + rng.normal(0, 1, 8)[store]
    ts = pd.Timestamp("2025-11-01") + pd.to_timedelta(day, unit="D")
    return pd.DataFrame({"y": y, "treated": treated, "post": post, "store": store, "ts": ts})


@pytest.mark.parametrize("binary", [False, True])
def test_did_hc1_equals_statsmodels(rng: np.random.Generator, binary: bool) -> None:
    data = _did_frame(rng, binary=binary)
    r = diff_in_diff(data, "y", "treated", "post")
    ref = smf.ols("y ~ treated + post + treated:post", data).fit(cov_type="HC1")
    assert r.method == "did" and r.extra["cov_type"] == "HC1"
    assert r.estimate == pytest.approx(ref.params["treated:post"], abs=TOL)
    assert r.extra["se"] == pytest.approx(ref.bse["treated:post"], abs=TOL)
    assert r.statistic == pytest.approx(ref.tvalues["treated:post"], abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalues["treated:post"], abs=TOL)
    lo, hi = ref.conf_int().loc["treated:post"]
    assert r.ci_low == pytest.approx(lo, abs=TOL) and r.ci_high == pytest.approx(hi, abs=TOL)
    assert r.extra["model"] == ("linear_probability" if binary else "linear")
    m = r.extra["means"]  # the 2x2 DiD of cell means equals the interaction coefficient
    by_hand = (m["treated_post"] - m["treated_pre"]) - (m["control_post"] - m["control_pre"])
    assert r.estimate == pytest.approx(by_hand, abs=TOL)


def test_did_cluster_equals_statsmodels(rng: np.random.Generator) -> None:
    data = _did_frame(rng)
    model = smf.ols("y ~ treated + post + treated:post", data)
    groups = {"groups": data["store"]}
    r = diff_in_diff(data, "y", "treated", "post", unit="store", use_t=False)
    ref = model.fit(cov_type="cluster", cov_kwds=groups)
    assert r.extra["se"] == pytest.approx(ref.bse["treated:post"], abs=TOL)
    assert r.p_value == pytest.approx(ref.pvalues["treated:post"], abs=TOL)
    assert r.extra["n_clusters"] == 8
    rt = diff_in_diff(data, "y", "treated", "post", unit="store")  # default: t with G-1 df
    ref_t = model.fit(cov_type="cluster", cov_kwds=groups, use_t=True)
    assert rt.p_value == pytest.approx(ref_t.pvalues["treated:post"], abs=TOL)
    lo, hi = ref_t.conf_int().loc["treated:post"]
    assert rt.ci_low == pytest.approx(lo, abs=TOL) and rt.ci_high == pytest.approx(hi, abs=TOL)


def test_pre_trend_equals_statsmodels(rng: np.random.Generator) -> None:
    data = _did_frame(rng)
    r = diff_in_diff(data, "y", "treated", "post", time="ts")
    trend = r.extra["pre_trend"]
    pre = data[data["post"] == 0].assign(
        t=lambda f: (f["ts"] - f["ts"].min()).dt.total_seconds() / (7 * 86400)
    )
    ref = smf.ols("y ~ treated + t + treated:t", pre).fit(cov_type="HC1")
    assert trend.estimate == pytest.approx(ref.params["treated:t"], abs=TOL)
    assert trend.se == pytest.approx(ref.bse["treated:t"], abs=TOL)
    assert trend.p_value == pytest.approx(ref.pvalues["treated:t"], abs=TOL)
    assert trend.parallel  # no pre-trend was simulated
    # a treated group already falling before launch is caught
    pre = pre.assign(y=pre["y"] - 0.6 * pre["treated"] * pre["t"])
    caught = pre_trend(pre, "y", "treated", "ts")
    assert caught is not None and not caught.parallel
    assert "平行趋势" in caught.sentence("zh") and "Pre-trend" in caught.sentence("en")


def test_results_frame_and_bad_input(rng: np.random.Generator) -> None:
    rs = [mean_change([1, 2, 3], [2, 3, 5], metric="m"), proportion_change((3, 10), (6, 10))]
    frame = results_frame(rs, "en")
    assert list(frame["method"]) == ["welch_t", "fisher_exact"]
    assert frame.loc[0, "method_label"] == "Welch t-test"
    with pytest.raises(InputError, match="at least 2"):
        mean_change([1.0], [2.0, 3.0])
    with pytest.raises(InputError, match="non-numeric"):
        mean_change(["1", "x"], [2.0, 3.0])
    with pytest.raises(InputError, match="0/1"):
        proportion_change([0, 1, 2], [1, 1, 0])
    data = _did_frame(rng, n=200)
    with pytest.raises(InputError, match="not found"):
        diff_in_diff(data, "nope", "treated", "post")
    with pytest.raises(InputError, match="empty"):
        diff_in_diff(data.assign(post=0), "y", "treated", "post")
    with pytest.raises(InputError, match="0/1"):
        diff_in_diff(data.assign(treated=data["store"]), "y", "treated", "post")


def test_exact_counts_match_enumeration() -> None:
    """The exact U distribution against brute-force enumeration of all orderings."""
    from needscope.plan.stats import _exact_u_sf

    n1, n0 = 4, 3
    us = []
    for pos in itertools.combinations(range(n1 + n0), n1):
        rank_sum = sum(p + 1 for p in pos)
        us.append(rank_sum - n1 * (n1 + 1) / 2)
    us_arr = np.asarray(us)
    for u in range(n1 * n0 + 1):
        assert _exact_u_sf(u, n0, n1) == pytest.approx((us_arr >= u).mean())
