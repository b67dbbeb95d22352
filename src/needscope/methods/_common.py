"""Shared checks and small statistics used by the analysis methods."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def as_list(columns: str | Sequence[str]) -> list[str]:
    """Return ``columns`` as a list (a single name becomes a one-item list)."""
    return [columns] if isinstance(columns, str) else list(columns)


def require_columns(data: pd.DataFrame, columns: Sequence[str | None]) -> None:
    """Raise ``KeyError`` naming every column of ``columns`` missing from ``data``."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise KeyError(f"column(s) not found: {', '.join(map(str, missing))}")


def require_rows(data: pd.DataFrame) -> None:
    """Raise ``ValueError`` if ``data`` has no rows."""
    if len(data) == 0:
        raise ValueError("data has no rows")


def numeric(series: pd.Series, name: str | None = None) -> FloatArray:
    """Return ``series`` as floats; text that is not a number raises ``ValueError``."""
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(series.dtype):
        return np.asarray(series, dtype=np.float64)
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna() & (series.astype(str).str.strip() != "")
    if bool(bad.any()):
        example = series[bad].iloc[0]
        label = name if name is not None else series.name
        raise ValueError(f"column {label!r} holds non-numeric value {example!r}")
    return np.asarray(values, dtype=np.float64)


def leading_number(series: pd.Series) -> FloatArray:
    """Return the number a value starts with (``"9 - Extremely important"`` → 9), else NaN."""
    if pd.api.types.is_numeric_dtype(series.dtype):
        return np.asarray(series, dtype=np.float64)
    text = series.astype("string").str.extract(r"^\s*([-+]?\d+(?:\.\d+)?)", expand=False)
    return np.asarray(pd.to_numeric(text, errors="coerce"), dtype=np.float64)


def to_datetime(series: pd.Series) -> pd.Series:
    """Parse dates; unparseable values become NaT (without pandas' format-guess warning)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return pd.to_datetime(series, errors="coerce")


def group_codes(data: pd.DataFrame, by: str | None) -> tuple[IntArray, list[object]]:
    """Return integer group codes (-1 for missing) and the group labels, sorted."""
    if by is None:
        return np.zeros(len(data), dtype=np.int64), []
    codes, uniques = pd.factorize(data[by], sort=True, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), list(uniques)


def z_value(confidence: float) -> float:
    """Two-sided normal quantile for ``confidence`` (0.95 → 1.96)."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def t_value(confidence: float, dof: FloatArray) -> FloatArray:
    """Two-sided Student t quantile for ``confidence`` and degrees of freedom ``dof``."""
    z_value(confidence)
    with np.errstate(invalid="ignore"):
        out = stats.t.ppf(0.5 + confidence / 2.0, np.where(dof > 0, dof, np.nan))
    return np.asarray(out, dtype=np.float64)


def wilson_interval(
    successes: FloatArray, n: FloatArray, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for a proportion (Wilson 1927); NaN where ``n`` is 0."""
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = successes / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    return centre - half, centre + half


def grouped_moments(
    codes: IntArray, n_groups: int, values: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Count, mean and sample SD (ddof=1) of ``values`` per group; NaN values are skipped."""
    keep = (codes >= 0) & ~np.isnan(values)
    c = codes[keep]
    v = values[keep]
    n = np.bincount(c, minlength=n_groups).astype(np.float64)
    s1 = np.bincount(c, weights=v, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1 / n
        dev = v - mean[c]
        ss = np.bincount(c, weights=dev * dev, minlength=n_groups)
        sd = np.sqrt(ss / (n - 1.0))
    sd[n < 2] = np.nan
    return n, mean, sd


__all__: list[str] = []
