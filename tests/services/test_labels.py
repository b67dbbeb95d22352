"""A person's labels are stored, validated, override the engine, and teach the project's tagger."""

from __future__ import annotations

from pathlib import Path

import pytest

from needscope.errors import InputError, NotFoundError
from needscope.services import labels as L
from needscope.services.enrich import enrich_project, text_frame
from needscope.services.workspace import ProjectHandle, Workspace

pytest.importorskip("needscope.text")

DISHES = ["红烧肉", "鱼汤", "麻婆豆腐", "小龙虾", "牛肉面", "酸菜鱼", "狮子头", "盐水鸭", "豆腐汤"]
TASTE_POS = [f"{d}的味道很好" for d in DISHES[:6]]
TASTE_NEG = [f"{d}的味道太咸了" for d in DISHES[6:]] + [
    "鸭血粉丝汤味道太淡了",
    "糖醋排骨的味道偏甜",
]
PLACES = ["厕所", "门口", "大厅", "包间", "过道", "洗手间", "卫生间", "角落", "楼梯口", "后门"]
# "味道" (taste; also smell) makes the pack read a smell in the restaurant as food.taste
SMELL = [f"{w}有一股下水道的味道" for w in PLACES[:5]] + [
    f"{w}的垃圾桶味道很大" for w in PLACES[5:]
]
OTHER = {
    "服务员态度很好": {"service.staff_attitude": "positive"},
    "上菜太慢了，等了半小时": {"service.serving_speed": "negative"},
    "停车太难了": {"service.parking": "negative"},
    "价格有点贵": {"price": "negative"},
    "排队等了一个小时": {"service.wait_time": "negative"},
    "服务员很热情": {"service.staff_attitude": "positive"},
    "环境很安静": {"ambience.noise": "positive"},
    "结账很快": {"service.billing": "positive"},
    "菜量太少了": {"food.portion": "negative"},
    "大厅里太吵了": {"ambience.noise": "negative"},
    "上菜很快": {"service.serving_speed": "positive"},
    "性价比很高": {"price.value": "positive"},
}
HELD_SMELL = ["大堂里有一股下水道的味道", "大堂的垃圾桶味道很大"]
HELD_TASTE = ["回锅肉的味道很好", "牛肉汤的味道太咸了"]


