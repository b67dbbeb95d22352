"""Service modules (基础服务 / 增值服务 / 风险应对): catalogue, rules, links to needs, coverage."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from needscope.errors import InputError
from needscope.model.vocab import Industry, Lang, ModuleKind, PriorityClass

ACTIVE = (PriorityClass.NOW.value, PriorityClass.PLANNED.value)
"""Priority classes a plan must serve (立即执行, 计划执行)."""


def _pair(value: object, key: str, where: str) -> tuple[str, str]:
    """A bilingual text given as {zh, en} or one string used for both."""
    if value is None:
        return "", ""
    if isinstance(value, str):
        return value, value
    if isinstance(value, Mapping):
        zh = str(value.get("zh") or value.get("en") or "")
        return zh, str(value.get("en") or zh)
    raise InputError(f"{key} must be text or {{zh, en}}", file=where, column=key)


@dataclass(frozen=True)
class TaskDefaults:
    """A module's default line in Template 3 (content, owner, duration, budget …)."""

    content: tuple[str, str]
    owner: tuple[str, str] = ("", "")
    weeks: int | None = 1
    resources: tuple[str, str] = ("", "")
    acceptance: tuple[str, str] = ("", "")
    milestones: tuple[tuple[str, str], ...] = ()
    budget: float = 0.0
    after: tuple[str, ...] = ()
    frequency: tuple[str, str] = ("", "")
    start_gap: int = 0
    """Weeks left between the end of the ``after`` tasks and this task's start."""


@dataclass(frozen=True)
class Module:
    """A service module: kind, base or add-on, the needs it serves and its rules."""

    id: str
    name_zh: str
    name_en: str
    kind: ModuleKind
    base: bool = False
    serves: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    need_ids: tuple[int, ...] = ()
    task: TaskDefaults | None = None

    def name(self, lang: Lang = "zh") -> str:
        """The module's name in ``lang``."""
        return self.name_zh if lang == "zh" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        """The module as stored in the plan document (without task defaults)."""
        return {"id": self.id, "name": {"zh": self.name_zh, "en": self.name_en},
                "kind": self.kind.value, "base": self.base, "serves": list(self.serves),
                "requires": list(self.requires), "excludes": list(self.excludes),
                "need_ids": list(self.need_ids)}  # fmt: skip


def module_from_dict(data: Mapping[str, Any], where: str = "plan") -> Module:
    """A module from its catalogue or plan-document form; InputError names the bad key."""
    if not isinstance(data, Mapping):
        raise InputError("a module must be a mapping", file=where)
    mid = str(data.get("id") or "").strip()
    if not mid:
        raise InputError("a module needs an id", file=where, column="modules.id")
    here = f"{where}: module {mid}"
    zh, en = _pair(data.get("name") or mid, "name", here)
    try:
        kind = ModuleKind.parse(data.get("kind") or "basic")
    except ValueError as exc:
        raise InputError(str(exc), file=here, column="kind") from None
    task = None
    raw = data.get("task")
    if isinstance(raw, Mapping):
        weeks = raw.get("weeks", 1)
        task = TaskDefaults(
            content=_pair(raw.get("content") or data.get("name"), "content", here),
            owner=_pair(raw.get("owner"), "owner", here),
            weeks=None if weeks is None else int(weeks),
            resources=_pair(raw.get("resources"), "resources", here),
            acceptance=_pair(raw.get("acceptance"), "acceptance", here),
            milestones=tuple(_pair(m, "milestones", here) for m in raw.get("milestones") or []),
            budget=float(raw.get("budget") or 0),
            after=tuple(str(a) for a in raw.get("after") or []),
            frequency=_pair(raw.get("frequency"), "frequency", here),
            start_gap=int(raw.get("start_gap") or 0),
        )
    try:
        needs = tuple(int(i) for i in data.get("need_ids") or [])
    except (TypeError, ValueError):
        raise InputError("need_ids must be need numbers", file=here, column="need_ids") from None
    return Module(mid, zh, en, kind, bool(data.get("base", False)),
                  tuple(str(s) for s in data.get("serves") or []),
                  tuple(str(s) for s in data.get("requires") or []),
                  tuple(str(s) for s in data.get("excludes") or []), needs, task)  # fmt: skip


