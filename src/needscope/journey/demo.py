"""The demo project's journey: the restaurant default with a to-be plan drawn from its data."""

from __future__ import annotations

from dataclasses import replace

from needscope.journey.inventory import default_journey
from needscope.journey.model import Bi, Journey

DEMO_TO_BE: dict[str, tuple[Bi, ...]] = {
    "discover": (
        Bi("统一团购券与会员折扣规则，并在店铺页写清", "One clear rule for vouchers and member discounts, stated on the listing"),
    ),
    "book_queue": (
        Bi("线上排号与到店叫号打通，准确预估等位时间", "Link online and in-store queues and estimate waits accurately"),
        Bi("等位区提供座位、茶水与小食", "Seats, tea and snacks while guests wait"),
        Bi("开通预约订座", "Open table reservations"),
    ),
    "arrive": (
        Bi("与商场合作停车抵扣，更新地图定位与指引牌", "Parking validation with the mall; fix map pins and signs"),
    ),
    "order": (
        Bi("修复扫码点餐卡顿，服务员协助老年顾客点餐", "Fix QR-ordering outages; staff help older guests order"),
        Bi("菜单知识培训与过敏原卡", "Menu training and allergen cards"),
    ),
    "dine": (
        Bi("高峰期增加传菜员，出餐计时与超时提醒", "More runners at peak times, serving timers and late-dish alerts"),
        Bi("点餐后告知预计上菜时间", "Tell guests when their dishes will come"),
    ),
    "pay": (Bi("账单自动核对，多收即时提醒", "Automatic bill checks with overcharge alerts"),),
    "after": (
        Bi("投诉 24 小时回访闭环，新店店长亲自跟进", "Close every complaint within 24 hours; new-store managers call back in person"),
    ),
    "delivery": (Bi("外卖封签与出餐超时预警", "Sealed delivery bags and late-order alerts"),),
}  # fmt: skip
"""Planned improvements per stage, answering the demo's main pains."""


def demo_journey() -> Journey:
    """The restaurant default journey with the demo's to-be plan."""
    return replace(default_journey("restaurant"), to_be=dict(DEMO_TO_BE))


__all__ = ["DEMO_TO_BE", "demo_journey"]
