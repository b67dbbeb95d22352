"""``needscope plan``: check-goal, draft, show, track, import/export, gantt, value, jargon."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from needscope.cli import app
from needscope.services import plan as sp
from needscope.services.workspace import Workspace

runner = CliRunner()


def _run(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, "--lang", "zh", "plan", *args])
    return result.exit_code, result.output


def test_check_goal_and_jargon_without_project() -> None:
    code, text = _run("sqlite://", "check-goal",
                      "将客户投诉响应时间从平均48小时缩短至12小时内，30天内客户满意度提升15%")  # fmt: skip
    assert code == 0 and "30天内" in text
    code, text = _run("sqlite://", "check-goal", "提升客户满意度")
    assert code == 1 and "没有时限" in text and "未通过" in text
    code, text = _run("sqlite://", "jargon", "构建SaaS化服务中台")
    assert code == 0 and "一套能实时同步各门店订单、库存和顾客信息的智能管理系统" in text


def test_plan_commands_end_to_end(project_db: str, tmp_path: Path) -> None:
    code, text = _run(project_db, "draft", "p", "--start", "2026-03-02")
    assert code == 0, text
    ws = Workspace(project_db)
    plan = sp.load_plan(ws.store, "p")
    assert plan is not None and plan.start is not None and plan.start.isoformat() == "2026-03-02"
    ids = [t.id for t in plan.tasks]
    assert "process" in ids and "monitoring" in ids and "kids" not in ids
    code, text = _run(project_db, "show", "p")
    assert code == 0 and "关键路径" in text and "150,000" in text
    code, text = _run(project_db, "track", "p", "--task", "流程优化", "--actual", "2026-03-16",
                      "--quality", "良", "--problem", "后厨扫码设备延迟", "--fix", "调整设备网络配置")  # fmt: skip
    assert code == 0 and "2026-03-15" in text and "延误 1 天" in text
    out = tmp_path / "t4.xlsx"
    code, text = _run(project_db, "export", "p", "--template4", "--out", str(out))
    assert code == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[1] == ("流程优化", "2026-03-15", "2026-03-16", "良", "后厨扫码设备延迟",
                       "调整设备网络配置")  # fmt: skip
    t3 = tmp_path / "t3.csv"
    assert _run(project_db, "export", "p", "--template3", "--out", str(t3))[0] == 0
    assert _run(project_db, "import", "p", "--template3", str(t3))[0] == 0
    assert [t.id for t in sp.require_plan(ws.store, "p").tasks] == ids
    png = tmp_path / "g.png"
    code, _ = _run(project_db, "gantt", "p", "--out", str(png))
    assert code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    code, text = _run(project_db, "value", "p")
    assert code == 0 and "这套方案只做" in text
    code, text = _run(project_db, "export", "p", "--out", str(out))
    assert code == 2 and "--template3" in text
    ws.close()
