"""Shared loaders and scorers for the text benchmarks (reads /work/shared/data, never copies it)."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("NEEDSCOPE_DATA", ROOT.parent / "shared" / "data"))
if not DATA.exists():
    DATA = Path("/work/shared/data")
CLI = [sys.executable, "-m", "needscope.cli.text"]

AI_SERVICE = [
    "service_wait_time",
    "service_waiters_attitude",
    "service_parking_convenience",
    "service_serving_speed",
]
AI_CODES = {1: "positive", 0: "neutral", -1: "negative"}


def read_semeval_xml(path: Path) -> pd.DataFrame:
    """Sentences with their aspect categories as a ``text``, ``labels`` frame."""
    rows = []
    for sent in ET.parse(path).getroot().iter("sentence"):
        text = (sent.findtext("text") or "").strip()
        cats = [(c.get("category", ""), c.get("polarity", "")) for c in sent.iter("aspectCategory")]
        labels = "|".join(f"{a.replace(' ', '_')}:{p}" for a, p in cats if a and p)
        rows.append({"text": text, "labels": labels})
    return pd.DataFrame(rows)


def read_ai_challenger(path: Path, aspects: Sequence[str] = AI_SERVICE) -> pd.DataFrame:
    """AI Challenger / ASAP reviews with ``aspects`` coded into a ``labels`` column."""
    frame = pd.read_csv(path, encoding="utf-8-sig")
    text_col = "content" if "content" in frame.columns else "reviewbody"
    labels = []
    for _, row in frame.iterrows():
        pairs = [f"{a}:{AI_CODES[int(row[a])]}" for a in aspects if int(row[a]) in AI_CODES]
        labels.append("|".join(pairs))
    return pd.DataFrame({"text": frame[text_col].astype(str), "labels": labels})


def pairs(cell: object) -> dict[str, str]:
    """Parse a label cell loosely (the scorer must not depend on the code it scores)."""
    if not isinstance(cell, str) or not cell.strip():
        return {}
    out = {}
    for item in cell.split("|"):
        a, _, p = item.rpartition(":")
        out[a] = p
    return out


def score_aspects(
    gold: Sequence[object], pred: Sequence[object], pred_all: Sequence[object] | None = None
) -> dict[str, float]:
    """Aspect micro-F1, polarity accuracy on gold aspects (from ``pred_all``) and on hits."""
    tp = fp = fn = 0
    pol_ok = pol_n = hit_ok = hit_n = 0
    for i, (g_cell, p_cell) in enumerate(zip(gold, pred, strict=True)):
        g, p = pairs(g_cell), pairs(p_cell)
        tp += len(set(g) & set(p))
        fp += len(set(p) - set(g))
        fn += len(set(g) - set(p))
        for a in set(g) & set(p):
            hit_n += 1
            hit_ok += g[a] == p[a]
        if pred_all is not None:
            every = pairs(pred_all[i])
            for a, pol in g.items():
                pol_n += 1
                pol_ok += every.get(a) == pol
    prec = tp / max(tp + fp, 1)
    rec = tp / max(tp + fn, 1)
    return {
        "micro_f1": 2 * prec * rec / max(prec + rec, 1e-12),
        "precision": prec,
        "recall": rec,
        "polarity_acc": pol_ok / max(pol_n, 1) if pred_all is not None else float("nan"),
        "polarity_acc_on_hits": hit_ok / max(hit_n, 1),
    }


def run_cli(*args: str) -> None:
    """Run ``needscope text ARGS`` in a subprocess, as a user would."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"needscope text {' '.join(args)} failed:\n{result.stderr}")


