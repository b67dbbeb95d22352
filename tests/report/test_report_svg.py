"""Svg blocks: trusted figures inline in HTML (checked), PNG in XLSX or a note in its place."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from needscope.report.blocks import Section, Svg, Text
from needscope.report.html import render_html, trusted_svg
from needscope.report.plots_methods import ipa_figure, render_block
from needscope.report.xlsx import write_workbook

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def figure() -> Svg:
    """A real figure whose labels are hostile text."""
    table = pd.DataFrame({"item": [XSS, "上菜速度"], "importance": [4.5, 2.0],
                          "performance": [2.0, 4.0], "quadrant": ["concentrate", "overkill"],
                          "importance_crosshair": 3.0, "performance_crosshair": 3.0})  # fmt: skip
    return render_block(lambda: ipa_figure(table, "zh"), "IPA")


def test_figure_has_no_text_and_no_comments(figure: Svg) -> None:
    assert figure.svg.startswith("<svg") and figure.svg.rstrip().endswith("</svg>")
    assert "<!--" not in figure.svg and "alert" not in figure.svg and "上菜" not in figure.svg
    assert figure.png is not None and figure.png.startswith(b"\x89PNG")
    assert trusted_svg(figure.svg) == figure.svg.strip()


def test_html_embeds_two_figures_with_separate_ids(figure: Svg) -> None:
    html = render_html("t", "s", [Section("a", "A", [figure, Text(XSS)]),
                                  Section("b", "B", [figure])], "zh")  # fmt: skip
    assert html.count("<svg") == 2 and XSS not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    svg_ids = [i for i in ids if i.startswith("c1-") or i.startswith("c2-")]
    assert svg_ids and len(svg_ids) == len(set(svg_ids))  # scoped per figure
    refs = set(re.findall(r'href="#([^"]+)"', html))
    assert refs <= set(ids)  # every glyph / clip reference points inside its own figure


@pytest.mark.parametrize(
    "bad",
    [
        "<svg><script>alert(1)</script></svg>",
        '<svg><g onload="alert(1)"></g></svg>',
        '<svg><a href="https://evil.example/">x</a></svg>',
        '<svg><use xlink:href="http://evil.example/x.svg#a"/></svg>',
        "<svg><foreignObject><div>x</div></foreignObject></svg>",
        '<svg><image href="data:image/png;base64,AAAA"/></svg>',
        "<svg><style>body{display:none}</style></svg>",
        '<svg><rect style="fill:url(http://evil.example/p)"/></svg>',
        "not svg at all",
    ],
)
def test_trusted_svg_refuses_active_or_external_content(bad: str) -> None:
    with pytest.raises(ValueError):
        trusted_svg(bad)


def test_trusted_svg_strips_prolog_comments_and_metadata() -> None:
    raw = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg><!-- <script> -->'
           "<metadata><x>1</x></metadata><path d='M0 0'/></svg>\ntrailing")  # fmt: skip
    assert trusted_svg(raw) == "<svg><path d='M0 0'/></svg>"


def test_xlsx_inserts_png_or_leaves_a_note(figure: Svg, tmp_path: Path) -> None:
    html_only = Svg(figure.svg, "仅网页", None)
    path = write_workbook(tmp_path / "r.xlsx", [Section("a", "A", [figure, html_only])], "zh")
    book = openpyxl.load_workbook(path)
    assert sum(len(ws._images) for ws in book.worksheets) == 1
    cells = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert any("仅网页" in c and "HTML" in c for c in cells)
