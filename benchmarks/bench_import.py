"""Import speed and memory: a generated N-row CSV into a fresh SQLite store.

Usage: python benchmarks/bench_import.py [--rows 1000000] [--keep DIR]
Prints a table with rows/s and peak RSS (the importing process plus its reader process).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STORES = ["新街口店", "河西店", "仙林店", "江宁店", "鼓楼店", "浦口店", "六合店", "溧水店"]
PHRASES = [
    "上菜太慢",
    "服务员很热情",
    "菜品新鲜",
    "价格偏贵",
    "环境干净",
    "等位时间长",
    "停车不方便",
    "分量足",
    "Great food",
    "slow service",
    "味道一般",
    "下次还来",
]


def generate(path: Path, rows: int) -> None:
    """Write a realistic 8-column review file."""
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["评论编号", "会员编号", "评论时间", "门店", "评分", "评论", "平台", "金额"])
        for i in range(rows):
            text = "，".join(rng.sample(PHRASES, rng.randint(1, 4))) + f"（第{i}条）"
            w.writerow(
                [
                    f"R{i:08d}",
                    f"M{rng.randint(1, 200000):06d}",
                    f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                    rng.choice(STORES),
                    rng.randint(1, 5),
                    text,
                    rng.choice(["大众点评", "美团", "Google"]),
                    f"{rng.uniform(20, 500):.1f}",
                ]
            )


def child(path: str, db: str) -> None:
    """Import in this process and print seconds, rows added and peak RSS in MB."""
    from needscope.services.workspace import Workspace

    ws = Workspace(f"sqlite:///{db}")
    project = ws.create_project("bench", "Bench")
    start = time.perf_counter()
    report = project.import_file(path, source_type="third_party")
    seconds = time.perf_counter() - start
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reader = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{seconds:.3f} {report.rows_added} {main:.1f} {reader:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reviews.csv"
        t0 = time.perf_counter()
        generate(path, args.rows)
        gen = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(Path(tmp) / "b.db")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        seconds, added = float(out[0]), int(out[1])
        main_rss, reader_rss = float(out[2]), float(out[3])
        rss = main_rss + reader_rss
    print(f"generated {args.rows:,} rows ({size_mb:.0f} MB) in {gen:.1f} s")
    print("| rows | file MB | seconds | rows/s | peak RSS MB (importer + reader) | bar |")
    print("|---:|---:|---:|---:|---:|---|")
    ok = added / seconds >= 50_000 and rss < 500
    print(
        f"| {added:,} | {size_mb:.0f} | {seconds:.1f} | {added / seconds:,.0f} | "
        f"{rss:.0f} ({main_rss:.0f} + {reader_rss:.0f}) | "
        f"{'met' if ok else 'MISSED'} (≥ 50,000 rows/s, < 500 MB) |"
    )


if __name__ == "__main__":
    main()
