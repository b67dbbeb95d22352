"""Column mapping detection, overrides, mapping files and validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from needscope.io import (
    ColumnMapping,
    SourceRow,
    detect_customer_mapping,
    detect_mapping,
    load_mapping_file,
    open_table,
    validate_mapping,
)

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
CFPB = DATA / "complaints" / "cfpb_complaints_sample.csv"
WAIMAI = DATA / "sentiment_zh" / "waimai_10k.csv"
KIOSK = DATA / "survey" / "kiosk_servqual_kano_cp949.csv"


def _sample(columns: list[str], rows: list[list[str | None]]) -> list[SourceRow]:
    return [
        SourceRow(i, None, {c: v or None for c, v in zip(columns, r, strict=True)})
        for i, r in enumerate(rows, 2)
    ]


def _detect(columns: list[str], rows: list[list[str | None]]) -> dict[str, object]:
    return {k: v for k, v in detect_mapping(columns, _sample(columns, rows)).as_dict().items() if v}


def _detect_file(path: Path) -> ColumnMapping:
    if not path.exists():
        pytest.skip(f"{path.name} absent")
    source = open_table(path)
    return detect_mapping(source.columns(), source.head(50))


# shared files ----------------------------------------------------------------------------


def test_cfpb_complaints() -> None:
    m = _detect_file(CFPB)
    assert m.text == ["Consumer complaint narrative"]
    assert m.date == "Date received"
    assert m.channel == "Submitted via"
    assert m.external_id == "Complaint ID"
    assert m.customer is None
    assert m.ratings == []
    for col in ("Product", "Issue", "Sub-issue", "Company", "State", "Date sent to company"):
        assert col in m.attrs


def test_waimai_reviews() -> None:
    m = _detect_file(WAIMAI)
    assert m.text == ["review"]
    assert m.ratings == ["label"]
    assert m.attrs == [] and m.date is None


def test_kiosk_survey_in_korean() -> None:
    m = _detect_file(KIOSK)
    source = open_table(KIOSK)
    columns = source.columns()
    assert m.text == []
    assert m.date is None and m.customer is None and m.external_id is None
    # independently: a column is numeric when every answer in the file is an integer
    numeric = []
    rows = list(source.rows())
    for col in columns:
        cells = [v for r in rows if (v := r.values[col]) is not None]
        if cells and all(c.isdigit() for c in cells):
            numeric.append(col)
    assert m.ratings == numeric
    assert len(numeric) > 90
    assert columns[0] in m.attrs and columns[1] in m.attrs and columns[2] in m.attrs
    assert sorted(m.ratings + m.attrs) == sorted(columns)


# typical business files ------------------------------------------------------------------


def test_orders_file() -> None:
    cols = ["订单号", "会员编号", "下单时间", "门店", "金额", "上菜时长(分钟)"]
    got = _detect(
        cols,
        [
            ["D2024030100001", "M001", "2024-03-01 12:00", "徐汇店", "86.5", "18"],
            ["D2024030100002", "M002", "2024-03-01 12:30", "静安店", "120", "25"],
        ],
    )
    assert got == {
        "external_id": "订单号",
        "customer": "会员编号",
        "date": "下单时间",
        "channel": "门店",
        "ratings": ["金额", "上菜时长(分钟)"],
    }


def test_complaint_tickets() -> None:
    cols = ["工单号", "时间", "门店", "投诉类别", "严重程度", "投诉内容"]
    got = _detect(
        cols,
        [
            ["T001", "2024-03-01", "徐汇店", "上菜慢", "高", "等了四十分钟还没上菜"],
            ["T002", "2024/3/2", "静安店", "态度", "中", "服务员态度很差，说话很冲"],
        ],
    )
    assert got == {
        "external_id": "工单号",
        "date": "时间",
        "channel": "门店",
        "text": ["投诉内容"],
        "attrs": ["投诉类别", "严重程度"],
    }


def test_review_export() -> None:
    cols = ["评论", "评分", "时间", "门店", "平台"]
    got = _detect(
        cols,
        [
            ["味道不错", "5", "2024-03-01", "徐汇店", "美团"],
            ["太慢了", "2", "2024-03-02 18:00", "静安店", "大众点评"],
        ],
    )
    assert got == {
        "text": ["评论"],
        "ratings": ["评分"],
        "date": "时间",
        "channel": "门店",
        "attrs": ["平台"],
    }


def test_english_reviews() -> None:
    cols = ["review", "rating", "date", "store"]
    got = _detect(cols, [["Great food", "5", "2024-03-01", "Downtown"], ["Slow", "2", "", "X"]])
    assert got == {"text": ["review"], "ratings": ["rating"], "date": "date", "channel": "store"}


def test_two_text_headers_and_per_row_source_and_credibility() -> None:
    cols = ["意见", "建议", "客户", "会员等级", "评价时间", "满意度评价", "来源", "可信度", "触点"]
    got = _detect(
        cols,
        [
            ["慢", "加快", "张三", "金卡", "2024-03-01", "4", "访谈", "高", "点餐"],
            ["贵", "降价", "李四", "银卡", "2024-03-02", "3", "问卷", "中", "结账"],
        ],
    )
    assert got == {
        "text": ["意见", "建议"],
        "customer": "客户",
        "date": "评价时间",
        "ratings": ["满意度评价"],
        "source_type": "来源",
        "credibility": "可信度",
        "touchpoint": "触点",
        "attrs": ["会员等级"],
    }


def test_source_column_that_is_not_a_source_type_becomes_the_channel() -> None:
    cols = ["id", "user_id", "created_at", "text", "stars", "source"]
    got = _detect(
        cols,
        [
            ["1", "u1", "2024-03-01T10:00:00Z", "nice place", "5", "google"],
            ["2", "u2", "2024-03-02T10:00:00Z", "meh", "3", "yelp"],
        ],
    )
    assert got == {
        "external_id": "id",
        "customer": "user_id",
        "date": "created_at",
        "text": ["text"],
        "ratings": ["stars"],
        "channel": "source",
    }


def test_content_sniffing_without_header_hints() -> None:
    cols = ["a", "b", "c", "d", "e"]
    reviews = [
        "第一次来这家店，服务员很热情，推荐给朋友",
        "菜上得太慢了，等了半个小时才上第一道菜",
        "环境不错，就是停车不方便，周末人特别多",
        "价格有点贵，分量也少，性价比不如隔壁那家",
        "味道一般般，不会再来了，服务也没有以前好",
        "排队排了很久，体验很差，叫号系统经常出错",
        "孩子很喜欢这里的甜品，下次还会带家人来吃",
    ]
    rows: list[list[str | None]] = [
        [f"2024-03-0{i}", str(i), reviews[i - 1], "甲", f"00{i}"] for i in range(1, 8)
    ]
    got = _detect(cols, rows)
    assert got == {"date": "a", "ratings": ["b"], "text": ["c"], "attrs": ["d", "e"]}


def test_multiple_choice_column_is_not_free_text() -> None:
    cols = ["动机"]
    options = ["节省时间", "不用排队", "价格便宜", "环境好", "朋友推荐"]
    rows: list[list[str | None]] = [
        ["，".join(options[(i + k) % 5] for k in range(i % 3 + 3)) + "等等"] for i in range(10)
    ]
    assert _detect(cols, rows) == {"attrs": ["动机"]}


def test_numeric_id_columns_are_not_ratings() -> None:
    cols = ["单据", "手机", "分数"]
    rows: list[list[str | None]] = [
        [f"2024{i:06d}", f"1380000{i:04d}", str(i % 5)] for i in range(9)
    ]
    got = _detect(cols, rows)
    assert got["ratings"] == ["分数"]
    assert got["attrs"] == ["单据", "手机"]


def test_header_matching_is_case_and_punctuation_insensitive() -> None:
    cols = ["Customer_ID", "Review Text", "  DATE  ", "Ticket-ID"]
    got = _detect(cols, [])
    assert got == {
        "customer": "Customer_ID",
        "text": ["Review Text"],
        "date": "  DATE  ",
        "external_id": "Ticket-ID",
    }


def test_short_english_keywords_match_whole_words_only() -> None:
    got = _detect(["services", "paid", "voice"], [["a", "b", "c"]])
    assert got == {"attrs": ["services", "paid", "voice"]}


# the mapping object ----------------------------------------------------------------------


def test_round_trip_override_and_describe() -> None:
    m = ColumnMapping(text=["评论"], date="时间", ratings=["评分"], attrs=["门店", "备注"])
    assert ColumnMapping.from_dict(m.as_dict()) == m
    assert json.loads(json.dumps(m.as_dict())) == m.as_dict()
    o = m.override(channel="门店", text=["评论", "备注"], date="下单时间")
    assert o.channel == "门店" and o.text == ["评论", "备注"] and o.date == "下单时间"
    assert o.attrs == ["时间"]  # the replaced date column stays as an attribute
    assert m.attrs == ["门店", "备注"]  # the original is untouched
    cleared = m.override(date=None, ratings=[])
    assert cleared.date is None and cleared.ratings == []
    with pytest.raises(ValueError, match="unknown mapping field 'score'"):
        m.override(score="x")
    with pytest.raises(ValueError, match="one column"):
        m.override(date=["a", "b"])
    zh = dict(m.describe("zh"))
    en = dict(m.describe("en"))
    assert zh["文本"] == "评论" and zh["其他属性"] == "门店、备注" and zh["客户"] == "—"
    assert en["Text"] == "评论" and en["Other attributes"] == "门店, 备注"
    assert len(zh) == len(en) == 10


def test_validate_mapping() -> None:
    cols = ["评论", "时间", "评分"]
    validate_mapping(ColumnMapping(text=["评论"], date="时间", ratings=["评分"]), cols)
    with pytest.raises(ValueError, match="no column '日期'") as info:
        validate_mapping(ColumnMapping(date="日期"), cols)
    assert "评论, 时间, 评分" in str(info.value)
    with pytest.raises(ValueError, match="mapped twice"):
        validate_mapping(ColumnMapping(text=["评论"], attrs=["评论"]), cols)


def test_load_mapping_file(tmp_path: Path) -> None:
    yml = tmp_path / "m.yaml"
    yml.write_text("text: [评论, 备注]\ndate: 时间\nratings:\n  - 评分\n", encoding="utf-8")
    data = load_mapping_file(yml)
    assert data == {"text": ["评论", "备注"], "date": "时间", "ratings": ["评分"]}
    assert ColumnMapping.from_dict(data).text == ["评论", "备注"]
    js = tmp_path / "m.json"
    js.write_text(json.dumps({"key": "会员编号", "gender": "性别"}), encoding="utf-8")
    assert load_mapping_file(js) == {"key": "会员编号", "gender": "性别"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("txet: 评论\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'txet'"):
        load_mapping_file(bad)
    with pytest.raises(ValueError, match="no column '备注'"):
        load_mapping_file(yml, columns=["评论", "时间", "评分"])
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid"):
        load_mapping_file(broken)
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a mapping"):
        load_mapping_file(listy)


# customer files --------------------------------------------------------------------------


def test_customer_mapping_chinese() -> None:
    cols = ["会员编号", "姓名", "年龄段", "性别", "月收入", "学历", "会员等级", "城市", "注册时间"]
    sample = _sample(
        cols, [["M1", "张", "20-29", "女", "5000-8000", "本科", "金卡", "上海", "2024-01-01"]]
    )
    assert detect_customer_mapping(cols, sample) == {
        "key": "会员编号",
        "age_band": "年龄段",
        "gender": "性别",
        "income_band": "月收入",
        "education": "学历",
        "tier": "会员等级",
        "region": "城市",
    }


def test_customer_mapping_english_and_fallback_key() -> None:
    cols = ["Customer ID", "Age", "Sex", "Income", "Education", "Membership", "City"]
    got = detect_customer_mapping(cols, [])
    assert got == dict(
        zip(
            ["key", "age_band", "gender", "income_band", "education", "tier", "region"],
            cols,
            strict=True,
        )
    )
    cols = ["代码", "地区"]
    sample = _sample(cols, [["A1", "华东"], ["A2", "华东"], ["A3", "华南"]])
    assert detect_customer_mapping(cols, sample) == {"key": "代码", "region": "地区"}


def test_a_header_match_survives_a_few_bad_cells() -> None:
    cols = ["评论", "评分", "时间", "x"]
    rows: list[list[str | None]] = [
        ["好", "5", "2025-10-01", "1"],
        ["差", "很好", "昨天", "2"],
        ["一般", "3", "2025-10-03", "三"],
    ]
    got = _detect(cols, rows)  # the importer then reports the bad cells by row and column
    assert got == {"text": ["评论"], "ratings": ["评分"], "date": "时间", "attrs": ["x"]}


def test_traditional_chinese_headers() -> None:
    cols = ["評論", "評分", "時間", "門店", "會員編號", "訂單號"]
    got = _detect(cols, [["服務很好", "5", "2024-03-01", "台北店", "M1", "D1"]])
    assert got == {
        "text": ["評論"],
        "ratings": ["評分"],
        "date": "時間",
        "channel": "門店",
        "customer": "會員編號",
        "external_id": "訂單號",
    }
