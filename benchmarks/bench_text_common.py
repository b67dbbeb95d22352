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
    work.mkdir(parents=True, exist_ok=True)
    train.to_csv(work / "train.csv", index=False)
    test[["text"]].to_csv(work / "test.csv", index=False)
    run_cli("train", "--data", str(work / "train.csv"), "--text-col", "text",
            "--label-col", "labels", "--out", str(work / "model"), *extra)  # fmt: skip
    run_cli("tag", "--model", str(work / "model"), "--data", str(work / "test.csv"),
            "--text-col", "text", "--out", str(work / "out.csv"))  # fmt: skip
    out = pd.read_csv(work / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    return score_aspects(
        test["labels"].tolist(), out["labels"].tolist(), out["polarities"].tolist()
    )


def cv_eval(
    frame: pd.DataFrame, work: Path, folds: int = 5, extra: Sequence[str] = ()
) -> dict[str, float]:
    """K-fold cross-validation through the CLI; the scores are pooled over all folds' rows."""
    from sklearn.model_selection import KFold

    gold: list[str] = []
    pred: list[str] = []
    every: list[str] = []
    for k, (tr, te) in enumerate(KFold(folds, shuffle=True, random_state=0).split(frame)):
        sub = work / f"fold{k}"
        cli_tag_eval(frame.iloc[tr], frame.iloc[te], sub, extra)
        out = pd.read_csv(sub / "out.csv", encoding="utf-8-sig", keep_default_na=False)
        gold += frame["labels"].iloc[te].tolist()
        pred += out["labels"].tolist()
        every += out["polarities"].tolist()
    return score_aspects(gold, pred, every)
