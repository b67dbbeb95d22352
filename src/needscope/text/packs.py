"""Industry packs: bilingual tags with keywords, examples, SERVQUAL, need category and stage."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from needscope.errors import InputError
from needscope.model.vocab import (
    Industry,
    Lang,
    NeedCategory,
    ServqualDimension,
    TouchpointLayer,
)

MARKS = "~^"
"""Leading keyword marks: ``~`` weak (yields to a sibling), ``^`` mention (needs a judgement)."""
_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$")
LANGS: tuple[Lang, Lang] = ("zh", "en")
RESTAURANT_REQUIRED = (
    "food",
    "service",
    "price",
    "ambience",
    "location",
    "other",
    "food.taste",
    "food.portion",
    "food.freshness",
    "food.hygiene",
    "service.wait_time",
    "service.staff_attitude",
    "service.serving_speed",
    "service.parking",
    "service.ordering",
    "service.reservation",
    "price.value",
    "ambience.noise",
    "ambience.cleanliness",
    "ambience.decor",
    "location.access",
)
"""Tag ids every restaurant pack must have (the demo truth and the benchmarks use them)."""


class PackError(InputError):
    """A pack file is invalid; the message names the file and the tag."""


@dataclass(frozen=True)
class Stage:
    """A customer-journey stage of a pack."""

    id: str
    zh: str
    en: str

    def label(self, lang: Lang = "zh") -> str:
        """Name in ``lang``."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Tag:
    """One thing customers talk about, in both languages, placed in SERVQUAL and the journey."""

    id: str
    zh: str
    en: str
    servqual: ServqualDimension
    category: NeedCategory
    stage: str
    layer: TouchpointLayer
    keywords: Mapping[str, tuple[str, ...]]
    examples: Mapping[str, tuple[str, ...]]
    need: Mapping[str, str]
    problems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    emotional: bool = False
    fallback: bool = False

    @property
    def parent(self) -> str | None:
        """Id of the parent tag (``food`` for ``food.taste``), None at top level."""
        return self.id.rsplit(".", 1)[0] if "." in self.id else None

    @property
    def top(self) -> str:
        """Id of the top-level tag this tag belongs to."""
        return self.id.split(".", 1)[0]

    def label(self, lang: Lang = "zh") -> str:
        """Name in ``lang``."""
        return self.zh if lang == "zh" else self.en

    def need_text(self, lang: Lang = "zh") -> str:
        """The need this tag points to, phrased in ``lang``."""
        return self.need.get(lang, "")

    def to_dict(self) -> dict[str, Any]:
        """Plain form as written in a pack file."""
        out: dict[str, Any] = {
            "id": self.id,
            "zh": self.zh,
            "en": self.en,
            "servqual": self.servqual.value,
            "category": self.category.value,
            "stage": self.stage,
            "layer": self.layer.value,
            "need": dict(self.need),
            "keywords": {k: list(v) for k, v in self.keywords.items()},
            "examples": {k: list(v) for k, v in self.examples.items()},
        }
        if self.problems:
            out["problems"] = {k: list(v) for k, v in self.problems.items()}
        if any(self.exclude.values()):
            out["exclude"] = {k: list(v) for k, v in self.exclude.items() if v}
        if self.emotional:
            out["emotional"] = True
        if self.fallback:
            out["fallback"] = True
        return out


