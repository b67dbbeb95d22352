"""The demo's raw needs register (Template 1 of seed 000), with figures taken from the data."""

from __future__ import annotations

from collections import Counter
from typing import Any

from needscope.demo.complaints import Complaints
from needscope.demo.config import LAST3_START
from needscope.demo.reviews import Reviews
from needscope.demo.survey import Survey


def _need(
    dimension: str, description: str, quote: str, credibility: str, source: str, evidence: str
) -> dict[str, str]:
    return {
        "dimension": dimension,
        "description": description,
        "quote": quote,
        "credibility": credibility,
        "source_type": source,
        "evidence_contains": evidence,
    }


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def complaint_share(complaints: Complaints, category: str) -> tuple[int, int]:
    """Percent of ``category`` among tickets in the last 3 months and in the months before."""
    last3 = LAST3_START.isoformat()
    recent = [r for r in complaints.rows if r[2] >= last3]
    before = [r for r in complaints.rows if r[2] < last3]
    n_recent = sum(r[4] == category for r in recent)
    n_before = sum(r[4] == category for r in before)
    return _pct(n_recent, len(recent)), _pct(n_before, len(before))


def needs_register(
    complaints: Complaints,
    reviews: Reviews,
    survey: Survey,
    staff: list[dict[str, Any]],
) -> list[dict[str, str]]:
    """Template 1 rows: the seed's four, then needs whose quotes cite the generated data."""
    now, before = complaint_share(complaints, "上菜慢")
    waits = sum("service.wait_time:negative" in t[4] for t in reviews.truth)
    booking = sum("预约" in str(r[-1]) for r in survey.rows)
    asked = Counter(n for t in reviews.truth for n in t[5].split("|") if n)
    peaks = [str(s["反馈内容"]) for s in staff if "张桌" in str(s["反馈内容"])]
    peak = (
        min(peaks, key=lambda t: (len(t), t))
        if peaks
        else "高峰期一个服务员要看8张桌，根本忙不过来"
    )
    parking = [r for r in complaints.rows if r[4] == "停车"]
    top = "、".join(s for s, _ in Counter(r[3] for r in parking).most_common(2))
    table = (
        ("core_goal", "提升新店顾客复购率", "新店开业3个月，复购率需从20%提升至40%",
         "high", "interview", "复购"),
        ("expectation", "服务响应速度快", "顾客点餐后，上菜时间不超过15分钟",
         "medium", "interview", "15分钟"),
        ("implicit", "员工服务规范性", "观察发现服务员对菜单不熟悉，导致顾客咨询频繁",
         "high", "observation", "菜单不熟"),
        ("constraint", "预算15万元内", "单店服务优化预算不超过15万", "high", "interview", "15万"),
        ("expectation", "缩短高峰期上菜时间",
         f"近3个月投诉中，“上菜慢”占比达{now}%，此前3个月为{before}%", "high", "historic",
         "才上"),
        ("implicit", "缩短等位时间",
         f"点评中{waits}条抱怨排队等位时间长，如“周末等位要一个多小时”", "low", "third_party",
         "等位"),
        ("expectation", "提供预约订座",
         f"“希望可以线上预约订座”（问卷意见中{booking}条提到预约）", "medium", "survey", "预约"),
        ("implicit", "增加儿童座椅",
         f"“希望增加儿童座椅”（点评中{asked['kids_chair']}条类似建议）", "low", "third_party",
         "儿童座椅"),
        ("implicit", "高峰期增配服务人手", peak, "medium", "staff", "张桌"),
        ("expectation", "停车便利（停车抵扣）", f"停车类投诉{len(parking)}条，主要集中在{top}",
         "high", "historic", "停车"),
        ("expectation", "新店24小时营业", "我们考虑新店做24小时营业，抢夜宵市场",
         "medium", "interview", "24小时"),
        ("implicit", "提供英文菜单",
         f"“An English menu would help a lot”（点评中{asked['english_menu']}条类似）",
         "low", "third_party", "English menu"),
    )  # fmt: skip
    return [_need(*row) for row in table]


__all__ = ["complaint_share", "needs_register"]
