"""Shared helpers of the method sections: the shaped data of a report run, titles, skip notes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
import pandas as pd

from needscope.model.vocab import (
    Credibility,
    Lang,
    ServqualDimension,
    Verdict,
    Vocab,
)
from needscope.report.blocks import Chart, Section, Svg, Table, Text
from needscope.report.charts import chart_png, chart_svg
from needscope.report.registry import ReportContext
from needscope.services.records import records_frame
from needscope.services.survey import MethodData

Build = Callable[[ReportContext], Section]
_DATA: WeakKeyDictionary[Any, MethodData] = WeakKeyDictionary()
MIN_GROUP = 30
"""Smallest group shown in a breakdown (smaller groups give unstable figures)."""

TITLES: dict[str, tuple[str, str]] = {
    "satisfaction": ("满意度指标（NPS / CSAT / CES）", "Satisfaction metrics (NPS / CSAT / CES)"),
    "kano": ("KANO 模型分析", "KANO analysis"),
    "servqual": ("SERVQUAL 服务质量差距", "SERVQUAL gaps"),
    "gap_table": ("服务差距量化", "Quantified service gaps"),
    "ipa": ("重要性–表现分析（IPA）", "Importance–performance analysis"),
    "drivers": ("关键驱动因素分析", "Key driver analysis"),
    "complaints": ("投诉分析", "Complaint analysis"),
    "rfm": ("RFM 客户价值分析", "RFM analysis"),
    "verification": ("需求真实性验证", "Need verification"),
    "priority": ("需求优先级评估矩阵", "Need priority matrix"),
    "feasibility": ("需求可行性分析报告", "Need feasibility report"),
    "fivewhy": ("5-Why 根因分析", "5-Why root-cause analysis"),
}
SEGMENT_NAMES: dict[str, tuple[str, str]] = {
    "channel": ("门店/渠道", "Store / channel"),
    "store_cohort": ("门店类型", "Store cohort"),
    "age_band": ("年龄段", "Age band"),
    "gender": ("性别", "Gender"),
    "income_band": ("收入", "Income"),
    "education": ("学历", "Education"),
    "tier": ("会员等级", "Member tier"),
    "region": ("区域", "Region"),
}
HEADERS: dict[str, tuple[str, str]] = {
    "attribute": ("属性", "Attribute"), "segment": ("细分", "Segment"), "n": ("样本数", "n"),
    "category": ("类别", "Category"), "category_fong": ("类别（Fong）", "Category (Fong)"),
    "fong_significant": ("Fong 显著", "Fong significant"), "better": ("Better", "Better"),
    "worse": ("Worse", "Worse"), "category_label": ("类别名称", "Category name"),
    "item": ("题项", "Item"), "dimension": ("维度", "Dimension"),
    "dimension_label": ("维度名称", "Dimension name"), "expectation": ("期望", "Expectation"),
    "perception": ("感知", "Perception"), "gap": ("差距", "Gap"), "gap_sd": ("差距标准差", "Gap SD"),
    "gap_ci_low": ("差距下限", "Gap CI low"), "gap_ci_high": ("差距上限", "Gap CI high"),
    "n_items": ("题项数", "Items"), "importance": ("重要性", "Importance"),
    "performance": ("表现", "Performance"), "quadrant": ("象限", "Quadrant"),
    "predictor": ("驱动因素", "Driver"), "correlation": ("相关系数", "Correlation"),
    "raw_weight": ("原始权重", "Raw weight"), "rescaled_weight": ("相对权重%", "Weight %"),
    "raw_ci_low": ("原始权重下限", "Raw CI low"), "raw_ci_high": ("原始权重上限", "Raw CI high"),
    "rescaled_ci_low": ("相对权重%下限", "Weight % CI low"),
    "rescaled_ci_high": ("相对权重%上限", "Weight % CI high"), "sign": ("方向", "Sign"),
    "lmg": ("LMG", "LMG"), "lmg_share": ("LMG%", "LMG %"), "rank": ("排名", "Rank"),
    "cause": ("原因", "Cause"), "count": ("数量", "Count"), "share": ("占比", "Share"),
    "cum_share": ("累计占比", "Cumulative share"), "vital_few": ("关键少数", "Vital few"),
    "period": ("期间", "Period"), "customers": ("客户数", "Customers"),
    "segment_label": ("分群", "Segment"), "recency_mean": ("平均近度(天)", "Mean recency (days)"),
    "frequency_mean": ("平均频次", "Mean frequency"), "monetary_mean": ("人均金额", "Mean spend"),
    "monetary_total": ("总金额", "Total spend"), "share_customers": ("客户占比%", "Customers %"),
    "share_monetary": ("金额占比%", "Spend %"), "group": ("组别", "Group"),
    "by": ("维度", "Breakdown"), "nps": ("NPS", "NPS"), "nps_n": ("NPS 样本", "NPS n"),
    "nps_ci_low": ("NPS 下限", "NPS CI low"), "nps_ci_high": ("NPS 上限", "NPS CI high"),
    "csat": ("CSAT%", "CSAT %"), "csat_n": ("CSAT 样本", "CSAT n"),
    "csat_ci_low": ("CSAT% 下限", "CSAT CI low"), "csat_ci_high": ("CSAT% 上限", "CSAT CI high"),
    "csat_mean": ("CSAT 均分", "CSAT mean"), "ces_n": ("CES 样本", "CES n"),
    "ces_mean": ("CES 均分", "CES mean"), "ces_ci_low": ("CES 下限", "CES CI low"),
    "ces_ci_high": ("CES 上限", "CES CI high"), "low_effort": ("低费力%", "Low effort %"),
    "metric": ("指标", "Metric"), "a": ("A 组", "Group A"), "b": ("B 组", "Group B"),
    "n_a": ("A 样本", "n A"), "n_b": ("B 样本", "n B"), "value_a": ("A 值", "Value A"),
    "value_b": ("B 值", "Value B"), "difference": ("差值 A−B", "Difference A−B"),
    "ci_low": ("下限", "CI low"), "ci_high": ("上限", "CI high"), "p_value": ("p 值", "p"),
    "test": ("检验", "Test"), "levels": ("组数", "Groups"), "chi2": ("卡方", "Chi²"),
    "dof": ("自由度", "df"), "functional_mean": ("正向均值", "Functional mean"),
    "functional_sd": ("正向标准差", "Functional SD"),
    "dysfunctional_mean": ("反向均值", "Dysfunctional mean"),
    "dysfunctional_sd": ("反向标准差", "Dysfunctional SD"),
    "severity": ("严重程度", "Severity"), "position": ("位置", "Position"),
    "share_A": ("A 占比", "A share"), "share_O": ("O 占比", "O share"),
    "share_M": ("M 占比", "M share"), "share_I": ("I 占比", "I share"),
    "share_R": ("R 占比", "R share"), "share_Q": ("Q 占比", "Q share"),
    "claim": ("需求陈述", "Claim"), "verdict": ("结论", "Verdict"),
    "n_match": ("相关时段量", "In window"), "n_total": ("总量", "Total"),
    "need": ("需求", "Need"), "acceptance_risk": ("客户接受度风险", "Acceptance risk"),
    "technical_risk": ("技术风险", "Technical risk"), "compliance_risk": ("合规风险", "Compliance risk"),
    "risk_max": ("最高风险", "Highest risk"), "reasons": ("关注点", "Attention"),
    "resource_fit": ("资源匹配度", "Resource fit"), "bottleneck": ("瓶颈", "Bottleneck"),
    "cost": ("成本", "Cost"), "benefit": ("预期收益", "Benefit"), "payback": ("回收期", "Payback"),
    "roi": ("ROI", "ROI"), "frequency": ("证据条数", "Evidence"),
    "credibility": ("可信度", "Credibility"), "kano_attribute": ("KANO 属性", "KANO attribute"),
    "kano": ("KANO 类别", "KANO class"), "segment_value": ("客户价值（人均金额）", "Segment value"),
    "trend": ("证据增长率", "Evidence growth"), "customer_value": ("客户价值", "Customer value"),
    "business_impact": ("业务影响", "Business impact"), "strategic_fit": ("战略匹配", "Strategic fit"),
    "time_pressure": ("时间压力", "Time pressure"),
    "market_opportunity": ("市场机会", "Market opportunity"),
    "risk_avoidance": ("风险规避", "Risk avoidance"), "importance_mean": ("重要性均值", "Importance"),
    "msa": ("MSA", "MSA"), "mss": ("MSS", "MSS"), "adequate": ("适当服务", "Adequate"),
    "desired": ("理想服务", "Desired"), "zone_width": ("容忍区宽度", "Zone width"),
    "share_below": ("低于容忍区占比", "Share below"), "share_within": ("区内占比", "Share within"),
    "share_above": ("高于理想占比", "Share above"), "priority": ("优先级", "Priority"),
    "adjustment": ("依据调整", "Adjustment"),
    "fit_people": ("人员匹配度", "People fit"), "fit_budget": ("预算匹配度", "Budget fit"),
    "fit_technology": ("技术匹配度", "Technology fit"), "node": ("节点", "Node"),
    "parent": ("上级节点", "Parent"), "level": ("层级", "Level"), "text": ("原因", "Cause"),
    "why_evidence": ("依据", "Evidence"), "is_root_cause": ("根因", "Root cause"),
    "sq_unweighted": ("SQ（未加权）", "SQ (unweighted)"), "sq_weighted": ("SQ（加权）", "SQ (weighted)"),
}  # fmt: skip


HIDDEN = frozenset({"importance_crosshair", "performance_crosshair", "r2", "supported_at",
                    "contradicted_below", "evidence", "basis", "statistic"})  # fmt: skip
"""Internal columns left out of the report's tables."""
VALUE_LABELS: dict[str, type[Vocab]] = {
    "verdict": Verdict, "credibility": Credibility, "dimension": ServqualDimension,
}  # fmt: skip
"""Columns holding vocabulary values, shown by their labels."""


