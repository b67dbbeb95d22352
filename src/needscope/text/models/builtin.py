"""The built-in sentiment scorer: our lexicon plus a USE classifier trained on our own sentences.

Nothing here was trained on anyone else's data: ``sentences_*.txt`` are written for needscope
and ``generated_sentences`` composes more from our lexicon.  ``train_builtin`` rebuilds the
shipped ``builtin_sentiment.json`` (512 weights + intercept) deterministically.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np

from needscope.text.models.lexicon import HERE, lexicon_features, load_lexicon

WEIGHTS: Final = HERE / "builtin_sentiment.json"
_NET, _LAST = 2, 5
_MAX_CLAUSES = 24
_SUBJECTS_ZH: Final = [
    "房间",
    "服务",
    "前台",
    "早餐",
    "菜",
    "味道",
    "快递",
    "物流",
    "包装",
    "质量",
    "衣服",
    "手机",
    "电池",
    "屏幕",
    "价格",
    "环境",
    "位置",
    "客服",
    "这本书",
    "内容",
    "水果",
    "洗发水",
    "外卖",
    "配送",
    "老板",
    "服务员",
    "床",
    "卫生间",
    "网速",
    "酒店",
    "餐厅",
    "这家店",
    "东西",
    "产品",
    "做工",
    "面料",
    "售后",
]
_SUBJECTS_EN: Final = [
    "the room",
    "the service",
    "the staff",
    "breakfast",
    "the food",
    "delivery",
    "the packaging",
    "the quality",
    "the phone",
    "the battery",
    "the screen",
    "the price",
    "the place",
    "the location",
    "customer service",
    "the book",
    "the fruit",
    "the shampoo",
    "the hotel",
    "the restaurant",
    "this product",
    "the bed",
    "the bathroom",
    "the wifi",
]


def read_sentences(path: Path) -> list[tuple[str, str]]:
    """(label, text) pairs of a ``label<TAB>text`` file (``#`` lines are comments)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            out.append((label.strip(), text.strip()))
    return out


def generated_sentences(seed: int = 0) -> list[tuple[str, str]]:
    """Short sentences composed from our subjects, degree words and lexicon entries."""
    rng = random.Random(seed)
    zh, en = load_lexicon("zh"), load_lexicon("en")
    pos_zh = sorted(w for w, v in zh.weights.items() if v > 0 and len(w) >= 2)
    neg_zh = sorted(w for w, v in zh.weights.items() if v < 0 and len(w) >= 2)
    pos_en = sorted(w for w, v in en.weights.items() if v > 0)
    neg_en = sorted(w for w, v in en.weights.items() if v < 0)
    out: list[tuple[str, str]] = []
    for _ in range(1500):
        s, deg = rng.choice(_SUBJECTS_ZH), rng.choice(["", "很", "非常", "有点", "太", "真的"])
        if rng.random() < 0.5:
            out.append(("positive", s + deg + rng.choice(pos_zh)))
        else:
            out.append(("negative", s + deg + rng.choice(neg_zh)))
        if rng.random() < 0.2:
            out.append(
                ("negative", s + rng.choice(["不", "不太", "一点也不"]) + rng.choice(pos_zh))
            )
    for _ in range(1000):
        s, deg = rng.choice(_SUBJECTS_EN), rng.choice(["", " very", " really", " a bit", " so"])
        if rng.random() < 0.5:
            out.append(("positive", f"{s} was{deg} {rng.choice(pos_en)}"))
        else:
            out.append(("negative", f"{s} was{deg} {rng.choice(neg_en)}"))
        if rng.random() < 0.2:
            out.append(("negative", f"{s} was not {rng.choice(pos_en)}"))
    return out


def training_material() -> list[tuple[str, str]]:
    """Our written sentences (counted five times) and the generated ones; no neutral."""
    hand = read_sentences(HERE / "sentences_zh.txt") + read_sentences(HERE / "sentences_en.txt")
    data = hand * 5 + generated_sentences()
    return [(lab, text) for lab, text in data if lab in ("positive", "negative")]


def train_builtin(path: Path = WEIGHTS) -> dict[str, Any]:
    """Fit the USE classifier on ``training_material`` and write its weights to ``path``."""
    from sklearn.linear_model import LogisticRegression

    from needscope.text.features import embed_texts, normalise_many

    data = training_material()
    texts = normalise_many([t for _, t in data])
    y = [lab == "positive" for lab, _ in data]
    model = LogisticRegression(C=1.0, max_iter=3000).fit(embed_texts(texts), y)
    weights = {
        "what": "logistic regression on USE-m3 vectors; positive vs negative",
        "trained_on": f"{len(data)} needscope-written or generated sentences",
        "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
    }
    path.write_text(json.dumps(weights), encoding="utf-8")
    return weights


@lru_cache(maxsize=1)
def _weights() -> tuple[np.ndarray, float] | None:
    if not WEIGHTS.is_file():
        return None
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return np.asarray(raw["coef"], dtype=np.float64), float(raw["intercept"])


def lexicon_scores(texts: Sequence[str]) -> np.ndarray:
    """tanh of the lexicon's net score per normalised text (0: no opinion word)."""
    out = np.zeros(len(texts), dtype=np.float64)
    for i, text in enumerate(texts):
        f = lexicon_features(text)
        out[i] = np.tanh((f[_NET] + 0.3 * f[_LAST]) / 1.5)
    return out


def embedding_scores(texts: Sequence[str]) -> np.ndarray | None:
    """2·P(positive) − 1 from the USE classifier on the mean clause vector of each text.

    None when USE or the weights are missing.  Clauses are embedded one by one (short texts
    are what USE and the classifier know best) and cached.
    """
    from needscope.text.embed import embedder_available

    weights = _weights()
    if weights is None or not embedder_available():  # pragma: no cover - extra not installed
        return None
    from needscope.text.embed import get_embedder
    from needscope.text.features import split_clauses

    coef, intercept = weights
    pieces = [split_clauses(t)[:_MAX_CLAUSES] or [t] for t in texts]
    flat = [c for cs in pieces for c in cs]
    vecs = get_embedder("use", threads=1).encode(flat)
    logits = np.zeros(len(texts), dtype=np.float64)
    at = 0
    for i, cs in enumerate(pieces):
        logits[i] = float(vecs[at : at + len(cs)].mean(axis=0) @ coef) + intercept
        at += len(cs)
    out: np.ndarray = 2.0 / (1.0 + np.exp(-logits)) - 1.0
    return out


def builtin_scores(texts: Sequence[str], embeddings: bool = True) -> np.ndarray:
    """A score in [-1, 1] per normalised lower-case text: lexicon and USE classifier averaged."""
    lex = lexicon_scores(texts)
    emb = embedding_scores(texts) if embeddings and len(texts) else None
    if emb is None:
        return lex
    empty = np.array([not t.strip() for t in texts])
    out: np.ndarray = np.clip((lex + emb) / 2.0, -1.0, 1.0)
    out[empty] = 0.0
    return out


__all__ = [
    "builtin_scores",
    "embedding_scores",
    "generated_sentences",
    "lexicon_scores",
    "read_sentences",
    "train_builtin",
    "training_material",
]
