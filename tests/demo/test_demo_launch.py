"""The demo's launch: post-launch data, its truth, and a DiD that recovers the true effects."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from needscope.demo import GENERATOR_VERSION, DemoManifest
from needscope.plan.feedback import evaluate_launch, in_stores, repurchase_flags

NEW = {"南京南站店", "江北新区店", "奥体中心店"}


@pytest.fixture(scope="module")
def truth(mid: DemoManifest) -> dict:
    return json.loads((mid.out_dir / "_truth" / "launch_truth.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def orders(mid: DemoManifest) -> pd.DataFrame:
    frame = pd.read_csv(mid.out_dir / "orders.csv", dtype={"会员编号": str})
    frame["ts"] = pd.to_datetime(frame["下单时间"])
    return frame


def test_manifest_records_the_launch(mid: DemoManifest, truth: dict) -> None:
    assert GENERATOR_VERSION == "1.2"
    launch = mid.project["launch"]
    assert str(launch["date"]) == truth["date"] == "2026-01-26"
    assert set(launch["treated"]) == set(truth["treated_stores"]) == NEW
    assert set(launch["control"]) == set(mid.project["stores"]["old"])
    assert truth["design"]["serving_shift_minutes"] == -4.0
    assert -4.6 < truth["effects"]["serving_minutes"] < -3.6  # realised: -4 × lognormal mean
    assert 0.03 < truth["effects"]["repurchase_28d"] < 0.2


def _window(orders: pd.DataFrame, launch: str) -> pd.DataFrame:
    """Orders in the post window (launch to end) and a pre window of the same length."""
    start = pd.Timestamp(launch)
    days = (orders["ts"].max().normalize() - start).days + 1
    pre_start = start - pd.Timedelta(days=days)
    keep = orders["ts"] >= pre_start
    return orders[keep].assign(
        treated=orders["门店"].isin(NEW).astype(int), post=(orders["ts"] >= start).astype(int)
    )


def test_did_recovers_serving_effect(orders: pd.DataFrame, truth: dict) -> None:
    data = _window(orders, truth["date"]).dropna(subset=["上菜时长(分钟)"])
    data = data.rename(columns={"上菜时长(分钟)": "y"})
    fit = smf.ols("y ~ treated + post + treated:post", data).fit(cov_type="HC1")
    lo, hi = fit.conf_int().loc["treated:post"]
    assert lo <= truth["effects"]["serving_minutes"] <= hi, (lo, hi)
    assert hi < 0  # the effect is found, not just covered


def test_did_recovers_repurchase_effect(orders: pd.DataFrame, truth: dict) -> None:
    # independent metric: previous order of the same member within 28 days
    members = orders.dropna(subset=["会员编号"]).sort_values("ts", kind="stable")
    gap = members.groupby("会员编号")["ts"].diff()
    flags = (gap <= pd.Timedelta(days=28)).astype(float)
    data = _window(orders.loc[flags.index].assign(y=flags), truth["date"])
    fit = smf.ols("y ~ treated + post + treated:post", data).fit(cov_type="HC1")
    lo, hi = fit.conf_int().loc["treated:post"]
    assert lo <= truth["effects"]["repurchase_28d"] <= hi, (lo, hi)


def test_feedback_loop_on_demo_orders(orders: pd.DataFrame, truth: dict) -> None:
    records = pd.DataFrame({"id": range(len(orders)), "ts": orders["ts"], "channel": orders["门店"],
                            "customer_key": orders["会员编号"],
                            "serving": orders["上菜时长(分钟)"]})  # fmt: skip
    goals = [{"metric": "上菜时长", "target": 15, "unit": "分钟", "direction": "down"},
             {"metric": "复购率", "target": 40, "unit": "%", "direction": "up"}]  # fmt: skip
    metrics = {"上菜时长": "serving", "复购率": lambda f: repurchase_flags(f, 28)}
    result = evaluate_launch(records, truth["date"], goals, metrics,
                             treated=in_stores(truth["treated_stores"]))  # fmt: skip
    serving = result.goals[0]
    assert serving.did is not None and serving.did.ci_low <= truth["effects"]["serving_minutes"]
    assert truth["effects"]["serving_minutes"] <= serving.did.ci_high
    assert serving.status in ("met", "nearly")
    assert serving.did.extra["pre_trend"].parallel
    repurchase = result.goals[1]
    assert repurchase.did is not None
    assert repurchase.did.ci_low <= truth["effects"]["repurchase_28d"] <= repurchase.did.ci_high


def test_post_launch_feedback(mid: DemoManifest, truth: dict) -> None:
    reviews = list(
        csv.DictReader(io.StringIO((mid.out_dir / "reviews.csv").read_text("utf-8-sig")))
    )
    rows = reviews
    flagged = [
        r
        for r in rows
        if "扫码点餐" in r["评论"] and ("不会用" in r["评论"] or "积分" in r["评论"])
    ]
    assert flagged, "post-launch needs are in the reviews"
    assert all(r["评论时间"] >= truth["date"] and r["门店"] in NEW for r in flagged)
    praise = [r for r in rows if "新的出餐流程" in r["评论"] or "新流程上线后" in r["评论"]]
    assert praise and all(r["评论时间"] >= truth["date"] for r in praise)
    complaints = list(csv.DictReader(io.StringIO(
        (mid.out_dir / "complaints.csv").read_bytes().decode("gb18030"))))  # fmt: skip

    def share(after: bool) -> float:
        sel = [
            c for c in complaints if c["门店"] in NEW and (c["创建时间"] >= truth["date"]) == after
        ]
        return float(np.mean([c["投诉类别"] == "点餐系统" for c in sel]))

    assert share(True) > share(False)
