"""An evaluation as tables: one row per touchpoint or stage, headers in the reader's language."""

from __future__ import annotations

from typing import Any

import pandas as pd

from needscope.journey.evaluate import FAIL_SHARE, MIN_N, MOT_MEAN, MOT_QUANTILE, MOT_SD, WAIT_TAGS
from needscope.journey.model import Bi, Evaluation
from needscope.model.vocab import Lang

HEADERS: dict[str, tuple[str, str]] = {
    "stage": ("阶段", "Stage"), "touchpoint_id": ("触点编号", "Touchpoint id"),
    "touchpoint": ("触点", "Touchpoint"), "layer": ("层", "Layer"),
    "channel": ("渠道", "Channel"), "department": ("负责部门", "Department"),
    "n": ("记录数", "Records"), "complaints": ("投诉数", "Complaints"),
    "complaint_share": ("投诉占比%", "Complaint share %"),
    "sentiment_mean": ("情感均值", "Sentiment mean"), "sentiment_sd": ("情感标准差", "Sentiment SD"),
    "sentiment_q25": ("情感下四分位", "Sentiment Q1"), "sentiment_q75": ("情感上四分位", "Sentiment Q3"),
    "positive": ("正面", "Positive"), "neutral": ("中性", "Neutral"), "negative": ("负面", "Negative"),
    "csat": ("CSAT%", "CSAT %"), "ces": ("CES", "CES"), "kano": ("KANO", "KANO"),
    "importance": ("重要性", "Importance"), "importance_source": ("重要性依据", "Importance from"),
    "opportunity": ("机会分", "Opportunity"), "mot": ("关键时刻", "Moment of truth"),
    "fail_point": ("失败点", "Fail point"), "wait_point": ("等待点", "Wait point"),
    "pains": ("主要痛点", "Top pains"), "mot_reason": ("关键时刻判定", "Moment-of-truth test"),
    "thoughts": ("顾客原话", "Customer words"), "opportunities": ("改进机会", "Opportunities"),
}  # fmt: skip
SOURCES: dict[str, tuple[str, str]] = {
    "driver": ("驱动因素权重", "driver weight"),
    "volume": ("提及量占比", "share of volume"),
}
_YES = {"zh": "是", "en": "yes"}


def header(key: str, lang: Lang) -> str:
    """Column header ``key`` in ``lang``."""
    zh, en = HEADERS[key]
    return zh if lang == "zh" else en


def _round(value: float | None, digits: int) -> Any:
    return None if value is None else round(float(value), digits)


