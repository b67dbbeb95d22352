"""The feedback loop: goal status, new needs against the z-test, the iteration call, write-back."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from needscope.errors import InputError
from needscope.model.vocab import IterationType
from needscope.plan.feedback import (
    Goal,
    candidate_needs,
    decide_iteration,
    detect_new_needs,
    evaluate_launch,
    in_stores,
    repurchase_flags,
)
from needscope.plan.stats import mean_change
from needscope.services.feedback import write_candidates
from needscope.text import load_pack
from needscope.text.trends import two_proportion_z

LAUNCH = "2026-01-26"


def _records(effect: float, seed: int = 8, n: int = 2400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = rng.integers(-34, 34, n)
    store = rng.choice(["A", "B", "C", "D"], n)
    treated = np.isin(store, ["C", "D"])
    post = days >= 0
    serving = 18 + 2 * treated + effect * (treated & post) + rng.normal(0, 2, n)
    ts = pd.Timestamp(LAUNCH) + pd.to_timedelta(days, unit="D") + pd.Timedelta(hours=12)
    return pd.DataFrame({"id": np.arange(n), "ts": ts, "channel": store, "serving": serving,
                         "attrs": [{} for _ in range(n)]})  # fmt: skip


GOAL = {"metric": "上菜时长", "target": 17, "unit": "分钟", "direction": "down"}


@pytest.mark.parametrize(
    ("effect", "status"),
    [
        (-4.0, "met"),
        (-2.6, "nearly"),
        (-1.0, "not_met"),
        (0.0, "not_significant"),
        (2.0, "not_met"),
    ],
)
def test_goal_status(effect: float, status: str) -> None:
    data = _records(effect)
    res = evaluate_launch(
        data, LAUNCH, [GOAL], {"上菜时长": "serving"}, treated=in_stores(["C", "D"])
    )
    g = res.goals[0]
    assert g.status == status, (g.level, g.progress, g.did)
    # the DiD equals the 2x2 difference of the cell means of the same windows
    frame = data.assign(t=data["channel"].isin(["C", "D"]), p=data["ts"] >= LAUNCH)
    m = frame.groupby(["t", "p"])["serving"].mean()
    assert g.did is not None
    assert g.did.estimate == pytest.approx(
        (m[True, True] - m[True, False]) - (m[False, True] - m[False, False])
    )
    assert g.level == pytest.approx(m[True, True])
    assert g.reason("zh").startswith("上菜时长") and g.reason("en").startswith("上菜时长")


def test_before_after_without_control() -> None:
    data = _records(-4.0)
    treated = data[data["channel"].isin(["C", "D"])]
    res = evaluate_launch(treated, LAUNCH, [GOAL], {"上菜时长": "serving"})
    g = res.goals[0]
    assert g.did is None and g.before_after is not None
    ref = mean_change(treated.loc[treated["ts"] < LAUNCH, "serving"],
                      treated.loc[treated["ts"] >= LAUNCH, "serving"])  # fmt: skip
    assert g.before_after.estimate == pytest.approx(ref.estimate)
    assert g.before_after.p_value == pytest.approx(ref.p_value)


def test_windows_are_symmetric() -> None:
    data = _records(-4.0)
    early = data.assign(ts=data["ts"] - pd.Timedelta(days=70))  # far before: outside the pre window
    res = evaluate_launch(pd.concat([data, early]), LAUNCH, [GOAL], {"上菜时长": "serving"},
                          treated=in_stores(["C", "D"]))  # fmt: skip
    base = evaluate_launch(
        data, LAUNCH, [GOAL], {"上菜时长": "serving"}, treated=in_stores(["C", "D"])
    )
    assert res.goals[0].did.estimate == pytest.approx(base.goals[0].did.estimate)  # type: ignore[union-attr]
    assert res.pre[0] == pd.Timestamp("2025-12-23") and res.post[0] == pd.Timestamp(LAUNCH)


def test_repurchase_flags_by_hand() -> None:
    frame = pd.DataFrame({
        "customer_key": ["a", "a", "a", None, "b", "b"],
        "ts": pd.to_datetime(["2026-01-01", "2026-01-20", "2026-03-01", "2026-01-02",
                              "2026-01-05", "2026-02-03"]),
    })  # fmt: skip
    flags = repurchase_flags(frame, days=28)
    assert flags.tolist()[:3] == [0.0, 1.0, 0.0] and math.isnan(flags.iloc[3])
    assert flags.tolist()[4:] == [0.0, 0.0]  # 29 days later is outside the window


def _text() -> pd.DataFrame:
    # pre: 200 records, 10 with service.ordering; post: 200 records, 30 with it and 5 with a
    # tag never seen before; service.wait_time flat (10 and 11)
    tags = ([["service.ordering"]] * 10 + [["service.wait_time"]] * 10 + [[]] * 180
            + [["service.ordering"]] * 30 + [["price.discount"]] * 5 + [["service.wait_time"]] * 11
            + [[]] * 154)  # fmt: skip
    ts = [pd.Timestamp("2026-01-10")] * 200 + [pd.Timestamp("2026-02-05")] * 200
    return pd.DataFrame({"id": range(400), "ts": ts, "problem_tags": tags,
                         "text": [f"t{i}" for i in range(400)]})  # fmt: skip


def test_new_needs_against_two_proportion_z() -> None:
    text = _text()
    pre, post = text["ts"] < LAUNCH, text["ts"] >= LAUNCH
    found = detect_new_needs(text, pre, post)
    assert found["tag"].tolist() == ["service.ordering", "price.discount"]
    ordering = found.iloc[0]
    z, p = two_proportion_z(30, 200, 10, 200)
    assert ordering["z"] == pytest.approx(z) and ordering["p"] == pytest.approx(p)
    assert (ordering["pre_share"], ordering["post_share"]) == (5.0, 15.0)
    tag = load_pack("restaurant").tag("service.ordering")
    assert ordering["need_zh"] == "点餐方便顺畅" == tag.need_text("zh")
    assert ordering["need_en"] == tag.need_text("en")
    assert found.iloc[1]["only_post"] and len(found.iloc[1]["evidence_ids"]) == 5
    needs = candidate_needs(found, "zh")
    assert needs[0].status.value == "candidate" and needs[0].evidence[:2] == [200, 201]


def _check(status: str) -> object:
    from needscope.plan.feedback import GoalCheck

    return GoalCheck(Goal("m", 1.0), status, 1.0, 0.0, 1.0, None, None, "r", "r")


@pytest.mark.parametrize(
    ("statuses", "needs", "sentiment_up", "call"),
    [
        (["met", "nearly"], True, False, IterationType.TWEAK),
        (["met", "not_met"], True, False, IterationType.UPGRADE),
        (["met", "not_significant"], False, False, IterationType.TWEAK),
        (["not_met", "not_significant", "met"], True, False, IterationType.REBUILD),
        (["not_met", "not_significant", "met"], True, True, IterationType.UPGRADE),
    ],
)
def test_iteration_rule(
    statuses: list[str], needs: bool, sentiment_up: bool, call: IterationType
) -> None:
    found = detect_new_needs(_text(), _text()["ts"] < LAUNCH, _text()["ts"] >= LAUNCH)
    sentiment = mean_change([0.0, 0.1, -0.1, 0.05] * 10, [0.5, 0.6, 0.4, 0.55] * 10 if sentiment_up
                            else [0.0, 0.1, -0.1, 0.05] * 10)  # fmt: skip
    result = decide_iteration([_check(s) for s in statuses], found if needs else found.iloc[0:0],
                              sentiment)  # type: ignore[misc]  # fmt: skip
    assert result.type == call
    assert (
        result.reasons("zh")
        and result.reasons("en")
        and len(result.reasons_zh) == len(result.reasons_en)
    )


def test_bad_input() -> None:
    data = _records(-4.0)
    with pytest.raises(InputError, match="metric"):
        evaluate_launch(data, LAUNCH, [{"target": 1}], {})
    with pytest.raises(InputError, match="no way"):
        evaluate_launch(data, LAUNCH, [GOAL], {})
    with pytest.raises(InputError, match="direction"):
        evaluate_launch(data, LAUNCH, [{**GOAL, "direction": "sideways"}], {"上菜时长": "serving"})
    with pytest.raises(InputError, match="not a date"):
        evaluate_launch(data, "soon", [GOAL], {"上菜时长": "serving"})
    with pytest.raises(InputError, match="after the launch"):
        evaluate_launch(data, "2027-01-01", [GOAL], {"上菜时长": "serving"})


def test_write_candidates_into_register(workspace: object) -> None:
    from needscope.services.workspace import Workspace

    assert isinstance(workspace, Workspace)
    handle = workspace.create_project("loop", "客户", industry="restaurant")
    text = _text()
    res = evaluate_launch(_records(-4.0), LAUNCH, [GOAL], {"上菜时长": "serving"},
                          treated=in_stores(["C", "D"]))  # fmt: skip
    found = detect_new_needs(text, text["ts"] < LAUNCH, text["ts"] >= LAUNCH)
    res = type(res)(res.launch, res.pre, res.post, res.goals, found.assign(evidence_ids=[[], []]),
                    res.sentiment, res.iteration)  # fmt: skip
    ids = write_candidates(handle.store, "loop", res)
    assert len(ids) == 2
    needs = handle.needs()
    assert set(needs["status"]) == {"candidate"}
    assert "点餐方便顺畅（上线后新出现）" in set(needs["description"])
    assert write_candidates(handle.store, "loop", res) == []  # not added twice
