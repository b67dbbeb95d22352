"""Qualitative sources: interview notes, on-site observations and frontline staff feedback."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from needscope.demo.config import DISHES, STORES, Store
from needscope.demo.phrases_ops import OBSERVATIONS, STAFF_FEEDBACK, STAFF_ROLES, STAGES
from needscope.demo.phrases_talk import (
    AREA_MANAGERS,
    CUSTOMER_NAMES_EN,
    CUSTOMER_NAMES_ZH,
    DIRECTORS,
    FIXED_INTERVIEWS,
    INTERVIEW_NOTES,
    INTERVIEW_NOTES_EN,
    STORE_MANAGERS,
)
from needscope.demo.world import choose, pick, to_traditional

OBSERVATION_COLUMNS = ("日期", "门店", "观察员", "环节", "观察记录", "停留时长(分钟)")
STAFF_KEYS = ("编号", "日期", "门店", "岗位", "反馈内容")
OBSERVERS = ("张敏", "李想", "王磊", "赵琳")
FIELDWORK_START = date(2026, 1, 5)
FIELDWORK_END = date(2026, 2, 13)

_NOTE_PREFIXES = ("", "", "受访者表示：", "据{name}介绍，", "{name}：", "（现场访谈）")
_NOTE_SUFFIXES = (
    "",
    "",
    "建议后续用数据核实。",
    "（追问：主要在哪个时段？答：晚市为主。）",
    "（受访者语气比较急）",
    "受访者希望尽快看到改进。",
    "（已记录原话）",
)
_STAFF_PREFIXES = ("", "", "最近", "这周", "{md}晚市，", "{md}午市，", "说实话，")
_STAFF_SUFFIXES = (
    "。",
    "。",
    "，希望总部考虑。",
    "，建议尽快解决。",
    "，已经跟店长反映过。",
    "，大家都有同感。",
)
_OBS_SUFFIXES = ("", "", "", "，已拍照记录", "，当天同类情况出现{c}次", "，持续约{c}分钟")
_STAY = {  # stage -> (low, high) minutes spent
    "了解": (1, 8),
    "排队": (5, 75),
    "到店": (1, 5),
    "点餐": (3, 15),
    "用餐": (35, 95),
    "结账": (2, 10),
    "离店": (1, 3),
}
_STAGE_P = (0.08, 0.18, 0.10, 0.20, 0.24, 0.10, 0.10)


def _scope_ok(scope: str, store: Store) -> bool:
    if scope == "new":
        return store.new
    if scope == "old":
        return not store.new
    if scope == "tourist":
        return store.tourists > 0.2
    return True


def _fieldwork_day(rng: np.random.Generator, start: date, end: date) -> date:
    while True:
        day = start + timedelta(days=int(rng.integers((end - start).days + 1)))
        if day.weekday() < 5 or rng.random() < 0.5:
            return day


def _store_index(rng: np.random.Generator, new_bias: float = 1.6) -> int:
    w = [s.volume * (new_bias if s.new else 1.0) for s in STORES]
    return choose(rng, w)


def _slots(rng: np.random.Generator, store: Store) -> dict[str, object]:
    return {
        "store": store.name,
        "dish": pick(rng, DISHES)[0],
        "m": int(rng.integers(20, 46)),
        "mo": int(rng.integers(8, 14)),
        "q": int(rng.integers(10, 31)),
        "t": int(rng.integers(6, 11)),
        "pct": 5 * int(rng.integers(6, 10)),
        "c": int(rng.integers(2, 9)),
    }


def make_interviews(rng: np.random.Generator, n: int) -> list[dict[str, Any]]:
    """The fixed key statements plus ``n`` minus their number generated interview notes."""
    items: list[tuple[str, str, str, str, str]] = list(FIXED_INTERVIEWS)
    roles, role_p = ("店长", "顾客", "区域经理", "总监"), (0.38, 0.40, 0.14, 0.08)
    while len(items) < n:
        role = "店长" if len(items) < len(FIXED_INTERVIEWS) + 2 else roles[choose(rng, role_p)]
        s = _store_index(rng)
        store = STORES[s]
        slots = _slots(rng, store)
        day = _fieldwork_day(rng, date(2026, 1, 7), FIELDWORK_END).isoformat()
        if role == "顾客" and rng.random() < 0.06 + 0.5 * store.tourists:
            name = f"{pick(rng, CUSTOMER_NAMES_EN)} (visitor)"
            note = pick(rng, INTERVIEW_NOTES_EN).format(**slots)
            items.append((day, name, role, store.name, note))
            continue
        if role == "店长":
            name = f"{STORE_MANAGERS[store.name]}（店长）"
        elif role == "区域经理":
            name = f"{pick(rng, AREA_MANAGERS)}（区域经理）"
        elif role == "总监":
            name = pick(rng, DIRECTORS)
        else:
            name = f"顾客（{pick(rng, CUSTOMER_NAMES_ZH)}）"
        place = "总部" if role == "总监" else store.name
        fits = [t for sc, t in INTERVIEW_NOTES[role] if _scope_ok(sc, store)]
        body = pick(rng, fits).format(**slots)
        short = name.split("（")[0]
        note = pick(rng, _NOTE_PREFIXES).format(name=short) + body
        suffix = pick(rng, _NOTE_SUFFIXES)
        if len(note + suffix) <= 120:
            note += suffix
        extras = [x for x in _NOTE_SUFFIXES if x and x not in note]
        while len(note) < 40 and extras:
            note += extras.pop(int(rng.integers(len(extras))))
        if role == "顾客" and rng.random() < 0.12:
            note = to_traditional(note)
        items.append((day, name, role, place, note))
    fixed = items[: len(FIXED_INTERVIEWS)]
    rest = sorted(items[len(FIXED_INTERVIEWS) :], key=lambda x: (x[0], x[3], x[4]))
    ordered = fixed + rest
    keys = ("date", "interviewee", "role", "store", "notes")
    return [
        {"id": f"INT{k:03d}", **dict(zip(keys, it, strict=True))}
        for k, it in enumerate(ordered, start=1)
    ]


def make_observations(rng: np.random.Generator, n: int) -> list[list[object]]:
    """``n`` on-site observation records along the customer journey."""
    rows: list[tuple[str, int, str, int, str, int]] = []
    for k in range(n):
        s = _store_index(rng, 2.0)
        store = STORES[s]
        stage_i = k if k < len(STAGES) else choose(rng, _STAGE_P)
        stage = STAGES[stage_i]
        slots = _slots(rng, store)
        fits = [t for sc, t in OBSERVATIONS[stage] if _scope_ok(sc, store)]
        body = pick(rng, fits).format(**slots)
        lunch = "午市" in body
        hour = pick(rng, (11, 12, 12, 13) if lunch else (11, 12, 12, 13, 17, 18, 18, 19, 20))
        clock = f"{hour}:{int(rng.integers(60)):02d}，"
        text = clock + body + pick(rng, _OBS_SUFFIXES).format(**slots)
        lo, hi = _STAY[stage]
        stay = int(rng.integers(lo, hi + 1))
        when = _fieldwork_day(rng, FIELDWORK_START, FIELDWORK_END)
        while "周末" in body and when.weekday() < 5:
            when = _fieldwork_day(rng, FIELDWORK_START, FIELDWORK_END)
        day = when.isoformat()
        rows.append((day, s, pick(rng, OBSERVERS), stage_i, text, stay))
    rows.sort(key=lambda r: (r[0], r[1], r[3], r[4]))
    return [[d, STORES[s].name, who, STAGES[st], t, m] for d, s, who, st, t, m in rows]


def make_staff_feedback(
    rng: np.random.Generator, n: int, start: date, end: date
) -> list[dict[str, Any]]:
    """``n`` frontline staff remarks between ``start`` and ``end``."""
    items: list[tuple[str, int, str, str]] = []
    role_p = (0.35, 0.15, 0.18, 0.10, 0.12, 0.10)
    while len(items) < n:
        s = _store_index(rng)
        store = STORES[s]
        role = STAFF_ROLES[choose(rng, role_p)]
        fits = [t for sc, t in STAFF_FEEDBACK[role] if _scope_ok(sc, store)]
        if not fits:
            continue
        first = max(start, store.opened + timedelta(days=7))
        day = _fieldwork_day(rng, first, end)
        slots = _slots(rng, store)
        slots["md"] = f"{day.month}月{day.day}日"
        body = pick(rng, fits).format(**slots)
        prefix = pick(rng, _STAFF_PREFIXES)
        if "{md}" in prefix and ("市" in body or "周末" in body):
            prefix = ""
        text = prefix.format(**slots) + body
        text += pick(rng, _STAFF_SUFFIXES)
        items.append((day.isoformat(), s, role, text))
    items.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    return [
        dict(zip(STAFF_KEYS, (f"SF{k:04d}", d, STORES[s].name, role, t), strict=True))
        for k, (d, s, role, t) in enumerate(items, start=1)
    ]


__all__ = [
    "OBSERVATION_COLUMNS",
    "OBSERVERS",
    "STAFF_KEYS",
    "make_interviews",
    "make_observations",
    "make_staff_feedback",
]
