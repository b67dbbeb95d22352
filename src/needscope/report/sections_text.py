"""Report sections from the text engine's frames: tag counts, trends with quotes, need candidates."""

from __future__ import annotations

from typing import Any

import pandas as pd

from needscope.model.vocab import Lang, NeedCategory, ServqualDimension, SourceType, TouchpointLayer
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.text.packs import Pack, load_pack
from needscope.text.trends import segment_trends, tag_trend, trend_report, trend_sentence

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
    "segment": ("细分", "Segment"),
    "dimension": ("细分维度", "Breakdown"),
    "source_type": ("来源类型", "Source type"),
    "channel": ("门店/渠道", "Store / channel"),
    "tier": ("会员等级", "Member tier"),
    "age_band": ("年龄段", "Age band"),
    "gender": ("性别", "Gender"),
    "region": ("区域", "Region"),
    "income_band": ("收入", "Income"),
    "q": ("q（多重检验校正）", "q (adjusted)"),
    "seg_table": (
        "各细分近{m}个月与此前{m}个月的标签占比（双比例z检验，Benjamini–Hochberg校正）",
        "Tag share by segment, last {m} months vs the {m} before "
        "(two-proportion z-test, Benjamini–Hochberg adjusted)",
    ),
    "seg_sheet": ("细分趋势", "Segment trends"),
    "seg_chart": ("近{m}个月各{d}的标签占比(%)", "Tag share by {d}, last {m} months (%)"),
    "seg_none": (
        "各细分中没有显著变化的标签。",
        "No tag changed significantly in any segment.",
    ),
    "in_segment": ("{d}“{v}”中，", "Among {d} “{v}”: "),
    "count": ("提及数", "Mentions"),
    "monthly_detail": (
        "各标签的月度提及数与占比（与上月比较）",
        "Mentions and share per tag and month (vs the month before)",
    ),
    "monthly_detail_sheet": ("标签月度明细", "Tag month detail"),
    "period": ("月份", "Month"),
}
SEGMENTS = ("source_type", "channel", "tier", "age_band")
"""Breakdowns of the segment trends: source type, store/channel, customer tier and age band."""
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
    customers: pd.DataFrame | None = None,
    segments: tuple[str, ...] = SEGMENTS,
    all_records: pd.DataFrame | None = None,
) -> Section:
    """Recent vs earlier share per tag with a z-test, sentences with quotes, monthly lines,
    and the same comparison by segment (source type over ``all_records``; store/channel and
    the customers' tier and age band, joined by ``customer_key``, over ``enriched``)."""
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
        blocks.append(_monthly_detail(monthly, p, lang))
    blocks += segment_blocks(
        enriched, p, lang, months, population, top, customers, segments, all_records
    )
    return Section("text_trends", title, blocks or [Text(_t("no_data", lang))])


def _monthly_detail(monthly: pd.DataFrame, pack: Pack, lang: Lang) -> Table:
    """Every tag and month: mentions, share and the change vs the month before (XLSX detail)."""
    frame = monthly.sort_values(["period", "count"], ascending=[True, False], kind="stable")
    table = pd.DataFrame(
        {
            _t("period", lang): frame["period"].astype(str),
            _t("tag", lang): [_label(pack, str(t), lang) for t in frame["tag"]],
            _t("records", lang): frame["records"].astype(int),
            _t("count", lang): frame["count"].astype(int),
            _t("share", lang): frame["share"],
            _t("change", lang): frame["change"],
            "p": frame["p"].round(4),
            _t("signif", lang): [_t("yes" if s else "no", lang) for s in frame["significant"]],
        }
    )
    return Table(
        table.reset_index(drop=True),
        caption=_t("monthly_detail", lang),
        sheet=_t("monthly_detail_sheet", lang),
        max_rows=12,
    )


def _segment_value(dim: str, value: str, lang: Lang) -> str:
    """A segment's name: vocabulary label for source types, else the value as stored."""
    if dim == "source_type" and value in SourceType._value2member_map_:
        return SourceType.of(value).label(lang)
    return value


def _with_customers(frame: pd.DataFrame, customers: pd.DataFrame | None) -> pd.DataFrame:
    """``frame`` with the customers' segment columns joined on ``customer_key``."""
    if customers is None or customers.empty or "customer_key" not in frame.columns:
        return frame
    fields = [c for c in ("tier", "age_band", "gender", "income_band", "region")
              if c in customers.columns and c not in frame.columns]  # fmt: skip
    if "key" not in customers.columns or not fields:
        return frame
    lookup = customers.drop_duplicates("key").set_index("key")[fields]
    joined = lookup.reindex(frame["customer_key"].astype(object).tolist())
    joined.index = frame.index
    return pd.concat([frame, joined], axis=1)


