"""Method sections about the needs register: verification and the priority matrix."""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from needscope.methods import (
    Verification,
    apply_overrides,
    kano,
    priority_matrix,
    rfm,
    similarity,
    suggest_scores,
    verify_hours,
)
from needscope.methods.priority import FACTORS, IMPORTANCE_FACTORS, URGENCY_FACTORS
from needscope.model.vocab import Lang, NeedStatus, Verdict
from needscope.report.blocks import Block, Chart, Metrics, Section, Table, Text
from needscope.report.methods_context import HEADERS, MethodData, method_data, skip, title, tr
from needscope.report.plots_methods import priority_figure, render_block
from needscope.report.plots_methods_bars import hours_figure
from needscope.report.registry import ReportContext
from needscope.report.sections_methods import priority_section, verification_section
from needscope.services.survey import need_evidence_frame

_HOURS = re.compile(
    r"24\s*小时|24/7|24[- ]hours?|全天候|通宵|夜间|夜宵|深夜|凌晨|late[- ]night|overnight|night",
    re.I,
)
_NEW_STORE = re.compile(r"新店|新开|new stores?", re.I)
_CLOSED = {NeedStatus.REJECTED.value, NeedStatus.MERGED.value, NeedStatus.DONE.value}


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def stored(value: object) -> dict[str, Any]:
    """A need's stored JSON value (``scores``, ``feasibility``, ``whys``) as a dict; {} if none."""
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else None
    return dict(value) if isinstance(value, dict) else {}


def stored_column(needs: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    """The stored dicts of ``column`` for each need (all empty when the column is absent)."""
    if column not in needs.columns:
        return [{} for _ in range(len(needs))]
    return [stored(v) for v in needs[column]]


def active_needs(needs: pd.DataFrame) -> pd.DataFrame:
    """Needs still to act on: not rejected, merged or done, and not a constraint."""
    if needs.empty:
        return needs
    keep = ~needs["status"].isin(_CLOSED) & (needs["dimension"] != "constraint")
    return needs[keep].reset_index(drop=True)


# --------------------------------------------------------------------------- verification


def verifications(needs: pd.DataFrame, data: MethodData, lang: Lang) -> dict[int, Verification]:
    """Need id → verdict for each need about opening hours, tested against orders by hour."""
    orders = data.orders
    base = orders if not orders.empty else data.records[["ts", "channel"]]
    base = base.dropna(subset=["ts"]) if "ts" in base.columns else base.iloc[0:0]
    out: dict[int, Verification] = {}
    if base.empty or needs.empty:
        return out
    cohort = "store_cohort" in base.columns
    new_label = tr(lang, "新店", "New stores")
    for need in _rows(needs):
        text = f"{need['description']} {need['quote'] or ''}"
        if not _HOURS.search(text):
            continue
        frame, claim = base, str(need["description"])
        if cohort and _NEW_STORE.search(text) and (base["store_cohort"] == new_label).any():
            frame = base[base["store_cohort"] == new_label]
            claim += tr(lang, "（以新店订单检验）", " (tested on new-store orders)")
        out[int(need["id"])] = verify_hours(frame, "ts", claim=claim, lang=lang)
    return out


def build_verification(ctx: ReportContext) -> Section:
    """需求真实性验证: hours claims against orders by hour of day."""
    lang, data = ctx.lang, method_data(ctx)
    results = verifications(active_needs(ctx.needs), data, lang)
    if not results:
        return skip("verification", lang,
                    "登记表中没有可用行为数据检验的需求（如“24小时营业”对照分时订单），本节从略。",
                    "No need in the register can be tested against behaviour (e.g. 24-hour "
                    "service against orders by hour); section skipped.")  # fmt: skip
    section = verification_section(list(results.values()), lang)
    section.key, section.title = "verification", title("verification", lang)
    checked = iter(results.values())  # one hourly chart per result, in order
    blocks: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Chart):
            r = next(checked)
            block = render_block(partial(hours_figure, r.breakdown, r.claim, lang), r.claim)
        blocks.append(block)
    section.blocks = blocks
    tiles = [(tr(lang, f"夜间（22–06 时）占比，95% 区间 {100 * r.ci_low:.1f}–{100 * r.ci_high:.1f}%",
                 f"Night share (22–06 h), 95% CI {100 * r.ci_low:.1f}–{100 * r.ci_high:.1f}%"),
              f"{100 * r.share:.1f}%") for r in results.values()]  # fmt: skip
    section.blocks.insert(0, Metrics(tiles[:4]))
    return section


