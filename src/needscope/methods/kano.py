"""KANO analysis: answer parsing, evaluation tables, categories, Better/Worse, Fong, DuMouchel."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from needscope.methods._common import (
    as_list,
    group_codes,
    grouped_moments,
    leading_number,
    require_columns,
)

KanoTable = Literal["berger", "pouliot"]
KanoRule = Literal["berger", "mode"]

CATEGORIES: tuple[str, ...] = ("A", "O", "M", "I", "R", "Q")
"""KANO category letters in column order; they are the values of ``model.vocab.KanoClass``."""

_MISSING = 6  # category index of a respondent without both answers

# Evaluation tables, rows = functional answer 1..5, columns = dysfunctional answer 1..5
# (1 like, 2 must-be / expect, 3 neutral, 4 live with, 5 dislike).
# Berger et al. 1993, "Kano's methods for understanding customer-defined quality", CQMJ 2(4), p. 6.
_BERGER_TABLE = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")
# Pouliot's modified table (Berger et al. 1993, p. 33): the same non-neutral answer to both
# questions is questionable, so (expect, expect) and (live with, live with) become Q.
_POULIOT_TABLE = ("QAAAO", "RQIIM", "RIIIM", "RIIQM", "RRRRQ")

# DuMouchel's continuous scores (Berger et al. 1993, pp. 20-23): functional, dysfunctional.
_FUNCTIONAL_SCORE = np.array([np.nan, 4.0, 2.0, 0.0, -1.0, -2.0])
_DYSFUNCTIONAL_SCORE = np.array([np.nan, -2.0, -1.0, 0.0, 2.0, 4.0])

# fmt: off
_ANSWERS: dict[int, tuple[str, ...]] = {
    1: (
        "i like it", "i like it that way", "i enjoy it that way", "like", "like it",
        "this would be very helpful to me", "delighted", "i would be pleased",
        "我很喜欢", "喜欢", "很喜欢", "非常喜欢", "我喜欢", "满意", "很满意",
        "마음에 든다", "좋다",
    ),
    2: (
        "i expect it", "i expect it that way", "it must be that way", "i must be that way",
        "must be", "must-be", "expect", "expect it", "it is a basic necessity",
        "it is a basic necessity or i expect it that way", "this is a basic requirement for me",
        "理所当然", "必须这样", "必须的", "应该的", "理应如此", "当然应该", "必备",
        "당연하다", "당연하다고 생각한다",
    ),
    3: (
        "i am neutral", "i'm neutral", "neutral", "i don't care", "i do not care",
        "this would not affect me", "indifferent",
        "无所谓", "保持中立", "中立", "一般", "没感觉", "没有感觉", "都可以",
        "아무런 느낌이 없다", "상관없다",
    ),
    4: (
        "i can live with it", "i can live with it that way", "live with it", "live with",
        "i can tolerate it", "tolerate", "i dislike it, but i can live with it that way",
        "i dislike it but i can live with it", "this would be a minor inconvenience",
        "能忍受", "可以忍受", "勉强接受", "能接受", "可以接受", "忍受",
        "하는 수 없다", "참을 수 있다",
    ),
    5: (
        "i dislike it", "i dislike it that way", "dislike", "dislike it",
        "i dislike it, and i can't accept it", "i dislike it and i can't accept it",
        "this would be a major problem for me",
        "我很不喜欢", "不喜欢", "很不喜欢", "非常不喜欢", "我不喜欢", "不满意", "很不满意",
        "마음에 안 든다", "마음에 들지 않는다", "싫다",
    ),
}
# fmt: on


def _normalise(text: str) -> str:
    """Lower-case, width-fold and strip ``text`` so answer variants compare equal."""
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'")
    s = re.sub(r"\s+", " ", s)
    return s.rstrip(" .。!！")


_ANSWER_CODES: dict[str, int] = {
    _normalise(text): code for code, texts in _ANSWERS.items() for text in texts
}


def _answer_code(value: object) -> int:
    """Return the 1-5 code of one KANO answer, 0 if blank; raise on anything unknown."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return 0
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if float(value) in (1.0, 2.0, 3.0, 4.0, 5.0):
            return int(value)
        raise ValueError(f"KANO answer code must be 1-5, got {value!r}")
    text = _normalise(str(value))
    if text == "":
        return 0
    if text in _ANSWER_CODES:
        return _ANSWER_CODES[text]
    if re.fullmatch(r"[1-5](\.0+)?", text):
        return int(float(text))
    lead = re.match(r"^([1-5])\s*[-.):、：]\s*(.+)$", text)
    if lead:
        return int(lead.group(1))
    raise ValueError(
        f"unrecognised KANO answer {value!r}; use codes 1-5 or e.g. 'I like it', '我很喜欢'"
    )


