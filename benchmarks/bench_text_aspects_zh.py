"""Chinese aspect benchmark through the CLI: AI Challenger part A (4 service aspects), 5-fold CV;
then a model trained on all of part A tagging the ASAP samples (same 4 aspects); each next to a
plain char TF-IDF + linear SVM baseline on the same split.

Run: ``.venv/bin/python benchmarks/bench_text_aspects_zh.py [--no-embeddings]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from bench_text_common import (
    DATA,
    cli_tag_eval,
    cv_eval,
    plain_baseline,
    plain_cv,
    print_table,
    read_ai_challenger,
)

COLS = ("micro_f1", "polarity_acc", "polarity_acc_on_hits")


def main() -> None:
    extra = ["--no-embeddings"] if "--no-embeddings" in sys.argv else []
    part_a = DATA / "absa_zh" / "ai_challenger_2018_part_a.csv"
    if not part_a.exists():
        print(f"skipped: {part_a} not found")
        return
    rows = []
    frame = read_ai_challenger(part_a)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        scores = cv_eval(frame, Path(tmp) / "ai", extra=extra)
        rows.append({"dataset": "AI Challenger part A, 5-fold CV", "n": len(frame), **scores,
                     "seconds": time.time() - t0})  # fmt: skip
        plain = plain_cv(frame, "zh")
        rows.append({"dataset": "  plain char TF-IDF + SVM, same folds", "n": len(frame),
                     **{k: plain[k] for k in COLS}})  # fmt: skip
        asap = [DATA / "absa_zh" / f"asap_{s}_sample.csv" for s in ("train", "dev", "test")]
        if all(p.exists() for p in asap):
            t0 = time.time()
            test = pd.concat([read_ai_challenger(p) for p in asap], ignore_index=True)
            scores = cli_tag_eval(frame, test, Path(tmp) / "asap", extra)
            rows.append({"dataset": "AI part A -> ASAP samples", "n": len(test), **scores,
                         "seconds": time.time() - t0})  # fmt: skip
            plain = plain_baseline(frame, test, "zh")
            rows.append({"dataset": "  plain char TF-IDF + SVM", "n": len(test),
                         **{k: plain[k] for k in COLS}})  # fmt: skip
    print_table(
        "Chinese service aspects: mention micro-F1, polarity accuracy where mentioned", rows
    )
    print("bars: mention micro-F1 >= 0.82, polarity accuracy where mentioned >= 0.75")
    print("train_s: CLI train wall time; tag_rec_s: records/s of CLI tag incl. start-up")


if __name__ == "__main__":
    main()
