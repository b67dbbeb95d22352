"""Chinese sentiment on unseen domains through the CLI: hold out one domain at a time.

Domains: waimai_10k (food delivery) and the categories of online_shopping_9_cats (the hotel
category is held out by the data owners).  For each domain: ``text train --task sentiment`` on
all other domains, ``text sentiment --model`` on it; and the built-in model (``text sentiment``
without ``--model``), which was trained on none of these files.

The labels are binary (1 positive, 0 negative), so a prediction is scored by the sign of its
``score``: a record called neutral counts as positive when its score is above 0 and as negative
when below (a score of exactly 0, no evidence at all, counts as wrong).  The share of records
called neutral is reported next to the accuracy, and the mean over domains is given both with
domains weighted equally and weighted by their size.
Run: ``.venv/bin/python benchmarks/bench_text_sentiment.py [--max-train N] [--builtin-only]
[--domains 书籍,蒙牛] [--no-embeddings]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bench_text_common import DATA, print_table, run_cli


def load() -> pd.DataFrame | None:
    shop = DATA / "sentiment_zh" / "online_shopping_9_cats.csv"
    waimai = DATA / "sentiment_zh" / "waimai_10k.csv"
    if not (shop.exists() and waimai.exists()):
        return None
    s = pd.read_csv(shop, encoding="utf-8-sig").dropna()
    w = pd.read_csv(waimai, encoding="utf-8-sig").dropna().assign(cat="waimai")
    frame = pd.concat([s, w], ignore_index=True)
    frame["review"] = frame["review"].astype(str).str.replace("\ufeff", "", regex=False)
    return frame[["cat", "label", "review"]]


def accuracy(out: Path, gold: pd.Series) -> tuple[float, float]:
    """Accuracy by the sign of ``score`` (neutral falls back to its sign) and neutral share."""
    pred = pd.read_csv(out, encoding="utf-8-sig")
    sign = np.sign(pred["score"].to_numpy(dtype=float))
    want = np.where(gold.to_numpy() == 1, 1.0, -1.0)
    return float((sign == want).mean()), float((pred["sentiment"] == "neutral").mean())


def main() -> None:
    frame = load()
    if frame is None:
        print("skipped: sentiment_zh data not found")
        return
    max_train = int(sys.argv[sys.argv.index("--max-train") + 1]) if "--max-train" in sys.argv else 0
    only = sys.argv[sys.argv.index("--domains") + 1].split(",") if "--domains" in sys.argv else None
    extra = ["--no-embeddings"] if "--no-embeddings" in sys.argv else []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for cat in sorted(frame["cat"].unique()):
            if only is not None and cat not in only:
                continue
            test = frame[frame["cat"] == cat]
            test[["review"]].to_csv(work / "test.csv", index=False)
            row: dict[str, object] = {
                "held out": cat,
                "n": len(test),
                "pos share": test["label"].mean(),
            }
            t0 = time.time()
            run_cli("sentiment", "--data", str(work / "test.csv"), "--text-col", "review",
                    "--out", str(work / "builtin.csv"))  # fmt: skip
            row["built-in"], row["built-in neutral"] = accuracy(work / "builtin.csv", test["label"])
            row["built-in s"] = time.time() - t0
            if "--builtin-only" not in sys.argv:
                train = frame[frame["cat"] != cat]
                if max_train and len(train) > max_train:
                    train = train.sample(max_train, random_state=0)
                train[["review", "label"]].to_csv(work / "train.csv", index=False)
                t0 = time.time()
                run_cli("train", "--task", "sentiment", "--data", str(work / "train.csv"),
                        "--text-col", "review", "--label-col", "label", "--out", str(work / "m"), *extra)  # fmt: skip
                run_cli("sentiment", "--model", str(work / "m"), "--data", str(work / "test.csv"),
                        "--text-col", "review", "--out", str(work / "trained.csv"))  # fmt: skip
                row["trained"], row["trained neutral"] = accuracy(
                    work / "trained.csv", test["label"]
                )
                row["trained s"] = time.time() - t0
            rows.append(row)
            print(row, flush=True)
    table = pd.DataFrame(rows)
    mean: dict[str, object] = {"held out": "mean (domains equal)", "n": int(table["n"].sum())}
    weighted: dict[str, object] = {"held out": "mean (weighted by n)", "n": mean["n"]}
    for col in ("built-in", "built-in neutral", "trained", "trained neutral"):
        if col in table:
            mean[col] = table[col].mean()
            weighted[col] = float(np.average(table[col], weights=table["n"]))
    title = "Chinese sentiment, one domain held out at a time (accuracy by the sign of the score)"
    print_table(title, [*rows, mean, weighted])
    print("bars on the hotel reviews: trained >= 0.90, built-in >= 0.85")


if __name__ == "__main__":
    main()
