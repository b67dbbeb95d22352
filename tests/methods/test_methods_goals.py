"""Measurable goals: parsing targets and baselines, matching them to data columns."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from needscope.methods import column_unit, match_column, parse_goal, parse_goals, repeat_rate


@pytest.mark.parametrize(
    ("text", "metric", "target", "unit", "direction", "baseline"),
    [
        ("上菜时间不超过15分钟", "上菜时间", 15, "min", "lower", None),
        ("新店开业3个月内复购率从20%提升至40%", "复购率", 40, "%", "higher", 20),
        ("响应速度5分钟内", "响应速度", 5, "min", "lower", None),  # seed 002's own example
        ("解决问题能力达到90%", "解决问题能力", 90, "%", "higher", None),
        ("服务态度评分不低于9分", "服务态度评分", 9, "pt", "higher", None),
        ("投诉率从5%降低至2%", "投诉率", 2, "%", "lower", 5),
        ("Serving time under 15 minutes", "Serving time", 15, "min", "lower", None),
        ("Repurchase rate from 20% to 40%", "Repurchase rate", 40, "%", "higher", 20),
    ],
)
def test_parse_goal(
    text: str, metric: str, target: float, unit: str, direction: str, baseline: float | None
) -> None:
    goal = parse_goal(text)
    assert goal is not None
    assert (goal.metric, goal.target, goal.unit, goal.direction) == (
        metric,
        target,
        unit,
        direction,
    )
    assert goal.baseline == baseline


def test_goals_without_numbers_are_left_out() -> None:
    assert parse_goal("提升品牌形象") is None
    assert [g.metric for g in parse_goals(["提升品牌形象", "", "等位时间缩短至20分钟"])] == [
        "等位时间"
    ]


def test_match_column_and_unit() -> None:
    cols = ["人数", "金额", "上菜时长(分钟)", "等位时长（分钟）"]
    assert match_column("上菜时间", cols) == "上菜时长(分钟)"
    assert match_column("等位时间", cols) == "等位时长（分钟）"
    assert match_column("复购率", cols) is None
    assert (
        match_column("serving time", ["Serving time (min)", "Party size"]) == "Serving time (min)"
    )
    assert column_unit("上菜时长(分钟)") == "min" and column_unit("金额") is None
    assert column_unit("等位（小时）") == "h"


def test_repeat_rate() -> None:
    orders = pd.DataFrame({"c": ["a", "a", "b", "c", "c", "c", None]})
    rate, n = repeat_rate(orders, "c")
    assert n == 3 and rate == pytest.approx(200 / 3)
    empty_rate, zero = repeat_rate(pd.DataFrame({"c": [None]}), "c")
    assert zero == 0 and math.isnan(empty_rate)
    with pytest.raises(KeyError):
        repeat_rate(orders, "missing")
