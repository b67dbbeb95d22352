"""Every method command: runs on CSV/XLSX, agrees with its function, maps errors to exit 2."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from needscope.cli.methods import COMMANDS, register
from needscope.methods import (
    feasibility,
    key_drivers,
    nps,
    pareto,
    priority_matrix,
    rfm,
    servqual_gaps,
)


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer()
    register(application)
    return application


def _run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _csv(tmp_path: Path, name: str, frame: pd.DataFrame, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    frame.to_csv(path, index=False, encoding=encoding)
    return path


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig")


def test_all_commands_registered(app: typer.Typer) -> None:
    names = {c.name for c in app.registered_commands}
    assert names == set(COMMANDS)
    assert {"kano", "nps", "csat", "ces", "servqual", "ipa", "drivers", "priority", "rfm",
            "complaints", "feasibility", "verify-hours", "fivewhy", "gap-table"} <= names  # fmt: skip


def test_nps_csat_ces_and_compare(app: typer.Typer, tmp_path: Path) -> None:
    data = pd.DataFrame(
        {"s": [10, 9, 9, 8, 7, 7, 6, 5, 10, 3], "c": [5, 5, 4, 4, 3, 3, 2, 1, 5, 4],
         "g": ["新客"] * 5 + ["老客"] * 5}
    )  # fmt: skip
    src = _csv(tmp_path, "s.csv", data, encoding="gb18030")
    out = tmp_path / "nps.csv"
    assert _run(app, "nps", "--data", str(src), "--score", "s", "--out", str(out))[0] == 0
    assert _read(out)["nps"].iloc[0] == pytest.approx(10.0)
    code, _ = _run(app, "nps", "--data", str(src), "--score", "s", "--segment", "g",
                   "--out", str(out))  # fmt: skip
    assert code == 0
    pd.testing.assert_frame_equal(_read(out), nps(data, "s", segment="g"), check_dtype=False)
    assert _run(app, "csat", "--data", str(src), "--score", "c", "--out", str(out))[0] == 0
    assert _read(out)["csat"].iloc[0] == pytest.approx(60.0)
    code, _ = _run(app, "ces", "--data", str(src), "--score", "c", "--scale", "5",
                   "--out", str(out))  # fmt: skip
    assert code == 0 and _read(out)["low_effort"].iloc[0] == pytest.approx(20.0)
    code, _ = _run(app, "metric-compare", "--data", str(src), "--score", "s", "--group", "g",
                   "--a", "新客", "--b", "老客", "--out", str(out))  # fmt: skip
    # 新客 10,9,9,8,7 -> 60; 老客 7,6,5,10,3 -> -40
    assert code == 0 and _read(out)["difference"].iloc[0] == pytest.approx(60 - (-40))
    code, output = _run(app, "nps", "--data", str(src), "--score", "zz", "--out", str(out))
    assert code == 2 and "zz" in output


def test_servqual_pairs_by_regex(app: typer.Typer, tmp_path: Path) -> None:
    data = pd.DataFrame(
        {"1-1. 准确 (期望)": [7, 6, 7], "1-2. 准确 (感知)": [6, 6, 5],
         "2-1. 快速 (期望)": [5, 7, 6], "2-2. 快速 (感知)": [5, 4, 6]}
    )  # fmt: skip
    src, out = _csv(tmp_path, "sq.csv", data), tmp_path / "sq.xlsx"
    code, output = _run(app, "servqual", "--data", str(src), "--pair-expectation", "期望",
                        "--pair-perception", "感知", "--out", str(out))  # fmt: skip
    assert code == 0, output
    got = pd.read_excel(out)
    want = servqual_gaps(data, ["1-1. 准确 (期望)", "2-1. 快速 (期望)"],
                         ["1-2. 准确 (感知)", "2-2. 快速 (感知)"], items=["1", "2"])  # fmt: skip
    assert got["gap"].tolist() == pytest.approx(want["gap"].tolist())
    code, output = _run(app, "servqual", "--data", str(src), "--level", "dimension",
                        "--expectation-cols", "1-1. 准确 (期望),2-1. 快速 (期望)",
                        "--perception-cols", "1-2. 准确 (感知),2-2. 快速 (感知)",
                        "--dimensions", "reliability,responsiveness", "--out", str(out))  # fmt: skip
    assert code == 0, output
    assert pd.read_excel(out)["dimension"].tolist() == ["reliability", "responsiveness"]


def test_gap_table_zone_and_ipa(app: typer.Typer, tmp_path: Path) -> None:
    seed = pd.DataFrame({"metric": ["响应速度", "服务态度"], "expected": ["5分钟内", "9分"],
                         "actual": ["10分钟", "8分"]})  # fmt: skip
    out = tmp_path / "o.csv"
    code, _ = _run(app, "gap-table", "--data", str(_csv(tmp_path, "g.csv", seed)), "--out",
                   str(out))  # fmt: skip
    assert code == 0 and _read(out)["gap_text"].tolist() == ["−5 分钟", "−1 分"]
    zone = pd.DataFrame({"a": [4, 5], "d": [6, 7], "p": [5, 6]})
    code, _ = _run(app, "zone-of-tolerance", "--data", str(_csv(tmp_path, "z.csv", zone)),
                   "--adequate-cols", "a", "--desired-cols", "d", "--perception-cols", "p",
                   "--out", str(out))  # fmt: skip
    assert code == 0 and _read(out)["position"].iloc[0] == "within"
    rat = pd.DataFrame({"i1": [5, 4], "p1": [2, 2], "i2": [2, 1], "p2": [5, 4]})
    code, _ = _run(app, "ipa", "--data", str(_csv(tmp_path, "i.csv", rat)), "--importance-cols",
                   "i1,i2", "--performance-cols", "p1,p2", "--names", "上菜,装修", "--out",
                   str(out))  # fmt: skip
    assert code == 0 and _read(out)["quadrant_label"].tolist() == ["集中改进", "过度投入"]


def test_drivers_priority_feasibility(app: typer.Typer, tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(60, 3))
    data = pd.DataFrame(x, columns=["speed", "taste", "price"]).assign(
        overall=lambda d: 2 * d.speed + d.taste + rng.normal(size=60)
    )
    out = tmp_path / "o.csv"
    code, _ = _run(app, "drivers", "--data", str(_csv(tmp_path, "d.csv", data)), "--target",
                   "overall", "--predictors", "speed,taste,price", "--out", str(out))  # fmt: skip
    want = key_drivers(data, "overall", ["speed", "taste", "price"])
    assert code == 0 and _read(out)["raw_weight"].tolist() == pytest.approx(
        want["raw_weight"].tolist()
    )
    needs = pd.DataFrame({"need": ["优化点餐上菜流程", "员工菜单知识培训", "增加儿童游乐区服务"],
                          "importance": [5, 4, 2], "urgency": [4, 3, 1]})  # fmt: skip
    src = _csv(tmp_path, "p.csv", needs)
    code, _ = _run(app, "priority", "--data", str(src), "--template2", "--out", str(out))
    assert code == 0 and _read(out)["优先级分类"].tolist() == ["立即执行", "计划执行", "暂缓执行"]
    code, _ = _run(app, "priority", "--data", str(src), "--now", "3.5", "--out", str(out))
    assert _read(out)["priority"].tolist() == priority_matrix(needs)["priority"].tolist()
    code, output = _run(app, "priority", "--data", str(src), "--importance-weights", "1,2",
                        "--out", str(out))  # fmt: skip
    assert code == 2 and "importance-weights" in output
    feas = needs.assign(cost=[8, 1, 30], benefit=[2, 1, 1], technical_risk=[2, 1, 5])
    code, _ = _run(app, "feasibility", "--data", str(_csv(tmp_path, "f.csv", feas)), "--out",
                   str(out))  # fmt: skip
    assert code == 0
    assert _read(out)["verdict"].tolist() == feasibility(feas)["verdict"].tolist()
    code, _ = _run(app, "feasibility", "--data", str(tmp_path / "f.csv"), "--report", "--out",
                   str(out))  # fmt: skip
    assert code == 0 and _read(out)["report"].iloc[0].startswith("【优化点餐上菜流程】")


def test_complaints_rfm_verify_fivewhy(app: typer.Typer, tmp_path: Path) -> None:
    comp = pd.DataFrame({"cause": ["慢"] * 8 + ["凶"] * 2,
                         "date": pd.date_range("2024-01-25", periods=10, freq="D")})  # fmt: skip
    src, out = _csv(tmp_path, "c.csv", comp), tmp_path / "o.csv"
    code, _ = _run(app, "complaints", "--data", str(src), "--out", str(out))
    assert code == 0 and _read(out)["count"].tolist() == pareto(comp)["count"].tolist()
    code, _ = _run(app, "complaints", "--data", str(src), "--view", "trend", "--date-col",
                   "date", "--out", str(out))  # fmt: skip
    assert code == 0 and _read(out)["period"].unique().tolist() == ["2024-01", "2024-02"]
    assert _run(app, "complaints", "--data", str(src), "--view", "trend", "--out", str(out))[0] == 2
    tx = pd.DataFrame({"cid": ["a", "a", "b"], "when": ["2024-01-01", "2024-02-01", "2024-01-15"],
                       "amt": [10.0, 20.0, 5.0]})  # fmt: skip
    tsrc = _csv(tmp_path, "t.csv", tx)
    code, output = _run(app, "rfm", "--data", str(tsrc), "--customer-col", "cid", "--date-col",
                        "when", "--amount-col", "amt", "--out", str(out))  # fmt: skip
    assert code == 0, output
    want = rfm(tx, "cid", "when", "amt")
    assert _read(out)["segment"].tolist() == want["segment"].tolist()
    code, _ = _run(app, "rfm", "--data", str(tsrc), "--customer-col", "cid", "--date-col",
                   "when", "--amount-col", "amt", "--profile", "--out", str(out))  # fmt: skip
    assert code == 0 and len(_read(out)) == 10
    hours = pd.DataFrame({"hour": range(24), "n": [1] * 6 + [20] * 16 + [1] * 2})
    code, output = _run(app, "verify-hours", "--data", str(_csv(tmp_path, "h.csv", hours)),
                        "--time-col", "hour", "--count-col", "n", "--out", str(out))  # fmt: skip
    assert code == 0 and _read(out)["verdict"].iloc[0] == "contradicted"
    assert "需要24小时服务" in output
    nodes = pd.DataFrame({"node": ["1", "1.1"], "parent": ["", "1"],
                          "text": ["后厨出餐慢", "人工转抄点单"]})  # fmt: skip
    txt = tmp_path / "tree.txt"
    code, output = _run(app, "fivewhy", "--data", str(_csv(tmp_path, "w.csv", nodes)), "--need",
                        "缩短上菜时间", "--problem", "上菜慢", "--out", str(txt))  # fmt: skip
    assert code == 0 and "人工转抄点单（根因）" in txt.read_text(encoding="utf-8")


def test_bad_output_suffix_and_lang(app: typer.Typer, tmp_path: Path) -> None:
    src = _csv(tmp_path, "s.csv", pd.DataFrame({"s": [1, 2]}))
    code, output = _run(app, "nps", "--data", str(src), "--score", "s", "--out",
                        str(tmp_path / "o.json"))  # fmt: skip
    assert code == 2 and ".csv or .xlsx" in output
    code, output = _run(app, "gap-table", "--data", str(src), "--lang", "fr", "--out",
                        str(tmp_path / "o.csv"))  # fmt: skip
    assert code == 2
