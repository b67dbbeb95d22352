"""Sections of the text engine: tag counts, trends (also by segment) with quotes, candidates."""

from __future__ import annotations

import pandas as pd

from needscope.report.blocks import Section
from needscope.report.registry import ReportContext, SectionSpec, register_section
from needscope.report.sections_text import (
    need_candidates_section,
    tag_counts_section,
    tag_trends_section,
)

MIN_TICKETS = 50


def _tags(ctx: ReportContext) -> Section:
    return tag_counts_section(ctx.text, ctx.pack, ctx.lang)


def _customers(ctx: ReportContext) -> pd.DataFrame | None:
    """The project's customers, when the text records name any."""
    frame = ctx.text
    if "customer_key" not in frame.columns or not frame["customer_key"].notna().any():
        return None
    return ctx.customers


def _trends(ctx: ReportContext) -> Section:
    """Trends among complaints and tickets (historic records with text) when there are enough;
    by source type over every record, by store and customer segment over the same records."""
    frame = ctx.text
    customers = _customers(ctx)
    if "source_type" in frame.columns:
        tickets = frame[frame["source_type"] == "historic"]
        if len(tickets) >= MIN_TICKETS:
            return tag_trends_section(
                tickets, ctx.pack, ctx.lang, population=("投诉", "complaints"),
                customers=customers, all_records=frame,
            )  # fmt: skip
    return tag_trends_section(
        frame, ctx.pack, ctx.lang, population=("记录", "records"), customers=customers
    )


def _candidates(ctx: ReportContext) -> Section:
    return need_candidates_section(ctx.candidates, ctx.lang)


TAGS = register_section(SectionSpec("text_tags", 40, ("project", "text"), _tags))
TRENDS = register_section(
    SectionSpec(
        "text_trends", 45, ("project", "text", "customers", "imports"), _trends, version="2"
    )
)
CANDIDATES = register_section(
    SectionSpec("text_candidates", 50, ("project", "text", "needs"), _candidates)
)

__all__ = ["CANDIDATES", "TAGS", "TRENDS"]
