"""Benchmark helpers for supervised aspects: SemEval-2015 → 2014 category mapping and merging."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_text_common import (
    map_semeval15,
    norm_sentence,
    read_semeval15_as14,
    score_aspects,
)

# A file written for this test in the SemEval-2015 layout.
XML = """<?xml version="1.0" encoding="UTF-8"?>
<Reviews><Review rid="1"><sentences>
<sentence id="1:0"><text>Great pasta, awful wine list.</text><Opinions>
  <Opinion target="pasta" category="FOOD#QUALITY" polarity="positive" from="6" to="11"/>
  <Opinion target="wine list" category="DRINKS#STYLE_OPTIONS" polarity="negative" from="19" to="28"/>
</Opinions></sentence>
<sentence id="1:1"><text>Pricey but the staff were lovely.</text><Opinions>
  <Opinion target="NULL" category="RESTAURANT#PRICES" polarity="negative" from="0" to="0"/>
  <Opinion target="staff" category="SERVICE#GENERAL" polarity="positive" from="15" to="20"/>
  <Opinion target="NULL" category="FOOD#PRICES" polarity="neutral" from="0" to="0"/>
</Opinions></sentence>
<sentence id="1:2"><text>We went on a Tuesday.</text></sentence>
<sentence id="1:3"><text>Seen  before, in 2014!</text><Opinions>
  <Opinion target="NULL" category="LOCATION#GENERAL" polarity="positive" from="0" to="0"/>
</Opinions></sentence>
<sentence id="1:4"><text>Nice spot.</text><Opinions>
  <Opinion target="spot" category="LOCATION#GENERAL" polarity="positive" from="5" to="9"/>
</Opinions></sentence>
</sentences></Review></Reviews>
"""


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("FOOD#QUALITY", "food"),
        ("DRINKS#QUALITY", "food"),
        ("FOOD#PRICES", "price"),
        ("DRINKS#PRICES", "price"),
        ("RESTAURANT#PRICES", "price"),
        ("SERVICE#GENERAL", "service"),
        ("AMBIENCE#GENERAL", "ambience"),
        ("RESTAURANT#GENERAL", "anecdotes/miscellaneous"),
        ("RESTAURANT#MISCELLANEOUS", "anecdotes/miscellaneous"),
        ("LOCATION#GENERAL", "anecdotes/miscellaneous"),
    ],
)
def test_map_semeval15(category: str, expected: str) -> None:
    assert map_semeval15(category) == expected


def test_read_semeval15_merges_and_excludes(tmp_path: Path) -> None:
    path = tmp_path / "s15.xml"
    path.write_text(XML, encoding="utf-8")
    frame = read_semeval15_as14(path, exclude=["seen before in 2014"])
    # 1:0 food pos + food neg -> conflict; 1:1 price neg + price neutral -> negative;
    # 1:2 has no opinion, 1:3 is in the exclusion list (same letters and digits).
    assert frame.to_dict("records") == [
        {"text": "Great pasta, awful wine list.", "labels": "food:conflict"},
        {"text": "Pricey but the staff were lovely.", "labels": "price:negative|service:positive"},
        {"text": "Nice spot.", "labels": "anecdotes/miscellaneous:positive"},
    ]
    assert norm_sentence("Seen  before, in 2014!") == "seenbeforein2014"


def test_score_aspects_by_hand() -> None:
    gold = ["food:positive|service:negative", "price:neutral"]
    pred = ["food:positive", "price:neutral|ambience:positive"]
    every = ["food:negative|service:negative", "price:neutral"]
    s = score_aspects(gold, pred, every)
    # tp 2 (food, price), fp 1 (ambience), fn 1 (service): P = R = F1 = 2/3.
    assert s["micro_f1"] == pytest.approx(2 / 3)
    # gold pairs 3; polarities right in ``every``: service, price -> 2/3; on hits 2/2.
    assert s["polarity_acc"] == pytest.approx(2 / 3)
    assert s["polarity_acc_on_hits"] == 1.0
