"""Bilingual vocabularies: one enum per term set, each member with a zh-CN and an en label."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

Lang = Literal["zh", "en"]


class Vocab(StrEnum):
    """A vocabulary term stored by its stable value and shown by its label."""

    zh_label: str
    en_label: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, zh: str, en: str, *aliases: str) -> Self:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.zh_label = zh
        obj.en_label = en
        obj.aliases = aliases
        return obj

    def label(self, lang: Lang = "zh") -> str:
        """The member's label in ``lang``."""
        return self.zh_label if lang == "zh" else self.en_label

    @classmethod
    def parse(cls, text: object) -> Self:
        """Find the member named by its value, either label or an alias (case-insensitive)."""
        key = str(text).strip().lower()
        for member in cls:
            names = (member.value, member.zh_label, member.en_label, *member.aliases)
            if key in (n.lower() for n in names):
                return member
        choices = ", ".join(f"{m.value} ({m.zh_label}/{m.en_label})" for m in cls)
        raise ValueError(f"{text!r} is not a valid {cls.__name__}; expected one of: {choices}")

    @classmethod
    def of(cls, value: object) -> Self:
        """The member whose stored value is ``value`` (fast, exact)."""
        member = cls._value2member_map_.get(str(value))
        if member is None:
            return cls.parse(value)
        return member  # type: ignore[return-value]

    @classmethod
    def labels(cls, lang: Lang = "zh") -> dict[str, str]:
        """Map each value to its label in ``lang``."""
        return {m.value: m.label(lang) for m in cls}


class SourceType(Vocab):
    """需求来源: where a piece of evidence came from (seed 000, phase 1 step 2)."""

    INTERVIEW = ("interview", "深度访谈", "Interview", "访谈", "interviews")
    SURVEY = ("survey", "问卷调查", "Survey", "问卷", "questionnaire")
    HISTORIC = ("historic", "数据分析", "Historic data", "数据", "orders", "tickets", "data")
    OBSERVATION = ("observation", "现场观察", "Observation", "观察")
    THIRD_PARTY = (
        "third_party",
        "第三方反馈",
        "Third-party reviews",
        "第三方",
        "reviews",
        "review",
    )
    STAFF = ("staff", "内部洞察", "Frontline staff", "员工", "frontline")


class Credibility(Vocab):
    """信息可信度: how far a piece of evidence is trusted."""

    HIGH = ("high", "高", "High", "h", "3")
    MEDIUM = ("medium", "中", "Medium", "m", "mid", "2")
    LOW = ("low", "低", "Low", "l", "1")

    @property
    def weight(self) -> float:
        """Weight used for credibility-weighted support."""
        return {"high": 1.0, "medium": 0.6, "low": 0.3}[self.value]


DEFAULT_CREDIBILITY: dict[SourceType, Credibility] = {
    SourceType.INTERVIEW: Credibility.HIGH,
    SourceType.SURVEY: Credibility.MEDIUM,
    SourceType.HISTORIC: Credibility.HIGH,
    SourceType.OBSERVATION: Credibility.HIGH,
    SourceType.THIRD_PARTY: Credibility.LOW,
    SourceType.STAFF: Credibility.MEDIUM,
}
"""Default credibility per source type: behaviour and direct contact rank above hearsay."""


class CustomerType(Vocab):
    """客户类型: business or consumer customers."""

    B2B = ("b2b", "B端", "B2B", "b端", "企业", "business")
    B2C = ("b2c", "C端", "B2C", "c端", "个人", "consumer")


class Industry(Vocab):
    """所属行业: the industries with a built-in pack; other text is kept as typed."""

    RESTAURANT = ("restaurant", "餐饮", "Restaurant", "餐厅", "catering")
    HOTEL = ("hotel", "酒店", "Hotel", "住宿", "hospitality")
    RETAIL = ("retail", "零售", "Retail", "门店零售")
    BANK = ("bank", "银行", "Bank", "金融", "banking", "finance")
    EDUCATION = ("education", "教育", "Education", "培训", "school")
    HEALTHCARE = ("healthcare", "医疗", "Healthcare", "诊所", "clinic")
    GENERIC = ("generic", "通用", "Generic", "其他", "other")


