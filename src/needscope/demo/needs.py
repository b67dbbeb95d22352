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
) -> dict[str, Any]:
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
) -> list[dict[str, Any]]:
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
    rows = [_need(*row) for row in table]
    for row in rows:
        row.update(ASSESSMENTS.get(row["description"], {}))
        if row["description"] == "缩短高峰期上菜时间":
            row["five_why"] = serving_five_why(now, before, peak)
    return rows


ASSESSMENTS: dict[str, dict[str, Any]] = {
    "提升新店顾客复购率": {
        "scores": {"time_pressure": 5, "market_opportunity": 4},
        "scored_by": "王总",
        "score_note": "开业后3个月是留住新客的窗口期，王总要求按最紧急处理",
    },
    "缩短高峰期上菜时间": {
        "scores": {"time_pressure": 5},
        "scored_by": "王总",
        "score_note": "上菜慢投诉仍在上升，直接影响复购",
        "feasibility": {
            "cost": 45000, "benefit": 9000, "technical_risk": 3, "compliance_risk": 1,
            "acceptance_risk": 1, "people_required": 2, "people_available": 2,
            "budget_required": 45000, "budget_available": 150000,
            "tech_required": 1, "tech_available": 1,
        },
        "feasibility_note": "后厨出餐动线调整、点餐系统与后厨打印联调、厨师新菜单集中培训；"
        "收益按少流失的回头客估算",
    },
    "提供预约订座": {
        "feasibility": {
            "cost": 8000, "benefit": 1500, "technical_risk": 2, "compliance_risk": 1,
            "acceptance_risk": 2, "people_required": 1, "people_available": 1,
            "budget_required": 8000, "budget_available": 150000,
            "tech_required": 1, "tech_available": 1,
        },
        "feasibility_note": "接入点评平台的线上订座（年费与前台培训约8,000元），"
        "按每月减少约30桌流失估算收益",
    },
    "高峰期增配服务人手": {
        "feasibility": {
            "cost": 20000, "benefit": 6000, "technical_risk": 1, "compliance_risk": 2,
            "acceptance_risk": 1, "people_required": 6, "people_available": 3,
            "budget_required": 20000, "budget_available": 150000,
        },
        "feasibility_note": "3家新店高峰各需增配2人，现有约束只允许每店增配1名服务员；"
        "成本为招聘与培训，收益为翻台提升后的月净增毛利",
    },
    "新店24小时营业": {
        "feasibility": {
            "cost": 360000, "benefit": 15000, "technical_risk": 2, "compliance_risk": 4,
            "people_required": 9, "people_available": 3,
            "budget_required": 360000, "budget_available": 150000,
        },
        "feasibility_note": "3家新店各需夜班3人及夜间安保、能耗；夜间噪音与消防审批存在合规风险；"
        "客户接受度交由分时订单验证",
    },
}  # fmt: skip
"""Inputs the project team entered per need: 王总's priority scores and feasibility figures
(cost in 元, benefit in 元 per month, risks 1–5, resources required and available)."""


def _why(text: str, evidence: str = "", *children: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "evidence": evidence, "children": list(children)}


def serving_five_why(now: int, before: int, peak: str) -> dict[str, Any]:
    """The 5-Why tree of slow serving at peak hours (``FiveWhy.to_dict()`` without ``need``)."""
    return {
        "problem": f"新店高峰期上菜慢（近3个月“上菜慢”投诉占{now}%，此前{before}%）",
        "whys": [
            _why("后厨出餐排队，高峰期出餐跟不上点单", "投诉工单：等菜超过30分钟",
                 _why("新店厨师对新菜单不熟，单道菜出餐慢", "观察：厨师频繁查看菜谱卡",
                      _why("开业前培训仅3天，未做高峰期演练", "访谈：新店厨师长",
                           _why("开店排期紧，培训时间被压缩", "开业排期表"))),
                 _why("点餐系统与后厨打印不同步，漏单、重单", "后厨打印记录与收银单对不上",
                      _why("新店点餐系统与后厨打印机未完成联调", "IT 工单记录",
                           _why("设备交付晚，开业前设备调试不足", "供应商交付单")))),
            _why("传菜不及时，菜品出餐后在出菜口等待", f"员工反馈：“{peak}”",
                 _why("新店沿用老店排班，高峰未按客流加人", "排班表与分时订单对比")),
        ],
    }  # fmt: skip


__all__ = ["ASSESSMENTS", "complaint_share", "needs_register", "serving_five_why"]
