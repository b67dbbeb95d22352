"""Per-aspect detectors: a Platt-scaled linear SVM with an out-of-fold F1-best threshold."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC


class Constant:
    """A detector for an aspect that is always (or never) present in the training data."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict_proba(self, X: Any) -> np.ndarray:
        """Constant probabilities (absent, present)."""
        n = X.shape[0]
        return np.column_stack([np.full(n, 1 - self.p), np.full(n, self.p)])


class Detector:
    """Linear SVM with Platt scaling fitted on out-of-fold decision values.

    Like ``CalibratedClassifierCV(ensemble=False)``; the out-of-fold probabilities also give the
    F1-best threshold of the aspect (kept between 0.25 and 0.6).
    """

    def __init__(self, C: float, cv: int) -> None:
        self.C = C
        self.cv = cv

    def fit(self, X: Any, y: np.ndarray) -> Detector:
        """Fit SVM folds, the Platt scaler and the final SVM; return self."""
        oof = np.zeros(len(y))
        folds = StratifiedKFold(self.cv, shuffle=True, random_state=0)
        for tr, te in folds.split(np.zeros(len(y)), y):
            oof[te] = LinearSVC(C=self.C).fit(X[tr], y[tr]).decision_function(X[te])
        self.platt = LogisticRegression(C=1e4).fit(oof[:, None], y)
        self.svm = LinearSVC(C=self.C).fit(X, y)
        p = self.platt.predict_proba(oof[:, None])[:, 1]
        grid = np.arange(0.25, 0.61, 0.025)
        f1 = [2 * (y & (p >= t)).sum() / max(y.sum() + (p >= t).sum(), 1) for t in grid]
        self.threshold = float(grid[int(np.argmax(f1))])
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probabilities (absent, present)."""
        out: np.ndarray = self.platt.predict_proba(self.svm.decision_function(X)[:, None])
        return out


__all__ = ["Constant", "Detector"]