# --------------------------------------------------------------------------- evidence → scores


def _kano_classes(data: MethodData) -> dict[str, str]:
    """KANO attribute → overall class (Fong), when the survey has KANO pairs."""
    pairs = data.columns.kano
    if not pairs:
        return {}
    res = kano(
        data.survey, [p[1] for p in pairs], [p[2] for p in pairs], names=[p[0] for p in pairs]
    )
    return dict(zip(res["attribute"].astype(str), res["category_fong"].astype(str), strict=True))


def _monetary(data: MethodData) -> pd.Series:
    """Customer key → total spend in the orders (empty without orders)."""
    orders = data.orders.dropna(subset=["customer_key", "ts"]) if not data.orders.empty else None
    if orders is None or orders.empty:
        return pd.Series(dtype=float)
    table = rfm(orders, customer="customer_key", date="ts", amount="amount")
    return table.set_index("customer_key")["monetary"]


def evidence_table(ctx: ReportContext, needs: pd.DataFrame, data: MethodData) -> pd.DataFrame:
    """Per need: evidence count, credibility, matched KANO class, segment value and trend."""
    links = pd.DataFrame(columns=["need_id", "record_id"])
    store = getattr(ctx, "store", None)
    if store is not None:
        links = need_evidence_frame(store, ctx.slug)
    rec = data.records[["id", "ts", "customer_key"]].rename(columns={"id": "record_id"})
    ev = links.merge(rec, on="record_id", how="left")
    ts = pd.to_datetime(data.records["ts"], errors="coerce")
    middle = ts.min() + (ts.max() - ts.min()) / 2 if ts.notna().any() else None
    money = _monetary(data)
    classes = _kano_classes(data)
    rows: list[dict[str, Any]] = []
    for need in _rows(needs):
        mine = ev[ev["need_id"] == need["id"]]
        kano_attr, kano_class = None, None
        for attr, cls in classes.items():
            if similarity(attr, str(need["description"])) >= 0.99:
                kano_attr, kano_class = attr, cls
        keys = mine["customer_key"].dropna().unique()
        spend = money.reindex(keys).dropna()
        trend = np.nan
        dated = mine["ts"].dropna()
        if middle is not None and len(dated) >= 6:
            early, late = int((dated < middle).sum()), int((dated >= middle).sum())
            trend = (late - early) / max(early, 1)
        rows.append({"need": need["description"], "frequency": int(need["evidence_count"]),
                     "credibility": need["credibility"], "kano_attribute": kano_attr,
                     "kano": kano_class, "segment_value": spend.mean() if len(spend) >= 3 else np.nan,
                     "trend": trend})  # fmt: skip
    return pd.DataFrame(rows)


def adjust_scores(
    scores: pd.DataFrame, needs: pd.DataFrame, checks: dict[int, Verification], lang: Lang
) -> pd.DataFrame:
    """Use what the register and the checks know: core goals fit the strategy, refuted needs
    have little customer value; say so in ``adjustment``."""
    out = scores.copy()
    notes = []
    for i, need in enumerate(_rows(needs)):
        why = []
        if need["dimension"] == "core_goal":
            out.loc[i, ["business_impact", "strategic_fit"]] = 5
            why.append(tr(lang, "核心目标→业务影响、战略匹配 5",
                          "core goal → business impact, strategic fit 5"))  # fmt: skip
        check = checks.get(int(need["id"]))
        if check is not None and check.verdict == Verdict.CONTRADICTED.value:
            out.loc[i, ["customer_value", "market_opportunity"]] = 1
            why.append(tr(lang, "行为数据否定→客户价值、市场机会 1",
                          "contradicted by behaviour → customer value, opportunity 1"))  # fmt: skip
        notes.append("；".join(why) if lang == "zh" else "; ".join(why))
    out["adjustment"] = notes
    return out


