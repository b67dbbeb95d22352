"""Goal achievement tests: before/after (means, proportions, medians) and difference-in-differences.

Every test returns a :class:`TestResult` with the estimate, its confidence interval, the test
statistic, the p-value, the group sizes, the method and a sentence in Chinese and English;
:func:`results_frame` turns a list of them into one tidy DataFrame. The regression behind the
difference-in-differences (OLS with HC1 or cluster-robust standard errors) is computed here with
numpy alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from needscope.errors import InputError
from needscope.model.vocab import Lang

FloatArray = npt.NDArray[np.float64]
CovType = Literal["HC1", "cluster"]
ProportionMethod = Literal["auto", "z", "chi2", "fisher"]

METHOD_LABELS: dict[str, dict[Lang, str]] = {
    "welch_t": {"zh": "Welch t 检验", "en": "Welch t-test"},
    "paired_t": {"zh": "配对 t 检验", "en": "Paired t-test"},
    "two_proportion_z": {"zh": "两比例 z 检验", "en": "Two-proportion z-test"},
    "chi2": {"zh": "卡方检验（Yates 校正）", "en": "Chi-squared test (Yates)"},
    "fisher_exact": {"zh": "Fisher 精确检验", "en": "Fisher's exact test"},
    "mann_whitney": {"zh": "Mann-Whitney U 检验", "en": "Mann-Whitney U test"},
    "did": {"zh": "双重差分（OLS）", "en": "Difference-in-differences (OLS)"},
    "pre_trend": {"zh": "平行趋势检验（事前）", "en": "Parallel pre-trend test"},
}
"""Display name of each method in each language."""


@dataclass(frozen=True)
class TestResult:
    """One goal test: the change ``after − before`` (or the DiD effect) and its inference."""

    method: str
    estimate: float
    ci_low: float
    ci_high: float
    statistic: float
    p_value: float
    n_before: int
    n_after: int
    before: float
    """Before-launch level: mean, proportion or median (treated group for a DiD)."""
    after: float
    """After-launch level, same kind as ``before``."""
    alpha: float = 0.05
    metric: str = ""
    unit: str = ""
    sentence_zh: str = ""
    sentence_en: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    """Method-specific details (degrees of freedom, DiD cell means, pre-trend test, ...)."""

    @property
    def significant(self) -> bool:
        """Whether the p-value is below ``alpha``."""
        return bool(self.p_value < self.alpha)

    def sentence(self, lang: Lang = "zh") -> str:
        """The result in one sentence in ``lang``."""
        return self.sentence_zh if lang == "zh" else self.sentence_en

    def to_dict(self) -> dict[str, Any]:
        """The result as plain values."""
        out = asdict(self)
        out["significant"] = self.significant
        return out


__test__ = False  # pytest: TestResult is a result type, not a test class


def _floats(values: Any, name: str) -> FloatArray:
    """Finite floats of ``values`` (NaN dropped); raises ``InputError`` on text."""
    series = pd.Series(values)
    if not (pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series)):
        coerced = pd.to_numeric(series, errors="coerce")
        bad = coerced.isna() & series.notna()
        if bool(bad.any()):
            raise InputError(f"non-numeric value {series[bad].iloc[0]!r}", column=name)
        series = coerced
    arr = np.asarray(series, dtype=np.float64)
    return arr[np.isfinite(arr)]


def _need(arr: FloatArray, k: int, name: str) -> None:
    if len(arr) < k:
        raise InputError(f"needs at least {k} values, got {len(arr)}", column=name)


def _fmt(x: float, unit: str = "") -> str:
    if not math.isfinite(x):
        return "—"
    if unit == "%":
        return f"{x:.1f}%"
    text = f"{x:.3g}" if abs(x) < 10 else f"{x:,.1f}"
    return f"{text}{' ' + unit if unit and unit != '%' else ''}" if unit else text


def _p(p: float) -> str:
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def _sentences(
    metric: str,
    unit: str,
    before: float,
    after: float,
    est: float,
    lo: float,
    hi: float,
    p: float,
    alpha: float,
    method: str,
    scale: float = 1.0,
    did: bool = False,
) -> tuple[str, str]:
    """The zh and en sentence of a result (levels and change multiplied by ``scale``)."""
    name_zh = metric or "指标"
    name_en = metric or "The metric"
    b, a = _fmt(before * scale, unit), _fmt(after * scale, unit)
    e, l_, h = (_fmt(v * scale, unit) for v in (est, lo, hi))
    sig = p < alpha
    level = round(100 * (1 - alpha))
    m_zh, m_en = METHOD_LABELS[method]["zh"], METHOD_LABELS[method]["en"]
    if did:
        zh = (
            f"{name_zh}：试点组由 {b} 变为 {a}；相对对照组的净变化为 {e}"
            f"（{level}% 置信区间 {l_} ~ {h}，{_p(p)}，{m_zh}），"
            + ("变化显著。" if sig else "变化不显著。")
        )
        en = (
            f"{name_en}: the treated group went from {b} to {a}; the change net of the control "
            f"group is {e} ({level}% CI {l_} to {h}, {_p(p)}, {m_en}), "
            + ("a significant change." if sig else "not significant.")
        )
        return zh, en
    zh = (
        f"{name_zh}：上线前 {b}，上线后 {a}，变化 {e}（{level}% 置信区间 {l_} ~ {h}，"
        f"{_p(p)}，{m_zh}），" + ("变化显著。" if sig else "变化不显著。")
    )
    en = (
        f"{name_en}: {b} before launch, {a} after, a change of {e} ({level}% CI {l_} to {h}, "
        f"{_p(p)}, {m_en}), " + ("a significant change." if sig else "not significant.")
    )
    return zh, en


# ---------------------------------------------------------------------------- means


def mean_change(
    before: Any,
    after: Any,
    *,
    before_ids: Sequence[Any] | None = None,
    after_ids: Sequence[Any] | None = None,
    alpha: float = 0.05,
    metric: str = "",
    unit: str = "",
) -> TestResult:
    """Change in a mean: Welch's t-test, or the paired t-test when both id lists match one-to-one.

    With ``before_ids`` and ``after_ids`` naming the same units once each (e.g. the same stores
    or customers measured twice), values are aligned by id and ``paired_t`` is used.
    """
    if before_ids is not None and after_ids is not None:
        paired = _paired(before, after, before_ids, after_ids)
        if paired is not None:
            return _paired_t(paired[0], paired[1], alpha, metric, unit)
    x0, x1 = _floats(before, "before"), _floats(after, "after")
    _need(x0, 2, "before")
    _need(x1, 2, "after")
    n0, n1 = len(x0), len(x1)
    m0, m1 = float(x0.mean()), float(x1.mean())
    v0, v1 = float(x0.var(ddof=1)) / n0, float(x1.var(ddof=1)) / n1
    se = math.sqrt(v0 + v1)
    est = m1 - m0
    if se == 0:
        t, p, df = (math.nan, math.nan, math.nan)
        lo = hi = est
    else:
        df = (v0 + v1) ** 2 / (v0**2 / (n0 - 1) + v1**2 / (n1 - 1))
        t = est / se
        p = float(2 * stats.t.sf(abs(t), df))
        q = float(stats.t.ppf(1 - alpha / 2, df))
        lo, hi = est - q * se, est + q * se
    zh, en = _sentences(metric, unit, m0, m1, est, lo, hi, p, alpha, "welch_t")
    return TestResult("welch_t", est, lo, hi, t, p, n0, n1, m0, m1, alpha, metric, unit, zh, en,
                      {"df": df, "se": se})  # fmt: skip


def _paired(
    before: Any, after: Any, before_ids: Sequence[Any], after_ids: Sequence[Any]
) -> tuple[FloatArray, FloatArray] | None:
    """Values aligned by id when both sides name the same ids once each, else None."""
    b = pd.Series(np.asarray(before, dtype=np.float64), index=list(before_ids))
    a = pd.Series(np.asarray(after, dtype=np.float64), index=list(after_ids))
    if len(b) != len(a) or not b.index.is_unique or not a.index.is_unique:
        return None
    if set(b.index) != set(a.index):
        return None
    a = a.reindex(b.index)
    bv = np.asarray(b.to_numpy(), dtype=np.float64)
    av = np.asarray(a.to_numpy(), dtype=np.float64)
    ok = np.isfinite(bv) & np.isfinite(av)
    return bv[ok], av[ok]


def _paired_t(x0: FloatArray, x1: FloatArray, alpha: float, metric: str, unit: str) -> TestResult:
    d = x1 - x0
    _need(d, 2, "after")
    n = len(d)
    est = float(d.mean())
    se = float(d.std(ddof=1)) / math.sqrt(n)
    df = n - 1
    if se == 0:
        t, p, lo, hi = math.nan, math.nan, est, est
    else:
        t = est / se
        p = float(2 * stats.t.sf(abs(t), df))
        q = float(stats.t.ppf(1 - alpha / 2, df))
        lo, hi = est - q * se, est + q * se
    m0, m1 = float(x0.mean()), float(x1.mean())
    zh, en = _sentences(metric, unit, m0, m1, est, lo, hi, p, alpha, "paired_t")
    return TestResult("paired_t", est, lo, hi, t, p, n, n, m0, m1, alpha, metric, unit, zh, en,
                      {"df": df, "se": se})  # fmt: skip


# ---------------------------------------------------------------------- proportions


def _wilson(x: int, n: int, z: float) -> tuple[float, float]:
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def newcombe_interval(
    x1: int, n1: int, x0: int, n0: int, alpha: float = 0.05
) -> tuple[float, float]:
    """Newcombe's hybrid score interval (method 10) for p1 − p0 (Newcombe 1998)."""
    z = float(stats.norm.ppf(1 - alpha / 2))
    p1, p0 = x1 / n1, x0 / n0
    l1, u1 = _wilson(x1, n1, z)
    l0, u0 = _wilson(x0, n0, z)
    d = p1 - p0
    lo = d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return lo, hi


