"""Report sections built from DataFrames: project overview, evidence sources, raw needs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from needscope.model.vocab import (
    Credibility,
    CustomerType,
    Industry,
    Lang,
    NeedDimension,
    Scenario,
    SourceType,
    Vocab,
)
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text

_L: dict[str, tuple[str, str]] = {
    "overview": ("项目概览", "Project overview"),
    "facts": ("项目概况", "Project facts"),
    "field": ("项目", "Field"),
    "value": ("内容", "Value"),
    "client": ("客户名称", "Client"),
    "industry": ("所属行业", "Industry"),
    "owner": ("负责人", "Owner"),
    "customer_type": ("客户类型", "Customer type"),
    "scenario": ("业务场景", "Business scenario"),
    "budget": ("预算", "Budget"),
    "deadline": ("时间节点", "Deadline"),
    "resources": ("资源约束", "Resource constraints"),
    "goals": ("目标", "Goals"),
    "records": ("记录数", "Records"),
    "customers": ("客户数", "Customers"),
    "source_types": ("来源类型", "Source types"),
    "source_files": ("来源文件", "Source files"),
    "needs": ("需求数", "Needs"),
    "period": ("覆盖时段", "Period covered"),
    "sources": ("数据来源", "Evidence sources"),
    "source": ("来源类型", "Source type"),
    "credibility": ("可信度", "Credibility"),
    "channel": ("渠道", "Channel"),
    "month": ("月份", "Month"),
    "share": ("占比(%)", "Share (%)"),
    "total": ("合计", "Total"),
    "other": ("其他", "Other"),
    "unset": ("未标注", "Not given"),
    "by_source": ("按来源类型的记录数", "Records by source type"),
    "by_cred": ("按来源类型与可信度的记录数", "Records by source type and credibility"),
    "by_channel": ("按渠道的记录数（前 15）", "Records by channel (top 15)"),
    "by_month": ("按月份与来源类型的记录数", "Records by month and source type"),
    "no_time": (
        "{n} 条记录没有时间，未计入按月统计。",
        "Records without a date (not in the monthly counts): {n}.",
    ),
    "needs_title": ("客户需求原始记录", "Raw needs register"),
    "t1": ("模板1：客户需求原始记录表", "Template 1: raw needs register"),
    "t1_sheet": ("模板1-需求原始记录", "T1 Raw needs"),
    "dim": ("需求维度", "Need dimension"),
    "dim_sheet": ("需求维度×可信度", "Needs by dimension"),
    "by_dim": ("按需求维度与可信度的需求数", "Needs by dimension and credibility"),
    "high_share": ("高可信度占比", "High-credibility share"),
    "no_data": ("暂无数据", "No data yet"),
    "src_sheet": ("来源类型", "By source"),
    "cred_sheet": ("来源×可信度", "Source x credibility"),
    "chan_sheet": ("渠道", "By channel"),
    "month_sheet": ("月份", "By month"),
}
"""Section labels (zh, en)."""

TEMPLATE1_COLUMNS: dict[Lang, list[str]] = {
    "zh": [
        "客户名称",
        "所属行业",
        "负责人",
        "需求来源",
        "需求维度",
        "具体描述",
        "客户原话/数据",
        "信息可信度",
    ],
    "en": [
        "Client",
        "Industry",
        "Owner",
        "Source",
        "Need dimension",
        "Description",
        "Customer's words / data",
        "Credibility",
    ],
}
"""Template 1 (客户需求原始记录表) headers, in the seed's order."""

_T1_FIELDS = (
    "client",
    "industry",
    "owner",
    "source_type",
    "dimension",
    "description",
    "quote",
    "credibility",
)
_T1_VOCAB: dict[str, type[Vocab]] = {
    "industry": Industry,
    "source_type": SourceType,
    "dimension": NeedDimension,
    "credibility": Credibility,
}
TOP_CHANNELS = 15


def _t(key: str, lang: Lang) -> str:
    """Label ``key`` in ``lang``."""
    zh, en = _L[key]
    return zh if lang == "zh" else en