def catalogue_name(industry: str | None) -> str:
    """The catalogue file for ``industry`` (restaurant, else generic)."""
    try:
        value = Industry.parse(industry or "generic").value
    except ValueError:
        return "generic"
    folder = resources.files("needscope") / "plan" / "catalogue"
    return value if (folder / f"{value}.yaml").is_file() else "generic"


def load_catalogue(industry: str | None = None) -> list[Module]:
    """The service modules offered for ``industry`` (the generic catalogue when it has none)."""
    name = catalogue_name(industry)
    res = resources.files("needscope") / "plan" / "catalogue" / f"{name}.yaml"
    data = yaml.safe_load(res.read_text(encoding="utf-8"))
    modules = [module_from_dict(m, f"catalogue {name}") for m in data.get("modules") or []]
    ids = [m.id for m in modules]
    if len(set(ids)) != len(ids):
        raise InputError("module ids must be unique", file=f"catalogue {name}")
    return modules


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts with string keys."""
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def need_text(row: Mapping[str, Any]) -> str:
    """The text a need is matched on: description and quote."""
    return f"{row.get('description') or ''} {row.get('quote') or ''}"


def serves(module: Module, row: Mapping[str, Any]) -> bool:
    """True when ``module`` serves the need ``row`` (by need id or by one of its words)."""
    try:
        if int(row["id"]) in module.need_ids:
            return True
    except (KeyError, TypeError, ValueError):
        pass
    text = need_text(row)
    return any(re.search(re.escape(w), text, re.I) for w in module.serves if w.strip())


def link_needs(modules: Sequence[Module], needs: pd.DataFrame) -> dict[str, list[int]]:
    """Module id → ids of the needs it serves."""
    rows = _records(needs)
    return {m.id: [int(r["id"]) for r in rows if serves(m, r)] for m in modules}


@dataclass(frozen=True)
class RuleIssue:
    """A broken compatibility rule between two modules."""

    rule: str
    module: str
    other: str
    message_zh: str
    message_en: str

    def message(self, lang: Lang = "zh") -> str:
        """The message in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en


def check_rules(modules: Sequence[Module], catalogue: Iterable[Module] = ()) -> list[RuleIssue]:
    """Requires / excludes rules of the chosen ``modules``; names come from them or the catalogue."""
    chosen = {m.id: m for m in modules}
    names = {m.id: m for m in catalogue} | chosen
    issues: list[RuleIssue] = []

    def nm(mid: str, lang: Lang) -> str:
        return f"{names[mid].name(lang)}（{mid}）" if mid in names else mid

    for m in modules:
        for need in m.requires:
            if need not in chosen:
                issues.append(RuleIssue("requires", m.id, need,
                                        f"{nm(m.id, 'zh')} 需要同时选用 {nm(need, 'zh')}",
                                        f"{nm(m.id, 'en')} requires {nm(need, 'en')}"))  # fmt: skip
        for other in m.excludes:
            if other in chosen and (other, m.id) not in {(i.module, i.other) for i in issues}:
                issues.append(RuleIssue("excludes", m.id, other,
                                        f"{nm(m.id, 'zh')} 与 {nm(other, 'zh')} 不能同时选用",
                                        f"{nm(m.id, 'en')} and {nm(other, 'en')} exclude each "
                                        "other"))  # fmt: skip
    return issues


@dataclass
class Coverage:
    """Which needs the modules serve; the 立即执行 (and 计划执行) needs no module serves."""

    served: dict[int, list[str]] = field(default_factory=dict)
    uncovered_now: pd.DataFrame = field(default_factory=pd.DataFrame)
    uncovered_planned: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def complete(self) -> bool:
        """True when every need to do now is served."""
        return self.uncovered_now.empty


def coverage(modules: Sequence[Module], needs: pd.DataFrame) -> Coverage:
    """Coverage of the needs (``id``, ``description``, ``priority``) by the modules."""
    links = link_needs(modules, needs)
    served: dict[int, list[str]] = {}
    for mid, ids in links.items():
        for i in ids:
            served.setdefault(i, []).append(mid)
    if needs.empty or "priority" not in needs.columns:
        return Coverage(served, needs.iloc[0:0], needs.iloc[0:0])
    missing = ~needs["id"].astype(int).isin(list(served))
    cols = [c for c in ("id", "description", "priority") if c in needs.columns]
    now = needs[missing & (needs["priority"] == PriorityClass.NOW.value)][cols]
    planned = needs[missing & (needs["priority"] == PriorityClass.PLANNED.value)][cols]
    return Coverage(served, now.reset_index(drop=True), planned.reset_index(drop=True))


