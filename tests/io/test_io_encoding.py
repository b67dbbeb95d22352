"""Encoding detection on small and large files in every supported encoding."""

from __future__ import annotations

import codecs
import csv
import functools
import io
import random
from pathlib import Path
from typing import Any

import pytest

from needscope.io import detect_bytes_encoding, detect_encoding, open_table
from needscope.io.encoding import SAMPLE_BYTES

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
WAIMAI = DATA / "sentiment_zh" / "waimai_10k.csv"
KIOSK_CP949 = DATA / "survey" / "kiosk_servqual_kano_cp949.csv"
KIOSK_UTF8 = DATA / "survey" / "kiosk_servqual_kano_utf8.csv"

ZH_ROWS = [
    ["评论", "评分"],
    ["很快，好吃，味道足", "5"],
    ["送餐太慢了", "2"],
    ["服务员态度不错", "4"],
]
ZH_SHORT = ["好吃", "太慢了", "不错", "难吃", "送错了", "很满意", "态度差", "量少", "味道一般"]
KO_ROWS = [
    ["리뷰", "평점"],
    ["배달이 늦어요", "2"],
    ["맛있어요, 다시 주문할게요", "5"],
    ["직원이 친절해요", "4"],
]
KO_SHORT = ["맛있어요", "별로예요", "친절해요", "좋아요", "최고", "양이 적어요", "비싸요"]


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@functools.cache
def _s2t() -> Any:
    opencc = pytest.importorskip("opencc")
    return opencc.OpenCC("s2t")


def _traditional(text: str) -> str:
    return str(_s2t().convert(text))


def _write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
    ],
)
def test_small_chinese_file(tmp_path: Path, encoding: str, expected: str) -> None:
    path = _write(tmp_path / "zh.csv", _csv_text(ZH_ROWS), encoding)
    assert detect_encoding(path) == expected
    rows = [[r.values["评论"], r.values["评分"]] for r in open_table(path).rows()]
    assert rows == ZH_ROWS[1:]


def test_small_big5_file(tmp_path: Path) -> None:
    text = _traditional(_csv_text(ZH_ROWS))
    path = _write(tmp_path / "big5.csv", text, "big5")
    assert detect_encoding(path) == "big5"
    source = open_table(path)
    assert [list(r.values.values()) for r in source.rows()] == [
        row for row in csv.reader(io.StringIO(text))
    ][1:]


def test_small_korean_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "ko.csv", _csv_text(KO_ROWS), "cp949")
    assert detect_encoding(path) == "cp949"
    rows = [[r.values["리뷰"], r.values["평점"]] for r in open_table(path).rows()]
    assert rows == KO_ROWS[1:]


def test_utf16_without_bom_is_found_by_its_nuls(tmp_path: Path) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        path = _write(tmp_path / f"{codec}.csv", _csv_text(ZH_ROWS), codec)
        assert detect_encoding(path) == codec


def test_pure_ascii_is_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.csv", "a,b\n1,2\n", "ascii")
    assert detect_encoding(path) == "utf-8"


@pytest.mark.parametrize("seed", range(3))
def test_three_short_rows_in_each_cjk_encoding(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        zh = "评论\n" + "\n".join(rng.sample(ZH_SHORT, 3)) + "\n"
        assert detect_bytes_encoding(zh.encode("gb18030")) == "gb18030", zh
        tw = _traditional(zh)
        assert detect_bytes_encoding(tw.encode("big5")) == "big5", tw
        ko = "리뷰\n" + "\n".join(rng.sample(KO_SHORT, 3)) + "\n"
        assert detect_bytes_encoding(ko.encode("cp949")) == "cp949", ko


def test_multibyte_character_cut_at_the_sample_end(tmp_path: Path) -> None:
    raw = b"a,b\n"
    line = b"x" * 97 + b",1\n"
    raw += line * ((SAMPLE_BYTES - 1 - len(raw)) // len(line))
    raw += b"y" * (SAMPLE_BYTES - 1 - len(raw) - 3) + b",1\n"
    raw += "中文,2\n".encode()  # the first CJK character straddles the 1 MiB boundary
    path = tmp_path / "cut.csv"
    path.write_bytes(raw)
    assert raw[SAMPLE_BYTES - 1 : SAMPLE_BYTES + 2] == "中".encode()
    assert detect_encoding(path) == "utf-8"
    assert list(open_table(path).rows())[-1].values == {"a": "中文", "b": "2"}


def test_bom_wins(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + "评论\n好\n".encode())
    assert detect_encoding(path) == "utf-8-sig"
    path.write_bytes(codecs.BOM_UTF16_BE + "评论\n好\n".encode("utf-16-be"))
    assert detect_encoding(path) == "utf-16"
    assert [r.values for r in open_table(path).rows()] == [{"评论": "好"}]


@pytest.mark.skipif(not KIOSK_CP949.exists(), reason="shared kiosk survey absent")
def test_kiosk_survey_is_cp949_and_matches_the_utf8_copy() -> None:
    assert detect_encoding(KIOSK_CP949) == "cp949"
    cp949 = open_table(KIOSK_CP949)
    assert cp949.encoding == "cp949"
    if KIOSK_UTF8.exists():
        utf8 = open_table(KIOSK_UTF8)
        assert cp949.columns() == utf8.columns()
        assert [r.values for r in cp949.rows()] == [r.values for r in utf8.rows()]


def _waimai_rows() -> list[list[str]]:
    if not WAIMAI.exists():
        pytest.skip("shared waimai file absent")
    with WAIMAI.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_waimai_reencoded_in_gbk_reads_back_the_same_rows(tmp_path: Path) -> None:
    rows = _waimai_rows()
    path = _write(tmp_path / "waimai_gbk.csv", _csv_text(rows), "gb18030")
    assert detect_encoding(path) == "gb18030"
    got = [[r.values["label"], r.values["review"]] for r in open_table(path).rows()]
    want = [[c.strip() or None for c in row] for row in rows[1:] if any(row)]
    assert got == want


def test_waimai_reencoded_in_big5_reads_back_the_same_rows(tmp_path: Path) -> None:
    rows = _waimai_rows()
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC("s2t")
    kept: list[list[str]] = [rows[0]]
    for label, review in rows[1:]:
        review = converter.convert(review)
        try:
            review.encode("big5")
        except UnicodeEncodeError:
            continue
        kept.append([label, review])
    assert len(kept) > 5000
    path = _write(tmp_path / "waimai_big5.csv", _csv_text(kept), "big5")
    assert detect_encoding(path) == "big5"
    got = [[r.values["label"], r.values["review"]] for r in open_table(path).rows()]
    assert got == [[c.strip() or None for c in row] for row in kept[1:]]


def test_waimai_three_row_samples(tmp_path: Path) -> None:
    rows = _waimai_rows()[1:]
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC("s2t")
    rng = random.Random(7)
    short = [r for r in rows if len(r[1]) <= 12]
    for _ in range(60):
        text = _csv_text([["label", "review"], *rng.sample(short, 3)])
        assert detect_bytes_encoding(text.encode("gb18030")) == "gb18030"
        tw = converter.convert(text)
        try:
            raw = tw.encode("big5")
        except UnicodeEncodeError:
            continue
        assert detect_bytes_encoding(raw) == "big5", tw