@dataclass(frozen=True, eq=False)
class Pack:
    """An industry's tags and journey stages."""

    id: str
    industry: Industry
    zh: str
    en: str
    stages: tuple[Stage, ...]
    tags: tuple[Tag, ...]
    source: str = ""

    @property
    def key(self) -> str:
        """Content hash: two packs with the same key tag text identically."""
        blob = json.dumps([t.to_dict() for t in self.tags], sort_keys=True, ensure_ascii=False)
        return f"{self.id}-{hashlib.blake2b(blob.encode(), digest_size=6).hexdigest()}"

    def tag(self, tag_id: str) -> Tag:
        """The tag called ``tag_id``."""
        for t in self.tags:
            if t.id == tag_id:
                return t
        raise KeyError(f"pack {self.id!r} has no tag {tag_id!r}")

    def ids(self) -> list[str]:
        """All tag ids in file order."""
        return [t.id for t in self.tags]

    def top_level(self) -> list[Tag]:
        """Tags without a parent."""
        return [t for t in self.tags if t.parent is None]

    def fine(self) -> list[Tag]:
        """Tags with a parent (finer aspects)."""
        return [t for t in self.tags if t.parent is not None]

    def children(self, tag_id: str) -> list[Tag]:
        """Direct children of ``tag_id``."""
        return [t for t in self.tags if t.parent == tag_id]

    def stage(self, stage_id: str) -> Stage:
        """The journey stage called ``stage_id``."""
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(f"pack {self.id!r} has no stage {stage_id!r}")

    def keywords(self, lang: Lang) -> list[str]:
        """Every keyword and problem phrase of ``lang`` in the pack (weak marks removed)."""
        out: list[str] = []
        for t in self.tags:
            out += list(t.keywords.get(lang, ())) + list(t.problems.get(lang, ()))
        return [k.lstrip(MARKS) for k in out]

    def labels(self, lang: Lang = "zh") -> dict[str, str]:
        """Map tag id → name in ``lang``."""
        return {t.id: t.label(lang) for t in self.tags}

    def to_dict(self) -> dict[str, Any]:
        """Plain form as written in a pack file."""
        return {
            "id": self.id,
            "industry": self.industry.value,
            "name": {"zh": self.zh, "en": self.en},
            "stages": [{"id": s.id, "zh": s.zh, "en": s.en} for s in self.stages],
            "tags": [t.to_dict() for t in self.tags],
        }


def _err(file: str, message: str, tag: str | None = None) -> PackError:
    """A pack error naming the file and the tag."""
    return PackError(f"tag {tag!r}: {message}" if tag else message, file=file)


def _bilingual_list(
    raw: Any, what: str, file: str, tag: str, need: bool
) -> dict[str, tuple[str, ...]]:
    """A {zh: [...], en: [...]} mapping of non-blank strings."""
    if raw is None and not need:
        return {}
    if not isinstance(raw, Mapping):
        raise _err(file, f"{what} must map zh and en to lists", tag)
    out: dict[str, tuple[str, ...]] = {}
    for lang in LANGS:
        items = raw.get(lang)
        if items is None and not need:
            out[lang] = ()
            continue
        if not isinstance(items, list) or not items:
            raise _err(file, f"{what}.{lang} must be a non-empty list", tag)
        clean = tuple(str(x).strip() for x in items if str(x).strip())
        if len(clean) != len(items):
            raise _err(file, f"{what}.{lang} has blank entries", tag)
        out[lang] = tuple(dict.fromkeys(clean))
    return out


def _vocab(cls: Any, value: Any, what: str, file: str, tag: str) -> Any:
    """Parse ``value`` with vocabulary ``cls`` or fail naming the choices."""
    try:
        return cls.parse(value)
    except ValueError as exc:
        raise _err(file, f"{what}: {exc}", tag) from None


def _check_patterns(
    lists: Mapping[str, tuple[str, ...]], what: str, file: str, tag: str, marks: bool
) -> None:
    """Fail on a pattern that is empty once marks and ``*`` gaps are taken away."""
    for lang, items in lists.items():
        for item in items:
            body = item.lstrip(MARKS) if marks else item
            if not marks and body.startswith(tuple(MARKS)):
                raise _err(
                    file, f"{what}.{lang} entry {item!r}: marks ~ and ^ are for keywords", tag
                )
            if not body.replace("*", "").strip() or any(not p.strip() for p in body.split("*")):
                raise _err(file, f"{what}.{lang} entry {item!r} is empty around a mark or gap", tag)


