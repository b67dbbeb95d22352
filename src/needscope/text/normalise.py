"""Normalise feedback text: half-width forms, simplified script, language, masked personal data."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal, Self

import numpy as np
import pandas as pd

from needscope.text.optional import require

TextLang = Literal["zh", "en", "mixed"]

KEEP_FULLWIDTH = frozenset("，！？：；（）")
"""Chinese punctuation kept as written (it marks clauses the same way as its ASCII twin)."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
_NON_LETTERS = bytes(b for b in range(256) if not chr(b).isalpha() or b > 127)
_SPACES = re.compile(r"\s+")

PII_LABELS: dict[str, tuple[str, str]] = {
    "email": ("[邮箱]", "[EMAIL]"),
    "id": ("[身份证]", "[ID]"),
    "card": ("[卡号]", "[CARD]"),
    "phone": ("[电话]", "[PHONE]"),
}
"""Mask put in place of each kind of personal data: (Chinese, English)."""

_PII: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")),
    (
        "id",
        re.compile(
            r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
            r"\d{3}[0-9Xx](?![0-9A-Za-z])"
        ),
    ),
    (
        "card",
        re.compile(r"(?<![0-9])\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{4}(?:[ \-]?\d{1,3})?(?![0-9])"),
    ),
    (
        "phone",
        re.compile(
            r"(?<![0-9])(?:(?:\+|00)?86[ \-]?)?1[3-9]\d[ \-]?\d{4}[ \-]?\d{4}(?![0-9])"
            r"|(?<![0-9])(?:\(0\d{2,3}\)|0\d{2,3})[ \-]?[2-9]\d{6,7}(?![0-9])"
        ),
    ),
]
_PII_HINT = re.compile(r"@|\d[\d \-]{6,}\d")


@lru_cache(maxsize=1)
def _halfwidth_table() -> dict[int, str]:
    """Map every character whose NFKC form is printable ASCII to that form (CJK punctuation kept)."""
    table: dict[int, str] = {0x3000: " ", 0x00A0: " "}
    for code in range(0x80, 0x10000):
        char = chr(code)
        if char in KEEP_FULLWIDTH or 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and folded.isascii() and folded.isprintable() and folded.strip():
            table[code] = folded
    return table


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    """The OpenCC traditional → simplified converter."""
    opencc = require("opencc", "text")
    converter = opencc.OpenCC("t2s")
    convert: Callable[[str], str] = converter.convert
    return convert


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and symbols to ASCII; ``，！？：；（）`` are kept."""
    return text.translate(_halfwidth_table())


def to_simplified(texts: Sequence[str]) -> list[str]:
    """Traditional → simplified Chinese for many texts at once (one OpenCC call)."""
    if not texts:
        return []
    cleaned = [t.replace("\n", " ") for t in texts]
    out = _t2s()("\n".join(cleaned)).split("\n")
    if len(out) != len(cleaned):  # pragma: no cover - OpenCC keeps line breaks
        return [_t2s()(t) for t in cleaned]
    return out


def detect_lang(text: str, default: TextLang = "zh", zh_share: float = 0.7) -> TextLang:
    """``zh``, ``en`` or ``mixed`` from the share of CJK characters vs. Latin letters."""
    cjk = len(_CJK.findall(text))
    latin = len(text.encode("ascii", "ignore").translate(None, _NON_LETTERS))
    if cjk == 0 and latin == 0:
        return default
    share = cjk / (cjk + 0.5 * latin)
    if share >= zh_share:
        return "zh"
    if share <= 1.0 - zh_share:
        return "en"
    return "mixed"


def mask_pii(text: str, lang: str = "zh") -> str:
    """Replace phone, e-mail, ID and card numbers with ``[电话]``… (``[PHONE]``… in English)."""
    if not _PII_HINT.search(text):
        return text
    pick = 1 if lang == "en" else 0
    for kind, pattern in _PII:
        text = pattern.sub(PII_LABELS[kind][pick], text)
    return text


def normalise_text(text: object, mask: bool = True) -> str:
    """One text normalised: half-width, simplified, single spaces, personal data masked."""
    if not isinstance(text, str):
        return ""
    clean = _SPACES.sub(" ", to_halfwidth(text)).strip()
    clean = to_simplified([clean])[0]
    return mask_pii(clean, detect_lang(clean)) if mask else clean


def _as_text(values: Iterable[Any]) -> list[str]:
    """Each value as a string ('' for missing)."""
    return [v if isinstance(v, str) else "" for v in values]


def normalise(
    data: pd.DataFrame,
    text_col: str = "text",
    out_col: str = "text_norm",
    lang_col: str = "lang",
    masked_col: str | None = "text_masked",
    mask: bool = True,
    default_lang: TextLang = "zh",
) -> pd.DataFrame:
    """Add ``text_norm`` (analysis form), ``lang`` and ``text_masked`` (original, data masked)."""
    if text_col not in data.columns:
        raise KeyError(f"column {text_col!r} not found; the frame has {list(data.columns)}")
    raw = _as_text(data[text_col].tolist())
    table = _halfwidth_table()
    half = [_SPACES.sub(" ", t.translate(table)).strip() for t in raw]
    simple = to_simplified(half)
    langs = [detect_lang(t, default_lang) for t in simple]
    out = data.copy()
    if mask:
        simple = [mask_pii(t, lg) for t, lg in zip(simple, langs, strict=True)]
        if masked_col:
            out[masked_col] = [mask_pii(t, lg) for t, lg in zip(raw, langs, strict=True)]
    elif masked_col:
        out[masked_col] = raw
    out[out_col] = simple
    out[lang_col] = pd.Series(np.array(langs, dtype=object), index=data.index)
    return out


class Normaliser:
    """Pipeline step wrapping :func:`normalise` (nothing is learned)."""

    name = "normalise"

    def __init__(
        self, text_col: str = "text", mask: bool = True, default_lang: TextLang = "zh"
    ) -> None:
        self.text_col = text_col
        self.mask = mask
        self.default_lang = default_lang

    def fit(self, data: pd.DataFrame) -> Self:
        """Check the text column exists; return self."""
        if self.text_col not in data.columns:
            raise KeyError(f"column {self.text_col!r} not found")
        return self

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Add ``text_norm``, ``lang`` and ``text_masked``."""
        return normalise(data, self.text_col, mask=self.mask, default_lang=self.default_lang)


__all__ = [
    "KEEP_FULLWIDTH",
    "PII_LABELS",
    "Normaliser",
    "TextLang",
    "detect_lang",
    "mask_pii",
    "normalise",
    "normalise_text",
    "to_halfwidth",
    "to_simplified",
]