def kano_answer_codes(values: Iterable[object]) -> npt.NDArray[np.int8]:
    """Return the 1-5 code of each KANO answer (0 = blank), from codes or zh/en/ko texts."""
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    lookup = np.array([_answer_code(u) for u in uniques] + [0], dtype=np.int8)
    return lookup[np.asarray(codes)]


def _table_lookup(table: KanoTable) -> npt.NDArray[np.int8]:
    """Return the 6x6 category-index lookup (row/column 0 = blank answer)."""
    rows = {"berger": _BERGER_TABLE, "pouliot": _POULIOT_TABLE}.get(table)
    if rows is None:
        raise ValueError(f"table must be 'berger' or 'pouliot', got {table!r}")
    out = np.full((6, 6), _MISSING, dtype=np.int8)
    for f, row in enumerate(rows, start=1):
        for d, letter in enumerate(row, start=1):
            out[f, d] = CATEGORIES.index(letter)
    return out


def kano_evaluation_table(table: KanoTable = "berger") -> pd.DataFrame:
    """Return the 5x5 evaluation table (functional answer rows, dysfunctional columns)."""
    lookup = _table_lookup(table)[1:, 1:]
    labels = ["like", "must-be", "neutral", "live-with", "dislike"]
    cells = [[CATEGORIES[int(i)] for i in row] for row in lookup]
    return pd.DataFrame(cells, index=pd.Index(labels, name="functional"), columns=labels)


def _pairs(
    data: pd.DataFrame,
    functional: str | Sequence[str],
    dysfunctional: str | Sequence[str],
    names: Sequence[str] | None,
) -> tuple[list[str], list[str], list[str]]:
    """Validate the question pairs and return functional, dysfunctional and attribute names."""
    fun, dys = as_list(functional), as_list(dysfunctional)
    if len(fun) != len(dys):
        raise ValueError(f"{len(fun)} functional columns but {len(dys)} dysfunctional columns")
    if not fun:
        raise ValueError("at least one functional/dysfunctional column pair is needed")
    require_columns(data, [*fun, *dys])
    attrs = list(names) if names is not None else fun
    if len(attrs) != len(fun):
        raise ValueError(f"{len(attrs)} names given for {len(fun)} attributes")
    return fun, dys, attrs


def kano_classify(
    data: pd.DataFrame,
    functional: str | Sequence[str],
    dysfunctional: str | Sequence[str],
    names: Sequence[str] | None = None,
    table: KanoTable = "berger",
) -> pd.DataFrame:
    """Return each respondent's category (A/O/M/I/R/Q, blank = NaN) per attribute."""
    fun, dys, attrs = _pairs(data, functional, dysfunctional, names)
    lookup = _table_lookup(table)
    letters = np.array([*CATEGORIES, None], dtype=object)
    out = {
        a: letters[lookup[kano_answer_codes(data[f]), kano_answer_codes(data[d])]]
        for a, f, d in zip(attrs, fun, dys, strict=True)
    }
    return pd.DataFrame(out, index=data.index)


