"""Phrase banks for what people say: interview notes, survey items and survey suggestions."""

from __future__ import annotations

# --- interviews -------------------------------------------------------------------------------

ROLES: tuple[str, ...] = ("店长", "区域经理", "顾客", "总监")

# (date, interviewee, role, store, notes): the seed's 客户原话 and other fixed key statements.
FIXED_INTERVIEWS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "2026-01-06",
        "王总",
        "总监",
        "总部",
        "新店开业3个月，复购率需从20%提升至40%。老店会员复购一直在四成左右，新店只有两成，这是今年最要紧的事。",
    ),
    (
        "2026-01-06",
        "王总",
        "总监",
        "总部",
        "顾客点餐后，上菜时间不超过15分钟，这是我们对所有门店的硬要求，新店现在经常做不到。",
    ),
    (
        "2026-01-06",
        "王总",
        "总监",
        "总部",
        "单店服务优化预算不超过15万，后厨设备预算另计；每店可以增配1名服务员，方案要在6月底前见效。",
    ),
    (
        "2026-01-06",
        "王总",
        "总监",
        "总部",
        "我们考虑新店做24小时营业，抢夜宵市场，顾客随时想吃都能来，你们帮我看看值不值得做。",
    ),
    (
        "2026-01-08",
        "张伟",
        "区域经理",
        "南京南站店",
        "现场观察发现服务员对菜单不熟悉，导致顾客咨询频繁，一桌点餐要十几分钟，后面的桌都在等。",
    ),
    (
        "2026-01-09",
        "刘总监",
        "总监",
        "总部",
        "新店后厨照搬老店图纸，但动线不一样，炒锅离出餐口远，高峰期出餐口积压严重，上菜自然慢。",
    ),
    (
        "2026-01-12",
        "顾客（陈女士）",
        "顾客",
        "奥体中心店",
        "带孩子来吃饭最怕等位，要是能提前预约就好了，店里再多几把儿童座椅，我们一家会常来。",
    ),
    (
        "2026-01-15",
        "Emily (tourist)",
        "顾客",
        "夫子庙店",
        "Loved the squirrel fish, but we queued 40 minutes and no one spoke English. "
        "I wish they took reservations.",
    ),
)

STORE_MANAGERS: dict[str, str] = {
    "新街口店": "李娜",
    "夫子庙店": "周强",
    "河西万达店": "孙悦",
    "仙林店": "吴磊",
    "江宁百家湖店": "郑敏",
    "南京南站店": "何俊",
    "江北新区店": "马丽",
    "奥体中心店": "杨帆",
}
AREA_MANAGERS: tuple[str, ...] = ("张伟", "陈静")
DIRECTORS: tuple[str, ...] = ("王总", "刘总监", "赵总监")
CUSTOMER_NAMES_ZH: tuple[str, ...] = (
    "张女士",
    "李先生",
    "王女士",
    "刘先生",
    "赵女士",
    "孙先生",
    "周女士",
    "吴先生",
    "徐女士",
    "胡先生",
    "林女士",
    "高先生",
    "罗女士",
    "梁先生",
    "宋女士",
    "唐先生",
)
CUSTOMER_NAMES_EN: tuple[str, ...] = ("Tom", "Sarah", "David", "Anna", "Kenji", "Maria", "James")

