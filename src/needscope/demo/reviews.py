"""Platform reviews (reviews.csv): aspect phrases with rating-consistent sentiment, slot filled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np

from needscope.demo.config import (
    COMPANIONS_EN,
    COMPANIONS_ZH,
    DISHES,
    LAUNCH_DATE,
    LAUNCH_STORES,
    OCCASIONS_ZH,
    PERIOD_END,
    STORES,
)
from needscope.demo.phrases_en import (
    ASPECTS_EN,
    CLOSERS_EN,
    ENDS_EN,
    MIXED,
    NEEDS_EN,
    OPENERS_EN,
    SAME_JOIN_EN,
    TURN_JOIN_EN,
)
from needscope.demo.phrases_launch import (
    LAUNCH_NEEDS_EN,
    LAUNCH_NEEDS_ZH,
    LAUNCH_P,
    LAUNCH_PRAISE_EN,
    LAUNCH_PRAISE_ZH,
)
from needscope.demo.phrases_zh import (
    ASPECTS_ZH,
    CLOSERS_ZH,
    ENDS_ZH,
    NEED_JOIN_ZH,
    NEEDS_ZH,
    OPENERS_ZH,
    SAME_JOIN_ZH,
    TURN_JOIN_ZH,
    TURN_UP_ZH,
)
from needscope.demo.world import World, choose, draw, pick, to_traditional

REVIEW_COLUMNS = ("评论编号", "平台", "门店", "评分", "评论时间", "评论")
REVIEW_TRUTH_COLUMNS = (
    "评论编号",
    "平台",
    "语言",
    "评分",
    "aspects",
    "explicit_needs",
    "implicit_needs",
)
PLATFORMS_CN = ("大众点评", "美团")
PLATFORMS_INTL = ("Google Maps", "TripAdvisor")

ASPECT_WEIGHTS: dict[str, float] = {
    "food.taste": 0.22,
    "food.portion": 0.07,
    "food.freshness": 0.06,
    "food": 0.06,
    "service.staff_attitude": 0.12,
    "service.serving_speed": 0.10,
    "service.wait_time": 0.08,
    "service.parking": 0.03,
    "service": 0.04,
    "price": 0.12,
    "ambience": 0.10,
    "location": 0.05,
    "other": 0.02,
}
NEED_ASPECT: dict[str, str] = {
    "kids_chair": "ambience",
    "reservation": "service.wait_time",
    "faster_serving": "service.serving_speed",
    "more_staff": "service",
    "queue_snacks": "service.wait_time",
    "parking": "service.parking",
    "english_menu": "other",
    "small_portion": "food.portion",
    "menu_training": "service.staff_attitude",
}
NEED_WEIGHTS: dict[str, float] = {
    "reservation": 0.20,
    "faster_serving": 0.16,
    "kids_chair": 0.14,
    "more_staff": 0.12,
    "queue_snacks": 0.08,
    "parking": 0.07,
    "english_menu": 0.04,
    "small_portion": 0.10,
    "menu_training": 0.09,
}
IMPLICIT_NEED: dict[str, str] = {
    "service.serving_speed": "faster_serving",
    "service.wait_time": "shorter_wait",
    "service.staff_attitude": "staff_training",
    "service.parking": "parking",
    "other": "ordering_system",
}
_P_POSITIVE = {5: 0.94, 4: 0.80, 3: 0.45, 2: 0.14, 1: 0.04}
_PARKING_STORES = ("新街口店", "河西万达店", "江北新区店")
MAX_LEN = 200
MIN_LEN = 10


@dataclass
class Segment:
    """One clause of a review and what it says."""

    text: str
    aspect: str | None = None
    polarity: str | None = None
    need: str | None = None


@dataclass
class Reviews:
    """Review rows and their ground truth, sorted by time."""

    rows: list[list[str]] = field(default_factory=list)
    truth: list[list[str]] = field(default_factory=list)


def _lower_first(text: str) -> str:
    return text if text[:2] in ("I ", "I'") else text[:1].lower() + text[1:]


def join_segments(
    rng: np.random.Generator, lang: str, opener: str, body: list[Segment], closer: str
) -> str:
    """Join clauses with connectives that follow the change of sentiment."""
    en = lang == "en"
    out = opener + (". " if en else "，") if opener else ""
    prev: str | None = None
    used: set[str] = set()

    def fresh(options: tuple[str, ...]) -> str:
        left = [c for c in options if c not in used or c in ("", "，")]
        conn = pick(rng, left or options)
        used.add(conn)
        return conn

    for k, seg in enumerate(body):
        turn = {prev, seg.polarity} == {"positive", "negative"}
        if k == 0:
            out += seg.text
        elif en:
            conn = "" if seg.need else fresh(TURN_JOIN_EN if turn else SAME_JOIN_EN)
            out += ". " + (conn + _lower_first(seg.text) if conn else seg.text)
        elif seg.need:
            out += fresh(NEED_JOIN_ZH) + seg.text
        else:
            down = seg.polarity == "negative"
            out += (
                fresh((TURN_JOIN_ZH if down else TURN_UP_ZH) if turn else SAME_JOIN_ZH) + seg.text
            )
        prev = seg.polarity or prev
    if closer:
        out += (". " if en else pick(rng, ("，", "。"))) + closer
    if not out.endswith(("!", "！", "~")):
        out += pick(rng, ENDS_EN if en else ENDS_ZH)
    return out


def _slots(rng: np.random.Generator, lang: str, store: int, serving: float) -> dict[str, object]:
    en = lang == "en"
    d1 = int(rng.integers(len(DISHES)))
    d2 = (d1 + 1 + int(rng.integers(len(DISHES) - 1))) % len(DISHES)
    return {
        "dish": DISHES[int(d1)][1 if en else 0],
        "dish2": DISHES[int(d2)][1 if en else 0],
        "slow_min": int(max(25, 5 * round((serving + rng.uniform(8, 30)) / 5))),
        "fast_min": int(rng.integers(8, 15)),
        "long_wait": 5 * int(rng.integers(6, 19)),
        "short_wait": int(rng.integers(5, 16)),
        "price": int(rng.integers(62, 110)),
        "n": int(rng.integers(2, 7)),
        "who": pick(rng, COMPANIONS_EN if en else COMPANIONS_ZH),
        "store": STORES[store].name_en if en else STORES[store].name,
        "queue": int(rng.integers(10, 80)),
        "occasion": pick(rng, OCCASIONS_ZH),
        "k": int(rng.integers(2, 6)),
    }


def _aspects(rng: np.random.Generator, lang: str, store: int, weekend: bool) -> list[str]:
    s = STORES[store]
    w = dict(ASPECT_WEIGHTS)
    if s.new:
        w["service.serving_speed"] *= 2.2
        w["service.staff_attitude"] *= 1.3
    if s.tourists > 0.2:
        w["service.wait_time"] *= 1.8
        w["location"] *= 2.0
    if s.name in _PARKING_STORES:
        w["service.parking"] *= 2.0
    if weekend:
        w["service.wait_time"] *= 1.4
    k = choose(rng, (0.30, 0.42, 0.2, 0.08) if lang == "en" else (0.2, 0.38, 0.28, 0.14))
    names, weights, out = list(w), [w[a] for a in w], []
    for _ in range(k + 1):
        i = choose(rng, weights)
        out.append(names[i])
        weights[i] = 0.0
    return out


def _polarities(rng: np.random.Generator, aspects: list[str], rating: int, slow: bool) -> list[str]:
    out = []
    for a in aspects:
        p = _P_POSITIVE[rating]
        if a == "service.serving_speed" and slow:
            p *= 0.55
        if a == "price":
            p *= 0.85
        pol = "positive" if rng.random() < p else "negative"
        if rating in (3, 4) and (a, "neutral") in ASPECTS_ZH and rng.random() < 0.2:
            pol = "neutral"
        out.append(pol)
    if rating >= 4 and "positive" not in out:
        out[0] = "positive"
    if rating <= 2 and "negative" not in out:
        out[0] = "negative"
    return out


@lru_cache(maxsize=4096)
def fits_store(text: str, store: int) -> bool:
    """Whether a phrase's facts (new store, station, temple) are true of ``store``."""
    s = STORES[store]
    if "新店" in text and not s.new:
        return False
    station = ("高铁", "train", "Nanjing South")
    if any(w in text for w in station) and s.name != "南京南站店":
        return False
    return not ("Confucius" in text and s.name != "夫子庙店")


