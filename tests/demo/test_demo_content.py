"""What the demo data says: shares, trends, KANO classes, SERVQUAL gaps, texts and truth."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import opencc
import pandas as pd
import pytest

from needscope.demo import NIGHT_HOURS, DemoManifest

NEW = {"南京南站店", "江北新区店", "奥体中心店"}
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ANSWERS = ("我很喜欢", "理所当然", "无所谓", "能忍受", "我很不喜欢")
ASPECTS = {
    "food", "food.taste", "food.portion", "food.freshness", "service", "service.wait_time",
    "service.staff_attitude", "service.serving_speed", "service.parking", "price", "ambience",
    "location", "other",
}  # fmt: skip
# Berger et al. (1993) KANO evaluation table; rows functional, columns dysfunctional answer,
# both in the order like / must-be / neutral / live-with / dislike.
BERGER = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")
DIMENSIONS = {
    "tangibles": range(1, 5),
    "reliability": range(5, 10),
    "responsiveness": range(10, 14),
    "assurance": range(14, 18),
    "empathy": range(18, 23),
}


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode(encoding))))


def kano_class(functional: str, dysfunctional: str) -> str:
    return BERGER[ANSWERS.index(functional)][ANSWERS.index(dysfunctional)]


@pytest.fixture(scope="module")
def orders(mid: DemoManifest) -> pd.DataFrame:
    frame = pd.read_csv(mid.out_dir / "orders.csv", dtype={"会员编号": str})
    frame["下单时间"] = pd.to_datetime(frame["下单时间"])
    return frame


@pytest.fixture(scope="module")
def survey(mid: DemoManifest) -> pd.DataFrame:
    return pd.read_excel(mid.out_dir / "survey.xlsx", sheet_name="问卷")


def test_orders_by_hour(orders: pd.DataFrame) -> None:
    hours = orders["下单时间"].dt.hour
    night = hours.isin(sorted(NIGHT_HOURS)).mean()
    assert 0.035 <= night <= 0.07, night  # seed 000 四.1: 夜间咨询量仅占5%
    by_hour = hours.value_counts()
    assert by_hour[12] > 3 * by_hour[15] and by_hour[18] > 3 * by_hour[15]
    assert hours.isin([11, 12, 13, 17, 18, 19]).mean() > 0.6


def test_orders_fields(orders: pd.DataFrame, mid: DemoManifest) -> None:
    assert orders["订单号"].is_unique
    assert set(orders["门店"]) == NEW | set(mid.project["stores"]["old"])
    assert set(orders["渠道"]) == {"堂食", "外卖", "小程序点餐"}
    assert orders["会员编号"].isna().mean() > 0.1  # walk-ins
    assert orders.loc[orders["渠道"] == "外卖", "上菜时长(分钟)"].isna().all()
    assert orders.loc[orders["渠道"] != "外卖", "上菜时长(分钟)"].notna().all()
    assert (orders["金额"] > 0).all() and (orders["人数"] >= 1).all()
    span = orders["下单时间"]
    assert span.min() >= pd.Timestamp("2025-09-01") and span.max() < pd.Timestamp("2026-03-01")
    customers = pd.read_csv(mid.out_dir / "customers.csv", dtype=str)
    assert set(orders["会员编号"].dropna()) <= set(customers["会员编号"])


def test_serving_time_new_stores_slower_and_improving(orders: pd.DataFrame) -> None:
    served = orders.dropna(subset=["上菜时长(分钟)"])
    new = served["门店"].isin(NEW)
    minutes = served["上菜时长(分钟)"]
    assert minutes[new].mean() > minutes[~new].mean() + 3
    assert (minutes[new] > 15).mean() > (minutes[~new] > 15).mean()
    assert 0.05 < (minutes[~new] > 15).mean() < 0.5
    first = served[new & (served["下单时间"] < "2025-12-01")]["上菜时长(分钟)"].mean()
    last = served[new & (served["下单时间"] >= "2026-02-01")]["上菜时长(分钟)"].mean()
    assert last < first


def test_repurchase_lower_in_new_stores(orders: pd.DataFrame) -> None:
    members = orders.dropna(subset=["会员编号"]).sort_values("下单时间")
    first_store = members.groupby("会员编号")["门店"].first()
    visits = members.groupby("会员编号").size()
    rate_new = (visits[first_store.isin(NEW)] >= 2).mean()
    rate_old = (visits[~first_store.isin(NEW)] >= 2).mean()
    assert rate_new < 0.3 < rate_old


def test_complaints_slow_serving_trend(mid: DemoManifest) -> None:
    rows = read_csv(mid.out_dir / "complaints.csv", "gb18030")
    recent = [r for r in rows if r["创建时间"] >= "2025-12-01"]
    before = [r for r in rows if r["创建时间"] < "2025-12-01"]
    share_recent = np.mean([r["投诉类别"] == "上菜慢" for r in recent])
    share_before = np.mean([r["投诉类别"] == "上菜慢" for r in before])
    assert share_recent > share_before + 0.04
    slow_new = Counter(r["创建时间"] >= "2025-12-01" for r in rows
                       if r["投诉类别"] == "上菜慢" and r["门店"] in NEW)  # fmt: skip
    assert slow_new[True] > slow_new[False]
    quote = next(n["quote"] for n in mid.project["needs"] if "上菜慢" in n["quote"])
    assert f"{round(100 * share_recent)}%" in quote and f"{round(100 * share_before)}%" in quote


def test_complaint_texts(mid: DemoManifest) -> None:
    rows = read_csv(mid.out_dir / "complaints.csv", "gb18030")
    cats = {
        "上菜慢",
        "等位时间长",
        "服务态度",
        "菜品质量",
        "价格",
        "环境卫生",
        "停车",
        "点餐系统",
        "其他",
    }
    assert {r["投诉类别"] for r in rows} == cats
    assert {r["严重程度"] for r in rows} == {"高", "中", "低"}
    lengths = [len(r["投诉内容"]) for r in rows]
    assert min(lengths) >= 20 and max(lengths) <= 120
    assert len({r["投诉内容"] for r in rows}) / len(rows) > 0.8
    slow = [r["投诉内容"] for r in rows if r["投诉类别"] == "上菜慢"]
    assert np.mean([("分钟" in t or "分鐘" in t or "minutes" in t) for t in slow]) > 0.8


def test_review_languages(mid: DemoManifest) -> None:
    rows = read_csv(mid.out_dir / "reviews.csv", "utf-8-sig")
    texts = [r["评论"] for r in rows]
    english = np.mean([not CJK.search(t) for t in texts])
    assert 0.06 <= english <= 0.10, english
    t2s = opencc.OpenCC("t2s")
    chinese = [t for t in texts if CJK.search(t)]
    traditional = np.mean([t2s.convert(t) != t for t in chinese])
    assert 0.03 <= traditional <= 0.09, traditional
    mixed = [t for t in chinese if LATIN_WORD.search(t)]
    assert 0 < len(mixed) < 0.05 * len(texts)
    intl = [r for r in rows if r["平台"] in ("Google Maps", "TripAdvisor")]
    assert np.mean([not CJK.search(r["评论"]) for r in intl]) > 0.7


def test_review_texts_varied(mid: DemoManifest) -> None:
    rows = read_csv(mid.out_dir / "reviews.csv", "utf-8-sig")
    texts = [r["评论"] for r in rows]
    assert len(set(texts)) / len(texts) >= 0.9
    assert all(10 <= len(t) <= 200 for t in texts)
    assert {int(r["评分"]) for r in rows} == {1, 2, 3, 4, 5}
    explicit = ("希望", "建议", "要是", "I wish", "should", "would help", "Please", "need")
    share = np.mean([any(k in t for k in explicit) for t in texts])
    assert 0.05 <= share <= 0.3


def test_review_truth(mid: DemoManifest) -> None:
    reviews = read_csv(mid.out_dir / "reviews.csv", "utf-8-sig")
    truth = read_csv(mid.out_dir / "_truth" / "reviews_truth.csv")
    assert [t["评论编号"] for t in truth] == [r["评论编号"] for r in reviews]
    positive: dict[int, list[float]] = {}
    for t in truth:
        pairs = [a.split(":") for a in t["aspects"].split("|")]
        assert all(a in ASPECTS and p in ("positive", "negative", "neutral") for a, p in pairs)
        share = np.mean([p == "positive" for _, p in pairs])
        positive.setdefault(int(t["评分"]), []).append(float(share))
    assert np.mean(positive[5]) > 0.8 > 0.2 > np.mean(positive[1])
    assert np.mean(positive[4]) > np.mean(positive[3]) > np.mean(positive[2])
    needs = np.mean([bool(t["explicit_needs"]) for t in truth])
    assert 0.06 <= needs <= 0.15
    langs = Counter(t["语言"] for t in truth)
    assert set(langs) == {"zh", "zh-Hant", "en", "mixed"}


def test_complaint_truth(mid: DemoManifest) -> None:
    rows = read_csv(mid.out_dir / "complaints.csv", "gb18030")
    truth = read_csv(mid.out_dir / "_truth" / "complaints_truth.csv")
    assert [t["工单号"] for t in truth] == [r["工单号"] for r in rows]
    main = {"上菜慢": "service.serving_speed", "等位时间长": "service.wait_time",
            "服务态度": "service.staff_attitude", "停车": "service.parking", "价格": "price"}  # fmt: skip
    for t in truth:
        aspects = [a.split(":")[0] for a in t["aspects"].split("|")]
        assert set(aspects) <= ASPECTS
        if t["投诉类别"] in main:
            assert aspects[0] == main[t["投诉类别"]]


def test_kano_answers_and_classes(survey: pd.DataFrame, mid: DemoManifest) -> None:
    features = ("扫码点餐", "免费停车", "儿童游乐区", "会员积分", "预约订座", "等位小食")
    expected = {"扫码点餐": "M", "免费停车": "O", "儿童游乐区": "I", "会员积分": "I",
                "预约订座": "O", "等位小食": "A"}  # fmt: skip
    for f in features:
        fun, dys = survey[f"KANO_{f}_正向"], survey[f"KANO_{f}_反向"]
        assert set(fun) <= set(ANSWERS) and set(dys) <= set(ANSWERS)
        classes = Counter(kano_class(a, b) for a, b in zip(fun, dys, strict=True))
        assert classes.most_common(1)[0][0] == expected[f], (f, classes)
    customers = pd.read_csv(mid.out_dir / "customers.csv", dtype=str)
    joined = survey.merge(customers, on="会员编号")
    parents = joined[joined["年龄段"].isin(["25-34", "35-44"])]
    classes = Counter(
        kano_class(a, b) for a, b in zip(parents["KANO_儿童游乐区_正向"], parents["KANO_儿童游乐区_反向"],
                                         strict=True)
    )  # fmt: skip
    assert classes.most_common(1)[0][0] == "A"
    truth = json.loads((mid.out_dir / "_truth" / "survey_truth.json").read_text("utf-8"))
    assert {f: v["class"] for f, v in truth["kano"].items()} == expected


def test_servqual_gaps(survey: pd.DataFrame) -> None:
    for i in range(1, 23):
        for side in ("期望", "感知"):
            values = survey[f"SQ{i:02d}_{side}"]
            assert values.between(1, 7).all() and (values == values.round()).all()
    gaps = {
        dim: float(np.mean([(survey[f"SQ{i:02d}_感知"] - survey[f"SQ{i:02d}_期望"]).mean()
                            for i in items]))
        for dim, items in DIMENSIONS.items()
    }  # fmt: skip
    assert all(g < 0 for g in gaps.values())
    assert min(gaps, key=lambda d: gaps[d]) == "responsiveness"
    new = survey["门店"].isin(NEW)
    resp = sum(survey[f"SQ{i:02d}_感知"] - survey[f"SQ{i:02d}_期望"] for i in range(10, 14)) / 4
    assert resp[new].mean() < resp[~new].mean()


def test_survey_scores(survey: pd.DataFrame) -> None:
    assert survey["总体满意度"].between(1, 5).all()
    assert survey["推荐意愿"].between(0, 10).all()
    assert survey["费力程度"].between(1, 7).all()
    filled = survey["意见建议"].fillna("").astype(str).str.len() > 0
    assert 0.3 <= filled.mean() <= 0.5
    # satisfaction and effort move in opposite directions
    assert survey["总体满意度"].corr(survey["推荐意愿"]) > 0.4
    assert survey["总体满意度"].corr(survey["费力程度"]) < -0.3


def test_item_sheet(mid: DemoManifest) -> None:
    items = pd.read_excel(mid.out_dir / "survey.xlsx", sheet_name="题目说明")
    sq = items[items["题目编号"].str.startswith("SQ")]
    assert len(sq) == 44
    dims = dict(zip(sq["题目编号"], sq["维度"], strict=True))
    labels = {"tangibles": "有形性", "reliability": "可靠性", "responsiveness": "响应性",
              "assurance": "保证性", "empathy": "移情性"}  # fmt: skip
    for dim, numbers in DIMENSIONS.items():
        for i in numbers:
            assert dims[f"SQ{i:02d}_期望"] == dims[f"SQ{i:02d}_感知"] == labels[dim]
    assert items["题目内容"].notna().all() and items["题目内容(英文)"].notna().all()


def test_qualitative_sources(mid: DemoManifest) -> None:
    lines = (mid.out_dir / "interviews.jsonl").read_text("utf-8").splitlines()
    notes = [json.loads(line) for line in lines]
    assert {n["role"] for n in notes} == {"店长", "区域经理", "顾客", "总监"}
    assert all(40 <= len(n["notes"]) <= 120 for n in notes)
    assert len({n["id"] for n in notes}) == len(notes)
    obs = pd.read_excel(mid.out_dir / "observations.xlsx", sheet_name="观察记录")
    assert set(obs["环节"]) == {"了解", "排队", "到店", "点餐", "用餐", "结账", "离店"}
    assert (obs["停留时长(分钟)"] > 0).all()
    staff = json.loads((mid.out_dir / "staff_feedback.json").read_text("utf-8"))
    assert len({s["编号"] for s in staff}) == len(staff)
    assert all(s["门店"] in NEW | set(mid.project["stores"]["old"]) for s in staff)
