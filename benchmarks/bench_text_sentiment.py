"""Chinese sentiment on unseen domains through the CLI: hold out one domain at a time.

Domains: waimai_10k (food delivery) and the categories of online_shopping_9_cats (the hotel
category is held out by the data owners).  For each domain: ``text train --task sentiment`` on
all other domains, ``text sentiment --model`` on it; and the built-in model (``text sentiment``
without ``--model``), which was trained on none of these files.
Run: ``.venv/bin/python benchmarks/bench_text_sentiment.py [--max-train N] [--builtin-only]
[--domains 书籍,蒙牛] [--no-embeddings]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

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


def accuracy(out: Path, gold: pd.Series) -> float:
    pred = pd.read_csv(out, encoding="utf-8-sig")["sentiment"]
    want = gold.map({1: "positive", 0: "negative"}).to_numpy()
    return float((pred.to_numpy() == want).mean())


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
            row["built-in"] = accuracy(work / "builtin.csv", test["label"])
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
                row["trained"] = accuracy(work / "trained.csv", test["label"])
                row["trained s"] = time.time() - t0
            rows.append(row)
            print(row, flush=True)
    table = pd.DataFrame(rows)
    mean = {"held out": "mean (domains equal)", "n": int(table["n"].sum())}
    for col in ("built-in", "trained"):
        if col in table:
            mean[col] = table[col].mean()
    print_table("Chinese sentiment, one domain held out at a time (accuracy)", [*rows, mean])
    print("bars on the hotel reviews: trained >= 0.90, built-in >= 0.85")


if __name__ == "__main__":
    main()
