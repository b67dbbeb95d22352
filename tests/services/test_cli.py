"""The command line does what the Python API does, with clear errors and exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from needscope.cli import app

runner = CliRunner()


def invoke(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, "--lang", "en", *args])
    return result.exit_code, result.output


def test_cli_flow(sqlite_url: str, tmp_path: Path) -> None:
    data = tmp_path / "reviews.csv"
    data.write_text(
        "评论,评分,时间,门店\n上菜慢,2,2025-10-01,A店\n好吃,5,2025-11-02,B店\n", encoding="utf-8"
    )
    assert invoke(sqlite_url, "init", "p", "--client", "味道江南", "--budget", "150000")[0] == 0
    code, text = invoke(sqlite_url, "import", "p", str(data), "--source", "reviews", "--dry-run")
    assert code == 0 and "评论" in text and "nothing stored" in text
    code, text = invoke(sqlite_url, "import", "p", str(data), "--source", "reviews")
    assert code == 0 and "2 added" in text
    code, text = invoke(sqlite_url, "import", "p", str(data), "--source", "reviews")
    assert code == 0 and "0 added" in text
    code, text = invoke(sqlite_url, "records", "p")
    assert code == 0 and "上菜慢" in text
    code, _ = invoke(
        sqlite_url,
        "needs",
        "add",
        "p",
        "-d",
        "上菜更快",
        "--dimension",
        "期望标准",
        "--evidence",
        "1",
        "--credibility",
        "高",
    )
    assert code == 0
    code, text = invoke(sqlite_url, "needs", "list", "p")
    assert code == 0 and "上菜更快" in text
    out = tmp_path / "t1.xlsx"
    assert invoke(sqlite_url, "needs", "export", "p", "--out", str(out))[0] == 0 and out.exists()
    code, text = invoke(sqlite_url, "run", "p", "--out", str(tmp_path / "o"))
    assert code == 0 and (tmp_path / "o" / "report_en.html").exists()


def test_cli_errors_are_messages_not_tracebacks(sqlite_url: str, tmp_path: Path) -> None:
    code, text = invoke(sqlite_url, "run", "nope")
    assert code == 3 and "no project 'nope'" in text and "Traceback" not in text
    invoke(sqlite_url, "init", "p", "--client", "X")
    bad = tmp_path / "bad.csv"
    bad.write_text("评论,评分\n好,5\n差,5,多余\n", encoding="utf-8")
    code, text = invoke(sqlite_url, "import", "p", str(bad), "--source", "survey")
    assert code == 2 and "bad.csv, row 3" in text
    code, text = invoke(
        sqlite_url, "import", "p", str(tmp_path / "missing.csv"), "--source", "survey"
    )
    assert code == 2 and "missing.csv" in text
