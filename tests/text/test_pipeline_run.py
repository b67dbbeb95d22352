"""The pipeline: named steps, registry, cache of seen texts, chunking, optional sentiment."""

from __future__ import annotations

from pathlib import Path
from typing import Self

import numpy as np
import pandas as pd
import pytest

from needscope.text.embed import EmbedStep, HashEmbedder, UseEmbedder, get_embedder
from needscope.text.pipeline import ResultCache, TextPipeline, enrich
from needscope.text.registry import (
    PassThrough,
    TextStep,
    available_steps,
    has_step,
    make_step,
    register_step,
)
from needscope.text.segment import Segmenter, split_clauses, tokenize_en

REVIEWS = [
    "上菜太慢了，催了好几次",
    "服務員態度很好，環境也不錯",
    "The waiter was rude and we waited an hour for a table.",
    "停车很方便，价格实惠",
    "上菜太慢了，催了好几次",
    "",
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"id": range(len(REVIEWS)), "text": REVIEWS})


def test_default_steps_and_columns() -> None:
    pipe = TextPipeline().fit(_frame())
    names = pipe.step_names()
    assert names[:4] == ["normalise", "segment", "embed", "tag"]
    out = pipe.transform(_frame())
    assert {"text_norm", "lang", "tokens", "tags", "tag_conf", "problem_tags"} <= set(out.columns)
    assert out.loc[1, "text_norm"] == "服务员态度很好，环境也不错"
    assert out.loc[0, "tags"] == ["service.serving_speed"]
    assert out.loc[5, "tags"] == []
    assert "服务员" in out.loc[1, "tokens"]


def test_chunks_and_cache_agree(tmp_path: Path) -> None:
    plain = TextPipeline(chunk_size=2).fit_transform(_frame())
    cache = ResultCache(tmp_path / "cache.parquet")
    cached = TextPipeline(cache=cache).fit_transform(_frame())
    assert len(cache) == 5  # the repeated review is processed once
    for col in ("tags", "text_norm", "lang"):
        assert plain[col].tolist() == cached[col].tolist()
    cache.save()
    again = ResultCache(tmp_path / "cache.parquet")
    assert len(again) == 5
    pipe = TextPipeline(cache=again).fit(_frame())
    calls: list[int] = []
    original = pipe._run

    def spy(frame: pd.DataFrame) -> pd.DataFrame:
        calls.append(len(frame))
        return original(frame)

    pipe._run = spy  # type: ignore[method-assign]
    more = pd.concat([_frame(), pd.DataFrame({"id": [9], "text": ["分量太少"]})], ignore_index=True)
    out = pipe.transform(more)
    assert calls == [1]  # only the new text went through the steps
    assert out["tags"].iloc[-1] == ["food.portion"]
    assert [list(t) for t in out["tags"].iloc[:6]] == plain["tags"].tolist()


def test_stream_of_chunks() -> None:
    pipe = TextPipeline(chunk_size=3, drop_columns=["tokens"]).fit(_frame())
    parts = list(pipe.transform_chunks([_frame(), _frame()]))
    assert [len(p) for p in parts] == [3, 3, 3, 3]
    assert "tokens" not in parts[0].columns


class _Upper:
    """A sentiment step for the test: everything positive."""

    name = "sentiment"

    def fit(self, data: pd.DataFrame) -> Self:
        return self

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        return data.assign(sentiment="positive")


def test_registry_and_optional_sentiment() -> None:
    assert "default" in available_steps("tag")
    assert isinstance(make_step("segment", "none"), PassThrough)
    with pytest.raises(KeyError, match="choose one of"):
        make_step("tag", "crystal-ball")
    with pytest.raises(ValueError, match="unknown step kind"):
        register_step("translate", "x", _Upper)  # type: ignore[arg-type]
    if not has_step("sentiment", "test-upper"):
        register_step("sentiment", "test-upper", _Upper)
    pipe = TextPipeline(sentiment="test-upper").fit(_frame())
    assert pipe.step_names()[-1] == "sentiment"
    assert set(pipe.transform(_frame())["sentiment"]) == {"positive"}
    missing = TextPipeline(sentiment="not-registered").fit(_frame())
    assert "sentiment" not in missing.step_names()
    assert isinstance(_Upper(), TextStep)


def test_custom_steps_and_bad_input() -> None:
    pipe = TextPipeline(steps=["normalise", ("tokens", Segmenter(stopwords=False))]).fit(_frame())
    out = pipe.transform(_frame())
    assert "tags" not in out.columns and "的" not in out.loc[1, "tokens"]
    with pytest.raises(KeyError, match="review"):
        TextPipeline(text_col="review").fit(_frame())
    assert enrich(_frame()).loc[3, "tags"] == ["service.parking", "price.value"]


def test_segment_helpers() -> None:
    assert split_clauses("好吃！就是太贵了，下次再来。") == ["好吃", "就是太贵了", "下次再来"]
    assert tokenize_en("The staff weren't friendly") == ["staff", "weren't", "friendly"]
    seg = Segmenter(pack="restaurant").fit()
    assert "上菜慢" in seg.tokens("上菜慢死了", "zh")


def test_embed_step_with_hash_model() -> None:
    frame = TextPipeline(steps=["normalise"]).fit_transform(_frame())
    out = EmbedStep(HashEmbedder(), select="uncovered").transform(frame)
    chosen = [i for i, v in enumerate(out["embedding"]) if v is not None]
    assert chosen == []  # every non-empty review has a keyword; the empty one is skipped
    out = EmbedStep(HashEmbedder(), select="short", max_chars=12).transform(frame)
    assert out["embedding"].iloc[0] is not None and out["embedding"].iloc[2] is None
    with pytest.raises(ValueError, match="select"):
        EmbedStep(select="some")
    with pytest.raises(ValueError, match="unknown embedder"):
        get_embedder("bert")


def test_use_embeddings_cached(use_embedder: UseEmbedder, tmp_path: Path) -> None:
    vecs = use_embedder.encode(["上菜太慢了", "The food came out slowly.", "停车很方便"])
    assert vecs.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    # multilingual: the zh and en sentences about slow food are closer than zh slow vs parking
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]
    misses = use_embedder.misses
    use_embedder.encode(["上菜太慢了", "上菜太慢了"])
    assert use_embedder.misses == misses
    disk = UseEmbedder(threads=1, cache_dir=tmp_path)
    disk._model = use_embedder._model  # share the loaded weights
    first = disk.encode(["分量太少"])
    assert disk.save() == 1
    reread = UseEmbedder(threads=1, cache_dir=tmp_path)
    assert np.allclose(reread.encode(["分量太少"]), first) and reread.misses == 0
    with pytest.raises(ValueError, match="threads"):
        UseEmbedder(threads=4)
