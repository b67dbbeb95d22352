"""KANO: evaluation tables, answer parsing, Better/Worse, Fong, Reppel's published table."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from needscope.methods import (
    fong_significant,
    kano,
    kano_answer_codes,
    kano_classify,
    kano_continuous,
    kano_evaluation_table,
    kano_from_counts,
)
from needscope.model.vocab import KanoClass

REPPEL = Path("/work/shared/data/kano/reppel/transfers--all_cohorts-clean.csv")


def _pairs(pairs: list[tuple[int, int]]) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["f", "d"])


# Berger et al. 1993, p. 6: (functional, dysfunctional) -> category, 1 like .. 5 dislike.
BERGER_SPOT = {
    (1, 5): "O", (1, 2): "A", (1, 3): "A", (1, 4): "A", (2, 5): "M", (3, 5): "M",
    (4, 5): "M", (3, 3): "I", (2, 2): "I", (4, 4): "I", (5, 1): "R", (3, 1): "R",
    (5, 3): "R", (1, 1): "Q", (5, 5): "Q",
}  # fmt: skip


@pytest.mark.parametrize(("pair", "expected"), sorted(BERGER_SPOT.items()))
def test_berger_table_spot_checks(pair: tuple[int, int], expected: str) -> None:
    got = kano_classify(_pairs([pair]), "f", "d", table="berger").iloc[0, 0]
    assert got == expected


def test_pouliot_table_differs_only_on_repeated_answers() -> None:
    # Pouliot in Berger et al. 1993, p. 33: (expect, expect) and (live with, live with) are Q.
    berger = kano_evaluation_table("berger")
    pouliot = kano_evaluation_table("pouliot")
    diff = (berger != pouliot).to_numpy()
    assert diff.sum() == 2
    assert pouliot.loc["must-be", "must-be"] == "Q" and berger.loc["must-be", "must-be"] == "I"
    assert pouliot.loc["live-with", "live-with"] == "Q"
    assert set(np.unique(berger.to_numpy())) <= {m.value for m in KanoClass}


def test_answers_parsed_from_codes_and_texts() -> None:
    answers = [
        1, "2", 3.0, "我很喜欢", "理所当然", "无所谓", "能忍受", "我很不喜欢",
        "喜欢", "必须这样", "保持中立", "可以忍受", "不喜欢",
        "I like it", "I expect it", "I am neutral", "I can live with it", "I dislike it",
        "i’m neutral.", "  I CAN TOLERATE IT ", "마음에 든다.", "1 - I like it", None, "",
    ]  # fmt: skip
    expected = [1, 2, 3, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 3, 4, 1, 1, 0, 0]
    assert kano_answer_codes(answers).tolist() == expected


@pytest.mark.parametrize("bad", ["maybe", 6, 0, "7"])
def test_unknown_answer_raises(bad: object) -> None:
    with pytest.raises(ValueError):
        kano_answer_codes([1, bad])


def test_constructed_example_better_worse_and_fong() -> None:
    # n=100, A=12, O=30, M=38, I=15, R=3, Q=2 (brief's worked example):
    # Better = 42/95 = 0.4421, Worse = -68/95 = -0.7158; M and O are the two largest,
    # Fong bound 1.65*sqrt(68*(200-68)/200) = 11.05 > |38-30| = 8, so M/O.
    counts = pd.DataFrame([{"A": 12, "O": 30, "M": 38, "I": 15, "R": 3, "Q": 2}])
    row = kano_from_counts(counts).iloc[0]
    assert row["n"] == 100
    assert round(row["better"], 4) == 0.4421
    assert round(row["worse"], 4) == -0.7158
    assert row["category"] == "M"
    assert not row["fong_significant"]
    assert row["category_fong"] == "M/O"
    assert 1.65 * math.sqrt(68 * 132 / 200) == pytest.approx(11.0538, abs=1e-4)


def test_constructed_example_from_raw_answers_agrees_with_counts() -> None:
    cells = {"A": (1, 3), "O": (1, 5), "M": (2, 5), "I": (3, 3), "R": (5, 1), "Q": (1, 1)}
    counts = {"A": 12, "O": 30, "M": 38, "I": 15, "R": 3, "Q": 2}
    pairs = [cells[k] for k, v in counts.items() for _ in range(v)]
    row = kano(_pairs(pairs), "f", "d").iloc[0]
    assert [row[k] for k in counts] == list(counts.values())
    assert row["attribute"] == "f"
    assert row["category_fong"] == "M/O"
    assert row["better"] == pytest.approx(42 / 95)


def test_fong_threshold_edges() -> None:
    # n=50, a+b=50: bound = 1.65*sqrt(50*50/100) = 1.65*5 = 8.25.
    assert fong_significant([30], [20], [50])[0]  # |a-b| = 10 >= 8.25
    assert not fong_significant([29], [21], [50])[0]  # 8 < 8.25
    assert fong_significant([29], [21], [50], z=1.6)[0]  # 8 >= 8.0
    assert not fong_significant([0], [0], [0])[0]


def test_berger_rule_versus_mode() -> None:
    # Reppel's F11: I is the mode (105) but O+A+M (210) > I+R+Q (148), so Berger's rule says O.
    counts = pd.DataFrame([{"A": 88, "O": 90, "M": 32, "I": 105, "R": 15, "Q": 28}])
    assert kano_from_counts(counts, rule="berger").iloc[0]["category"] == "O"
    assert kano_from_counts(counts, rule="mode").iloc[0]["category"] == "I"
    # ties: M > O > A
    tie = pd.DataFrame([{"A": 10, "O": 10, "M": 10, "I": 0, "R": 0, "Q": 0}])
    assert kano_from_counts(tie).iloc[0]["category"] == "M"


def test_no_answers_gives_empty_category_and_nan_coefficients() -> None:
    out = kano(pd.DataFrame({"f": [None, "I like it"], "d": ["I dislike it", None]}), "f", "d")
    row = out.iloc[0]
    assert row["n"] == 0 and row["category"] == "" and math.isnan(row["better"])


# Reppel (2022), README "Populating the data frame": Pouliot's modified table on the
# transfers data, 358 respondents; Importance, A, O, M, I, R, Q, Total, Classification,
# Satisfaction, Dissatisfaction.
REPPEL_TABLE = [
    ("Anonymous transfers", 5.089385, 91, 19, 9, 160, 49, 30, 358, "I", 0.3942652, -0.1003584),
    ("Convenient transfers", 6.804469, 70, 121, 59, 77, 9, 22, 358, "O", 0.5840979, -0.5504587),
    ("Reliable transfers", 7.125698, 78, 122, 66, 62, 7, 23, 358, "O", 0.6097561, -0.5731707),
    ("Responsive transfers", 6.664804, 145, 76, 25, 78, 12, 22, 358, "A", 0.6820988, -0.3117284),
    ("Secure transfers", 7.729050, 18, 174, 90, 42, 7, 27, 358, "O", 0.5925926, -0.8148148),
    ("Transparent transfers", 6.865922, 88, 90, 32, 105, 15, 28, 358, "O", 0.5650794, -0.3873016),
]


@pytest.fixture
def reppel() -> pd.DataFrame:
    if not REPPEL.exists():
        pytest.skip("Reppel KANO data not available")
    return pd.read_csv(REPPEL)


def _reppel_kano(data: pd.DataFrame, table: str) -> pd.DataFrame:
    ids = range(6, 12)
    return kano(
        data,
        [f"F{i}_functional" for i in ids],
        [f"F{i}_dysfunctional" for i in ids],
        names=[r[0] for r in REPPEL_TABLE],
        table=table,  # type: ignore[arg-type]
        importance=[f"F{i}_importance" for i in ids],
    )


def test_reppel_published_table_reproduced(reppel: pd.DataFrame) -> None:
    out = _reppel_kano(reppel, "pouliot")
    for got, want in zip(out.itertuples(index=False), REPPEL_TABLE, strict=True):
        label, imp, a, o, m, i, r, q, total, cat, sat, dis = want
        assert got.attribute == label
        assert (got.A, got.O, got.M, got.I, got.R, got.Q, got.n) == (a, o, m, i, r, q, total)
        assert got.category == cat
        assert got.better == pytest.approx(sat, abs=5e-8)
        assert got.worse == pytest.approx(dis, abs=5e-8)
        assert got.importance == pytest.approx(imp, abs=5e-7)


def test_reppel_berger_table_moves_repeated_answers_out_of_q(reppel: pd.DataFrame) -> None:
    berger = _reppel_kano(reppel, "berger")
    pouliot = _reppel_kano(reppel, "pouliot")
    # Berger's table has fewer Q, more I; the other categories are unchanged.
    assert (berger["Q"] <= pouliot["Q"]).all()
    assert (berger["Q"] + berger["I"] == pouliot["Q"] + pouliot["I"]).all()
    assert (
        berger[["A", "O", "M", "R"]].to_numpy() == pouliot[["A", "O", "M", "R"]].to_numpy()
    ).all()


def test_segments_add_up_to_the_whole(reppel: pd.DataFrame) -> None:
    fun = [f"F{i}_functional" for i in range(6, 12)]
    dys = [f"F{i}_dysfunctional" for i in range(6, 12)]
    whole = kano(reppel, fun, dys, table="pouliot")
    by = kano(reppel, fun, dys, table="pouliot", segment="Gender")
    assert set(by["segment"]) == set(reppel["Gender"].dropna())
    summed = by.groupby("attribute", sort=False)[["A", "O", "M", "I", "R", "Q"]].sum()
    mask = reppel["Gender"].notna()
    expected = kano(reppel[mask], fun, dys, table="pouliot").set_index("attribute")
    assert (summed == expected[["A", "O", "M", "I", "R", "Q"]]).all().all()
    assert whole["n"].iloc[0] >= expected["n"].iloc[0]


def test_continuous_dumouchel_scores_by_hand() -> None:
    # DuMouchel (Berger et al. 1993): functional like 4, expect 2, neutral 0, live -1, dislike -2;
    # dysfunctional like -2, expect -1, neutral 0, live 2, dislike 4.
    data = pd.DataFrame(
        {
            "f": ["I like it", "I expect it", "I am neutral", None],
            "d": ["I dislike it", "I can live with it", "I like it", "I dislike it"],
            "imp": [9, 5, 1, 3],
        }
    )
    row = kano_continuous(data, "f", "d", importance=["imp"]).iloc[0]
    assert row["n"] == 3
    assert row["functional_mean"] == pytest.approx((4 + 2 + 0) / 3)
    assert row["functional_sd"] == pytest.approx(np.std([4, 2, 0], ddof=1))
    assert row["dysfunctional_mean"] == pytest.approx((4 + 2 - 2) / 3)
    assert row["dysfunctional_sd"] == pytest.approx(np.std([4, 2, -2], ddof=1))
    assert row["importance_mean"] == pytest.approx((9 + 5 + 1 + 3) / 4)


def test_bad_input() -> None:
    data = pd.DataFrame({"f": [1], "d": [5]})
    with pytest.raises(KeyError, match="nope"):
        kano(data, ["f"], ["nope"])
    with pytest.raises(ValueError, match="dysfunctional"):
        kano(data, ["f", "f"], ["d"])
    with pytest.raises(ValueError, match="names"):
        kano(data, ["f"], ["d"], names=["a", "b"])
    with pytest.raises(ValueError, match="table"):
        kano(data, ["f"], ["d"], table="kano")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        kano([[1, 5]], ["f"], ["d"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-negative"):
        kano_from_counts(pd.DataFrame([{"A": -1, "O": 0, "M": 0, "I": 0, "R": 0, "Q": 0}]))


KIOSK = Path("/work/shared/data/survey/kiosk_servqual_kano_utf8.csv")
# Korean answer set of the kiosk survey: like, must-be, neutral, live with, dislike
KOREAN = {"마음에 든다.": 1, "당연하다.": 2, "아무런 느낌이 없다.": 3, "하는 수 없다.": 4,
          "마음에 안 든다.": 5}  # fmt: skip


def test_kiosk_korean_answers_counted_by_hand() -> None:
    if not KIOSK.exists():
        pytest.skip("kiosk survey not available")
    from needscope.methods import pair_columns

    data = pd.read_csv(KIOSK)
    pairs = pair_columns(data.columns, first=r"^\d+-1\. 만약", second=r"^\d+-2\. 만약")
    assert len(pairs) == 29
    out = kano(data, pairs["first"], pairs["second"], names=pairs["item"])
    berger = kano_evaluation_table("berger").to_numpy()
    for j in (0, 9, 28):
        f, d = pairs["first"].iloc[j], pairs["second"].iloc[j]
        both = data[[f, d]].dropna()
        cats = [berger[KOREAN[a] - 1, KOREAN[b] - 1] for a, b in zip(both[f], both[d], strict=True)]
        row = out.iloc[j]
        assert row["n"] == len(both)
        for letter in "AOMIRQ":
            assert row[letter] == cats.count(letter)