def _factor_name(factor: str, lang: Lang) -> str:
    """Display name of a priority sub-score."""
    zh, en = HEADERS[factor]
    return tr(lang, zh, en)


def with_overrides(scores: pd.DataFrame, needs: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Apply each need's stored sub-scores to the suggestions (``apply_overrides``), keyed by
    need id; adds ``<factor>_suggested``, ``overridden``, ``confirmed`` and the axis notes."""
    keyed = scores.assign(_id=needs["id"].astype(int).to_numpy())
    rows = [{"_id": int(i), **{k: v for k, v in s.items() if k in FACTORS}}
            for i, s in zip(keyed["_id"], stored_column(needs, "scores"), strict=True)]  # fmt: skip
    manual = pd.DataFrame([r for r in rows if len(r) > 1], columns=["_id", *FACTORS])
    out = apply_overrides(keyed, manual, need="_id")
    given = {int(r["_id"]): {k for k in FACTORS if k in r} for r in rows}
    out["confirmed"] = [
        ", ".join(f for f in FACTORS if f in given[int(i)] and f not in str(changed).split(", "))
        for i, changed in zip(out["_id"], out["overridden"], strict=True)
    ]
    sep = "、" if lang == "zh" else ", "
    for axis, factors in (("importance", IMPORTANCE_FACTORS), ("urgency", URGENCY_FACTORS)):
        notes: list[str | None] = []
        for changed in out["overridden"]:
            mine = [_factor_name(f, lang) for f in factors if f in str(changed).split(", ")]
            notes.append(tr(lang, "人工调整：", "overridden: ") + sep.join(mine) if mine else None)
        out[f"{axis}_note"] = notes
    return out


def score_table(applied: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Per need and factor: the value used, with the suggestion and a mark where a person set it."""
    table = pd.DataFrame({"need": applied["need"].to_numpy()})
    for f in FACTORS:
        cells = []
        for used, suggested, changed, confirmed in zip(
            applied[f],
            applied[f"{f}_suggested"],
            applied["overridden"],
            applied["confirmed"],
            strict=True,
        ):
            if f in str(changed).split(", "):
                cells.append(tr(lang, f"{used:g}（建议 {suggested:g}，人工调整）",
                                f"{used:g} (suggested {suggested:g}, overridden)"))  # fmt: skip
            elif f in str(confirmed).split(", "):
                cells.append(tr(lang, f"{used:g}（人工确认）", f"{used:g} (confirmed)"))
            else:
                cells.append(f"{used:g}")
        table[f] = cells
    return table


def build_priority(ctx: ReportContext) -> Section:
    """Template 2 with sub-scores suggested from the evidence, stored overrides applied, and
    the 2×2 matrix."""
    lang, data = ctx.lang, method_data(ctx)
    needs = active_needs(ctx.needs)
    if needs.empty:
        return skip("priority", lang, "需求登记表中还没有待评估的需求，本节从略。",
                    "No open need in the register yet; section skipped.")  # fmt: skip
    evidence = evidence_table(ctx, needs, data)
    has = {c: evidence[c].notna().any() for c in ("kano", "segment_value", "trend")}
    scores = suggest_scores(evidence, need="need", frequency="frequency", credibility="credibility",
                            kano="kano" if has["kano"] else None,
                            segment_value="segment_value" if has["segment_value"] else None,
                            trend="trend" if has["trend"] else None)  # fmt: skip
    scores = adjust_scores(scores, needs, verifications(needs, data, lang), lang)
    applied = with_overrides(scores, needs, lang)
    result = priority_matrix(applied, need="_id", lang=lang)
    names = dict(zip(applied["_id"], applied["need"], strict=True))
    result.insert(0, "need", result.pop("_id").map(names))
    section = priority_section(result, "need", lang)
    section.key, section.title = "priority", title("priority", lang)
    section.blocks = [b for b in section.blocks if not isinstance(b, Chart)]  # the 2×2 shows it
    now = result[result["priority"] == "now"]["need"].tolist()
    sep = "、" if lang == "zh" else ", "
    n_set = int((applied["overridden"] != "").sum() + (applied["confirmed"] != "").sum())
    section.blocks[0:0] = [
        Text(tr(lang, "各子项评分（1–5）由证据自动建议：频次=证据条数（按可信度加权后分五档），"
                      "KANO 类别来自问卷中同名属性，客户价值=证据所涉会员的订单金额，"
                      "趋势=证据在后半期相对前半期的增长；核心目标的业务影响与战略匹配记 5 分，"
                      "被行为数据否定的需求其客户价值与市场机会记 1 分。建议值均可人工调整"
                      "（needscope needs score）：人工给出的分数优先于建议值，并在表中标为"
                      "“人工调整”（与建议不同）或“人工确认”（与建议相同）。",
                "Sub-scores (1–5) are suggested from the evidence: frequency = evidence count "
                "(credibility-weighted, in fifths), KANO class from the survey attribute of the "
                "same name, segment value = order spend of the members in the evidence, trend = "
                "growth of evidence in the later half. A core goal gets business impact and "
                "strategic fit 5; a need contradicted by behaviour gets customer value and market "
                "opportunity 1. Every suggestion can be overridden (needscope needs score): a "
                "person's score replaces the suggestion and is marked \"overridden\" (different) "
                "or \"confirmed\" (same) in the tables.")),
        Text(tr(lang, f"建议立即执行：{sep.join(now)}。" if now else "暂无需立即执行的需求。",
                f"Do now: {sep.join(now)}." if now else "No need to do now.")),
    ]  # fmt: skip
    if n_set:
        section.blocks.insert(2, _override_note(applied, lang))
    section.blocks.append(  # after Template 2
        render_block(
            lambda: priority_figure(result, "need", lang=lang),
            tr(lang, "重要性–紧急性矩阵", "Priority matrix"),
        ),
    )
    shown = evidence.copy()
    pattern = "{}（{}）" if lang == "zh" else "{} ({})"
    pairs = zip(evidence["kano"], evidence["kano_attribute"], strict=True)
    shown["kano"] = pd.Series([pattern.format(k, a) if isinstance(k, str) else None
                               for k, a in pairs], index=evidence.index, dtype=object)  # fmt: skip
    section.blocks.append(Table(score_table(applied, lang),
                                caption=tr(lang, "子项评分（1–5）：采用值、建议值与人工调整",
                                           "Sub-scores (1–5): used, suggested and overridden"),
                                sheet=tr(lang, "子项评分", "Sub-scores")))  # fmt: skip
    section.blocks.append(Table(shown.drop(columns=["kano_attribute"]),
                                caption=tr(lang, "评分依据：证据", "Evidence per need"),
                                sheet=tr(lang, "评分依据", "Evidence")))  # fmt: skip
    section.blocks.append(Table(scores.drop(columns=["basis"]),
                                caption=tr(lang, "建议子项评分（1–5）", "Suggested sub-scores (1–5)"),
                                sheet=tr(lang, "建议评分", "Suggested")))  # fmt: skip
    return section


def _override_note(applied: pd.DataFrame, lang: Lang) -> Text:
    """One line per need whose sub-scores a person set: factor, suggestion → value used."""
    parts = []
    for rec in _rows(applied):
        items = []
        for f in FACTORS:
            name = _factor_name(f, lang)
            if f in str(rec["overridden"]).split(", "):
                items.append(f"{name} {rec[f + '_suggested']:g}→{rec[f]:g}")
            elif f in str(rec["confirmed"]).split(", "):
                items.append(
                    tr(lang, f"{name} {rec[f]:g}（确认）", f"{name} {rec[f]:g} (confirmed)")
                )
        if items:
            sep = "、" if lang == "zh" else ", "
            parts.append(tr(lang, f"【{rec['need']}】{sep.join(items)}",
                            f"{rec['need']}: {sep.join(items)}"))  # fmt: skip
    head = tr(lang, "人工评分（优先于建议值）：", "Scores set by a person (replace suggestions): ")
    return Text(head + ("；".join(parts) if lang == "zh" else "; ".join(parts)))


__all__ = [
    "active_needs",
    "adjust_scores",
    "build_priority",
    "build_verification",
    "evidence_table",
    "score_table",
    "stored",
    "stored_column",
    "verifications",
    "with_overrides",
]
