"""Fine-tuned transformer aspects: the base model's assembly, learning, persistence, blending."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from needscope.cli.text import text_app
from needscope.errors import InputError, MissingExtra
from needscope.text.aspects import AspectTagger
from needscope.text.labels import POLARITIES
from needscope.text.models import finetune
from needscope.text.models.finetune import FineTunedPolarity, finetune_available

needs_model = pytest.mark.skipif(
    not finetune_available(), reason="torch, transformers or the base model not installed"
)


def _split_zip(tmp_path: Path, members: dict[str, bytes], parts: int = 3) -> list[Path]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    raw = buf.getvalue()
    size = -(-len(raw) // parts)
    paths = []
    for k in range(parts):
        path = tmp_path / f"model.zip.00{k + 1}"
        path.write_bytes(raw[k * size : (k + 1) * size])
        paths.append(path)
    return paths


def test_base_model_is_assembled_once_from_the_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = {
        "all-mpnet-base-v2/model.safetensors": b"weights" * 1000,
        "all-mpnet-base-v2/desktop.ini": b"[x]",
        "all-mpnet-base-v2/1_Pooling/config.json": b"{}",
    }
    parts = _split_zip(tmp_path, members)
    monkeypatch.setenv("NEEDSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(finetune, "_part_files", lambda: parts)
    folder = finetune.base_model_dir()
    assert folder == tmp_path / "cache" / "all-mpnet-base-v2"
    assert (folder / "model.safetensors").read_bytes() == b"weights" * 1000
    assert (folder / "1_Pooling" / "config.json").read_bytes() == b"{}"
    assert not (folder / "desktop.ini").exists()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["all-mpnet-base-v2"]

    def gone() -> list[Path]:
        raise AssertionError("the parts must not be read again")

    monkeypatch.setattr(finetune, "_part_files", gone)
    assert finetune.base_model_dir() == folder


def test_parts_without_weights_leave_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = _split_zip(tmp_path, {"all-mpnet-base-v2/README.md": b"no weights"})
    monkeypatch.setenv("NEEDSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(finetune, "_part_files", lambda: parts)
    with pytest.raises(InputError, match=r"model\.safetensors"):
        finetune.base_model_dir()
    assert list((tmp_path / "cache").iterdir()) == []


def test_missing_parts_name_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEEDSCOPE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(finetune, "BASE_PARTS", ("needscope-no-such-part",))
    assert not finetune_available()
    with pytest.raises(MissingExtra, match=r"needscope\[finetune\]"):
        finetune.base_model_dir()


TRAIN = [
    ("The pasta was delicious.", "food:positive"),
    ("The soup was cold and bland.", "food:negative"),
    ("Our waiter was friendly and quick.", "service:positive"),
    ("The staff were rude to us.", "service:negative"),
    ("Lovely pizza, perfectly cooked.", "food:positive"),
    ("The waitress ignored us all night.", "service:negative"),
]


ROWS = [(i, y.split(":")[0]) for i, (_, y) in enumerate(TRAIN)]
POLS = [y.split(":")[1] for _, y in TRAIN]


@pytest.fixture(scope="module")
def tuned() -> Iterator[FineTunedPolarity]:
    model = FineTunedPolarity(epochs=8, lr=1e-4, batch_size=6, seed=1)
    steps: list[tuple[int, int]] = []
    texts = [t for t, _ in TRAIN]
    model.fit(texts, ROWS, POLS, ["food", "service"], progress=lambda d, t: steps.append((d, t)))
    # 6 labelled pairs + 6 sampled "none" pairs per epoch, in batches of 6
    assert steps[-1] == (16, 16) and len(steps) == 16
    yield model


@needs_model
def test_fine_tuning_learns_polarities_and_mentions(tuned: FineTunedPolarity) -> None:
    texts = [t for t, _ in TRAIN]
    assert tuned.classes_ == ("none", *POLARITIES)
    polarity = tuned.predict_polarity(texts, ROWS, batch_size=4)
    assert polarity.shape == (6, 4)
    np.testing.assert_allclose(polarity.sum(axis=1), 1.0, atol=1e-5)
    got = [POLARITIES[int(k)] for k in polarity.argmax(axis=1)]
    assert got == POLS, polarity
    other = [(i, "service" if a == "food" else "food") for i, a in ROWS]
    pairs = tuned.predict_pairs(texts, ROWS + other)
    np.testing.assert_allclose(pairs.sum(axis=1), 1.0, atol=1e-5)
    mention = tuned.mention_of(pairs)
    assert mention[:6].min() > mention[6:].max(), mention  # a toy set: ranks, not yet sure


def test_none_needs_an_unmentioned_aspect() -> None:
    with pytest.raises(ValueError, match="unmentioned"):
        FineTunedPolarity().fit(["a", "b"], [(0, "food"), (1, "food")], ["positive"] * 2, ["food"])


@needs_model
def test_saved_weights_predict_the_same(tuned: FineTunedPolarity, tmp_path: Path) -> None:
    import pickle

    tuned.save(tmp_path)
    assert (tmp_path / finetune.WEIGHTS).stat().st_size > 100_000_000
    copy = pickle.loads(pickle.dumps(tuned))
    assert copy._net is None
    with pytest.raises(ValueError, match="not fitted"):
        copy.predict_polarity(["x"], [(0, "food")])
    copy.load_weights(tmp_path)
    texts = ["The bread was stale.", "A very kind waiter."]
    rows = [(0, "food"), (1, "service"), (1, "food")]
    np.testing.assert_allclose(
        tuned.predict_polarity(texts, rows), copy.predict_polarity(texts, rows), atol=0.02
    )


def test_bad_pairs_are_refused() -> None:
    model = FineTunedPolarity()
    with pytest.raises(ValueError, match="2 rows but 1"):
        model.fit(["a", "b"], [(0, "food"), (1, "food")], ["positive"])
    with pytest.raises(ValueError, match="unknown polarities"):
        model.fit(["a"], [(0, "food")], ["great"])
    with pytest.raises(ValueError, match="no"):
        model.fit(["a"], [], [])


def test_aspect_phrases_read_as_words() -> None:
    assert finetune.aspect_phrase("service_wait_time") == "service wait time"
    assert finetune.aspect_phrase("anecdotes/miscellaneous") == "anecdotes miscellaneous"
    assert finetune.aspect_phrase("FOOD#QUALITY") == "FOOD QUALITY"
    assert finetune.aspect_phrase("__") == "__"


def test_finetune_refuses_chinese_and_sentiment(tmp_path: Path) -> None:
    texts = ["菜很好吃", "服务员态度很差"] * 4
    labels = ["food:positive", "service:negative"] * 4
    with pytest.raises(ValueError, match="English"):
        AspectTagger(finetune=True, calibration_cv=2).fit(texts, labels)
    data = tmp_path / "s.csv"
    pd.DataFrame({"text": texts, "label": ["positive", "negative"] * 4}).to_csv(data, index=False)
    result = CliRunner().invoke(
        text_app,
        ["train", "--task", "sentiment", "--data", str(data), "--text-col", "text",
         "--label-col", "label", "--out", str(tmp_path / "m"), "--finetune"],
    )  # fmt: skip
    assert result.exit_code == 2 and "--finetune" in result.output


@needs_model
def test_cli_finetuned_model_tags_and_blends(tmp_path: Path) -> None:
    data = tmp_path / "train.csv"
    rows = TRAIN * 3
    pd.DataFrame({"text": [t for t, _ in rows], "labels": [y for _, y in rows]}).to_csv(
        data, index=False
    )
    out = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(
        text_app,
        ["train", "--data", str(data), "--text-col", "text", "--label-col", "labels",
         "--out", str(out), "--finetune", "--no-embeddings"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (out / finetune.WEIGHTS).is_file()
    model = AspectTagger.load(out)
    tuned = model.finetuned_
    assert tuned is not None and tuned._net is not None
    texts = ["The pasta was delicious.", "The staff were rude to us."]
    details = model.predict_details(texts, all_aspects=True)
    plain = AspectTagger.load(out)
    plain.finetuned_ = None
    rows = list(zip(details["row"], details["aspect"], strict=True))
    pairs = tuned.predict_pairs(texts, rows)
    # mentions: the detectors' and the transformer's probabilities averaged, cut at 0.5
    w = AspectTagger.MENTION_BLEND
    mention = w * tuned.mention_of(pairs) + (1 - w) * plain.predict_proba(texts).ravel()
    np.testing.assert_allclose(details["probability"], mention, atol=1e-6)
    assert list(details["mentioned"]) == list(mention >= AspectTagger.MENTION_THRESHOLD)
    # polarity: the transformer's polarity columns, rescaled, blended with the linear model's
    cols = [POLARITIES.index(c) for c in model.polarity_classes_]
    theirs = tuned.polarity_of(pairs)[:, cols]
    theirs /= theirs.sum(axis=1, keepdims=True)
    ours = plain._polarity_proba(plain._detect(texts), rows, texts)
    w = AspectTagger.POLARITY_BLEND
    mixed = w * theirs + (1 - w) * ours
    np.testing.assert_allclose(details["polarity_confidence"], mixed.max(axis=1), atol=1e-6)
    assert list(details["polarity"]) == [model.polarity_classes_[k] for k in mixed.argmax(1)]
    assert model.predict(texts) == [{"food": "positive"}, {"service": "negative"}]
