"""SVG renderers of the journey: journey map, service blueprint, personas, stakeholder map.

Each ``render_*`` returns SVG text 1123 px wide (A4 landscape at 96 dpi) and as tall as its
content; the matching ``layout_*`` returns the laid-out ``Drawing`` (shapes and measured text
runs) for inspection.  ``export_svg`` writes SVG, PDF or PNG.
"""

from needscope.journey.render.blueprint import layout_blueprint, render_blueprint
from needscope.journey.render.export import export_svg
from needscope.journey.render.journey_map import layout_journey_map, render_journey_map
from needscope.journey.render.personas import layout_personas, render_personas
from needscope.journey.render.stakeholders import layout_stakeholder_map, render_stakeholder_map
from needscope.journey.render.svg import Box, Drawing, TextRun

__all__ = [
    "Box",
    "Drawing",
    "TextRun",
    "export_svg",
    "layout_blueprint",
    "layout_journey_map",
    "layout_personas",
    "layout_stakeholder_map",
    "render_blueprint",
    "render_journey_map",
    "render_personas",
    "render_stakeholder_map",
]