def segment_blocks(
    enriched: pd.DataFrame,
    pack: Pack | str = "restaurant",
    lang: Lang = "zh",
    months: int = 3,
    population: tuple[str, str] = ("记录", "records"),
    top: int = 5,
    customers: pd.DataFrame | None = None,
    segments: tuple[str, ...] = SEGMENTS,
    all_records: pd.DataFrame | None = None,
    max_sentences: int = 3,
) -> list[Block]:
    """Tag shares by segment with the change vs the earlier window, the most significant
    changes in words with a quote, one table of every segment × main tag, and a chart."""
    p = _pack(pack)
    frame = _with_customers(enriched, customers)
    if frame.empty or "tags" not in frame.columns:
        return []
    main = (
        frame["tags"].map(lambda v: list(v) if isinstance(v, list | tuple) else [])
        .explode().dropna().value_counts().head(top).index.astype(str).tolist()
    )  # fmt: skip
    if not main:
        return []
    stop = pd.to_datetime(frame["ts"], errors="coerce").max()
    if pd.isna(stop):
        return []
    parts: list[pd.DataFrame] = []
    for dim in segments:
        source = all_records if dim == "source_type" and all_records is not None else frame
        if dim not in source.columns or source[dim].dropna().astype(str).nunique() < 2:
            continue
        table = segment_trends(source, dim, months, stop, tags=main, n_quotes=1)
        if not table.empty:
            parts.append(table.assign(dimension=dim))
    if not parts:
        return []
    found = pd.concat(parts, ignore_index=True)
    found["abs"] = found["change"].abs()
    found = found.sort_values(["significant", "abs"], ascending=False, kind="stable")
    blocks: list[Block] = []
    sig = found[found["significant"]]
    if sig.empty:
        blocks.append(Text(_t("seg_none", lang)))
    for _, row in sig.head(max_sentences).iterrows():
        who = _t("in_segment", lang).format(
            d=_t(row["dimension"], lang),
            v=_segment_value(row["dimension"], row["segment"], lang),
        )
        pop = population if row["dimension"] != "source_type" else ("记录", "records")
        sentence = trend_sentence(row, lang, p, months, pop)
        quote = _quotes(list(row["quotes"])[:1], lang)
        sep = "：" if lang == "zh" else ": "
        blocks.append(Text(f"{who}{sentence}{sep + quote if quote else ''}"))
    table = pd.DataFrame(
        {
            _t("dimension", lang): [_t(d, lang) for d in found["dimension"]],
            _t("segment", lang): [
                _segment_value(d, v, lang)
                for d, v in zip(found["dimension"], found["segment"], strict=True)
            ],
            _t("tag", lang): [_label(p, t, lang) for t in found["tag"]],
            _t("records", lang): found["records"].astype(int),
            _t("count", lang): found["count"].astype(int),
            _t("now", lang): found["share"],
            _t("prev", lang): found["prev_share"],
            _t("change", lang): found["change"],
            "p": found["p"].astype(float).round(4),
            _t("q", lang): found["q"].astype(float).round(4),
            _t("signif", lang): [_t("yes" if s else "no", lang) for s in found["significant"]],
            _t("quotes", lang): [_quotes(q, lang) for q in found["quotes"]],
        }
    )
    blocks.append(
        Table(
            table.reset_index(drop=True),
            caption=_t("seg_table", lang).format(m=months),
            sheet=_t("seg_sheet", lang),
            max_rows=15,
        )
    )
    chart_dim = next(
        (d for d in ("tier", "age_band", "channel", "source_type") if d in set(found["dimension"])),
        None,
    )
    if chart_dim is not None:
        sub = found[found["dimension"] == chart_dim]
        wide = sub.pivot_table(index="segment", columns="tag", values="share", aggfunc="first")
        wide = wide[[t for t in main if t in wide.columns]]
        wide.columns = [_label(p, str(c), lang) for c in wide.columns]
        seg_h = _t(chart_dim, lang)
        wide.index = [_segment_value(chart_dim, str(v), lang) for v in wide.index]
        wide = wide.fillna(0.0).rename_axis(index=seg_h, columns=None).reset_index()
        blocks.append(
            Chart(
                "bar",
                wide,
                seg_h,
                [c for c in wide.columns if c != seg_h],
                title=_t("seg_chart", lang).format(m=months, d=_t(chart_dim, lang)),
                ylabel=_t("share", lang),
            )
        )
    return blocks


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


__all__ = [
    "SEGMENTS",
    "need_candidates_section",
    "segment_blocks",
    "tag_counts_section",
    "tag_trends_section",
    "topics_section",
]
