"""Generate the demo project: a restaurant chain's raw customer material plus its project.yaml."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from needscope.demo import config as C
from needscope.demo.complaints import COMPLAINT_COLUMNS, COMPLAINT_TRUTH_COLUMNS, make_complaints
from needscope.demo.needs import needs_register
from needscope.demo.notes import (
    OBSERVATION_COLUMNS,
    make_interviews,
    make_observations,
    make_staff_feedback,
)
from needscope.demo.orders import CUSTOMER_COLUMNS, ORDER_COLUMNS, make_customers, make_orders
from needscope.demo.reviews import REVIEW_COLUMNS, REVIEW_TRUTH_COLUMNS, make_reviews
from needscope.demo.survey import SURVEY_COLUMNS, make_survey
from needscope.demo.truth import launch_truth, survey_truth
from needscope.demo.world import build_world
from needscope.demo.writers import (
    write_csv,
    write_json,
    write_jsonl,
    write_xlsx,
    write_yaml,
)


@dataclass(frozen=True)
class DemoManifest:
    """What ``generate_demo`` wrote: the folder, the parsed project.yaml and the files."""

    out_dir: Path
    project: dict[str, Any]
    files: list[Path]
    n_records: int
    """Rows of all ``kind: records`` files."""


IMPORTS: tuple[dict[str, Any], ...] = (
    {"file": C.F_CUSTOMERS, "kind": "customers"},
    {"file": C.F_ORDERS, "kind": "records", "source_type": "historic", "credibility": "high"},
    {"file": C.F_COMPLAINTS, "kind": "records", "source_type": "historic", "credibility": "high"},
    {"file": C.F_REVIEWS, "kind": "records", "source_type": "third_party", "credibility": "low"},
    {
        "file": C.F_SURVEY,
        "kind": "records",
        "sheet": C.SURVEY_SHEET,
        "source_type": "survey",
        "credibility": "medium",
    },
    {"file": C.F_INTERVIEWS, "kind": "records", "source_type": "interview", "credibility": "high"},
    {
        "file": C.F_OBSERVATIONS,
        "kind": "records",
        "sheet": C.OBSERVATION_SHEET,
        "source_type": "observation",
        "credibility": "high",
    },
    {"file": C.F_STAFF, "kind": "records", "source_type": "staff", "credibility": "medium"},
)


def counts_for(scale: float) -> dict[str, int]:
    """Rows per source at ``scale`` (1.0 gives about 20,000 records)."""
    if not (isinstance(scale, int | float) and math.isfinite(scale) and 0 < scale <= 20):
        raise ValueError(f"scale must be a number in (0, 20], got {scale!r}")
    return {k: max(C.MIN_COUNTS[k], round(v * scale)) for k, v in C.BASE_COUNTS.items()}


def _project(
    scale: float, seed: int, counts: dict[str, int], needs: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "slug": "demo",
        "client": C.CLIENT_ZH,
        "client_en": C.CLIENT_EN,
        "industry": "restaurant",
        "owner": C.OWNER,
        "customer_type": "b2c",
        "scenario": "new_client",
        "description": "南京江南菜连锁：5家老店之外新开3家店，新店复购率低、上菜慢，需要一套服务优化方案。",
        "description_en": "A Nanjing restaurant chain opened 3 new stores next to its 5 old ones; "
        "the new stores see low repurchase and slow serving.",
        "constraints": {
            "budget": 150000,
            "deadline": date(2026, 6, 30),
            "resources": "每店增配1名服务员；后厨设备预算另计",
        },
        "goals": ["新店开业3个月内复购率从20%提升至40%", "上菜时间不超过15分钟"],
        "period": {"start": C.PERIOD_START, "end": C.PERIOD_END},
        "stores": {"new": list(C.NEW_STORES), "old": list(C.OLD_STORES)},
        "store_openings": {s.name: s.opened for s in C.STORES if s.new},
        "launch": {
            "date": C.LAUNCH_DATE,
            "name": C.LAUNCH_NAME_ZH,
            "name_en": C.LAUNCH_NAME_EN,
            "treated": list(C.LAUNCH_STORES),
            "control": list(C.OLD_STORES),
            "metrics": {
                "上菜时长": {"column": "上菜时长(分钟)", "unit": "分钟", "direction": "down"},
                "复购率": {"window_days": C.RETURN_WINDOW_DAYS, "unit": "%", "direction": "up"},
            },
        },
        "imports": [dict(i) for i in IMPORTS],
        "needs": needs,
        "demo": {
            "generator_version": C.GENERATOR_VERSION,
            "seed": seed,
            "scale": float(scale),
            "counts": counts,
            "truth_dir": C.TRUTH_DIR,
        },
    }


def generate_demo(out_dir: Path, *, seed: int = C.DEFAULT_SEED, scale: float = 1.0) -> DemoManifest:
    """Write the demo project to ``out_dir``; the same ``seed`` and ``scale`` give the same bytes."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    counts = counts_for(scale)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / C.F_PROJECT).unlink(missing_ok=True)  # marks the folder incomplete until the end
    truth = out / C.TRUTH_DIR
    truth.mkdir(exist_ok=True)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)]

    world = build_world()
    customers = make_customers(rngs[0], world, counts["customers"])
    orders = make_orders(rngs[1], world, customers, counts["orders"])
    complaints = make_complaints(rngs[2], orders, customers, counts["complaints"])
    reviews = make_reviews(rngs[3], world, counts["reviews"])
    survey = make_survey(rngs[4], world, customers, counts["survey"])
    interviews = make_interviews(rngs[5], counts["interviews"])
    observations = make_observations(rngs[6], counts["observations"])
    staff = make_staff_feedback(rngs[7], counts["staff"], date(2025, 10, 8), C.PERIOD_END)

    write_csv(out / C.F_CUSTOMERS, CUSTOMER_COLUMNS, customers.rows)
    write_csv(out / C.F_ORDERS, ORDER_COLUMNS, orders.rows(customers))
    write_csv(out / C.F_COMPLAINTS, COMPLAINT_COLUMNS, complaints.rows, C.COMPLAINTS_ENCODING)
    write_csv(out / C.F_REVIEWS, REVIEW_COLUMNS, reviews.rows, "utf-8-sig")
    write_xlsx(
        out / C.F_SURVEY,
        [
            (C.SURVEY_SHEET, SURVEY_COLUMNS, survey.rows),
            (C.SURVEY_ITEMS_SHEET, survey.items[0], survey.items[1:]),
        ],
        title=f"{C.CLIENT_ZH} 顾客满意度问卷",
    )
    write_jsonl(out / C.F_INTERVIEWS, interviews)
    write_xlsx(
        out / C.F_OBSERVATIONS,
        [(C.OBSERVATION_SHEET, OBSERVATION_COLUMNS, observations)],
        title=f"{C.CLIENT_ZH} 现场观察记录",
    )
    write_json(out / C.F_STAFF, staff)
    write_csv(truth / "reviews_truth.csv", REVIEW_TRUTH_COLUMNS, reviews.truth)
    write_csv(truth / "complaints_truth.csv", COMPLAINT_TRUTH_COLUMNS, complaints.truth)
    write_json(truth / "survey_truth.json", survey_truth())
    write_json(truth / "launch_truth.json", launch_truth(orders))

    needs = needs_register(complaints, reviews, survey, staff)
    project = _project(scale, seed, counts, needs)
    n_records = sum(
        len(x)
        for x in (
            orders.ids,
            complaints.rows,
            reviews.rows,
            survey.rows,
            interviews,
            observations,
            staff,
        )
    )
    project["demo"]["n_records"] = n_records
    comment = (
        f"needscope demo project — {C.CLIENT_EN}\n"
        f"Generated by needscope.demo {C.GENERATOR_VERSION} (seed {seed}, scale {scale}); "
        "_truth/ holds the ground truth and is not imported."
    )
    write_yaml(out / C.F_PROJECT, project, comment)
    return DemoManifest(
        out_dir=out,
        project=yaml.safe_load((out / C.F_PROJECT).read_text(encoding="utf-8")),
        files=sorted(p for p in out.rglob("*") if p.is_file()),
        n_records=n_records,
    )


def load_manifest(out_dir: Path) -> DemoManifest:
    """Read the manifest of a demo folder written earlier by ``generate_demo``."""
    out = Path(out_dir)
    path = out / C.F_PROJECT
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(project, dict) or not isinstance(project.get("demo"), dict):
        raise ValueError(f"{path} is not a needscope demo project (no 'demo' section)")
    return DemoManifest(
        out_dir=out,
        project=project,
        files=sorted(p for p in out.rglob("*") if p.is_file()),
        n_records=int(project["demo"].get("n_records", 0)),
    )


def demo_exists(out_dir: Path) -> bool:
    """Whether ``out_dir`` holds a complete demo written by this generator version."""
    path = Path(out_dir) / C.F_PROJECT
    try:
        project = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    if not isinstance(project, dict) or not isinstance(project.get("demo"), dict):
        return False
    if str(project["demo"].get("generator_version")) != C.GENERATOR_VERSION:
        return False
    files = [i.get("file") for i in project.get("imports", []) if isinstance(i, dict)]
    return bool(files) and all((Path(out_dir) / str(f)).is_file() for f in files)


__all__ = [
    "IMPORTS",
    "DemoManifest",
    "counts_for",
    "demo_exists",
    "generate_demo",
    "load_manifest",
]
