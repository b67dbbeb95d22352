"""Report sections of the journey: touchpoint table, journey map and blueprint, people."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from needscope.journey.model import Evaluation, Persona
from needscope.journey.tables import header, rules_text, stage_frame, touchpoint_frame
from needscope.model.vocab import Lang
from needscope.report.blocks import Block, Chart, Metrics, Section, Svg, Table, Text

TOP_OPPORTUNITIES = 15
_L: dict[str, tuple[str, str]] = {
    "touchpoints": ("服务触点评估", "Touchpoint evaluation"),
    "maps": ("客户旅程图与服务蓝图", "Customer journey map and service blueprint"),
    "people": ("用户画像与利益相关者", "Personas and stakeholders"),
    "n_tp": ("触点数", "Touchpoints"),
    "with_data": ("有数据的触点", "With data"),
    "landed": ("分析记录数", "Records analysed"),
    "mot": ("关键时刻", "Moments of truth"),
    "fail": ("失败点", "Fail points"),
    "wait": ("等待点", "Wait points"),
    "table": ("触点评估表（按旅程顺序）", "Touchpoints in journey order"),
    "sheet": ("触点评估", "Touchpoints"),
    "stage_table": ("各阶段情绪与痛点", "Emotion and pains by stage"),
    "stage_sheet": ("旅程阶段", "Journey stages"),
    "chart": ("机会分最高的触点", "Touchpoints with the highest opportunity"),
    "map": ("客户旅程图（现状与目标）", "Customer journey map (as-is and to-be)"),
    "blueprint": ("服务蓝图", "Service blueprint"),
    "personas": ("用户画像", "Personas"),
    "stakeholders": ("利益相关者地图", "Stakeholder map"),
    "no_records": (
        "还没有打过标签的记录，触点评估从略；旅程图只显示触点清单。",
        "No tagged records yet; touchpoints are listed without scores.",
    ),
    "no_personas": (
        "没有足够的订单或客户资料生成用户画像。",
        "Not enough orders or customer data for personas.",
    ),
    "no_stakeholders": (
        "旅程中还没有利益相关者；可在旅程文件的 stakeholders 中添加。",
        "The journey lists no stakeholders yet; add them under stakeholders in the journey file.",
    ),
    "saved": ("项目已保存的旅程", "the project's saved journey"),
    "default": ("行业默认旅程（可用 needscope journey export/import 修改）",
                "the industry's default journey (edit with needscope journey export/import)"),
    "people_note": (
        "画像按客户分群构建：规模与占比、消费特征、人口特征、从其反馈中最常见的问题得出的需求、"
        "从好评中得出的期望、典型原话与偏好的消费渠道。",
        "Personas are customer segments: size and share, spending, demographics, needs from the "
        "problems they raise most, expectations from what they praise, typical words and the "
        "channels they use.",
    ),
}  # fmt: skip


def _t(key: str, lang: Lang) -> str:
    zh, en = _L[key]
    return zh if lang == "zh" else en


def touchpoint_section(
    evaluation: Evaluation, lang: Lang = "zh", *, saved: bool = False
) -> Section:
    """The touchpoint table with MOT, fail and wait flags, the rules and an opportunity chart."""
    scores = evaluation.touchpoints
    landed = evaluation.n_records
    source = _t("saved" if saved else "default", lang)
    intro = (
        f"依据{source}：{len(evaluation.journey.stages)} 个阶段、{len(scores)} 个触点。"
        if lang == "zh"
        else f"Based on {source}: {len(evaluation.journey.stages)} stages, "
        f"{len(scores)} touchpoints."
    )
    if evaluation.segment.label(lang):
        intro += (
            f" 细分：{evaluation.segment.label(lang)}。"
            if lang == "zh"
            else f" Segment: {evaluation.segment.label(lang)}."
        )
    blocks: list[Block] = [Text(intro)]
    if not landed or not any(s.n for s in scores):
        blocks.append(Text(_t("no_records", lang)))
    blocks.append(
        Metrics(
            [
                (_t("n_tp", lang), str(len(scores))),
                (_t("with_data", lang), str(sum(1 for s in scores if s.n))),
                (_t("landed", lang), f"{landed:,}"),
                (_t("mot", lang), str(sum(s.mot for s in scores))),
                (_t("fail", lang), str(sum(s.fail_point for s in scores))),
                (_t("wait", lang), str(sum(s.wait_point for s in scores))),
            ]
        )
    )
    blocks.append(Text(rules_text(lang)))
    blocks.append(
        Table(
            touchpoint_frame(evaluation, lang), caption=_t("table", lang), sheet=_t("sheet", lang)
        )
    )
    chart = opportunity_chart(evaluation, lang)
    if chart is not None:
        blocks.append(chart)
    return Section("journey.touchpoints", _t("touchpoints", lang), blocks)


def opportunity_chart(evaluation: Evaluation, lang: Lang = "zh") -> Chart | None:
    """A bar chart of the touchpoints with the highest opportunity scores."""
    raw = touchpoint_frame(evaluation, lang, raw=True)
    raw = raw[raw["n"] > 0]
    if raw.empty:
        return None
    top = raw.sort_values(["opportunity", "touchpoint_id"], ascending=[False, True])
    top = top.head(TOP_OPPORTUNITIES).iloc[::-1]
    y = header("opportunity", lang)
    data = pd.DataFrame(
        {"touchpoint": top["touchpoint"].to_numpy(), y: top["opportunity"].to_numpy()}
    )
    return Chart("barh", data, x="touchpoint", y=[y], title=_t("chart", lang), ylabel=y)


def _drawing(svg: str, title: str) -> Svg:
    """A journey drawing block, with its PNG for the XLSX and DOCX when it can be made quickly."""
    from needscope.journey.render.export import quick_png

    return Svg(svg, title, quick_png(svg), drawing=True)


def maps_section(
    evaluation: Evaluation, lang: Lang = "zh", *, journey_map: str, blueprint: str
) -> Section:
    """The journey map (as-is and to-be), the stage table and the service blueprint."""
    blocks: list[Block] = [
        _drawing(journey_map, _t("map", lang)),
        Table(stage_frame(evaluation, lang), caption=_t("stage_table", lang),
              sheet=_t("stage_sheet", lang)),
        _drawing(blueprint, _t("blueprint", lang)),
    ]  # fmt: skip
    return Section("journey.maps", _t("maps", lang), blocks)


def people_section(
    personas: Sequence[Persona],
    lang: Lang = "zh",
    *,
    personas_svg: str | None,
    stakeholders_svg: str | None,
) -> Section:
    """Personas and the stakeholder map, with a table of the personas."""
    blocks: list[Block] = []
    if personas and personas_svg:
        sep = "；" if lang == "zh" else "; "
        blocks += [
            Text(_t("people_note", lang)),
            _drawing(personas_svg, _t("personas", lang)),
            Table(
                pd.DataFrame([{
                    ("画像" if lang == "zh" else "Persona"): p.name.label(lang),
                    ("人数" if lang == "zh" else "Customers"): p.size,
                    ("占比%" if lang == "zh" else "Share %"): round(100.0 * p.share, 1),
                    ("特征" if lang == "zh" else "Facts"): sep.join(f.label(lang) for f in p.facts),
                    ("需求" if lang == "zh" else "Needs"): sep.join(n.label(lang) for n in p.needs),
                    ("期望" if lang == "zh" else "Expectations"):
                        sep.join(e.label(lang) for e in p.expectations),
                    ("渠道" if lang == "zh" else "Channels"): sep.join(p.channels),
                } for p in personas]),
                caption=_t("personas", lang), sheet=_t("personas", lang),
            ),
        ]  # fmt: skip
    else:
        blocks.append(Text(_t("no_personas", lang)))
    if stakeholders_svg:
        blocks.append(_drawing(stakeholders_svg, _t("stakeholders", lang)))
    else:
        blocks.append(Text(_t("no_stakeholders", lang)))
    return Section("journey.people", _t("people", lang), blocks)


__all__ = ["maps_section", "opportunity_chart", "people_section", "touchpoint_section"]
