"""Member survey (survey.xlsx): satisfaction, NPS, CES, KANO pairs, SERVQUAL and suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from needscope.demo.config import DISHES, STORES
from needscope.demo.orders import Customers
from needscope.demo.phrases_talk import (
    KANO_ANSWERS,
    KANO_FEATURES,
    KANO_FEATURES_EN,
    SERVQUAL_DIMENSION_OF,
    SERVQUAL_ITEMS,
    SUGGESTIONS_EN,
    SUGGESTIONS_ZH,
)
from needscope.demo.world import World, choose, draw, pick, to_traditional
from needscope.model.vocab import ServqualDimension

KANO_CLASSES = ("A", "O", "M", "I", "R", "Q")
# Per feature: class mixture (A, O, M, I, R, Q) for the general public.
KANO_MIX: dict[str, tuple[float, ...]] = {
    "扫码点餐": (0.10, 0.18, 0.50, 0.18, 0.02, 0.02),
    "免费停车": (0.12, 0.42, 0.22, 0.20, 0.02, 0.02),
    "儿童游乐区": (0.15, 0.05, 0.03, 0.67, 0.08, 0.02),
    "会员积分": (0.20, 0.18, 0.10, 0.48, 0.02, 0.02),
    "预约订座": (0.18, 0.52, 0.12, 0.15, 0.01, 0.02),
    "等位小食": (0.52, 0.12, 0.04, 0.28, 0.02, 0.02),
}
KIDS_PARENTS_MIX = (0.48, 0.12, 0.05, 0.31, 0.02, 0.02)
"""儿童游乐区 among the 25–44 age bands (parents of young children): attractive."""
SENIOR_QR_MIX = (0.06, 0.10, 0.40, 0.26, 0.16, 0.02)
"""扫码点餐 among 55+: more indifferent and reverse answers."""
KANO_TRUTH: dict[str, str] = {
    "扫码点餐": "M",
    "免费停车": "O",
    "儿童游乐区": "I",
    "会员积分": "I",
    "预约订座": "O",
    "等位小食": "A",
}
EXPECT_OFFSET = {
    "tangibles": -0.4,
    "reliability": 0.2,
    "responsiveness": 0.1,
    "assurance": 0.0,
    "empathy": -0.3,
}
GAP_OLD = {
    "tangibles": -0.35,
    "reliability": -0.6,
    "responsiveness": -1.1,
    "assurance": -0.45,
    "empathy": -0.6,
}
GAP_NEW = {
    "tangibles": 0.1,
    "reliability": -0.9,
    "responsiveness": -1.9,
    "assurance": -0.8,
    "empathy": -0.7,
}
ITEM_EXTRA_NEW = {"SQ10": -0.3, "SQ11": -0.3, "SQ17": -0.5}
ITEM_EXTRA_ALL = {"SQ19": 0.45}
"""Operating hours are not a problem: its gap stays small (no call for 24-hour opening)."""

_MID = ("理所当然", "无所谓", "能忍受")
LIKE, DISLIKE = KANO_ANSWERS[0], KANO_ANSWERS[4]


def kano_columns() -> list[str]:
    """KANO answer column names, functional then dysfunctional per feature."""
    return [f"KANO_{f}_{side}" for f in KANO_FEATURES for side in ("正向", "反向")]


def servqual_columns() -> list[str]:
    """SERVQUAL column names: 22 expectations then 22 perceptions."""
    codes = [code for code, _, _ in SERVQUAL_ITEMS]
    return [f"{c}_期望" for c in codes] + [f"{c}_感知" for c in codes]


SURVEY_COLUMNS = [
    *("问卷编号", "会员编号", "提交时间", "门店", "总体满意度", "推荐意愿", "费力程度"),
    *kano_columns(),
    *servqual_columns(),
    "意见建议",
]


def kano_pair(rng: np.random.Generator, cls: str) -> tuple[str, str]:
    """A (functional, dysfunctional) answer pair that the Berger table maps to ``cls``."""
    mid = _MID[choose(rng, (0.2, 0.5, 0.3))]
    if cls == "A":
        return LIKE, mid
    if cls == "O":
        return LIKE, DISLIKE
    if cls == "M":
        return _MID[choose(rng, (0.45, 0.35, 0.2))], DISLIKE
    if cls == "I":
        return _MID[choose(rng, (0.2, 0.6, 0.2))], mid
    if cls == "R":
        return (DISLIKE, mid) if rng.random() < 0.5 else (mid, LIKE)
    return (LIKE, LIKE) if rng.random() < 0.5 else (DISLIKE, DISLIKE)


def _suggestion(rng: np.random.Generator, z: float, gaps: dict[str, float]) -> str:
    if z > 0.8 and rng.random() < 0.6:
        driver = "praise"
    elif gaps["responsiveness"] < -1.5 and rng.random() < 0.5:
        driver = pick(rng, ("serving", "serving", "wait", "staff"))
    else:
        driver = pick(rng, ("serving", "wait", "kids", "parking", "staff", "price", "taste", "app"))
    dish = pick(rng, DISHES)[0]
    if driver in SUGGESTIONS_EN and rng.random() < 0.1:
        return pick(rng, SUGGESTIONS_EN[driver])
    text = pick(rng, SUGGESTIONS_ZH[driver]).format(dish=dish)
    other = pick(rng, ("wait", "kids", "price", "taste", "staff"))
    if driver != "praise" and other != driver and rng.random() < 0.3:
        text = "说两点：" + text + "；" + pick(rng, SUGGESTIONS_ZH[other]).format(dish=dish)
    else:
        text = pick(rng, ("", "", "", "建议：", "总体还行，")) + text
    return to_traditional(text) if rng.random() < 0.05 else text


@dataclass
class Survey:
    """Survey rows (values in SURVEY_COLUMNS order) and the item sheet."""

    rows: list[list[Any]]
    items: list[list[str]]


def _clip(x: float, lo: int, hi: int) -> int:
    return int(min(hi, max(lo, round(x))))


def make_survey(rng: np.random.Generator, world: World, customers: Customers, n: int) -> Survey:
    """Draw ``n`` survey responses from members and walk-in diners."""
    cells = draw(rng, world.volume.ravel(), n)
    by_home: dict[int, list[int]] = {}
    for m, h in enumerate(customers.home):
        by_home.setdefault(h, []).append(m)
    codes = [c for c, _, _ in SERVQUAL_ITEMS]
    raw: list[tuple[Any, ...]] = []
    for c in cells:
        s, d = divmod(int(c), world.n_days)
        store = STORES[s]
        ts = world.moment(rng, d, pick(rng, (13, 14, 14, 19, 20, 20, 21, 22)))
        member = pick(rng, by_home[s]) if s in by_home and rng.random() < 0.85 else -1
        age = customers.age[member] if member >= 0 else choose(rng, (0.2, 0.35, 0.25, 0.12, 0.08))
        z = float(rng.normal() - 0.15 * (world.serving[s, d] - 12.0))
        sat = _clip(3.7 + 0.85 * z + rng.normal(0, 0.35), 1, 5)
        nps = _clip(7.4 + 1.9 * z + rng.normal(0, 0.8), 0, 10)
        ces = _clip(3.0 - 1.0 * z + rng.normal(0, 0.7), 1, 7)
        kano: list[str] = []
        for f in KANO_FEATURES:
            mix = KANO_MIX[f]
            if f == "儿童游乐区" and age in (1, 2):
                mix = KIDS_PARENTS_MIX
            if f == "扫码点餐" and age == 4:
                mix = SENIOR_QR_MIX
            kano.extend(kano_pair(rng, KANO_CLASSES[choose(rng, mix)]))
        level = rng.normal(6.0, 0.4)
        gaps = GAP_NEW if store.new else GAP_OLD
        expect, perceive = [], []
        for code in codes:
            dim = SERVQUAL_DIMENSION_OF[code]
            e = level + EXPECT_OFFSET[dim] + rng.normal(0, 0.5)
            gap = gaps[dim] + ITEM_EXTRA_ALL.get(code, 0.0)
            gap += ITEM_EXTRA_NEW.get(code, 0.0) if store.new else 0.0
            p = e + gap + 0.45 * z + rng.normal(0, 0.6)
            expect.append(_clip(e, 1, 7))
            perceive.append(_clip(p, 1, 7))
        p_text = 0.55 if sat <= 3 else 0.33
        text = _suggestion(rng, z, gaps) if rng.random() < p_text else ""
        member_id = customers.ids[member] if member >= 0 else ""
        raw.append((ts, s, member_id, sat, nps, ces, kano, expect, perceive, text))
    raw.sort(key=lambda r: (r[0], r[1], r[2]))
    rows = [
        [
            f"Q{k:05d}",
            mid,
            ts.strftime("%Y-%m-%d %H:%M"),
            STORES[s].name,
            sat,
            nps,
            ces,
            *kano,
            *expect,
            *perceive,
            text,
        ]
        for k, (ts, s, mid, sat, nps, ces, kano, expect, perceive, text) in enumerate(raw, 1)
    ]
    return Survey(rows=rows, items=item_sheet())


def _lower(text: str) -> str:
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def item_sheet() -> list[list[str]]:
    """Rows of the 题目说明 sheet (header first)."""
    rows = [["题目编号", "题目内容", "题目内容(英文)", "维度", "维度代码", "量表"]]
    rows.append(
        [
            "总体满意度",
            "您对本次用餐的总体满意度",
            "Overall satisfaction with this visit",
            "CSAT",
            "csat",
            "1=非常不满意 … 5=非常满意",
        ]
    )
    rows.append(
        [
            "推荐意愿",
            "您有多大可能向亲友推荐本店？",
            "How likely are you to recommend us?",
            "NPS",
            "nps",
            "0=完全不可能 … 10=非常可能",
        ]
    )
    rows.append(
        [
            "费力程度",
            "本次用餐（排队、点餐、结账）对您来说有多费力？",
            "How much effort did this visit take?",
            "CES",
            "ces",
            "1=非常省力 … 7=非常费力",
        ]
    )
    scale = " / ".join(KANO_ANSWERS)
    for f in KANO_FEATURES:
        en = KANO_FEATURES_EN[f]
        rows.append(
            [
                f"KANO_{f}_正向",
                f"如果餐厅提供{f}，您的感受是？",
                f"If the restaurant offers {_lower(en)}, how do you feel?",
                "KANO",
                "kano_functional",
                scale,
            ]
        )
        rows.append(
            [
                f"KANO_{f}_反向",
                f"如果餐厅不提供{f}，您的感受是？",
                f"If the restaurant does not offer {_lower(en)}, how do you feel?",
                "KANO",
                "kano_dysfunctional",
                scale,
            ]
        )
    agree = "1=非常不同意 … 7=非常同意"
    for side, zh, en_side in (
        ("期望", "一家优秀的餐厅应当：", "Expectation: an excellent restaurant "),
        ("感知", "本店实际做到：", "Perception: this restaurant "),
    ):
        for code, wording, en in SERVQUAL_ITEMS:
            dim = ServqualDimension.parse(SERVQUAL_DIMENSION_OF[code])
            rows.append(
                [
                    f"{code}_{side}",
                    zh + wording,
                    en_side + _lower(en),
                    dim.zh_label,
                    dim.value,
                    agree,
                ]
            )
    rows.append(
        [
            "意见建议",
            "您对本店还有什么意见或建议？（选填）",
            "Any other comments? (optional)",
            "",
            "",
            "开放题",
        ]
    )
    return rows


__all__ = [
    "KANO_CLASSES",
    "KANO_MIX",
    "KANO_TRUTH",
    "SURVEY_COLUMNS",
    "Survey",
    "item_sheet",
    "kano_columns",
    "kano_pair",
    "make_survey",
    "servqual_columns",
]
