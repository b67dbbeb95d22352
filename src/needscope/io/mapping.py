"""Column mapping: which column of an imported table holds text, date, customer, ratings …"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from needscope.io.tables import SourceRow
from needscope.io.values import parse_datetime, parse_number
from needscope.model.vocab import Credibility, SourceType

Lang = Literal["zh", "en"]

_VOCAB: dict[str, tuple[str, ...]] = {
    "text": (
        "评论", "内容", "反馈", "留言", "评价", "意见", "建议", "投诉内容", "描述", "备注",
        "访谈记录", "观察记录", "评论内容", "评价内容", "反馈内容", "text", "comment", "comments",
        "review", "reviews", "feedback", "content", "narrative", "description", "remark",
        "remarks", "notes", "note", "message", "verbatim", "body",
    ),
    "date": (
        "时间", "日期", "下单时间", "提交时间", "创建时间", "评论时间", "date", "time", "datetime",
        "timestamp", "created", "created at", "date received",
    ),
    "customer": (
        "客户", "会员", "用户", "顾客", "客户编号", "会员编号", "会员id", "客户id", "用户id",
        "用户编号", "顾客编号", "customer", "member", "user", "customer id", "member id",
        "user id", "client", "client id",
    ),
    "channel": (
        "门店", "渠道", "平台", "来源渠道", "店铺", "分店", "store", "channel", "platform", "shop",
        "outlet", "branch", "submitted via",
    ),
    "touchpoint": ("触点", "环节", "接触点", "服务环节", "touchpoint", "touch point", "stage"),
    "source_type": ("需求来源", "来源", "来源类型", "source", "source type"),
    "credibility": ("可信度", "信息可信度", "credibility", "reliability"),
    "external_id": (
        "编号", "订单号", "工单号", "单号", "序号", "id", "order id", "ticket id", "complaint id",
        "review id", "index",
    ),
    "ratings": (
        "评分", "打分", "满意度", "分数", "星级", "得分", "推荐", "rating", "score", "stars",
        "satisfaction", "nps", "csat", "ces", "label",
    ),
}  # fmt: skip
_BLOCKERS = (
    "等级", "级别", "类型", "类别", "性别", "年龄", "电话", "手机", "地址", "城市", "地区",
    "level", "tier", "type", "gender", "age", "phone", "address", "city", "region", "segment",
)  # fmt: skip
_CUSTOMER_VOCAB: dict[str, tuple[str, ...]] = {
    "key": _VOCAB["customer"] + ("编号", "id", "客户号", "会员号", "会员卡号", "卡号"),
    "age_band": ("年龄段", "年龄", "年龄组", "age", "age band", "age group"),
    "gender": ("性别", "gender", "sex"),
    "income_band": ("收入", "月收入", "年收入", "收入水平", "income", "income band"),
    "education": ("学历", "教育", "教育程度", "education"),
    "tier": ("会员等级", "等级", "级别", "客户等级", "tier", "level", "membership"),
    "region": ("地区", "城市", "区域", "省份", "region", "city", "area", "province"),
}
_SINGLE = ("date", "customer", "channel", "touchpoint", "source_type", "credibility", "external_id")
_LABELS: dict[str, tuple[str, str]] = {
    "text": ("文本", "Text"),
    "date": ("日期", "Date"),
    "customer": ("客户", "Customer"),
    "channel": ("渠道/门店", "Channel / store"),
    "touchpoint": ("触点", "Touchpoint"),
    "source_type": ("需求来源", "Source type"),
    "credibility": ("可信度", "Credibility"),
    "external_id": ("外部编号", "External ID"),
    "ratings": ("评分/数值", "Ratings / numbers"),
    "attrs": ("其他属性", "Other attributes"),
}
CUSTOMER_FIELDS = tuple(_CUSTOMER_VOCAB)
"""Fields of a customer file: key, age_band, gender, income_band, education, tier, region."""

_T2S = str.maketrans(  # traditional forms of the characters above (OpenCC), for Big5-era headers
    "來備價內別創務區員單學戶數時會機歷滿環節級組編臺薦號見觀觸訂記訪訴評話談論議鋪錄門間電類顧饋點齡",
    "来备价内别创务区员单学户数时会机历满环节级组编台荐号见观触订记访诉评话谈论议铺录门间电类顾馈点龄",
)
_TOKEN = re.compile(r"[a-z0-9]+|[^\W_]", re.UNICODE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass
class ColumnMapping:
    """Which columns of a table feed which fields of a record."""

    text: list[str] = field(default_factory=list)
    date: str | None = None
    customer: str | None = None
    channel: str | None = None
    touchpoint: str | None = None
    source_type: str | None = None
    credibility: str | None = None
    external_id: str | None = None
    ratings: list[str] = field(default_factory=list)
    attrs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The mapping as plain JSON-ready data."""
        return {f.name: _copy(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ColumnMapping:
        """Build a mapping from :meth:`as_dict` output; unknown keys raise ValueError."""
        return cls().override(**data)

    def columns(self) -> list[str]:
        """Every column named by the mapping, in field order."""
        out: list[str] = []
        for f in fields(self):
            value = getattr(self, f.name)
            out.extend(value if isinstance(value, list) else [value] if value else [])
        return out

    def override(self, **changes: object) -> ColumnMapping:
        """A copy with ``changes`` applied (None or [] clears a field); moved columns leave attrs."""
        known = [f.name for f in fields(self)]
        for key in changes:
            if key not in known:
                raise ValueError(f"unknown mapping field {key!r}; fields are: {', '.join(known)}")
        new = replace(
            self, text=list(self.text), ratings=list(self.ratings), attrs=list(self.attrs)
        )
        claimed: set[str] = set()
        for key, value in changes.items():
            if key in ("text", "ratings", "attrs"):
                cols = _as_list(key, value)
                setattr(new, key, cols)
                claimed.update(cols)
            else:
                col = _as_column(key, value)
                old = getattr(new, key)
                setattr(new, key, col)
                if old and old not in new.columns():
                    new.attrs.append(old)
                if col:
                    claimed.add(col)
        for f in fields(new):
            if f.name in changes:
                continue
            value = getattr(new, f.name)
            if isinstance(value, list):
                setattr(new, f.name, [c for c in value if c not in claimed])
            elif value in claimed:
                setattr(new, f.name, None)
        return new

    def describe(self, lang: Lang = "zh") -> list[tuple[str, str]]:
        """(field label, column names) rows for a dry-run table."""
        rows: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            cols = value if isinstance(value, list) else [value] if value else []
            label = _LABELS[f.name][0 if lang == "zh" else 1]
            rows.append((label, ("、" if lang == "zh" else ", ").join(cols) if cols else "—"))
        return rows


def _copy(value: object) -> object:
    return list(value) if isinstance(value, list) else value


def _as_list(key: str, value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    raise ValueError(f"mapping field {key!r} takes a list of column names, got {value!r}")


def _as_column(key: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    raise ValueError(f"mapping field {key!r} takes one column name, got {value!r}")


# header matching ---------------------------------------------------------------------------


def _compact(text: str) -> str:
    """Lower-case NFKC text without spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_T2S)
    return "".join(ch for ch in text if ch.isalnum())


def _tokens(text: str) -> list[str]:
    """ASCII words (camelCase split) and single non-ASCII letters of a header."""
    text = _CAMEL.sub(" ", unicodedata.normalize("NFKC", text))
    return _TOKEN.findall(text.lower().translate(_T2S))


def _find(tokens: list[str], key: list[str]) -> int:
    """End index (exclusive) of the last match of ``key`` in ``tokens``, or -1."""
    k = len(key)
    for end in range(len(tokens), k - 1, -1):
        window = tokens[end - k : end]
        if window == key:
            return end
        if k == 1 and len(key[0]) >= 4 and key[0].isascii() and key[0] in window[0]:
            return end
    return -1


@lru_cache(maxsize=4)
def _prepared(vocab_id: int) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """Compact forms (to field) and token lists of a vocabulary, computed once."""
    vocab = _VOCAB if vocab_id == 0 else _CUSTOMER_VOCAB
    exact = {_compact(w): name for name, words in reversed(vocab.items()) for w in words}
    keys = [(name, _tokens(w)) for name, words in vocab.items() for w in words]
    return exact, keys


def _classify(column: str, vocab: dict[str, tuple[str, ...]]) -> tuple[str, int] | None:
    """(field, strength) for a header: 2 for an exact vocabulary match, 1 for a contained one."""
    exact, keys = _prepared(0 if vocab is _VOCAB else 1)
    compact = _compact(column)
    if compact in exact:
        return exact[compact], 2
    tokens = _tokens(column)
    best: tuple[int, int, str] | None = None
    for name, key in keys:
        end = _find(tokens, key)
        if end >= 0 and (best is None or (end, len(key)) > best[:2]):
            best = (end, len(key), name)
    if best is None:
        return None
    for word in _BLOCKERS:
        if _find(tokens, _tokens(word)) > best[0]:
            return None
    return best[2], 1


# content sniffing --------------------------------------------------------------------------


def _cells(sample: list[SourceRow], column: str) -> list[str]:
    return [v for r in sample if r.error is None and (v := r.values.get(column)) is not None]


def _share(cells: list[str], test: Any) -> float:
    ok = 0
    for cell in cells:
        with contextlib.suppress(ValueError):
            ok += test(cell) is not None
    return ok / len(cells) if cells else 0.0


def _numeric(cells: list[str], share: float = 0.9) -> bool:
    """Whether ``share`` of the cells are numbers (a header that says so needs only half)."""
    return bool(cells) and _share(cells, parse_number) >= share


def _datelike(cells: list[str], share: float = 0.9) -> bool:
    """Whether ``share`` of the cells are dates."""
    return bool(cells) and _share(cells, parse_datetime) >= share


def _vocab_like(cells: list[str], vocab: type[SourceType] | type[Credibility]) -> bool:
    return bool(cells) and _share(cells, vocab.parse) >= 0.8


def _id_like(cells: list[str]) -> bool:
    """Long integers (order numbers, phones) or zero-padded codes: numeric but not a rating."""
    return all(c.isdigit() and (len(c) >= 6 or (len(c) > 1 and c[0] == "0")) for c in cells)


def _free_text(cells: list[str]) -> float:
    """Mean length of a free-text column, or 0 when it looks like codes or multiple choice."""
    if not cells or sum(len(c) for c in cells) / len(cells) < 15:
        return 0.0
    if _share(cells, parse_number) > 0.1:
        return 0.0
    if len(cells) >= 5 and len(set(cells)) / len(cells) < 0.7:
        return 0.0
    parts = [p.strip() for c in cells for p in re.split(r"[,，;；、/]", c) if p.strip()]
    if len(parts) > len(cells) and len(set(parts)) / len(parts) < 0.6:
        return 0.0
    return sum(len(c) for c in cells) / len(cells)


def detect_mapping(columns: list[str], sample: list[SourceRow]) -> ColumnMapping:
    """Guess a mapping from header names, then from the sample's cell contents."""
    m = ColumnMapping()
    kinds = {c: _classify(c, _VOCAB) for c in columns}
    cells = {c: _cells(sample, c) for c in columns}
    done: set[str] = set()
    held: set[str] = set()  # lost a single-field contest: an attribute, never a rating
    checks: dict[str, Any] = {
        "date": lambda c: not cells[c] or _datelike(cells[c], 0.5),
        "source_type": lambda c: not cells[c] or _vocab_like(cells[c], SourceType),
        "credibility": lambda c: not cells[c] or _vocab_like(cells[c], Credibility),
    }
    for name in _SINGLE:
        ranked = sorted(
            (c for c in columns if (k := kinds[c]) and k[0] == name),
            key=lambda c: -(kinds[c] or ("", 0))[1],
        )
        for col in ranked:
            ok = checks[name](col) if name in checks else True
            if ok and getattr(m, name) is None:
                setattr(m, name, col)
                done.add(col)
            elif ok:
                held.add(col)
            elif name == "source_type" and m.channel is None:
                m.channel = col
                done.add(col)
    text = [c for c in columns if c not in done and (k := kinds[c]) and k[0] == "text"]
    if any((kinds[c] or ("", 0))[1] == 2 for c in text):
        text = [c for c in text if (kinds[c] or ("", 0))[1] == 2]
    m.text = [c for c in text if not _numeric(cells[c])]
    done.update(m.text)
    for col in columns:
        if col in done or col in held:
            continue
        k = kinds[col]
        if k is not None and k[0] == "ratings":
            numeric = not cells[col] or _numeric(cells[col], 0.5)
        else:
            numeric = _numeric(cells[col]) and not _id_like(cells[col])
        if numeric:
            m.ratings.append(col)
            done.add(col)
    if m.date is None:
        for col in columns:
            if col not in done and col not in held and _sniff_date(cells[col]):
                m.date = col
                done.add(col)
                break
    if not m.text:
        scored = [(_free_text(cells[c]), c) for c in columns if c not in done and c not in held]
        length, col = max(scored, default=(0.0, ""))
        if length:
            m.text = [col]
            done.add(col)
    m.attrs = [c for c in columns if c not in done]
    return m


def _sniff_date(cells: list[str]) -> bool:
    """Whether a header-less column holds written dates (with separators, not bare numbers)."""
    return bool(cells) and all(not c.isdigit() for c in cells) and _datelike(cells)


def detect_customer_mapping(columns: list[str], sample: list[SourceRow]) -> dict[str, str]:
    """Map customer fields (key, age_band, gender, …) to columns; the other columns are attrs."""
    found: dict[str, tuple[int, str]] = {}
    for col in columns:
        kind = _classify(col, _CUSTOMER_VOCAB)
        if kind is None:
            continue
        name, strength = kind
        if name not in found or strength > found[name][0]:
            found[name] = (strength, col)
    out = {name: col for name, (_, col) in found.items()}
    if "key" not in out:
        for col in columns:
            vals = _cells(sample, col)
            whole = bool(vals) and len(vals) == len(sample) and col not in out.values()
            if whole and len(set(vals)) == len(vals) and not _free_text(vals):
                out["key"] = col
                break
    return {name: out[name] for name in CUSTOMER_FIELDS if name in out}


# files and validation ----------------------------------------------------------------------


def load_mapping_file(path: Path, *, columns: list[str] | None = None) -> dict[str, object]:
    """Read a YAML or JSON mapping; an unknown key (or column, when given) raises ValueError."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path.name}: not valid YAML/JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping of field: column")
    record_keys = [f.name for f in fields(ColumnMapping)]
    allowed = record_keys + [k for k in CUSTOMER_FIELDS if k not in record_keys]
    for key, value in data.items():
        if key not in allowed:
            raise ValueError(
                f"{path.name}: unknown mapping field {key!r}; fields are: {', '.join(allowed)}"
            )
        named = value if isinstance(value, list) else [value] if value is not None else []
        for col in named:
            if not isinstance(col, str):
                raise ValueError(f"{path.name}: field {key!r}: {col!r} is not a column name")
            if columns is not None and col not in columns:
                raise ValueError(
                    f"{path.name}: field {key!r}: no column {col!r}; columns are: "
                    + ", ".join(columns)
                )
    return {str(k): v for k, v in data.items()}


def validate_mapping(mapping: ColumnMapping, columns: list[str]) -> None:
    """Check that every named column exists and none serves two fields; else ValueError."""
    owner: dict[str, str] = {}
    for f in fields(mapping):
        value = getattr(mapping, f.name)
        for col in value if isinstance(value, list) else [value] if value else []:
            if col not in columns:
                raise ValueError(
                    f"no column {col!r} (for {f.name}); columns are: {', '.join(columns)}"
                )
            if col in owner and owner[col] != f.name:
                raise ValueError(f"column {col!r} is mapped twice ({owner[col]} and {f.name})")
            owner[col] = f.name


__all__ = [
    "CUSTOMER_FIELDS",
    "ColumnMapping",
    "detect_customer_mapping",
    "detect_mapping",
    "load_mapping_file",
    "validate_mapping",
]