# role -> ((scope, template), ...); slots {store} {dish} {m} {q} {pct}
INTERVIEW_NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "店长": (
        (
            "new",
            "{store}开业以来客流在涨，但晚市高峰出餐跟不上，首道菜经常超过{m}分钟，顾客催菜多。",
        ),
        ("new", "新员工占一半以上，菜单培训只做了半天，顾客问{dish}怎么做，服务员常答不上来。"),
        ("all", "周末等位经常排到{q}桌以上，等位区座位不够，不少客人等不及就走了。"),
        ("all", "会员大多是开业活动拉来的，第二次来的不多，优惠券用完就不来了。"),
        ("all", "店里只有两把儿童座椅，周末带小孩的家庭多，经常不够用，客人意见很大。"),
        ("old", "老店的回头客多，大家认的是{dish}这类老味道，对上菜速度比较宽容。"),
        ("all", "晚上九点半以后堂食基本没人，十点后只有零星外卖，24小时营业不现实。"),
        ("tourist", "外地和外国游客占比高，英文菜单和图片菜单是刚需，现在只能靠翻译软件。"),
        ("all", "高峰期一个服务员要照顾{t}张桌，加水、催菜都顾不过来，差评多是这个原因。"),
    ),
    "区域经理": (
        ("all", "从投诉工单看，新店上菜慢的投诉越来越多，老店主要是等位和停车。"),
        ("all", "各店出餐标准不统一，{dish}老店{mo}分钟能出，新店要多等一倍时间。"),
        ("new", "新店客单价和老店差不多，但复购明显偏低，第一次体验不好就不会再来。"),
        ("all", "建议高峰时段多排人手，而不是全天加人，预算上更划算。"),
        ("all", "小程序排号和门店叫号不同步，顾客到店后又要重新排，投诉不少。"),
    ),
    "总监": (
        ("all", "品牌定位是江南家常菜，价格带人均70到90元，不打价格战。"),
        ("all", "我们希望数据说话，先把复购率和上菜时长每天统计出来，再谈改进。"),
        ("all", "儿童游乐区要占不少面积，新店是否做要看投入产出，优先级不高。"),
        ("all", "预约订座我们讨论过，担心爽约率高，但顾客反馈确实很多。"),
        ("all", "员工流失率新店接近{pct}%，培训跟不上，服务标准落不了地。"),
    ),
    "顾客": (
        ("all", "味道挺好，{dish}每次必点，就是周末排队太久，要是能预约就好了。"),
        ("new", "第一次来新店，等了{m}分钟才上菜，服务员也说不清什么时候能上，不太想再来了。"),
        ("all", "价格还可以接受，但茶位费没提前说，结账时有点不舒服。"),
        ("all", "带老人来吃，扫码点餐不会用，服务员又太忙，希望保留人工点菜。"),
        ("all", "停车不方便，商场停车费也不能抵扣，开车来就不太划算。"),
        ("all", "服务员很热情，就是对新菜不太了解，问{dish}辣不辣都要去问厨房。"),
        ("all", "会员积分不知道怎么用，感觉办了会员也没什么好处。"),
        ("all", "希望有小份菜，两个人吃也能多点几个菜尝尝。"),
    ),
}

INTERVIEW_NOTES_EN: tuple[str, ...] = (
    "Great food and nice decor, but the food took {m} minutes and staff could not tell us why.",
    "We could not read the menu, an English menu with photos would help a lot.",
    "The queue was long and there was nowhere to sit. Online booking would make a big difference.",
    "Nice place near the station, but I almost missed my train waiting for the {dish}.",
)

# --- survey -----------------------------------------------------------------------------------

KANO_FEATURES: tuple[str, ...] = (
    "扫码点餐",
    "免费停车",
    "儿童游乐区",
    "会员积分",
    "预约订座",
    "等位小食",
)
KANO_FEATURES_EN: dict[str, str] = {
    "扫码点餐": "QR-code ordering",
    "免费停车": "Free parking",
    "儿童游乐区": "Kids' play area",
    "会员积分": "Loyalty points",
    "预约订座": "Table reservations",
    "等位小食": "Snacks while queuing",
}
KANO_ANSWERS: tuple[str, ...] = ("我很喜欢", "理所当然", "无所谓", "能忍受", "我很不喜欢")

