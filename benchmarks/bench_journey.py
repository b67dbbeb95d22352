"""Benchmark the journey: evaluating and drawing the demo's map and blueprint, and a 12 × 60 case.

Run: ``PYTHONPATH=src python benchmarks/bench_journey.py [--db sqlite:///needscope-demo/needscope.db]``;
without ``--db`` it builds the demo in a temporary folder first.  Prints a table.
Target (issue): rendering the demo's journey map and blueprint < 2 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from needscope.journey import Bi, Evaluation, Journey, JourneyStage, StageScore, Touchpoint
from needscope.journey.model import PainPoint, Quote, TouchpointScore
from needscope.journey.render import export_svg, render_blueprint, render_journey_map
from needscope.model import TouchChannel, TouchpointLayer
from needscope.services.journey import evaluate_with, load_inputs
from needscope.services.workspace import Workspace


def _timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Wall time of the first run and the best of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times[0], min(times)


def big_evaluation(stages: int = 12, per_stage: int = 5) -> Evaluation:
    """A generated journey of ``stages`` stages and ``stages × per_stage`` touchpoints."""
    layers = list(TouchpointLayer)
    channels = list(TouchChannel)
    st = tuple(
        JourneyStage(
            f"s{i}",
            Bi(f"阶段{i + 1}：顾客在这里做了很多事情", f"Stage {i + 1}: the customer does a lot"),
            (Bi("浏览并比较不同的选项和价格", "Browse and compare options and prices"),),
        )
        for i in range(stages)
    )
    tps = tuple(
        Touchpoint(
            f"t{i}",
            Bi(f"这是一个非常长的触点名称{i}", f"A rather long touchpoint name number {i}"),
            f"s{i // per_stage}",
            layer=layers[i % 3],
            channel=channels[i % 3],
            evidence=Bi("小票与菜单", "Receipt and menu"),
            action=Bi("核对并处理顾客的请求", "Check and handle the request"),
        )
        for i in range(stages * per_stage)
    )
    quote = Quote(1, "我觉得整个过程太漫长了，等了很久都没有人理我。", -0.8)
    pains = tuple(
        PainPoint(f"p{k}", Bi(f"痛点名称比较长的问题{k}", f"A long pain point {k}"), 10, 0.1 * k)
        for k in range(3)
    )
    scores = tuple(
        StageScore(s.id, 100, 0.2 - 0.1 * (i % 5), 0.4, -0.1, 0.5, 0.3, (quote,), pains)
        for i, s in enumerate(st)
    )
    tscores = tuple(
        TouchpointScore(
            t.id, 50, 10, 0.2, -0.1, 0.5, {"positive": 20, "neutral": 10, "negative": 20},
            pains=pains, quotes=(quote,), importance=0.05, opportunity=0.06,
            mot=i % 7 == 0, fail_point=i % 11 == 0, wait_point=i % 13 == 0,
        )
        for i, t in enumerate(tps)
    )  # fmt: skip
    journey = Journey(st, tps, to_be={s.id: (Bi("缩短等待时间", "Shorter waits"),) for s in st})
    return Evaluation(journey, scores, tscores, Bi("全部顾客", "All customers"), 5000)


def main() -> None:
    """Time evaluation, drawing and export; print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL holding the demo project (slug demo)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db
        if not url:
            from needscope.services.demo_job import build_demo
            from needscope.services.run import run_project

            url = f"sqlite:///{tmp}/demo.db"
            ws = Workspace(url)
            build_demo(ws, Path(tmp) / "demo")
            run_project(ws.store, "demo", Path(tmp) / "out")  # runs the text engine
            ws.close()
        ws = Workspace(url)
        inputs = load_inputs(ws.store, "demo")
        evaluation = evaluate_with(inputs)
        n = f"{len(evaluation.journey.stages)} stages × {len(evaluation.journey.touchpoints)} tp"
        rows.append(("load inputs (records, text, survey)", n, *_timed(
            lambda: load_inputs(ws.store, "demo"), 1)))  # fmt: skip
        rows.append(
            ("evaluate (all records)", n, *_timed(lambda: evaluate_with(inputs), args.repeat))
        )
        for lang in ("zh", "en"):
            both = lambda lang=lang: (  # noqa: E731
                render_journey_map(evaluation, lang),
                render_blueprint(evaluation, lang),
            )
            rows.append((f"draw map + blueprint ({lang})", n, *_timed(both, args.repeat)))
        big = big_evaluation()
        rows.append(("draw map + blueprint (zh)", "12 stages × 60 tp", *_timed(
            lambda: (render_journey_map(big, "zh"), render_blueprint(big, "zh")), args.repeat)))  # fmt: skip
        svg = render_journey_map(evaluation, "zh")
        for suffix in ("pdf", "png"):
            out = Path(tmp) / f"map.{suffix}"
            rows.append((f"export journey map .{suffix}", n, *_timed(
                lambda out=out: export_svg(svg, out), 1)))  # fmt: skip
        ws.close()
    print(f"| {'case':<38} | {'size':<22} | first (s) | best (s) |")
    print(f"|{'-' * 40}|{'-' * 24}|----------:|---------:|")
    for case, size, first, best in rows:
        print(f"| {case:<38} | {size:<22} | {first:9.3f} | {best:8.3f} |")


if __name__ == "__main__":
    main()
