"""Report sections from the text engine's frames: tag counts, trends with quotes, need candidates."""

from __future__ import annotations

from typing import Any

import pandas as pd

from needscope.model.vocab import Lang, NeedCategory, ServqualDimension, SourceType, TouchpointLayer
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.text.packs import Pack, load_pack
from needscope.text.trends import tag_trend, trend_report

_L: dict[str, tuple[str, str]] = {
    "tags_title": ("客户声音：话题分布", "Voice of the customer: topics"),
    "trends_title": ("客户声音：变化趋势", "Voice of the customer: trends"),
    "needs_title": ("从文本提取的需求候选", "Need candidates from text"),
    "topics_title": ("未覆盖话题", "Uncovered topics"),
    "no_data": ("暂无数据", "No data yet"),
    "no_text": ("没有带文本的记录。", "No records with text."),
    "analysed": ("分析记录数", "Records analysed"),
    "tagged": ("已打标签占比", "Share tagged"),
    "top_tag": ("最多提及", "Most mentioned"),
    "problem_share": ("问题占比(%)", "Problem share (%)"),
    "tag": ("标签", "Tag"),
    "servqual": ("SERVQUAL维度", "SERVQUAL dimension"),
    "stage": ("旅程阶段", "Journey stage"),
    "layer": ("触点层", "Layer"),
    "records": ("记录数", "Records"),
    "share": ("占比(%)", "Share (%)"),
    "tag_counts": ("各标签提及次数", "Mentions per tag"),
    "tag_sheet": ("文本标签", "Text tags"),
    "by_source": ("各来源类型中标签占比(%)", "Tag share by source type (%)"),
    "src_sheet": ("标签×来源", "Tags by source"),
    "source": ("来源类型", "Source type"),
    "now": ("近期占比(%)", "Recent share (%)"),
    "prev": ("此前占比(%)", "Earlier share (%)"),
    "change": ("变化(百分点)", "Change (pp)"),
    "signif": ("显著", "Significant"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "sentence": ("说明", "Summary"),
    "quotes": ("原话示例", "Quotes"),
    "trend_table": (
        "近{m}个月与此前{m}个月对比（双比例z检验）",
        "Last {m} months vs the {m} before (two-proportion z-test)",
    ),
    "trend_sheet": ("文本趋势", "Text trends"),
    "month": ("月份", "Month"),
    "monthly": ("主要标签的月度占比(%)", "Monthly share of the main tags (%)"),
    "monthly_sheet": ("标签月度占比", "Tag share by month"),
    "no_dates": (
        "记录没有时间，无法计算趋势。",
        "Records have no dates; no trend can be computed.",
    ),
    "need": ("需求", "Need"),
    "kind": ("显性/隐性", "Explicit / implicit"),
    "explicit": ("显性", "Explicit"),
    "implicit": ("隐性", "Implicit"),
    "nature": ("功能/情感", "Functional / emotional"),
    "functional": ("功能性", "Functional"),
    "emotional": ("情感性", "Emotional"),
    "category": ("需求类别", "Category"),
    "support": ("加权支持度", "Weighted support"),
    "n_needs": ("需求候选数", "Candidates"),
    "n_explicit": ("显性需求", "Explicit"),
    "n_implicit": ("隐性需求", "Implicit"),
    "needs_table": ("需求候选（可接受、合并或驳回）", "Need candidates (accept, merge or reject)"),
    "needs_sheet": ("需求候选", "Need candidates"),
    "needs_chart": ("加权支持度前10的需求", "Top 10 needs by weighted support"),
    "topic": ("话题", "Topic"),
    "keywords": ("关键词", "Key words"),
    "topics_table": ("未被标签覆盖的记录中发现的话题", "Topics among records no tag covers"),
    "topics_sheet": ("未覆盖话题", "Uncovered topics"),
}
_SEP = {"zh": "；", "en": "; "}


def _t(key: str, lang: Lang) -> str:
    """Label ``key`` in ``lang``."""
    zh, en = _L[key]
    return zh if lang == "zh" else en


def _pack(pack: Pack | str) -> Pack:
    """A pack object."""
    return pack if isinstance(pack, Pack) else load_pack(pack)


def _label(pack: Pack, tag: str, lang: Lang) -> str:
    """Tag name, or the id when the pack does not know it."""
    try:
        return pack.tag(tag).label(lang)
    except KeyError:
        return tag


def _quotes(value: Any, lang: Lang) -> str:
    """Quotes joined for a table cell."""
    if isinstance(value, list | tuple):
        return _SEP[lang].join(f"“{q}”" for q in value)
    return "" if value is None else str(value)


def tag_counts_section(
    enriched: pd.DataFrame, pack: Pack | str = "restaurant", lang: Lang = "zh"
) -> Section:
    """How often each tag is mentioned, its SERVQUAL dimension and stage, and by source type."""
    title = _t("tags_title", lang)
    if enriched.empty or "tags" not in enriched.columns:
        return Section("text_tags", title, [Text(_t("no_data", lang))])
    p = _pack(pack)
    has_text = (
        enriched["text_norm"].fillna("").astype(str).str.len() > 0
        if "text_norm" in enriched
        else enriched["tags"].notna()
    )
    frame = enriched[has_text]
    if frame.empty:
        return Section("text_tags", title, [Text(_t("no_text", lang))])
    tags = frame["tags"].map(lambda v: list(v) if isinstance(v, list | tuple) else [])
    probs = frame.get("problem_tags", pd.Series([[]] * len(frame), index=frame.index))
    exploded = tags.explode().dropna()
    counts = exploded.value_counts()
    prob_counts = (
        probs.map(lambda v: list(v) if isinstance(v, list | tuple) else [])
        .explode()
        .dropna()
        .value_counts()
    )
    rows = []
    for tag, n in counts.items():
        t = p.tag(str(tag)) if str(tag) in p.ids() else None
        rows.append(
            {
                _t("tag", lang): _label(p, str(tag), lang),
                _t("servqual", lang): t.servqual.label(lang) if t else "",
                _t("stage", lang): p.stage(t.stage).label(lang) if t else "",
                _t("layer", lang): t.layer.label(lang) if t else "",
                _t("records", lang): int(n),
                _t("share", lang): round(100.0 * int(n) / len(frame), 1),
                _t("problem_share", lang): round(100.0 * int(prob_counts.get(tag, 0)) / int(n), 1),
            }
        )
    table = pd.DataFrame(rows)
    tagged = float((tags.map(len) > 0).mean() * 100)
    blocks: list[Block] = [
        Metrics(
            [
                (_t("analysed", lang), f"{len(frame):,}"),
                (_t("tagged", lang), f"{tagged:.1f}%"),
                (_t("top_tag", lang), str(table.iloc[0, 0]) if len(table) else "—"),
            ]
        ),
        Table(table, caption=_t("tag_counts", lang), sheet=_t("tag_sheet", lang)),
        Chart(
            "barh",
            table.head(15),
            _t("tag", lang),
            [_t("records", lang)],
            title=_t("tag_counts", lang),
            xlabel=_t("records", lang),
        ),
    ]
    if "source_type" in frame.columns:
        src = frame["source_type"].map(
            lambda v: SourceType.of(v).label(lang) if v in SourceType._value2member_map_ else str(v)
        )
        pairs = pd.DataFrame({"src": src, "tag": tags}).explode("tag").dropna()
        if not pairs.empty:
            raw = pd.crosstab(pairs["tag"], pairs["src"])
            cross = raw.div(src.value_counts().reindex(raw.columns), axis=1) * 100.0
            cross.index = [_label(p, str(i), lang) for i in cross.index]
            cross = cross.round(1).rename_axis(index=_t("tag", lang), columns=None).reset_index()
            blocks.append(Table(cross, caption=_t("by_source", lang), sheet=_t("src_sheet", lang)))
    return Section("text_tags", title, blocks)


def tag_trends_section(
    enriched: pd.DataFrame,
    pack: Pack | str = "restaurant",
    lang: Lang = "zh",
    months: int = 3,
    population: tuple[str, str] = ("记录", "records"),
    top: int = 5,
) -> Section:
    """Recent vs earlier share per tag with a z-test, sentences with quotes, and monthly lines."""
    title = _t("trends_title", lang)
    if enriched.empty or "tags" not in enriched.columns or "ts" not in enriched.columns:
        return Section("text_trends", title, [Text(_t("no_data", lang))])
    p = _pack(pack)
    if pd.to_datetime(enriched["ts"], errors="coerce").notna().sum() == 0:
        return Section("text_trends", title, [Text(_t("no_dates", lang))])
    report = trend_report(enriched, p, months, population)
    blocks: list[Block] = []
    if not report.empty:
        ranked = report.sort_values(["significant", "share"], ascending=False, kind="stable")
        sentence = f"sentence_{lang}"
        for _, row in ranked.head(top).iterrows():
            quote = _quotes(row["quotes"][:1], lang)
            blocks.append(
                Text(
                    f"{row[sentence]}{'：' if lang == 'zh' else ': '}{quote}"
                    if quote
                    else str(row[sentence])
                )
            )
        table = pd.DataFrame(
            {
                _t("tag", lang): [_label(p, t, lang) for t in report["tag"]],
                _t("now", lang): report["share"],
                _t("prev", lang): report["prev_share"],
                _t("change", lang): report["change"],
                "z": report["z"].round(2),
                "p": report["p"].round(4),
                _t("signif", lang): [_t("yes" if s else "no", lang) for s in report["significant"]],
                _t("quotes", lang): [_quotes(q, lang) for q in report["quotes"]],
            }
        )
        blocks.append(
            Table(
                table,
                caption=_t("trend_table", lang).format(m=months),
                sheet=_t("trend_sheet", lang),
            )
        )
    monthly = tag_trend(enriched, freq="M")
    if not monthly.empty:
        main = monthly.groupby("tag")["count"].sum().nlargest(top).index.tolist()
        wide = monthly[monthly["tag"].isin(main)].pivot(
            index="period", columns="tag", values="share"
        )
        wide.columns = [_label(p, str(c), lang) for c in wide.columns]
        month_h = _t("month", lang)
        wide = wide.rename_axis(index=month_h, columns=None).reset_index()
        blocks.append(Table(wide, caption=_t("monthly", lang), sheet=_t("monthly_sheet", lang)))
        chart_data = wide.copy()
        chart_data[month_h] = pd.PeriodIndex(chart_data[month_h], freq="M").to_timestamp()
        blocks.append(
            Chart(
                "line",
                chart_data,
                month_h,
                [c for c in wide.columns if c != month_h],
                title=_t("monthly", lang),
                ylabel=_t("share", lang),
            )
        )
    return Section("text_trends", title, blocks or [Text(_t("no_data", lang))])


def need_candidates_section(candidates: pd.DataFrame, lang: Lang = "zh", top: int = 50) -> Section:
    """The need candidates as a table a person reviews, plus the ten best supported."""
    title = _t("needs_title", lang)
    if candidates.empty:
        return Section("text_needs", title, [Text(_t("no_data", lang))])
    cand = candidates.head(top)
    need_col = "need" if lang == "zh" else "need_en"
    needs = [
        (row["need"] if row["kind"] == "explicit" or lang == "zh" else row[need_col])
        for _, row in cand.iterrows()
    ]

    def vocab(cls: Any, v: Any) -> str:
        return cls.of(v).label(lang) if v in cls._value2member_map_ else str(v or "")

    table = pd.DataFrame(
        {
            _t("need", lang): needs,
            _t("kind", lang): [_t(k, lang) for k in cand["kind"]],
            _t("nature", lang): [_t(k, lang) for k in cand["nature"]],
            _t("category", lang): [vocab(NeedCategory, v) for v in cand["category"]],
            _t("tag", lang): cand["tag_label"].tolist(),
            _t("servqual", lang): [vocab(ServqualDimension, v) for v in cand["servqual"]],
            _t("layer", lang): [vocab(TouchpointLayer, v) for v in cand["layer"]],
            _t("records", lang): cand["records"].astype(int).tolist(),
            _t("support", lang): cand["support"].tolist(),
            _t("quotes", lang): [_quotes(q, lang) for q in cand["quotes"]],
        }
    )
    n_exp = int((candidates["kind"] == "explicit").sum())
    blocks: list[Block] = [
        Metrics(
            [
                (_t("n_needs", lang), f"{len(candidates):,}"),
                (_t("n_explicit", lang), f"{n_exp:,}"),
                (_t("n_implicit", lang), f"{len(candidates) - n_exp:,}"),
            ]
        ),
        Table(table, caption=_t("needs_table", lang), sheet=_t("needs_sheet", lang)),
        Chart(
            "barh",
            table.head(10),
            _t("need", lang),
            [_t("support", lang)],
            title=_t("needs_chart", lang),
            xlabel=_t("support", lang),
        ),
    ]
    return Section("text_needs", title, blocks)


def topics_section(topics: pd.DataFrame, lang: Lang = "zh") -> Section:
    """Topics found among records no tag covers, with key words and quotes."""
    title = _t("topics_title", lang)
    if topics.empty:
        return Section("text_topics", title, [Text(_t("no_data", lang))])
    table = pd.DataFrame(
        {
            _t("topic", lang): topics["label"],
            _t("keywords", lang): [", ".join(k) for k in topics["keywords"]],
            _t("records", lang): topics["records"],
            _t("share", lang): topics["share"],
            _t("quotes", lang): [_quotes(q, lang) for q in topics["quotes"]],
        }
    )
    return Section(
        "text_topics",
        title,
        [Table(table, caption=_t("topics_table", lang), sheet=_t("topics_sheet", lang))],
    )


__all__ = ["need_candidates_section", "tag_counts_section", "tag_trends_section", "topics_section"]