def fisher_exact_p(table: Sequence[Sequence[int]]) -> float:
    """Two-sided p-value of Fisher's exact test on a 2×2 table (sum of tables at most as likely)."""
    (a, b), (c, d) = table
    row1, col1, n = a + b, a + c, a + b + c + d
    dist = stats.hypergeom(n, col1, row1)
    lo, hi = max(0, row1 + col1 - n), min(row1, col1)
    support = np.arange(lo, hi + 1)
    probs = dist.pmf(support)
    observed = float(dist.pmf(a))
    return float(min(1.0, probs[probs <= observed * (1 + 1e-7)].sum()))


def proportion_change(
    before: Any,
    after: Any,
    *,
    method: ProportionMethod = "auto",
    alpha: float = 0.05,
    metric: str = "",
    unit: str = "%",
) -> TestResult:
    """Change in a proportion of 0/1 outcomes (or ``(successes, trials)`` pairs).

    ``auto`` uses the two-proportion z-test (pooled), or Fisher's exact test when an expected
    cell count of the 2×2 table is below 5; ``chi2`` is the Yates-corrected chi-squared test.
    The interval is Newcombe's hybrid score interval for the difference.
    """
    x0, n0 = _counts(before, "before")
    x1, n1 = _counts(after, "after")
    table = [[x1, n1 - x1], [x0, n0 - x0]]
    total = n0 + n1
    succ = x0 + x1
    expected = [n * s / total for n in (n1, n0) for s in (succ, total - succ)]
    chosen = method
    if method == "auto":
        chosen = "fisher" if min(expected) < 5 else "z"
    p1, p0 = x1 / n1, x0 / n0
    est = p1 - p0
    pooled = succ / total
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    if chosen == "z":
        name = "two_proportion_z"
        stat = est / se if se > 0 else math.nan
        p = math.erfc(abs(stat) / math.sqrt(2)) if se > 0 else math.nan
    elif chosen == "chi2":
        name = "chi2"
        stat = _yates(table)
        p = float(stats.chi2.sf(stat, 1)) if math.isfinite(stat) else math.nan
    elif chosen == "fisher":
        name = "fisher_exact"
        a, b, c, d = x1, n1 - x1, x0, n0 - x0
        stat = (a * d) / (b * c) if b * c > 0 else (math.inf if a * d > 0 else math.nan)
        p = fisher_exact_p(table)
    else:
        raise InputError(f"unknown method {method!r}; use auto, z, chi2 or fisher")
    lo, hi = newcombe_interval(x1, n1, x0, n0, alpha)
    scale = 100.0 if unit == "%" else 1.0
    zh, en = _sentences(metric, unit, p0, p1, est, lo, hi, p, alpha, name, scale)
    return TestResult(name, est, lo, hi, stat, p, n0, n1, p0, p1, alpha, metric, unit, zh, en,
                      {"x_before": x0, "x_after": x1, "se_pooled": se})  # fmt: skip


