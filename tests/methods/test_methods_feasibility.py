"""Feasibility: resource fit, payback/ROI by hand, risk bars, verdicts and the report text."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from needscope.methods import FeasibilityRules, feasibility, feasibility_report


def _needs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "need": ["优化点餐上菜流程", "员工菜单培训", "24小时客服"],
            "people_required": [5, 2, 6],
            "people_available": [4, 2, 2],
            "budget_required": [80_000, 10_000, 300_000],
            "budget_available": [150_000, 150_000, 150_000],
            "cost": [80_000, 10_000, 300_000],
            "benefit": [20_000, 5_000, 10_000],
            "technical_risk": [2, 1, 3],
            "compliance_risk": [1, 1, 2],
            "acceptance_risk": [4, 2, 5],
        }
    )


def test_numbers_by_hand() -> None:
    out = feasibility(_needs()).set_index("need")
    first = out.loc["优化点餐上菜流程"]
    assert first["fit_people"] == pytest.approx(0.8) and first["fit_budget"] == 1.0
    assert first["resource_fit"] == pytest.approx(0.8) and first["bottleneck"] == "people"
    assert first["payback"] == pytest.approx(4.0)  # 80,000 / 20,000 per month
    assert first["roi"] == pytest.approx((20_000 * 12 - 80_000) / 80_000)  # 200 %
    assert first["risk_max"] == 4
    assert out["verdict"].tolist() == ["conditional", "feasible", "not_feasible"]
    assert out.loc["24小时客服", "resource_fit"] == pytest.approx(1 / 3)
    assert "客户接受度风险极高" in out.loc["24小时客服", "reasons"]
    assert "30 期内" not in out.loc["24小时客服", "reasons"]
    assert "12 期内无法回本" in out.loc["24小时客服", "reasons"]  # payback 30 > 12


def test_rules_are_configurable() -> None:
    lenient = FeasibilityRules(horizon=36, fit_min=0.3, risk_max=6, risk_ok=5)
    out = feasibility(_needs(), rules=lenient)
    assert out["verdict"].iloc[2] == "conditional"  # only the resource gap remains


def test_report_text() -> None:
    report = feasibility_report(feasibility(_needs()), unit="元")
    text = report["report"].iloc[0]
    assert text.startswith("【优化点餐上菜流程】结论：有条件可行。")
    assert "资源匹配度 80%（瓶颈：人员）" in text and "回收期 4.0 期" in text
    en = feasibility_report(feasibility(_needs(), lang="en"), lang="en")
    assert en["report"].iloc[1].startswith("员工菜单培训: verdict: Feasible.")


def test_partial_data_and_bad_input() -> None:
    only_risk = feasibility(pd.DataFrame({"need": ["x"], "technical_risk": [2]}))
    # low risk alone is not enough: without resources or cost-benefit it stays conditional
    assert only_risk["verdict"].iloc[0] == "conditional"
    assert only_risk["reasons"].iloc[0] == "资源与成本收益未评估"
    blocked = feasibility(pd.DataFrame({"need": ["z"], "acceptance_risk": [5]}))
    assert blocked["verdict"].iloc[0] == "not_feasible"
    assert math.isnan(only_risk["resource_fit"].iloc[0])
    nothing = feasibility(pd.DataFrame({"need": ["y"]}))
    assert nothing["verdict"].iloc[0] == "conditional"
    with pytest.raises(ValueError, match="1–5"):
        feasibility(pd.DataFrame({"need": ["x"], "technical_risk": [9]}))
    with pytest.raises(ValueError, match="negative"):
        feasibility(pd.DataFrame({"need": ["x"], "people_required": [-1]}))
    with pytest.raises(KeyError):
        feasibility(pd.DataFrame({"title": ["x"]}))
