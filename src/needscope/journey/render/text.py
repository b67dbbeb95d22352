"""Text measuring, wrapping and shortening with the real font metrics (Noto Sans CJK).

Widths come from the installed CJK font's advance widths (read once per character and
cached); without the font, an estimate is used: wide (CJK) characters 1 em, others from a
small width table that errs on the wide side.  Wrapping breaks Chinese by character (keeping
closing punctuation off a line start), Latin by word, and breaks words longer than a line.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from matplotlib import font_manager, ft2font

FONT_FAMILY = (
    '"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC",'
    '"Microsoft YaHei",sans-serif'
)
"""The ``font-family`` written into every SVG."""

LINE_HEIGHT = 1.32
"""Line pitch as a multiple of the font size."""

ASCENT = 0.88
"""Baseline offset from the top of a line box, in em (Noto Sans CJK: ascender 880/1000)."""

ELLIPSIS = "…"
NBSP = "\u00a0"

_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN")
_NO_START = set("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…·")
_NO_END = set("（《「『【〔〈“‘([{")
_SENTENCE_END = set("。！？!?；;…")
_CLAUSE_END = set("，、,：:")
_NARROW = {
    **dict.fromkeys("il.,:;|!'`ij", 0.3),
    **dict.fromkeys('fjrt()[]{}"-', 0.4),
    " ": 0.3,
    **dict.fromkeys("mwMW@%", 0.95),
}


@dataclass(frozen=True)
class FontFile:
    """A font face on disk: file path and face index (for .ttc collections)."""

    path: str
    index: int


@functools.cache
def font_file(bold: bool = False) -> FontFile | None:
    """The installed CJK font face used for measuring (and embedding), or None."""
    entries = font_manager.fontManager.ttflist
    for family in _FAMILIES:
        faces = [e for e in entries if e.name == family and e.style == "normal"]
        if not faces:
            continue
        want = 700 if bold else 400
        best = min(faces, key=lambda e: abs(_weight(e.weight) - want))
        return FontFile(best.fname, int(getattr(best, "index", 0) or 0))
    return None


def _weight(value: object) -> int:
    """A font entry's weight as a number."""
    if isinstance(value, int):
        return value
    names = {"bold": 700, "heavy": 800, "black": 900, "light": 300, "medium": 500}
    return names.get(str(value).lower(), 400)


@functools.cache
def _face(bold: bool) -> ft2font.FT2Font | None:
    """The measuring face, opened once."""
    found = font_file(bold)
    if found is None:
        return None
    try:
        return ft2font.FT2Font(found.path, face_index=found.index)
    except Exception:  # unreadable font file: fall back to the estimate
        return None


def covers(text: str) -> bool:
    """True if the measuring font (regular and bold) has a glyph for every character."""
    faces = (_face(False), _face(True))
    return all(
        face is not None and all(face.get_char_index(ord(ch)) for ch in text) for face in faces
    )


def is_wide(ch: str) -> bool:
    """True for characters drawn one em wide (CJK ideographs, kana, full-width forms)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _estimate(ch: str) -> float:
    """Advance of ``ch`` in em when no font is available (errs wide)."""
    if is_wide(ch):
        return 1.0
    if ch in _NARROW:
        return _NARROW[ch]
    if ch.isupper() or ch.isdigit():
        return 0.68 if ch.isupper() else 0.58
    return 0.6


@functools.cache
def advance(ch: str, bold: bool = False) -> float:
    """Advance width of one character in em."""
    face = _face(bold)
    if face is None or face.get_char_index(ord(ch)) == 0:
        return _estimate(ch)
    glyph = face.load_char(ord(ch), flags=ft2font.LoadFlags.NO_SCALE)
    return float(glyph.horiAdvance) / float(face.units_per_EM)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of ``text`` at ``size`` px."""
    return sum(advance(ch, bold) for ch in text) * size


def _tokens(text: str) -> list[str]:
    """Split a paragraph into wrap units: wide characters, Latin words and single spaces."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch == NBSP:
            if word:
                word += ch
            elif out and out[-1] != " ":
                word = out.pop() + ch
            else:
                word = ch
        elif ch.isspace():
            if word:
                out.append(word)
                word = ""
            if out and out[-1] != " ":
                out.append(" ")
        elif is_wide(ch) or (ch in _NO_START and word == ""):
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    while out and out[-1] == " ":
        out.pop()
    return out


def _split_long(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Break a word wider than ``width`` into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    cur = ""
    for ch in word:
        if cur and text_width(cur + ch, size, bold) > width:
            pieces.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` no wider than ``width`` px at ``size`` px (explicit newlines kept)."""
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(_wrap_para(para, width, size, bold))
    return lines or [""]


def _wrap_para(para: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy wrap of one paragraph."""
    lines: list[str] = []
    cur = ""
    for tok in _tokens(para):
        if tok == " ":
            if cur:
                cur += " "
            continue
        if text_width(cur + tok, size, bold) <= width:
            cur += tok
            continue
        cur = cur.rstrip()
        if tok[0] in _NO_START and len(cur) > 1:
            back = 1
            while back < len(cur) - 1 and cur[-back] in _NO_START:
                back += 1
            if not is_wide(cur[-back]):  # inside a Latin word: carry the whole word
                back = len(cur) - cur.rfind(" ") - 1 if " " in cur else len(cur)
            carried = cur[-back:] + tok
            if back < len(cur) and text_width(carried, size, bold) <= width:
                lines.append(cur[:-back].rstrip())
                cur = carried
                continue
        if cur and cur[-1] in _NO_END and len(cur) > 1:
            lines.append(cur[:-1])
            cur = cur[-1]
            if text_width(cur + tok, size, bold) <= width:
                cur += tok
                continue
        if cur:
            lines.append(cur)
        pieces = _split_long(tok, width, size, bold)
        lines.extend(pieces[:-1])
        cur = pieces[-1]
    cur = cur.rstrip()
    if cur or not lines:
        lines.append(cur)
    return lines


def shorten(text: str, max_em: float) -> str:
    """``text`` cut to at most ``max_em`` em at the last sentence end that fits, plus "…".

    Without a sentence end, the cut falls at a clause mark (，、,:) or else a word boundary.

    Returned unchanged when it already fits.  The cut never happens mid-word in Latin text.
    """
    text = " ".join(text.split())
    total = 0.0
    limit = len(text)
    if sum(advance(ch) for ch in text) <= max_em:
        return text
    budget = max_em - advance(ELLIPSIS)
    for i, ch in enumerate(text):
        total += advance(ch)
        if total > budget:
            limit = i
            break
    else:
        return text
    head = text[:limit]
    for ends, least in ((_SENTENCE_END, 1), (_CLAUSE_END, len(head) // 3)):
        cut = max(
            (
                i
                for i, ch in enumerate(head)
                if ch in ends
                or (ch == "." and ends is _SENTENCE_END and text[i + 1 : i + 2] == " ")
            ),
            default=-1,
        )
        if cut >= least:
            return head[: cut + 1].rstrip("，、,：:") + ELLIPSIS
    space = head.rfind(" ")
    if space >= len(head) // 3:
        head = head[:space]
    return head.rstrip(" ,，、") + ELLIPSIS


__all__ = [
    "ASCENT",
    "ELLIPSIS",
    "FONT_FAMILY",
    "LINE_HEIGHT",
    "FontFile",
    "advance",
    "covers",
    "font_file",
    "is_wide",
    "shorten",
    "text_width",
    "wrap",
]