def _blank(value: object) -> bool:
    """True for None, NaN, NaT, pd.NA and blank text."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | dict):
        return not value
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def vocab_label(vocab: type[Vocab], value: object, lang: Lang) -> str:
    """Label of ``value`` in ``vocab`` (by value, label or alias); unknown text is kept as is."""
    if _blank(value):
        return ""
    try:
        return vocab.parse(value.value if isinstance(value, Vocab) else value).label(lang)
    except ValueError:
        return str(value)


def _no_data(key: str, title: str, lang: Lang) -> Section:
    """A section that says there is nothing yet."""
    return Section(key, title, [Text(_t("no_data", lang))])


def template1_frame(needs: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """Template 1 (客户需求原始记录表): the seed's eight columns, vocab values as labels."""
    if len(needs) and not {"dimension", "description"} <= set(needs.columns):
        missing = sorted({"dimension", "description"} - set(needs.columns))
        raise ValueError(f"needs frame lacks column(s) {missing}; it has {list(needs.columns)}")
    columns: dict[str, list[str]] = {}
    for field, header in zip(_T1_FIELDS, TEMPLATE1_COLUMNS[lang], strict=True):
        raw = needs[field] if field in needs.columns else pd.Series([None] * len(needs))
        vocab = _T1_VOCAB.get(field)
        columns[header] = [
            vocab_label(vocab, v, lang) if vocab else ("" if _blank(v) else str(v)) for v in raw
        ]
    return pd.DataFrame(columns, columns=TEMPLATE1_COLUMNS[lang], dtype=object)


