"""Score a journey from the records: per touchpoint and per stage, for all records or a segment.

Definitions (each stated again in the report next to the figures):

* **Landing** — see ``needscope.journey.landing``: by tag (fine tags fall back to the nearest
  listed ancestor) and by the record's ``touchpoint``/``channel`` field matching ``names``.
* **Complaint** — a record is a complaint when its sentiment label is ``negative`` **or** it
  comes from a complaint source (``complaint_sources``, default ``historic``: tickets and
  complaint logs).  ``complaint_share`` = complaints ÷ records at the touchpoint.
* **Sentiment** — mean and sample SD (n−1) of ``sentiment_score`` (−1…1) over the records with
  a score; ``distribution`` counts the sentiment labels.
* **CSAT / CES** — from the survey items mapped to the touchpoint: CSAT is the top-2-box share
  (%) of all their answers on the detected scale; CES the mean of a mapped effort item.
* **Importance** — driver importance when the touchpoint's survey items enter a relative-weight
  model of overall satisfaction (Johnson's weights as a share of R²; an item shared by several
  touchpoints is split evenly), else the touchpoint's share of the records that landed on the
  journey (``importance_source`` says ``driver`` or ``volume``).
* **Opportunity** = importance × (1 + complaint share).
* **Fail point** — at least ``MIN_N`` records and a complaint share of ``FAIL_SHARE`` or more.
* **Wait point** — the touchpoint takes a waiting tag (``WAIT_TAGS``) and at least one of its
  records names that tag as a problem.
* **Moment of truth** — at least ``MIN_N`` records, importance in the top quartile of the
  touchpoints with data, and strong emotion (|sentiment mean| ≥ ``MOT_MEAN``) or widely
  varying emotion (sentiment SD ≥ ``MOT_SD``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from needscope.errors import InputError
from needscope.journey.landing import landing_pairs, problem_pairs
from needscope.journey.model import (
    Bi,
    Evaluation,
    Journey,
    PainPoint,
    Quote,
    StageScore,
    Touchpoint,
    TouchpointScore,
)
from needscope.journey.segments import segment_mask
from needscope.model.vocab import KanoClass, Lang

MIN_N = 10
"""Fewest records a touchpoint needs before it can be a fail point or a moment of truth."""
FAIL_SHARE = 0.75
"""Complaint share from which a touchpoint is a fail point."""
MOT_QUANTILE = 0.75
"""Importance must reach this quantile of the touchpoints with data (the top quartile)."""
MOT_MEAN = 0.3
"""|Sentiment mean| from which emotion counts as strong."""
MOT_SD = 0.6
"""Sentiment SD from which emotion counts as widely varying."""
WAIT_TAGS = ("wait_time", "queue", "serving_speed", "checkout", "response")
"""Last parts of tag ids that are about waiting (``service.wait_time``, ``service.queue``…)."""
COMPLAINT_SOURCES = ("historic",)
"""Source types whose records are complaints (tickets and complaint logs)."""
QUOTE_MIN, QUOTE_MAX = 6, 90
"""Preferred length of a quote, in characters."""
SENTIMENTS = ("positive", "neutral", "negative")
PAIN_MIN_COUNT, PAIN_MIN_SHARE = 3, 0.02
"""A problem tag is a pain where at least 3 records and 2 % of the records name it."""


class SurveyColumnsLike(Protocol):
    """What evaluation reads of a survey's detected columns (``services.survey.SurveyColumns``)."""

    csat: str | None
    nps: str | None
    csat_scale: tuple[float, float]
    ces: str | None
    ces_scale: int
    ces_higher_is_easier: bool
    kano: list[tuple[str, str, str]]


# --------------------------------------------------------------------------- helpers


def _text_col(frame: pd.DataFrame) -> pd.Series:
    """The text to quote: the masked text when there is one (no personal data), else the text."""
    base = (
        frame["text"] if "text" in frame.columns else pd.Series("", index=frame.index, dtype=object)
    )
    if "text_masked" in frame.columns:
        masked = frame["text_masked"]
        return masked.where(masked.notna() & (masked.astype(str).str.len() > 0), base)
    return base