def fong_significant(
    a: npt.ArrayLike, b: npt.ArrayLike, n: npt.ArrayLike, z: float = 1.65
) -> npt.NDArray[np.bool_]:
    """Fong (1996): is |a-b| >= z*sqrt((a+b)(2n-a-b)/(2n)) for the two largest counts a, b."""
    a_, b_, n_ = (np.asarray(x, dtype=np.float64) for x in (a, b, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        bound = z * np.sqrt((a_ + b_) * (2.0 * n_ - a_ - b_) / (2.0 * n_))
    return np.asarray((np.abs(a_ - b_) >= bound) & (n_ > 0), dtype=np.bool_)


_RULE_OAM = np.array([2, 1, 0])  # ties: M > O > A (Berger et al. 1993)
_RULE_IRQ = np.array([3, 4, 5])  # ties: I > R > Q
_MODE_ORDER = np.array([2, 1, 0, 3, 4, 5])


def _categories(counts: npt.NDArray[np.float64], rule: KanoRule) -> npt.NDArray[np.int64]:
    """Category index per row of an (k, 6) count matrix; -1 where a row has no answers."""
    if rule == "berger":
        oam = _RULE_OAM[np.argmax(counts[:, _RULE_OAM], axis=1)]
        irq = _RULE_IRQ[np.argmax(counts[:, _RULE_IRQ], axis=1)]
        cat = np.where(counts[:, :3].sum(axis=1) > counts[:, 3:].sum(axis=1), oam, irq)
    elif rule == "mode":
        cat = _MODE_ORDER[np.argmax(counts[:, _MODE_ORDER], axis=1)]
    else:
        raise ValueError(f"rule must be 'berger' or 'mode', got {rule!r}")
    return np.where(counts.sum(axis=1) > 0, cat, -1).astype(np.int64)


def kano_from_counts(
    counts: pd.DataFrame, rule: KanoRule = "berger", fong_z: float = 1.65
) -> pd.DataFrame:
    """Summarise A/O/M/I/R/Q counts: shares, category, Fong test, Better and Worse."""
    require_columns(counts, list(CATEGORIES))
    c = counts[list(CATEGORIES)].to_numpy(dtype=np.float64)
    if np.isnan(c).any() or (c < 0).any():
        raise ValueError("KANO counts must be non-negative numbers")
    out = counts.copy()
    n = c.sum(axis=1)
    out["n"] = n.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        for j, letter in enumerate(CATEGORIES):
            out[f"share_{letter}"] = c[:, j] / n
    cat = _categories(c, rule)
    letters = np.array([*CATEGORIES, ""], dtype=object)
    out["category"] = letters[cat]
    order = np.argsort(-c[:, _MODE_ORDER], axis=1, kind="stable")
    first, second = _MODE_ORDER[order[:, 0]], _MODE_ORDER[order[:, 1]]
    rows = np.arange(len(c))
    sig = fong_significant(c[rows, first], c[rows, second], n, fong_z)
    out["fong_significant"] = sig
    mixed = letters[first] + "/" + letters[second]
    out["category_fong"] = np.where(sig | (n == 0), out["category"].to_numpy(), mixed)
    a, o, m, i = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["better"] = (a + o) / (a + o + m + i)
        out["worse"] = -(o + m) / (a + o + m + i)
    return out


def _importance(data: pd.DataFrame, columns: Sequence[str] | None, k: int) -> list[str] | None:
    """Validate optional importance columns, one per attribute."""
    if columns is None:
        return None
    cols = as_list(columns)
    if len(cols) != k:
        raise ValueError(f"{len(cols)} importance columns given for {k} attributes")
    require_columns(data, cols)
    return cols


def kano(
    data: pd.DataFrame,
    functional: str | Sequence[str],
    dysfunctional: str | Sequence[str],
    names: Sequence[str] | None = None,
    table: KanoTable = "berger",
    importance: Sequence[str] | None = None,
    segment: str | None = None,
    rule: KanoRule = "berger",
    fong_z: float = 1.65,
) -> pd.DataFrame:
    """Return one row per attribute (and segment) with counts, category, Better and Worse."""
    fun, dys, attrs = _pairs(data, functional, dysfunctional, names)
    imp = _importance(data, importance, len(attrs))
    require_columns(data, [segment])
    lookup = _table_lookup(table)
    seg, labels = group_codes(data, segment)
    n_seg = max(len(labels), 1)
    frames = []
    for j, (f, d) in enumerate(zip(fun, dys, strict=True)):
        cat = lookup[kano_answer_codes(data[f]), kano_answer_codes(data[d])].astype(np.int64)
        ok = (seg >= 0) & (cat != _MISSING)
        flat = np.bincount(seg[ok] * 6 + cat[ok], minlength=n_seg * 6)
        block = pd.DataFrame(flat.reshape(n_seg, 6), columns=list(CATEGORIES))
        block.insert(0, "attribute", attrs[j])
        if segment is not None:
            block.insert(0, "segment", labels)
        if imp is not None:
            values = leading_number(data[imp[j]])
            block["importance"] = grouped_moments(seg, n_seg, values)[1]
        frames.append(block)
    counts = pd.concat(frames, ignore_index=True)
    out = kano_from_counts(counts, rule=rule, fong_z=fong_z)
    if imp is not None:
        out = out[[c for c in out.columns if c != "importance"] + ["importance"]]
    if segment is not None:
        out = out.sort_values("segment", kind="stable").reset_index(drop=True)
    return out


def kano_segment_test(
    data: pd.DataFrame,
    functional: str | Sequence[str],
    dysfunctional: str | Sequence[str],
    segment: str,
    names: Sequence[str] | None = None,
    table: KanoTable = "berger",
    min_n: int = 30,
) -> pd.DataFrame:
    """Chi-square test per attribute: do the A/O/M/I/R/Q shares differ between segments?

    Segments with fewer than ``min_n`` answers are left out; a row's ``p_value`` is NaN when
    fewer than two segments remain.
    """
    from scipy.stats import chi2_contingency

    by = kano(data, functional, dysfunctional, names=names, table=table, segment=segment)
    rows = []
    for attr, block in by.groupby("attribute", sort=False):
        block = block[block["n"] >= min_n]
        counts = block[list(CATEGORIES)].to_numpy(dtype=np.float64)
        counts = counts[:, counts.sum(axis=0) > 0]
        stat, dof, p = np.nan, 0, np.nan
        if len(block) >= 2 and counts.shape[1] >= 2:
            res = chi2_contingency(counts)
            stat, dof, p = float(res.statistic), int(res.dof), float(res.pvalue)
        rows.append({"attribute": attr, "segment": segment, "levels": len(block),
                     "n": int(block["n"].sum()), "chi2": stat, "dof": dof, "p_value": p})  # fmt: skip
    return pd.DataFrame(rows)


def kano_continuous(
    data: pd.DataFrame,
    functional: str | Sequence[str],
    dysfunctional: str | Sequence[str],
    names: Sequence[str] | None = None,
    importance: Sequence[str] | None = None,
    segment: str | None = None,
) -> pd.DataFrame:
    """DuMouchel's continuous KANO: mean and SD of functional and dysfunctional scores."""
    fun, dys, attrs = _pairs(data, functional, dysfunctional, names)
    imp = _importance(data, importance, len(attrs))
    require_columns(data, [segment])
    seg, labels = group_codes(data, segment)
    n_seg = max(len(labels), 1)
    rows = []
    for j, (f, d) in enumerate(zip(fun, dys, strict=True)):
        fs = _FUNCTIONAL_SCORE[kano_answer_codes(data[f])]
        ds = _DYSFUNCTIONAL_SCORE[kano_answer_codes(data[d])]
        both = ~np.isnan(fs) & ~np.isnan(ds)
        fs, ds = np.where(both, fs, np.nan), np.where(both, ds, np.nan)
        n, f_mean, f_sd = grouped_moments(seg, n_seg, fs)
        _, d_mean, d_sd = grouped_moments(seg, n_seg, ds)
        block = pd.DataFrame(
            {
                "attribute": attrs[j],
                "n": n.astype(np.int64),
                "functional_mean": f_mean,
                "functional_sd": f_sd,
                "dysfunctional_mean": d_mean,
                "dysfunctional_sd": d_sd,
            }
        )
        if segment is not None:
            block.insert(0, "segment", labels)
        if imp is not None:
            _, i_mean, i_sd = grouped_moments(seg, n_seg, leading_number(data[imp[j]]))
            block["importance_mean"] = i_mean
            block["importance_sd"] = i_sd
        rows.append(block)
    out = pd.concat(rows, ignore_index=True)
    if segment is not None:
        out = out.sort_values("segment", kind="stable")
    return out.reset_index(drop=True)


__all__ = [
    "CATEGORIES",
    "KanoRule",
    "KanoTable",
    "fong_significant",
    "kano",
    "kano_answer_codes",
    "kano_classify",
    "kano_continuous",
    "kano_evaluation_table",
    "kano_from_counts",
    "kano_segment_test",
]
