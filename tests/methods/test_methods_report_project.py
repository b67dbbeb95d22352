"""Method sections of the main job on a small hand-made project: numbers match direct sums."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import needscope
from needscope.methods import kano, relative_weights, repeat_rate
from needscope.report.blocks import Metrics, Section, Svg, Table, Text
from needscope.report.builtin_methods import SPECS
from needscope.services.run import StoreContext

SQ_DIMS = {"有形性": range(1, 5), "可靠性": range(5, 10), "响应性": range(10, 14),
           "保证性": range(14, 18), "移情性": range(18, 23)}  # fmt: skip


@pytest.fixture(scope="module")
def sections(small_project: Any, no_drawing: None) -> dict[str, Section]:
    """Every method section of the small project, in Chinese."""
    ctx = StoreContext(small_project.ws.store, "small", "zh")
    return {spec.key.removeprefix("methods."): spec.build(ctx) for spec in SPECS}


def _table(section: Section, caption: str) -> pd.DataFrame:
    found = [b.frame for b in section.blocks if isinstance(b, Table) and b.caption == caption]
    assert found, [b.caption for b in section.blocks if isinstance(b, Table)]
    return found[0]


def _texts(section: Section) -> str:
    return "\n".join(b.text for b in section.blocks if isinstance(b, Text))


def _nps(scores: pd.Series) -> float:
    """NPS by hand: % of 9–10 minus % of 0–6."""
    return float(100 * ((scores >= 9).mean() - (scores <= 6).mean()))


def test_every_section_is_built_with_content(sections: dict[str, Section]) -> None:
    assert set(sections) == {
        "satisfaction",
        "kano",
        "servqual",
        "gap_table",
        "ipa",
        "drivers",
        "complaints",
        "rfm",
        "verification",
        "priority",
        "feasibility",
        "fivewhy",
    }
    for key, section in sections.items():
        if key == "fivewhy":  # no need of the small project has a 5-Why chain
            assert "从略" in _texts(section)
            continue
        assert section.title and len(section.blocks) > 1, key
        assert any(isinstance(b, Table) for b in section.blocks), key
        assert not any(t.text.startswith("无法完成") for t in section.blocks
                       if isinstance(t, Text)), key  # fmt: skip


def test_satisfaction_numbers(sections: dict[str, Section], small_project: Any) -> None:
    survey = small_project.survey
    tiles = next(b for b in sections["satisfaction"].blocks if isinstance(b, Metrics)).items
    nps_tile = next(v for k, v in tiles if k.startswith("NPS"))
    assert float(nps_tile) == pytest.approx(_nps(survey["推荐意愿"]), abs=0.05)
    csat_tile = next(v for k, v in tiles if k.startswith("CSAT 前两箱"))
    assert float(csat_tile.rstrip("%")) == pytest.approx(
        100 * (survey["总体满意度"] >= 4).mean(), abs=0.05
    )
    # CES "费力程度" is an effort scale: low effort is 1–3 of 7
    effort = next(v for k, v in tiles if k.startswith("低费力"))
    assert float(effort.rstrip("%")) == pytest.approx(
        100 * (survey["费力程度"] <= 3).mean(), abs=0.05
    )
    by_store = _table(sections["satisfaction"], "按门店/渠道").set_index("组别")
    for store, part in survey.groupby("门店"):
        assert by_store.loc[store, "NPS"] == pytest.approx(_nps(part["推荐意愿"]))
    tests = _table(sections["satisfaction"], "差异检验（两期、两类门店）")
    cohort = tests[(tests["A 组"] == "新店") & (tests["指标"] == "NPS")].iloc[0]
    assert cohort["A 值"] == pytest.approx(_nps(survey.loc[survey["门店"] == "乙店", "推荐意愿"]))
    assert cohort["B 值"] == pytest.approx(_nps(survey.loc[survey["门店"] == "甲店", "推荐意愿"]))
    halves = tests[tests["A 组"] != "新店"]
    assert set(halves["A 组"]) == {"2025-03–2025-04"} and set(halves["B 组"]) == {"2025-01–2025-02"}


def test_kano_counts_classes_and_segments(sections: dict[str, Section], small_project: Any) -> None:
    section = sections["kano"]
    main = _table(section, "KANO 结果").set_index("属性")
    # half the respondents answer (like, neutral) = A, half (expect, dislike) = M (Berger table)
    scan = main.loc["扫码点餐"]
    assert (scan["A"], scan["M"], scan["O"], scan["样本数"]) == (80, 80, 0, 160)
    assert scan["Better"] == pytest.approx(0.5) and scan["Worse"] == pytest.approx(-0.5)
    s = small_project.survey
    direct = kano(s, ["KANO_免费停车_正向"], ["KANO_免费停车_反向"]).iloc[0]
    park = main.loc["免费停车"]
    assert [park[c] for c in "AOMIRQ"] == [direct[c] for c in "AOMIRQ"]
    assert "年龄段" in _texts(section) and "扫码点餐" in _texts(section)
    classes = _table(section, "各年龄段的 KANO 类别（Fong）").set_index("属性")
    assert classes.loc["扫码点餐", "18-34"] == "A" and classes.loc["扫码点餐", "35+"] == "M"
    assert sum(isinstance(b, Svg) for b in section.blocks) == 2  # overall and by segment


def test_servqual_dimension_gaps(sections: dict[str, Section], small_project: Any) -> None:
    dims = _table(sections["servqual"], "各维度差距").set_index("维度")
    s = small_project.survey
    for name, items in SQ_DIMS.items():
        e = s[[f"SQ{i:02d}_期望" for i in items]].mean(axis=1)
        p = s[[f"SQ{i:02d}_感知" for i in items]].mean(axis=1)
        assert dims.loc[name, "差距"] == pytest.approx(float((p - e).mean()))
    assert "差距最大的维度：响应性" in _texts(sections["servqual"])
    assert "容忍区分析从略" in _texts(sections["servqual"])
    by = _table(sections["servqual"], "各维度差距（按门店类型）").set_index("门店类型")
    assert set(by.index) == {"新店", "老店"}


def test_gap_table_from_goals(sections: dict[str, Section], small_project: Any) -> None:
    gaps = _table(sections["gap_table"], "量化服务差距")
    orders = small_project.orders
    serve = gaps[gaps["指标"] == "上菜时间"].set_index("细分")
    assert serve.loc["全部", "实际服务水平"] == pytest.approx(orders["上菜时长(分钟)"].mean())
    new = orders[orders["门店"] == "乙店"]
    expected_gap = 15 - new["上菜时长(分钟)"].mean()
    assert serve.loc["新店", "差距值"] == f"−{round(abs(expected_gap), 2):g} 分钟"
    repeat = gaps[gaps["指标"] == "新店复购率"].set_index("细分")
    rate, _ = repeat_rate(new.replace({"会员编号": {"": np.nan}}), "会员编号")
    assert repeat.loc["新店", "实际服务水平"] == pytest.approx(rate)
    assert repeat.loc["新店", "目标陈述的现状"] == "20%"
    assert (gaps["指标"] == "SERVQUAL·响应性").any()


def test_ipa_and_drivers(sections: dict[str, Section], small_project: Any) -> None:
    ipa = _table(sections["ipa"], "重要性–表现分析")
    assert len(ipa) == 22 and set(ipa["象限"]) <= {"集中改进", "继续保持", "低优先", "过度投入"}
    s = small_project.survey
    frame = pd.DataFrame({name: s[[f"SQ{i:02d}_感知" for i in items]].mean(axis=1)
                          for name, items in SQ_DIMS.items()})  # fmt: skip
    frame["y"] = s["总体满意度"]
    direct = relative_weights(frame, "y", list(SQ_DIMS))
    tiles = dict(next(b for b in sections["drivers"].blocks if isinstance(b, Metrics)).items)
    assert float(tiles["R²"]) == pytest.approx(direct["r2"].iloc[0], abs=5e-4)
    table = _table(sections["drivers"], "维度驱动因素").set_index("驱动因素")
    for row in direct.itertuples():
        assert table.loc[row.predictor, "原始权重"] == pytest.approx(row.raw_weight)
        assert table.loc[row.predictor, "相对权重%下限"] <= row.rescaled_weight


def test_complaints_rfm_verification(sections: dict[str, Section], small_project: Any) -> None:
    pareto = _table(sections["complaints"], "投诉帕累托").set_index("原因")
    counts = small_project.complaints["投诉类别"].value_counts()
    assert pareto["数量"].to_dict() == counts.to_dict()
    assert "“上菜慢”在近期" in _texts(sections["complaints"])
    profile = _table(sections["rfm"], "RFM 客户分群")
    members = small_project.orders["会员编号"].replace("", np.nan).dropna()
    assert profile["客户数"].sum() == members.nunique()
    check = _table(sections["verification"], "需求真实性验证").iloc[0]
    new = small_project.orders[small_project.orders["门店"] == "乙店"]
    hours = pd.to_datetime(new["下单时间"]).dt.hour
    assert check["相关时段量"] == ((hours >= 22) | (hours < 6)).sum()
    assert check["总量"] == len(new)


def test_priority_and_feasibility(sections: dict[str, Section]) -> None:
    template = _table(sections["priority"], "需求优先级评估矩阵")
    assert list(template.columns) == [
        "需求描述",
        "重要性评分(1-5)",
        "紧急性评分(1-5)",
        "优先级分类",
    ]
    assert set(template["需求描述"]) == {
        "缩短上菜时间",
        "新店24小时营业",
        "提供扫码点餐",
        "新店复购率提升",
    }  # the constraint is no need to act on
    basis = pd.concat([_table(sections["priority"], "评分依据：证据").set_index("需求"),
                       _table(sections["priority"], "建议子项评分（1–5）").set_index("需求")],
                      axis=1)  # fmt: skip
    assert basis.loc["缩短上菜时间", "证据条数"] > 0
    assert basis.loc["新店复购率提升", "战略匹配"] == 5 == basis.loc["新店复购率提升", "业务影响"]
    assert (
        basis.loc["提供扫码点餐", "KANO 类别"] == "M/A（扫码点餐）"
    )  # A = M = 80: not significant
    verdict = _table(sections["verification"], "需求真实性验证").iloc[0]["结论"]
    night = basis.loc["新店24小时营业"]
    assert ("行为数据否定" in night["依据调整"]) == (verdict == "与数据矛盾")
    feas = _table(sections["feasibility"], "可行性评估").set_index("需求")
    expected = "暂不可行" if verdict == "与数据矛盾" else "有条件可行"
    assert feas.loc["新店24小时营业", "结论"] == expected
    assert "尚未录入成本、收益、资源与风险" in _texts(sections["feasibility"])


def test_missing_data_gives_skip_notes(tmp_path: Path, no_drawing: None) -> None:
    ws = needscope.open_workspace(f"sqlite:///{tmp_path}/empty.db")
    handle = ws.create_project("bare", "无数据")
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("评论,评分,时间\n上菜慢,2,2025-10-01\n好吃,5,2025-11-02\n", "utf-8")
    handle.import_file(reviews, source_type="third_party")
    ctx = StoreContext(ws.store, "bare", "en")
    for spec in SPECS:
        section = spec.build(ctx)
        assert len(section.blocks) == 1 and isinstance(section.blocks[0], Text), spec.key
        assert "skipped" in section.blocks[0].text, (spec.key, section.blocks[0].text)
    ws.close()


def test_partial_survey_skips_only_what_is_missing(
    tmp_path: Path, no_drawing: None, make_small_project: Callable[..., Any]
) -> None:
    project = make_small_project(tmp_path, with_needs=False)
    trimmed = project.survey[["问卷编号", "提交时间", "门店", "推荐意愿"]]
    path = tmp_path / "nps_only.csv"
    trimmed.to_csv(path, index=False)
    ws = needscope.open_workspace(f"sqlite:///{tmp_path}/nps.db")
    ws.create_project("nps", "只有 NPS").import_file(path, source_type="survey")
    ctx = StoreContext(ws.store, "nps", "zh")
    built = {spec.key.removeprefix("methods."): spec.build(ctx) for spec in SPECS}
    assert any(isinstance(b, Metrics) for b in built["satisfaction"].blocks)
    for key in ("kano", "servqual", "ipa", "drivers", "rfm", "complaints", "priority"):
        assert len(built[key].blocks) == 1 and "从略" in _texts(built[key]), key
    ws.close()
    project.ws.close()
