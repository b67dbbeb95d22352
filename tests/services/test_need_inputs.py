"""A person's priority scores, feasibility inputs and 5-Why chains are kept with the need."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from needscope.cli import app
from needscope.errors import InputError
from needscope.methods.fivewhy import FiveWhy
from needscope.services.workspace import Workspace


def test_inputs_round_trip(workspace: Workspace) -> None:
    project = workspace.create_project("p", "味道江南")
    need = project.add_need("缩短高峰期上菜时间", dimension="期望标准")
    assert need.id is not None
    assert project.set_need_scores(need.id, time_pressure=5, customer_value=4) == {
        "time_pressure": 5,
        "customer_value": 4,
    }
    assert project.set_need_scores(need.id, customer_value=None) == {"time_pressure": 5}
    with pytest.raises(InputError, match="1–5"):
        project.set_need_scores(need.id, time_pressure=6)
    with pytest.raises(InputError, match="unknown"):
        project.set_need_scores(need.id, colour=3)
    project.set_need_feasibility(need.id, cost=8000, benefit=1500, technical_risk=2)
    with pytest.raises(InputError):
        project.set_need_feasibility(need.id, compliance_risk=9)
    tree = FiveWhy("缩短高峰期上菜时间", "上菜慢")
    first = tree.add("后厨出餐排队")
    tree.add("新店厨师对新菜单不熟", first, evidence="观察记录 12 条")
    project.set_five_why(need.id, tree)
    row = project.needs().iloc[0]
    assert row["scores"] == {"time_pressure": 5}
    assert row["feasibility"] == {"cost": 8000.0, "benefit": 1500.0, "technical_risk": 2.0}
    again = project.five_why(need.id)
    assert again is not None and again.to_dict() == tree.to_dict()
    assert [n.text for _, n in again.root_causes()] == ["新店厨师对新菜单不熟"]


def test_cli_score_feasibility_and_why(sqlite_url: str) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", sqlite_url, "--lang", "zh", *args])
        assert result.exit_code == 0, result.output
        return result.output

    run("init", "p", "--client", "味道江南")
    run("needs", "add", "p", "-d", "缩短高峰期上菜时间")
    assert "time_pressure=5" in run("needs", "score", "p", "1", "--time-pressure", "5")
    assert "cost=8000" in run("needs", "feasibility", "p", "1", "--cost", "8000")
    run("needs", "why", "p", "1", "--problem", "上菜慢", "--add", "后厨出餐排队")
    shown = run("needs", "why", "p", "1", "--add", "新店厨师对新菜单不熟", "--parent", "1")
    assert "问题: 上菜慢" in shown and "新店厨师对新菜单不熟（根因）" in shown
    shown = run("needs", "why", "p", "1", "--edit", "1.1", "--text", "厨师不熟悉新菜单")
    assert "厨师不熟悉新菜单" in shown
    bad = runner.invoke(app, ["--db", sqlite_url, "needs", "why", "p", "1", "--remove", "7"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
