"""The text pipeline: named steps run in order, in chunks, skipping texts it has seen before."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Self

import pandas as pd

from needscope.text.registry import StepKind, TextStep, has_step, make_step

DEFAULT_STEPS: tuple[StepKind, ...] = ("normalise", "segment", "embed", "tag", "sentiment")
"""Step order of the default pipeline; ``sentiment`` runs only when part B registered one."""

OUTPUT_COLUMNS: tuple[str, ...] = (
    "text_norm",
    "lang",
    "text_masked",
    "tokens",
    "embedding",
    "tags",
    "tag_conf",
    "problem_tags",
    "tag_via",
    "sentiment",
    "sentiment_score",
)
"""Columns the steps add; these are what the cache keeps per distinct text."""


class ResultCache:
    """Step outputs per distinct text (content hash), in memory and optionally in a parquet file."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.rows: dict[str, dict[str, Any]] = {}
        if self.path is not None and self.path.exists():
            frame = pd.read_parquet(self.path)
            for key, row in zip(
                frame["_key"], frame.drop(columns="_key").to_dict("records"), strict=True
            ):
                self.rows[str(key)] = {str(k): _plain(v) for k, v in row.items()}

    def __len__(self) -> int:
        return len(self.rows)

    def save(self) -> None:
        """Write the cache file (embeddings are not stored)."""
        if self.path is None or not self.rows:
            return
        frame = pd.DataFrame.from_dict(self.rows, orient="index").drop(
            columns=["embedding"], errors="ignore"
        )
        frame.insert(0, "_key", frame.index.astype(str))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        frame.reset_index(drop=True).to_parquet(self.path)


def _plain(value: Any) -> Any:
    """Arrays read back from parquet as lists."""
    return value.tolist() if hasattr(value, "tolist") and not isinstance(value, str) else value


def text_key(text: object, signature: str) -> str:
    """Cache key of one text under a pipeline signature."""
    raw = text if isinstance(text, str) else ""
    return hashlib.blake2b(f"{signature}\x00{raw}".encode(), digest_size=12).hexdigest()


class TextPipeline:
    """normalise → segment → embed → tag → sentiment (named, swappable steps)."""

    def __init__(
        self,
        steps: Sequence[str | tuple[str, TextStep] | TextStep] | None = None,
        params: dict[str, dict[str, Any]] | None = None,
        pack: str = "restaurant",
        text_col: str = "text",
        chunk_size: int = 20_000,
        cache: ResultCache | None = None,
        drop_columns: Sequence[str] = (),
        sentiment: str = "default",
    ) -> None:
        self.steps = steps
        self.params = params
        self.pack = pack
        self.text_col = text_col
        self.chunk_size = chunk_size
        self.cache = cache
        self.drop_columns = drop_columns
        self.sentiment = sentiment

    def _build(self) -> list[tuple[str, TextStep]]:
        """Instantiate the steps from names, pairs or objects."""
        params = self.params or {}
        defaults: dict[str, dict[str, Any]] = {
            "normalise": {"text_col": self.text_col},
            "segment": {"pack": self.pack},
            "embed": {"select": "none", "pack": self.pack},
            "tag": {"pack": self.pack, "embed_policy": "none"},
        }
        built: list[tuple[str, TextStep]] = []
        for item in self.steps if self.steps is not None else DEFAULT_STEPS:
            if isinstance(item, tuple):
                built.append(item)
            elif isinstance(item, str):
                kind, _, name = item.partition(":")
                name = name or (self.sentiment if kind == "sentiment" else "default")
                if kind == "sentiment" and not has_step("sentiment", name):
                    continue  # part B's sentiment is optional
                kwargs = {**defaults.get(kind, {}), **params.get(kind, {})}
                built.append((kind, make_step(kind, name, **kwargs)))  # type: ignore[arg-type]
            else:
                built.append((getattr(item, "name", type(item).__name__), item))
        return built

    @property
    def signature(self) -> str:
        """What the cache keys depend on: step names and their parameters."""
        names = [n for n, _ in getattr(self, "steps_", [])]
        return f"{self.pack}|{names}|{sorted((self.params or {}).items())!r}"

    def fit(self, data: pd.DataFrame) -> Self:
        """Build and fit every step on ``data`` (passed through the steps before it)."""
        if self.text_col not in data.columns:
            raise KeyError(
                f"column {self.text_col!r} not found; the frame has {list(data.columns)}"
            )
        self.steps_ = self._build()
        frame = data.head(2000)
        for _, step in self.steps_:
            step.fit(frame)
            frame = step.transform(frame)
        return self

    def step_names(self) -> list[str]:
        """Names of the fitted steps, in order."""
        return [n for n, _ in self.steps_]

    def _run(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Run every step on one chunk."""
        for _, step in self.steps_:
            frame = step.transform(frame)
        return frame.drop(columns=[c for c in self.drop_columns if c in frame.columns])

    def _chunk(self, chunk: pd.DataFrame) -> pd.DataFrame:
        """One chunk, with only texts not seen before sent through the steps."""
        if self.cache is None:
            return self._run(chunk)
        sig = self.signature
        keys = [text_key(t, sig) for t in chunk[self.text_col].tolist()]
        todo = [i for i, k in enumerate(keys) if k not in self.cache.rows]
        first: dict[str, int] = {}
        fresh = [i for i in todo if first.setdefault(keys[i], i) == i]
        done = self._run(chunk.iloc[fresh]) if fresh else chunk.iloc[:0]
        new_cols = [c for c in done.columns if c not in chunk.columns]
        values = {c: done[c].tolist() for c in new_cols}
        for pos, i in enumerate(fresh):
            self.cache.rows[keys[i]] = {c: values[c][pos] for c in new_cols}
        rows = [self.cache.rows[k] for k in keys]
        cols = sorted({c for r in rows for c in r}, key=_col_order)
        out = chunk.copy()
        for c in cols:
            out[c] = [r.get(c) for r in rows]
        return out

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """All steps' columns added to ``data`` (processed in chunks of ``chunk_size``)."""
        if not hasattr(self, "steps_"):
            self.fit(data)
        parts = list(self.transform_chunks([data]))
        return parts[0] if len(parts) == 1 else pd.concat(parts)

    def transform_chunks(self, chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        """Process a stream of frames chunk by chunk (bounded memory for very large inputs)."""
        for frame in chunks:
            if not hasattr(self, "steps_"):
                self.fit(frame)
            for start in range(0, len(frame), self.chunk_size):
                yield self._chunk(frame.iloc[start : start + self.chunk_size])
            if len(frame) == 0:
                yield self._run(frame)

    def fit_transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Fit, then transform ``data``."""
        return self.fit(data).transform(data)


def _col_order(column: str) -> int:
    """Position of a step column in the output."""
    return OUTPUT_COLUMNS.index(column) if column in OUTPUT_COLUMNS else len(OUTPUT_COLUMNS)


def enrich(data: pd.DataFrame, pack: str = "restaurant", **params: Any) -> pd.DataFrame:
    """Run the default pipeline on ``data`` (a ``text`` column) and return the enriched frame."""
    return TextPipeline(pack=pack, **params).fit_transform(data)


__all__ = ["DEFAULT_STEPS", "OUTPUT_COLUMNS", "ResultCache", "TextPipeline", "enrich", "text_key"]