def parse_tag(raw: Mapping[str, Any], stages: Iterable[str], file: str) -> Tag:
    """Validate one tag mapping."""
    tag_id = str(raw.get("id", "")).strip()
    if not _ID.match(tag_id):
        raise _err(file, f"bad tag id {tag_id!r} (lowercase words joined by dots)")
    for lang in LANGS:
        if not str(raw.get(lang, "")).strip():
            raise _err(file, f"missing its {lang} name", tag_id)
    stage = str(raw.get("stage", "")).strip()
    if stage not in set(stages):
        raise _err(file, f"stage {stage!r} is not one of the pack's stages", tag_id)
    need = raw.get("need")
    if not isinstance(need, Mapping) or not all(str(need.get(x, "")).strip() for x in LANGS):
        raise _err(file, "need must give zh and en phrasing", tag_id)
    extra = sorted(str(k) for k in need if k not in LANGS)
    if extra:
        raise _err(
            file,
            f'need has unknown keys {extra} (quote a phrase with a comma: en: "a, b")',
            tag_id,
        )
    keywords = _bilingual_list(raw.get("keywords"), "keywords", file, tag_id, True)
    problems = _bilingual_list(raw.get("problems"), "problems", file, tag_id, False)
    exclude = _bilingual_list(raw.get("exclude"), "exclude", file, tag_id, False)
    _check_patterns(keywords, "keywords", file, tag_id, True)
    _check_patterns(problems, "problems", file, tag_id, True)
    _check_patterns(exclude, "exclude", file, tag_id, False)
    return Tag(
        id=tag_id,
        zh=str(raw["zh"]).strip(),
        en=str(raw["en"]).strip(),
        servqual=_vocab(ServqualDimension, raw.get("servqual"), "servqual", file, tag_id),
        category=_vocab(NeedCategory, raw.get("category"), "category", file, tag_id),
        stage=stage,
        layer=_vocab(TouchpointLayer, raw.get("layer"), "layer", file, tag_id),
        keywords=keywords,
        examples=_bilingual_list(raw.get("examples"), "examples", file, tag_id, True),
        need={x: str(need[x]).strip() for x in LANGS},
        problems=problems,
        exclude=exclude,
        emotional=bool(raw.get("emotional", False)),
        fallback=bool(raw.get("fallback", False)),
    )


def parse_pack(raw: Any, file: str = "<pack>") -> Pack:
    """Validate a whole pack mapping (as read from YAML)."""
    if not isinstance(raw, Mapping):
        raise _err(file, "a pack file must be a mapping with id, industry, stages and tags")
    pack_id = str(raw.get("id", "")).strip()
    if not _ID.match(pack_id):
        raise _err(file, f"bad pack id {pack_id!r}")
    name = raw.get("name") or {}
    if not isinstance(name, Mapping) or not all(str(name.get(x, "")).strip() for x in LANGS):
        raise _err(file, "name must give zh and en")
    industry = (
        Industry.parse(raw.get("industry", pack_id)) if raw.get("industry") else (Industry.GENERIC)
    )
    stages: list[Stage] = []
    for s in raw.get("stages") or []:
        if not isinstance(s, Mapping) or not all(str(s.get(k, "")).strip() for k in ("id", *LANGS)):
            raise _err(file, f"stage {s!r} needs id, zh and en")
        stages.append(Stage(str(s["id"]), str(s["zh"]), str(s["en"])))
    if not stages:
        raise _err(file, "a pack needs at least one journey stage")
    if len({s.id for s in stages}) != len(stages):
        raise _err(file, "stage ids must be unique")
    tags_raw = raw.get("tags")
    if not isinstance(tags_raw, list) or not tags_raw:
        raise _err(file, "tags must be a non-empty list")
    tags: list[Tag] = []
    seen: set[str] = set()
    for item in tags_raw:
        if not isinstance(item, Mapping):
            raise _err(file, f"each tag must be a mapping, got {item!r}")
        tag = parse_tag(item, (s.id for s in stages), file)
        if tag.id in seen:
            raise _err(file, "duplicate tag id", tag.id)
        if tag.parent is not None and tag.parent not in seen:
            raise _err(file, f"parent {tag.parent!r} must come before its children", tag.id)
        seen.add(tag.id)
        tags.append(tag)
    return Pack(
        pack_id, industry, str(name["zh"]), str(name["en"]), tuple(stages), tuple(tags), file
    )


