"""Priority matrix: Template 2 examples, weights, thresholds, suggestions and overrides."""

from __future__ import annotations

import pandas as pd
import pytest

from needscope.methods import (
    PriorityRules,
    apply_overrides,
    priority_matrix,
    suggest_scores,
    template2,
)
from needscope.model.vocab import PriorityClass


def _template2_rows() -> pd.DataFrame:
    # seed 000, 模板2 需求优先级评估矩阵
    return pd.DataFrame(
        {
            "need": ["优化点餐上菜流程", "员工菜单知识培训", "增加儿童游乐区服务"],
            "importance": [5, 4, 2],
            "urgency": [4, 3, 1],
            "importance_note": ["直接影响复购率", "减少咨询等待", "非核心需求"],
            "urgency_note": ["新店开业倒计时", "可分阶段实施", "暂无明确时间要求"],
        }
    )


def test_template2_examples_classified_as_in_the_seed() -> None:
    out = priority_matrix(_template2_rows())
    assert out["priority_label"].tolist() == ["立即执行", "计划执行", "暂缓执行"]
    assert out["priority"].tolist() == ["now", "planned", "deferred"]
    table = template2(out)
    assert list(table.columns) == ["需求描述", "重要性评分(1-5)", "紧急性评分(1-5)", "优先级分类"]
    assert table.iloc[0].tolist() == [
        "优化点餐上菜流程", "5(直接影响复购率)", "4(新店开业倒计时)", "立即执行",
    ]  # fmt: skip
    en = template2(priority_matrix(_template2_rows(), lang="en"), lang="en")
    assert en["Priority"].tolist() == ["Do now", "Plan", "Defer"]


def test_weighted_sub_scores_by_hand() -> None:
    data = pd.DataFrame(
        {"need": ["a"], "customer_value": [5], "business_impact": [3], "strategic_fit": [1],
         "time_pressure": [4], "market_opportunity": [2], "risk_avoidance": [5]}
    )  # fmt: skip
    rules = PriorityRules(importance_weights=(2, 1, 1), urgency_weights=(1, 1, 2))
    row = priority_matrix(data, rules=rules).iloc[0]
    assert row["importance"] == pytest.approx((2 * 5 + 3 + 1) / 4)  # 3.5
    assert row["urgency"] == pytest.approx((4 + 2 + 2 * 5) / 4)  # 4.0
    assert row["priority"] == "planned" and row["quadrant"] == "high_importance_high_urgency"
    strict = PriorityRules(importance_weights=(2, 1, 1), urgency_weights=(1, 1, 2),
                           now_importance=3.5)  # fmt: skip
    assert priority_matrix(data, rules=strict).iloc[0]["priority"] == "now"
    # a missing sub-score is left out and the weights renormalised
    part = data.assign(strategic_fit=[None])
    assert priority_matrix(part, rules=rules).iloc[0]["importance"] == pytest.approx(13 / 3)


def test_custom_column_names_and_sorting() -> None:
    data = pd.DataFrame({"需求": ["x", "y"], "重要": [2, 5], "紧急": [2, 5]})
    out = priority_matrix(data, need="需求", columns={"importance": "重要", "urgency": "紧急"})
    assert out["需求"].tolist() == ["y", "x"]
    assert out["priority"].tolist() == [PriorityClass.NOW.value, PriorityClass.DEFERRED.value]


def test_suggestions_from_evidence_by_hand() -> None:
    ev = pd.DataFrame(
        {
            "need": ["上菜慢", "wifi", "儿童区", "会员积分", "发票"],
            "frequency": [50, 5, 2, 20, 10],
            "credibility": ["high", "low", "medium", "high", "high"],
            "kano": ["M", "A", "I", "O/A", "必备属性"],
            "segment_value": [5, 3, 1, 4, 2],
            "trend": [0.6, "rising", "下降", 0.0, None],
        }
    )
    out = suggest_scores(ev, credibility="credibility", kano="kano",
                         segment_value="segment_value", trend="trend").set_index("need")  # fmt: skip
    # weighted frequency 50, 1.5, 1.2, 20, 10 -> ranks 5,2,1,4,3 -> fifths 5,2,1,4,3
    assert out.loc["上菜慢", "customer_value"] == 5  # mean(5, M 5)
    assert out.loc["wifi", "customer_value"] == 3  # mean(2, A 4)
    assert out.loc["儿童区", "customer_value"] == 2  # mean(1, I 2) = 1.5 -> 2
    assert out.loc["会员积分", "strategic_fit"] == 4  # O/A -> O
    assert out.loc["发票", "risk_avoidance"] == 4  # mean(M 5, 3)
    assert out.loc["上菜慢", "time_pressure"] == 5  # +60 %
    assert out.loc["wifi", "time_pressure"] == 4 and out.loc["儿童区", "time_pressure"] == 2
    assert out.loc["发票", "time_pressure"] == 3  # no trend: neutral
    assert out.loc["儿童区", "business_impact"] == 1  # mean(1, 1)
    assert "kano" in out.loc["wifi", "basis"]
    neutral = suggest_scores(ev[["need"]], frequency=None)
    assert (neutral[["customer_value", "time_pressure"]] == 3).all().all()


def test_overrides_are_recorded() -> None:
    ev = pd.DataFrame({"need": ["a", "b"], "frequency": [10, 1]})
    sug = suggest_scores(ev)
    over = pd.DataFrame({"need": ["b"], "customer_value": [5], "time_pressure": [None]})
    out = apply_overrides(sug, over).set_index("need")
    # two needs: average-rank percentiles 0.25, 0.75 -> fifths 2 and 4
    assert out.loc["b", "customer_value"] == 5 and out.loc["b", "customer_value_suggested"] == 2
    assert out.loc["b", "overridden"] == "customer_value"
    assert out.loc["a", "overridden"] == ""
    assert out.loc["b", "time_pressure"] == out.loc["b", "time_pressure_suggested"]
    ranked = priority_matrix(out.reset_index())
    assert len(ranked) == 2
    with pytest.raises(KeyError, match="zzz"):
        apply_overrides(sug, pd.DataFrame({"need": ["zzz"], "customer_value": [3]}))
    with pytest.raises(ValueError, match="1–5"):
        apply_overrides(sug, pd.DataFrame({"need": ["a"], "customer_value": [9]}))


def test_priority_bad_input() -> None:
    with pytest.raises(ValueError, match="1–5"):
        priority_matrix(pd.DataFrame({"need": ["a"], "importance": [6], "urgency": [3]}))
    with pytest.raises(KeyError, match="urgency"):
        priority_matrix(pd.DataFrame({"need": ["a"], "importance": [3]}))
    with pytest.raises(ValueError, match="weights"):
        priority_matrix(_template2_rows().assign(customer_value=3),
                        rules=PriorityRules(importance_weights=(0, 0, 0)))  # fmt: skip
    with pytest.raises(ValueError, match="trend"):
        suggest_scores(pd.DataFrame({"need": ["a"], "frequency": [1], "t": ["sideways"]}),
                       trend="t")  # fmt: skip