def _counts(values: Any, name: str) -> tuple[int, int]:
    """(successes, trials) of 0/1 values or of a ``(x, n)`` pair."""
    if (
        isinstance(values, tuple)
        and len(values) == 2
        and all(isinstance(v, int | np.integer) for v in values)
    ):
        x, n = int(values[0]), int(values[1])
    else:
        arr = _floats(values, name)
        if not np.isin(arr, (0.0, 1.0)).all():
            raise InputError("a proportion needs 0/1 values", column=name)
        x, n = int(arr.sum()), len(arr)
    if n <= 0 or not 0 <= x <= n:
        raise InputError(f"needs 0 ≤ successes ≤ trials and trials > 0, got ({x}, {n})",
                         column=name)  # fmt: skip
    return x, n


def _yates(table: list[list[int]]) -> float:
    """Pearson chi-squared of a 2×2 table with Yates' continuity correction."""
    obs = np.asarray(table, dtype=np.float64)
    exp = obs.sum(1, keepdims=True) * obs.sum(0, keepdims=True) / obs.sum()
    if (exp == 0).any():
        return math.nan
    diff = np.abs(obs - exp)
    corr = np.minimum(0.5, diff)  # scipy: never correct past zero
    return float((((diff - corr) ** 2) / exp).sum())


