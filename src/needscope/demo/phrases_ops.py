"""Phrase banks for operational sources: complaint tickets, on-site observations, staff feedback.

Complaint slots: {store} {min} {n} {dish} {dish2} {wait} {amount} {day} {meal}.
Scopes on observations and staff feedback: "all", "new" (new stores), "old", "tourist".
"""

from __future__ import annotations

COMPLAINT_CATEGORIES: tuple[str, ...] = (
    "上菜慢",
    "等位时间长",
    "服务态度",
    "菜品质量",
    "价格",
    "环境卫生",
    "停车",
    "点餐系统",
    "其他",
)

# category -> ((aspect, zh template), ...)
COMPLAINTS_ZH: dict[str, tuple[tuple[str, str], ...]] = {
    "上菜慢": (
        (
            "service.serving_speed",
            "{day}{meal}在{store}用餐，点完菜{min}分钟才上第一道菜，催了几次都说马上",
        ),
        ("service.serving_speed", "{n}人用餐等了{min}分钟菜还没上齐，{dish}最后才来，孩子饿得直哭"),
        ("service.serving_speed", "{store}出餐太慢，{min}分钟只上了两个菜，后面的菜只好打包"),
        (
            "service.serving_speed",
            "顾客反映{meal}高峰期上菜慢，{dish}等了{min}分钟，要求退掉未上的菜",
        ),
        ("service.serving_speed", "客户来电投诉：{day}在{store}等菜{min}分钟，服务员只说后厨忙"),
        ("service.serving_speed", "外卖出餐慢，下单后{min}分钟骑手还在店里等餐，饭送到都凉了"),
    ),
    "等位时间长": (
        ("service.wait_time", "{day}{meal}到{store}取号，等位{wait}分钟还没叫到，前面号码一直不动"),
        ("service.wait_time", "顾客投诉排队{wait}分钟，中间有人插队，服务员不管"),
        ("service.wait_time", "等位区没有座位也没有茶水，{n}个人站着等了{wait}分钟"),
        ("service.wait_time", "线上排号显示还有3桌，到店后又等了{wait}分钟，叫号系统不准"),
    ),
    "服务态度": (
        ("service.staff_attitude", "{store}服务员态度恶劣，要求加水被白眼，顾客很生气"),
        ("service.staff_attitude", "询问{dish}的做法，服务员说不知道也不去问，态度敷衍"),
        ("service.staff_attitude", "结账时对账单有疑问，收银员很不耐烦，语气很冲"),
        ("service.staff_attitude", "客户反映{store}服务员上错菜后不道歉，还说是顾客点错了"),
        ("service.staff_attitude", "{meal}用餐时叫了好几次服务员都没人理，员工在一旁聊天"),
    ),
    "菜品质量": (
        ("food.freshness", "{dish}的虾仁不新鲜有异味，吃完后{n}人都有点拉肚子，要求赔偿"),
        ("food.taste", "{dish}太咸无法入口，要求重做后味道还是一样"),
        ("food.freshness", "菜里吃出头发，顾客要求退款并给说法"),
        ("food.taste", "{dish2}和以前味道差很多，像是预制菜，顾客要求退菜"),
        ("food.freshness", "{dish}中间是凉的，像是加热不透的隔夜菜"),
    ),
    "价格": (
        ("price", "账单多收了{amount}元，{dish}点了一份却算了两份"),
        ("price", "团购券不能和会员折扣同用，事先没有说明，顾客认为被误导"),
        ("price", "茶位费、餐具费未提前告知，顾客要求退还"),
        ("price", "菜单价格和小程序价格不一致，{dish}贵了{amount}元"),
    ),
    "环境卫生": (
        ("ambience", "{store}桌面油腻，餐具上有污渍，顾客要求更换后仍不干净"),
        ("ambience", "洗手间很脏且有异味，地面湿滑差点摔倒"),
        ("ambience", "用餐时看到蟑螂，顾客拍照投诉"),
        ("ambience", "包厢空调坏了，{n}人吃饭热得不行，也没有调换房间"),
    ),
    "停车": (
        ("service.parking", "{store}附近停车位太少，绕了半小时，店里也不提供停车抵扣"),
        ("service.parking", "消费满额说可以抵停车费，结账时却说不支持，顾客要求补偿"),
        ("service.parking", "停车场指引不清楚，顾客找不到餐厅入口"),
    ),
    "点餐系统": (
        ("other", "扫码点餐下单成功但后厨没收到，等了{min}分钟才发现"),
        ("other", "小程序支付后显示失败，被扣了{amount}元没到账"),
        ("other", "扫码点餐页面一直卡住，菜品图片加载不出来"),
        ("other", "会员积分没有自动累计，小程序查不到本次消费"),
    ),
    "其他": (
        ("other", "发票迟迟开不出来，门店说系统问题，让顾客改天再来"),
        ("other", "外卖少送了{dish}，联系门店没人接电话"),
        ("other", "生日优惠券到店不能用，服务员解释不清"),
        ("location", "导航地址不准确，顾客在商场里找了很久"),
    ),
}

