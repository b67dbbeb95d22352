"""Report sections, their registry and the HTML / XLSX renderers."""

from needscope.report.blocks import Block, Chart, ChartKind, Metrics, Section, Svg, Table, Text
from needscope.report.registry import (
    DataName,
    ReportContext,
    SectionSpec,
    register_section,
    registered_sections,
)

__all__ = [
    "Block",
    "Chart",
    "ChartKind",
    "DataName",
    "Metrics",
    "ReportContext",
    "Section",
    "SectionSpec",
    "Svg",
    "Table",
    "Text",
    "register_section",
    "registered_sections",
]
