"""The main job: build the report bundle (HTML + XLSX) of a project from its sections."""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from needscope.report.blocks import Section
from needscope.report.registry import SectionSpec, registered_sections
from needscope.services.customers import customers_frame
from needscope.services.docs import project_doc
from needscope.services.projects import get_project, project_dict
from needscope.services.records import data_version, records_frame
from needscope.services.register import needs_frame
from needscope.store import Store

RUN_FORMAT = "1"
REGISTER_STATUSES = ("open", "done")
StepProgress = Callable[[str, int, int], None]
"""Called with (section key, sections done, sections in all)."""


class StoreContext:
    """A report context reading one project from the store, each table once."""

    def __init__(self, store: Store, slug: str, lang: Literal["zh", "en"]) -> None:
        self.store = store
        self.slug = slug
        self.lang = lang

    @cached_property
    def project(self) -> dict[str, Any]:
        """The project's facts."""
        return project_dict(get_project(self.store, self.slug))

    @cached_property
    def records(self) -> pd.DataFrame:
        """The project's records."""
        return records_frame(self.store, self.slug)

    @cached_property
    def customers(self) -> pd.DataFrame:
        """The project's customers."""
        return customers_frame(self.store, self.slug)

    @cached_property
    def needs(self) -> pd.DataFrame:
        """The needs register: confirmed and satisfied needs (not candidates or rejected ones)."""
        frame = needs_frame(self.store, self.slug)
        return frame[frame["status"].isin(REGISTER_STATUSES)].reset_index(drop=True)

    @cached_property
    def text(self) -> pd.DataFrame:
        """Records with the text engine's results (empty when it has not run)."""
        from needscope.services.enrich import text_frame

        return text_frame(self.store, self.slug)

    @cached_property
    def pack(self) -> str:
        """The project's industry pack."""
        from needscope.services.enrich import pack_for

        return pack_for(get_project(self.store, self.slug))

    @cached_property
    def candidates(self) -> pd.DataFrame:
        """Need candidates found in the text, with quotes and evidence."""
        from needscope.text import extract_needs

        if self.text.empty:
            return pd.DataFrame()
        return extract_needs(self.text, self.pack, self.lang)

    @cached_property
    def journey_doc(self) -> dict[str, Any] | None:
        """The project's journey document as stored (None when none was saved)."""
        return project_doc(self.store, self.slug, "journey")

    @cached_property
    def plan_doc(self) -> dict[str, Any] | None:
        """The project's plan document as stored (None when none was saved)."""
        return project_doc(self.store, self.slug, "plan")


@dataclass
class RunResult:
    """What the main job wrote and what it had to rebuild."""

    html: Path
    xlsx: Path
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    unchanged: bool = False


def section_fingerprint(spec: SectionSpec, lang: str, version: dict[str, Any]) -> str:
    """The key a built section is cached under: its spec, language and its inputs' versions."""
    parts: dict[str, Any] = {"k": spec.key, "v": spec.version, "f": RUN_FORMAT, "lang": lang}
    parts.update({name: version.get(name) for name in spec.inputs})
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def _enrich(
    store: Store, slug: str, lang: Literal["zh", "en"], progress: StepProgress | None
) -> None:
    """Run the text engine on new records and refresh the need candidates, when installed."""
    try:
        from needscope.services.enrich import enrich_project, refresh_candidates
        from needscope.text import TextPipeline  # noqa: F401 - fails without the text extra
    except ImportError:
        return

    def step(done: int, total: int) -> None:
        if progress:
            progress("text", done, total)

    if enrich_project(store, slug, progress=step):
        refresh_candidates(store, slug, lang=lang)


def run_project(
    store: Store,
    slug: str,
    out_dir: Path,
    *,
    lang: Literal["zh", "en"] = "zh",
    progress: StepProgress | None = None,
    force: bool = False,
    enrich: bool = True,
) -> RunResult:
    """Build every registered section (reusing unchanged ones) and write the bundle."""
    from needscope.report.html import write_html
    from needscope.report.xlsx import write_workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir = out_dir / ".cache"
    cache_dir.mkdir(exist_ok=True)
    if enrich:
        _enrich(store, slug, lang, progress)
    ctx = StoreContext(store, slug, lang)
    version = data_version(store, slug)
    specs = registered_sections()
    suffix = "" if lang == "zh" else "_en"
    result = RunResult(html=out_dir / f"report{suffix}.html", xlsx=out_dir / f"report{suffix}.xlsx")
    sections: list[Section] = []
    for i, spec in enumerate(specs):
        if progress:
            progress(spec.key, i, len(specs))
        cache = cache_dir / f"{spec.key}-{lang}.pkl"
        fp = section_fingerprint(spec, lang, version)
        section: Section | None = None
        if cache.exists() and not force:
            with cache.open("rb") as fh:
                stored_fp, stored = pickle.load(fh)
            if stored_fp == fp:
                section = stored
        if section is None:
            section = spec.build(ctx)
            with cache.open("wb") as fh:
                pickle.dump((fp, section), fh)
            result.built.append(spec.key)
        else:
            result.reused.append(spec.key)
        sections.append(section)
    if progress:
        progress("write", len(specs), len(specs))
    if not result.built and result.html.exists() and result.xlsx.exists():
        result.unchanged = True
        return result
    project = ctx.project
    title = ("服务需求分析报告 · " if lang == "zh" else "Customer needs report · ") + project[
        "client"
    ]
    subtitle = project["slug"]
    write_html(result.html, title, subtitle, sections, lang, datetime.now())
    write_workbook(result.xlsx, sections, lang)
    return result


__all__ = ["RunResult", "StoreContext", "run_project", "section_fingerprint"]
