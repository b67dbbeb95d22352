"""The touchpoint inventory as a file: Journey ⇄ dict, YAML and JSON, validated, with defaults.

A journey file is a mapping::

    industry: restaurant
    stages:
      - {id: dine, name: {zh: 用餐, en: Dine}, customer_actions: [{zh: 品尝菜品, en: Eat}]}
    touchpoints:
      - id: serving
        name: {zh: 上菜, en: Serving}
        stage: dine
        layer: front            # front | back | support (前台/后台/支持)
        channel: person         # physical | digital | person (物理/数字/人际)
        department: {zh: 楼面, en: Floor team}
        tags: [service.serving_speed]
        names: [用餐]           # values of a record's touchpoint/channel field meaning this one
        survey_items: [SQ11]
        kano_attributes: [扫码点餐]
        evidence: {zh: 菜品与餐具, en: Dishes and tableware}
        action: {zh: 传菜员按桌号上菜, en: Runners bring dishes to the table}
    stakeholders:
      - {id: guests, name: {zh: 顾客, en: Guests}, kind: external, influence: 5, interest: 5}
    to_be:
      dine: [{zh: 高峰期增加传菜员, en: More runners at peak times}]

A text given as a plain string instead of ``{zh, en}`` counts as Chinese when it holds CJK
characters, else as English.  Errors name the file and the key, e.g.
``journey.yaml: touchpoints[3].stage: 'xx' is not a stage``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from needscope.errors import InputError
from needscope.journey.model import Bi, Journey, JourneyStage, Stakeholder, Touchpoint
from needscope.model.vocab import Industry, StakeholderKind, TouchChannel, TouchpointLayer

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TOP_KEYS = {"industry", "stages", "touchpoints", "stakeholders", "to_be"}
_TP_KEYS = {
    "id", "name", "stage", "layer", "channel", "department", "tags", "names", "survey_items",
    "kano_attributes", "evidence", "action",
}  # fmt: skip
_SH_KEYS = {"id", "name", "kind", "influence", "interest", "role"}
_STAGE_KEYS = {"id", "name", "customer_actions"}


def _fail(file: str, key: str, message: str) -> InputError:
    """An input error naming the file and the key."""
    return InputError(f"{key}: {message}" if key else message, file=file)


# --------------------------------------------------------------------------- to plain data


def bi_dict(text: Bi) -> dict[str, str]:
    """``{zh, en}`` of a bilingual text."""
    return {"zh": text.zh, "en": text.en}


def journey_to_dict(journey: Journey) -> dict[str, Any]:
    """Plain form of a journey (what a journey file holds); ``journey_from_dict`` reads it back."""
    return {
        "industry": journey.industry,
        "stages": [
            {
                "id": s.id,
                "name": bi_dict(s.name),
                "customer_actions": [bi_dict(a) for a in s.customer_actions],
            }
            for s in journey.stages
        ],
        "touchpoints": [
            {
                "id": t.id,
                "name": bi_dict(t.name),
                "stage": t.stage,
                "layer": t.layer.value,
                "channel": t.channel.value,
                "department": bi_dict(t.department),
                "tags": list(t.tags),
                "names": list(t.names),
                "survey_items": list(t.survey_items),
                "kano_attributes": list(t.kano_attributes),
                "evidence": bi_dict(t.evidence),
                "action": bi_dict(t.action),
            }
            for t in journey.touchpoints
        ],
        "stakeholders": [
            {
                "id": h.id,
                "name": bi_dict(h.name),
                "kind": h.kind.value,
                "influence": h.influence,
                "interest": h.interest,
                "role": bi_dict(h.role),
            }
            for h in journey.stakeholders
        ],
        "to_be": {k: [bi_dict(b) for b in v] for k, v in journey.to_be.items()},
    }


def journey_yaml(journey: Journey) -> str:
    """A journey as YAML text."""
    return yaml.safe_dump(journey_to_dict(journey), allow_unicode=True, sort_keys=False, width=100)


def journey_json(journey: Journey) -> str:
    """A journey as JSON text."""
    return json.dumps(journey_to_dict(journey), ensure_ascii=False, indent=2)


def dump_journey(journey: Journey, path: str | Path) -> Path:
    """Write a journey to ``path`` as YAML (``.yaml``/``.yml``) or JSON (``.json``)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in (".yaml", ".yml"):
        text = journey_yaml(journey)
    elif suffix == ".json":
        text = journey_json(journey)
    else:
        raise InputError("a journey file must end in .yaml, .yml or .json", file=target.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target


# --------------------------------------------------------------------------- from plain data


def _bi(raw: Any, file: str, key: str, *, required: bool = False) -> Bi:
    """A bilingual text from ``{zh, en}`` or a plain string."""
    if raw is None or raw == "":
        if required:
            raise _fail(file, key, "is required (give {zh: …, en: …})")
        return Bi()
    if isinstance(raw, str):
        text = raw.strip()
        return Bi(zh=text) if _CJK.search(text) else Bi(en=text)
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"zh", "en"}
        if unknown:
            raise _fail(file, key, f"unknown language key(s) {sorted(map(str, unknown))}")
        zh, en = raw.get("zh"), raw.get("en")
        for lang, value in (("zh", zh), ("en", en)):
            if value is not None and not isinstance(value, str | int | float):
                raise _fail(file, f"{key}.{lang}", "must be text")
        out = Bi(zh=str(zh or "").strip(), en=str(en or "").strip())
        if required and not (out.zh or out.en):
            raise _fail(file, key, "needs a zh or en text")
        return out
    raise _fail(file, key, "must be text or {zh: …, en: …}")