@lru_cache(maxsize=4096)
def _fitting(bank: tuple[str, ...], store: int) -> tuple[str, ...]:
    return tuple(t for t in bank if fits_store(t, store)) or bank


def _pick_fit(rng: np.random.Generator, bank: tuple[str, ...], store: int) -> str:
    return pick(rng, _fitting(bank, store))


def _phrase(
    rng: np.random.Generator, lang: str, aspect: str, pol: str, store: int
) -> tuple[str, bool]:
    """A phrase for (aspect, polarity); the flag tells whether it is code-switched."""
    if lang == "mixed" and (aspect, pol) in MIXED:
        return pick(rng, MIXED[(aspect, pol)]), True
    bank = ASPECTS_EN if lang == "en" else ASPECTS_ZH
    key = (aspect, pol) if (aspect, pol) in bank else (aspect, "positive")
    return _pick_fit(rng, bank[key], store), False


def _language(rng: np.random.Generator, platform: str) -> str:
    if platform in PLATFORMS_INTL:
        return str(pick(rng, ("en",) * 41 + ("zh-Hant",) * 5 + ("zh",) * 2 + ("mixed",) * 2))
    u = rng.random()
    return "en" if u < 0.015 else "zh-Hant" if u < 0.057 else "mixed" if u < 0.072 else "zh"


