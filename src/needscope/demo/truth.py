"""Ground truth of the demo's designed effects, written to ``_truth/`` for later evaluation."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from needscope.demo import config as C
from needscope.demo.complaints import LAUNCH_ORDERING_FACTOR, SLOW_RATE
from needscope.demo.config import NEW_STORES, NIGHT_HOURS
from needscope.demo.orders import REPEAT_P, Orders
from needscope.demo.phrases_launch import LAUNCH_P
from needscope.demo.survey import (
    EXPECT_OFFSET,
    GAP_NEW,
    GAP_OLD,
    KANO_CLASSES,
    KANO_MIX,
    KANO_TRUTH,
    KIDS_PARENTS_MIX,
    SENIOR_QR_MIX,
)


def survey_truth() -> dict[str, Any]:
    """The designed KANO classes, SERVQUAL gaps and order-level effects."""

    def mix(p: tuple[float, ...]) -> dict[str, float]:
        return dict(zip(KANO_CLASSES, p, strict=True))

    return {
        "kano": {f: {"class": KANO_TRUTH[f], "mix": mix(KANO_MIX[f])} for f in KANO_MIX},
        "kano_segments": {
            "儿童游乐区": {"age": ["25-34", "35-44"], "class": "A", "mix": mix(KIDS_PARENTS_MIX)},
            "扫码点餐": {"age": ["55+"], "mix": mix(SENIOR_QR_MIX)},
        },
        "servqual": {
            "scale": "1-7",
            "expectation_offset": EXPECT_OFFSET,
            "gap_old_stores": GAP_OLD,
            "gap_new_stores": GAP_NEW,
            "largest_gap": "responsiveness",
            "new_stores": list(NEW_STORES),
        },
        "orders": {
            "night_hours": sorted(NIGHT_HOURS),
            "night_share_target": 0.05,
            "repeat_probability": REPEAT_P,
            "serving_target_minutes": 15,
        },
        "complaints": {"slow_rate_per_excess_minute_pow_1_5": SLOW_RATE},
        "review_aspects": [
            "food",
            "food.taste",
            "food.portion",
            "food.freshness",
            "service",
            "service.wait_time",
            "service.staff_attitude",
            "service.serving_speed",
            "service.parking",
            "price",
            "ambience",
            "location",
            "other",
        ],
    }


def returned_within(members: list[int], times: list[datetime], days: int) -> list[float]:
    """Per order: 1 when its member ordered within ``days`` before it, 0 if not, NaN for walk-ins."""
    last: dict[int, datetime] = {}
    out = [math.nan] * len(members)
    window = timedelta(days=days)
    for i in sorted(range(len(members)), key=lambda k: times[k]):
        m = members[i]
        if m < 0:
            continue
        prev = last.get(m)
        out[i] = 1.0 if prev is not None and times[i] - prev <= window else 0.0
        last[m] = times[i]
    return out


def launch_truth(orders: Orders) -> dict[str, Any]:
    """The launch and its true effects on the treated stores after it, realised in the data.

    Serving: mean over treated post-launch dine-in orders of (minutes − minutes without the
    launch, same random draws). Repurchase: share of treated post-launch member orders with an
    order by the same member in the previous 28 days, minus that share without the extra visits.
    """
    launch = datetime.combine(C.LAUNCH_DATE, datetime.min.time())
    treated = {s for s, st in enumerate(C.STORES) if st.name in C.LAUNCH_STORES}
    post = [orders.store[i] in treated and orders.ts[i] >= launch for i in range(len(orders.ids))]
    served = [i for i, p in enumerate(post) if p and not np.isnan(orders.serving[i])]
    serving = float(
        np.mean([orders.serving[i] - orders.serving_without_launch[i] for i in served])
    ) if served else math.nan  # fmt: skip
    actual = returned_within(orders.member, orders.ts, C.RETURN_WINDOW_DAYS)
    keep = [i for i in range(len(orders.ids)) if not orders.launch_extra[i]]
    without = returned_within(
        [orders.member[i] for i in keep], [orders.ts[i] for i in keep], C.RETURN_WINDOW_DAYS
    )
    with_rate = np.nanmean([actual[i] for i, p in enumerate(post) if p and orders.member[i] >= 0])
    cf = [without[k] for k, i in enumerate(keep) if post[i] and orders.member[i] >= 0]
    repurchase = float(with_rate - np.nanmean(cf)) if cf else math.nan
    return {
        "date": C.LAUNCH_DATE.isoformat(),
        "name": {"zh": C.LAUNCH_NAME_ZH, "en": C.LAUNCH_NAME_EN},
        "treated_stores": list(C.LAUNCH_STORES),
        "control_stores": [s for s in C.OLD_STORES],
        "design": {
            "serving_shift_minutes": C.SERVING_EFFECT,
            "serving_noise": "lognormal(0, 0.22), multiplicative",
            "expected_serving_effect": C.SERVING_EFFECT * math.exp(0.22**2 / 2),
            "return_boost": C.RETURN_BOOST,
            "return_gap_days": list(C.RETURN_GAP_DAYS),
            "repurchase_window_days": C.RETURN_WINDOW_DAYS,
            "ordering_complaint_factor": LAUNCH_ORDERING_FACTOR,
            "review_phrase_probability": LAUNCH_P,
        },
        "effects": {
            "serving_minutes": round(serving, 6),
            "repurchase_28d": round(repurchase, 6),
        },
        "new_needs": {
            "qr_ordering_help": {"tag": "service.ordering", "zh": "扫码点餐需要人工协助"},
            "member_points": {"tag": "price.discount", "zh": "扫码点餐同步会员积分"},
        },
    }


__all__ = ["launch_truth", "returned_within", "survey_truth"]