def print_table(title: str, rows: list[dict[str, object]]) -> None:
    """Print ``rows`` as an aligned table."""
    print(f"\n{title}")
    if rows:
        print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def cli_tag_eval(
    train: pd.DataFrame, test: pd.DataFrame, work: Path, extra: Sequence[str] = ()
) -> dict[str, float]:
    """Write both splits as CSV, ``text train`` + ``text tag`` through the CLI, score the output."""
    import time

    work.mkdir(parents=True, exist_ok=True)
    train.to_csv(work / "train.csv", index=False)
    test[["text"]].to_csv(work / "test.csv", index=False)
    t0 = time.perf_counter()
    run_cli("train", "--data", str(work / "train.csv"), "--text-col", "text",
            "--label-col", "labels", "--out", str(work / "model"), *extra)  # fmt: skip
    t1 = time.perf_counter()
    run_cli("tag", "--model", str(work / "model"), "--data", str(work / "test.csv"),
            "--text-col", "text", "--out", str(work / "out.csv"))  # fmt: skip
    t2 = time.perf_counter()
    out = pd.read_csv(work / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    scores = score_aspects(
        test["labels"].tolist(), out["labels"].tolist(), out["polarities"].tolist()
    )
    return {**scores, "train_s": t1 - t0, "tag_rec_s": len(test) / (t2 - t1)}


def cv_eval(
    frame: pd.DataFrame,
    work: Path,
    folds: int = 5,
    extra: Sequence[str] = (),
    only: Sequence[int] | None = None,
) -> dict[str, float]:
    """K-fold cross-validation through the CLI; the scores are pooled over all folds' rows
    (or over the folds numbered in ``only``)."""
    from sklearn.model_selection import KFold

    gold: list[str] = []
    pred: list[str] = []
    every: list[str] = []
    for k, (tr, te) in enumerate(KFold(folds, shuffle=True, random_state=0).split(frame)):
        if only is not None and k not in only:
            continue
        sub = work / f"fold{k}"
        cli_tag_eval(frame.iloc[tr], frame.iloc[te], sub, extra)
        out = pd.read_csv(sub / "out.csv", encoding="utf-8-sig", keep_default_na=False)
        gold += frame["labels"].iloc[te].tolist()
        pred += out["labels"].tolist()
        every += out["polarities"].tolist()
    return score_aspects(gold, pred, every)


# SemEval-2015/16 ENTITY#ATTRIBUTE -> SemEval-2014 categories.  Prices go to ``price`` whatever
# the entity; drinks count as food (as in the 2014 guidelines); the restaurant in general, its
# miscellany and its location go to ``anecdotes/miscellaneous``.
SEMEVAL15_TO_14 = {
    "FOOD": "food",
    "DRINKS": "food",
    "SERVICE": "service",
    "AMBIENCE": "ambience",
    "RESTAURANT": "anecdotes/miscellaneous",
    "LOCATION": "anecdotes/miscellaneous",
}


def map_semeval15(category: str) -> str:
    """The SemEval-2014 category of a 2015/16 ``ENTITY#ATTRIBUTE`` category."""
    entity, _, attribute = category.partition("#")
    return "price" if attribute == "PRICES" else SEMEVAL15_TO_14[entity]


def norm_sentence(text: str) -> str:
    """Lower-case letters and digits only, to find the same sentence in two files."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def read_semeval15_as14(path: Path, exclude: Sequence[str] = ()) -> pd.DataFrame:
    """2015/16 sentences in 2014 categories (``text``, ``labels``).

    Opinions mapped to the same category merge: one polarity stays; positive with negative
    becomes ``conflict``; neutral gives way to the other.  Sentences without opinions and
    sentences whose normalised text is in ``exclude`` are left out.
    """
    skip = {norm_sentence(t) for t in exclude}
    rows = []
    for sent in ET.parse(path).getroot().iter("sentence"):
        text = (sent.findtext("text") or "").strip()
        merged: dict[str, set[str]] = {}
        for op in sent.iter("Opinion"):
            merged.setdefault(map_semeval15(op.get("category", "")), set()).add(
                op.get("polarity", "")
            )
        if not merged or norm_sentence(text) in skip:
            continue
        cells = []
        for cat, pols in sorted(merged.items()):
            pols.discard("neutral") if len(pols) > 1 else None
            pol = "conflict" if {"positive", "negative"} <= pols else sorted(pols)[0]
            cells.append(f"{cat.replace(' ', '_')}:{pol}")
        rows.append({"text": text, "labels": "|".join(cells)})
    return pd.DataFrame(rows)


def plain_baseline(
    train: pd.DataFrame, test: pd.DataFrame, lang: str, use: bool = False
) -> dict[str, float]:
    """Plain TF-IDF (+ the text's USE vector with ``use``) + linear SVM: one detector per aspect,
    one polarity model (aspect one-hot)."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    if lang == "zh":
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    else:
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    xtr = vec.fit_transform(train["text"])
    xte = vec.transform(test["text"])
    if use:
        from needscope.text.embed import get_embedder

        model = get_embedder("use", threads=1)
        xtr = sp.hstack([xtr, sp.csr_matrix(model.encode(train["text"].tolist()))], format="csr")
        xte = sp.hstack([xte, sp.csr_matrix(model.encode(test["text"].tolist()))], format="csr")
    gold_tr = [pairs(c) for c in train["labels"]]
    aspects = sorted({a for g in gold_tr for a in g})
    pred = [dict[str, str]() for _ in range(len(test))]
    for a in aspects:
        target = np.array([a in g for g in gold_tr])
        if target.all() or not target.any():
            continue
        hit = LinearSVC(C=0.5).fit(xtr, target).predict(xte)
        for i in np.flatnonzero(hit):
            pred[i][a] = "?"

    def pair_x(x: object, rows: list[tuple[int, str]]) -> object:
        onehot = np.zeros((len(rows), len(aspects)))
        onehot[np.arange(len(rows)), [aspects.index(a) for _, a in rows]] = 1.0
        return sp.hstack([x[[i for i, _ in rows]], sp.csr_matrix(onehot)], format="csr")  # type: ignore[index]

    rows_tr = [(i, a) for i, g in enumerate(gold_tr) for a in g]
    pol = LinearSVC(C=0.5).fit(pair_x(xtr, rows_tr), [gold_tr[i][a] for i, a in rows_tr])
    rows_te = [(i, a) for i in range(len(test)) for a in aspects]
    every = [dict[str, str]() for _ in range(len(test))]
    for (i, a), p in zip(rows_te, pol.predict(pair_x(xte, rows_te)), strict=True):
        every[i][a] = str(p)
        if a in pred[i]:
            pred[i][a] = str(p)
    cell = lambda d: "|".join(f"{a}:{p}" for a, p in d.items())  # noqa: E731
    return score_aspects(test["labels"].tolist(), [cell(d) for d in pred], [cell(d) for d in every])


def plain_cv(
    frame: pd.DataFrame,
    lang: str,
    folds: int = 5,
    use: bool = False,
    only: Sequence[int] | None = None,
) -> dict[str, float]:
    """``plain_baseline`` under the same folds as ``cv_eval``, pooled over the folds' rows."""
    from sklearn.model_selection import KFold

    tp_rows: list[dict[str, float]] = []
    weights: list[int] = []
    for k, (tr, te) in enumerate(KFold(folds, shuffle=True, random_state=0).split(frame)):
        if only is not None and k not in only:
            continue
        tp_rows.append(plain_baseline(frame.iloc[tr], frame.iloc[te], lang, use))
        weights.append(len(te))
    return {k: sum(r[k] * w for r, w in zip(tp_rows, weights, strict=True)) / sum(weights)
            for k in tp_rows[0]}  # fmt: skip
