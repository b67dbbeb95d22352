"""Section builders: Template 1, overview facts and figures, source counts, empty inputs."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
import pytest

from needscope.model.vocab import SourceType
from needscope.report.blocks import Chart, Metrics, Section, Table, Text
from needscope.report.sections_basic import (
    TEMPLATE1_COLUMNS,
    needs_section,
    overview_section,
    sources_section,
    template1_frame,
    vocab_label,
)

ZH_T1 = [
    "客户名称",
    "所属行业",
    "负责人",
    "需求来源",
    "需求维度",
    "具体描述",
    "客户原话/数据",
    "信息可信度",
]
EN_T1 = [
    "Client",
    "Industry",
    "Owner",
    "Source",
    "Need dimension",
    "Description",
    "Customer's words / data",
    "Credibility",
]


def _tables(section: Section) -> dict[str, pd.DataFrame]:
    return {b.sheet or "": b.frame for b in section.blocks if isinstance(b, Table)}


def _metrics(section: Section) -> dict[str, str]:
    return {k: v for b in section.blocks if isinstance(b, Metrics) for k, v in b.items}


def test_template1_matches_the_seed_zh(needs: pd.DataFrame) -> None:
    t1 = template1_frame(needs, "zh")
    assert list(t1.columns) == ZH_T1 == TEMPLATE1_COLUMNS["zh"]
    # the seed's example row: 餐饮连锁 | 餐饮 | *总 | 深度访谈 | 核心目标 | ... | 高
    assert t1.iloc[0].tolist() == [
        "餐饮连锁",
        "餐饮",
        "*总",
        "深度访谈",
        "核心目标",
        "提升新店顾客复购率",
        "“新店开业3个月，复购率需从20%提升至40%”",
        "高",
    ]
    assert t1["需求维度"].tolist() == ["核心目标", "期望标准", "隐性需求", "限制条件"]
    assert t1["需求来源"].tolist() == ["深度访谈", "问卷调查", "现场观察", "深度访谈"]


def test_template1_en(needs: pd.DataFrame) -> None:
    t1 = template1_frame(needs, "en")
    assert list(t1.columns) == EN_T1
    assert t1["Source"].tolist() == ["Interview", "Survey", "Observation", "Interview"]
    assert t1["Credibility"].tolist() == ["High", "Medium", "High", "High"]


def test_template1_accepts_labels_enums_and_blanks() -> None:
    frame = pd.DataFrame(
        {
            "dimension": ["核心目标", "Constraint", None],
            "description": ["a", "b", "c"],
            "source_type": [SourceType.SURVEY, "访谈", "社交媒体"],
            "credibility": ["高", float("nan"), "l"],
        }
    )
    t1 = template1_frame(frame, "en")
    assert t1["Need dimension"].tolist() == ["Core goal", "Constraint", ""]
    assert t1["Source"].tolist() == ["Survey", "Interview", "社交媒体"]  # unknown kept as is
    assert t1["Credibility"].tolist() == ["High", "", "Low"]
    assert t1["Client"].tolist() == ["", "", ""]


def test_template1_empty_and_missing_columns() -> None:
    assert list(template1_frame(pd.DataFrame(), "zh").columns) == ZH_T1
    assert len(template1_frame(pd.DataFrame(), "en")) == 0
    with pytest.raises(ValueError, match="description"):
        template1_frame(pd.DataFrame({"dimension": ["core_goal"]}), "zh")


def test_vocab_label() -> None:
    assert vocab_label(SourceType, "third_party", "zh") == "第三方反馈"
    assert vocab_label(SourceType, None, "zh") == ""


def test_overview(project: dict[str, Any], records: pd.DataFrame, needs: pd.DataFrame) -> None:
    section = overview_section(project, records, needs, "zh")
    facts = _tables(section)["项目概况"]
    got = dict(zip(facts["项目"], facts["内容"], strict=True))
    assert list(got) == [
        "客户名称",
        "所属行业",
        "负责人",
        "客户类型",
        "业务场景",
        "预算",
        "时间节点",
        "资源约束",
        "目标",
    ]
    assert got["客户类型"] == "C端" and got["业务场景"] == "新客户首次合作"
    assert got["预算"] == "150,000 元" and got["时间节点"] == "2024-06-30"
    assert got["目标"] == "复购率 40%；上菜 ≤ 15 分钟"
    m = _metrics(section)
    assert m["记录数"] == "8"
    assert m["客户数"] == str(len({"c1", "c2", "c3", "c4", "c5"}))
    assert m["来源类型"] == "5" and m["来源文件"] == "2" and m["需求数"] == "4"
    assert m["覆盖时段"] == "2024-01-05 – 2024-04-20"
    en = overview_section(project, records, needs, "en")
    en_facts = _tables(en)["Project facts"]
    assert dict(zip(en_facts["Field"], en_facts["Value"], strict=True))["Budget"] == "CNY 150,000"


def test_sources_counts(records: pd.DataFrame) -> None:
    section = sources_section(records, "zh")
    tables = _tables(section)
    by_source = tables["来源类型"]
    expected = Counter(SourceType.parse(v).zh_label for v in records["source_type"])
    assert dict(zip(by_source["来源类型"], by_source["记录数"], strict=True)) == expected
    assert by_source["记录数"].tolist() == sorted(expected.values(), reverse=True)
    assert by_source["占比(%)"].iloc[0] == round(100 * 3 / 8, 1)
    assert by_source["来源类型"].iloc[1] == "问卷调查"  # ties keep vocabulary order

    cross = tables["来源×可信度"].set_index("来源类型")
    assert list(cross.columns) == ["高", "中", "低", "合计"]
    assert cross.loc["第三方反馈", "低"] == 3 and cross.loc["问卷调查", "高"] == 1
    assert cross["合计"].sum() == len(records)

    channel = tables["渠道"]
    assert channel["渠道"].iloc[0] == "大众点评" and channel["记录数"].iloc[0] == 2
    assert "未标注" in channel["渠道"].tolist()

    month = tables["月份"]
    assert [str(p) for p in month["月份"]] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert month["合计"].tolist() == [2, 1, 2, 2]  # one record has no date
    assert month.loc[0, "问卷调查"] == 2
    assert any(isinstance(b, Text) and "1 条记录没有时间" in b.text for b in section.blocks)

    kinds = [b.kind for b in section.blocks if isinstance(b, Chart)]
    assert kinds == ["bar", "stacked_bar", "barh", "line"]


def test_channels_top15_plus_other() -> None:
    n = 40
    frame = pd.DataFrame(
        {
            "source_type": ["survey"] * n,
            "credibility": ["medium"] * n,
            "channel": [f"ch{i:02d}" for i in range(20)] + ["ch00"] * 20,
            "ts": pd.NaT,
        }
    )
    table = _tables(sources_section(frame, "en"))["By channel"]
    assert len(table) == 16 and table["Channel"].iloc[-1] == "Other"
    assert table["Records"].iloc[0] == 21
    assert table["Records"].sum() == n
    assert table["Records"].iloc[-1] == 5


def test_needs_section(needs: pd.DataFrame) -> None:
    section = needs_section(needs, "en")
    tables = _tables(section)
    assert list(tables["T1 Raw needs"].columns) == EN_T1
    dims = tables["Needs by dimension"].set_index("Need dimension")
    assert list(dims.index) == ["Core goal", "Expected standard", "Implicit need", "Constraint"]
    assert dims["High"].tolist() == [1, 0, 1, 1] and dims["Total"].sum() == 4
    assert _metrics(section)["High-credibility share"] == "75%"
    zh = _tables(needs_section(needs, "zh"))
    assert "模板1-需求原始记录" in zh and list(zh["模板1-需求原始记录"].columns) == ZH_T1


@pytest.mark.parametrize(("lang", "text"), [("zh", "暂无数据"), ("en", "No data yet")])
def test_empty_inputs(
    lang: str, text: str, empty_records: pd.DataFrame, empty_needs: pd.DataFrame
) -> None:
    for section in (
        sources_section(empty_records, lang),  # type: ignore[arg-type]
        needs_section(empty_needs, lang),  # type: ignore[arg-type]
        sources_section(pd.DataFrame(), lang),  # type: ignore[arg-type]
        needs_section(pd.DataFrame(), lang),  # type: ignore[arg-type]
    ):
        assert section.blocks == [Text(text)]
    overview = overview_section({}, pd.DataFrame(), pd.DataFrame(), lang)  # type: ignore[arg-type]
    metrics = _metrics(overview)
    assert list(metrics.values())[:5] == ["0"] * 5 and list(metrics.values())[5] == "—"


def test_records_missing_required_columns() -> None:
    with pytest.raises(ValueError, match="credibility"):
        sources_section(pd.DataFrame({"source_type": ["survey"]}), "zh")


def test_count_ties_follow_vocabulary_order() -> None:
    frame = pd.DataFrame(
        {"source_type": ["staff", "survey", "interview"], "credibility": ["low"] * 3}
    )
    table = _tables(sources_section(frame, "zh"))["来源类型"]
    assert table["来源类型"].tolist() == ["深度访谈", "问卷调查", "内部洞察"]