class Scenario(Vocab):
    """业务场景 (seed 000, 一)."""

    NEW_CLIENT = ("new_client", "新客户首次合作", "New client engagement")
    UPGRADE = ("upgrade", "老客户服务升级", "Service upgrade for an existing client")
    COMPLAINT = ("complaint", "客户投诉处理", "Complaint handling")
    CUSTOM = ("custom", "定制化服务开发", "Custom service development")
    TREND = ("trend", "市场新趋势响应", "Response to a market trend")


class NeedDimension(Vocab):
    """需求维度 of Template 1."""

    CORE_GOAL = ("core_goal", "核心目标", "Core goal")
    EXPECTATION = ("expectation", "期望标准", "Expected standard")
    IMPLICIT = ("implicit", "隐性需求", "Implicit need")
    CONSTRAINT = ("constraint", "限制条件", "Constraint")


class NeedCategory(Vocab):
    """需求类别 (seed 000, phase 2 step 1)."""

    FUNCTIONAL = ("functional", "功能需求", "Functional", "功能")
    EXPERIENCE = ("experience", "体验需求", "Experience", "体验")
    COMPLIANCE = ("compliance", "合规需求", "Compliance", "合规")
    IMPLICIT = ("implicit", "隐性需求", "Implicit", "隐性")


class NeedStatus(Vocab):
    """Life of a need in the register."""

    CANDIDATE = ("candidate", "候选", "Candidate")
    OPEN = ("open", "已确认", "Confirmed", "confirmed")
    MERGED = ("merged", "已合并", "Merged")
    REJECTED = ("rejected", "已驳回", "Rejected")
    DONE = ("done", "已满足", "Satisfied", "satisfied")


class ServqualDimension(Vocab):
    """SERVQUAL service-quality dimensions (RATER)."""

    TANGIBLES = ("tangibles", "有形性", "Tangibles")
    RELIABILITY = ("reliability", "可靠性", "Reliability")
    RESPONSIVENESS = ("responsiveness", "响应性", "Responsiveness")
    ASSURANCE = ("assurance", "保证性", "Assurance")
    EMPATHY = ("empathy", "移情性", "Empathy")


class KanoClass(Vocab):
    """KANO categories."""

    ATTRACTIVE = ("A", "魅力属性", "Attractive")
    ONE_DIMENSIONAL = ("O", "期望属性", "One-dimensional")
    MUST_BE = ("M", "必备属性", "Must-be")
    INDIFFERENT = ("I", "无差异属性", "Indifferent")
    REVERSE = ("R", "反向属性", "Reverse")
    QUESTIONABLE = ("Q", "可疑结果", "Questionable")


class PriorityClass(Vocab):
    """优先级分类 of Template 2."""

    NOW = ("now", "立即执行", "Do now")
    PLANNED = ("planned", "计划执行", "Plan")
    DEFERRED = ("deferred", "暂缓执行", "Defer")


class TouchpointLayer(Vocab):
    """Service blueprint layer of a touchpoint."""

    FRONT = ("front", "前台", "Front-stage")
    BACK = ("back", "后台", "Back-stage")
    SUPPORT = ("support", "支持", "Support")


class TouchChannel(Vocab):
    """How a touchpoint meets the customer (seed 003: 物理、数字、人际触点)."""

    PHYSICAL = ("physical", "物理", "Physical", "物理触点")
    DIGITAL = ("digital", "数字", "Digital", "数字触点")
    PERSON = ("person", "人际", "Person", "人际触点", "人员")


class StakeholderKind(Vocab):
    """Where a stakeholder stands (利益相关者地图)."""

    INTERNAL = ("internal", "内部", "Internal")
    EXTERNAL = ("external", "外部", "External")


