"""Chinese phrase banks for reviews: aspect phrases by polarity, openers, closers and needs.

Slots filled by the composer: {dish} {dish2} {slow_min} {fast_min} {long_wait} {short_wait}
{price} {n} {who} {store} {queue} {occasion} {k}.
"""

from __future__ import annotations

Bank = dict[tuple[str, str], tuple[str, ...]]

ASPECTS_ZH: Bank = {
    ("food.taste", "positive"): (
        "{dish}做得很地道，甜咸适中",
        "{dish}味道绝了，{dish2}也很入味",
        "口味很正宗，是小时候的江南味道",
        "松鼠鳜鱼酸甜刚好，外酥里嫩",
        "菜的口味偏清淡，很合我胃口",
        "{dish}必点，{who}都说好吃",
        "招牌{dish}名不虚传",
        "每道菜都很有水准，尤其是{dish}",
        "{dish2}鲜得眉毛都要掉了",
    ),
    ("food.taste", "negative"): (
        "{dish}太咸了，完全吃不出鲜味",
        "{dish}甜得发腻，口味一般",
        "{dish2}有股腥味，没吃几口",
        "口味比以前差了很多，{dish}没有以前好吃",
        "菜都偏油，{dish}油乎乎的",
        "{dish}味道寡淡，像是没放调料",
        "感觉是料理包的味道，{dish2}很失望",
    ),
    ("food.taste", "neutral"): (
        "{dish}中规中矩",
        "口味还行，没有特别惊艳",
        "味道一般般，{dish}可以试试",
    ),
    ("food.portion", "positive"): (
        "分量很足，{n}个人点了五个菜根本吃不完",
        "{dish}分量很实在",
        "菜量给得很大方",
        "分量足，性价比不错",
    ),
    ("food.portion", "negative"): (
        "分量太少了，{dish}一盘就几块",
        "{dish2}量少得可怜",
        "菜的分量越来越小了",
        "盘子很大菜很少，{n}个人没吃饱",
    ),
    ("food.freshness", "positive"): (
        "虾仁很新鲜，吃得出是现剥的",
        "食材新鲜，鱼是活杀的",
        "蔬菜很嫩很新鲜",
    ),
    ("food.freshness", "negative"): (
        "虾仁不新鲜，吃起来软塌塌的",
        "鱼有点不新鲜，吃完{who}肚子不舒服",
        "{dish}感觉是隔夜的",
        "菜里吃出了头发，卫生和新鲜度都堪忧",
    ),
    ("food", "positive"): (
        "菜品整体不错",
        "菜品精致，摆盘好看",
        "出品稳定，{dish}和{dish2}都好吃",
        "菜单选择多，有很多时令菜",
    ),
    ("food", "negative"): (
        "菜品整体很失望",
        "菜品质量不稳定，这次{dish}明显不如上次",
        "新菜单上的菜都不太行",
    ),
    ("service.serving_speed", "positive"): (
        "上菜很快，坐下{fast_min}分钟就上齐了",
        "出餐速度快，不用干等",
        "点完菜没多久就上了，效率很高",
        "高峰期上菜也挺快的",
    ),
    ("service.serving_speed", "negative"): (
        "等了{slow_min}分钟才上菜",
        "上菜太慢了，{slow_min}分钟才上了两个菜",
        "点完菜等了快{slow_min}分钟，催了三次",
        "上菜速度太慢，{dish}等到我们快吃完了才来",
        "出菜慢得离谱，{n}个人干坐着等了{slow_min}分钟",
        "上菜太慢，饭点去要有心理准备",
        "菜一道一道隔很久才上，前后等了{slow_min}分钟",
    ),
    ("service.wait_time", "positive"): (
        "基本不用排队，到了就有位置",
        "等位只等了{short_wait}分钟",
        "工作日去的，没怎么等位",
    ),
    ("service.wait_time", "negative"): (
        "排队排了{long_wait}分钟",
        "周末等位要一个多小时，拿了{queue}号",
        "取号后等了{long_wait}分钟才进去",
        "排队太久了，门口连个坐的地方都没有",
        "饭点等位很夸张，前面还有{queue}桌",
    ),
    ("service.staff_attitude", "positive"): (
        "服务员态度很好，很热情",
        "服务很周到，会主动加茶水",
        "服务员小姐姐很耐心，帮我们推荐了{dish}",
        "店员很有礼貌，{occasion}还送了小甜品",
        "经理很贴心，主动给{who}拿了毯子",
    ),
    ("service.staff_attitude", "negative"): (
        "服务员态度很差，叫了好几次都没人理",
        "服务员对菜单不熟，问什么都说不知道",
        "服务态度冷淡，爱答不理的",
        "服务员一直在聊天，加水都要自己去找",
        "结账时收银员很不耐烦",
    ),
    ("service.parking", "positive"): (
        "停车方便，商场停车还能抵扣",
        "有免费停车位，开车来很方便",
    ),
    ("service.parking", "negative"): (
        "停车太难了，绕了半小时才找到车位",
        "附近停车很贵，店里也不给抵扣",
        "没有停车位，开车来很不方便",
    ),
    ("service", "positive"): (
        "服务不错",
        "整体服务体验很好",
        "服务流程很规范",
    ),
    ("service", "negative"): (
        "服务跟不上，人手明显不够",
        "服务一般，新店还需要磨合",
        "服务流程很乱，点的菜还上错了",
    ),
    ("service", "neutral"): (
        "服务中规中矩",
        "服务还可以吧",
    ),
    ("price", "positive"): (
        "人均{price}左右，性价比很高",
        "价格实惠，团购更划算",
        "这个价位能吃到这种水准，很值",
        "人均{price}，量足好吃不贵",
    ),
    ("price", "negative"): (
        "人均{price}有点贵了",
        "价格偏高，性价比一般",
        "涨价了，{dish}比以前贵了十几块",
        "人均{price}的价格配不上这个味道",
        "茶位费和餐具费都要另收，有点坑",
    ),
    ("price", "neutral"): (
        "价格中等，人均{price}",
        "价格还算合理",
    ),
    ("ambience", "positive"): (
        "环境很好，装修很有江南园林的感觉",
        "店里干净整洁，坐着很舒服",
        "环境优雅，适合{occasion}",
        "装修很有格调，拍照很好看",
        "新店装修很亮堂，座位也宽敞",
    ),
    ("ambience", "negative"): (
        "店里太吵了，说话都听不清",
        "桌子油腻腻的，卫生有待提高",
        "环境一般，座位太挤",
        "空调太冷了，{who}一直喊冷",
        "厕所味道很大，卫生需要注意",
    ),
    ("ambience", "neutral"): (
        "环境一般，中规中矩",
        "装修普通",
    ),
    ("location", "positive"): (
        "位置很好找，就在地铁口",
        "交通方便，逛完街直接过来",
        "离高铁站很近，赶车前吃一顿正好",
    ),
    ("location", "negative"): (
        "位置有点偏，导航绕了半天",
        "店在商场角落，很难找",
    ),
    ("other", "positive"): (
        "扫码点餐很方便",
        "会员积分可以抵现，挺好",
    ),
    ("other", "negative"): (
        "扫码点餐系统老是卡，点个菜要半天",
        "小程序下单后门店没收到，白等了",
        "发票开不了，说系统有问题",
    ),
}

