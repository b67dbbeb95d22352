"""``needscope text`` train / tag / sentiment on small generated CSV and XLSX files (zh + en)."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from needscope.cli.text import text_app

runner = CliRunner()

EN = {
    "food:positive": ["the pasta was delicious", "great sushi and fresh fish"],
    "food:negative": ["the soup was cold and bland", "the pizza was soggy"],
    "service:positive": ["the waiter was friendly", "service was quick and attentive"],
    "service:negative": ["the staff were rude", "our server ignored us"],
}
ZH = {
    "food:positive": ["菜很好吃", "牛肉很嫩，味道很棒"],
    "food:negative": ["菜太咸了", "鱼不新鲜，很难吃"],
    "service:positive": ["服务员很热情", "服务周到，态度很好"],
    "service:negative": ["服务员态度很差", "叫了半天没人理"],
}


def write_rows(
    path: Path, bank: dict[str, list[str]], n: int, seed: int, encoding: str = "utf-8"
) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = rng.choice(sorted(bank))
        rows.append({"id": i, "review": rng.choice(bank[label]), "tags": label})
    frame = pd.DataFrame(rows)
    if path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False, encoding=encoding)
    return frame


def run(*args: str) -> str:
    result = runner.invoke(text_app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("bank", "encoding"), [(EN, "utf-8"), (ZH, "gb18030"), (ZH, "utf-8-sig")])
def test_train_then_tag_round_trip(
    tmp_path: Path, bank: dict[str, list[str]], encoding: str
) -> None:
    train = tmp_path / "train.csv"
    write_rows(train, bank, 80, 1, encoding)
    model = tmp_path / "model"
    run("train", "--data", str(train), "--text-col", "review", "--label-col", "tags",
        "--out", str(model), "--no-embeddings")  # fmt: skip
    assert (model / "manifest.json").is_file()
    test = tmp_path / "test.csv"
    frame = write_rows(test, bank, 20, 2, encoding)
    out = tmp_path / "out.csv"
    run(
        "tag", "--model", str(model), "--data", str(test), "--text-col", "review", "--out", str(out)
    )
    result = pd.read_csv(out, encoding="utf-8-sig")
    assert list(result.columns[:3]) == ["id", "review", "tags"]
    assert "labels" in result.columns
    assert (result["labels"] == frame["tags"]).mean() >= 0.9
    assert result["confidence"].between(0, 1).all()


def test_tag_xlsx_input_and_output(tmp_path: Path) -> None:
    train = tmp_path / "train.xlsx"
    write_rows(train, EN, 60, 3)
    model = tmp_path / "m"
    run("train", "--data", str(train), "--text-col", "review", "--label-col", "tags",
        "--out", str(model), "--no-embeddings")  # fmt: skip
    out = tmp_path / "out.xlsx"
    run(
        "tag",
        "--model",
        str(model),
        "--data",
        str(train),
        "--text-col",
        "review",
        "--out",
        str(out),
    )
    assert "labels" in pd.read_excel(out).columns


def test_zero_shot_pack_levels(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    pd.DataFrame({"text": ["服务员态度很差，等了一个小时才上菜", "The food was delicious"]}).to_csv(
        data, index=False
    )
    out = tmp_path / "o.csv"
    run("tag", "--pack", "restaurant", "--data", str(data), "--text-col", "text", "--out", str(out))
    top = pd.read_csv(out, encoding="utf-8-sig")["labels"].tolist()
    assert "service:negative" in top[0].split("|")
    assert "food:positive" in top[1].split("|")
    run("tag", "--pack", "restaurant", "--level", "fine", "--data", str(data), "--text-col", "text",
        "--out", str(out))  # fmt: skip
    fine = pd.read_csv(out, encoding="utf-8-sig")["labels"].tolist()
    tags = {pair.split(":")[0] for pair in fine[0].split("|")}
    assert tags & {"service.staff_attitude", "service.wait_time", "service.serving_speed"}
    assert all("." in t for t in tags)


def test_sentiment_builtin_and_trained(tmp_path: Path) -> None:
    data = tmp_path / "s.csv"
    texts = [
        "菜很好吃，服务也好",
        "太难吃了，再也不来",
        "Lovely staff, great food",
        "Rude staff and cold food",
    ]
    pd.DataFrame({"text": texts * 5, "y": [1, 0, 1, 0] * 5}).to_csv(data, index=False)
    out = tmp_path / "o.csv"
    run("sentiment", "--data", str(data), "--text-col", "text", "--out", str(out))
    result = pd.read_csv(out, encoding="utf-8-sig")
    assert list(result["sentiment"][:4]) == ["positive", "negative", "positive", "negative"]
    assert result["score"].between(-1, 1).all()
    model = tmp_path / "sm"
    run("train", "--task", "sentiment", "--data", str(data), "--text-col", "text", "--label-col", "y",
        "--out", str(model))  # fmt: skip
    run(
        "sentiment",
        "--model",
        str(model),
        "--data",
        str(data),
        "--text-col",
        "text",
        "--out",
        str(out),
    )
    assert list(pd.read_csv(out, encoding="utf-8-sig")["sentiment"][:2]) == ["positive", "negative"]


def test_missing_column_lists_the_columns(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    pd.DataFrame({"review": ["a"], "tags": ["food:positive"]}).to_csv(data, index=False)
    result = runner.invoke(
        text_app,
        ["sentiment", "--data", str(data), "--text-col", "text", "--out", str(tmp_path / "o.csv")],
    )
    assert result.exit_code == 2
    assert "'text' is not a column" in result.output and "review, tags" in result.output


def test_bad_label_cell_names_its_row(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    pd.DataFrame({"review": ["a", "b", "c"], "tags": ["food:positive", "", "food=good"]}).to_csv(
        data, index=False
    )
    result = runner.invoke(text_app, ["train", "--data", str(data), "--text-col", "review",
                                      "--label-col", "tags", "--out", str(tmp_path / "m")])  # fmt: skip
    assert result.exit_code == 2
    assert "row 4" in result.output and "food=good" in result.output


def test_tag_needs_exactly_one_source(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    pd.DataFrame({"text": ["a"]}).to_csv(data, index=False)
    result = runner.invoke(
        text_app,
        ["tag", "--data", str(data), "--text-col", "text", "--out", str(tmp_path / "o.csv")],
    )
    assert result.exit_code == 2 and "exactly one" in result.output


def test_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(
        text_app,
        [
            "sentiment",
            "--data",
            str(tmp_path / "nope.csv"),
            "--text-col",
            "t",
            "--out",
            str(tmp_path / "o.csv"),
        ],
    )
    assert result.exit_code == 2 and "not found" in result.output