def _fact(value: object, lang: Lang) -> str:
    """Display text of one project fact."""
    if _blank(value):
        return "—"
    if isinstance(value, list | tuple):
        return ("；" if lang == "zh" else "; ").join(str(v) for v in value if not _blank(v)) or "—"
    if isinstance(value, datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _budget(value: object, lang: Lang) -> str:
    """Budget in yuan, e.g. 150,000 元 / CNY 150,000."""
    if _blank(value):
        return "—"
    try:
        amount = float(str(value).replace(",", ""))
    except ValueError:
        return str(value)
    text = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"
    return f"{text} 元" if lang == "zh" else f"CNY {text}"


def _period(ts: pd.Series[Any]) -> str:
    """First and last date of ``ts`` as text, or a dash."""
    stamps = pd.to_datetime(ts, errors="coerce").dropna()
    if stamps.empty:
        return "—"
    first, last = stamps.min(), stamps.max()
    return (
        f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"
        if first.date() != last.date()
        else f"{first:%Y-%m-%d}"
    )


def _nunique(frame: pd.DataFrame, column: str) -> int:
    """Distinct non-blank values of ``column`` (0 when absent)."""
    if column not in frame.columns:
        return 0
    values = frame[column].dropna().astype(str).str.strip()
    return int(values[values != ""].nunique())


def overview_section(
    project: Mapping[str, Any], records: pd.DataFrame, needs: pd.DataFrame, lang: Lang = "zh"
) -> Section:
    """Project facts as a table and headline figures as tiles."""
    p = dict(project)
    facts = [
        ("client", _fact(p.get("client"), lang)),
        ("industry", vocab_label(Industry, p.get("industry"), lang) or "—"),
        ("owner", _fact(p.get("owner"), lang)),
        ("customer_type", vocab_label(CustomerType, p.get("customer_type"), lang) or "—"),
        ("scenario", vocab_label(Scenario, p.get("scenario"), lang) or "—"),
        ("budget", _budget(p.get("budget"), lang)),
        ("deadline", _fact(p.get("deadline"), lang)),
        ("resources", _fact(p.get("resources"), lang)),
        ("goals", _fact(p.get("goals"), lang)),
    ]
    table = pd.DataFrame(
        {
            _t("field", lang): [_t(k, lang) for k, _ in facts],
            _t("value", lang): [v for _, v in facts],
        }
    )
    ts = records["ts"] if "ts" in records.columns else pd.Series([], dtype="datetime64[ns]")
    metrics = Metrics(
        [
            (_t("records", lang), f"{len(records):,}"),
            (_t("customers", lang), f"{_nunique(records, 'customer_key'):,}"),
            (_t("source_types", lang), f"{_nunique(records, 'source_type'):,}"),
            (_t("source_files", lang), f"{_nunique(records, 'origin_file'):,}"),
            (_t("needs", lang), f"{len(needs):,}"),
            (_t("period", lang), _period(ts)),
        ]
    )
    blocks: list[Block] = [
        metrics,
        Table(table, caption=_t("facts", lang), sheet=_t("facts", lang)),
    ]
    if not _blank(p.get("description")):
        blocks.append(Text(str(p["description"])))
    return Section("overview", _t("overview", lang), blocks)


def _counts(
    labels: pd.Series[Any], header: str, lang: Lang, vocab: type[Vocab] | None = None
) -> pd.DataFrame:
    """Count of each label, largest first (ties in vocabulary or name order), with its share."""
    counts = labels.astype(str).value_counts(sort=False)
    names = [str(i) for i in counts.index]
    order = _vocab_order(vocab, lang, names) if vocab else sorted(names)
    rank = {name: i for i, name in enumerate(order)}
    ranked = sorted(names, key=lambda name: (-int(counts[name]), rank[name]))
    n = counts[ranked].to_numpy(dtype="int64")
    return pd.DataFrame(
        {
            header: ranked,
            _t("records", lang): n,
            _t("share", lang): (100 * n / max(len(labels), 1)).round(1),
        }
    )


def _vocab_order(vocab: type[Vocab], lang: Lang, present: list[str]) -> list[str]:
    """Labels in vocabulary order, then labels not in the vocabulary, for those present."""
    known = [m.label(lang) for m in vocab]
    return [x for x in known if x in present] + sorted(x for x in present if x not in known)


def sources_section(records: pd.DataFrame, lang: Lang = "zh") -> Section:
    """Where the evidence came from: source type, credibility, channel and month."""
    title = _t("sources", lang)
    if records.empty:
        return _no_data("sources", title, lang)
    missing = sorted({"source_type", "credibility"} - set(records.columns))
    if missing:
        raise ValueError(f"records frame lacks column(s) {missing}")
    unset = _t("unset", lang)
    source = records["source_type"].map(lambda v: vocab_label(SourceType, v, lang) or unset)
    cred = records["credibility"].map(lambda v: vocab_label(Credibility, v, lang) or unset)
    blocks: list[Block] = []

    src_h = _t("source", lang)
    by_source = _counts(source, src_h, lang, SourceType)
    n_h = _t("records", lang)
    blocks += [
        Table(by_source, caption=_t("by_source", lang), sheet=_t("src_sheet", lang)),
        Chart("bar", by_source, src_h, [n_h], title=_t("by_source", lang), ylabel=n_h),
    ]

    cross = pd.crosstab(source, cred)
    cross = cross.reindex(
        index=by_source[src_h].tolist(),
        columns=_vocab_order(Credibility, lang, [str(c) for c in cross.columns]),
        fill_value=0,
    )
    cross_frame = cross.rename_axis(index=src_h, columns=None).reset_index()
    cross_frame[_t("total", lang)] = cross.sum(axis=1).to_numpy()
    blocks += [
        Table(cross_frame, caption=_t("by_cred", lang), sheet=_t("cred_sheet", lang)),
        Chart(
            "stacked_bar",
            cross_frame,
            src_h,
            [str(c) for c in cross.columns],
            title=_t("by_cred", lang),
            ylabel=n_h,
        ),
    ]

    chan_h = _t("channel", lang)
    channel = (
        records["channel"].map(lambda v: unset if _blank(v) else str(v).strip())
        if "channel" in records.columns
        else pd.Series([unset] * len(records))
    )
    by_channel = _counts(channel, chan_h, lang)
    if len(by_channel) > TOP_CHANNELS:
        head = by_channel.iloc[:TOP_CHANNELS]
        rest = by_channel.iloc[TOP_CHANNELS:]
        other = pd.DataFrame(
            {
                chan_h: [_t("other", lang)],
                n_h: [int(rest[n_h].sum())],
                _t("share", lang): [round(float(rest[n_h].sum()) * 100 / len(records), 1)],
            }
        )
        by_channel = pd.concat([head, other], ignore_index=True)
    blocks += [
        Table(by_channel, caption=_t("by_channel", lang), sheet=_t("chan_sheet", lang)),
        Chart("barh", by_channel, chan_h, [n_h], title=_t("by_channel", lang), xlabel=n_h),
    ]
    blocks += _monthly(records, source, lang)
    return Section("sources", title, blocks)


def _monthly(records: pd.DataFrame, source: pd.Series[Any], lang: Lang) -> list[Block]:
    """Records per month and source type, as a table and a line chart."""
    raw = records["ts"] if "ts" in records.columns else pd.Series([pd.NaT] * len(records))
    ts = pd.to_datetime(raw, errors="coerce", utc=False)
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_localize(None)
    dated = ts.notna()
    blocks: list[Block] = []
    if dated.any():
        month = ts[dated].dt.to_period("M")
        cross = pd.crosstab(month, source[dated])
        full = pd.period_range(month.min(), month.max(), freq="M")
        cross = cross.reindex(index=full, fill_value=0)
        order = _vocab_order(SourceType, lang, [str(c) for c in cross.columns])
        cross = cross[order]
        month_h = _t("month", lang)
        table = cross.rename_axis(index=month_h, columns=None).reset_index()
        table[_t("total", lang)] = cross.sum(axis=1).to_numpy()
        chart_data = cross.copy()
        chart_data.insert(0, month_h, full.to_timestamp())
        blocks += [
            Table(
                table,
                caption=_t("by_month", lang),
                sheet=_t("month_sheet", lang),
            ),
            Chart(
                "line",
                chart_data.reset_index(drop=True),
                month_h,
                order,
                title=_t("by_month", lang),
                ylabel=_t("records", lang),
            ),
        ]
    undated = int((~dated).sum())
    if undated:
        blocks.append(Text(_t("no_time", lang).format(n=f"{undated:,}")))
    return blocks


def needs_section(needs: pd.DataFrame, lang: Lang = "zh") -> Section:
    """Template 1 and the needs counted by dimension and credibility."""
    title = _t("needs_title", lang)
    if needs.empty:
        return _no_data("needs", title, lang)
    t1 = template1_frame(needs, lang)
    dim_h, cred_h = TEMPLATE1_COLUMNS[lang][4], TEMPLATE1_COLUMNS[lang][7]
    unset = _t("unset", lang)
    dims = t1[dim_h].replace("", unset)
    creds = t1[cred_h].replace("", unset)
    cross = pd.crosstab(dims, creds)
    cross = cross.reindex(
        index=_vocab_order(NeedDimension, lang, [str(i) for i in cross.index]),
        columns=_vocab_order(Credibility, lang, [str(c) for c in cross.columns]),
        fill_value=0,
    )
    frame = cross.rename_axis(index=_t("dim", lang), columns=None).reset_index()
    frame[_t("total", lang)] = cross.sum(axis=1).to_numpy()
    high = int((creds == Credibility.HIGH.label(lang)).sum())
    metrics = Metrics(
        [
            (_t("needs", lang), f"{len(needs):,}"),
            (_t("high_share", lang), f"{100 * high / len(needs):.0f}%"),
        ]
    )
    return Section(
        "needs",
        title,
        [
            metrics,
            Table(t1, caption=_t("t1", lang), sheet=_t("t1_sheet", lang)),
            Table(frame, caption=_t("by_dim", lang), sheet=_t("dim_sheet", lang)),
            Chart(
                "stacked_bar",
                frame,
                _t("dim", lang),
                [str(c) for c in cross.columns],
                title=_t("by_dim", lang),
                ylabel=_t("needs", lang),
            ),
        ],
    )


__all__ = [
    "TEMPLATE1_COLUMNS",
    "needs_section",
    "overview_section",
    "sources_section",
    "template1_frame",
    "vocab_label",
]
