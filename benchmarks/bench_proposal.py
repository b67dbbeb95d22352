"""Benchmark the proposal document: building its chapters, writing the DOCX, writing the PDF.

Run: ``PYTHONPATH=src python benchmarks/bench_proposal.py [--db sqlite:///needscope-demo/needscope.db]``;
without ``--db`` it builds the demo (scale 1.0) in a temporary folder and runs the main job on
it first, as ``needscope demo`` does. Prints a table with three cases per language:

- cold: nothing cached (every analysis section built, the journey drawings converted to PNG);
- after report: the main job's sections cached in the output folder (what ``needscope demo``
  and ``needscope plan proposal --out`` the report's folder meet);
- again: the same proposal written a second time (sections and drawings cached).

Target (issue): building and writing the demo's proposal (DOCX + PDF) under 20 s.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from needscope.model.vocab import Lang
from needscope.services import proposal as sp
from needscope.services.workspace import Workspace


def _case(ws: Workspace, out: Path, lang: Lang) -> tuple[float, float, float, float]:
    start = time.perf_counter()
    res = sp.write_proposal(ws.store, "demo", out, lang=lang)
    total = time.perf_counter() - start
    return res.seconds_build, res.seconds_docx, res.seconds_pdf, total


def main() -> None:
    """Time the proposal in both languages; print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL holding the demo project (slug demo)")
    parser.add_argument("--scale", type=float, default=1.0, help="demo size when building it")
    args = parser.parse_args()
    rows: list[tuple[str, str, tuple[float, float, float, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url = args.db or f"sqlite:///{root / 'demo.db'}"
        ws = Workspace(url)
        report = root / "report"
        if not args.db:
            from needscope.services.demo_job import build_demo
            from needscope.services.enrich import enrich_project

            build_demo(ws, root / "demo", scale=args.scale)
            enrich_project(ws.store, "demo")  # the text engine, as the main job runs it
        for lang in ("zh", "en"):
            sp._PNG.clear()
            cold = root / f"cold-{lang}"
            rows.append((lang, "cold", _case(ws, cold, lang)))
            shutil.rmtree(cold)
            ws.project("demo").run(report, lang=lang)  # the main job (text engine first)
            sp._PNG.clear()
            rows.append((lang, "after report", _case(ws, report, lang)))
            rows.append((lang, "again", _case(ws, report, lang)))
        n = len(ws.project("demo").records(limit=None))
        ws.close()
    print(f"demo project: {n:,} records")
    print("| lang | case         | chapters (s) | DOCX (s) | PDF (s) | total (s) |")
    print("|------|--------------|-------------:|---------:|--------:|----------:|")
    for lang, case, (build, docx, pdf, total) in rows:
        print(
            f"| {lang:<4} | {case:<12} | {build:12.2f} | {docx:8.2f} | {pdf:7.2f} | {total:9.2f} |"
        )


if __name__ == "__main__":
    main()
