"""Benchmark the text pipeline: speed and peak memory per case, and zero-shot tagging accuracy.

Usage:
    .venv/bin/python benchmarks/bench_text_pipeline.py            # speed + accuracy
    .venv/bin/python benchmarks/bench_text_pipeline.py --million  # also 1,000,000 records
    .venv/bin/python benchmarks/bench_text_pipeline.py --only accuracy

Each speed case runs in a fresh process so its peak RSS is its own. Data: the demo workspace
(``needscope demo --dir /tmp/demo-a``; set DEMO_DIR) and the shared evaluation sets (skipped when
absent). The restaurant pack's keywords were written with the error lists of SemEval-2014 train and
AI Challenger part A in view, so those F1s are in-sample for the pack's wording.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("NEEDSCOPE_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEMO = Path(os.environ.get("DEMO_DIR", "/tmp/demo-a"))
SEMEVAL = DATA / "absa_en" / "semeval2014_restaurants_train.xml"
AIC = DATA / "absa_zh" / "ai_challenger_2018_part_a.csv"
WAIMAI = DATA / "sentiment_zh" / "waimai_10k.csv"
AIC_COLS = {
    "service_wait_time": "service.wait_time",
    "service_waiters_attitude": "service.staff_attitude",
    "service_parking_convenience": "service.parking",
    "service_serving_speed": "service.serving_speed",
}
DEMO_FINE = {
    "food.taste", "food.portion", "food.freshness", "service.wait_time",
    "service.staff_attitude", "service.serving_speed", "service.parking",
}  # fmt: skip
DEMO_MAP = {"service.ordering": "other"}
"""The demo truth files the ordering system under "other"."""


def _peak_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _demo_reviews() -> pd.DataFrame:
    """Demo reviews (zh, en and traditional) with a ``text`` column."""
    return pd.read_csv(DEMO / "reviews.csv").rename(columns={"评论": "text"})


def _waimai() -> pd.DataFrame:
    """Delivery reviews with a ``text`` column."""
    return pd.read_csv(WAIMAI).rename(columns={"review": "text"})


def _rate(n: int, fn: Callable[[], object]) -> float:
    """Items per second of ``fn`` over ``n`` items."""
    start = time.perf_counter()
    fn()
    return n / (time.perf_counter() - start)


# ------------------------------------------------------------------ speed cases (child process)
def case_normalise() -> dict[str, float]:
    """Normalisation throughput on 30,000 delivery reviews."""
    from needscope.text.normalise import normalise

    frame = pd.concat([_waimai()] * 3, ignore_index=True).head(30_000)
    normalise(frame.head(100))
    return {"records": len(frame), "per_s": _rate(len(frame), lambda: normalise(frame))}


def case_segment() -> dict[str, float]:
    """Segmentation throughput on 100-character texts."""
    from needscope.text.normalise import normalise
    from needscope.text.segment import Segmenter

    text = "".join(_waimai()["text"].astype(str).tolist())
    frame = normalise(pd.DataFrame({"text": [text[i : i + 100] for i in range(0, 1_000_000, 100)]}))
    seg = Segmenter(pack="restaurant").fit()
    return {"records": len(frame), "per_s": _rate(len(frame), lambda: seg.transform(frame))}


def case_embed_short() -> dict[str, float]:
    """USE sentences/s on short clauses (under 20 characters), one thread, cold cache."""
    from needscope.text.embed import UseEmbedder

    model = UseEmbedder(threads=1)
    model.encode(["warm"])
    texts = [f"{t[:18]}{i}" for i, t in enumerate(_waimai()["text"].astype(str).head(1000))]
    return {"records": len(texts), "per_s": _rate(len(texts), lambda: model.encode(texts))}


def case_embed_long() -> dict[str, float]:
    """USE sentences/s on 350-character texts, one thread, cold cache."""
    from needscope.text.embed import UseEmbedder

    model = UseEmbedder(threads=1, max_chars=350)
    model.encode(["warm"])
    text = "".join(_waimai()["text"].astype(str).tolist())
    texts = [text[i * 350 : (i + 1) * 350] for i in range(100)]
    return {"records": len(texts), "per_s": _rate(len(texts), lambda: model.encode(texts))}


def _pipeline_case(frame: pd.DataFrame, **params: object) -> dict[str, float]:
    """Full default pipeline (fit excluded) on ``frame``."""
    from needscope.text.pipeline import TextPipeline

    pipe = TextPipeline(**params).fit(frame)  # type: ignore[arg-type]
    return {"records": len(frame), "per_s": _rate(len(frame), lambda: pipe.transform(frame))}


def case_pipeline_demo() -> dict[str, float]:
    """Default pipeline on the 6,000 demo reviews (zh / en / traditional)."""
    return _pipeline_case(_demo_reviews())


def case_pipeline_waimai() -> dict[str, float]:
    """Default pipeline on 11,987 delivery reviews."""
    return _pipeline_case(_waimai())


def case_pipeline_demo_uncovered() -> dict[str, float]:
    """Pipeline with the embed step on (records no keyword covers are embedded with USE)."""
    return _pipeline_case(_demo_reviews(), params={"embed": {"select": "uncovered"}})


def case_pipeline_million() -> dict[str, float]:
    """1,000,000 records (demo + delivery reviews repeated) streamed in chunks of 20,000."""
    from needscope.text.pipeline import TextPipeline

    base = pd.concat([_demo_reviews()[["text"]], _waimai()[["text"]]], ignore_index=True)
    pipe = TextPipeline(drop_columns=["tokens"]).fit(base)

    def chunks() -> object:
        done = 0
        while done < 1_000_000:
            part = base.sample(20_000, replace=True, random_state=done).reset_index(drop=True)
            part["text"] = part["text"].astype(str) + "#" + (part.index + done).astype(str)
            done += len(part)
            yield part

    def run() -> None:
        tagged = 0
        for out in pipe.transform_chunks(chunks()):  # type: ignore[arg-type]
            tagged += int(out["tags"].map(len).gt(0).sum())

    return {"records": 1_000_000, "per_s": _rate(1_000_000, run)}


CASES: dict[str, Callable[[], dict[str, float]]] = {
    "normalise": case_normalise,
    "segment (100 chars)": case_segment,
    "embed USE short": case_embed_short,
    "embed USE 350 chars": case_embed_long,
    "pipeline demo reviews": case_pipeline_demo,
    "pipeline waimai": case_pipeline_waimai,
    "pipeline demo + embed uncovered": case_pipeline_demo_uncovered,
    "pipeline 1M records (chunks)": case_pipeline_million,
}


def run_child(name: str) -> dict[str, float]:
    """Run one case in a fresh interpreter; return its figures and peak RSS."""
    proc = subprocess.run(
        [sys.executable, __file__, "--case", name],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}  # type: ignore[dict-item]
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------ accuracy
def _micro_f1(
    gold: list[set[str]], pred: list[set[str]], labels: list[str]
) -> tuple[float, dict[str, float]]:
    """Micro-F1 over ``labels`` and F1 per label."""
    tp = fp = fn = 0
    per: dict[str, float] = {}
    for label in labels:
        a = sum(label in g and label in p for g, p in zip(gold, pred, strict=True))
        b = sum(label not in g and label in p for g, p in zip(gold, pred, strict=True))
        c = sum(label in g and label not in p for g, p in zip(gold, pred, strict=True))
        per[label] = 2 * a / max(2 * a + b + c, 1)
        tp, fp, fn = tp + a, fp + b, fn + c
    return 2 * tp / max(2 * tp + fp + fn, 1), per


def _tag(texts: list[str], level: str, policy: str) -> list[set[str]]:
    """Zero-shot tags of raw texts; ``policy`` is ``none``, ``records@0.6`` or ``clauses@0.42``."""
    from needscope.text.normalise import normalise
    from needscope.text.zeroshot import ZeroShotTagger

    frame = normalise(pd.DataFrame({"text": texts}))
    name, _, sim = policy.partition("@")
    tagger = ZeroShotTagger(
        "restaurant",
        level=level,  # type: ignore[arg-type]
        embed_policy=name,  # type: ignore[arg-type]
        sim_low=float(sim or 0.6),
        sim_high=float(sim or 0.6) + 0.2,
    ).fit()
    return [set(t) for t in tagger.transform(frame)["tags"]]


def accuracy(policies: tuple[str, ...]) -> list[dict[str, object]]:
    """Zero-shot micro-F1 on SemEval-2014, AI Challenger (4 service aspects) and the demo truth."""
    rows: list[dict[str, object]] = []
    if SEMEVAL.exists():
        root = ET.parse(SEMEVAL).getroot()
        texts = [s.findtext("text") or "" for s in root.iter("sentence")]
        gold = [
            {c.get("category", "") for c in s.iter("aspectCategory")} for s in root.iter("sentence")
        ]
        labels = ["food", "service", "price", "ambience"]
        for policy in policies:
            f1, per = _micro_f1(gold, _tag(texts, "top", policy), labels)
            rows.append(
                {
                    "set": "SemEval-2014 restaurants train (3,044)",
                    "embed": policy,
                    "micro_f1": f1,
                    **per,
                }
            )
    if AIC.exists():
        data = pd.read_csv(AIC)
        gold = [{v for c, v in AIC_COLS.items() if r[c] != -2} for _, r in data.iterrows()]
        for policy in policies:
            f1, per = _micro_f1(
                gold, _tag(data["content"].tolist(), "fine", policy), list(AIC_COLS.values())
            )
            rows.append(
                {
                    "set": "AI Challenger part A, 4 service aspects (1,000)",
                    "embed": policy,
                    "micro_f1": f1,
                    **per,
                }
            )
    truth = DEMO / "_truth" / "reviews_truth.csv"
    if truth.exists():
        merged = _demo_reviews().merge(pd.read_csv(truth), on="评论编号")
        gold = [
            {a.split(":")[0] for a in str(x).split("|") if a and a != "nan"}
            for x in merged["aspects"]
        ]
        labels = sorted(set().union(*gold))
        for policy in policies[:1]:
            pred = []
            for tags in _tag(merged["text"].tolist(), "fine", policy):
                mapped = {DEMO_MAP.get(t, t if t in DEMO_FINE else t.split(".")[0]) for t in tags}
                pred.append({t for t in mapped if not any(u.startswith(t + ".") for u in mapped)})
            f1, _ = _micro_f1(gold, pred, labels)
            tops = ["food", "service", "price", "ambience", "location", "other"]
            f1_top, _ = _micro_f1(
                [{g.split(".")[0] for g in s} for s in gold],
                [{p.split(".")[0] for p in s} for s in pred],
                tops,
            )
            rows.append(
                {"set": "demo reviews truth, fine (6,000)", "embed": policy, "micro_f1": f1}
            )
            rows.append(
                {"set": "demo reviews truth, top (6,000)", "embed": policy, "micro_f1": f1_top}
            )
    return rows


def main(argv: list[str]) -> None:
    """Print the speed table and the accuracy table."""
    if "--case" in argv:
        name = argv[argv.index("--case") + 1]
        result = CASES[name]()
        result["peak_rss_mb"] = _peak_mb()
        print(json.dumps(result))
        return
    only = argv[argv.index("--only") + 1] if "--only" in argv else "all"
    if only in ("all", "speed"):
        print(f"{'case':36} {'records':>10} {'records/s':>11} {'peak RSS MB':>12}")
        for name in CASES:
            if name.startswith("pipeline 1M") and "--million" not in argv:
                continue
            r = run_child(name)
            if "error" in r:
                print(f"{name:36} error: {r['error']}")
                continue
            print(
                f"{name:36} {int(r['records']):>10,} {r['per_s']:>11,.0f} {r['peak_rss_mb']:>12,.0f}"
            )
    if only in ("all", "accuracy"):
        print()
        print(f"{'zero-shot set':50} {'embed':>12} {'micro-F1':>9}  per label")
        for row in accuracy(("none", "records@0.6", "clauses@0.42")):
            per = ", ".join(
                f"{k}={v:.3f}" for k, v in row.items() if k not in ("set", "embed", "micro_f1")
            )
            print(f"{row['set']:50} {row['embed']:>12} {row['micro_f1']:>9.3f}  {per}")


if __name__ == "__main__":
    main(sys.argv[1:])
