"""Personas built from customer segments: who they are, what they need, say and use.

A persona is a segment of customers: an RFM segment (``by="rfm"``, from the orders) or a
customer attribute (``by="tier"``, ``"age_band"``…).  The segments with the most spend (RFM)
or the most customers (attributes) are kept, each with at least ``MIN_SIZE`` customers.

* **facts** — size and, when orders exist, mean recency, visits and spend; the commonest age
  band, tier and gender with their shares;
* **needs** — the need texts of the pack tags most often named as problems in the segment's
  records (all tags when there are no problems);
* **expectations** — what the segment praises: the tags most often in its positive records;
* **quotes** — a typical negative and a typical positive record of the segment;
* **channels** — how the segment orders (an order column such as 渠道/channel), by share.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from needscope.journey.model import Bi, Persona, Quote
from needscope.journey.segments import FIELD_NAMES
from needscope.model.vocab import Lang, RfmSegment

MIN_SIZE = 30
"""Fewest customers a persona stands for."""
MAX_PERSONAS = 4
ATTRIBUTE_FACTS = ("age_band", "tier", "gender")
_ORDER_CHANNEL = re.compile(r"渠道|channel|方式|order.?type|下单", re.I)


def rfm_table(orders: pd.DataFrame) -> pd.DataFrame:
    """RFM scores and segment per customer (empty without customer, time and amount)."""
    from needscope.methods.rfm import rfm

    cols = {"customer_key", "ts", "amount"}
    if orders is None or orders.empty or not cols <= set(orders.columns):
        return pd.DataFrame(columns=["customer_key", "segment"])
    known = orders.dropna(subset=["customer_key", "ts", "amount"])
    if known.empty:
        return pd.DataFrame(columns=["customer_key", "segment"])
    return rfm(known, customer="customer_key", date="ts", amount="amount")


def rfm_segments(orders: pd.DataFrame) -> dict[str, str]:
    """Customer key → RFM segment value."""
    table = rfm_table(orders)
    return {str(k): str(v) for k, v in zip(table["customer_key"], table["segment"], strict=True)}


def _top_share(values: pd.Series) -> tuple[str, float] | None:
    counts = values.dropna().astype(str).value_counts()
    if counts.empty:
        return None
    return str(counts.index[0]), float(counts.iloc[0] / counts.sum())


def _tag_counts(frame: pd.DataFrame, col: str) -> Counter[str]:
    if col not in frame.columns:
        return Counter()
    return Counter(str(t) for ts in frame[col] if isinstance(ts, list | tuple) for t in ts)


def _need(pack: Any, tag: str) -> Bi | None:
    try:
        t = pack.tag(tag)
    except (KeyError, AttributeError):
        return None
    zh, en = t.need_text("zh"), t.need_text("en")
    return Bi(zh, en) if zh or en else None


def _tag_label(pack: Any, tag: str) -> Bi:
    try:
        t = pack.tag(tag)
    except (KeyError, AttributeError):
        return Bi(tag, tag)
    return Bi(t.zh, t.en)


def _ranked_tags(counts: Counter[str], skip: Iterable[str] = ("other",)) -> list[str]:
    banned = set(skip)
    return [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if t not in banned]


def _quotes(frame: pd.DataFrame) -> tuple[Quote, ...]:
    """A typical negative and a typical positive record (score nearest the side's median)."""
    if frame.empty or "sentiment" not in frame.columns:
        return ()
    text = frame["text_masked"] if "text_masked" in frame.columns else frame["text"]
    out = []
    for label in ("negative", "positive"):
        side = frame[(frame["sentiment"] == label) & text.notna()]
        if side.empty:
            continue
        score = pd.to_numeric(side["sentiment_score"], errors="coerce")
        length = text.loc[side.index].astype(str).str.len()
        order = pd.DataFrame(
            {"bad": ~length.between(6, 90), "d": (score - score.median()).abs().fillna(9.0),
             "id": side["id"]}
        ).sort_values(["bad", "d", "id"], kind="stable")  # fmt: skip
        i = order.index[0]
        s = score.loc[i]
        rid: Any = side.at[i, "id"]
        out.append(Quote(int(rid), str(text.loc[i]), None if pd.isna(s) else float(s)))
    return tuple(out)


def _channels(orders: pd.DataFrame, keys: set[str]) -> tuple[str, ...]:
    """Order channels of the customers ``keys`` by share (``堂食 62%``)."""
    if orders is None or orders.empty:
        return ()
    col = next(
        (c for c in orders.columns
         if isinstance(c, str) and c != "channel" and _ORDER_CHANNEL.search(c)),
        None,
    )  # fmt: skip
    col = col or ("channel" if "channel" in orders.columns else None)
    if col is None:
        return ()
    mine = orders[orders["customer_key"].astype("string").isin(keys).fillna(False).astype(bool)]
    counts = mine[col].dropna().astype(str).value_counts()
    total = counts.sum()
    return (
        tuple(f"{k} {100.0 * v / total:.0f}%" for k, v in counts.head(3).items()) if total else ()
    )


def _attribute_facts(customers: pd.DataFrame, keys: set[str]) -> list[Bi]:
    if customers is None or customers.empty or "key" not in customers.columns:
        return []
    mine = customers[customers["key"].astype(str).isin(keys)]
    facts = []
    for col in ATTRIBUTE_FACTS:
        if col not in mine.columns:
            continue
        top = _top_share(mine[col])
        if top is None:
            continue
        value, share = top
        zh, en = FIELD_NAMES[col]
        facts.append(
            Bi(f"{zh}以 {value} 为主（{share:.0%}）", f"{en}: mostly {value} ({share:.0%})")
        )
    return facts


def _rfm_facts(table: pd.DataFrame) -> list[Bi]:
    if table.empty or "recency_days" not in table.columns:
        return []
    r, f = float(table["recency_days"].mean()), float(table["frequency"].mean())
    m = float(table["monetary"].mean())
    return [
        Bi(f"平均 {r:.0f} 天前最近一次消费", f"Last visit {r:.0f} days ago on average"),
        Bi(f"人均消费 {f:.1f} 次、{m:,.0f} 元", f"{f:.1f} visits and {m:,.0f} spent each"),
    ]


def _persona(
    pid: str,
    name: Bi,
    segment: Bi,
    keys: set[str],
    total: int,
    text: pd.DataFrame,
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    table: pd.DataFrame,
    pack: Any,
) -> Persona:
    mine = text[text["customer_key"].astype("string").isin(keys).fillna(False).astype(bool)]
    problems = _tag_counts(mine, "problem_tags") or _tag_counts(mine, "tags")
    needs = [b for b in (_need(pack, t) for t in _ranked_tags(problems)) if b][:3]
    positive = mine[mine["sentiment"] == "positive"] if "sentiment" in mine.columns else mine
    praised = _ranked_tags(_tag_counts(positive, "tags"))[:3]
    expectations = [
        Bi(f"看重{_tag_label(pack, t).zh}", f"Values {_tag_label(pack, t).en.lower()}")
        for t in praised
    ]
    facts = [
        *_rfm_facts(
            table[table["customer_key"].astype(str).isin(keys)] if not table.empty else table
        ),
        *_attribute_facts(customers, keys),
        Bi(f"{len(mine)} 条相关反馈", f"{len(mine)} pieces of feedback"),
    ]
    return Persona(
        id=pid,
        name=name,
        segment=segment,
        size=len(keys),
        share=len(keys) / total if total else 0.0,
        facts=tuple(facts),
        needs=tuple(dict.fromkeys(needs)),
        expectations=tuple(expectations),
        quotes=_quotes(mine),
        channels=_channels(orders, keys),
    )


def build_personas(
    text_frame: pd.DataFrame,
    customers: pd.DataFrame | None,
    orders: pd.DataFrame | None,
    *,
    pack: Any,
    by: str = "rfm",
    max_personas: int = MAX_PERSONAS,
    min_size: int = MIN_SIZE,
    lang: Lang = "zh",
) -> tuple[Persona, ...]:
    """Personas from RFM segments (``by="rfm"``) or a customer attribute (``by="tier"``…)."""
    text = (
        text_frame if "customer_key" in text_frame.columns else text_frame.assign(customer_key=None)
    )
    cust = customers if customers is not None else pd.DataFrame(columns=["key"])
    ords = orders if orders is not None else pd.DataFrame()
    table = rfm_table(ords)
    groups: list[tuple[str, Bi, Bi, set[str], float]] = []
    if by == "rfm":
        if table.empty:
            return ()
        total = len(table)
        for seg in RfmSegment:
            sub = table[table["segment"] == seg.value]
            if len(sub) >= min_size:
                name = Bi(seg.label("zh"), seg.label("en"))
                label = Bi(f"RFM 分群：{seg.label('zh')}", f"RFM segment: {seg.label('en')}")
                spend = float(sub["monetary"].sum())
                groups.append(
                    (f"rfm_{seg.value}", name, label, set(sub["customer_key"].astype(str)), spend)
                )
    else:
        if cust.empty or by not in cust.columns:
            raise ValueError(f"customers have no attribute {by!r}")
        total = int(cust["key"].nunique())
        zh, en = FIELD_NAMES.get(by, (by, by))
        for value, sub in cust.dropna(subset=[by]).groupby(by, sort=True):
            if len(sub) >= min_size:
                keys = set(sub["key"].astype(str))
                groups.append((f"{by}_{value}", Bi(f"{zh}：{value}", f"{en}: {value}"),
                               Bi(f"{zh}={value}", f"{en} = {value}"), keys, float(len(keys))))  # fmt: skip
    groups.sort(key=lambda g: (-g[4], g[0]))
    return tuple(
        _persona(pid, name, label, keys, total, text, cust, ords, table, pack)
        for pid, name, label, keys, _ in groups[:max_personas]
    )


__all__ = ["MAX_PERSONAS", "MIN_SIZE", "build_personas", "rfm_segments", "rfm_table"]
