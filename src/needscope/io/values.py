"""Cell parsers for imported tables: dates and numbers as people type them."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

MISSING_MARKERS = frozenset(
    {"", "-", "--", "—", "n/a", "na", "#n/a", "null", "none", "nan", "无", "空", "暂无"}
)
"""Cell texts read as "no value" by :func:`parse_number` (compared lower-case)."""

_SIMPLE_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CURRENCY_PREFIX = ("¥", "$", "€", "£", "rmb", "cny", "usd")
_UNIT_SUFFIX = ("元", "块", "%", "rmb", "cny", "usd")

_YMD = re.compile(
    r"(?P<y>\d{4})\s*(?P<s1>[-/.年])\s*(?P<m>\d{1,2})\s*(?P<s2>[-/.月])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:\s*T\s*|\s+|(?<=日))(?P<H>\d{1,2})\s*[:时点]\s*(?P<M>\d{1,2})"
    r"(?:\s*[:分]\s*(?P<S>\d{1,2})(?:\.(?P<f>\d{1,6}))?\s*秒?)?\s*分?)?"
)
_COMPACT = re.compile(
    r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?"
)
_DMY = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?:\s.*)?")


def _normalise(text: str) -> str:
    """Apply NFKC (full-width digits and signs to ASCII) and strip whitespace."""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).strip()


def parse_datetime(text: str) -> datetime:
    """Parse a date or date-time as typed in a spreadsheet; aware times become naive UTC."""
    s = _normalise(text)
    if not s:
        raise ValueError(f"not a date: {text!r}")
    if len(s) >= 10 and s[4] == "-" and s[7] == "-":
        try:
            value = datetime.fromisoformat(s)
        except ValueError:
            pass
        else:
            return _naive_utc(value)
    match = _YMD.fullmatch(s)
    if match is not None:
        s1, s2 = match["s1"], match["s2"]
        if (s1 == "年") != (s2 == "月") or (s1 != "年" and s1 != s2):
            raise ValueError(f"not a date: {text!r}")
        return _build(text, match)
    match = _COMPACT.fullmatch(s)
    if match is not None:
        return _build(text, match)
    if _DMY.fullmatch(s):
        raise ValueError(
            f"not a date: {text!r} (day and month order is ambiguous; write it as YYYY-MM-DD)"
        )
    raise ValueError(f"not a date: {text!r}")


def _build(text: str, match: re.Match[str]) -> datetime:
    """Build a datetime from named groups y m d H M S f, rejecting impossible values."""
    parts = match.groupdict()
    fraction = parts.get("f") or ""
    try:
        return datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts.get("H") or 0),
            int(parts.get("M") or 0),
            int(parts.get("S") or 0),
            int(fraction.ljust(6, "0")) if fraction else 0,
        )
    except ValueError as exc:
        raise ValueError(f"not a date: {text!r} ({exc})") from None


def _naive_utc(value: datetime) -> datetime:
    """Convert an aware datetime to naive UTC; leave a naive one alone."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def parse_number(text: str) -> float | None:
    """Parse a number with optional thousands separators, currency or % sign; None when missing."""
    s = _normalise(text)
    if _SIMPLE_NUMBER.fullmatch(s):
        return float(s)
    if s.lower() in MISSING_MARKERS:
        return None
    core = s.lower()
    sign = ""
    if core[:1] in "+-":
        sign, core = core[:1], core[1:].lstrip()
    for prefix in _CURRENCY_PREFIX:
        if core.startswith(prefix):
            core = core[len(prefix) :].lstrip()
            break
    for suffix in _UNIT_SUFFIX:
        if core.endswith(suffix):
            core = core[: -len(suffix)].rstrip()
            break
    if not sign and core[:1] in "+-":
        sign, core = core[:1], core[1:]
    if _THOUSANDS.fullmatch(core):
        core = core.replace(",", "")
    if core[:1] not in "+-" and _SIMPLE_NUMBER.fullmatch(core):
        return float(sign + core)
    raise ValueError(f"not a number: {text!r}")


def is_number(text: str | None) -> bool:
    """Whether ``text`` is a number that :func:`parse_number` reads (a missing marker is not)."""
    if text is None:
        return False
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


__all__ = ["MISSING_MARKERS", "is_number", "parse_datetime", "parse_number"]