def _review(
    rng: np.random.Generator, world: World, store: int, day: int, platform: str
) -> tuple[str, str, int, list[Segment]]:
    lang = _language(rng, platform)
    serving = float(world.serving[store, day])
    z = rng.normal() - 0.16 * (serving - 12.0)
    rating = 1 + int(np.searchsorted((-1.28, -0.84, -0.39, 0.39), z))
    aspects = _aspects(rng, lang, store, world.days[day].weekday() >= 5)
    pols = _polarities(rng, aspects, rating, serving > 16)
    slots = _slots(rng, "en" if lang == "en" else "zh", store, serving)
    body, mixed_used = [], False
    for a, pol in zip(aspects, pols, strict=True):
        text, mixed = _phrase(rng, lang, a, pol, store)
        mixed_used |= mixed
        body.append(Segment(text.format(**slots), a, pol))
    if lang == "mixed" and not mixed_used:
        lang = "zh"
    p_need = 0.16 if rating <= 3 else 0.07
    needs: list[Segment] = []
    if rng.random() < p_need:
        w = dict(NEED_WEIGHTS)
        if lang == "en":
            w["english_menu"] = 0.5
        if STORES[store].new:
            w["faster_serving"] *= 1.6
            w["menu_training"] *= 1.6
        liked = {seg.aspect for seg in body if seg.polarity == "positive"}
        for k in w:
            if NEED_ASPECT[k] in liked:
                w[k] = 0.0
        need = list(w)[choose(rng, list(w.values()))]
        bank = NEEDS_EN if lang == "en" else NEEDS_ZH
        needs.append(
            Segment(pick(rng, bank[need]).format(**slots), NEED_ASPECT[need], "negative", need)
        )
    if STORES[store].name in LAUNCH_STORES and world.days[day] >= LAUNCH_DATE:
        body, needs = _launch_segments(rng, lang, body, needs, slots)
    en = lang == "en"
    openers = OPENERS_EN if en else OPENERS_ZH
    opener = _pick_fit(rng, openers, store).format(**slots) if rng.random() < 0.4 else ""
    closer = pick(rng, (CLOSERS_EN if en else CLOSERS_ZH)[rating]) if rng.random() < 0.5 else ""
    join_lang = "en" if en else "zh"
    text = join_segments(rng, join_lang, opener, body + needs, closer)
    while len(text) > MAX_LEN:
        if closer:
            closer = ""
        elif opener:
            opener = ""
        elif len(body) > 1:
            body.pop()
        else:
            break
        text = join_segments(rng, join_lang, opener, body + needs, closer)
    if len(text) < MIN_LEN:
        closer = closer or pick(rng, (CLOSERS_EN if en else CLOSERS_ZH)[rating])
        opener = opener or _pick_fit(rng, openers, store).format(**slots)
        text = join_segments(rng, join_lang, opener, body + needs, closer)
    if lang == "zh-Hant":
        text = to_traditional(text)
    return text, lang, rating, body + needs


