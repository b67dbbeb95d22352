"""Method sections from any report context (no store): zone of tolerance and stated importance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import pytest

from needscope.methods import ipa, zone_of_tolerance
from needscope.report.blocks import Section, Table
from needscope.report.builtin_methods import SPECS


@dataclass(eq=False)
class FakeContext:
    """A report context holding frames in memory; records carry ratings and attrs."""

    records: pd.DataFrame
    slug: str = "mem"
    lang: Literal["zh", "en"] = "zh"
    project: dict[str, Any] = field(default_factory=lambda: {"goals": []})
    customers: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["key"]))
    needs: pd.DataFrame = field(default_factory=pd.DataFrame)


def _survey(n: int = 60) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(5)
    answers = pd.DataFrame({"总体满意度": rng.integers(1, 6, n)})
    for i in (1, 2, 3):
        answers[f"Q{i}_最低可接受"] = rng.integers(2, 5, n)
        answers[f"Q{i}_理想"] = rng.integers(5, 8, n)
        answers[f"Q{i}_感知"] = rng.integers(1, 8, n)
        answers[f"Q{i}_重要性"] = rng.integers(1, 8, n)
    records = pd.DataFrame({
        "id": range(1, n + 1), "source_type": "survey", "credibility": "medium",
        "channel": "甲店", "touchpoint": None,
        "ts": pd.date_range("2025-01-01", periods=n, freq="D"), "text": None,
        "customer_key": None, "origin_file": "s.csv", "origin_sheet": None, "origin_row": 1,
        "ratings": [{k: float(v) for k, v in row.items()} for row in answers.to_dict("records")],
        "attrs": [{} for _ in range(n)],
    })  # fmt: skip
    return records, answers


@pytest.fixture(scope="module")
def built(no_drawing: None) -> tuple[dict[str, Section], pd.DataFrame]:
    records, answers = _survey()
    ctx = FakeContext(records)
    return {s.key.removeprefix("methods."): s.build(ctx) for s in SPECS}, answers


def _table(section: Section, caption: str) -> pd.DataFrame:
    return next(b.frame for b in section.blocks if isinstance(b, Table) and b.caption == caption)


def test_zone_of_tolerance_from_adequate_and_desired(
    built: tuple[dict[str, Section], pd.DataFrame],
) -> None:
    sections, answers = built
    zone = _table(sections["servqual"], "容忍区")
    cols = [f"Q{i}" for i in (1, 2, 3)]
    direct = zone_of_tolerance(answers, [f"{c}_最低可接受" for c in cols],
                               [f"{c}_理想" for c in cols], [f"{c}_感知" for c in cols])  # fmt: skip
    assert zone["MSA"].to_numpy() == pytest.approx(direct["msa"].to_numpy())
    assert zone["MSS"].to_numpy() == pytest.approx(direct["mss"].to_numpy())
    assert list(zone["题项"]) == cols


def test_ipa_uses_stated_importance(built: tuple[dict[str, Section], pd.DataFrame]) -> None:
    sections, answers = built
    table = _table(sections["ipa"], "重要性–表现分析")
    cols = [f"Q{i}" for i in (1, 2, 3)]
    direct = ipa(answers, [f"{c}_重要性" for c in cols], [f"{c}_感知" for c in cols], items=cols)
    assert table["重要性"].to_numpy() == pytest.approx(direct["importance"].to_numpy())
    assert table["表现"].to_numpy() == pytest.approx(direct["performance"].to_numpy())
    assert "差距" in table.columns  # both on the rating scale, so the gap means something
