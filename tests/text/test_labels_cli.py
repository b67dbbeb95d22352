"""``needscope text label`` and ``text review``: a person corrects records from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from needscope.cli import app
from needscope.services.enrich import enrich_project, text_frame
from needscope.services.labels import labels_frame
from needscope.services.workspace import Workspace

runner = CliRunner()


def test_label_and_review_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("NEEDSCOPE_OUTPUT_DIR", str(tmp_path / "out"))
    ws = Workspace(sqlite_url)
    project = ws.create_project("p", "味道江南", industry="restaurant")
    data = tmp_path / "r.csv"
    texts = ["上菜太慢了，等了40分钟", "店里有股下水道的味道", "服务员态度很好", "包间订不到"]
    data.write_text(
        "评论,时间\n" + "".join(f"{t},2025-10-0{i + 1}\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    project.import_file(data, source_type="third_party")
    enrich_project(ws.store, "p")
    ids = text_frame(ws.store, "p").set_index("text")["id"].to_dict()
    smell = int(ids["店里有股下水道的味道"])

    def invoke(*args: str, lang: str = "en") -> tuple[int, str]:
        result = runner.invoke(app, ["--db", sqlite_url, "--lang", lang, "text", *args])
        return result.exit_code, result.output

    code, text = invoke("review", "p", "-n", "10")
    assert code == 0 and "current tags" in text and str(smell) in text
    code, text = invoke(
        "label", "p", str(smell), "--aspects", "ambience.cleanliness:negative",
        "--sentiment", "negative", "--author", "li",
    )  # fmt: skip
    assert code == 0 and "ambience.cleanliness:negative" in text and "needscope run p" in text
    stored = labels_frame(ws.store, "p").set_index("record_id").loc[smell]
    assert stored["aspects"] == {"ambience.cleanliness": "negative"}
    assert (stored["sentiment"], stored["author"]) == ("negative", "li")
    code, text = invoke("review", "p", lang="zh")
    assert code == 0 and "当前标签" in text and "下水道" not in text  # labelled: left out

    code, text = invoke("label", "p", str(smell), "--aspects", "foo:negative")
    assert code == 2 and f"record {smell}: unknown aspect 'foo'" in text
    code, text = invoke("label", "p", str(smell), "--sentiment", "great")
    assert code == 2 and "bad sentiment 'great'" in text
    code, text = invoke("label", "p", "999999", "--sentiment", "negative")
    assert code == 3 and "no record 999999" in text
    code, text = invoke("label", "p", str(smell))
    assert code == 2 and "give aspects" in text
    enrich_project(ws.store, "p")
    row = text_frame(ws.store, "p").set_index("id").loc[smell]
    assert row["tags"] == ["ambience.cleanliness"] and row["sentiment"] == "negative"
    ws.close()
