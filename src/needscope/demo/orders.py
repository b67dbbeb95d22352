"""Members (customers.csv) and orders (orders.csv) with realistic repurchase and serving times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from needscope.demo.config import (
    DISTRICTS,
    LAUNCH_DATE,
    LAUNCH_STORES,
    RETURN_BOOST,
    RETURN_GAP_DAYS,
    STORES,
)
from needscope.demo.world import HOUR_WEIGHTS, PEAK_HOURS, World, choose, draw

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55+")
INCOMES = ("<5千", "5千-1万", "1-2万", "2万+")
EDUCATION = ("高中及以下", "大专", "本科", "硕士及以上")
TIERS = ("普通", "银卡", "金卡")
REG_CHANNELS = ("小程序", "美团", "门店")
CHANNELS = ("堂食", "外卖", "小程序点餐")
REPEAT_P = {"new": 0.20, "old": 0.42}
"""Chance that a member comes back at least once, by the kind of their home store."""

CUSTOMER_COLUMNS = (
    "会员编号",
    "年龄段",
    "性别",
    "月收入",
    "学历",
    "会员等级",
    "城市区域",
    "注册渠道",
)
ORDER_COLUMNS = (
    "订单号",
    "会员编号",
    "下单时间",
    "门店",
    "渠道",
    "人数",
    "金额",
    "上菜时长(分钟)",
)

_INCOME_BY_AGE = (
    (0.45, 0.40, 0.12, 0.03),
    (0.15, 0.45, 0.30, 0.10),
    (0.10, 0.35, 0.35, 0.20),
    (0.15, 0.40, 0.30, 0.15),
    (0.35, 0.40, 0.18, 0.07),
)
_EDU_BY_AGE = (
    (0.12, 0.30, 0.50, 0.08),
    (0.08, 0.22, 0.52, 0.18),
    (0.15, 0.25, 0.45, 0.15),
    (0.30, 0.30, 0.32, 0.08),
    (0.50, 0.25, 0.20, 0.05),
)


@dataclass
class Customers:
    """Member attributes, index-aligned."""

    ids: list[str]
    age: list[int]
    home: list[int]
    rows: list[list[str]]


@dataclass
class Orders:
    """Orders sorted by time; ``member`` is -1 for walk-ins, ``serving`` NaN for delivery."""

    ids: list[str]
    member: list[int]
    ts: list[datetime]
    store: list[int]
    channel: list[str]
    party: list[int]
    amount: list[float]
    serving: list[float]
    serving_without_launch: list[float]
    """What ``serving`` would have been without the launch (same random draws)."""
    launch_extra: list[bool]
    """Return visits that exist only because of the launch."""

    def rows(self, customers: Customers) -> list[list[str]]:
        """Rows of orders.csv."""
        out = []
        for i in range(len(self.ids)):
            member = customers.ids[self.member[i]] if self.member[i] >= 0 else ""
            serving = "" if np.isnan(self.serving[i]) else str(int(self.serving[i]))
            out.append(
                [
                    self.ids[i],
                    member,
                    self.ts[i].strftime("%Y-%m-%d %H:%M:%S"),
                    STORES[self.store[i]].name,
                    self.channel[i],
                    str(self.party[i]),
                    f"{self.amount[i]:.2f}",
                    serving,
                ]
            )
        return out


def store_totals(world: World) -> list[float]:
    """Total relative volume of each store over the period."""
    return [float(world.volume[s].sum()) for s in range(len(STORES))]


def make_customers(rng: np.random.Generator, world: World, n: int) -> Customers:
    """Draw ``n`` members with a home store and segment attributes."""
    home = draw(rng, store_totals(world), n)
    age = draw(rng, (0.18, 0.36, 0.24, 0.13, 0.09), n)
    ids, rows = [], []
    for i in range(n):
        a = int(age[i])
        district = STORES[int(home[i])].district
        if rng.random() > 0.6:
            district = DISTRICTS[int(rng.integers(len(DISTRICTS)))]
        ids.append(f"M{i + 1:06d}")
        rows.append(
            [
                ids[-1],
                AGE_BANDS[a],
                "女" if rng.random() < 0.55 else "男",
                INCOMES[choose(rng, _INCOME_BY_AGE[a])],
                EDUCATION[choose(rng, _EDU_BY_AGE[a])],
                "",  # tier, set from order counts
                district,
                REG_CHANNELS[choose(rng, (0.5, 0.25, 0.25))],
            ]
        )
    return Customers(ids=ids, age=[int(x) for x in age], home=[int(h) for h in home], rows=rows)


def _channel(rng: np.random.Generator, store: int, member: bool) -> str:
    new = STORES[store].new
    if member:
        p = (0.45, 0.20, 0.35) if new else (0.55, 0.20, 0.25)
    else:
        p = (0.52, 0.36, 0.12) if new else (0.60, 0.34, 0.06)
    return CHANNELS[choose(rng, p)]


def _serving(
    rng: np.random.Generator, world: World, store: int, day: int, hour: int, n: int
) -> tuple[float, float]:
    """Serving minutes of one order, with and without the launch's shift."""
    base = world.serving[store, day] + PEAK_HOURS.get(hour, 0.0) + 0.6 * max(0, n - 3)
    noise = rng.lognormal(0.0, 0.22)
    without = base - world.launch_shift[store, day]
    return float(max(5, round(base * noise))), float(max(5, round(without * noise)))