def tr(lang: Lang, zh: str, en: str) -> str:
    """Pick the text in ``lang``."""
    return zh if lang == "zh" else en


def title(key: str, lang: Lang) -> str:
    """The title of method section ``key``."""
    zh, en = TITLES[key]
    return tr(lang, zh, en)


def seg_name(column: str, lang: Lang) -> str:
    """Display name of a segment column."""
    zh, en = SEGMENT_NAMES.get(column, (column, column))
    return tr(lang, zh, en)


def skip(key: str, lang: Lang, zh: str, en: str) -> Section:
    """A section that says in one line why it is left out."""
    return Section(key, title(key, lang), [Text(tr(lang, zh, en))])


def localise(section: Section, lang: Lang) -> Section:
    """Make every table readable: vocabulary labels, no internal columns, headers in ``lang``."""
    for block in section.blocks:
        if not isinstance(block, Table):
            continue
        frame = block.frame.copy()
        for col, vocab in VALUE_LABELS.items():
            if col in frame.columns and f"{col}_label" not in frame.columns:
                frame = frame.copy()
                frame[col] = pd.Series(
                    [_label(vocab, v, lang) for v in frame[col]], index=frame.index, dtype=object
                )
        for col in [c for c in frame.columns if isinstance(c, str) and c != "category"]:
            label = f"{col}_label"
            if label in frame.columns:  # the label replaces the stored value, in its place
                at = list(frame.columns).index(col)
                values = frame.pop(label)
                frame = frame.drop(columns=[col])
                frame.insert(at, col, values)
        frame = frame.drop(columns=[c for c in frame.columns if c in HIDDEN])
        names = {c: HEADERS[c][0 if lang == "zh" else 1] for c in frame.columns
                 if isinstance(c, str) and c in HEADERS}  # fmt: skip
        block.frame = frame.rename(columns=names)
    return section


