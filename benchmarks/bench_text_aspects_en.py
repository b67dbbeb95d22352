"""English aspect benchmark through the CLI: SemEval-2014 restaurants 5-fold CV, SemEval-2014
train -> SemEval-2015 test (categories mapped, sentences seen in 2014 removed), MAMS train->val;
each next to a plain TF-IDF + linear SVM baseline on the same split.

Run: ``.venv/bin/python benchmarks/bench_text_aspects_en.py [--no-embeddings] [--finetune]
[--folds 0,1] [--skip-cv] [--skip-2015] [--skip-mams]``.  ``--finetune`` trains with
``needscope text train --finetune`` (30-40 minutes per SemEval model on 2 cores); ``--folds``
runs only the CV folds named.
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


def _folds() -> list[int] | None:
    if "--folds" not in sys.argv:
        return None
    return [int(k) for k in sys.argv[sys.argv.index("--folds") + 1].split(",")]


def main() -> None:
    extra = [flag for flag in ("--no-embeddings", "--finetune") if flag in sys.argv]
    only = _folds()
    cv_name = "5-fold CV on train" if only is None else f"CV folds {only} of 5"
    semeval = DATA / "absa_en" / "semeval2014_restaurants_train.xml"
    if not semeval.exists():
        print(f"skipped: {semeval} not found")
        return
    rows = []
    frame = read_semeval_xml(semeval)
    with tempfile.TemporaryDirectory() as tmp:
        if "--skip-cv" not in sys.argv:
            t0 = time.time()
            scores = cv_eval(frame, Path(tmp) / "semeval", extra=extra, only=only)
            n_cv = len(frame) if only is None else round(len(frame) * len(only) / 5)
            rows.append({"dataset": f"SemEval-2014 rest. ({cv_name})", "n": n_cv,
                         **scores, "seconds": time.time() - t0})  # fmt: skip
            plain = plain_cv(frame, "en", only=only)
            rows.append({"dataset": "  plain TF-IDF + SVM, same folds", "n": n_cv,
                         **{k: plain[k] for k in COLS}})  # fmt: skip
            plain = plain_cv(frame, "en", use=True, only=only)
            rows.append({"dataset": "  plain TF-IDF + USE + SVM, same folds", "n": n_cv,
                         **{k: plain[k] for k in COLS}})  # fmt: skip
        test15 = DATA / "absa_en" / "semeval2015_restaurants_test.xml"
        if test15.exists() and "--skip-2015" not in sys.argv:
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