def _bis(raw: Any, file: str, key: str) -> tuple[Bi, ...]:
    """A list of bilingual texts."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(file, key, "must be a list")
    return tuple(_bi(item, file, f"{key}[{i}]", required=True) for i, item in enumerate(raw))


def _strings(raw: Any, file: str, key: str) -> tuple[str, ...]:
    """A list of non-blank strings (duplicates dropped, order kept)."""
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise _fail(file, key, "must be a list of texts")
    out: list[str] = []
    for i, item in enumerate(raw):
        if not isinstance(item, str | int | float) or not str(item).strip():
            raise _fail(file, f"{key}[{i}]", f"{item!r} is not a non-blank text")
        out.append(str(item).strip())
    return tuple(dict.fromkeys(out))


def _ident(raw: Any, file: str, key: str) -> str:
    """An id: letters, digits, ``_``, ``.``, ``-``."""
    text = str(raw if raw is not None else "").strip()
    if not _ID.match(text):
        raise _fail(file, key, f"{text!r} is not a valid id (letters, digits, _ . -)")
    return text


def _vocab(cls: Any, raw: Any, default: Any, file: str, key: str) -> Any:
    """A vocabulary member by value or label, or ``default`` when absent."""
    if raw is None or raw == "":
        return default
    try:
        return cls.parse(raw)
    except ValueError:
        choices = ", ".join(f"{m.value} ({m.zh_label}/{m.en_label})" for m in cls)
        raise _fail(file, key, f"{raw!r} is not one of: {choices}") from None


def _level(raw: Any, file: str, key: str) -> int:
    """A 1–5 score."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _fail(file, key, f"{raw!r} is not a whole number 1–5") from None
    if value != raw and not (isinstance(raw, str) and raw.strip() == str(value)):
        raise _fail(file, key, f"{raw!r} is not a whole number 1–5")
    if not 1 <= value <= 5:
        raise _fail(file, key, f"{value} is outside 1–5")
    return value