COMPLAINTS_EN: dict[str, tuple[tuple[str, str], ...]] = {
    "上菜慢": (
        ("service.serving_speed", "Waited {min} minutes for the first dish at {store}"),
        (
            "service.serving_speed",
            "Food took {min} minutes, we had to cancel the rest of the order",
        ),
        (
            "service.serving_speed",
            "Ordered the {dish} and {min} minutes later it still had not come",
        ),
    ),
    "等位时间长": (
        ("service.wait_time", "Queued {wait} minutes with a ticket, the system skipped our number"),
        ("service.wait_time", "Waited {wait} minutes for a table with nowhere to sit"),
    ),
    "服务态度": (
        ("service.staff_attitude", "Staff were rude when we asked about the {dish}"),
        ("service.staff_attitude", "The cashier shouted at us when our card did not work"),
    ),
    "菜品质量": (
        ("food.freshness", "The shrimp in the {dish} smelled off, asked for a refund"),
        ("food.taste", "The {dish} was far too salty to eat, the replacement was the same"),
    ),
    "价格": (
        ("price", "Charged {amount} yuan more than the menu price"),
        ("price", "A tea charge of {amount} yuan was added without telling us"),
    ),
    "环境卫生": (("ambience", "Dirty table and sticky chopsticks, very unpleasant"),),
    "停车": (("service.parking", "No parking validation although the staff promised it"),),
    "点餐系统": (("other", "QR ordering does not accept foreign cards, could not pay"),),
    "其他": (
        ("other", "Asked for an invoice, still not received"),
        ("location", "The map pin is wrong, we walked around the mall for ages"),
    ),
}

# (aspect, zh, en, categories it may follow): a second aspect touched by a complaint
COMPLAINT_EXTRAS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "service.staff_attitude",
        "服务员态度也很冷淡",
        "staff were unfriendly too",
        ("上菜慢", "等位时间长", "菜品质量", "环境卫生", "价格", "点餐系统"),
    ),
    ("food.taste", "菜上来都凉了", "the food arrived cold", ("上菜慢", "服务态度")),
    (
        "service.serving_speed",
        "上菜也特别慢",
        "and the food was slow as well",
        ("服务态度", "菜品质量", "点餐系统"),
    ),
    (
        "ambience",
        "店里又吵又挤",
        "the place was noisy and cramped",
        ("等位时间长", "服务态度", "上菜慢"),
    ),
    ("price", "这个价格真的不值", "not worth the price", ("菜品质量", "上菜慢", "服务态度")),
)

COMPLAINT_PREFIXES_ZH: tuple[str, ...] = (
    "",
    "",
    "",
    "顾客来电：",
    "客户反映：",
    "{day}{meal}，",
    "美团渠道转来：",
    "大众点评私信：",
    "会员来电反映，",
    "{day}投诉：",
)

COMPLAINT_ASKS_ZH: tuple[str, ...] = (
    "要求店长回电",
    "希望给个说法",
    "要求退款",
    "希望门店重视",
    "要求赔偿",
    "希望尽快处理",
)

RESOLUTIONS: tuple[str, ...] = (
    "已致歉并赠送菜品",
    "已退还未上菜品费用",
    "已发放50元优惠券",
    "店长已电话回访，顾客接受道歉",
    "已转门店整改",
    "已退款",
    "顾客未接电话，待再次回访",
    "已升级至区域经理处理",
)
PENDING = "处理中"

STAGES: tuple[str, ...] = ("了解", "排队", "到店", "点餐", "用餐", "结账", "离店")

OBSERVATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "了解": (
        ("all", "顾客在门口翻看菜单展示架约{m}分钟，询问是否有套餐"),
        ("all", "两位顾客在大众点评上对比本店和隔壁店，最后因排队人多离开"),
        ("tourist", "外国游客看不懂门口菜单，拿手机拍照翻译"),
        ("new", "路人询问是否新开业、有没有开业优惠，迎宾回答不清楚"),
    ),
    "排队": (
        ("all", "等位{q}桌，等位区只有6把椅子，多数顾客站着等"),
        ("all", "叫号屏幕与小程序排号不同步，顾客多次到前台确认"),
        ("all", "排队顾客有{q}桌，约三分之一等待超过30分钟后离开"),
        ("old", "周末午市门口排队到商场通道，保安来协调"),
        ("all", "带小孩的家庭在等位时无处可坐，孩子哭闹"),
    ),
    "到店": (
        ("all", "迎宾引导入座用时约{m}分钟，入座后无人递菜单"),
        ("new", "新店员工对桌号不熟，带错座位两次"),
        ("all", "顾客询问有无儿童座椅，店内仅有2把已被占用"),
        ("old", "停车场入口指示牌不明显，顾客打电话问路"),
    ),
    "点餐": (
        ("new", "服务员对新菜单不熟悉，顾客多次询问菜品做法"),
        ("new", "顾客问{dish}是否辣、是否有过敏原，服务员需跑回后厨确认"),
        ("all", "扫码点餐页面加载慢，有顾客放弃扫码改为人工点单"),
        ("all", "老年顾客不会使用扫码点餐，服务员忙于其他桌未及时协助"),
        ("tourist", "外国顾客点餐时无英文菜单，靠图片沟通"),
        ("all", "点餐高峰时一名服务员同时负责{t}张桌"),
    ),
    "用餐": (
        ("new", "点单后{m}分钟首道菜才上桌，顾客两次催菜"),
        ("new", "出餐口堆积多份菜品，传菜员不足，{dish}在出餐口放置约5分钟"),
        ("all", "顾客举手示意加水，约{m}分钟后才有人响应"),
        ("all", "上菜顺序混乱，主食先于热菜上桌"),
        ("old", "午市翻台快，服务员频繁催促顾客是否还需加菜"),
        ("all", "{dish}上桌时已经不热，顾客要求回锅"),
    ),
    "结账": (
        ("all", "结账排队约{m}分钟，仅一个收银台开放"),
        ("all", "顾客询问团购券与会员折扣能否叠加，收银员解释不一致"),
        ("new", "新店POS系统出错，一桌账单重打了三次"),
        ("all", "顾客结账时询问停车抵扣，收银员不清楚规则"),
    ),
    "离店": (
        ("all", "顾客离店时无人道别，门口迎宾在整理排号"),
        ("all", "离店顾客在门口讨论上菜太慢，表示下次会提前预约"),
        ("all", "服务员主动为离店顾客打包并提醒带好随身物品"),
        ("new", "店长在门口发放开业优惠券，顾客反应积极"),
    ),
}

STAFF_ROLES: tuple[str, ...] = ("服务员", "领班", "厨师", "传菜员", "收银员", "迎宾")

STAFF_FEEDBACK: dict[str, tuple[tuple[str, str], ...]] = {
    "服务员": (
        ("all", "高峰期一个服务员要看{t}张桌，根本忙不过来，客人催菜只能一直道歉"),
        ("new", "新菜单培训只有半天，很多菜的做法和口味说不清楚，客人问了答不上"),
        ("all", "很多带小孩的客人要儿童座椅，店里只有两把，经常不够用"),
        ("all", "客人常问能不能提前订座，我们只能说不接受预约"),
        ("tourist", "外国客人越来越多，没有英文菜单，沟通很吃力"),
    ),
    "领班": (
        ("new", "新员工流动大，排班经常缺人，周末晚市最明显"),
        ("all", "晚市18点到19点半是最忙的时候，建议这个时段多排两个人"),
        ("all", "客人投诉多集中在上菜慢，其实是出餐口积压，传菜跟不上"),
    ),
    "厨师": (
        ("new", "新店后厨动线不合理，炒锅和出餐口距离远，高峰期出菜慢"),
        ("all", "{dish}工序多，高峰时一单要{m}分钟，建议提前备半成品"),
        ("new", "厨房设备还在磨合，蒸柜经常跳闸"),
        ("all", "扫码下单的单子和人工单子在后厨打印顺序混乱"),
    ),
    "传菜员": (
        ("all", "晚市只有两个传菜员，出餐口经常堆着菜没人送"),
        ("new", "桌号牌不清楚，经常送错桌"),
    ),
    "收银员": (
        ("all", "团购券和会员折扣不能叠加，客人经常不理解，需要统一话术"),
        ("all", "客人经常问停车能不能抵扣，希望有明确规则"),
        ("all", "会员注册流程太长，结账时客人不愿意填"),
    ),
    "迎宾": (
        ("all", "周末等位经常超过1小时，很多客人等不及就走了"),
        ("all", "等位区没有座位和茶水，客人抱怨多，建议提供小食"),
        ("old", "夜里十点以后基本没有堂食客人，只有少量外卖"),
    ),
}

__all__ = [
    "COMPLAINTS_EN",
    "COMPLAINTS_ZH",
    "COMPLAINT_ASKS_ZH",
    "COMPLAINT_CATEGORIES",
    "COMPLAINT_EXTRAS",
    "COMPLAINT_PREFIXES_ZH",
    "OBSERVATIONS",
    "PENDING",
    "RESOLUTIONS",
    "STAFF_FEEDBACK",
    "STAFF_ROLES",
    "STAGES",
]
