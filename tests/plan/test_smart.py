"""SMART goal check: the seed's examples, compound goals, history and benchmark, relevance."""

from __future__ import annotations

import pandas as pd

from needscope.plan.smart import check_goal, parse_goal_parts

SEED = "将客户投诉响应时间从平均48小时缩短至12小时内，30天内客户满意度提升15%"
NEEDS = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "description": ["缩短投诉响应时间", "提升顾客满意度", "增加儿童座椅"],
        "quote": ["投诉两天都没人回", None, None],
        "priority": ["now", "planned", "deferred"],
    }
)


def _status(result: object) -> dict[str, str]:
    return {c.letter: c.status for c in result.checks}  # type: ignore[attr-defined]


def test_seed_goal_has_two_parts() -> None:
    parts, deadline, days = parse_goal_parts(SEED)
    assert [(p.metric, p.metric_key) for p in parts] == [
        ("客户投诉响应时间", "response_time"),
        ("客户满意度", "satisfaction"),
    ]
    assert (parts[0].baseline, parts[0].target, parts[0].unit, parts[0].direction) == (
        48.0, 12.0, "h", "lower")  # fmt: skip
    assert (parts[1].change, parts[1].unit, parts[1].direction) == (15.0, "%", "higher")
    assert (deadline, days) == ("30天内", 30)


def test_seed_goal_passes_on_its_own() -> None:
    result = check_goal(SEED)
    assert result.passed
    assert _status(result) == {"S": "pass", "M": "pass", "A": "unknown", "R": "unknown",
                               "T": "pass"}  # fmt: skip


def test_seed_goal_passes_every_letter_with_history_and_needs() -> None:
    # Response time reached 10 h in a past week; satisfaction +15% of 3.6 = 4.14 ≤ best 4.2.
    history = {
        "response_time": pd.Series([50.0, 30.0, 10.0, 40.0]),
        "satisfaction": pd.Series([3.5, 4.2, 3.6]),
    }
    result = check_goal(SEED, metric_history=history, needs=NEEDS)
    assert result.complete
    assert "#1" in result.check("R").reason_zh and "#2" in result.check("R").reason_en
    assert "4.2" in result.check("A").reason_zh


def test_vague_goal_fails_with_reasons() -> None:
    result = check_goal("提升客户满意度", needs=NEEDS)
    assert not result.passed
    status = _status(result)
    assert status["M"] == "fail" and status["T"] == "fail"
    assert "没有目标数值" in result.check("M").reason_zh
    assert "no deadline" in result.check("T").reason_en
    assert check_goal("提升服务质量").check("S").status == "fail"


def test_english_goal() -> None:
    result = check_goal("Cut average complaint response time from 48 h to 12 h within 30 days",
                        lang="en")  # fmt: skip
    (part,) = result.parts
    assert (part.metric, part.baseline, part.target, part.unit) == (
        "complaint response time", 48.0, 12.0, "h")  # fmt: skip
    assert result.check("T").reason_en == "deadline: within 30 days"
    assert _status(result)["M"] == "pass"


def test_achievable_compares_with_the_largest_improvement() -> None:
    # Weekly repeat rate, 6 weeks: the window is min(5 steps, 90 days / 7 days) = 5, so the best
    # gain is 20 − 10 = 10 points; 20 → 40 needs 20 and beats the best week (20), so it fails;
    # 20 → 25 needs 5 ≤ 10 and passes.
    weeks = pd.date_range("2026-01-05", periods=6, freq="7D")
    history = pd.Series([10.0, 12.0, 11.0, 14.0, 13.0, 20.0], index=weeks)
    result = check_goal("新店开业3个月内复购率从20%提升至40%", metric_history=history)
    a = result.check("A")
    assert a.status == "fail"
    assert "2026-02-09" in a.reason_zh  # the best period, by its date
    assert "最大改善 10" in a.reason_zh  # 20 (last) − 10 (first) within the window
    ok = check_goal("新店开业3个月内复购率从20%提升至25%", metric_history=history)
    assert ok.check("A").status == "pass"


def test_benchmark_and_relevance_to_deferred_need() -> None:
    result = check_goal("30天内上菜时间从18分钟缩短至12分钟", benchmark=13.0)
    assert result.check("A").status == "fail" and "13" in result.check("A").reason_zh
    assert (
        check_goal("30天内上菜时间从18分钟缩短至14分钟", benchmark=13.0).check("A").status == "pass"
    )
    kids = check_goal("30天内儿童座椅从0个增加至4个", needs=NEEDS)
    assert kids.check("R").status == "fail" and "#3" in kids.check("R").reason_zh
