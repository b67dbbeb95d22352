"""Benchmark the analysis methods on large generated data and on the UCI online retail data.

Run: ``PYTHONPATH=src python benchmarks/bench_methods.py [--n 1000000]``; prints a table.
Targets (issue): KANO, NPS/CSAT/CES, SERVQUAL on 1,000,000 respondents < 2 s each;
RFM on online_retail_uci.parquet (541,909 lines) < 2 s.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from needscope.methods import ces, csat, kano, nps, rfm, servqual_dimensions, servqual_gaps

RETAIL = Path(__file__).resolve().parents[2] / "shared" / "data" / "transactions"
RETAIL_FILE = RETAIL / "online_retail_uci.parquet"
TEXTS = ["我很喜欢", "理所当然", "无所谓", "能忍受", "我很不喜欢"]


def _timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Wall time of the first run and the best of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times[0], min(times)


def main() -> None:
    """Generate the data, time each method, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="respondents")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.n
    rng = np.random.default_rng(0)
    kano_codes = pd.DataFrame(
        {f"{side}{j}": rng.integers(1, 6, n) for j in range(5) for side in ("f", "d")}
    )
    kano_text = pd.DataFrame(
        {"f": np.array(TEXTS, dtype=object)[rng.integers(0, 5, n)],
         "d": np.array(TEXTS, dtype=object)[rng.integers(0, 5, n)]}
    )  # fmt: skip
    scores = pd.DataFrame(
        {"nps": rng.integers(0, 11, n), "csat": rng.integers(1, 6, n),
         "ces": rng.integers(1, 8, n), "seg": rng.choice(["a", "b", "c"], n)}
    )  # fmt: skip
    sq = pd.DataFrame(
        {f"{side}{i}": rng.integers(1, 8, n).astype(np.float64)
         for i in range(1, 23) for side in ("E", "P")}
    )  # fmt: skip
    e_cols = [f"E{i}" for i in range(1, 23)]
    p_cols = [f"P{i}" for i in range(1, 23)]
    fun, dys = [f"f{j}" for j in range(5)], [f"d{j}" for j in range(5)]
    cases: list[tuple[str, str, Callable[[], object]]] = [
        ("KANO, 5 attributes, codes", f"{n:,} respondents", lambda: kano(kano_codes, fun, dys)),
        ("KANO, 1 attribute, Chinese texts", f"{n:,} respondents",
         lambda: kano(kano_text, "f", "d")),
        ("NPS", f"{n:,} respondents", lambda: nps(scores, "nps")),
        ("NPS by segment", f"{n:,} respondents", lambda: nps(scores, "nps", segment="seg")),
        ("CSAT (top-2-box + mean)", f"{n:,} respondents", lambda: csat(scores, "csat")),
        ("CES (1-7)", f"{n:,} respondents", lambda: ces(scores, "ces", scale=7)),
        ("SERVQUAL item gaps, 22 items", f"{n:,} respondents",
         lambda: servqual_gaps(sq, e_cols, p_cols)),
        ("SERVQUAL dimension gaps, 22 items", f"{n:,} respondents",
         lambda: servqual_dimensions(sq, e_cols, p_cols)),
    ]  # fmt: skip
    if RETAIL_FILE.exists():
        retail = pd.read_parquet(RETAIL_FILE)
        cases.append(
            ("RFM (online retail UCI)", f"{len(retail):,} lines",
             lambda: rfm(retail, customer="CustomerID", date="InvoiceDate", amount=None,
                         quantity="Quantity", price="UnitPrice", order="InvoiceNo"))
        )  # fmt: skip
    print(f"{'method':<36} {'data':>22} {'first s':>8} {'best s':>8}  target")
    print("-" * 86)
    for name, size, fn in cases:
        first, best = _timed(fn, args.repeat)
        flag = "ok" if first < 2.0 else "SLOW"
        print(f"{name:<36} {size:>22} {first:>8.3f} {best:>8.3f}  <2 s {flag}")


if __name__ == "__main__":
    main()
