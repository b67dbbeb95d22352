"""English aspect benchmark through the CLI: SemEval-2014 restaurants 5-fold CV, MAMS train→val.

Run: ``.venv/bin/python benchmarks/bench_text_aspects_en.py [--no-embeddings] [--skip-mams]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_text_common import DATA, cli_tag_eval, cv_eval, print_table, read_semeval_xml


def main() -> None:
    extra = ["--no-embeddings"] if "--no-embeddings" in sys.argv else []
    semeval = DATA / "absa_en" / "semeval2014_restaurants_train.xml"
    if not semeval.exists():
        print(f"skipped: {semeval} not found")
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        frame = read_semeval_xml(semeval)
        scores = cv_eval(frame, Path(tmp) / "semeval", extra=extra)
        rows.append({"dataset": "SemEval-2014 rest. (5-fold CV on train)", "n": len(frame),
                     **scores, "seconds": time.time() - t0})  # fmt: skip
        mams_train = DATA / "absa_en" / "mams_acsa_train.xml"
        if "--skip-mams" not in sys.argv and mams_train.exists():
            t0 = time.time()
            train = read_semeval_xml(mams_train)
            test = read_semeval_xml(DATA / "absa_en" / "mams_acsa_val.xml")
            scores = cli_tag_eval(train, test, Path(tmp) / "mams", extra)
            rows.append({"dataset": "MAMS-ACSA train -> val", "n": len(test), **scores,
                         "seconds": time.time() - t0})  # fmt: skip
    print_table("English aspect categories (micro-F1) and polarity given the gold aspect", rows)
    print("bars on the SemEval test split: micro-F1 >= 0.90, polarity accuracy >= 0.85")


if __name__ == "__main__":
    main()