def touchpoint_frame(
    evaluation: Evaluation, lang: Lang = "zh", *, raw: bool = False
) -> pd.DataFrame:
    """One row per touchpoint in journey order; ``raw`` keeps stored keys as headers."""
    stages = {s.id: s.name.label(lang) for s in evaluation.journey.stages}
    tps = {t.id: t for t in evaluation.journey.touchpoints}
    sep = "；" if lang == "zh" else "; "
    rows = []
    for sc in evaluation.touchpoints:
        tp = tps[sc.touchpoint]
        flag = _YES[lang]
        rows.append({
            "stage": stages.get(tp.stage, tp.stage), "touchpoint_id": tp.id,
            "touchpoint": tp.name.label(lang), "layer": tp.layer.label(lang),
            "channel": tp.channel.label(lang), "department": tp.department.label(lang),
            "n": sc.n, "complaints": sc.complaints,
            "complaint_share": round(100.0 * sc.complaint_share, 1),
            "sentiment_mean": _round(sc.sentiment_mean, 3), "sentiment_sd": _round(sc.sentiment_sd, 3),
            "positive": sc.distribution.get("positive", 0),
            "neutral": sc.distribution.get("neutral", 0),
            "negative": sc.distribution.get("negative", 0),
            "csat": _round(sc.csat, 1), "ces": _round(sc.ces, 2),
            "kano": sep.join(f"{a}: {k.label(lang)}" for a, k in sc.kano.items()),
            "importance": round(sc.importance, 4),
            "importance_source": Bi(*SOURCES.get(sc.importance_source, ("", ""))).label(lang),
            "opportunity": round(sc.opportunity, 4),
            "mot": flag if sc.mot else "", "fail_point": flag if sc.fail_point else "",
            "wait_point": flag if sc.wait_point else "",
            "pains": sep.join(f"{p.name.label(lang)} ({p.count})" for p in sc.pains),
            "mot_reason": sc.mot_reason.label(lang),
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(HEADERS)[:1] + [k for k in HEADERS if k in _TP_COLS])
    return frame if raw else frame.rename(columns={k: header(k, lang) for k in frame.columns})


_TP_COLS = (
    "touchpoint_id", "touchpoint", "layer", "channel", "department", "n", "complaints",
    "complaint_share", "sentiment_mean", "sentiment_sd", "positive", "neutral", "negative",
    "csat", "ces", "kano", "importance", "importance_source", "opportunity", "mot",
    "fail_point", "wait_point", "pains", "mot_reason",
)  # fmt: skip


def stage_frame(evaluation: Evaluation, lang: Lang = "zh", *, raw: bool = False) -> pd.DataFrame:
    """One row per stage: records, the emotion curve's point and spread, pains, opportunities."""
    sep = "；" if lang == "zh" else "; "
    rows = []
    for stage in evaluation.journey.stages:
        sc = evaluation.stage_score(stage.id)
        if sc is None:
            continue
        rows.append({
            "stage": stage.name.label(lang), "n": sc.n,
            "complaint_share": round(100.0 * sc.complaint_share, 1),
            "sentiment_mean": _round(sc.sentiment_mean, 3), "sentiment_sd": _round(sc.sentiment_sd, 3),
            "sentiment_q25": _round(sc.sentiment_q25, 3), "sentiment_q75": _round(sc.sentiment_q75, 3),
            "pains": sep.join(f"{p.name.label(lang)} ({p.count})" for p in sc.pains),
            "opportunities": sep.join(o.label(lang) for o in sc.opportunities),
            "thoughts": sep.join(f"“{q.text}”" for q in sc.thoughts),
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=[
        "stage", "n", "complaint_share", "sentiment_mean", "sentiment_sd", "sentiment_q25",
        "sentiment_q75", "pains", "opportunities", "thoughts"])  # fmt: skip
    return frame if raw else frame.rename(columns={k: header(k, lang) for k in frame.columns})


def rules_text(lang: Lang = "zh") -> str:
    """The landing, complaint, fail-point, wait-point and moment-of-truth rules in one text."""
    waits = ", ".join(WAIT_TAGS)
    if lang == "zh":
        return (
            "记录按标签落到触点：触点列出的标签命中即落入；细分标签无触点时归入最近的上级标签所在触点；"
            "记录的“触点/渠道”字段与触点别名相同也落入。投诉 = 情感为负面，或来自投诉类来源（历史工单）。"
            "重要性：触点映射的问卷题进入总体满意度的相对权重模型时取其权重占 R² 的比例（多触点共用的题平均分摊），"
            "否则取该触点记录数占落入旅程记录总数的比例。机会分 = 重要性 × (1 + 投诉占比)。"
            f"失败点：记录数 ≥ {MIN_N} 且投诉占比 ≥ {FAIL_SHARE:.0%}。"
            f"等待点：触点含等待类标签（{waits}）且有记录将其列为问题。"
            f"关键时刻：记录数 ≥ {MIN_N}，重要性位于有数据触点的前 {1 - MOT_QUANTILE:.0%}"
            f"（第 {MOT_QUANTILE:.0%} 分位数及以上），且情感强烈（|均值| ≥ {MOT_MEAN}）"
            f"或波动大（标准差 ≥ {MOT_SD}）。"
        )
    return (
        "Records land on touchpoints by tag: a touchpoint listing one of a record's tags takes it; "
        "a fine tag no touchpoint lists goes to the touchpoint of its nearest listed parent; a "
        "record whose touchpoint/channel field equals one of a touchpoint's names lands there too. "
        "Complaint = negative sentiment, or a record from a complaint source (historic tickets). "
        "Importance: when the touchpoint's survey items enter a relative-weight model of overall "
        "satisfaction, their share of R² (items shared by touchpoints split evenly); otherwise the "
        "touchpoint's share of the records landing on the journey. "
        "Opportunity = importance × (1 + complaint share). "
        f"Fail point: at least {MIN_N} records and a complaint share of {FAIL_SHARE:.0%} or more. "
        f"Wait point: the touchpoint takes a waiting tag ({waits}) and records name it as a problem. "
        f"Moment of truth: at least {MIN_N} records, importance in the top "
        f"{1 - MOT_QUANTILE:.0%} of the touchpoints with data (at or above the "
        f"{MOT_QUANTILE:.0%} quantile), and strong emotion (|mean| ≥ {MOT_MEAN}) or widely "
        f"varying emotion (SD ≥ {MOT_SD})."
    )


__all__ = ["HEADERS", "header", "rules_text", "stage_frame", "touchpoint_frame"]