def _items(raw: Any, file: str, key: str) -> list[Mapping[str, Any]]:
    """A list of mappings."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _fail(file, key, "must be a list")
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise _fail(file, f"{key}[{i}]", "must be a mapping")
    return raw


def _no_extra(item: Mapping[str, Any], allowed: set[str], file: str, key: str) -> None:
    """Refuse unknown keys (a typo would otherwise be dropped silently)."""
    unknown = sorted(str(k) for k in item if k not in allowed)
    if unknown:
        raise _fail(file, key, f"unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _stages(raw: Any, file: str) -> tuple[JourneyStage, ...]:
    stages: list[JourneyStage] = []
    seen: set[str] = set()
    for i, item in enumerate(_items(raw, file, "stages")):
        key = f"stages[{i}]"
        _no_extra(item, _STAGE_KEYS, file, key)
        sid = _ident(item.get("id"), file, f"{key}.id")
        if sid in seen:
            raise _fail(file, f"{key}.id", f"duplicate stage id {sid!r}")
        seen.add(sid)
        stages.append(
            JourneyStage(
                id=sid,
                name=_bi(item.get("name"), file, f"{key}.name", required=True),
                customer_actions=_bis(
                    item.get("customer_actions"), file, f"{key}.customer_actions"
                ),
            )
        )
    if not stages:
        raise _fail(file, "stages", "a journey needs at least one stage")
    return tuple(stages)


def _touchpoints(
    raw: Any, stage_ids: set[str], file: str, known_tags: set[str] | None
) -> tuple[Touchpoint, ...]:
    out: list[Touchpoint] = []
    seen: set[str] = set()
    for i, item in enumerate(_items(raw, file, "touchpoints")):
        key = f"touchpoints[{i}]"
        _no_extra(item, _TP_KEYS, file, key)
        tid = _ident(item.get("id"), file, f"{key}.id")
        if tid in seen:
            raise _fail(file, f"{key}.id", f"duplicate touchpoint id {tid!r}")
        seen.add(tid)
        stage = str(item.get("stage") or "").strip()
        if stage not in stage_ids:
            raise _fail(
                file, f"{key}.stage", f"{stage!r} is not a stage (stages: {sorted(stage_ids)})"
            )
        tags = _strings(item.get("tags"), file, f"{key}.tags")
        if known_tags is not None:
            for j, tag in enumerate(tags):
                if tag not in known_tags:
                    raise _fail(file, f"{key}.tags[{j}]", f"{tag!r} is not a tag of the pack")
        out.append(
            Touchpoint(
                id=tid,
                name=_bi(item.get("name"), file, f"{key}.name", required=True),
                stage=stage,
                layer=_vocab(
                    TouchpointLayer, item.get("layer"), TouchpointLayer.FRONT, file, f"{key}.layer"
                ),
                channel=_vocab(
                    TouchChannel, item.get("channel"), TouchChannel.PERSON, file, f"{key}.channel"
                ),
                department=_bi(item.get("department"), file, f"{key}.department"),
                tags=tags,
                names=_strings(item.get("names"), file, f"{key}.names"),
                survey_items=_strings(item.get("survey_items"), file, f"{key}.survey_items"),
                kano_attributes=_strings(
                    item.get("kano_attributes"), file, f"{key}.kano_attributes"
                ),
                evidence=_bi(item.get("evidence"), file, f"{key}.evidence"),
                action=_bi(item.get("action"), file, f"{key}.action"),
            )
        )
    return tuple(out)


def _stakeholders(raw: Any, file: str) -> tuple[Stakeholder, ...]:
    out: list[Stakeholder] = []
    seen: set[str] = set()
    for i, item in enumerate(_items(raw, file, "stakeholders")):
        key = f"stakeholders[{i}]"
        _no_extra(item, _SH_KEYS, file, key)
        sid = _ident(item.get("id"), file, f"{key}.id")
        if sid in seen:
            raise _fail(file, f"{key}.id", f"duplicate stakeholder id {sid!r}")
        seen.add(sid)
        if item.get("kind") in (None, ""):
            raise _fail(file, f"{key}.kind", "is required (internal or external)")
        out.append(
            Stakeholder(
                id=sid,
                name=_bi(item.get("name"), file, f"{key}.name", required=True),
                kind=_vocab(StakeholderKind, item.get("kind"), None, file, f"{key}.kind"),
                influence=_level(item.get("influence"), file, f"{key}.influence"),
                interest=_level(item.get("interest"), file, f"{key}.interest"),
                role=_bi(item.get("role"), file, f"{key}.role"),
            )
        )
    return tuple(out)


def _to_be(raw: Any, stage_ids: set[str], file: str) -> dict[str, tuple[Bi, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise _fail(file, "to_be", "must map stage ids to lists of improvements")
    out: dict[str, tuple[Bi, ...]] = {}
    for stage, items in raw.items():
        if str(stage) not in stage_ids:
            raise _fail(file, f"to_be.{stage}", f"{stage!r} is not a stage")
        plans = _bis(items, file, f"to_be.{stage}")
        if plans:
            out[str(stage)] = plans
    return out


def journey_from_dict(
    raw: Any, file: str = "<journey>", *, known_tags: Iterable[str] | None = None
) -> Journey:
    """A validated journey from its plain form; ``known_tags`` (a pack's tag ids) checks tags."""
    if not isinstance(raw, Mapping):
        raise _fail(file, "", "a journey must be a mapping with stages and touchpoints")
    unknown = sorted(str(k) for k in raw if k not in _TOP_KEYS)
    if unknown:
        raise _fail(file, "", f"unknown key(s) {unknown}; allowed: {sorted(_TOP_KEYS)}")
    stages = _stages(raw.get("stages"), file)
    ids = {s.id for s in stages}
    tags = set(known_tags) if known_tags is not None else None
    industry = str(raw.get("industry") or "generic").strip()
    return Journey(
        stages=stages,
        touchpoints=_touchpoints(raw.get("touchpoints"), ids, file, tags),
        stakeholders=_stakeholders(raw.get("stakeholders"), file),
        to_be=_to_be(raw.get("to_be"), ids, file),
        industry=industry,
    )


def parse_journey_text(
    text: str, file: str = "<journey>", *, known_tags: Iterable[str] | None = None
) -> Journey:
    """A journey from YAML or JSON text (JSON is YAML too)."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML/JSON: {exc}", file=file) from None
    return journey_from_dict(raw, file, known_tags=known_tags)


def load_journey(path: str | Path, *, known_tags: Iterable[str] | None = None) -> Journey:
    """Read and validate a journey file (``.yaml``, ``.yml`` or ``.json``)."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=source.name) from None
    except UnicodeDecodeError:
        raise InputError("a journey file must be UTF-8 text", file=source.name) from None
    return parse_journey_text(text, source.name, known_tags=known_tags)


# --------------------------------------------------------------------------- defaults


def default_industries() -> list[str]:
    """Industries with a default journey file."""
    folder = resources.files("needscope") / "journey" / "defaults"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _industry_id(industry: str) -> str:
    """The default file of ``industry`` (by id or label), else ``generic``."""
    try:
        name = Industry.parse(industry).value
    except ValueError:
        name = str(industry)
    return name if name in default_industries() else "generic"


@lru_cache(maxsize=16)
def _default_raw(name: str) -> str:
    """The text of a default journey file."""
    res = resources.files("needscope") / "journey" / "defaults" / f"{name}.yaml"
    return res.read_text(encoding="utf-8")


def default_journey(industry: str = "restaurant") -> Journey:
    """The default journey of ``industry``: the pack's stages with default touchpoints.

    Stage names come from the industry pack; customer actions, touchpoints, stakeholders and
    an (empty) to-be plan from ``journey/defaults/<industry>.yaml``.  Industries without a
    file get the generic one.
    """
    from needscope.text.packs import load_pack

    name = _industry_id(industry)
    file = f"defaults/{name}.yaml"
    raw = yaml.safe_load(_default_raw(name))
    pack = load_pack(name)
    actions = raw.get("customer_actions") or {}
    unknown = sorted(set(actions) - {s.id for s in pack.stages})
    if unknown:
        raise _fail(file, "customer_actions", f"{unknown} are not stages of the pack")
    doc = {
        "industry": name,
        "stages": [
            {"id": s.id, "name": {"zh": s.zh, "en": s.en}, "customer_actions": actions.get(s.id)}
            for s in pack.stages
        ],
        "touchpoints": raw.get("touchpoints"),
        "stakeholders": raw.get("stakeholders"),
        "to_be": raw.get("to_be"),
    }
    return journey_from_dict(doc, file, known_tags=pack.ids())


__all__ = [
    "bi_dict",
    "default_industries",
    "default_journey",
    "dump_journey",
    "journey_from_dict",
    "journey_json",
    "journey_to_dict",
    "journey_yaml",
    "load_journey",
    "parse_journey_text",
]
