"""The registry of report sections: capabilities plug sections in, the runner builds them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, Literal, Protocol

import pandas as pd

from needscope.report.blocks import Section

DataName = Literal[
    "project", "records", "customers", "needs", "imports", "text", "labels", "journey", "plan"
]


class ReportContext(Protocol):
    """What a section may read; data is loaded once, on first use."""

    slug: str
    lang: Literal["zh", "en"]

    @property
    def project(self) -> dict[str, Any]: ...
    @property
    def records(self) -> pd.DataFrame: ...
    @property
    def customers(self) -> pd.DataFrame: ...
    @property
    def needs(self) -> pd.DataFrame: ...
    @property
    def text(self) -> pd.DataFrame: ...
    @property
    def pack(self) -> str: ...
    @property
    def candidates(self) -> pd.DataFrame: ...
    @property
    def journey_doc(self) -> dict[str, Any] | None: ...
    @property
    def plan_doc(self) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class SectionSpec:
    """A report section: ``build`` runs again only when one of its ``inputs`` changed."""

    key: str
    order: int
    inputs: tuple[DataName, ...]
    build: Callable[[ReportContext], Section]
    version: str = "1"


_REGISTRY: dict[str, SectionSpec] = {}
_BUILTIN_MODULES = [
    "needscope.report.builtin",
    "needscope.report.builtin_text",
    "needscope.report.builtin_methods",
    "needscope.report.builtin_journey",
    "needscope.report.builtin_plan",
]
_loaded = False


def register_section(spec: SectionSpec) -> SectionSpec:
    """Add or replace a section."""
    _REGISTRY[spec.key] = spec
    return spec


def registered_sections() -> list[SectionSpec]:
    """All sections, built-in and plugged in (entry point group ``needscope.sections``)."""
    global _loaded
    if not _loaded:
        for name in _BUILTIN_MODULES:
            import_module(name)
        for ep in entry_points(group="needscope.sections"):
            ep.load()
        _loaded = True
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


__all__ = ["DataName", "ReportContext", "SectionSpec", "register_section", "registered_sections"]