# --------------------------------------------------------------------- Mann-Whitney


def _exact_u_sf(u: float, n0: int, n1: int) -> float:
    """P(U ≥ u) under the null for untied samples of sizes ``n1`` (U's sample) and ``n0``.

    Counts orderings with f(i, j) = f(i−1, j) shifted by j + f(i, j−1): the largest value is
    either from the first sample (beating all j others) or from the second.
    """
    size = n0 * n1 + 1
    f: dict[tuple[int, int], FloatArray] = {}
    for i in range(n1 + 1):
        for j in range(n0 + 1):
            arr = np.zeros(size)
            if i == 0 or j == 0:
                arr[0] = 1.0
            else:
                arr[j:] += f[(i - 1, j)][: size - j]
                arr += f[(i, j - 1)]
            f[(i, j)] = arr
    counts = f[(n1, n0)]
    k = math.ceil(u - 1e-9)
    return float(counts[k:].sum() / counts.sum())


def _kth_difference(a: FloatArray, b: FloatArray, k: int) -> float:
    """The ``k``-th smallest (1-based) of all differences ``a_i − b_j`` without listing them."""
    a, b = np.sort(a), np.sort(b)
    nb = len(b)

    def count(d: float) -> int:
        return int((nb - np.searchsorted(b, a - d, side="left")).sum())

    lo, hi = float(a[0] - b[-1]) - 1.0, float(a[-1] - b[0])
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if count(mid) >= k:
            hi = mid
        else:
            lo = mid
    idx = np.searchsorted(b, a - lo, side="left") - 1
    ok = idx >= 0
    return float((a[ok] - b[idx[ok]]).min())


