"""Shaping records for the methods: wide frames, column detection, orders, complaints, cohorts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from needscope.methods.servqual import DEFAULT_DIMENSIONS
from needscope.services.survey import MethodData, detect_columns, store_cohorts, wide_frame


def _records(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A records frame as ``records_frame(with_details=True)`` returns it."""
    base = {"source_type": "survey", "credibility": "medium", "channel": None, "touchpoint": None,
            "ts": None, "text": None, "customer_key": None, "origin_file": "f.csv",
            "origin_sheet": None, "origin_row": 1, "ratings": {}, "attrs": {}}  # fmt: skip
    frame = pd.DataFrame(
        [{**base, "id": i + 1, **r} for i, r in enumerate(rows)], columns=["id", *base]
    )
    frame["ts"] = pd.to_datetime(frame["ts"], format="ISO8601")
    return frame


def test_wide_frame_spreads_ratings_and_attrs() -> None:
    rec = _records([
        {"ts": "2025-01-02 10:00", "channel": "甲店", "customer_key": "C1",
         "ratings": {"总体满意度": 4.0, "text": 1.0}, "attrs": {"KANO_a_正向": "我很喜欢"}},
        {"ts": None, "ratings": {"推荐意愿": 9.0}, "attrs": {}},
    ])  # fmt: skip
    wide = wide_frame(rec)
    assert wide.loc[0, "总体满意度"] == 4.0 and np.isnan(wide.loc[1, "总体满意度"])
    assert wide.loc[0, "KANO_a_正向"] == "我很喜欢" and wide.loc[0, "month"] == "2025-01"
    assert pd.isna(wide.loc[1, "month"]) and wide["record_id"].tolist() == [1, 2]
    assert wide.loc[0, "text"] is None or pd.isna(wide.loc[0, "text"])  # base column wins
    assert wide_frame(_records([])).empty


def _survey_frame(columns: dict[str, object], n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({k: v(rng, n) if callable(v) else v for k, v in columns.items()})


def test_detects_chinese_survey_columns() -> None:
    cols: dict[str, object] = {
        "总体满意度": lambda r, n: r.integers(1, 6, n), "推荐意愿": lambda r, n: r.integers(0, 11, n),
        "费力程度": lambda r, n: r.integers(1, 8, n),
        "KANO_扫码点餐_正向": "我很喜欢", "KANO_扫码点餐_反向": "无所谓",
        "KANO_停车_正向": "理所当然", "KANO_停车_反向": "我很不喜欢",
    }  # fmt: skip
    cols |= {f"SQ{i:02d}_期望": (lambda r, n: r.integers(1, 8, n)) for i in range(1, 23)}
    cols |= {f"SQ{i:02d}_感知": (lambda r, n: r.integers(1, 8, n)) for i in range(1, 23)}
    found = detect_columns(_survey_frame(cols))
    assert (found.nps, found.csat, found.ces) == ("推荐意愿", "总体满意度", "费力程度")
    assert found.csat_scale == (1.0, 5.0) and found.ces_scale == 7
    assert found.ces_higher_is_easier is False  # 费力 = effort: high is hard
    assert sorted(found.kano) == [
        ("停车", "KANO_停车_正向", "KANO_停车_反向"),
        ("扫码点餐", "KANO_扫码点餐_正向", "KANO_扫码点餐_反向"),
    ]
    assert [i for i, *_ in found.servqual][:2] == ["SQ01", "SQ02"]
    assert found.servqual_dimensions == list(DEFAULT_DIMENSIONS)
    assert found.zone == [] and found.importance == []


def test_detects_english_columns_zone_and_importance() -> None:
    cols: dict[str, object] = {
        "Overall satisfaction": lambda r, n: r.integers(1, 8, n),
        "Likelihood to recommend (NPS)": lambda r, n: r.integers(0, 11, n),
        "It was easy (CES)": lambda r, n: r.integers(1, 6, n),
        "Q1 functional": "I like it", "Q1 dysfunctional": "I dislike it",
        "Item 1 adequate": 4, "Item 1 desired": 6, "Item 1 perception": 5,
        "Item 2 adequate": 3, "Item 2 desired": 6, "Item 2 perception": 2,
        "Item 1 importance": 5, "Item 2 importance": 3,
    }  # fmt: skip
    found = detect_columns(_survey_frame(cols))
    assert found.nps == "Likelihood to recommend (NPS)" and found.csat_scale == (1.0, 7.0)
    assert found.ces == "It was easy (CES)" and found.ces_scale == 5 and found.ces_higher_is_easier
    assert found.kano == [("Q1", "Q1 functional", "Q1 dysfunctional")]
    assert [z[1:] for z in found.zone] == [
        ("Item 1 adequate", "Item 1 desired", "Item 1 perception"),
        ("Item 2 adequate", "Item 2 desired", "Item 2 perception"),
    ]
    assert [i[1:] for i in found.importance] == [
        ("Item 1 importance", "Item 1 perception"),
        ("Item 2 importance", "Item 2 perception"),
    ]


def test_nps_needs_a_0_to_10_scale() -> None:
    found = detect_columns(pd.DataFrame({"推荐意愿": [1, 2, 3, 4, 5], "满意度": [1, 2, 3, 4, 5]}))
    assert found.nps is None and found.csat == "满意度"


def test_store_cohorts_from_first_records() -> None:
    frame = pd.DataFrame({"channel": ["甲", "乙", "甲", "丙"],
                          "ts": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-03-02",
                                                "2025-01-10"])})  # fmt: skip
    assert store_cohorts(frame) == {"甲": "old", "乙": "new", "丙": "old"}
    same_day = frame.assign(ts=pd.Timestamp("2025-01-01"))
    assert store_cohorts(same_day) == {}
    assert store_cohorts(frame.iloc[:1]) == {}


