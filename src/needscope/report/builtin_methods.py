"""Register the analysis-method sections (orders 100+) of the main job's report.

Each section declares the data it reads, so the runner rebuilds it only when that changed.
"""

from __future__ import annotations

from needscope.report.builtin_methods_drivers import build_drivers, build_ipa
from needscope.report.builtin_methods_feasibility import build_feasibility
from needscope.report.builtin_methods_fivewhy import build_fivewhy
from needscope.report.builtin_methods_needs import build_priority, build_verification
from needscope.report.builtin_methods_ops import build_complaints, build_gap_table, build_rfm
from needscope.report.builtin_methods_survey import build_kano, build_satisfaction, build_servqual
from needscope.report.methods_context import Build, guarded
from needscope.report.registry import DataName, SectionSpec, register_section

_SURVEY: tuple[DataName, ...] = ("records", "customers")
_SPECS: tuple[tuple[str, int, tuple[DataName, ...], Build], ...] = (
    ("satisfaction", 100, _SURVEY, build_satisfaction),
    ("kano", 110, _SURVEY, build_kano),
    ("servqual", 120, _SURVEY, build_servqual),
    ("gap_table", 130, ("project", "records", "customers"), build_gap_table),
    ("ipa", 140, _SURVEY, build_ipa),
    ("drivers", 150, _SURVEY, build_drivers),
    ("complaints", 160, ("records", "text", "project"), build_complaints),
    ("rfm", 170, ("records",), build_rfm),
    ("verification", 180, ("records", "needs"), build_verification),
    ("priority", 190, ("records", "customers", "needs"), build_priority),
    ("feasibility", 200, ("project", "records", "customers", "needs"), build_feasibility),
    ("fivewhy", 210, ("needs",), build_fivewhy),
)

SPECS: list[SectionSpec] = [
    register_section(SectionSpec(f"methods.{key}", order, inputs, guarded(key, build)))
    for key, order, inputs, build in _SPECS
]
"""The registered method sections, in report order."""

__all__ = ["SPECS"]