def _ranked(land: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``land`` ordered for quoting within each ``keys`` group: readable length first, then the
    score nearest the group's median (the most typical voice), then record id; texts deduplicated.
    """
    if land.empty:
        return land
    data = land.drop_duplicates([*keys, "qkey"])
    median = data.groupby(keys, sort=False)["score"].transform("median")
    dist = (data["score"] - median).abs().fillna(9.0)
    order = data.assign(_dist=dist.to_numpy())
    return order.sort_values([*keys, "qbad", "_dist", "rid"], kind="stable")


def _quote(row: Any, texts: np.ndarray[Any, Any]) -> Quote:
    score = row.score
    return Quote(
        record_id=int(row.rid),
        text=str(texts[int(row.row)]),
        sentiment=None if pd.isna(score) else round(float(score), 4),
    )


def _quotes_by(
    land: pd.DataFrame, key: str, per_side: int, texts: np.ndarray[Any, Any]
) -> dict[Any, tuple[Quote, ...]]:
    """Representative quotes of both polarities per ``key``: nearest each side's median score."""
    sides = land[land["sent"].isin(["negative", "positive"])]
    picked = _ranked(sides, [key, "sent"]).groupby([key, "sent"], sort=False).head(per_side)
    out: dict[Any, list[Quote]] = {}
    for label in ("negative", "positive"):
        for row in picked[picked["sent"] == label].itertuples(index=False):
            out.setdefault(getattr(row, key), []).append(_quote(row, texts))
    return {k: tuple(v) for k, v in out.items()}


def _sd(values: pd.Series) -> float | None:
    return float(values.std(ddof=1)) if values.count() >= 2 else None


def _mean(values: pd.Series) -> float | None:
    return float(values.mean()) if values.count() else None


def _tag_name(pack: Any, tag: str) -> Bi:
    if pack is None:
        return Bi(tag, tag)
    try:
        t = pack.tag(tag)
    except KeyError:
        return Bi(tag, tag)
    return Bi(t.zh, t.en)


def _need(pack: Any, tag: str) -> Bi | None:
    if pack is None:
        return None
    try:
        t = pack.tag(tag)
    except KeyError:
        return None
    zh, en = t.need_text("zh"), t.need_text("en")
    return Bi(zh, en) if zh or en else None


# --------------------------------------------------------------------------- survey


def item_columns(survey: pd.DataFrame, item: str) -> list[str]:
    """Survey columns an item key names: the column itself, else its perception column(s).

    ``SQ11`` finds ``SQ11_感知`` (or ``SQ11_perception``); ``总体满意度`` finds itself.
    """
    if item in survey.columns:
        return [item]
    low = item.casefold()
    starts = [c for c in survey.columns if isinstance(c, str) and c.casefold().startswith(low)]
    numeric = [c for c in starts if pd.api.types.is_numeric_dtype(survey[c].dtype)]
    perceived = [c for c in numeric if any(w in c.casefold() for w in ("感知", "percept", "实际"))]
    return perceived or [c for c in numeric if not any(w in c for w in ("期望", "重要"))]


def _top2_share(values: np.ndarray[Any, np.dtype[np.float64]]) -> float | None:
    """Top-2-box share (%) on the scale the values sit on (5, 7 or 10 points)."""
    x = values[~np.isnan(values)]
    if x.size == 0:
        return None
    hi = float(x.max())
    top = 5.0 if hi <= 5 else 7.0 if hi <= 7 else 10.0
    return float(100.0 * np.mean(x >= top - 1))


def _survey_scores(
    tp: Touchpoint, survey: pd.DataFrame | None, cols: SurveyColumnsLike | None
) -> tuple[float | None, float | None, list[str]]:
    """(CSAT top-2-box %, CES mean, rating columns) of the touchpoint's survey items."""
    if survey is None or survey.empty or not tp.survey_items:
        return None, None, []
    mapped = list(dict.fromkeys(c for item in tp.survey_items for c in item_columns(survey, item)))
    ces_col = cols.ces if cols is not None else None
    effort = [c for c in mapped if c == ces_col]
    rating = [c for c in mapped if c != ces_col]
    csat = None
    if rating:
        values = survey[rating].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        csat = _top2_share(values.ravel())
    ces = None
    if effort:
        ces = _mean(pd.to_numeric(survey[effort[0]], errors="coerce"))
    return csat, ces, rating


def driver_weights(survey: pd.DataFrame, outcome: str, columns: Sequence[str]) -> dict[str, float]:
    """Johnson's relative weight of each column on ``outcome`` as a share of R² (0–1)."""
    from needscope.methods.drivers import relative_weights

    usable = [c for c in dict.fromkeys(columns) if c != outcome and survey[c].notna().sum() > 2]
    if len(usable) < 2:
        return {}
    try:
        rw = relative_weights(survey, outcome, usable)
    except (ValueError, np.linalg.LinAlgError):
        return {}
    return {
        str(p): float(w) / 100.0
        for p, w in zip(rw["predictor"], rw["rescaled_weight"], strict=True)
    }


def kano_classes(
    survey: pd.DataFrame, pairs: Sequence[tuple[str, str, str]]
) -> dict[str, KanoClass]:
    """KANO class of each attribute (Berger table, most frequent category)."""
    from needscope.methods.kano import kano

    if not pairs:
        return {}
    if survey.empty:
        return {}
    result = kano(survey, [p[1] for p in pairs], [p[2] for p in pairs], names=[p[0] for p in pairs])
    return _kano_map(result)


def _kano_map(kano: Mapping[str, Any] | pd.DataFrame | None) -> dict[str, KanoClass]:
    if kano is None:
        return {}
    items = (
        zip(kano["attribute"], kano["category"], strict=True)
        if isinstance(kano, pd.DataFrame)
        else kano.items()
    )
    valid = {k.value for k in KanoClass}
    return {
        str(a): KanoClass.of(c) for a, c in items if str(c) in valid or isinstance(c, KanoClass)
    }


def _driver_map(drivers: Mapping[str, float] | pd.DataFrame | None) -> dict[str, float] | None:
    if drivers is None:
        return None
    if isinstance(drivers, pd.DataFrame):
        return {
            str(p): float(w) / 100.0
            for p, w in zip(drivers["predictor"], drivers["rescaled_weight"], strict=True)
        }
    return {str(k): float(v) for k, v in drivers.items()}


# --------------------------------------------------------------------------- evaluation


def _prepare(
    frame: pd.DataFrame, complaint_sources: Iterable[str], texts: np.ndarray[Any, Any]
) -> pd.DataFrame:
    """Per-record columns evaluation reads, indexed by position (texts kept apart, see
    ``_texts``: only a code and a length travel through the joins)."""
    n = len(frame)
    sent = frame["sentiment"] if "sentiment" in frame.columns else pd.Series([None] * n)
    score = (
        frame["sentiment_score"] if "sentiment_score" in frame.columns else pd.Series([np.nan] * n)
    )
    source = frame["source_type"] if "source_type" in frame.columns else pd.Series([None] * n)
    ids = frame["id"] if "id" in frame.columns else pd.Series(np.arange(n))
    codes, _ = pd.factorize(texts)
    length = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    out = pd.DataFrame(
        {"rid": ids.to_numpy(), "sent": sent.astype(object).to_numpy(),
         "score": pd.to_numeric(score, errors="coerce").to_numpy(dtype=float),
         "qkey": codes, "qbad": (length < QUOTE_MIN) | (length > QUOTE_MAX)}
    )  # fmt: skip
    src = source.astype(object).to_numpy()
    out["complaint"] = (out["sent"] == "negative").to_numpy() | np.isin(
        src, list(complaint_sources)
    )
    return out


def _texts(frame: pd.DataFrame) -> np.ndarray[Any, Any]:
    """The quotable text of each record as a plain array of str ("" when missing)."""
    return np.array(["" if pd.isna(t) else str(t) for t in _text_col(frame)], dtype=object)


def _stats_by(land: pd.DataFrame, key: str) -> pd.DataFrame:
    """n, complaints, sentiment mean/SD/quartiles and label counts per ``key``."""
    g = land.groupby(key, sort=False)
    out = pd.DataFrame(
        {"n": g.size(), "complaints": g["complaint"].sum(), "mean": g["score"].mean(),
         "sd": g["score"].std(ddof=1), "count": g["score"].count(),
         "q25": g["score"].quantile(0.25), "q75": g["score"].quantile(0.75)}
    )  # fmt: skip
    labels = pd.crosstab(land[key], land["sent"]) if not land.empty else pd.DataFrame()
    for label in SENTIMENTS:
        out[label] = labels[label] if label in labels.columns else 0
    return out.fillna({label: 0 for label in SENTIMENTS})


def _pains_by(
    probs: pd.DataFrame,
    key: str,
    sizes: Mapping[Any, int],
    pack: Any,
    texts: np.ndarray[Any, Any],
    top: int = 3,
) -> dict[Any, tuple[PainPoint, ...]]:
    """Top problem tags per ``key`` (``probs`` has ``key``, ``tag`` and record columns), each
    named by at least ``PAIN_MIN_COUNT`` records and ``PAIN_MIN_SHARE`` of the group."""
    if probs.empty:
        return {}
    data = probs.drop_duplicates([key, "tag", "row"])
    counts = data.groupby([key, "tag"], sort=False).size().rename("cnt").reset_index()
    share = counts["cnt"] / counts[key].map(lambda k: max(int(sizes.get(k, 0)), 1))
    counts = counts[(counts["cnt"] >= PAIN_MIN_COUNT) & (share >= PAIN_MIN_SHARE)]
    counts = counts.sort_values([key, "cnt", "tag"], ascending=[True, False, True])
    counts = counts.groupby(key, sort=False).head(top)
    chosen = data.merge(counts[[key, "tag"]], on=[key, "tag"])
    chosen = chosen.assign(_pos=(chosen["sent"] != "negative").to_numpy())
    ranked = _ranked(chosen, [key, "tag"])
    ranked = ranked.sort_values([key, "tag", "_pos"], kind="stable")
    firsts = ranked.groupby([key, "tag"], sort=False).head(1)
    quotes = {(getattr(r, key), r.tag): _quote(r, texts) for r in firsts.itertuples(index=False)}
    out: dict[Any, list[PainPoint]] = {}
    columns = (counts[key].tolist(), counts["tag"].tolist(), counts["cnt"].tolist())
    for k, raw_tag, cnt in zip(*columns, strict=True):
        tag, count = str(raw_tag), int(cnt)
        n = int(sizes.get(k, 0))
        out.setdefault(k, []).append(
            PainPoint(
                tag, _tag_name(pack, tag), count, count / n if n else 0.0, quotes.get((k, tag))
            )
        )
    return {k: tuple(v) for k, v in out.items()}


def _opt(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _mot(score: dict[str, Any], cut: float | None, lang_pair: bool = True) -> tuple[bool, Bi]:
    """Moment-of-truth flag and the reason, with its inputs, in both languages."""
    n, imp = score["n"], score["importance"]
    mean, sd = score["sentiment_mean"], score["sentiment_sd"]
    mean_s = "–" if mean is None else f"{mean:+.2f}"
    sd_s = "–" if sd is None else f"{sd:.2f}"
    cut_s = "–" if cut is None else f"{cut:.3f}"
    top = cut is not None and n >= MIN_N and imp >= cut
    strong = mean is not None and abs(mean) >= MOT_MEAN
    wide = sd is not None and sd >= MOT_SD
    flag = bool(top and (strong or wide))
    if n < MIN_N:
        return False, Bi(f"记录数 {n} < {MIN_N}，不判定", f"{n} records < {MIN_N}; not judged")
    verdict_zh = "关键时刻" if flag else "非关键时刻"
    verdict_en = "moment of truth" if flag else "not a moment of truth"
    zh = (
        f"重要性 {imp:.3f}（前25%门槛 {cut_s}{'，达到' if top else '，未达到'}）；"
        f"情感均值 {mean_s}（|均值|≥{MOT_MEAN}{'，是' if strong else '，否'}）；"
        f"标准差 {sd_s}（≥{MOT_SD}{'，是' if wide else '，否'}）→ {verdict_zh}"
    )
    en = (
        f"importance {imp:.3f} (top-quartile cut {cut_s}: {'met' if top else 'not met'}); "
        f"sentiment mean {mean_s} (|mean| ≥ {MOT_MEAN}: {'yes' if strong else 'no'}); "
        f"SD {sd_s} (≥ {MOT_SD}: {'yes' if wide else 'no'}) → {verdict_en}"
    )
    return flag, Bi(zh, en)


def evaluate(
    journey: Journey,
    text_frame: pd.DataFrame,
    *,
    survey: pd.DataFrame | None = None,
    survey_columns: SurveyColumnsLike | None = None,
    kano: Mapping[str, Any] | pd.DataFrame | None = None,
    drivers: Mapping[str, float] | pd.DataFrame | None = None,
    segment: str | None = None,
    customers: pd.DataFrame | None = None,
    rfm_segments: Mapping[str, str] | None = None,
    cohorts: Mapping[str, str] | None = None,
    pack: Any = None,
    lang: Lang = "zh",
    complaint_sources: Iterable[str] = COMPLAINT_SOURCES,
) -> Evaluation:
    """Score every touchpoint and stage of ``journey`` from the enriched records.

    ``text_frame`` is records with their text results (``services.enrich.text_frame``).
    ``survey`` is the wide survey table and ``survey_columns`` its detected columns; from them
    CSAT/CES per touchpoint, KANO classes (unless ``kano`` maps attribute → class) and driver
    importance (unless ``drivers`` maps rating column → share of R²) are computed.
    ``segment`` (see ``needscope.journey.segments``) restricts the records; customer and RFM
    segments read ``customers`` and ``rfm_segments``, store types ``cohorts``.  The survey is
    restricted to the segment too; survey measures are left out when the segment cannot be
    told in the survey (e.g. ``sentiment=negative``).
    """
    if pack is None:
        pack = _load_pack(journey.industry)
    frame = text_frame.reset_index(drop=True)
    label = Bi()
    if segment:
        mask, label = segment_mask(
            frame, segment, customers=customers, rfm_segments=rfm_segments, cohorts=cohorts
        )
        frame = frame[mask.to_numpy()].reset_index(drop=True)
        survey = _segment_survey(survey, segment, customers, rfm_segments, cohorts)
    texts = _texts(frame)
    rec = _prepare(frame, complaint_sources, texts)
    pairs = landing_pairs(journey, frame)
    land = pairs.join(rec, on="row")
    probs = problem_pairs(journey, frame).merge(pairs, on=["row", "touchpoint"], how="inner")
    probs = probs.join(rec, on="row")
    landed_total = int(pairs["row"].nunique())
    stats = _stats_by(land, "touchpoint")
    sizes = {k: int(v) for k, v in stats["n"].items()}
    stat_rows: dict[Any, Any] = stats.to_dict("index")
    pains = _pains_by(probs, "touchpoint", sizes, pack, texts)
    quotes = _quotes_by(land, "touchpoint", 1, texts)

    kano_map = _kano_map(kano)
    if kano is None and survey is not None and survey_columns is not None:
        kano_map = kano_classes(survey, survey_columns.kano)
    item_cols: dict[str, list[str]] = {}
    per_tp: dict[str, dict[str, Any]] = {}
    for tp in journey.touchpoints:
        row = stat_rows.get(tp.id)
        n = int(row["n"]) if row is not None else 0
        complaints = int(row["complaints"]) if row is not None else 0
        csat, ces, cols = _survey_scores(tp, survey, survey_columns)
        item_cols[tp.id] = cols
        per_tp[tp.id] = {
            "n": n, "complaints": complaints, "complaint_share": complaints / n if n else 0.0,
            "sentiment_mean": _opt(row["mean"]) if row is not None else None,
            "sentiment_sd": _opt(row["sd"]) if row is not None and row["count"] >= 2 else None,
            "distribution": {x: int(row[x]) if row is not None else 0 for x in SENTIMENTS},
            "csat": csat, "ces": ces,
        }  # fmt: skip

    weights = _driver_map(drivers)
    all_cols = [c for cols in item_cols.values() for c in cols]
    if weights is None and survey is not None and all_cols:
        outcome = None
        if survey_columns is not None:
            outcome = survey_columns.csat or survey_columns.nps
        weights = driver_weights(survey, outcome, all_cols) if outcome else {}
    weights = weights or {}
    sharing: dict[str, int] = {}
    for cols in item_cols.values():
        for c in cols:
            sharing[c] = sharing.get(c, 0) + 1
    for tp in journey.touchpoints:
        s = per_tp[tp.id]
        known = [c for c in item_cols[tp.id] if c in weights]
        if known:
            s["importance"] = float(sum(weights[c] / sharing[c] for c in known))
            s["importance_source"] = "driver"
        else:
            s["importance"] = s["n"] / landed_total if landed_total else 0.0
            s["importance_source"] = "volume"
        s["opportunity"] = s["importance"] * (1.0 + s["complaint_share"])

    with_data = [s["importance"] for s in per_tp.values() if s["n"] >= MIN_N]
    cut = float(np.quantile(with_data, MOT_QUANTILE)) if with_data else None
    last = probs["tag"].astype(str).str.rsplit(".", n=1).str[-1]
    waiting = set(probs.loc[last.isin(WAIT_TAGS), "touchpoint"])
    scores: list[TouchpointScore] = []
    for tp in journey.touchpoints:
        s = per_tp[tp.id]
        mot, reason = _mot(s, cut)
        scores.append(
            TouchpointScore(
                touchpoint=tp.id, n=s["n"], complaints=s["complaints"],
                complaint_share=s["complaint_share"], sentiment_mean=s["sentiment_mean"],
                sentiment_sd=s["sentiment_sd"], distribution=s["distribution"], csat=s["csat"],
                ces=s["ces"], pains=pains.get(tp.id, ()), quotes=quotes.get(tp.id, ()),
                kano={a: kano_map[a] for a in tp.kano_attributes if a in kano_map},
                importance=s["importance"], importance_source=s["importance_source"],
                opportunity=s["opportunity"], mot=mot, mot_reason=reason,
                wait_point=tp.id in waiting,
                fail_point=s["n"] >= MIN_N and s["complaint_share"] >= FAIL_SHARE,
            )
        )  # fmt: skip
    stages = _stage_scores(journey, pairs, probs, rec, pack, texts)
    return Evaluation(journey, stages, tuple(scores), label, len(frame))


def _stage_scores(
    journey: Journey,
    pairs: pd.DataFrame,
    probs: pd.DataFrame,
    rec: pd.DataFrame,
    pack: Any,
    texts: np.ndarray[Any, Any],
) -> tuple[StageScore, ...]:
    """Scores per stage over the distinct records landing on any of its touchpoints."""
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    staged = pairs.assign(stage=pairs["touchpoint"].map(stage_of))[["row", "stage"]]
    land = staged.drop_duplicates().join(rec, on="row")
    sprobs = probs.assign(stage=probs["touchpoint"].map(stage_of))
    stats = _stats_by(land, "stage")
    sizes = {k: int(v) for k, v in stats["n"].items()}
    stat_rows: dict[Any, Any] = stats.to_dict("index")
    pains = _pains_by(sprobs, "stage", sizes, pack, texts)
    thoughts = _quotes_by(land, "stage", 2, texts)
    out = []
    for stage in journey.stages:
        row = stat_rows.get(stage.id)
        n = int(row["n"]) if row is not None else 0
        sp = pains.get(stage.id, ())
        opps = tuple(dict.fromkeys(b for b in (_need(pack, p.tag) for p in sp) if b))
        has = row is not None and row["count"] > 0
        out.append(
            StageScore(
                stage=stage.id, n=n,
                sentiment_mean=_opt(row["mean"]) if has and row is not None else None,
                sentiment_sd=_opt(row["sd"]) if row is not None and row["count"] >= 2 else None,
                sentiment_q25=_opt(row["q25"]) if has and row is not None else None,
                sentiment_q75=_opt(row["q75"]) if has and row is not None else None,
                complaint_share=float(row["complaints"]) / n if n and row is not None else 0.0,
                thoughts=thoughts.get(stage.id, ()), pains=sp, opportunities=opps,
            )
        )  # fmt: skip
    return tuple(out)


def _segment_survey(
    survey: pd.DataFrame | None,
    segment: str,
    customers: pd.DataFrame | None,
    rfm_segments: Mapping[str, str] | None,
    cohorts: Mapping[str, str] | None,
) -> pd.DataFrame | None:
    """The survey answers of the segment; None when the segment cannot be told in the survey."""
    if survey is None:
        return None
    try:
        mask, _ = segment_mask(
            survey, segment, customers=customers, rfm_segments=rfm_segments, cohorts=cohorts
        )
    except InputError:
        return None
    return survey[mask.to_numpy()].reset_index(drop=True)


def _load_pack(industry: str) -> Any:
    from needscope.text.packs import PackError, load_pack

    try:
        return load_pack(industry)
    except PackError:
        return load_pack("generic")


__all__ = [
    "COMPLAINT_SOURCES",
    "FAIL_SHARE",
    "MIN_N",
    "MOT_MEAN",
    "MOT_QUANTILE",
    "MOT_SD",
    "WAIT_TAGS",
    "SurveyColumnsLike",
    "driver_weights",
    "evaluate",
    "item_columns",
    "kano_classes",
]
