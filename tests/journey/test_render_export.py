"""Exports of rendered drawings: SVG text, A4 landscape PDF with embedded fonts, PNG."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from needscope.errors import InputError
from needscope.journey.model import Bi, Evaluation, Journey, JourneyStage, Touchpoint
from needscope.journey.render import export_svg, render_blueprint, render_journey_map
from needscope.journey.render.export import _pages

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils not installed",
)


def _small() -> Evaluation:
    """A two-stage journey with Chinese and English text."""
    stages = (
        JourneyStage("a", Bi("到店", "Arrive"), (Bi("排队取号 & 等位", "Queue & wait"),)),
        JourneyStage("b", Bi("用餐", "Dine"), (Bi("点餐", "Order"),)),
    )
    tps = (
        Touchpoint("t1", Bi("迎宾", "Host"), "a"),
        Touchpoint("t2", Bi("上菜", "Serving"), "b", action=Bi("按桌号上菜", "Serve by table")),
    )
    return Evaluation(Journey(stages, tps), (), ())


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG header."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_svg_written_as_text(tmp_path: Path) -> None:
    svg = render_journey_map(_small(), "zh")
    out = export_svg(svg, tmp_path / "sub" / "map.svg")
    assert out == tmp_path / "sub" / "map.svg"
    assert out.read_text(encoding="utf-8") == svg
    assert not list((tmp_path / "sub").glob(".tmp-*"))


def test_bad_suffix_and_bad_svg(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.docx"):
        export_svg(render_blueprint(_small()), tmp_path / "x.docx")
    with pytest.raises(InputError, match="well-formed"):
        export_svg("<svg", tmp_path / "x.svg")
    assert not list(tmp_path.iterdir())


@needs_poppler
def test_pdf_a4_landscape_with_embedded_fonts(tmp_path: Path) -> None:
    pdf = export_svg(render_journey_map(_small(), "zh"), tmp_path / "map.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # "emb" column
    # A4 landscape at 50 dpi: 297 mm × 210 mm → 584.6 × 413.4 px
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-singlefile", str(pdf), str(tmp_path / "p")], check=True
    )
    w, h = _png_size(tmp_path / "p.png")
    assert (w, h) in ((584, 413), (585, 413), (585, 414))


@needs_poppler
@pytest.mark.parametrize("route", ["cairosvg", "pdf"])
def test_png_whole_drawing_not_blank(
    tmp_path: Path, route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    if route == "pdf":  # without CairoSVG the PNG comes through a PDF and pdftoppm
        monkeypatch.setitem(sys.modules, "cairosvg", None)
    svg = render_blueprint(_small(), "zh")
    png = export_svg(svg, tmp_path / "bp.png")
    w, h = _png_size(png)
    assert w == round(1123 * 150 / 96)  # 150 dpi of a 1123 px (297 mm) wide page
    with Image.open(png) as img:
        grey = img.convert("L")
        lo, hi = grey.getextrema()
        dark = sum(grey.histogram()[:128])
    assert lo < 60 and hi == 255
    assert 0.002 < dark / (w * h) < 0.5


def test_pages_cut_at_row_boundaries() -> None:
    # 2000 px tall, pages of 750 px, header row 40–80 repeated on later pages
    slices = _pages(2000, 750, [80, 300, 700, 760, 1100, 1450, 1800], (40, 80))
    # page 1 holds 750 px: last break ≤ 750 is 700; later pages hold 750 − 40 = 710 px
    assert slices == [(0, 700), (700, 1100), (1100, 1800), (1800, 2000)]
    assert slices[0][1] <= 750 and all(b - a + 40 <= 750 for a, b in slices[1:])
    # no break in reach: cut at the page height
    assert _pages(1000, 600, [], None) == [(0, 600), (600, 1000)]
    assert _pages(500, 750, [100], None) == [(0, 500)]
