"""Template 3 time windows, the critical path against a hand example, budget and the Gantt chart."""

from __future__ import annotations

from datetime import date

import pytest

from needscope.errors import InputError
from needscope.plan.schedule import (
    Task,
    check_budget,
    check_dependencies,
    critical_path,
    gantt_figure,
    parse_window,
)
from needscope.report.plots_methods import render_png, render_svg


def test_parse_window() -> None:
    assert parse_window("第1-2周") == (1, 2, "")
    assert parse_window("第3周") == (3, 3, "")
    assert parse_window("第5周起每日") == (5, None, "每日")
    assert parse_window("Week 1-2") == (1, 2, "")
    assert parse_window("from week 5 daily") == (5, None, "daily")
    start = date(2026, 3, 2)
    assert parse_window("2026-03-09~2026-03-20", start) == (2, 3, "")
    with pytest.raises(InputError, match="time window"):
        parse_window("尽快")
    with pytest.raises(InputError, match="start date"):
        parse_window("2026-03-09~2026-03-20")


def _t(tid: str, weeks: int, deps: list[str]) -> Task:
    return Task(tid, tid, tid, depends_on=deps)


def test_critical_path_hand_example() -> None:
    # Hand example (durations in weeks): A 3; B 2 after A; C 4 after A; D 1 after B;
    # E 3 after C and D.  Forward: A 0–3, B 3–5, C 3–7, D 5–6, E 7–10 (max(7, 6)).
    # Backward from 10: E LS 7; C LF 7, LS 3; D LF 7, LS 6; B LF 6, LS 4; A LF min(4, 3) = 3,
    # LS 0.  Slack = LS − ES: A 0, B 1, C 0, D 1, E 0.  Critical: A, C, E (3 + 4 + 3 = 10).
    dur = {"A": 3, "B": 2, "C": 4, "D": 1, "E": 3}
    tasks = [_t("A", 3, []), _t("B", 2, ["A"]), _t("C", 4, ["A"]), _t("D", 1, ["B"]),
             _t("E", 3, ["C", "D"])]  # fmt: skip
    cpm = critical_path(tasks, durations=dur).set_index("id")
    assert cpm["es"].to_dict() == {"A": 0, "B": 3, "C": 3, "D": 5, "E": 7}
    assert cpm["ef"].to_dict() == {"A": 3, "B": 5, "C": 7, "D": 6, "E": 10}
    assert cpm["ls"].to_dict() == {"A": 0, "B": 4, "C": 3, "D": 6, "E": 7}
    assert cpm["slack"].to_dict() == {"A": 0, "B": 1, "C": 0, "D": 1, "E": 0}
    assert sorted(cpm.index[cpm["critical"]]) == ["A", "C", "E"]


def test_seed_windows_release_times_and_issues() -> None:
    tasks = [Task("p", "流程优化", "重构点餐-后厨-出餐流程", start_week=1, end_week=2, budget=45000),
             Task("t", "员工培训", "菜单知识+服务话术培训", start_week=3, end_week=3, budget=12000,
                  depends_on=["流程优化"]),
             Task("m", "数据监测", "每日复购率/上菜时间统计", start_week=5, end_week=None,
                  budget=8000, depends_on=["p"])]  # fmt: skip
    cpm = critical_path(tasks).set_index("id")
    # p 0–2; t released at week 3 → 2–3; m released at week 5 (index 4), launch week → 4–5.
    assert cpm.loc["m", "es"] == 4 and cpm.loc["m", "ef"] == 5
    # End = 5. m cannot start before its release (4), so p (LF = min(LS t 4, LS m 4) = 4) and
    # t (LF 5) each have 2 weeks of slack; only m is critical.
    assert cpm["slack"].to_dict() == {"p": 2, "t": 2, "m": 0}
    assert list(cpm.index[cpm["critical"]]) == ["m"]
    assert check_dependencies(tasks) == []
    early = [*tasks[:1], Task("x", "员工培训", "培训", start_week=2, end_week=2, depends_on=["p"])]
    (issue,) = check_dependencies(early)
    assert "第2周才结束" in issue.message_zh
    with pytest.raises(InputError, match="cycle"):
        critical_path([_t("a", 1, ["b"]), _t("b", 1, ["a"])])
    with pytest.raises(InputError, match="neither a task nor a module"):
        critical_path([_t("a", 1, ["zzz"])])


def test_budget_against_constraint() -> None:
    tasks = [Task("a", "流程优化", "x", budget=45000), Task("b", "员工培训", "y", budget=12000),
             Task("c", "流程优化", "z", budget=100000)]  # fmt: skip
    check = check_budget(tasks, 150000)
    assert check.total == 157000 and check.over
    assert check.by_module == {"流程优化": 145000, "员工培训": 12000}
    assert check.message("zh") == "警告：预算合计 157,000 元，超出项目预算上限 150,000 元 7,000 元"
    ok = check_budget(tasks[:2], 150000)
    assert not ok.over and ok.message("en") == (
        "Budget total 57,000 yuan, 38% of the project's limit 150,000 yuan")  # fmt: skip


def test_gantt_renders_png_and_svg() -> None:
    tasks = [Task("p", "流程优化", "重构流程", start_week=1, end_week=2, milestones=["试运行"]),
             Task("m", "数据监测", "统计", start_week=5, end_week=None)]  # fmt: skip

    def make() -> object:
        return gantt_figure(tasks, start=date(2026, 3, 2), weeks=8, critical=["p"], lang="zh")

    png = render_png(make)  # type: ignore[arg-type]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    svg = render_svg(make)  # type: ignore[arg-type]
    assert svg.startswith("<svg") and "流程优化" not in svg  # text drawn as paths