def test_method_data_finds_survey_orders_and_complaints() -> None:
    rec = _records([
        {"source_type": "survey", "ts": "2025-01-02", "channel": "甲", "customer_key": "C1",
         "ratings": {"推荐意愿": 9.0}},
        {"source_type": "survey", "ts": "2025-01-03", "channel": "甲", "customer_key": "C9",
         "ratings": {"推荐意愿": 3.0}},
        {"source_type": "historic", "ts": "2025-01-04 12:00", "channel": "甲",
         "customer_key": "C1", "ratings": {"消费额": 88.0, "人数": 2.0}},
        {"source_type": "historic", "ts": "2025-03-04 23:00", "channel": "乙",
         "ratings": {"消费额": 20.0}},
        {"source_type": "historic", "ts": "2025-02-01", "channel": "乙", "text": "太慢",
         "attrs": {"投诉类别": "上菜慢", "严重程度": "高", "处理结果": "已道歉"}},
        {"source_type": "third_party", "ts": "2025-02-01", "text": "好吃", "ratings": {"评分": 5.0}},
    ])  # fmt: skip
    customers = pd.DataFrame({"key": ["C1"], "age_band": ["18-24"], "tier": ["金卡"]})
    data = MethodData(rec, customers, "zh")
    survey = data.survey
    assert len(survey) == 2 and data.columns.nps == "推荐意愿"
    assert survey["age_band"].tolist()[0] == "18-24" and pd.isna(survey["age_band"].iloc[1])
    assert data.orders["amount"].tolist() == [88.0, 20.0]
    assert data.orders["store_cohort"].tolist() == ["老店", "新店"]
    assert data.cohorts == {"甲": "old", "乙": "new"}
    comp = data.complaints
    assert comp["category"].tolist() == ["上菜慢"] and comp["severity"].tolist() == ["高"]


def test_method_data_without_any_source() -> None:
    rec = _records([{"source_type": "third_party", "text": "好吃", "ratings": {"评分": 5.0}}])
    data = MethodData(rec, pd.DataFrame(columns=["key"]), "en")
    assert data.survey.empty and data.orders.empty and data.complaints.empty
    cols = data.columns
    assert cols.nps is None and cols.kano == [] and cols.servqual == []
    assert data.cohorts == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cohort_labels_follow_the_language(lang: str) -> None:
    rec = _records([
        {"source_type": "historic", "ts": "2025-01-01", "channel": "甲", "ratings": {"金额": 1.0}},
        {"source_type": "historic", "ts": "2025-05-01", "channel": "乙", "ratings": {"金额": 2.0}},
    ])  # fmt: skip
    labels = MethodData(rec, pd.DataFrame(), lang).orders["store_cohort"].tolist()  # type: ignore[arg-type]
    assert labels == (["老店", "新店"] if lang == "zh" else ["Established stores", "New stores"])
