"""English aspect benchmark through the CLI: SemEval-2014 restaurants 5-fold CV, SemEval-2014
train -> SemEval-2015 test (categories mapped, sentences seen in 2014 removed), MAMS train->val;
each next to a plain TF-IDF + linear SVM baseline on the same split.

Run: ``.venv/bin/python benchmarks/bench_text_aspects_en.py [--no-embeddings] [--skip-mams]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_text_common import (
    DATA,
    cli_tag_eval,
    cv_eval,
    plain_baseline,
    plain_cv,
    print_table,
    read_semeval15_as14,
    read_semeval_xml,
)

COLS = ("micro_f1", "polarity_acc", "polarity_acc_on_hits")


def main() -> None:
    extra = ["--no-embeddings"] if "--no-embeddings" in sys.argv else []
    semeval = DATA / "absa_en" / "semeval2014_restaurants_train.xml"
    if not semeval.exists():
        print(f"skipped: {semeval} not found")
        return
    rows = []
    frame = read_semeval_xml(semeval)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        scores = cv_eval(frame, Path(tmp) / "semeval", extra=extra)
        rows.append({"dataset": "SemEval-2014 rest. (5-fold CV on train)", "n": len(frame),
                     **scores, "seconds": time.time() - t0})  # fmt: skip
        plain = plain_cv(frame, "en")
        rows.append({"dataset": "  plain TF-IDF + SVM, same folds", "n": len(frame),
                     **{k: plain[k] for k in COLS}})  # fmt: skip
        plain = plain_cv(frame, "en", use=True)
        rows.append({"dataset": "  plain TF-IDF + USE + SVM, same folds", "n": len(frame),
                     **{k: plain[k] for k in COLS}})  # fmt: skip
        test15 = DATA / "absa_en" / "semeval2015_restaurants_test.xml"
        if test15.exists():
            t0 = time.time()
            test = read_semeval15_as14(test15, exclude=frame["text"].tolist())
            scores = cli_tag_eval(frame, test, Path(tmp) / "s15", extra)
            rows.append({"dataset": "SemEval-2014 train -> 2015 test (mapped)", "n": len(test),
                         **scores, "seconds": time.time() - t0})  # fmt: skip
            plain = plain_baseline(frame, test, "en")
            rows.append({"dataset": "  plain TF-IDF + SVM", "n": len(test),
                         **{k: plain[k] for k in COLS}})  # fmt: skip
        mams_train = DATA / "absa_en" / "mams_acsa_train.xml"
        if "--skip-mams" not in sys.argv and mams_train.exists():
            t0 = time.time()
            train = read_semeval_xml(mams_train)
            test = read_semeval_xml(DATA / "absa_en" / "mams_acsa_val.xml")
            scores = cli_tag_eval(train, test, Path(tmp) / "mams", extra)
            rows.append({"dataset": "MAMS-ACSA train -> val", "n": len(test), **scores,
                         "seconds": time.time() - t0})  # fmt: skip
            plain = plain_baseline(train, test, "en")
            rows.append({"dataset": "  plain TF-IDF + SVM", "n": len(test),
                         **{k: plain[k] for k in COLS}})  # fmt: skip
    print_table("English aspect categories (micro-F1) and polarity given the gold aspect", rows)
    print("bars on the SemEval-2014 test split: micro-F1 >= 0.90, polarity accuracy >= 0.85")
    print("train_s: CLI train wall time; tag_rec_s: records/s of CLI tag incl. start-up")


if __name__ == "__main__":
    main()
