"""Review phrases that only appear after the launch of the new serving process."""

from __future__ import annotations

LAUNCH_PRAISE_ZH: tuple[str, ...] = (
    "换了新的出餐流程以后上菜快多了，{fast_min}分钟就上齐了",
    "最近出餐明显变快，扫码下单后厨直接出单",
    "新流程上线后上菜比以前快不少",
    "现在上菜速度快了，不用一直催",
)
LAUNCH_PRAISE_EN: tuple[str, ...] = (
    "Since the new ordering system the food comes out much faster",
    "Serving is quicker now, our dishes arrived within {fast_min} minutes",
)
LAUNCH_NEEDS_ZH: dict[str, tuple[str, ...]] = {
    "qr_ordering_help": (
        "现在只能扫码点餐，爸妈不会用，希望保留人工点单",
        "扫码点餐页面老是卡住，希望有服务员帮忙点单",
        "新上的扫码点餐老人不会用，建议保留纸质菜单",
    ),
    "member_points": (
        "扫码点餐后会员积分积不上很麻烦，希望能自动绑定会员卡",
        "用扫码点餐下单会员积分不累计是个问题，希望尽快解决",
        "希望扫码点餐也能用会员积分抵扣，现在很不方便",
    ),
}
LAUNCH_NEEDS_EN: dict[str, tuple[str, ...]] = {
    "qr_ordering_help": ("QR code ordering was slow and confusing, please keep paper menus",),
    "member_points": ("Loyalty points do not register with QR ordering, a bad experience",),
}
LAUNCH_P: dict[str, float] = {"praise": 0.3, "qr_ordering_help": 0.1, "member_points": 0.07}
"""Chance that a post-launch review of a launch store carries each kind of phrase."""

__all__ = [
    "LAUNCH_NEEDS_EN",
    "LAUNCH_NEEDS_ZH",
    "LAUNCH_P",
    "LAUNCH_PRAISE_EN",
    "LAUNCH_PRAISE_ZH",
]