def _launch_returns(
    rng: np.random.Generator, world: World, cells: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """Return visits brought by members' post-launch visits to launch stores."""
    first = world.days.index(LAUNCH_DATE)
    treated = {s for s, st in enumerate(STORES) if st.name in LAUNCH_STORES}
    extra = []
    for m, s, d in cells:
        if m >= 0 and s in treated and d >= first and rng.random() < RETURN_BOOST:
            gap = int(rng.integers(*RETURN_GAP_DAYS))
            if d + gap < world.n_days:
                extra.append((m, s, d + gap))
    return extra


def make_orders(rng: np.random.Generator, world: World, customers: Customers, n: int) -> Orders:
    """Draw about ``n`` orders: members' visits (repurchase from recurrence) plus walk-ins."""
    totals = store_totals(world)
    plan: list[tuple[int, int]] = []  # (member, store)
    n_member = np.zeros(len(customers.ids), dtype=np.int64)
    for m, home in enumerate(customers.home):
        if rng.random() < 0.08:
            continue  # registered, did not order in the period
        new = STORES[home].new
        visits = 1
        if rng.random() < REPEAT_P["new" if new else "old"]:
            visits += 1 + int(rng.poisson(1.2 if new else 2.2))
        for _ in range(visits):
            store = home if rng.random() < 0.88 else choose(rng, totals)
            plan.append((m, store))
        n_member[m] = visits
    n_walk = max(n - len(plan), n // 5)
    walk_cells = draw(rng, world.volume.ravel(), n_walk)
    member_days = [0] * len(plan)
    for s in range(len(STORES)):
        at = [k for k, (_, st) in enumerate(plan) if st == s]
        for k, d in zip(at, draw(rng, world.day_weights(s), len(at)), strict=True):
            member_days[k] = int(d)
    cells = [(m, s, d) for (m, s), d in zip(plan, member_days, strict=True)]
    cells += [(-1, int(c) // world.n_days, int(c) % world.n_days) for c in walk_cells]
    extra = _launch_returns(rng, world, cells)
    for m, _, _ in extra:
        n_member[m] += 1
    flags = [False] * len(cells) + [True] * len(extra)
    raw: list[tuple[datetime, int, int, str, int, float, float, float, bool]] = []
    for (m, s, d), is_extra in zip(cells + extra, flags, strict=True):
        channel = _channel(rng, s, m >= 0)
        hour = choose(rng, HOUR_WEIGHTS[channel])
        ts = world.moment(rng, d, hour)
        if channel == "外卖":
            party = choose(rng, (0.5, 0.35, 0.1, 0.05)) + 1
            per_head = 45.0 * rng.lognormal(0.0, 0.25)
            serving = without = float("nan")
        else:
            w = (0.05, 0.30, 0.18, 0.22, 0.10, 0.07, 0.03, 0.02, 0.015, 0.015)
            party = choose(rng, w) + 1
            per_head = 80.0 * rng.lognormal(0.0, 0.28)
            serving, without = _serving(rng, world, s, d, hour, party)
        amount = round(per_head * party, 1)
        raw.append((ts, m, s, channel, party, amount, serving, without, is_extra))
    raw.sort(key=lambda r: (r[0], r[2], r[1]))
    ids: list[str] = []
    seq: dict[str, int] = {}
    for r in raw:
        key = r[0].strftime("%y%m%d")
        seq[key] = seq.get(key, 0) + 1
        ids.append(f"O{key}{seq[key]:04d}")
    for m, count in enumerate(n_member):
        tier = "金卡" if count >= 5 else "银卡" if count >= 3 else "普通"
        if rng.random() < 0.1:
            tier = TIERS[int(rng.integers(3))]
        customers.rows[m][5] = tier
    return Orders(
        ids=ids,
        member=[r[1] for r in raw],
        ts=[r[0] for r in raw],
        store=[r[2] for r in raw],
        channel=[r[3] for r in raw],
        party=[r[4] for r in raw],
        amount=[r[5] for r in raw],
        serving=[r[6] for r in raw],
        serving_without_launch=[r[7] for r in raw],
        launch_extra=[r[8] for r in raw],
    )


__all__ = [
    "AGE_BANDS",
    "CHANNELS",
    "CUSTOMER_COLUMNS",
    "EDUCATION",
    "INCOMES",
    "ORDER_COLUMNS",
    "REPEAT_P",
    "TIERS",
    "Customers",
    "Orders",
    "make_customers",
    "make_orders",
    "store_totals",
]