def select_modules(catalogue: Sequence[Module], needs: pd.DataFrame) -> list[Module]:
    """The draft's modules: those serving a need to do now or to plan, the base modules they
    build on, whatever they require; of two exclusive modules the first in the catalogue."""
    active = needs[needs["priority"].isin(ACTIVE)] if "priority" in needs.columns else needs
    rows = _records(active)
    by_id = {m.id: m for m in catalogue}
    chosen: dict[str, Module] = {}
    for m in catalogue:
        mine = tuple(int(r["id"]) for r in rows if serves(m, r))
        if not mine or any(x in chosen for x in m.excludes):
            continue
        chosen[m.id] = Module(m.id, m.name_zh, m.name_en, m.kind, m.base, m.serves, m.requires,
                              m.excludes, mine, m.task)  # fmt: skip
    for m in catalogue:
        if m.base and m.id not in chosen and rows:
            chosen[m.id] = m
    pending = [r for m in list(chosen.values()) for r in m.requires]
    while pending:
        rid = pending.pop()
        if rid in by_id and rid not in chosen:
            chosen[rid] = by_id[rid]
            pending.extend(by_id[rid].requires)
    order = {m.id: i for i, m in enumerate(catalogue)}
    return sorted(chosen.values(), key=lambda m: order.get(m.id, len(order)))


def modules_frame(
    modules: Sequence[Module], needs: pd.DataFrame | None = None, lang: Lang = "zh"
) -> pd.DataFrame:
    """One row per module: kind, base/add-on, the needs it serves, its rules."""
    links = link_needs(modules, needs) if needs is not None else {m.id: list(m.need_ids)
                                                                  for m in modules}  # fmt: skip
    desc: dict[int, str] = {}
    if needs is not None and not needs.empty:
        desc = {int(r["id"]): str(r["description"]) for r in needs.to_dict("records")}
    sep = "；" if lang == "zh" else "; "
    heads = (("方案模块", "类型", "基础/附加", "服务的需求", "依赖", "互斥") if lang == "zh"
             else ("Module", "Kind", "Base / add-on", "Needs served", "Requires", "Excludes"))  # fmt: skip
    base = ("基础模块", "附加模块") if lang == "zh" else ("base", "add-on")
    return pd.DataFrame(
        [
            {
                heads[0]: m.name(lang),
                heads[1]: m.kind.label(lang),
                heads[2]: base[0] if m.base else base[1],
                heads[3]: sep.join(f"#{i} {desc.get(i, '')}".strip() for i in links.get(m.id, [])),
                heads[4]: ", ".join(m.requires),
                heads[5]: ", ".join(m.excludes),
            }
            for m in modules
        ],
        columns=list(heads),
    )


def catalogue_phrases(industry: str | None, lang: Lang) -> dict[str, str]:
    """Each catalogue phrase (module names and task defaults) in the other language → ``lang``."""
    other = 1 if lang == "zh" else 0
    mine = 0 if lang == "zh" else 1
    out: dict[str, str] = {}
    for m in load_catalogue(industry):
        pairs: list[tuple[str, str]] = [(m.name_zh, m.name_en)]
        if m.task is not None:
            t = m.task
            pairs += [t.content, t.owner, t.resources, t.acceptance, t.frequency, *t.milestones]
        for pair in pairs:
            if pair[other] and pair[mine]:
                out.setdefault(pair[other], pair[mine])
    return out


__all__ = [
    "ACTIVE",
    "Coverage",
    "Module",
    "RuleIssue",
    "TaskDefaults",
    "catalogue_name",
    "catalogue_phrases",
    "check_rules",
    "coverage",
    "link_needs",
    "load_catalogue",
    "module_from_dict",
    "modules_frame",
    "need_text",
    "select_modules",
    "serves",
]
