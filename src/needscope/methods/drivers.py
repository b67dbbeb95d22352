"""Key drivers of an outcome: Johnson's relative weights (with bootstrap) and Shapley/LMG."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import pandas as pd

from needscope.methods._common import FloatArray, as_list, numeric, require_columns

MAX_SHAPLEY_PREDICTORS = 15


def _corr_parts(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Predictor correlation matrix and predictor–outcome correlations."""
    r = np.atleast_2d(np.corrcoef(np.column_stack([x, y]), rowvar=False))
    return r[:-1, :-1], r[:-1, -1]


def _johnson(rxx: FloatArray, rxy: FloatArray) -> FloatArray:
    """Raw relative weights (Johnson 2000): Λ = Rxx^½, β = Λ⁻¹ rxy, ε_j = Σ_k Λ_jk² β_k²."""
    evals, evecs = np.linalg.eigh(rxx)
    if evals.min() <= 1e-12:
        raise ValueError("predictors are perfectly collinear (singular correlation matrix)")
    lam = evecs @ np.diag(np.sqrt(evals)) @ evecs.T
    beta = evecs @ np.diag(1.0 / np.sqrt(evals)) @ evecs.T @ rxy
    return np.asarray((lam**2) @ (beta**2), dtype=np.float64)


def _boot_weights(
    z: FloatArray, n_boot: int, rng: np.random.Generator, chunk_cells: int = 20_000_000
) -> FloatArray:
    """Johnson weights of ``n_boot`` bootstrap resamples of the rows of ``z`` = [x | y].

    Each resample is a vector of row counts (multinomial, as drawing n rows with replacement);
    correlations come from count-weighted moments, a whole chunk of resamples at once, and the
    weights from batched eigen-decompositions. Degenerate resamples are dropped.
    """
    n, k = z.shape
    zc = z - z.mean(axis=0)
    zc = zc / zc.std(axis=0)
    prods = (zc[:, :, None] * zc[:, None, :]).reshape(n, k * k)
    per_chunk = max(1, min(n_boot, chunk_cells // max(n, 1)))
    out = []
    done = 0
    while done < n_boot:
        b = min(per_chunk, n_boot - done)
        w = rng.multinomial(n, np.full(n, 1.0 / n), size=b).astype(np.float64) / n
        m1 = w @ zc
        cov = (w @ prods).reshape(b, k, k) - m1[:, :, None] * m1[:, None, :]
        sd = np.sqrt(np.clip(np.diagonal(cov, axis1=1, axis2=2), 0.0, None))
        ok = (sd > 1e-12).all(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = cov / (sd[:, :, None] * sd[:, None, :])
        r = r[ok]
        if len(r):
            rxx, rxy = r[:, :-1, :-1], r[:, :-1, -1]
            evals, evecs = np.linalg.eigh(rxx)
            good = evals.min(axis=1) > 1e-12
            evals, evecs, rxy = evals[good], evecs[good], rxy[good]
            vt = np.swapaxes(evecs, 1, 2)
            lam = (evecs * np.sqrt(evals)[:, None, :]) @ vt
            beta = ((evecs / np.sqrt(evals)[:, None, :]) @ vt @ rxy[:, :, None])[:, :, 0]
            out.append(np.einsum("bjk,bk->bj", lam**2, beta**2))
        done += b
    p = k - 1
    return np.concatenate(out) if out else np.empty((0, p))


def _xy(
    data: pd.DataFrame, target: str, predictors: str | Sequence[str]
) -> tuple[FloatArray, FloatArray, list[str]]:
    """Listwise-complete predictor matrix and outcome."""
    names = as_list(predictors)
    if not names:
        raise ValueError("at least one predictor is needed")
    if target in names:
        raise ValueError(f"{target!r} is both the outcome and a predictor")
    require_columns(data, [target, *names])
    x = np.column_stack([numeric(data[c], c) for c in names])
    y = numeric(data[target], target)
    ok = ~np.isnan(x).any(axis=1) & ~np.isnan(y)
    x, y = x[ok], y[ok]
    if len(y) < len(names) + 2:
        raise ValueError(f"{len(y)} complete rows are too few for {len(names)} predictors")
    if (np.std(x, axis=0) == 0).any() or np.std(y) == 0:
        raise ValueError("a predictor or the outcome is constant")
    return x, y, names


class RelativeWeights:
    """Johnson's relative weights as an estimator: ``fit(X, y)`` learns ``raw_weights_`` etc."""

    def __init__(
        self, n_boot: int = 0, confidence: float = 0.95, random_state: int | None = None
    ) -> None:
        self.n_boot = n_boot
        self.confidence = confidence
        self.random_state = random_state

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Constructor parameters (scikit-learn contract)."""
        return {"n_boot": self.n_boot, "confidence": self.confidence,
                "random_state": self.random_state}  # fmt: skip

    def set_params(self, **params: Any) -> Self:
        """Set constructor parameters (scikit-learn contract)."""
        for key, value in params.items():
            if key not in self.get_params():
                raise ValueError(f"unknown parameter {key!r}")
            setattr(self, key, value)
        return self

    def fit(self, X: Any, y: Any) -> Self:
        """Learn raw and rescaled weights, R², signs and (if ``n_boot``) percentile intervals."""
        frame = X if isinstance(X, pd.DataFrame) else pd.DataFrame(np.asarray(X, dtype=float))
        frame = frame.copy()
        frame.columns = pd.Index([str(c) for c in frame.columns])
        names = list(frame.columns)
        target = "__y__"
        frame[target] = np.asarray(y, dtype=float)
        x, yv, _ = _xy(frame, target, names)
        rxx, rxy = _corr_parts(x, yv)
        raw = _johnson(rxx, rxy)
        self.feature_names_in_ = np.array(names, dtype=object)
        self.n_features_in_ = len(names)
        self.n_samples_ = len(yv)
        self.r2_ = float(raw.sum())
        self.raw_weights_ = raw
        self.rescaled_weights_ = 100.0 * raw / raw.sum()
        self.coef_standardized_ = np.linalg.solve(rxx, rxy)
        self.signs_ = np.sign(self.coef_standardized_).astype(np.int64)
        self.raw_ci_: FloatArray | None = None
        self.rescaled_ci_: FloatArray | None = None
        if self.n_boot > 0:
            rng = np.random.default_rng(self.random_state)
            draws = _boot_weights(np.column_stack([x, yv]), self.n_boot, rng)
            boot = draws
            alpha = (1.0 - self.confidence) / 2.0
            q = [100 * alpha, 100 * (1 - alpha)]
            self.raw_ci_ = np.percentile(boot, q, axis=0).T
            resc = 100.0 * boot / boot.sum(axis=1, keepdims=True)
            self.rescaled_ci_ = np.percentile(resc, q, axis=0).T
            self.n_boot_used_ = len(boot)
        return self


def relative_weights(
    data: pd.DataFrame,
    target: str,
    predictors: Sequence[str],
    n_boot: int = 0,
    confidence: float = 0.95,
    random_state: int | None = None,
) -> pd.DataFrame:
    """Johnson's relative weights: raw (sum = R²), rescaled (% of R²), sign, bootstrap CIs."""
    x, y, names = _xy(data, target, predictors)
    est = RelativeWeights(n_boot, confidence, random_state).fit(pd.DataFrame(x, columns=names), y)
    out = pd.DataFrame(
        {"predictor": names, "raw_weight": est.raw_weights_,
         "rescaled_weight": est.rescaled_weights_, "sign": est.signs_}
    )  # fmt: skip
    if est.raw_ci_ is not None and est.rescaled_ci_ is not None:
        out["raw_ci_low"], out["raw_ci_high"] = est.raw_ci_[:, 0], est.raw_ci_[:, 1]
        out["rescaled_ci_low"] = est.rescaled_ci_[:, 0]
        out["rescaled_ci_high"] = est.rescaled_ci_[:, 1]
    out["r2"] = est.r2_
    out["n"] = est.n_samples_
    return out


def _subset_r2(rxx: FloatArray, rxy: FloatArray) -> FloatArray:
    """R² of every predictor subset, indexed by bitmask (bit j = predictor j)."""
    p = len(rxy)
    r2 = np.zeros(1 << p)
    for mask in range(1, 1 << p):
        idx = [j for j in range(p) if mask >> j & 1]
        r = rxy[idx]
        r2[mask] = float(r @ np.linalg.solve(rxx[np.ix_(idx, idx)], r))
    return r2


def shapley_r2(data: pd.DataFrame, target: str, predictors: Sequence[str]) -> pd.DataFrame:
    """Shapley value / LMG decomposition of R² (average gain over all predictor orderings)."""
    x, y, names = _xy(data, target, predictors)
    p = len(names)
    if p > MAX_SHAPLEY_PREDICTORS:
        raise ValueError(f"Shapley/LMG needs 2^p regressions; at most {MAX_SHAPLEY_PREDICTORS}")
    rxx, rxy = _corr_parts(x, y)
    if np.linalg.eigvalsh(rxx).min() <= 1e-12:
        raise ValueError("predictors are perfectly collinear (singular correlation matrix)")
    r2 = _subset_r2(rxx, rxy)
    masks = np.arange(1 << p)
    sizes = np.array([bin(m).count("1") for m in masks])
    fact = [math.factorial(k) for k in range(p + 1)]
    values = np.zeros(p)
    for j in range(p):
        without = masks[(masks >> j & 1) == 0]
        w = np.array([fact[s] * fact[p - s - 1] for s in sizes[without]]) / fact[p]
        values[j] = float(np.sum(w * (r2[without | (1 << j)] - r2[without])))
    total = r2[-1]
    return pd.DataFrame(
        {"predictor": names, "lmg": values, "lmg_share": 100.0 * values / total,
         "r2": total, "n": len(y)}
    )  # fmt: skip


def key_drivers(
    data: pd.DataFrame,
    target: str,
    predictors: Sequence[str],
    n_boot: int = 0,
    random_state: int | None = None,
) -> pd.DataFrame:
    """Which attributes drive the outcome: correlation, relative weights, LMG and rank."""
    rw = relative_weights(data, target, predictors, n_boot=n_boot, random_state=random_state)
    x, y, names = _xy(data, target, predictors)
    _, rxy = _corr_parts(x, y)
    rw.insert(1, "correlation", rxy)
    if len(names) <= MAX_SHAPLEY_PREDICTORS:
        lmg = shapley_r2(data, target, predictors)
        rw["lmg"], rw["lmg_share"] = lmg["lmg"].to_numpy(), lmg["lmg_share"].to_numpy()
    rw["rank"] = rw["raw_weight"].rank(ascending=False, method="min").astype(np.int64)
    return rw.sort_values("rank", kind="stable").reset_index(drop=True)


__all__ = [
    "MAX_SHAPLEY_PREDICTORS",
    "RelativeWeights",
    "key_drivers",
    "relative_weights",
    "shapley_r2",
]
