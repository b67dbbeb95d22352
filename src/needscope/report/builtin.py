"""Sections of the foundation: project overview, sources overview, needs register."""

from __future__ import annotations

from needscope.report.blocks import Section
from needscope.report.registry import ReportContext, SectionSpec, register_section
from needscope.report.sections_basic import needs_section, overview_section, sources_section


def _overview(ctx: ReportContext) -> Section:
    return overview_section(ctx.project, ctx.records, ctx.needs, ctx.lang)


def _sources(ctx: ReportContext) -> Section:
    return sources_section(ctx.records, ctx.lang)


def _needs(ctx: ReportContext) -> Section:
    return needs_section(ctx.needs, ctx.lang)


OVERVIEW = register_section(SectionSpec("overview", 10, ("project", "records", "needs"), _overview))
SOURCES = register_section(SectionSpec("sources", 20, ("records",), _sources))
NEEDS = register_section(SectionSpec("needs", 30, ("project", "needs"), _needs))

__all__ = ["NEEDS", "OVERVIEW", "SOURCES"]
