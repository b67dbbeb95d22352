"""A topic no tag covers becomes a tag of the project's own pack; the next run tags it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from needscope.cli import app
from needscope.errors import InputError
from needscope.report.builtin_text import CANDIDATES, TAGS
from needscope.report.xlsx import write_workbook
from needscope.services.enrich import enrich_project, pack_for, text_frame
from needscope.services.run import StoreContext
from needscope.services.workspace import Workspace
from needscope.text.packs import load_pack

WIFI = [
    f"店里的wifi连不上，网络信号{w}{e}"
    for w in ("很差", "太弱", "时有时无", "一直断", "不行")
    for e in ("", "，刷不了视频")
]
POWER = [
    f"手机没电了，充电宝{w}{e}"
    for w in ("借不到", "全被借光", "没有电", "坏了", "不能用")
    for e in ("", "，急着用手机")
]
TAGGED = ["上菜太慢了", "服务员态度很差", "停车太难了"]
runner = CliRunner()


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "out"
    monkeypatch.setenv("NEEDSCOPE_OUTPUT_DIR", str(folder))
    return folder


def _project(ws: Workspace, tmp_path: Path) -> None:
    project = ws.create_project("p", "味道江南", industry="restaurant")
    texts = WIFI + POWER + TAGGED
    rows = ["评论,时间"] + [f"{t},2025-{10 + i % 2}-{1 + i:02d}" for i, t in enumerate(texts)]
    data = tmp_path / "reviews.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    project.import_file(data, source_type="third_party")
    enrich_project(ws.store, "p")


def test_promote_topic_then_retag(out: Path, workspace: Workspace, tmp_path: Path) -> None:
    _project(workspace, tmp_path)
    project = workspace.project("p")
    topics = project.topics(embedder="none", k=2, min_records=5)
    assert sorted(topics["records"]) == [10, 10]
    wifi = topics[topics["quotes"].map(lambda q: "wifi" in q[0])].iloc[0]
    tag = project.promote_topic(
        wifi.to_dict(), "wifi", "无线网络", "Wi-Fi", parent="ambience", layer="support"
    )
    assert tag["id"] == "ambience.wifi" and tag["stage"] == load_pack().tag("ambience").stage
    assert tag["servqual"] == "tangibles" and tag["layer"] == "support"
    path = out / "p" / "text" / "pack.yaml"
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["extends"] == "restaurant" and [t["id"] for t in saved["tags"]] == [
        "ambience.wifi"
    ]
    assert pack_for(project.info()) == str(path)
    pack = load_pack(path)
    assert "ambience.wifi" in pack.ids() and len(pack.ids()) == len(load_pack().ids()) + 1

    # the new pack changes the version: every record is tagged again and the topic is found
    assert enrich_project(workspace.store, "p") == 23
    frame = text_frame(workspace.store, "p")
    has = frame["tags"].map(lambda t: "ambience.wifi" in t)
    assert set(frame.loc[has, "text"]) == set(WIFI)
    assert enrich_project(workspace.store, "p") == 0

    with pytest.raises(InputError, match="exists already"):
        project.promote_topic(wifi.to_dict(), "wifi", "无线网络", "Wi-Fi", parent="ambience")
    with pytest.raises(InputError, match="--parent 'nope'"):
        project.promote_topic(wifi.to_dict(), "x", "某", "X", parent="nope")
    with pytest.raises(InputError, match="--stage 'moon'"):
        project.promote_topic(wifi.to_dict(), "x", "某", "X", stage="moon")

    # labels may use the project's own tags; report sections read them with their names
    rid = int(frame.loc[has, "id"].iloc[0])
    project.label_record(rid, aspects="ambience.wifi:negative")
    enrich_project(workspace.store, "p")
    ctx = StoreContext(workspace.store, "p", "en")
    sections = [TAGS.build(ctx), CANDIDATES.build(ctx)]
    book = openpyxl.load_workbook(write_workbook(tmp_path / "r.xlsx", sections, "en"))
    cells = [str(c) for row in book["Text tags"].iter_rows(values_only=True) for c in row if c]
    assert "Wi-Fi" in cells


def test_topics_and_promote_commands(
    out: Path, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("needscope.text.topics.embedder_available", lambda: False)  # fast
    ws = Workspace(sqlite_url)
    _project(ws, tmp_path)
    ws.close()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["--db", sqlite_url, "--lang", "en", "text", *args])
        return result.exit_code, result.output

    code, text = invoke("topics", "p")
    assert code == 0 and "key phrases" in text and "充电宝" in text
    ws = Workspace(sqlite_url)
    topics = ws.project("p").topics()
    ws.close()
    chosen = topics[topics["quotes"].map(lambda q: "充电宝" in q[0])].iloc[0]
    power = int(chosen["topic"])
    code, text = invoke(
        "promote", "p", str(power), "--id", "power_bank", "--zh", "充电宝", "--en", "Power bank",
        "--parent", "service", "--stage", "dine",
    )  # fmt: skip
    assert code == 0 and "service.power_bank" in text, text
    code, text = invoke("promote", "p", "99", "--id", "x", "--zh", "某", "--en", "X")
    assert code == 2 and "no topic 99" in text
    code, text = invoke("topics", "nope")
    assert code == 3 and "no project 'nope'" in text
    ws = Workspace(sqlite_url)
    enrich_project(ws.store, "p")
    frame = text_frame(ws.store, "p")
    ws.close()
    has = frame["tags"].map(lambda t: "service.power_bank" in t)
    members = set(frame.loc[frame["id"].isin(chosen["evidence_ids"]), "text"])
    assert members <= set(frame.loc[has, "text"]) <= set(POWER)  # the topic's records, and alike
