"""The simulated world: calendar, daily store volumes, serving-time model and random helpers."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np

from needscope.demo.config import (
    LAUNCH_DATE,
    LAUNCH_STORES,
    PERIOD_END,
    PERIOD_START,
    SERVING_EFFECT,
    STORES,
    Store,
)

T = TypeVar("T")
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]

DOW_FACTOR = (0.85, 0.85, 0.9, 0.95, 1.15, 1.35, 1.25)
PEAK_HOURS = {11: 1.5, 12: 3.0, 13: 1.5, 17: 1.5, 18: 3.0, 19: 3.0, 20: 1.5}

# Hour-of-day weights per channel; night (22:00–05:59) is ~2 % of dine-in and ~15 % of delivery.
_DINE = [0.0] * 24
for _h, _w in {10: 1, 11: 12, 12: 18, 13: 9, 14: 3, 15: 1.5, 16: 2, 17: 10, 18: 18, 19: 14,
               20: 7, 21: 3.5, 22: 1.6, 23: 0.6}.items():  # fmt: skip
    _DINE[_h] = _w
_DELIVERY = [2.5, 1.5, 0.8, 0.4, 0.2, 0.2, 0.1, 0.6, 1.0, 1.5, 2.5, 10, 13, 6, 3, 2, 3, 8, 11,
             9, 6, 4.5, 4.5, 3.5]  # fmt: skip
HOUR_WEIGHTS: dict[str, tuple[float, ...]] = {
    "堂食": tuple(_DINE),
    "小程序点餐": tuple(_DINE),
    "外卖": tuple(float(w) for w in _DELIVERY),
}


def pick(rng: np.random.Generator, seq: Sequence[T]) -> T:
    """Return one element of ``seq`` drawn uniformly."""
    return seq[int(rng.integers(len(seq)))]


def draw(rng: np.random.Generator, weights: Sequence[float] | FloatArray, n: int) -> IntArray:
    """Draw ``n`` indices with probabilities proportional to ``weights``."""
    p = np.asarray(weights, dtype=np.float64)
    cdf = np.cumsum(p / p.sum())
    cdf[-1] = 1.0
    out: IntArray = np.searchsorted(cdf, rng.random(n), side="right").astype(np.int64)
    return out


@lru_cache(maxsize=1024)
def _cdf(weights: tuple[float, ...]) -> tuple[float, ...]:
    total, acc, out = float(sum(weights)), 0.0, []
    for w in weights:
        acc += w
        out.append(acc / total)
    out[-1] = 1.0
    return tuple(out)


def choose(rng: np.random.Generator, weights: Sequence[float]) -> int:
    """Draw one index with probability proportional to ``weights`` (short weight lists)."""
    key = weights if isinstance(weights, tuple) else tuple(weights)
    return bisect.bisect_right(_cdf(key), rng.random())


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Convert Simplified Chinese ``text`` to Traditional with OpenCC ``s2t``."""
    return str(_converter().convert(text))


def holiday_factor(day: date, store: Store) -> float:
    """Demand multiplier of ``day`` for ``store`` (National Day, New Year, Spring Festival)."""
    tourist = 1.0 + store.tourists
    if date(2025, 10, 1) <= day <= date(2025, 10, 7):
        return 1.35 * tourist
    if date(2026, 1, 1) <= day <= date(2026, 1, 3):
        return 1.3
    if day == date(2026, 2, 14):
        return 1.3
    if day == date(2026, 2, 16):
        return 1.6
    if date(2026, 2, 17) <= day <= date(2026, 2, 23):
        return 1.1 * tourist
    if date(2026, 1, 10) <= day <= date(2026, 2, 10):
        return 1.1
    return 1.0


def ramp(store: Store, day: date) -> float:
    """New-store traffic: zero before opening, an opening spike, then slow growth."""
    age = (day - store.opened).days
    if age < 0:
        return 0.0
    if not store.new:
        return 1.0
    return 0.65 + 0.35 * min(1.0, age / 120) + 0.6 * float(np.exp(-age / 7))


@dataclass(frozen=True)
class World:
    """Calendar and expected daily volume and serving time per store."""

    days: tuple[date, ...]
    volume: FloatArray
    """(store, day) relative order volume."""
    serving: FloatArray
    """(store, day) expected serving minutes before peak-hour and party-size effects."""
    launch_shift: FloatArray
    """(store, day) part of ``serving`` due to the launch (0 before it and in control stores)."""

    @property
    def n_days(self) -> int:
        """Number of days in the period."""
        return len(self.days)

    def day_weights(self, store: int) -> FloatArray:
        """Relative volume of ``store`` per day."""
        row: FloatArray = self.volume[store]
        return row

    def moment(self, rng: np.random.Generator, day: int, hour: int) -> datetime:
        """A timestamp on ``day`` at ``hour`` with random minutes and seconds."""
        minute, second = int(rng.integers(60)), int(rng.integers(60))
        return datetime.combine(self.days[day], datetime.min.time()) + timedelta(
            hours=hour, minutes=minute, seconds=second
        )


def build_world() -> World:
    """Build the calendar and per-store daily volumes and serving times."""
    n = (PERIOD_END - PERIOD_START).days + 1
    days = tuple(PERIOD_START + timedelta(days=i) for i in range(n))
    volume = np.zeros((len(STORES), n))
    serving = np.zeros((len(STORES), n))
    shift = np.zeros((len(STORES), n))
    for s, store in enumerate(STORES):
        for d, day in enumerate(days):
            volume[s, d] = store.volume * DOW_FACTOR[day.weekday()] * holiday_factor(day, store)
            volume[s, d] *= ramp(store, day)
        running = volume[s][volume[s] > 0]
        load = volume[s] / running.mean() - 1.0
        for d, day in enumerate(days):
            age = (day - store.opened).days
            if store.new:  # a short running-in, then slow until the new process goes live
                base = 15.0 + 6.5 * float(np.exp(-max(age, 0) / 14))
            else:
                base = 10.5 + (1.0 if store.tourists > 0.2 else 0.0)
            if store.name in LAUNCH_STORES and day >= LAUNCH_DATE:
                shift[s, d] = SERVING_EFFECT
            serving[s, d] = base + (3.0 if store.new else 1.8) * load[d] + shift[s, d]
    return World(days=days, volume=volume, serving=serving, launch_shift=shift)


__all__ = [
    "HOUR_WEIGHTS",
    "PEAK_HOURS",
    "FloatArray",
    "IntArray",
    "World",
    "build_world",
    "choose",
    "draw",
    "pick",
    "to_traditional",
]