def median_change(
    before: Any, after: Any, *, alpha: float = 0.05, metric: str = "", unit: str = ""
) -> TestResult:
    """Shift in a skewed metric: Mann-Whitney U (two-sided), Hodges–Lehmann shift and Moses CI.

    Exact p-value when both samples are small (≤ 8) and untied, else the normal approximation
    with tie and continuity corrections (as scipy's ``mannwhitneyu`` ``auto``). ``statistic`` is
    U of the after sample; ``before``/``after`` hold the medians.
    """
    x0, x1 = _floats(before, "before"), _floats(after, "after")
    _need(x0, 1, "before")
    _need(x1, 1, "after")
    n0, n1 = len(x0), len(x1)
    pooled = np.concatenate([x1, x0])
    ranks = pd.Series(pooled).rank(method="average").to_numpy()
    u1 = float(ranks[:n1].sum() - n1 * (n1 + 1) / 2)
    mu = n0 * n1 / 2
    _, tie_counts = np.unique(pooled, return_counts=True)
    ties = bool((tie_counts > 1).any())
    n = n0 + n1
    tie_term = float((tie_counts**3 - tie_counts).sum()) / (n * (n - 1)) if n > 1 else 0.0
    sigma = math.sqrt(n0 * n1 / 12 * ((n + 1) - tie_term))
    exact = max(n0, n1) <= 8 and not ties
    if exact:
        u_big = max(u1, n0 * n1 - u1)
        p = min(1.0, 2 * _exact_u_sf(u_big, n0, n1))
        method_detail = "exact"
    elif sigma > 0:
        z = (abs(u1 - mu) - 0.5) / sigma
        p = min(1.0, math.erfc(max(z, 0.0) / math.sqrt(2))) if z > 0 else 1.0
        method_detail = "asymptotic"
    else:
        p, method_detail = math.nan, "asymptotic"
    total = n0 * n1
    est = (_kth_difference(x1, x0, (total + 1) // 2) + _kth_difference(x1, x0, total // 2 + 1)) / 2
    zq = float(stats.norm.ppf(1 - alpha / 2))
    k = math.floor(mu - zq * math.sqrt(n0 * n1 * (n + 1) / 12))
    if k >= 1:
        lo, hi = _kth_difference(x1, x0, k), _kth_difference(x1, x0, total - k + 1)
    else:
        lo, hi = -math.inf, math.inf
    m0, m1 = float(np.median(x0)), float(np.median(x1))
    zh, en = _sentences(metric, unit, m0, m1, est, lo, hi, p, alpha, "mann_whitney")
    return TestResult("mann_whitney", est, lo, hi, u1, p, n0, n1, m0, m1, alpha, metric, unit,
                      zh, en, {"p_method": method_detail, "estimator": "hodges_lehmann"})  # fmt: skip


# ------------------------------------------------------------------------- OLS / DiD


@dataclass(frozen=True)
class OlsFit:
    """Coefficients of an OLS fit with their robust covariance."""

    names: list[str]
    params: FloatArray
    cov: FloatArray
    n_obs: int
    cov_type: str
    n_clusters: int | None
    use_t: bool

    @property
    def bse(self) -> FloatArray:
        """Standard errors."""
        out: FloatArray = np.sqrt(np.diag(self.cov))
        return out

    @property
    def df(self) -> float:
        """Degrees of freedom of the t reference (inf when normal)."""
        if not self.use_t:
            return math.inf
        if self.n_clusters is not None:
            return float(self.n_clusters - 1)
        return float(self.n_obs - len(self.names))

    def test(self, name: str, alpha: float = 0.05) -> tuple[float, float, float, float, float]:
        """(estimate, se, statistic, p, half-width) of coefficient ``name``."""
        i = self.names.index(name)
        est, se = float(self.params[i]), float(self.bse[i])
        stat = est / se if se > 0 else math.nan
        if math.isinf(self.df):
            p = math.erfc(abs(stat) / math.sqrt(2)) if se > 0 else math.nan
            q = float(stats.norm.ppf(1 - alpha / 2))
        else:
            p = float(2 * stats.t.sf(abs(stat), self.df)) if se > 0 else math.nan
            q = float(stats.t.ppf(1 - alpha / 2, self.df))
        return est, se, stat, p, q * se


def ols_robust(
    y: FloatArray,
    X: FloatArray,
    names: list[str],
    *,
    cov_type: CovType = "HC1",
    groups: Any = None,
    use_t: bool = False,
) -> OlsFit:
    """OLS with HC1 or cluster-robust covariance (the small-sample factors statsmodels uses).

    HC1: (X'X)⁻¹ X' diag(e²) X (X'X)⁻¹ · n/(n−k). Cluster: the sandwich over the clusters'
    score sums times G/(G−1) · (n−1)/(n−k).
    """
    n, k = X.shape
    if n <= k:
        raise InputError(f"needs more than {k} rows for the regression, got {n}")
    xtx_inv = np.linalg.pinv(X.T @ X)
    beta = xtx_inv @ (X.T @ y)
    resid = y - X @ beta
    scores = X * resid[:, None]
    n_clusters: int | None = None
    if cov_type == "HC1":
        meat = scores.T @ scores
        factor = n / (n - k)
    elif cov_type == "cluster":
        if groups is None:
            raise InputError("cluster-robust errors need a unit column")
        codes, uniques = pd.factorize(pd.Series(groups), sort=True)
        n_clusters = len(uniques)
        if n_clusters < 2:
            raise InputError("cluster-robust errors need at least 2 units")
        sums = np.zeros((n_clusters, k))
        np.add.at(sums, codes, scores)
        meat = sums.T @ sums
        factor = n_clusters / (n_clusters - 1) * (n - 1) / (n - k)
    else:
        raise InputError(f"unknown cov_type {cov_type!r}; use HC1 or cluster")
    cov = xtx_inv @ meat @ xtx_inv * factor
    return OlsFit(names, beta, cov, n, cov_type, n_clusters, use_t)


def _binary(data: pd.DataFrame, col: str) -> FloatArray:
    values = data[col]
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=np.float64)
    arr = _floats(values, col) if values.notna().all() else np.array([np.nan])
    if len(arr) != len(values) or not np.isin(arr, (0.0, 1.0)).all():
        raise InputError("must hold 0/1 or True/False values", column=col)
    return arr


def diff_in_diff(
    data: pd.DataFrame,
    outcome: str,
    treated: str,
    post: str,
    *,
    unit: str | None = None,
    time: str | None = None,
    cov_type: CovType | None = None,
    use_t: bool | None = None,
    alpha: float = 0.05,
    metric: str = "",
    unit_label: str = "",
    binary: bool | None = None,
) -> TestResult:
    """Difference-in-differences: OLS ``y ~ treated + post + treated:post``.

    Standard errors are HC1, or cluster-robust by ``unit`` when given (then inference uses
    t with G−1 degrees of freedom unless ``use_t=False``). For a 0/1 outcome this is the linear
    probability model. With ``time`` (dates or numbers), the pre-period parallel-trends check
    ``y ~ treated + t + treated:t`` (t in weeks) is run on the pre rows and reported in
    ``extra["pre_trend"]``.
    """
    missing = [c for c in (outcome, treated, post, unit, time) if c and c not in data.columns]
    if missing:
        raise InputError(f"column(s) not found: {', '.join(missing)}", column=missing[0])
    frame = data.dropna(subset=[outcome])
    y = _floats(frame[outcome], outcome)
    if len(y) != len(frame):
        raise InputError("holds values that are not finite numbers", column=outcome)
    d = _binary(frame, treated)
    t = _binary(frame, post)
    cells = {(a, b): int(((d == a) & (t == b)).sum()) for a in (0, 1) for b in (0, 1)}
    empty = [k for k, v in cells.items() if v == 0]
    if empty:
        raise InputError(f"each treated/post cell needs rows; empty: {empty}", column=treated)
    X = np.column_stack([np.ones_like(y), d, t, d * t])
    names = ["const", "treated", "post", "treated:post"]
    ctype: CovType = cov_type or ("cluster" if unit else "HC1")
    groups = frame[unit].to_numpy() if ctype == "cluster" and unit else None
    ut = (ctype == "cluster") if use_t is None else use_t
    fit = ols_robust(y, X, names, cov_type=ctype, groups=groups, use_t=ut)
    est, se, stat, p, half = fit.test("treated:post", alpha)
    means = {f"{'treated' if a else 'control'}_{'post' if b else 'pre'}":
             float(y[(d == a) & (t == b)].mean()) for a in (0, 1) for b in (0, 1)}  # fmt: skip
    is_binary = binary if binary is not None else bool(np.isin(y, (0.0, 1.0)).all())
    extra: dict[str, Any] = {
        "se": se,
        "cov_type": ctype,
        "n_clusters": fit.n_clusters,
        "df": fit.df,
        "cells": {
            f"{'treated' if a else 'control'}_{'post' if b else 'pre'}": n
            for (a, b), n in cells.items()
        },
        "means": means,
        "model": "linear_probability" if is_binary else "linear",
        "pre_trend": None,
    }
    if time is not None:
        pre = frame[t == 0]
        extra["pre_trend"] = pre_trend(pre, outcome, treated, time, unit=unit, cov_type=ctype,
                                       use_t=ut, alpha=alpha)  # fmt: skip
    unit_text = "%" if is_binary and unit_label in ("", "%") else unit_label
    scale = 100.0 if unit_text == "%" else 1.0
    zh, en = _sentences(metric, unit_text, means["treated_pre"], means["treated_post"], est,
                        est - half, est + half, p, alpha, "did", scale, did=True)  # fmt: skip
    n_pre, n_post = cells[(0, 0)] + cells[(1, 0)], cells[(0, 1)] + cells[(1, 1)]
    return TestResult("did", est, est - half, est + half, stat, p, n_pre, n_post,
                      means["treated_pre"], means["treated_post"], alpha, metric, unit_text,
                      zh, en, extra)  # fmt: skip


@dataclass(frozen=True)
class PreTrend:
    """The pre-period parallel-trends check: slope difference (treated − control) per week."""

    estimate: float
    se: float
    statistic: float
    p_value: float
    n: int
    alpha: float = 0.05

    @property
    def parallel(self) -> bool:
        """True when the slopes do not differ significantly (parallel trends not rejected)."""
        return not (self.p_value < self.alpha)

    def sentence(self, lang: Lang = "zh") -> str:
        """The check in one sentence."""
        if lang == "zh":
            verdict = (
                "未发现趋势差异，平行趋势假设可接受"
                if self.parallel
                else ("两组事前趋势不同，双重差分结果需谨慎解读")
            )
            return (f"平行趋势检验：上线前试点组与对照组每周趋势差 {self.estimate:.3g}"
                    f"（{_p(self.p_value)}），{verdict}。")  # fmt: skip
        verdict = (
            "no trend difference found; parallel trends are plausible"
            if self.parallel
            else ("the groups trended differently before launch; read the DiD with care")
        )
        return (f"Pre-trend check: weekly slope difference treated − control {self.estimate:.3g} "
                f"({_p(self.p_value)}); {verdict}.")  # fmt: skip


def pre_trend(
    pre: pd.DataFrame,
    outcome: str,
    treated: str,
    time: str,
    *,
    unit: str | None = None,
    cov_type: CovType = "HC1",
    use_t: bool = False,
    alpha: float = 0.05,
) -> PreTrend | None:
    """OLS ``y ~ treated + t + treated:t`` on pre-launch rows (t in weeks); None if too few rows."""
    frame = pre.dropna(subset=[outcome, time])
    raw = frame[time]
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        stamps = pd.to_datetime(raw)
        tt = ((stamps - stamps.min()).dt.total_seconds() / (7 * 86400)).to_numpy(np.float64)
    else:
        tt = _floats(raw, time)
    y = _floats(frame[outcome], outcome)
    d = _binary(frame, treated)
    if len(y) < 8 or len(np.unique(d)) < 2 or np.ptp(tt) == 0:
        return None
    X = np.column_stack([np.ones_like(y), d, tt, d * tt])
    groups = frame[unit].to_numpy() if cov_type == "cluster" and unit else None
    ctype: CovType = cov_type if groups is not None or cov_type == "HC1" else "HC1"
    fit = ols_robust(y, X, ["const", "treated", "t", "treated:t"], cov_type=ctype, groups=groups,
                     use_t=use_t)  # fmt: skip
    est, se, stat, p, _ = fit.test("treated:t", alpha)
    return PreTrend(est, se, stat, p, len(y), alpha)


def results_frame(results: Sequence[TestResult], lang: Lang = "zh") -> pd.DataFrame:
    """One row per result with standard column names."""
    rows = [
        {
            "metric": r.metric,
            "method": r.method,
            "method_label": METHOD_LABELS[r.method][lang],
            "before": r.before,
            "after": r.after,
            "estimate": r.estimate,
            "ci_low": r.ci_low,
            "ci_high": r.ci_high,
            "statistic": r.statistic,
            "p_value": r.p_value,
            "significant": r.significant,
            "n_before": r.n_before,
            "n_after": r.n_after,
            "sentence": r.sentence(lang),
        }
        for r in results
    ]
    return pd.DataFrame(rows, columns=["metric", "method", "method_label", "before", "after",
                                       "estimate", "ci_low", "ci_high", "statistic", "p_value",
                                       "significant", "n_before", "n_after", "sentence"])  # fmt: skip


__all__ = [
    "METHOD_LABELS",
    "CovType",
    "OlsFit",
    "PreTrend",
    "TestResult",
    "diff_in_diff",
    "fisher_exact_p",
    "mean_change",
    "median_change",
    "newcombe_interval",
    "ols_robust",
    "pre_trend",
    "proportion_change",
    "results_frame",
]