def _read_yaml(path: Path) -> Any:
    """Parse a YAML file, naming it in errors."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError("pack file not found", file=str(path)) from None
    except yaml.YAMLError as exc:
        raise PackError(f"not valid YAML: {exc}", file=str(path)) from None


def list_packs() -> list[str]:
    """Ids of the built-in packs."""
    folder = resources.files("needscope") / "packs"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=32)
def _builtin(name: str) -> Pack:
    """A built-in pack, parsed once."""
    if name not in list_packs():
        raise PackError(f"no built-in pack {name!r}; choose one of {list_packs()}")
    res = resources.files("needscope") / "packs" / f"{name}.yaml"
    with resources.as_file(res) as path:
        return parse_pack(_read_yaml(path), str(path))


def merge_user_tags(base: Pack, user: Mapping[str, Any], file: str = "<user pack>") -> Pack:
    """``base`` with a user pack's tags added or overriding by id (fields merged) and removals."""
    drop = set(user.get("remove") or [])
    unknown = drop - set(base.ids())
    if unknown:
        raise _err(file, f"remove names unknown tag(s) {sorted(unknown)}")
    merged: dict[str, dict[str, Any]] = {t.id: t.to_dict() for t in base.tags if t.id not in drop}
    for item in user.get("tags") or []:
        if not isinstance(item, Mapping) or "id" not in item:
            raise _err(file, f"each user tag needs an id, got {item!r}")
        current = merged.get(str(item["id"]), {})
        merged[str(item["id"])] = {**current, **dict(item)}
    stages = [{"id": s.id, "zh": s.zh, "en": s.en} for s in base.stages]
    extra_ids = {s["id"] for s in stages}
    stages += [s for s in user.get("stages") or [] if s.get("id") not in extra_ids]
    tops = {tid: i for i, tid in enumerate(t for t in merged if "." not in t)}
    ordered = sorted(
        merged.values(),
        key=lambda t: (tops.get(str(t["id"]).split(".")[0], len(tops)), str(t["id"]).count(".")),
    )
    raw = {
        **base.to_dict(),
        "stages": stages,
        "tags": ordered,
        "id": str(user.get("id") or base.id),
    }
    for t in raw["tags"]:
        if "." in t["id"] and t["id"].rsplit(".", 1)[0] in drop:
            raise _err(file, "its parent was removed", t["id"])
    return replace(parse_pack(raw, file), source=file)


def load_pack(name: str | Path = "restaurant", user: str | Path | None = None) -> Pack:
    """A built-in pack by id, or a pack file by path; ``user`` adds/overrides tags from a file."""
    text = str(name)
    if text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text:
        path = Path(text)
        raw = _read_yaml(path)
        if isinstance(raw, Mapping) and raw.get("extends"):
            pack = merge_user_tags(_builtin(str(raw["extends"])), raw, str(path))
        else:
            pack = parse_pack(raw, str(path))
    else:
        name_id = text
        if text not in list_packs():
            try:
                name_id = Industry.parse(text).value
            except ValueError:
                name_id = text
        pack = _builtin(name_id)
    if user is not None:
        raw = _read_yaml(Path(user))
        if not isinstance(raw, Mapping):
            raise PackError("a user pack must be a mapping", file=str(user))
        pack = merge_user_tags(pack, raw, str(user))
    return pack


def save_user_tags(
    path: str | Path, extends: str, tags: Iterable[Mapping[str, Any]], remove: Iterable[str] = ()
) -> Path:
    """Add or edit tags in a user pack file (created if missing) that extends a built-in pack."""
    target = Path(path)
    data: dict[str, Any] = {"extends": extends, "tags": [], "remove": []}
    if target.exists():
        old = _read_yaml(target) or {}
        data.update({k: v for k, v in old.items() if k in ("extends", "tags", "remove", "id")})
    by_id = {str(t["id"]): dict(t) for t in data.get("tags") or []}
    for t in tags:
        by_id[str(t["id"])] = {**by_id.get(str(t["id"]), {}), **dict(t)}
    data["tags"] = list(by_id.values())
    data["remove"] = sorted(set(data.get("remove") or []) | set(remove))
    merge_user_tags(_builtin(str(data["extends"])), data, str(target))  # validate before writing
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


__all__ = [
    "MARKS",
    "RESTAURANT_REQUIRED",
    "Pack",
    "PackError",
    "Stage",
    "Tag",
    "list_packs",
    "load_pack",
    "merge_user_tags",
    "parse_pack",
    "parse_tag",
    "save_user_tags",
]