def _label(vocab: type[Vocab], value: object, lang: Lang) -> object:
    """The label of a vocabulary value; anything else unchanged."""
    try:
        return vocab.of(value).label(lang) if isinstance(value, str) else value
    except ValueError:
        return value


def prerender(section: Section, lang: Lang) -> Section:
    """Draw the section's charts now (SVG and PNG) so a reused section needs no drawing."""
    section.blocks = [
        Svg(chart_svg(b, lang), b.title, chart_png(b, lang, dpi=150)) if isinstance(b, Chart) else b
        for b in section.blocks
    ]
    return section


def method_data(ctx: ReportContext) -> MethodData:
    """The context's data shaped for the methods, built once per report run."""
    try:
        return _DATA[ctx]
    except (KeyError, TypeError):
        pass
    store = getattr(ctx, "store", None)
    if store is not None:
        records = records_frame(store, ctx.slug, with_details=True)
    else:
        records = ctx.records
    data = MethodData(records, ctx.customers, ctx.lang)
    with contextlib.suppress(TypeError):
        _DATA[ctx] = data
    return data


def guarded(key: str, build: Build) -> Build:
    """Run ``build``; a method's refusal of the data becomes a one-line note, not a failure."""

    def run(ctx: ReportContext) -> Section:
        try:
            return prerender(localise(build(ctx), ctx.lang), ctx.lang)
        except (ValueError, KeyError, np.linalg.LinAlgError) as exc:
            msg = str(exc).strip("'\"")
            return skip(key, ctx.lang, f"无法完成本节分析：{msg}", f"Could not analyse: {msg}")

    return run


def groups(frame: pd.DataFrame, candidates: tuple[str, ...]) -> list[str]:
    """Segment columns of ``frame`` with two or more groups of at least ``MIN_GROUP`` rows."""
    out = []
    for col in candidates:
        if col in frame.columns:
            sizes = frame[col].value_counts()
            if int((sizes >= MIN_GROUP).sum()) >= 2:
                out.append(col)
    return out


def fmt_num(x: float, digits: int = 1) -> str:
    """A number for running text; NaN as a dash."""
    return f"{x:.{digits}f}" if np.isfinite(x) else "–"


__all__ = [
    "HEADERS",
    "MIN_GROUP",
    "SEGMENT_NAMES",
    "TITLES",
    "Build",
    "MethodData",
    "fmt_num",
    "groups",
    "guarded",
    "localise",
    "method_data",
    "prerender",
    "seg_name",
    "skip",
    "title",
    "tr",
]