# code, zh wording, en wording (Parasuraman, Berry & Zeithaml 1991 revised SERVQUAL, adapted)
SERVQUAL_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("SQ01", "餐厅拥有现代化的设施设备", "Has modern-looking equipment"),
    ("SQ02", "餐厅的就餐环境与设施外观吸引人", "Physical facilities are visually appealing"),
    ("SQ03", "员工着装整洁、仪表得体", "Employees are neat in appearance"),
    (
        "SQ04",
        "菜单、标识等物料美观清晰",
        "Materials such as menus and signs are visually appealing",
    ),
    ("SQ05", "承诺在某一时间完成的事情能按时做到", "Does what it promises by the promised time"),
    ("SQ06", "顾客遇到问题时真诚地帮助解决", "Shows a sincere interest in solving problems"),
    (
        "SQ07",
        "第一次就能把服务做对（点单、上菜无差错）",
        "Performs the service right the first time",
    ),
    ("SQ08", "在承诺的时间内提供服务", "Provides its services at the time it promises"),
    ("SQ09", "账单与订单记录准确无误", "Insists on error-free records"),
    (
        "SQ10",
        "告知顾客服务（上菜、叫号）的确切时间",
        "Tells customers exactly when services happen",
    ),
    ("SQ11", "员工能为顾客提供及时的服务", "Employees give prompt service"),
    ("SQ12", "员工总是乐于帮助顾客", "Employees are always willing to help"),
    ("SQ13", "员工再忙也会及时回应顾客的要求", "Employees are never too busy to respond"),
    ("SQ14", "员工的言行让顾客信任", "Employees' behaviour instils confidence"),
    (
        "SQ15",
        "顾客在消费过程中感到放心（食品安全、支付安全）",
        "Customers feel safe in transactions",
    ),
    ("SQ16", "员工始终礼貌待客", "Employees are consistently courteous"),
    (
        "SQ17",
        "员工具备回答顾客问题的专业知识（菜品做法、过敏原）",
        "Employees can answer questions",
    ),
    ("SQ18", "餐厅给予每位顾客个别的关注", "Gives customers individual attention"),
    ("SQ19", "营业时间方便所有顾客", "Has convenient operating hours"),
    ("SQ20", "员工给予顾客个性化的关照", "Employees give personal attention"),
    ("SQ21", "餐厅把顾客的利益放在心上", "Has the customer's best interests at heart"),
    ("SQ22", "员工了解顾客的具体需求", "Employees understand specific needs"),
)
SERVQUAL_DIMENSION_OF: dict[str, str] = {
    **{f"SQ{i:02d}": "tangibles" for i in range(1, 5)},
    **{f"SQ{i:02d}": "reliability" for i in range(5, 10)},
    **{f"SQ{i:02d}": "responsiveness" for i in range(10, 14)},
    **{f"SQ{i:02d}": "assurance" for i in range(14, 18)},
    **{f"SQ{i:02d}": "empathy" for i in range(18, 23)},
}

# driver -> zh suggestions; English ones share the keys
SUGGESTIONS_ZH: dict[str, tuple[str, ...]] = {
    "serving": (
        "高峰期上菜太慢了，希望多安排人手",
        "希望上菜时间能控制在15分钟以内",
        "催了好几次菜，建议优化出餐流程",
        "建议告诉顾客大概多久上菜，心里有个数",
    ),
    "wait": ("希望可以线上预约订座", "等位时间太长，建议提供等位小食和茶水", "排号系统经常不准"),
    "kids": ("希望有儿童座椅和儿童游乐区", "带孩子不方便，希望增加宝宝椅"),
    "parking": ("停车不方便，希望提供停车抵扣",),
    "staff": ("服务员对菜品不熟悉，建议加强培训", "服务员态度有待提高", "希望服务员多主动一点"),
    "price": ("价格偏高，希望多些套餐优惠", "会员积分希望能直接抵现"),
    "taste": ("口味很好，希望多出时令菜", "{dish}偏咸，希望改进", "希望推出小份菜"),
    "app": ("扫码点餐经常卡顿，希望优化", "希望保留人工点餐，老人不会扫码"),
    "praise": ("整体很满意，继续保持！", "环境和服务都很好，会推荐给朋友", "{dish}很好吃，会再来"),
}
SUGGESTIONS_EN: dict[str, tuple[str, ...]] = {
    "serving": ("Please serve the food faster at peak times",),
    "wait": ("Please accept reservations",),
    "staff": ("Staff should know the menu better",),
    "praise": ("Lovely food, keep it up",),
    "app": ("Please add English to the ordering app",),
}

__all__ = [
    "AREA_MANAGERS",
    "CUSTOMER_NAMES_EN",
    "CUSTOMER_NAMES_ZH",
    "DIRECTORS",
    "FIXED_INTERVIEWS",
    "INTERVIEW_NOTES",
    "INTERVIEW_NOTES_EN",
    "KANO_ANSWERS",
    "KANO_FEATURES",
    "KANO_FEATURES_EN",
    "ROLES",
    "SERVQUAL_DIMENSION_OF",
    "SERVQUAL_ITEMS",
    "STORE_MANAGERS",
    "SUGGESTIONS_EN",
    "SUGGESTIONS_ZH",
]
