"""On the demo, each touchpoint's numbers equal a direct SQL query of the tagged records."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from needscope.journey.evaluate import FAIL_SHARE, MIN_N, MOT_MEAN, MOT_SD, evaluate
from needscope.journey.model import Evaluation, Journey, Touchpoint
from needscope.journey.personas import build_personas, rfm_table
from needscope.services import journey as sj
from needscope.services.enrich import text_frame
from needscope.text.packs import load_pack

from .conftest import Built


@pytest.fixture(scope="module")
def evaluation(journey_demo: Built) -> Evaluation:
    return journey_demo.handle.evaluate_journey()


def _resolved(journey: Journey, tp: Touchpoint, tags: set[str]) -> list[str]:
    """Tags landing on ``tp``: listed ones, and unlisted fine tags whose nearest listed
    ancestor ``tp`` lists (written out again here, independently of the code under test)."""
    listed = {t for x in journey.touchpoints for t in x.tags}
    out = []
    for tag in tags:
        key = tag
        while key not in listed and "." in key:
            key = key[: key.rindex(".")]
        if key in tp.tags:
            out.append(tag)
    return sorted(out)


def _sql(
    db: str, journey: Journey, tp: Touchpoint, tags: set[str], channels: list[str] | None = None
):
    """n, complaints and mean sentiment of the records landing on ``tp``, straight from SQLite."""
    want = _resolved(journey, tp, tags)
    names = [n.strip().lower() for n in tp.names]
    q_tags = ",".join("?" * len(want)) or "NULL"
    q_names = ",".join("?" * len(names)) or "NULL"
    where_ch = ""
    if channels is not None:
        where_ch = f" AND r.channel IN ({','.join('?' * len(channels)) or 'NULL'})"
    sql = f"""
        SELECT COUNT(*),
               SUM(CASE WHEN t.sentiment = 'negative' OR r.source_type = 'historic' THEN 1 ELSE 0 END),
               AVG(t.sentiment_score)
        FROM records r JOIN record_text t ON t.record_id = r.id
        JOIN projects p ON p.id = r.project_id AND p.slug = 'demo'
        WHERE (EXISTS (SELECT 1 FROM json_each(t.tags) j WHERE j.value IN ({q_tags}))
               OR lower(trim(r.touchpoint)) IN ({q_names})
               OR lower(trim(r.channel)) IN ({q_names})){where_ch}
    """
    with sqlite3.connect(db) as con:
        n, complaints, mean = con.execute(
            sql, [*want, *names, *names, *(channels or [])]
        ).fetchone()
    return int(n), int(complaints or 0), mean


def _all_tags(db: str) -> set[str]:
    with sqlite3.connect(db) as con:
        return {
            r[0]
            for r in con.execute("SELECT DISTINCT j.value FROM record_text t, json_each(t.tags) j")
        }


def test_touchpoint_numbers_equal_sql(journey_demo: Built, evaluation: Evaluation) -> None:
    db, journey = str(journey_demo.db), evaluation.journey
    tags = _all_tags(db)
    with_data = 0
    for tp in journey.touchpoints:
        score = evaluation.touchpoint_score(tp.id)
        assert score is not None
        n, complaints, mean = _sql(db, journey, tp, tags)
        assert (score.n, score.complaints) == (n, complaints), tp.id
        if n:
            with_data += 1
            assert score.sentiment_mean == pytest.approx(mean, abs=1e-12), tp.id
            assert score.complaint_share == pytest.approx(complaints / n)
            assert sum(score.distribution.values()) == n
        else:
            assert score.sentiment_mean is None
    assert with_data >= 20


def test_fine_tag_falls_back_to_parent(journey_demo: Built) -> None:
    journey = journey_demo.handle.journey()
    # drop food.taste from its touchpoint: its records must land where "food" is listed
    tps = tuple(
        replace(tp, tags=tuple(t for t in tp.tags if t != "food.taste"))
        for tp in journey.touchpoints
    )
    cut = replace(journey, touchpoints=tps)
    frame = text_frame(journey_demo.ws.store, "demo")
    ev = evaluate(cut, frame)
    dishes = next(tp for tp in cut.touchpoints if tp.id == "dishes")
    assert "food" in dishes.tags and "food.taste" not in dishes.tags
    n, complaints, _ = _sql(str(journey_demo.db), cut, dishes, _all_tags(str(journey_demo.db)))
    score = ev.touchpoint_score("dishes")
    assert score is not None and (score.n, score.complaints) == (n, complaints)
    has_taste = frame["tags"].map(lambda ts: "food.taste" in ts or "food" in ts)
    assert score.n == int(has_taste.sum())


def test_stage_scores_are_the_union(evaluation: Evaluation, journey_demo: Built) -> None:
    frame = text_frame(journey_demo.ws.store, "demo")
    journey = evaluation.journey
    tags = set(frame["tags"].explode().dropna())
    for stage in journey.stages:
        want: set[str] = set()
        names: set[str] = set()
        for tp in journey.touchpoints_of(stage.id):
            want |= set(_resolved(journey, tp, tags))
            names |= {n.lower() for n in tp.names}
        hit = frame["tags"].map(lambda ts, w=want: bool(w & set(ts)))
        for col in ("touchpoint", "channel"):
            hit |= frame[col].fillna("").str.strip().str.lower().isin(names)
        rows = frame[hit]
        score = evaluation.stage_score(stage.id)
        assert score is not None and score.n == len(rows), stage.id
        if len(rows):
            s = rows["sentiment_score"].astype(float)
            assert score.sentiment_mean == pytest.approx(s.mean())
            assert score.sentiment_q25 == pytest.approx(s.quantile(0.25))
            assert score.sentiment_q75 == pytest.approx(s.quantile(0.75))
            for quote in score.thoughts:
                assert quote.record_id in set(rows["id"])


def test_rules_hold(evaluation: Evaluation) -> None:
    scores = evaluation.touchpoints
    imps = [s.importance for s in scores if s.n >= MIN_N]
    cut = float(np.quantile(imps, 0.75))
    for s in scores:
        assert s.opportunity == pytest.approx(s.importance * (1 + s.complaint_share))
        strong = s.sentiment_mean is not None and abs(s.sentiment_mean) >= MOT_MEAN
        wide = s.sentiment_sd is not None and s.sentiment_sd >= MOT_SD
        assert s.mot == (s.n >= MIN_N and s.importance >= cut and (strong or wide)), s.touchpoint
        assert s.fail_point == (s.n >= MIN_N and s.complaint_share >= FAIL_SHARE)
        assert s.importance_source in ("driver", "volume")
        assert s.mot_reason.zh and s.mot_reason.en
        if s.n >= MIN_N:
            assert f"{s.importance:.3f}" in s.mot_reason.en
        for pain in s.pains:
            assert pain.count >= 3 and pain.quote is not None
    assert any(s.mot for s in scores)
    queue = evaluation.touchpoint_score("queue")
    assert queue is not None and queue.wait_point
    promo = evaluation.touchpoint_score("promo")
    assert promo is not None and not promo.wait_point


def test_volume_importance_and_csat(evaluation: Evaluation, journey_demo: Built) -> None:
    frame = text_frame(journey_demo.ws.store, "demo")
    journey = evaluation.journey
    tags = set(frame["tags"].explode().dropna())
    listed = {t for tp in journey.touchpoints for t in tp.tags}
    names = {n.lower() for tp in journey.touchpoints for n in tp.names}
    landed = frame["tags"].map(
        lambda ts: bool(set(ts) & (listed | tags) & _reachable(listed, tags))
    )
    for col in ("touchpoint", "channel"):
        landed |= frame[col].fillna("").str.strip().str.lower().isin(names)
    total = int(landed.sum())
    for s in evaluation.touchpoints:
        if s.importance_source == "volume":
            assert s.importance == pytest.approx(s.n / total)
    # CSAT of "serving" (SQ08, SQ11): top-2 box (6–7 on the 7-point scale) of both items' answers
    inputs = sj.load_inputs(journey_demo.ws.store, "demo")
    survey = inputs.data.survey
    answers = pd.concat([survey["SQ08_感知"], survey["SQ11_感知"]]).dropna()
    serving = evaluation.touchpoint_score("serving")
    assert serving is not None
    assert serving.csat == pytest.approx(100.0 * (answers >= 6).mean())
    assert serving.importance_source == "driver"
    kano = {k: v.value for s in evaluation.touchpoints for k, v in s.kano.items()}
    assert set(kano) == {"扫码点餐", "免费停车", "儿童游乐区", "会员积分", "预约订座", "等位小食"}


def _reachable(listed: set[str], tags: set[str]) -> set[str]:
    out = set()
    for tag in tags:
        key = tag
        while key not in listed and "." in key:
            key = key[: key.rindex(".")]
        if key in listed:
            out.add(tag)
    return out


def test_segment_store_type(journey_demo: Built, evaluation: Evaluation) -> None:
    inputs = sj.load_inputs(journey_demo.ws.store, "demo")
    new = sorted(k for k, v in inputs.data.cohorts.items() if v == "new")
    assert new
    ev = journey_demo.handle.evaluate_journey(segment="store_type=新店")
    assert ev.segment.zh == "门店类型=新店" and ev.segment.en == "Store type = 新店"
    db, journey = str(journey_demo.db), ev.journey
    tags = _all_tags(db)
    for tp in journey.touchpoints[:12]:
        score = ev.touchpoint_score(tp.id)
        n, complaints, _ = _sql(db, journey, tp, tags, channels=new)
        assert score is not None and (score.n, score.complaints) == (n, complaints), tp.id
    assert ev.n_records < evaluation.n_records


def test_segment_errors(journey_demo: Built) -> None:
    from needscope.errors import InputError

    with pytest.raises(InputError, match="segment field 'colour' is unknown"):
        journey_demo.handle.evaluate_journey(segment="colour=red")
    with pytest.raises(InputError, match="store_type 'mid'"):
        journey_demo.handle.evaluate_journey(segment="store_type=mid")
    with pytest.raises(InputError, match="rfm 'vip' is not an RFM segment"):
        journey_demo.handle.evaluate_journey(segment="rfm=vip")
    tier = journey_demo.handle.evaluate_journey(segment="tier=金卡|银卡 & source_type=historic")
    assert tier.n_records > 0


def test_personas_match_rfm(journey_demo: Built) -> None:
    inputs = sj.load_inputs(journey_demo.ws.store, "demo")
    table = rfm_table(inputs.data.orders)
    personas = build_personas(inputs.text, inputs.data.customers, inputs.data.orders,
                              pack=load_pack("restaurant"), min_size=10)  # fmt: skip
    assert 1 <= len(personas) <= 4
    sizes = table["segment"].value_counts()
    for p in personas:
        seg = p.id.removeprefix("rfm_")
        assert p.size == int(sizes[seg])
        assert p.share == pytest.approx(sizes[seg] / len(table))
        assert p.facts and p.name.zh and p.name.en
    by_tier = build_personas(inputs.text, inputs.data.customers, inputs.data.orders,
                             pack=load_pack("restaurant"), by="tier", min_size=1)  # fmt: skip
    counts = inputs.data.customers["tier"].value_counts()
    assert {p.size for p in by_tier} <= set(int(c) for c in counts)