def _project(ws: Workspace, tmp_path: Path, texts: list[str]) -> ProjectHandle:
    project = ws.create_project("p", "味道江南", industry="restaurant")
    rows = ["评论,时间"] + [f"{t},2025-10-{1 + i % 28:02d}" for i, t in enumerate(texts)]
    data = tmp_path / "reviews.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    project.import_file(data, source_type="third_party")
    return project


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The output folder (and so the projects' text folders) under the test's tmp_path."""
    out = tmp_path / "out"
    monkeypatch.setenv("NEEDSCOPE_OUTPUT_DIR", str(out))
    return out / "p" / "text"


def test_labels_are_validated_and_kept(home: Path, workspace: Workspace, tmp_path: Path) -> None:
    project = _project(workspace, tmp_path, ["上菜太慢了", "服务员态度很好", "停车太难了"])
    ids = project.records()["id"].tolist()
    store = workspace.store
    row = L.set_record_labels(store, "p", ids[0], aspects="service.serving_speed:neg", author="li")
    assert row["aspects"] == {"service.serving_speed": "negative"} and row["sentiment"] is None
    # what is not given keeps its stored value
    L.set_record_labels(store, "p", ids[0], sentiment="-1")
    project.label_record(ids[1], aspects={}, sentiment="positive")
    frame = L.labels_frame(store, "p")
    assert frame["record_id"].tolist() == ids[:2]
    first = frame.iloc[0]
    assert first["aspects"] == {"service.serving_speed": "negative"}
    assert (first["sentiment"], first["author"], first["text"]) == ("negative", "li", "上菜太慢了")
    assert frame.iloc[1]["aspects"] == {} and frame.iloc[1]["sentiment"] == "positive"

    with pytest.raises(InputError, match=rf"record {ids[2]}: unknown aspect 'servise'"):
        L.set_record_labels(store, "p", ids[2], aspects="servise:negative")
    with pytest.raises(InputError, match=rf"record {ids[2]}: .*'bad'"):
        L.set_record_labels(store, "p", ids[2], aspects="service:bad")
    with pytest.raises(InputError, match=rf"record {ids[2]}: bad sentiment 'great'"):
        L.set_record_labels(store, "p", ids[2], sentiment="great")
    with pytest.raises(InputError, match="give aspects"):
        L.set_record_labels(store, "p", ids[2])
    with pytest.raises(NotFoundError, match="no record 999999"):
        L.set_record_labels(store, "p", 999999, sentiment="positive")
    assert len(L.labels_frame(store, "p")) == 2  # nothing half-written
    assert L.clear_record_labels(store, "p", ids[1]) and not L.clear_record_labels(
        store, "p", ids[1]
    )


def test_review_queue_least_certain_first_without_labelled(
    home: Path, workspace: Workspace, tmp_path: Path
) -> None:
    texts = ["上菜太慢了，等了40分钟", "服务员态度很差，爱答不理", "包间订不到", "停车太难了",
             "店里有股下水道的味道", "今天天气不错"]  # fmt: skip
    project = _project(workspace, tmp_path, texts)
    enrich_project(workspace.store, "p")
    frame = text_frame(workspace.store, "p")
    labelled = int(frame["id"].iloc[0])
    project.label_record(labelled, sentiment="negative")
    queue = project.review_queue(n=10)
    # expected independently: tagged, unlabelled records by their least confident tag, then id
    want = [
        (min(c), int(i))
        for i, c in zip(frame["id"], frame["tag_conf"], strict=True)
        if c and int(i) != labelled
    ]
    assert [(c, i) for c, i in zip(queue["confidence"], queue["record_id"], strict=True)] == sorted(
        want
    )
    assert labelled not in queue["record_id"].tolist()
    assert list(queue.columns) == ["record_id", "text", "tags", "tag_conf", "confidence"]
    assert len(project.review_queue(n=2)) == 2


def test_labelled_records_show_the_persons_labels(
    home: Path, workspace: Workspace, tmp_path: Path
) -> None:
    project = _project(workspace, tmp_path, ["店里有股下水道的味道", "上菜太慢了"])
    store = workspace.store
    assert enrich_project(store, "p") == 2
    rid = int(text_frame(store, "p").set_index("text").loc["店里有股下水道的味道", "id"])
    assert "food.taste" in text_frame(store, "p").set_index("id").loc[rid, "tags"]
    project.label_record(rid, aspects="ambience.cleanliness:negative", sentiment="negative")
    assert enrich_project(store, "p") == 1  # only the labelled record is done again
    row = text_frame(store, "p").set_index("id").loc[rid]
    assert row["tags"] == ["ambience.cleanliness"] and row["tag_conf"] == [1.0]
    assert row["problem_tags"] == ["ambience.cleanliness"]
    assert (row["sentiment"], row["sentiment_score"]) == ("negative", -1.0)
    assert enrich_project(store, "p") == 0
    assert not (home / "models").exists()  # below 30 labelled records: no tagger trained


def test_enrich_learns_from_labels(
    home: Path, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labelled = TASTE_POS + TASTE_NEG + SMELL + list(OTHER)
    assert len(labelled) == 33
    project = _project(workspace, tmp_path, labelled + HELD_SMELL + HELD_TASTE)
    store = workspace.store
    enrich_project(store, "p")
    before = text_frame(store, "p").set_index("text")
    # the pack alone reads the smells as taste
    for text in HELD_SMELL:
        assert "food.taste" in before.loc[text, "tags"]
    ids = before["id"].to_dict()
    for text in TASTE_POS:
        project.label_record(ids[text], aspects={"food.taste": "positive"})
    for text in TASTE_NEG:
        project.label_record(ids[text], aspects={"food.taste": "negative"})
    for text in SMELL:
        project.label_record(ids[text], aspects={"ambience.cleanliness": "negative"}, author="li")
    for text, aspects in OTHER.items():
        project.label_record(ids[text], aspects=aspects)

    fits = []
    from needscope.text.aspects import AspectTagger

    original = AspectTagger.fit

    def counted(self: AspectTagger, X: object, y: object) -> AspectTagger:
        fits.append(1)
        return original(self, X, y)  # type: ignore[arg-type]

    monkeypatch.setattr(AspectTagger, "fit", counted)
    assert enrich_project(store, "p") == len(before)  # new labels: every record re-tagged
    after = text_frame(store, "p").set_index("text")
    for text in HELD_SMELL:  # similar records nobody labelled are now right
        assert "ambience.cleanliness" in after.loc[text, "tags"]
        assert "food.taste" not in after.loc[text, "tags"]
        assert "ambience.cleanliness" in after.loc[text, "problem_tags"]
    for text in HELD_TASTE:
        assert "food.taste" in after.loc[text, "tags"]
    for text in SMELL:
        assert after.loc[text, "tags"] == ["ambience.cleanliness"]
    assert set(after.loc["牛肉汤的味道太咸了", "problem_tags"]) >= {"food.taste"}
    assert fits == [1]
    models = sorted(p.name for p in (home / "models").iterdir())
    assert len(models) == 2 and models[0].startswith("aspects-")  # folder + its .json
    assert (home / "models" / models[0] / "manifest.json").exists()

    # the stored tagger is reused: a new record is tagged without training again
    extra = tmp_path / "more.csv"
    extra.write_text("评论,时间\n洗手间有一股下水道的味道,2025-11-02\n", encoding="utf-8")
    project.import_file(extra, source_type="third_party")
    assert enrich_project(store, "p") == 1
    assert fits == [1]
    new = text_frame(store, "p").set_index("text").loc["洗手间有一股下水道的味道", "tags"]
    assert "ambience.cleanliness" in new and "food.taste" not in new

    # a changed label trains again and re-tags every record; old models are removed
    project.label_record(ids["结账很快"], aspects={"service.billing": "negative"})
    assert enrich_project(store, "p") == len(before) + 1
    assert fits == [1, 1]
    assert len(list((home / "models").iterdir())) == 2


def test_rejected_pack_tags() -> None:
    # found on 3 labelled records and kept on none → rejected; a kept or refined tag stays
    tags = [["food.taste", "ambience"], ["food.taste"], ["food.taste", "price"], ["ambience"]]
    labels = [{"ambience.noise": "negative"}, {}, {}, {"ambience": "positive"}]
    assert L._rejected(tags, labels) == frozenset({"food.taste"})
