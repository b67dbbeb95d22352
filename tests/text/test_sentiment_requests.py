"""Record sentiment reads requests, fixed problem phrases and final verdicts (zh, zh-Hant, en)."""

from __future__ import annotations

import pytest

from needscope.text.requests import (
    ClauseCue,
    clause_cue,
    is_context,
    is_request,
    problem_polarity,
    verdict_polarity,
)
from needscope.text.sentiment import NEUTRAL_BAND, BuiltinSentiment

# Every sentence below was written for this test; the expected label is the reading a person
# gives it under the hand-check rules (a request is no praise, a clear last verdict decides).
REQUESTS = [
    "希望可以线上预约订座",
    "建议：希望服务员多主动一点",
    "要是能提前预约就好了",
    "能不能多准备几把宝宝椅",
    "麻烦下次多放点辣",
    "請保留人工點單",  # traditional
    "Please accept reservations",
    "I wish they took bookings online.",
    "It would be nice to have a kids menu.",
    "Staff should know the menu better",
]
COMPLAINT_THEN_REQUEST = [
    "结账时对账单有疑问，收银员很不耐烦，语气很冲，希望尽快处理。",
    "美团渠道转来：结账时对账单有疑问，收银员很不耐烦，语气很冲，希望尽快处理。",
    "顧客投訴排隊35分鐘，中間有人插隊，服務員不管，希望儘快處理。",  # traditional
    "The soup was cold and the waiter was rude. Please train your staff.",
]
PROBLEM_REPORTS = [
    "朋友推荐来的，点完菜等了快30分钟，催了三次！",
    "账单多收了22元，点了一份却算了两份。",
    "We waited 50 minutes for the first dish.",
]
VERDICT_DECIDES = [
    (
        "Our hotel recommended this place. They charge extra for tea and tableware. "
        "However, food came out fast even though it was busy. Disappointing.",
        "negative",
    ),
    ("发票开不了，说系统有问题。不过等位只等了13分钟。值得一试", "positive"),
    ("盘子很大菜很少，6个人没吃饱。不过基本不用排队，下次还来", "positive"),
    ("服务员很热情，上菜也快，可惜菜太咸了，总之很失望", "negative"),
    ("環境不錯，服務也好，就是菜太鹹，不會再來了", "negative"),  # traditional
]
PRAISE = [
    "菜很好吃，服务也很热情，下次还来",
    "環境很好，強烈推薦。",
    "Great food and friendly staff.",
]
COMPLAINTS = ["服务员态度很差，菜也凉了", "廁所很髒，味道很大。", "The room was dirty and noisy."]


@pytest.fixture(scope="module")
def model() -> BuiltinSentiment:
    return BuiltinSentiment().fit()


def test_clause_cues() -> None:
    assert is_request("希望尽快处理") and is_request("please call me back")
    assert not is_request("不知道能不能退货") and not is_request("不可否认")
    assert not is_request("请问怎么吃") and not is_request("不建议购买")
    assert not is_request("建议：价格偏高")  # a label in front: the rest is a complaint
    assert is_context("朋友推荐来的") and is_context("12:46") and not is_context("强烈推荐")
    assert problem_polarity("催了三次") == -1.0
    assert problem_polarity("点完菜等了快30分钟") == -1.0
    assert problem_polarity("等位只等了13分钟") == 1.0
    assert problem_polarity("没怎么等位") == 1.0
    assert problem_polarity("坐下11分钟就上齐了") == 1.0
    assert problem_polarity("only waited about 15 minutes for a table") == 1.0
    assert problem_polarity("服务员很热情") == 0.0
    assert verdict_polarity("下次还来") == 1.0
    assert verdict_polarity("不会再来了") == -1.0
    assert verdict_polarity("总之很失望") == -1.0
    assert verdict_polarity("不是很推荐") == -1.0  # sign from the lexicon, negation read
    assert verdict_polarity("disappointing") == -1.0
    assert verdict_polarity("will definitely come back") == 1.0
    assert verdict_polarity("中规中矩") == 0.0 and verdict_polarity("average experience") == 0.0
    # no clear verdict: an aspect judged, a softener, an aside, a question
    for clause in ("味道还不错", "有点失望", "一星给快递", "下次还会来吗"):
        assert verdict_polarity(clause) is None, clause
    assert clause_cue("希望下次还来") == ClauseCue(request=True)  # a request is never a verdict


def test_requests_alone_are_neutral(model: BuiltinSentiment) -> None:
    out = model.analyse(REQUESTS)
    assert list(out["sentiment"]) == ["neutral"] * len(REQUESTS)
    assert (out["score"].abs() <= NEUTRAL_BAND).all()


def test_request_after_a_complaint_stays_negative(model: BuiltinSentiment) -> None:
    out = model.analyse(COMPLAINT_THEN_REQUEST)
    assert list(out["sentiment"]) == ["negative"] * len(COMPLAINT_THEN_REQUEST)
    # the request adds nothing: same sign and no higher score than the complaint alone
    alone = model.polarity_score(["结账时对账单有疑问，收银员很不耐烦，语气很冲。"])[0]
    assert out["score"][0] <= alone + 1e-9 < 0


def test_problem_reports_lean_negative(model: BuiltinSentiment) -> None:
    out = model.analyse(PROBLEM_REPORTS)
    assert list(out["sentiment"]) == ["negative"] * len(PROBLEM_REPORTS)


def test_final_verdict_decides(model: BuiltinSentiment) -> None:
    texts = [t for t, _ in VERDICT_DECIDES]
    assert list(model.predict(texts)) == [want for _, want in VERDICT_DECIDES]
    # without the cues the same records go the other way (the verdict was ignored)
    plain = BuiltinSentiment(cues=False).fit().polarity_score(texts[:1])[0]
    assert plain > 0


def test_plain_praise_and_complaints(model: BuiltinSentiment) -> None:
    out = model.analyse(PRAISE + COMPLAINTS)
    assert list(out["sentiment"]) == ["positive"] * 3 + ["negative"] * 3
    assert (out["score"][:3] > NEUTRAL_BAND).all() and (out["score"][3:] < -NEUTRAL_BAND).all()


def test_neutral_band_and_empty(model: BuiltinSentiment) -> None:
    wide = BuiltinSentiment(neutral_band=0.99).fit()
    assert set(wide.predict(PRAISE + COMPLAINTS)) == {"neutral"}
    out = model.analyse(["", "12:46", "朋友推荐来的"])
    assert list(out["sentiment"]) == ["neutral"] * 3
    assert list(out["score"]) == [0.0, 0.0, 0.0]
