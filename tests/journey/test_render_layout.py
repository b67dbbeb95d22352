"""Layout checks of the journey renderers: no overlapping or overflowing text, labels present."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from needscope.errors import InputError
from needscope.journey.model import (
    Bi,
    Evaluation,
    Journey,
    JourneyStage,
    PainPoint,
    Persona,
    Quote,
    StageScore,
    Stakeholder,
    Touchpoint,
    TouchpointScore,
)
from needscope.journey.render import (
    Drawing,
    layout_blueprint,
    layout_journey_map,
    layout_personas,
    layout_stakeholder_map,
    render_blueprint,
    render_journey_map,
    render_personas,
    render_stakeholder_map,
)
from needscope.journey.render.svg import MIN_FONT, PAGE_WIDTH, Box
from needscope.journey.render.text import advance, shorten, text_width, wrap
from needscope.model.vocab import StakeholderKind, TouchChannel, TouchpointLayer

SVG = "{http://www.w3.org/2000/svg}"
FRONT, BACK, SUPPORT = TouchpointLayer.FRONT, TouchpointLayer.BACK, TouchpointLayer.SUPPORT
PHYS, DIGI, PERS = TouchChannel.PHYSICAL, TouchChannel.DIGITAL, TouchChannel.PERSON

# --- sample data -----------------------------------------------------------------------------

_STAGES = [
    (
        "learn",
        "了解",
        "Discover",
        ["刷点评网站看评分", "朋友推荐"],
        ["Read ratings on review sites", "Friends recommend"],
    ),
    (
        "book",
        "预订/排队",
        "Book / queue",
        ["小程序取号", "电话订座"],
        ["Take a queue number in the mini-app", "Phone to book"],
    ),
    ("arrive", "到店", "Arrive", ["找停车位", "迎宾带位"], ["Find parking", "Greeted and seated"]),
    (
        "order",
        "点餐",
        "Order",
        ["扫码点餐", "询问推荐菜"],
        ["Scan the QR code to order", "Ask for recommendations"],
    ),
    ("dine", "用餐", "Dine", ["等上菜", "用餐、加菜"], ["Wait for dishes", "Eat, order more"]),
    ("pay", "结账", "Pay", ["扫码支付", "开发票"], ["Pay by QR code", "Ask for an invoice"]),
    ("leave", "离店", "Leave", ["打包剩菜"], ["Pack leftovers"]),
    (
        "after",
        "售后/复购",
        "After-sales / return",
        ["写点评", "会员复购"],
        ["Write a review", "Come back as a member"],
    ),
    ("review", "评价回访", "Follow-up", ["收到回访短信"], ["Receive a follow-up message"]),
]

_TPS = [
    # id, stage, zh, en, layer, channel, evidence zh/en, action zh/en
    (
        "t01",
        "learn",
        "点评网站",
        "Review site",
        FRONT,
        DIGI,
        "店铺主页与评分",
        "Shop page and rating",
        "",
        "",
    ),
    (
        "t02",
        "learn",
        "社交媒体",
        "Social media",
        FRONT,
        DIGI,
        "推文与短视频",
        "Posts and short videos",
        "",
        "",
    ),
    (
        "t03",
        "learn",
        "内容运营",
        "Content team",
        BACK,
        PERS,
        "",
        "",
        "策划推文与活动",
        "Plan posts and campaigns",
    ),
    (
        "t04",
        "book",
        "小程序排队",
        "Mini-app queue",
        FRONT,
        DIGI,
        "排号页面",
        "Queue page",
        "显示预计等位时间",
        "Show the expected wait",
    ),
    (
        "t05",
        "book",
        "订座电话",
        "Booking line",
        FRONT,
        PERS,
        "",
        "",
        "接听并登记订座",
        "Answer and log bookings",
    ),
    (
        "t06",
        "book",
        "排队系统",
        "Queue system",
        SUPPORT,
        DIGI,
        "",
        "",
        "叫号与短信提醒",
        "Call numbers and send SMS",
    ),
    (
        "t07",
        "arrive",
        "门头与停车场",
        "Storefront & parking",
        FRONT,
        PHYS,
        "招牌、停车指示牌",
        "Sign, parking signs",
        "",
        "",
    ),
    (
        "t08",
        "arrive",
        "迎宾",
        "Host",
        FRONT,
        PERS,
        "迎宾台",
        "Host stand",
        "问候、带位",
        "Greet and seat guests",
    ),
    (
        "t09",
        "arrive",
        "桌台安排",
        "Table planning",
        BACK,
        PERS,
        "",
        "",
        "根据人数调配桌台",
        "Assign tables by party size",
    ),
    (
        "t10",
        "order",
        "扫码点餐",
        "QR ordering",
        FRONT,
        DIGI,
        "桌贴二维码、电子菜单",
        "Table QR code, e-menu",
        "",
        "",
    ),
    (
        "t11",
        "order",
        "服务员点单",
        "Waiter order",
        FRONT,
        PERS,
        "纸质菜单",
        "Paper menu",
        "推荐菜品、记录忌口",
        "Recommend dishes, note allergies",
    ),
    (
        "t12",
        "order",
        "厨房接单",
        "Kitchen ticketing",
        BACK,
        DIGI,
        "",
        "",
        "打印出单并分单",
        "Print and route tickets",
    ),
    (
        "t13",
        "order",
        "POS 系统",
        "POS system",
        SUPPORT,
        DIGI,
        "",
        "",
        "菜品与价格维护",
        "Maintain dishes and prices",
    ),
    (
        "t14",
        "dine",
        "上菜",
        "Serving",
        FRONT,
        PERS,
        "餐具、菜品摆盘",
        "Tableware, plating",
        "按桌号上菜、核对菜单",
        "Serve by table and check the order",
    ),
    ("t15", "dine", "菜品口味", "Taste", FRONT, PHYS, "菜品", "The food", "", ""),
    (
        "t16",
        "dine",
        "就餐环境",
        "Dining room",
        FRONT,
        PHYS,
        "桌椅、灯光、音乐",
        "Tables, lighting, music",
        "",
        "",
    ),
    (
        "t17",
        "dine",
        "后厨出品",
        "Kitchen line",
        BACK,
        PERS,
        "",
        "",
        "备料、烹饪、出品质检",
        "Prep, cook and check dishes",
    ),
    (
        "t18",
        "dine",
        "食材采购",
        "Purchasing",
        SUPPORT,
        PERS,
        "",
        "",
        "每日采购与验收",
        "Buy and inspect daily",
    ),
    (
        "t19",
        "dine",
        "清洁卫生",
        "Cleaning",
        SUPPORT,
        PERS,
        "",
        "",
        "餐中清台、消毒",
        "Clear and sanitise tables",
    ),
    (
        "t20",
        "pay",
        "收银台",
        "Cashier",
        FRONT,
        PERS,
        "账单、发票",
        "Bill, invoice",
        "核对账单、收款",
        "Check the bill and take payment",
    ),
    ("t21", "pay", "扫码支付", "QR payment", FRONT, DIGI, "收款码", "Payment QR code", "", ""),
    (
        "t22",
        "pay",
        "支付系统",
        "Payment system",
        SUPPORT,
        DIGI,
        "",
        "",
        "对账与开票接口",
        "Reconcile and issue invoices",
    ),
    (
        "t23",
        "leave",
        "打包服务",
        "Take-away packing",
        FRONT,
        PERS,
        "打包盒、袋",
        "Boxes and bags",
        "打包并提醒物品",
        "Pack and remind belongings",
    ),
    (
        "t24",
        "leave",
        "送客",
        "Farewell",
        FRONT,
        PERS,
        "",
        "",
        "送客并邀请点评",
        "See guests off, invite reviews",
    ),
    (
        "t25",
        "after",
        "会员积分",
        "Loyalty points",
        FRONT,
        DIGI,
        "会员卡、积分短信",
        "Member card, points SMS",
        "",
        "",
    ),
    (
        "t26",
        "after",
        "差评处理",
        "Complaint handling",
        BACK,
        PERS,
        "",
        "",
        "24 小时内回复差评",
        "Reply to bad reviews within 24 h",
    ),
    (
        "t27",
        "after",
        "CRM 系统",
        "CRM",
        SUPPORT,
        DIGI,
        "",
        "",
        "会员数据与营销",
        "Member data and marketing",
    ),
    ("t28", "review", "回访短信", "Follow-up SMS", FRONT, DIGI, "短信", "SMS", "", ""),
    (
        "t29",
        "review",
        "客服回访",
        "Call-back",
        FRONT,
        PERS,
        "",
        "",
        "电话回访并记录意见",
        "Call back and log feedback",
    ),
    (
        "t30",
        "review",
        "质检复盘",
        "Quality review",
        BACK,
        PERS,
        "",
        "",
        "每周复盘投诉",
        "Weekly complaint review",
    ),
]

_SENT = {
    "learn": (0.35, 0.1, 0.6, 120),
    "book": (-0.42, -0.7, -0.1, 210),
    "arrive": (0.05, -0.3, 0.4, 95),
    "order": (0.12, -0.2, 0.45, 160),
    "dine": (0.48, 0.2, 0.8, 340),
    "pay": (-0.18, -0.5, 0.1, 88),
    "leave": (0.22, 0.0, 0.5, 40),
    "after": (-0.05, -0.45, 0.35, 64),
}

_QUOTES = {
    "learn": ["评分很高，朋友也推荐。", "Great reviews online, so we tried it."],
    "book": [
        "排了一个多小时的队，小程序显示的时间根本不准。服务员也不管。",
        "Waited over an hour & the app said 20 minutes <script>alert(1)</script>",
    ],
    "arrive": ["停车太难找了。"],
    "order": ["扫码点餐很方便，但菜单图片和实物差别有点大，希望能更新一下。"],
    "dine": ["菜很好吃，服务员很热情！", "The food was excellent and the staff were friendly."],
    "pay": ["结账排队，开发票还要等十分钟。"],
    "leave": ["打包盒质量不错。"],
    "after": ["差评三天都没人回复。"],
}

_PAINS = {
    "book": [
        ("service.wait_time", "等位时间长", "Long wait", 0.46),
        ("digital.app", "排队信息不准", "Inaccurate queue info", 0.21),
    ],
    "arrive": [("env.parking", "停车难", "Hard to park", 0.3)],
    "order": [("product.menu", "菜单与实物不符", "Menu photos misleading", 0.12)],
    "dine": [
        ("service.speed", "上菜慢", "Slow serving", 0.18),
        ("product.portion", "分量偏少", "Small portions", 0.09),
    ],
    "pay": [("service.invoice", "开票慢", "Slow invoicing", 0.27)],
    "after": [("service.response", "差评无回复", "No reply to complaints", 0.33)],
}

_OPPS = {
    "book": [("按实时翻台率预测等位时间", "Predict waits from live table turnover")],
    "dine": [("高峰期增加传菜员", "Add runners at peak hours")],
    "pay": [("桌边扫码自助开票", "Self-service invoices at the table")],
    "after": [("差评 24 小时响应机制", "24-hour reply to bad reviews")],
}

_TO_BE = {
    "book": [
        ("等位时间误差 < 10 分钟，超时送小食", "Wait estimate within 10 min; snacks when late")
    ],
    "arrive": [("与周边停车场合作，提供停车券", "Parking vouchers with a nearby car park")],
    "dine": [("出餐超 20 分钟自动提醒店长", "Alert the manager when a dish takes over 20 min")],
    "pay": [("扫码即开电子发票", "E-invoice straight from the payment QR code")],
    "after": [("差评 24 小时内回复并回访", "Reply to bad reviews within 24 h and call back")],
}


def restaurant_evaluation() -> Evaluation:
    """A hand-made restaurant journey with scores (9 stages, 30 touchpoints)."""
    stages = tuple(
        JourneyStage(sid, Bi(zh, en), tuple(Bi(a, b) for a, b in zip(az, ae, strict=True)))
        for sid, zh, en, az, ae in _STAGES
    )
    tps = tuple(
        Touchpoint(tid, Bi(zh, en), st, layer, ch, evidence=Bi(ez, ee), action=Bi(az, ae))
        for tid, st, zh, en, layer, ch, ez, ee, az, ae in _TPS
    )
    to_be = {k: tuple(Bi(a, b) for a, b in v) for k, v in _TO_BE.items()}
    journey = Journey(stages, tps, to_be=to_be, industry="restaurant")
    stage_scores = []
    for sid, (mean, q25, q75, n) in _SENT.items():
        stage_scores.append(
            StageScore(
                sid,
                n,
                mean,
                0.4,
                q25,
                q75,
                0.2,
                thoughts=tuple(Quote(i, q) for i, q in enumerate(_QUOTES.get(sid, []))),
                pains=tuple(
                    PainPoint(t, Bi(a, b), int(s * n), s) for t, a, b, s in _PAINS.get(sid, [])
                ),
                opportunities=tuple(Bi(a, b) for a, b in _OPPS.get(sid, [])),
            )
        )
    tscores = []
    for k, tp in enumerate(tps):
        tscores.append(
            TouchpointScore(
                tp.id,
                20 + k,
                k % 5,
                (k % 5) / (20 + k),
                0.1,
                0.3,
                {"positive": 10},
                mot=tp.id in ("t04", "t14", "t20"),
                fail_point=tp.id in ("t04", "t20", "t26"),
                wait_point=tp.id in ("t04", "t06", "t14", "t20"),
            )
        )
    return Evaluation(
        journey, tuple(stage_scores), tuple(tscores), Bi("全部顾客", "All guests"), 1117
    )


def big_evaluation(n_stages: int = 12, n_touchpoints: int = 60) -> Evaluation:
    """A generated journey with long labels in both languages."""
    long_zh = "这是一个非常长的触点名称用来测试自动换行是否正确"
    long_en = (
        "An extraordinarily long touchpoint name with Supercalifragilisticexpialidocious words"
    )
    stages = tuple(
        JourneyStage(
            f"s{i}",
            Bi(
                f"阶段{i + 1}：顾客在这里做了很多事情",
                f"Stage {i + 1}: the customer does many things here",
            ),
            (Bi("浏览并比较不同的选项和价格", "Browse and compare many options and prices"),),
        )
        for i in range(n_stages)
    )
    layers = [FRONT, BACK, SUPPORT]
    chans = [PHYS, DIGI, PERS]
    tps = tuple(
        Touchpoint(
            f"tp{k}",
            Bi(f"{long_zh}{k}", f"{long_en} {k}"),
            f"s{k % n_stages}",
            layers[k % 3],
            chans[(k // 3) % 3],
            evidence=Bi(
                f"有形展示物品{k}号：宣传单页与海报", f"Evidence item {k}: flyers and posters"
            ),
            action=Bi(
                f"员工执行标准操作流程第{k}步并记录",
                f"Staff run step {k} of the standard procedure",
            ),
        )
        for k in range(n_touchpoints)
    )
    quote = (
        "我觉得整个过程太漫长了，等了很久都没有人理我。后来终于有人来了，但是态度非常冷淡，"
        "让我很失望。下次可能不会再来了。"
    )
    quote_en = (
        "The whole process took far too long and nobody attended to us. When someone finally "
        "came they were cold. We were disappointed. We may not come back."
    )
    scores = tuple(
        StageScore(
            f"s{i}",
            10 + i,
            ((i % 5) - 2) / 2.2,
            0.3,
            ((i % 5) - 3) / 3,
            ((i % 5) - 1) / 2.5,
            0.3,
            thoughts=(Quote(1, quote), Quote(2, quote_en)),
            pains=tuple(
                PainPoint(
                    f"p{j}",
                    Bi(f"痛点名称比较长的问题{j}", f"A rather long pain point name {j}"),
                    3,
                    0.1 * j,
                )
                for j in range(4)
            ),
            opportunities=(
                Bi(
                    "建立跨部门协同机制缩短等待时间",
                    "Set up cross-team coordination to cut waiting times",
                ),
            ),
        )
        for i in range(n_stages)
        if i != 3  # one stage without data
    )
    tscores = tuple(
        TouchpointScore(
            f"tp{k}",
            5,
            1,
            0.2,
            0.0,
            0.2,
            {},
            mot=k % 7 == 0,
            fail_point=k % 4 == 0,
            wait_point=k % 5 == 0,
        )
        for k in range(n_touchpoints)
    )
    to_be = {
        f"s{i}": (
            Bi(
                "目标：等待时间缩短一半并主动告知进度",
                "Target: halve the waiting time and tell progress",
            ),
        )
        for i in range(n_stages)
    }
    journey = Journey(stages, tps, to_be=to_be)
    return Evaluation(
        journey, scores, tscores, Bi("高价值常客（近30天消费≥3次）", "High-value regulars"), 4321
    )


def personas_sample() -> list[Persona]:
    """Three personas, one with a long quote and markup in its text."""
    return [
        Persona(
            "p1",
            Bi("忙碌的上班族 李女士", "Busy office worker Ms Li"),
            Bi("RFM：高频低额", "RFM: frequent, low spend"),
            420,
            0.31,
            facts=(
                Bi("28–35 岁，写字楼白领", "28–35, office worker"),
                Bi("午餐为主，常用小程序", "Mostly lunch, uses the mini-app"),
            ),
            needs=(Bi("出餐快", "Fast serving"), Bi("排队时间可预期", "Predictable queue")),
            expectations=(Bi("20 分钟内吃完午饭", "Lunch done in 20 minutes"),),
            quotes=(
                Quote(
                    1,
                    "中午只有一个小时，排队就花了四十分钟。希望能提前点好餐，到店直接取。还有发票能不能快点？",
                ),
            ),
            channels=("小程序", "外卖", "电话"),
        ),
        Persona(
            "p2",
            Bi("家庭聚餐 王先生", "Family diner Mr Wang"),
            Bi("RFM：低频高额", "RFM: rare, high spend"),
            150,
            0.11,
            facts=(Bi("周末带孩子和老人", "Weekends with kids and parents"),),
            needs=(
                Bi("包间与儿童座椅", "Private rooms, high chairs"),
                Bi("停车方便", "Easy parking"),
            ),
            expectations=(Bi("服务周到 & 环境安静 <b>", "Attentive service & a quiet room <b>"),),
            quotes=(
                Quote(2, "The staff were lovely with the kids. Parking was a nightmare though."),
            ),
            channels=("phone", "walk-in"),
        ),
        Persona("p3", Bi("", "Tourist"), Bi("", "First visit"), 60, 0.04),
    ]


def stakeholders_sample() -> list[Stakeholder]:
    """Stakeholders, several sharing a cell."""
    INT, EXT = StakeholderKind.INTERNAL, StakeholderKind.EXTERNAL
    return [
        Stakeholder(
            "gm",
            Bi("店长", "Store manager"),
            INT,
            5,
            5,
            Bi("对门店体验负总责", "Owns the store experience"),
        ),
        Stakeholder("chef", Bi("厨师长", "Head chef"), INT, 4, 4),
        Stakeholder(
            "floor",
            Bi("楼面主管", "Floor supervisor"),
            INT,
            4,
            4,
            Bi("排班与服务标准", "Shifts and service standards"),
        ),
        Stakeholder("waiter", Bi("服务员", "Waiters"), INT, 2, 5),
        Stakeholder("hq", Bi("总部运营部", "HQ operations"), INT, 5, 2),
        Stakeholder("guest", Bi("顾客", "Guests"), EXT, 3, 5),
        Stakeholder("platform", Bi("点评平台", "Review platform"), EXT, 4, 2),
        Stakeholder("supplier", Bi("食材供应商", "Food suppliers"), EXT, 2, 2),
        Stakeholder("mall", Bi("商场物业", "Mall management"), EXT, 1, 1),
        Stakeholder("regulator", Bi("市场监管局", "Market regulator"), EXT, 5, 1),
        Stakeholder(
            "delivery",
            Bi("外卖骑手", "Delivery riders"),
            EXT,
            2,
            2,
            Bi("高峰期取餐排队 & <等待>", "Queue at peaks & <wait>"),
        ),
    ]


# --- checks --------------------------------------------------------------------------------


def check_drawing(d: Drawing, svg: str) -> None:
    """The bars: runs inside frames and page, no two runs overlap, fonts ≥ 7 px, SVG parses."""
    page = Box(0, 0, d.width, d.height)
    assert d.width == PAGE_WIDTH
    for run in d.runs:
        box = run.bbox()
        assert run.frame.contains(box), (run.role, run.lines, box, run.frame)
        assert page.contains(run.frame), (run.role, run.lines)
        assert run.size >= MIN_FONT
    runs = sorted(d.runs, key=lambda r: r.bbox().y)
    boxes = [r.bbox() for r in runs]
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if b.y >= a.bottom:
                break
            assert not a.intersects(b), (runs[i].lines, runs[j].lines)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    view = [float(v) for v in root.get("viewBox", "").split()]
    assert view == pytest.approx([0, 0, d.width, d.height], abs=0.01)
    assert '"Noto Sans CJK SC"' in root.get("font-family", "")
    assert "Microsoft YaHei" in root.get("font-family", "")


def svg_text(svg: str) -> str:
    """All text of an SVG document, lines joined."""
    root = ET.fromstring(svg)
    return "".join(el.text or "" for el in root.iter(f"{SVG}text"))


def compact(text: str) -> str:
    """Text without spaces (wrapping removes the spaces it breaks at)."""
    return "".join(text.split())


# --- text module ---------------------------------------------------------------------------


def test_advance_uses_font_metrics() -> None:
    # Noto Sans CJK: ideographs are 1000/1000 em, "A" 608/1000, "i" 275/1000 (hmtx table)
    assert advance("中") == pytest.approx(1.0)
    assert advance("A") == pytest.approx(0.608, abs=0.05)
    assert advance("i") < advance("W")
    assert text_width("中文ab", 10) == pytest.approx(10 * (2 + advance("a") + advance("b")))


def test_wrap_cjk_by_character_latin_by_word() -> None:
    lines = wrap("顾客在这里等待了很久很久很久", 50, 10)
    assert all(text_width(line, 10) <= 50 for line in lines)
    assert "".join(lines) == "顾客在这里等待了很久很久很久"
    assert [len(line) for line in lines] == [5, 5, 4]
    en = wrap("the quick brown fox jumps", 60, 10)
    assert " ".join(en) == "the quick brown fox jumps"
    assert all(text_width(line, 10) <= 60 for line in en)
    assert all(not line.startswith(" ") and not line.endswith(" ") for line in en)


def test_wrap_breaks_long_words_and_keeps_punctuation_off_line_start() -> None:
    word = "Supercalifragilisticexpialidocious"
    lines = wrap(word, 40, 10)
    assert "".join(lines) == word and len(lines) > 1
    assert all(text_width(line, 10) <= 40 for line in lines)
    lines = wrap("一二三四五，六七", 50, 10)
    assert not any(line.startswith("，") for line in lines)
    assert "".join(lines) == "一二三四五，六七"


def test_shorten_cuts_at_sentence_boundary() -> None:
    text = "排了一个多小时的队。小程序显示的时间根本不准，服务员也不管。"
    assert shorten(text, 100) == text
    assert shorten(text, 16) == "排了一个多小时的队。…"
    assert shorten("Great food. The wait was awful and nobody came", 20) == "Great food.…"
    cut = shorten("一二三四五六七八九十一二三四五六七八九十", 8)
    assert cut.endswith("…") and len(cut) == 8


# --- renderers -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_journey_map_restaurant(lang: str) -> None:
    ev = restaurant_evaluation()
    d = layout_journey_map(ev, lang, title="")  # type: ignore[arg-type]
    svg = d.to_svg()
    check_drawing(d, svg)
    text = compact(svg_text(svg))
    for stage in ev.journey.stages:
        assert compact(stage.name.label(lang)) in text  # type: ignore[arg-type]
    for tp in ev.journey.touchpoints:
        assert compact(tp.name.label(lang)) in text  # type: ignore[arg-type]
    for items in ev.journey.to_be.values():
        for item in items:
            assert compact(item.label(lang)) in text  # type: ignore[arg-type]
    fixed = [
        "客户旅程图",
        "顾客行为",
        "触点",
        "情绪曲线",
        "痛点",
        "机会点",
        "关键时刻（MOT）",
        "全部顾客",
    ]
    if lang == "en":
        fixed = [
            "Customer journey map",
            "Customer actions",
            "Touchpoints",
            "Emotion",
            "Pain points",
            "Opportunities",
            "Moment of truth (MOT)",
            "All guests",
        ]
    for word in fixed:
        assert compact(word) in text
    assert "46%" in text  # a pain point share
    assert "-0.42(n=210)" in text  # the emotion point of stage "book"
    assert "无数据" in text if lang == "zh" else "nodata" in text  # stage "review" has no score


def test_journey_map_escapes_user_text() -> None:
    svg = render_journey_map(restaurant_evaluation(), "zh")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&amp;" in svg
    assert "alert(1)" in svg_text(svg) or "<script>" in "".join(svg_text(svg))


def test_journey_map_without_to_be() -> None:
    ev = restaurant_evaluation()
    d = layout_journey_map(ev, "en", to_be=False, title="Lunch & <dinner>")
    svg = d.to_svg()
    check_drawing(d, svg)
    text = svg_text(svg)
    assert "Lunch & <dinner>" in text
    assert compact("Add runners at peak hours") in compact(text)
    assert "To-be" not in text and compact("Wait estimate within") not in compact(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_blueprint_restaurant(lang: str) -> None:
    ev = restaurant_evaluation()
    d = layout_blueprint(ev, lang)  # type: ignore[arg-type]
    svg = d.to_svg()
    check_drawing(d, svg)
    text = compact(svg_text(svg))
    for tp in ev.journey.touchpoints:
        assert compact(tp.name.label(lang)) in text  # type: ignore[arg-type]
        if tp.evidence.zh:
            assert compact(tp.evidence.label(lang)) in text  # type: ignore[arg-type]
    lines = (
        ["互动分界线", "可视分界线", "内部互动分界线"]
        if lang == "zh"
        else ["Line of interaction", "Line of visibility", "Line of internal interaction"]
    )
    for word in lines:
        assert compact(word) in text
    badges = [r.text for r in d.runs if r.role == "badge"]
    # 3 fail points + 4 wait points on touchpoints, plus one F and one W in the legend
    assert sorted(badges) == ["F"] * 4 + ["W"] * 5
    # rows in order: evidence above customer above front above back above support
    tops = {
        role: min(r.y for r in d.runs if r.role == role)
        for role in ("evidence", "customer", "front", "back", "support")
    }
    assert tops["evidence"] < tops["customer"] < tops["front"] < tops["back"] < tops["support"]
    line_ys = sorted(r.y for r in d.runs if r.role == "line")
    assert tops["customer"] < line_ys[0] < tops["front"] < line_ys[1] < tops["back"]
    assert line_ys[2] < tops["support"]


def test_back_stage_touchpoint_lands_in_back_row() -> None:
    d = layout_blueprint(restaurant_evaluation(), "en")
    row = {r.text: r.role for r in d.runs}
    assert row["Kitchen line"] == "back"
    assert row["Purchasing"] == "support"
    assert row["Host"] == "front"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_twelve_stages_sixty_touchpoints(lang: str) -> None:
    ev = big_evaluation()
    for d in (layout_journey_map(ev, lang), layout_blueprint(ev, lang)):  # type: ignore[arg-type]
        svg = d.to_svg()
        check_drawing(d, svg)
        text = compact(svg_text(svg))
        for tp in ev.journey.touchpoints:
            assert compact(tp.name.label(lang)) in text  # type: ignore[arg-type]
        # one band of twelve columns, body text at least 8 px
        assert min(r.size for r in d.runs if r.role in ("touchpoint", "front")) >= 8
        assert len({r.x for r in d.runs if r.role == "stage"}) == 12


def test_many_stages_split_into_bands() -> None:
    ev = big_evaluation(20, 40)
    d = layout_journey_map(ev, "en")
    check_drawing(d, d.to_svg())
    stage_runs = [r for r in d.runs if r.role == "stage"]
    assert len(stage_runs) == 20
    assert len({round(r.y) for r in stage_runs}) == 2  # two bands of ten
    assert d.header is None


def test_personas() -> None:
    people = personas_sample()
    for lang in ("zh", "en"):
        d = layout_personas(people, lang)  # type: ignore[arg-type]
        svg = d.to_svg()
        check_drawing(d, svg)
        text = compact(svg_text(svg))
        for p in people:
            assert compact(p.name.label(lang)) in text  # type: ignore[arg-type]
    zh = compact(svg_text(render_personas(people, "zh")))
    assert "420位顾客·占31%" in zh
    assert "小程序·外卖·电话" in zh
    assert "中午只有一个小时，排队就花了四十分钟。" in zh  # long quote kept to whole sentences
    assert "服务周到&环境安静<b>" in zh
    assert "&lt;b&gt;" in render_personas(people, "zh")


def test_stakeholder_map() -> None:
    people = stakeholders_sample()
    for lang in ("zh", "en"):
        d = layout_stakeholder_map(people, lang)  # type: ignore[arg-type]
        svg = d.to_svg()
        check_drawing(d, svg)
        text = compact(svg_text(svg))
        for s in people:
            assert compact(s.name.label(lang)) in text  # type: ignore[arg-type]
    zh = compact(svg_text(render_stakeholder_map(people, "zh")))
    for word in ("重点管理", "令其满意", "随时告知", "监控", "内部", "外部", "影响力", "关注度"):
        assert word in zh
    en = compact(svg_text(render_stakeholder_map(people, "en")))
    for word in ("Manageclosely", "Keepsatisfied", "Keepinformed", "Monitor"):
        assert word in en
    d = layout_stakeholder_map(people, "en")
    runs = {r.text: r for r in d.runs if r.role == "stakeholder"}
    # shared cell (influence 4, interest 4): stacked, not overlapping, same column
    chef, floor = runs["Head chef"], runs["Floor supervisor"]
    upper, lower = sorted((chef, floor), key=lambda r: r.y)
    assert chef.x == floor.x and upper.bbox().bottom <= lower.bbox().y
    # higher influence is drawn higher, higher interest further right
    assert (
        runs["Store manager"].y < runs["Guests"].y < runs["Waiters"].y < runs["Mall management"].y
    )
    assert runs["Market regulator"].x < runs["HQ operations"].x < runs["Store manager"].x
    # markers: circles for internal, diamonds (polygons) for external
    root = ET.fromstring(d.to_svg())
    assert len(root.findall(f"{SVG}circle")) == 6  # 5 internal + legend
    assert len(root.findall(f"{SVG}polygon")) == 7  # 6 external + legend


def test_stakeholder_scores_checked() -> None:
    bad = [Stakeholder("x", Bi("X"), StakeholderKind.EXTERNAL, 6, 2)]
    with pytest.raises(InputError, match=r"'x'.*influence"):
        render_stakeholder_map(bad)


def test_empty_inputs_render() -> None:
    for svg in (render_personas([], "en"), render_stakeholder_map([], "zh")):
        ET.fromstring(svg)
    ev = Evaluation(Journey((JourneyStage("a", Bi("A")),), ()), (), ())
    check_drawing(layout_journey_map(ev, "en"), render_journey_map(ev, "en"))
    check_drawing(layout_blueprint(ev, "zh"), render_blueprint(ev, "zh"))


def test_no_text_runs_share_space_even_in_legend() -> None:
    d = layout_journey_map(restaurant_evaluation(), "en")
    legend = [r.bbox() for r in d.runs if r.role == "legend"]
    assert len(legend) >= 10
    assert not any(a.intersects(b) for a, b in itertools.combinations(legend, 2))
