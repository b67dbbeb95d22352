"""Ground truth of the demo's designed effects, written to ``_truth/`` for later evaluation."""

from __future__ import annotations

from typing import Any

from needscope.demo.complaints import SLOW_RATE
from needscope.demo.config import NEW_STORES, NIGHT_HOURS
from needscope.demo.orders import REPEAT_P
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


__all__ = ["survey_truth"]
