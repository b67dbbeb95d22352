"""Report sections: each method's result becomes a Section with valid tables, charts and SVGs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text as MplText

from needscope.methods import (
    complaint_trend,
    csat,
    feasibility,
    feasibility_report,
    five_why,
    gap_table,
    ipa_quadrants,
    kano_from_counts,
    key_drivers,
    nps,
    pareto,
    priority_matrix,
    rfm,
    rfm_profile,
    servqual_dimensions,
    servqual_gaps,
    servqual_score,
    verify_hours,
    zone_of_tolerance,
)
from needscope.report import sections_methods as sm
from needscope.report.blocks import Chart, Section, Table, Text
from needscope.report.plots_methods import ipa_figure, kano_figure, priority_figure


def _check(section: Section) -> None:
    assert section.title and section.key
    sheets = [b.sheet for b in section.blocks if isinstance(b, Table) and b.sheet]
    assert len(sheets) == len(set(sheets))
    assert all(len(s) <= 31 for s in sheets)
    for block in section.blocks:
        if isinstance(block, Chart):
            assert block.kind in ("bar", "barh", "stacked_bar", "line", "pie")
            assert block.x in block.data.columns
            assert set(block.y) <= set(block.data.columns), (block.y, list(block.data.columns))
            assert len(block.data) > 0


def _texts(fig: Figure) -> str:
    """All text drawn on a figure (titles, labels, annotations, legend)."""
    return "\n".join(t.get_text() for t in fig.findobj(MplText))


def _kano() -> pd.DataFrame:
    counts = pd.DataFrame(
        {"attribute": ["上菜速度", "免费WiFi"], "A": [12, 40], "O": [30, 10], "M": [38, 5],
         "I": [15, 40], "R": [3, 2], "Q": [2, 3], "importance": [6.5, 3.2]}
    )  # fmt: skip
    return kano_from_counts(counts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kano_section_and_plot(lang: str) -> None:
    section = sm.kano_section(_kano(), lang)  # type: ignore[arg-type]
    _check(section)
    svg = sm.kano_plot_svg(_kano(), lang)  # type: ignore[arg-type]
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "上菜速度" not in svg and "<!--" not in svg  # text drawn as paths, no comments
    assert "<script" not in svg and "http://cdn" not in svg
    texts = _texts(kano_figure(_kano(), lang))  # type: ignore[arg-type]
    assert "上菜速度" in texts and ("魅力属性" if lang == "zh" else "Attractive") in texts


def test_metrics_section() -> None:
    data = pd.DataFrame({"s": [10, 9, 3, 8, 7, 10], "c": [5, 4, 2, 4, 3, 5], "g": list("aabbcc"),
                         "d": pd.date_range("2024-01-01", periods=6, freq="20D")})  # fmt: skip
    overall = sm.metrics_section(nps(data, "s"), csat(data, "c"), lang="zh")
    _check(overall)
    assert any(b.__class__.__name__ == "Metrics" for b in overall.blocks)
    by = sm.metrics_section(nps(data, "s", segment="g"), lang="en")
    _check(by)
    both = sm.metrics_section(nps(data, "s", segment="g", period="d", period_freq="M"))
    _check(both)
    assert any(isinstance(b, Chart) and b.kind == "line" for b in both.blocks)


def test_servqual_zone_and_gap_sections() -> None:
    rng = np.random.default_rng(2)
    data = pd.DataFrame({f"{s}{i}": rng.integers(1, 8, 30) for i in range(1, 23) for s in "EP"})
    data["seg"] = np.where(np.arange(30) < 15, "新客", "老客")
    e, p = [f"E{i}" for i in range(1, 23)], [f"P{i}" for i in range(1, 23)]
    section = sm.servqual_section(servqual_gaps(data, e, p, segment="seg"),
                                  servqual_dimensions(data, e, p, segment="seg"),
                                  servqual_score(data, e, p))  # fmt: skip
    _check(section)
    bars = [b for b in section.blocks if isinstance(b, Chart)]
    assert bars and set(bars[0].y) == {"新客", "老客"}
    _check(sm.servqual_section(servqual_gaps(data, e, p), lang="en"))
    _check(sm.zone_section(zone_of_tolerance(data, e[:3], e[3:6], p[:3])))
    seed = pd.DataFrame({"metric": ["响应速度", "服务态度"], "expected": ["5分钟内", "9分"],
                         "actual": ["10分钟", "8分"], "competitor": ["8分钟", "8.5分"]})  # fmt: skip
    gap = sm.gap_table_section(gap_table(seed, competitor="competitor"))
    _check(gap)
    table = next(b for b in gap.blocks if isinstance(b, Table))
    assert list(table.frame.columns)[:3] == ["指标", "客户期望值", "实际服务水平"]
    assert isinstance(gap.blocks[0], Text) and "响应速度" in gap.blocks[0].text


def test_ipa_drivers_priority_feasibility_sections() -> None:
    table = pd.DataFrame({"item": ["上菜", "口味", "停车", "装修"], "importance": [4.8, 4.6, 2, 2.2],
                          "performance": [2.5, 4.5, 2, 4.4]})  # fmt: skip
    result = ipa_quadrants(table)
    _check(sm.ipa_section(result))
    assert sm.ipa_plot_svg(result).startswith("<svg")
    texts = _texts(ipa_figure(result))
    assert "集中改进" in texts and "上菜" in texts
    rng = np.random.default_rng(0)
    d = pd.DataFrame(rng.normal(size=(50, 3)), columns=["a", "b", "c"])
    d["y"] = d.a + 0.5 * d.b + rng.normal(size=50)
    _check(sm.drivers_section(key_drivers(d, "y", ["a", "b", "c"])))
    needs = pd.DataFrame({"need": ["优化点餐上菜流程", "员工菜单知识培训", "增加儿童游乐区服务"],
                          "importance": [5, 4, 2], "urgency": [4, 3, 1]})  # fmt: skip
    pm = priority_matrix(needs)
    section = sm.priority_section(pm)
    _check(section)
    first = next(b for b in section.blocks if isinstance(b, Table))
    assert "优先级分类" in first.frame.columns
    assert sm.priority_matrix_svg(pm).startswith("<svg")
    texts = _texts(priority_figure(pm))
    assert "立即执行" in texts and "增加儿童游乐区服务" in texts
    feas = feasibility(needs.assign(cost=[8, 1, 30], benefit=[2, 1, 1], technical_risk=[2, 1, 5]))
    section = sm.feasibility_section(feas, feasibility_report(feas))
    _check(section)
    assert isinstance(section.blocks[0], Text) and section.blocks[0].text.startswith("【")


def test_complaints_rfm_verification_fivewhy_sections() -> None:
    comp = pd.DataFrame({"cause": ["慢"] * 8 + ["凶"] * 2,
                         "date": pd.date_range("2024-01-20", periods=10, freq="3D")})  # fmt: skip
    section = sm.complaints_section(pareto(comp), complaint_trend(comp, "date"))
    _check(section)
    assert "80%" in section.blocks[0].text  # type: ignore[union-attr]
    tx = pd.DataFrame({"customer": list("aabcd"), "amount": [5.0, 10, 3, 8, 1],
                       "date": ["2024-01-01", "2024-03-01", "2024-02-01", "2024-03-05",
                                "2023-12-01"]})  # fmt: skip
    _check(sm.rfm_section(rfm_profile(rfm(tx), "en"), "en"))
    hours = pd.DataFrame({"hour": range(24), "n": [1] * 6 + [20] * 16 + [1] * 2})
    section = sm.verification_section([verify_hours(hours, "hour", count="n")])
    _check(section)
    assert section.blocks[0].text.startswith("与数据矛盾")  # type: ignore[union-attr]
    tree = five_why("缩短上菜时间", "上菜慢", ["后厨出餐慢", "人工转抄点单"])
    section = sm.fivewhy_section([tree])
    _check(section)
    assert "人工转抄点单（根因）" in section.blocks[0].text  # type: ignore[union-attr]
