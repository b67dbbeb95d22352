"""The feedback loop of a stored project: DiD against statsmodels, new needs written once, the
CLI, the report section, and the demo's launch."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from typer.testing import CliRunner

from needscope.cli import app
from needscope.errors import InputError
from needscope.model.vocab import IterationType
from needscope.plan.launch import launch_from_dict
from needscope.services.feedback import launch_for, parse_treated, run_feedback
from needscope.services.workspace import ProjectHandle, Workspace

LAUNCH = date(2026, 1, 26)
TREATED = ["南站店", "江北店"]
CONTROL = ["新街口店", "夫子庙店"]
DAYS = 21
TOL = 1e-8


def _orders(seed: int = 3) -> pd.DataFrame:
    """Four orders a day per store, three weeks either side of the launch; the launch stores
    serve 4 minutes faster after it."""
    rng = np.random.default_rng(seed)
    rows = []
    for day in range(-DAYS, DAYS):
        when = LAUNCH + timedelta(days=day)
        for store in TREATED + CONTROL:
            for k in range(4):
                treated = store in TREATED
                minutes = (18.0 if treated else 14.0) - (4.0 if treated and day >= 0 else 0.0)
                rows.append({"订单号": f"O{len(rows):05d}", "会员编号": f"M{rng.integers(0, 200):03d}",
                             "下单时间": f"{when} 12:{10 * k:02d}", "门店": store, "金额": 100.0,
                             "上菜时长(分钟)": round(minutes + rng.normal(0, 2.0), 1)})  # fmt: skip
    return pd.DataFrame(rows)


def _reviews() -> pd.DataFrame:
    """Reviews before and after the launch; after it, launch-store guests ask for ordering help."""
    rows = []
    for day in range(-DAYS, DAYS, 1):
        when = LAUNCH + timedelta(days=day)
        for store in TREATED + CONTROL:
            text = "菜很好吃，环境也不错，还会再来。"
            if store in TREATED and day >= 0 and day % 2 == 0:
                text = "扫码点餐页面一直卡住，没有服务员帮忙点餐，太麻烦了。"
            rows.append({"评论编号": f"R{len(rows):05d}", "平台": "美团", "门店": store, "评分": 4,
                         "评论时间": f"{when} 19:00", "评论": text})  # fmt: skip
    return pd.DataFrame(rows)


def _project(ws: Workspace, tmp: Path) -> ProjectHandle:
    from needscope.services.enrich import enrich_project

    handle = ws.create_project("loop", "味道江南", industry="restaurant",
                               goals=["上菜时间不超过15分钟"])  # fmt: skip
    orders, reviews = tmp / "orders.csv", tmp / "reviews.csv"
    _orders().to_csv(orders, index=False, encoding="utf-8-sig")
    _reviews().to_csv(reviews, index=False, encoding="utf-8-sig")
    handle.import_file(orders, source_type="historic")
    handle.import_file(reviews, source_type="third_party")
    enrich_project(ws.store, "loop")
    handle.draft_plan(start="2026-03-02")
    plan = handle.plan()
    plan.launch = launch_from_dict({
        "date": LAUNCH.isoformat(), "name": "新出餐流程", "treated": TREATED, "control": CONTROL,
        "metrics": {"上菜时长": {"column": "上菜时长(分钟)", "unit": "分钟", "direction": "down"}},
    })  # fmt: skip
    handle.save_plan(plan)
    return handle


def test_feedback_on_both_stores(workspace: Workspace, tmp_path: Path) -> None:
    handle = _project(workspace, tmp_path)
    run = handle.feedback(write_needs=True)
    assert run.launch.treated == TREATED and not run.skipped
    (goal,) = run.result.goals
    assert goal.goal.metric == "上菜时间" and goal.goal.direction == "down"
    # the same regression by statsmodels on the generated orders: all of them fall in the
    # windows (21 days after the launch and the 21 days before it), clustered by store
    data = _orders().assign(
        y=lambda f: f["上菜时长(分钟)"], treated=lambda f: f["门店"].isin(TREATED).astype(int),
        post=lambda f: (pd.to_datetime(f["下单时间"]) >= pd.Timestamp(LAUNCH)).astype(int))  # fmt: skip
    ref = smf.ols("y ~ treated + post + treated:post", data).fit(
        cov_type="cluster", cov_kwds={"groups": data["门店"]}, use_t=True)  # fmt: skip
    assert goal.did is not None
    assert goal.did.estimate == pytest.approx(ref.params["treated:post"], abs=TOL)
    assert goal.did.p_value == pytest.approx(ref.pvalues["treated:post"], abs=TOL)
    lo, hi = ref.conf_int().loc["treated:post"]
    assert (goal.did.ci_low, goal.did.ci_high) == (pytest.approx(lo, abs=TOL), pytest.approx(hi, abs=TOL))  # fmt: skip
    after = data[(data["treated"] == 1) & (data["post"] == 1)]["y"].mean()
    assert goal.level == pytest.approx(after, abs=TOL) and goal.status == "met"
    means = run.did_frame()
    assert list(means["before"]) == [pytest.approx(round(v, 3)) for v in (
        data[(data.treated == 1) & (data.post == 0)].y.mean(),
        data[(data.treated == 0) & (data.post == 0)].y.mean())]  # fmt: skip
    # the ordering complaints of the launch stores come back as a candidate need, once
    assert "service.ordering" in set(run.result.new_needs["tag"])
    assert len(run.written) == len(run.result.new_needs) >= 1
    needs = handle.needs()
    added = needs[needs["origin"] == "feedback"]
    assert set(added["status"]) == {"candidate"} and len(added) == len(run.written)
    assert "点餐方便顺畅（上线后新出现）" in set(added["description"])
    assert all(n > 0 for n in added["evidence_count"])
    again = handle.feedback(write_needs=True)
    assert again.written == [] and len(handle.needs()) == len(needs)
    assert run.result.iteration.type is IterationType.TWEAK


def test_cli_and_section(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'loop.db'}"
    ws = Workspace(db)
    _project(ws, tmp_path)
    runner = CliRunner()
    out = tmp_path / "loop.xlsx"
    res = runner.invoke(app, ["--db", db, "plan", "feedback", "loop", "--lang", "zh", "--out",
                              str(out), "--write-needs"])  # fmt: skip
    assert res.exit_code == 0, res.output
    for text in ("上线：新出餐流程（2026-01-26）", "目标达成检验", "上菜时间", "双重差分", "达成",
                 "点餐方便顺畅", "迭代建议：微调优化", "已写入需求登记表的候选需求：1 条"):  # fmt: skip
        assert text in res.output, text
    book = openpyxl.load_workbook(out)
    assert "目标达成" in book.sheetnames and "新需求" in book.sheetnames
    res = runner.invoke(app, ["--db", db, "plan", "feedback", "loop", "--lang", "en",
                              "--write-needs", "--window-days", "14"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "before 2026-01-11–2026-01-25, after 2026-01-26–2026-02-09" in res.output
    assert "candidate needs added to the register: 0" in res.output
    res = runner.invoke(app, ["--db", db, "plan", "feedback", "loop", "--treated", "store="])
    assert res.exit_code != 0 and "--treated" in res.output
    # the report section: goal table, one treated-vs-control chart, the call
    from needscope.report.blocks import Chart, Table, Text
    from needscope.report.builtin_plan import FEEDBACK
    from needscope.services.run import StoreContext

    section = FEEDBACK.build(StoreContext(ws.store, "loop", "en"))
    assert section.key == "plan.feedback" and FEEDBACK.order == 430
    tables = [b for b in section.blocks if isinstance(b, Table)]
    assert tables[0].frame.columns[0] == "Metric" and tables[0].frame.iloc[0, -1] == "Met"
    charts = [b for b in section.blocks if isinstance(b, Chart)]
    assert len(charts) == 1 and list(charts[0].data["group"]) == ["Launch group", "Control group"]
    assert any(isinstance(b, Text) and b.text == "Iteration call: Tweak." for b in section.blocks)
    ws.close()


def test_launch_arguments_and_errors() -> None:
    assert parse_treated("store=A|B") == ("store", ["A", "B"])
    assert parse_treated("A，B") == ("store", ["A", "B"])
    with pytest.raises(InputError):
        parse_treated("store=")
    with pytest.raises(InputError) as err:
        launch_for(None)
    assert err.value.column == "launch"
    spec = launch_for(None, "2026-01-26", "门店=X|Y", 10)
    assert (spec.date, spec.column, spec.treated, spec.window_days) == (
        LAUNCH,
        "门店",
        ["X", "Y"],
        10,
    )
    with pytest.raises(InputError) as err:
        launch_from_dict({"date": "2026-01-26", "metrics": {"x": {"direction": "sideways"}}})
    assert err.value.column == "launch.metrics.x.direction"
    with pytest.raises(InputError) as err:
        launch_from_dict({"date": "soon"})
    assert err.value.column == "launch.date"


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path]:
    """The demo at scale 0.05, text-enriched (its plan carries the launch)."""
    from needscope.services.demo_job import build_demo
    from needscope.services.enrich import enrich_project

    root = tmp_path_factory.mktemp("loop_demo")
    ws = Workspace(f"sqlite:///{root / 'demo.db'}")
    build_demo(ws, root / "files", scale=0.05)
    enrich_project(ws.store, "demo")
    return ws, root / "files"


def test_demo_launch(small_demo: tuple[Workspace, Path]) -> None:
    ws, files = small_demo
    plan = ws.project("demo").plan()
    assert plan.launch is not None and plan.launch.date == LAUNCH
    truth = json.loads((files / "_truth" / "launch_truth.json").read_text(encoding="utf-8"))
    assert plan.launch.treated == truth["treated_stores"]
    run = run_feedback(ws.store, "demo", lang="en")
    by_metric = {g.goal.metric: g for g in run.result.goals}
    assert set(by_metric) == {"Serving time", "Repeat rate"}
    serving = by_metric["Serving time"].did
    assert serving is not None  # the true effect lies in the interval
    assert serving.ci_low < truth["effects"]["serving_minutes"] < serving.ci_high
    assert run.basis("Serving time") == "mean of “上菜时长(分钟)” per record"