def _launch_segments(
    rng: np.random.Generator,
    lang: str,
    body: list[Segment],
    needs: list[Segment],
    slots: dict[str, object],
) -> tuple[list[Segment], list[Segment]]:
    """Add praise of the new serving process and the needs it brought up (after the launch)."""
    en = lang == "en"
    if rng.random() < LAUNCH_P["praise"]:
        body = [s for s in body if s.aspect != "service.serving_speed"]
        text = pick(rng, LAUNCH_PRAISE_EN if en else LAUNCH_PRAISE_ZH).format(**slots)
        body.append(Segment(text, "service.serving_speed", "positive"))
    for need in ("qr_ordering_help", "member_points"):
        if rng.random() < LAUNCH_P[need]:
            bank = LAUNCH_NEEDS_EN if en else LAUNCH_NEEDS_ZH
            needs = [*needs, Segment(pick(rng, bank[need]), "other", "negative", need)]
    return body, needs


def make_reviews(rng: np.random.Generator, world: World, n: int) -> Reviews:
    """Draw ``n`` reviews across platforms, stores and days."""
    cells = draw(rng, world.volume.ravel(), n)
    items = []
    end = datetime.combine(PERIOD_END, datetime.max.time()).replace(microsecond=0)
    hours = [0.5, 0.2, 0.1, 0, 0, 0, 0, 0.3, 1, 1.5, 2, 2.5, 3, 5, 5, 4, 3, 3, 3, 3, 5, 6, 6, 3]
    for c in cells:
        store, day = divmod(int(c), world.n_days)
        p_intl = 0.035 + 0.42 * STORES[store].tourists
        cn = rng.random() >= p_intl
        platform = pick(rng, PLATFORMS_CN) if cn else pick(rng, PLATFORMS_INTL)
        text, lang, rating, segs = _review(rng, world, store, day, platform)
        lag = choose(rng, (0.5, 0.3, 0.15, 0.05))
        ts = world.moment(rng, min(day + lag, world.n_days - 1), choose(rng, hours))
        items.append((min(ts, end), store, platform, rating, text, lang, segs))
    items.sort(key=lambda x: (x[0], x[1], x[4]))
    out = Reviews()
    for k, (ts, store, platform, rating, text, lang, segs) in enumerate(items, start=1):
        rid = f"RV{k:06d}"
        stamp = ts.strftime("%Y-%m-%d %H:%M")
        out.rows.append([rid, platform, STORES[store].name, str(rating), stamp, text])
        aspects = "|".join(f"{s.aspect}:{s.polarity}" for s in segs)
        explicit = "|".join(s.need for s in segs if s.need)
        implicit = sorted(
            {
                IMPLICIT_NEED[s.aspect]
                for s in segs
                if s.need is None and s.polarity == "negative" and s.aspect in IMPLICIT_NEED
            }
        )
        out.truth.append([rid, platform, lang, str(rating), aspects, explicit, "|".join(implicit)])
    return out


__all__ = [
    "ASPECT_WEIGHTS",
    "IMPLICIT_NEED",
    "NEED_ASPECT",
    "PLATFORMS_CN",
    "PLATFORMS_INTL",
    "REVIEW_COLUMNS",
    "REVIEW_TRUTH_COLUMNS",
    "Reviews",
    "Segment",
    "fits_store",
    "join_segments",
    "make_reviews",
]