OPENERS_ZH: tuple[str, ...] = (
    "和{who}来吃的",
    "第{k}次来了",
    "周末带{who}来{store}",
    "{occasion}选的这家",
    "路过进来吃的",
    "朋友推荐来的",
    "团购来的",
    "慕名而来",
    "新店开业来尝鲜",
    "下班和{who}来的",
    "中午来吃的工作餐",
    "来南京玩特意来吃的",
)

CLOSERS_ZH: dict[int, tuple[str, ...]] = {
    5: ("还会再来！", "推荐！", "五星好评", "强烈推荐", "下次还来"),
    4: ("总体不错", "下次还来", "整体满意", "值得一试"),
    3: ("一般般吧", "中规中矩", "再观察观察", "还行"),
    2: ("有点失望", "不太会再来了", "希望改进", "体验不太好"),
    1: ("不会再来了", "避雷！", "差评", "太失望了", "大家慎重"),
}

SAME_JOIN_ZH: tuple[str, ...] = ("，", "，", "；", "。", "，而且", "，同时", "。另外")
TURN_JOIN_ZH: tuple[str, ...] = ("，但是", "，不过", "，可惜", "。不过", "，就是", "，只是")
"""Connectives before a negative clause that follows a positive one."""
TURN_UP_ZH: tuple[str, ...] = ("，但是", "，不过", "。不过", "，好在", "，还好")
"""Connectives before a positive clause that follows a negative one."""
NEED_JOIN_ZH: tuple[str, ...] = ("。", "，", "。另外", "，")
ENDS_ZH: tuple[str, ...] = ("。", "。", "。", "！", "~", "")

NEEDS_ZH: dict[str, tuple[str, ...]] = {
    "kids_chair": (
        "希望增加儿童座椅",
        "要是有儿童座椅就好了，带{who}来很不方便",
        "建议多准备几把宝宝椅",
    ),
    "reservation": (
        "要是能提前预约就好了",
        "希望可以线上预约订座",
        "建议开通预约功能，不想每次都排队",
    ),
    "faster_serving": (
        "建议上菜快一点",
        "希望上菜能再快一些",
        "出餐速度真的要提升一下",
    ),
    "more_staff": (
        "高峰期建议多安排几个服务员",
        "希望饭点多加点人手",
    ),
    "queue_snacks": (
        "排队的时候要是有点小食就好了",
        "建议等位区提供茶水和小吃",
    ),
    "parking": (
        "希望能提供停车优惠",
        "建议和商场合作停车抵扣",
    ),
    "english_menu": ("建议出个英文菜单，外国朋友看不懂",),
    "small_portion": (
        "希望能出小份菜，一两个人也能多尝几样",
        "建议推出半份",
    ),
    "menu_training": ("希望服务员多了解一下菜品，能给点推荐",),
}

__all__ = [
    "ASPECTS_ZH",
    "CLOSERS_ZH",
    "ENDS_ZH",
    "NEEDS_ZH",
    "NEED_JOIN_ZH",
    "OPENERS_ZH",
    "SAME_JOIN_ZH",
    "TURN_JOIN_ZH",
    "TURN_UP_ZH",
    "Bank",
]
