"""The ``needscope kano`` command: exact columns, encodings, XLSX, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from needscope.cli.methods import register
from needscope.methods import kano

COLUMNS = [
    "attribute", "A", "O", "M", "I", "R", "Q", "n",
    "category", "better", "worse", "fong_significant",
]  # fmt: skip


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer()
    register(application)

    @application.callback()
    def main() -> None:
        """Keep sub-command names even when only one command is registered."""

    return application


def _survey() -> pd.DataFrame:
    # 4 respondents, attribute 1 in Chinese texts, attribute 2 in codes.
    return pd.DataFrame(
        {
            "送餐速度": ["我很喜欢", "我很喜欢", "理所当然", "喜欢"],
            "送餐速度_反": ["我很不喜欢", "无所谓", "我很不喜欢", "不喜欢"],
            "wifi": [1, 1, 3, 3],
            "wifi_neg": [3, 4, 3, 2],
        }
    )


def _run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_cli_writes_exact_columns_and_agrees_with_function(
    app: typer.Typer, tmp_path: Path
) -> None:
    src, out = tmp_path / "survey.csv", tmp_path / "out.csv"
    _survey().to_csv(src, index=False, encoding="utf-8")
    code, output = _run(
        app, "kano", "--data", str(src), "--functional-cols", "送餐速度,wifi",
        "--dysfunctional-cols", "送餐速度_反,wifi_neg", "--out", str(out),
    )  # fmt: skip
    assert code == 0, output
    got = pd.read_csv(out, encoding="utf-8-sig")
    assert list(got.columns) == COLUMNS
    assert got["attribute"].tolist() == ["送餐速度", "wifi"]
    expected = kano(_survey(), ["送餐速度", "wifi"], ["送餐速度_反", "wifi_neg"])
    pd.testing.assert_frame_equal(got, expected[COLUMNS], check_dtype=False)
    # attribute 1: O (like/dislike) x2, A (like/neutral), M (expect/dislike)
    first = got.iloc[0]
    assert (first["A"], first["O"], first["M"], first["category"]) == (1, 2, 1, "O")


def test_cli_gb18030_input_names_pouliot_and_xlsx_output(app: typer.Typer, tmp_path: Path) -> None:
    src, out = tmp_path / "survey_gbk.csv", tmp_path / "out.xlsx"
    _survey().to_csv(src, index=False, encoding="gb18030")
    code, output = _run(
        app, "kano", "--data", str(src), "--functional-cols", "送餐速度,wifi",
        "--dysfunctional-cols", "送餐速度_反,wifi_neg", "--table", "pouliot",
        "--names", "Speed,Wi-Fi", "--out", str(out),
    )  # fmt: skip
    assert code == 0, output
    got = pd.read_excel(out)
    assert list(got.columns) == COLUMNS
    assert got["attribute"].tolist() == ["Speed", "Wi-Fi"]


def test_cli_reads_xlsx(app: typer.Typer, tmp_path: Path) -> None:
    src, out = tmp_path / "survey.xlsx", tmp_path / "out.csv"
    _survey().to_excel(src, index=False)
    code, output = _run(
        app, "kano", "--data", str(src), "--functional-cols", "wifi",
        "--dysfunctional-cols", "wifi_neg", "--out", str(out),
    )  # fmt: skip
    assert code == 0, output
    assert pd.read_csv(out, encoding="utf-8-sig")["n"].tolist() == [4]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--functional-cols", "nope", "--dysfunctional-cols", "wifi_neg"], "nope"),
        (["--functional-cols", "wifi", "--dysfunctional-cols", "wifi_neg,x"], "columns"),
        (
            ["--functional-cols", "wifi", "--dysfunctional-cols", "wifi_neg", "--table", "x"],
            "table",
        ),
    ],
)
def test_cli_bad_options_exit_2(
    app: typer.Typer, tmp_path: Path, args: list[str], message: str
) -> None:
    src = tmp_path / "survey.csv"
    _survey().to_csv(src, index=False)
    code, output = _run(app, "kano", "--data", str(src), *args, "--out", str(tmp_path / "o.csv"))
    assert code == 2
    assert message in output


def test_cli_missing_and_empty_files(app: typer.Typer, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for path in (tmp_path / "absent.csv", empty):
        code, output = _run(
            app, "kano", "--data", str(path), "--functional-cols", "a",
            "--dysfunctional-cols", "b", "--out", str(tmp_path / "o.csv"),
        )  # fmt: skip
        assert code == 2
        assert "error" in output