class Quality(Vocab):
    """完成质量 of Template 4."""

    EXCELLENT = ("excellent", "优", "Excellent")
    GOOD = ("good", "良", "Good")
    FAIR = ("fair", "中", "Fair")
    POOR = ("poor", "差", "Poor")


class IterationType(Vocab):
    """方案迭代 call of phase 4."""

    TWEAK = ("tweak", "微调优化", "Tweak", "微调")
    UPGRADE = ("upgrade", "功能升级", "Upgrade")
    REBUILD = ("rebuild", "模式重构", "Rebuild", "重构")


class ModuleKind(Vocab):
    """服务模块类型 of a service plan (seed 000, phase 3 step 2)."""

    BASIC = ("basic", "基础服务", "Basic service", "基础", "基础服务模块", "base")
    VALUE_ADDED = ("value_added", "增值服务", "Value-added service", "增值", "增值模块", "add-on")
    RISK = ("risk", "风险应对", "Risk response", "风险", "风险应对模块", "contingency")


class IpaQuadrant(Vocab):
    """IPA quadrants (Martilla & James 1977)."""

    CONCENTRATE = ("concentrate", "集中改进", "Concentrate here")
    KEEP_UP = ("keep_up", "继续保持", "Keep up the good work")
    LOW_PRIORITY = ("low_priority", "低优先", "Low priority")
    OVERKILL = ("overkill", "过度投入", "Possible overkill")


class ZonePosition(Vocab):
    """Where perceived service falls against the zone of tolerance."""

    BELOW = ("below", "低于容忍区", "Below the zone")
    WITHIN = ("within", "容忍区内", "Within the zone")
    ABOVE = ("above", "高于理想水平", "Above the zone")


class RfmSegment(Vocab):
    """The ten standard RFM segments."""

    CHAMPIONS = ("champions", "冠军客户", "Champions")
    LOYAL = ("loyal", "忠诚客户", "Loyal")
    POTENTIAL_LOYALIST = ("potential_loyalist", "潜在忠诚客户", "Potential Loyalist")
    NEW = ("new", "新客户", "New")
    PROMISING = ("promising", "有潜力客户", "Promising")
    NEED_ATTENTION = ("need_attention", "需要关注", "Need Attention")
    ABOUT_TO_SLEEP = ("about_to_sleep", "即将沉睡", "About to Sleep")
    AT_RISK = ("at_risk", "有流失风险", "At Risk")
    CANT_LOSE = ("cant_lose", "不能失去", "Can't Lose")
    LOST = ("lost", "已流失", "Lost")


class Verdict(Vocab):
    """How far behaviour supports a stated need (需求真实性验证)."""

    SUPPORTED = ("supported", "得到数据支持", "Supported")
    WEAK = ("weak", "证据不足", "Weak evidence")
    CONTRADICTED = ("contradicted", "与数据矛盾", "Contradicted")


class Feasibility(Vocab):
    """Verdict of a feasibility study (需求可行性分析)."""

    FEASIBLE = ("feasible", "可行", "Feasible")
    CONDITIONAL = ("conditional", "有条件可行", "Feasible with conditions")
    NOT_FEASIBLE = ("not_feasible", "暂不可行", "Not feasible now")


__all__ = [
    "DEFAULT_CREDIBILITY",
    "Credibility",
    "CustomerType",
    "Feasibility",
    "Industry",
    "IpaQuadrant",
    "IterationType",
    "KanoClass",
    "Lang",
    "ModuleKind",
    "NeedCategory",
    "NeedDimension",
    "NeedStatus",
    "PriorityClass",
    "Quality",
    "RfmSegment",
    "Scenario",
    "ServqualDimension",
    "SourceType",
    "StakeholderKind",
    "TouchChannel",
    "TouchpointLayer",
    "Verdict",
    "Vocab",
    "ZonePosition",
]
