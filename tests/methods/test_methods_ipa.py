"""IPA: quadrants by hand, crosshair at means or midpoint, kiosk importance/satisfaction pairs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from needscope.methods import IpaQuadrant, ipa, ipa_quadrants, pair_columns

KIOSK = Path("/work/shared/data/survey/kiosk_servqual_kano_utf8.csv")


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {"item": ["上菜速度", "菜品口味", "停车", "装修"],
         "importance": [4.8, 4.6, 2.0, 2.2], "performance": [2.5, 4.5, 2.0, 4.4]}
    )  # fmt: skip


def test_quadrants_at_the_means_by_hand() -> None:
    out = ipa_quadrants(_table())
    # mean importance 3.4, mean performance 3.35
    assert out["importance_crosshair"].iloc[0] == pytest.approx(3.4)
    assert out["performance_crosshair"].iloc[0] == pytest.approx(3.35)
    assert out["quadrant_label"].tolist() == ["集中改进", "继续保持", "低优先", "过度投入"]
    assert out["gap"].tolist() == pytest.approx([-2.3, -0.1, 0.0, 2.2])
    en = ipa_quadrants(_table(), lang="en")
    assert en["quadrant_label"].iloc[0] == IpaQuadrant.CONCENTRATE.en_label


def test_midpoint_crosshair_and_points_on_the_line() -> None:
    out = ipa_quadrants(_table(), crosshair="midpoint", scale=(1, 5))
    # midpoint 3: performance 2.5 low, importance 2.0 low; 4.4 high
    assert out["quadrant"].tolist() == ["concentrate", "keep_up", "low_priority", "overkill"]
    on_line = pd.DataFrame({"item": ["x"], "importance": [3.0], "performance": [3.0]})
    assert ipa_quadrants(on_line, crosshair="midpoint", scale=(1, 5))["quadrant"].iloc[0] == (
        "keep_up"
    )
    with pytest.raises(ValueError, match="scale"):
        ipa_quadrants(_table(), crosshair="midpoint")
    with pytest.raises(ValueError, match="crosshair"):
        ipa_quadrants(_table(), crosshair="median")  # type: ignore[arg-type]


def test_ipa_from_ratings_by_segment() -> None:
    data = pd.DataFrame(
        {"imp_a": [5, 4, 5, 1], "perf_a": [2, 1, 3, 3], "imp_b": [2, 1, 3, 2],
         "perf_b": [4, 5, 5, 4], "g": ["x", "x", "y", "y"]}
    )  # fmt: skip
    out = ipa(data, ["imp_a", "imp_b"], ["perf_a", "perf_b"], items=["a", "b"])
    assert out["importance"].tolist() == pytest.approx([3.75, 2.0])
    assert out["performance"].tolist() == pytest.approx([2.25, 4.5])
    assert out["quadrant"].tolist() == ["concentrate", "overkill"]
    by = ipa(data, ["imp_a", "imp_b"], ["perf_a", "perf_b"], items=["a", "b"], segment="g")
    assert by["segment"].tolist() == ["x", "x", "y", "y"]
    assert by["importance"].tolist() == pytest.approx([4.5, 1.5, 3.0, 2.5])
    with pytest.raises(ValueError, match="performance"):
        ipa(data, ["imp_a"], ["perf_a", "perf_b"])


def test_kiosk_importance_satisfaction_pairs(kiosk_path: Path = KIOSK) -> None:
    if not kiosk_path.exists():
        pytest.skip("kiosk survey not available")
    kiosk = pd.read_csv(kiosk_path)
    pairs = pair_columns(kiosk.columns, first=r"중요하다고", second=r"만족하십니까")
    assert len(pairs) == 24
    out = ipa(kiosk, pairs["first"], pairs["second"], items=pairs["item"], crosshair="midpoint",
              scale=(1, 7))  # fmt: skip
    first = out.iloc[0]
    assert first["importance"] == pytest.approx(kiosk[pairs["first"].iloc[0]].mean())
    assert first["performance"] == pytest.approx(kiosk[pairs["second"].iloc[0]].mean())
    assert set(out["quadrant"]) <= {q.value for q in IpaQuadrant}
