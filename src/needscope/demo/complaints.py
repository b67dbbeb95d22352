"""Complaint tickets (complaints.csv) drawn from orders, so slow orders breed 上菜慢 tickets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from needscope.demo.config import DISHES, LAUNCH_DATE, LAUNCH_STORES, PERIOD_END, STORES, Store
from needscope.demo.orders import Customers, Orders
from needscope.demo.phrases_ops import (
    COMPLAINT_ASKS_ZH,
    COMPLAINT_CATEGORIES,
    COMPLAINT_EXTRAS,
    COMPLAINT_PREFIXES_ZH,
    COMPLAINTS_EN,
    COMPLAINTS_ZH,
    PENDING,
    RESOLUTIONS,
)
from needscope.demo.world import FloatArray, pick, to_traditional

COMPLAINT_COLUMNS = (
    "工单号",
    "会员编号",
    "创建时间",
    "门店",
    "投诉类别",
    "严重程度",
    "投诉内容",
    "处理结果",
)
COMPLAINT_TRUTH_COLUMNS = ("工单号", "投诉类别", "语言", "aspects")

_BASE = {  # per-order base rate of each category other than 上菜慢
    "等位时间长": 0.008,
    "服务态度": 0.010,
    "菜品质量": 0.012,
    "价格": 0.006,
    "环境卫生": 0.006,
    "停车": 0.004,
    "点餐系统": 0.003,
    "其他": 0.005,
}
_PARKING = {"新街口店": 2.5, "河西万达店": 1.5, "江北新区店": 2.0, "奥体中心店": 1.5}
_QUEUE = {"夫子庙店": 1.8, "新街口店": 1.4}
MIN_LEN, MAX_LEN = 20, 120
LAUNCH_ORDERING_FACTOR = 3.0
"""After the launch, QR ordering is required at the launch stores: 点餐系统 tickets rise."""
SLOW_RATE = 0.03
"""上菜慢 weight per (minute of serving time above 15) ** 1.5."""


def _patience(store: Store, ts: datetime) -> float:
    """How readily a slow meal becomes a ticket (old regulars tolerant; new-store goodwill fades)."""
    if not store.new:
        return 0.15
    age = (ts.date() - store.opened).days
    return 0.1 + 0.9 * min(1.0, age / 100)


@dataclass
class Complaints:
    """Complaint rows and their ground truth, sorted by creation time."""

    rows: list[list[str]]
    truth: list[list[str]]


def category_weights(orders: Orders) -> FloatArray:
    """(order, category) weights of a complaint."""
    n = len(orders.ids)
    w = np.zeros((n, len(COMPLAINT_CATEGORIES)))
    for i in range(n):
        store = STORES[orders.store[i]]
        channel = orders.channel[i]
        delivery = channel == "外卖"
        hour, weekend = orders.ts[i].hour, orders.ts[i].weekday() >= 5
        row = dict(_BASE)
        if delivery:
            row.update({"等位时间长": 0.0, "环境卫生": 0.0, "停车": 0.0, "其他": 0.012})
            row["菜品质量"] *= 1.3
            slow = 0.004
        else:
            slow = SLOW_RATE * max(0.0, orders.serving[i] - 15.0) ** 1.5
            slow *= _patience(store, orders.ts[i])
            peak = 1.5 if hour in (11, 12, 13, 17, 18, 19) else 0.2
            row["等位时间长"] *= (1.6 if weekend else 1.0) * peak * _QUEUE.get(store.name, 1.0)
            row["停车"] *= _PARKING.get(store.name, 1.0)
        if channel == "小程序点餐":
            row["点餐系统"] = 0.012
        if store.new:
            row["服务态度"] *= 1.6
            row["点餐系统"] *= 1.5
            row["环境卫生"] *= 0.5
            row["等位时间长"] *= 0.8
        if store.tourists > 0.2:
            row["价格"] *= 1.4
        if not delivery and store.name in LAUNCH_STORES and orders.ts[i].date() >= LAUNCH_DATE:
            row["点餐系统"] = max(row["点餐系统"], 0.006) * LAUNCH_ORDERING_FACTOR
        w[i, 0] = slow
        for c, cat in enumerate(COMPLAINT_CATEGORIES[1:], start=1):
            w[i, c] = row[cat]
    return w


def _severity(rng: np.random.Generator, cat: str, aspect: str, minutes: float) -> str:
    if cat == "上菜慢" and not np.isnan(minutes):
        level = "高" if minutes >= 35 else "中" if minutes >= 25 else "低"
        return level if rng.random() > 0.1 else ("中" if level != "中" else "低")
    if aspect == "food.freshness":
        return "高" if rng.random() < 0.6 else "中"
    p = (0.2, 0.6, 0.2) if cat == "服务态度" else (0.1, 0.4, 0.5)
    u = rng.random()
    return "高" if u < p[0] else "中" if u < p[0] + p[1] else "低"


def _text(
    rng: np.random.Generator, cat: str, lang: str, orders: Orders, i: int
) -> tuple[str, list[str]]:
    store = STORES[orders.store[i]]
    delivery = orders.channel[i] == "外卖"
    bank = COMPLAINTS_EN[cat] if lang == "en" else COMPLAINTS_ZH[cat]
    fits = [t for t in bank if ("外卖" in t[1]) == delivery] or [
        t for t in bank if "外卖" not in t[1]
    ]
    aspect, template = pick(rng, fits)
    d1 = int(rng.integers(len(DISHES)))
    d2 = (d1 + 1 + int(rng.integers(len(DISHES) - 1))) % len(DISHES)
    minutes = orders.serving[i]
    ts = orders.ts[i]
    slots = {
        "store": store.name_en if lang == "en" else store.name,
        "min": int(rng.integers(50, 90)) if np.isnan(minutes) else int(minutes),
        "n": orders.party[i],
        "dish": DISHES[int(d1)][1 if lang == "en" else 0],
        "dish2": DISHES[int(d2)][1 if lang == "en" else 0],
        "wait": 5 * int(rng.integers(6, 19)),
        "amount": int(rng.integers(10, 60)),
        "day": f"{ts.month}月{ts.day}日",
        "meal": "中午" if ts.hour < 15 else "晚上",
    }
    text = template.format(**slots)
    if lang != "en":
        prefix = pick(rng, COMPLAINT_PREFIXES_ZH).format(**slots)
        told = text.startswith(("顾客", "客户")) or str(slots["day"]) in text
        if not told and not (prefix.startswith(str(slots["day"])) and str(slots["meal"]) in text):
            text = prefix + text
    aspects = [aspect]
    extras = [e for e in COMPLAINT_EXTRAS if cat in e[3] and e[0] != aspect]
    if extras and rng.random() < 0.25:
        extra = pick(rng, extras)
        more = (", " + extra[2]) if lang == "en" else ("，" + extra[1])
        if len(text + more) < MAX_LEN - 8:
            text += more
            aspects.append(extra[0])
    asks = list(COMPLAINT_ASKS_ZH)
    room = len(text) < MAX_LEN - 8
    if lang != "en" and ((rng.random() < 0.5 and room) or len(text) < MIN_LEN - 1):
        text += "，" + asks.pop(int(rng.integers(len(asks))))
    while lang != "en" and len(text) < MIN_LEN - 1:
        text += "，" + asks.pop(int(rng.integers(len(asks))))
    text += "." if lang == "en" else "。"
    return text, aspects


def make_complaints(
    rng: np.random.Generator, orders: Orders, customers: Customers, n: int
) -> Complaints:
    """Draw ``n`` complaint tickets from the orders, weighted by category rates."""
    w = category_weights(orders)
    flat = w.ravel()
    n = min(n, int(np.count_nonzero(flat)))
    picks = rng.choice(flat.size, size=n, replace=False, p=flat / flat.sum())
    end = datetime.combine(PERIOD_END, datetime.max.time()).replace(microsecond=0)
    items = []
    for k in sorted(int(p) for p in picks):
        i, c = divmod(k, len(COMPLAINT_CATEGORIES))
        cat = COMPLAINT_CATEGORIES[c]
        store = STORES[orders.store[i]]
        u = rng.random()
        lang = "en" if u < 0.03 + 0.1 * store.tourists else "zh"
        if lang == "zh" and rng.random() < 0.03 + 0.1 * store.tourists:
            lang = "zh-Hant"
        text, aspects = _text(rng, cat, lang, orders, i)
        if lang == "zh-Hant":
            text = to_traditional(text)
        delay = timedelta(minutes=20 + float(rng.exponential(300.0)))
        if orders.ts[i] + delay > end:
            delay = (end - orders.ts[i]) * float(rng.random())
        created = orders.ts[i] + delay
        member = orders.member[i]
        member_id = customers.ids[member] if member >= 0 and rng.random() < 0.9 else ""
        severity = _severity(rng, cat, aspects[0], orders.serving[i])
        recent = (end - created).days < 5
        result = PENDING if recent and rng.random() < 0.7 else pick(rng, RESOLUTIONS)
        items.append((created, store.name, member_id, cat, severity, text, result, lang, aspects))
    items.sort(key=lambda x: (x[0], x[1], x[5]))
    rows, truth = [], []
    seq: dict[str, int] = {}
    for created, store_name, member_id, cat, sev, text, result, lang, aspects in items:
        key = created.strftime("%y%m%d")
        seq[key] = seq.get(key, 0) + 1
        ticket = f"TS{key}{seq[key]:03d}"
        stamp = created.strftime("%Y-%m-%d %H:%M")
        rows.append([ticket, member_id, stamp, store_name, cat, sev, text, result])
        truth.append([ticket, cat, lang, "|".join(f"{a}:negative" for a in aspects)])
    return Complaints(rows=rows, truth=truth)


__all__ = [
    "COMPLAINT_COLUMNS",
    "COMPLAINT_TRUTH_COLUMNS",
    "LAUNCH_ORDERING_FACTOR",
    "SLOW_RATE",
    "Complaints",
    "category_weights",
    "make_complaints",
]
