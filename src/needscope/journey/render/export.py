"""Write a rendered SVG as .svg, .pdf (A4 landscape, fonts embedded) or .png.

PDF: the SVG is placed in a minimal HTML page laid out by WeasyPrint.  A drawing taller than
one A4 landscape page is cut at the row boundaries the renderer recorded (``data-breaks``) and
the stage header row (``data-header``) is repeated at the top of each following page.  The
CJK font is subset to the characters used before WeasyPrint sees it (much faster than letting
it subset the whole collection), and embedded.
PNG: drawn at 150 dpi by CairoSVG when it is installed (fast; fonts found by fontconfig), else
through a one-page PDF the size of the drawing, rasterised by ``pdftoppm``.
"""

from __future__ import annotations

import base64
import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from needscope.errors import InputError, MissingExtra, NeedscopeError
from needscope.journey.render.text import covers, font_file

PNG_DPI = 150
PAGE_W_MM = 297.0
PAGE_H_MM = 210.0
PAGE_MARGIN_MM = 6.0
FIT_SLACK = 1.25
"""A drawing up to this many pages tall is shrunk onto one page instead of being split."""
_EMBED = "NeedscopeEmbedded"
_SVG_NS = "{http://www.w3.org/2000/svg}"


def export_svg(svg: str, path: str | Path) -> Path:
    """Write ``svg`` to ``path`` as SVG, PDF or PNG, chosen by the suffix; returns the path."""
    target = Path(path)
    suffix = target.suffix.lower()
    writers: dict[str, Callable[[str, Path], None]] = {
        ".svg": _write_svg,
        ".pdf": _write_pdf,
        ".png": _write_png,
    }
    if suffix not in writers:
        raise InputError(
            f"cannot export a drawing as {suffix or 'a file without suffix'!r}; "
            "use .svg, .pdf or .png",
            file=str(target),
        )
    root = _parse(svg)
    if root.tag != f"{_SVG_NS}svg":
        raise InputError("not an SVG document", file=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=suffix, dir=target.parent, prefix=".tmp-")
    os.close(fd)
    try:
        writers[suffix](svg, Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _parse(svg: str) -> ET.Element:
    """The SVG's root element (raises InputError if it is not well-formed)."""
    try:
        return ET.fromstring(svg)
    except ET.ParseError as exc:
        raise InputError(f"the SVG is not well-formed: {exc}") from exc


def _write_svg(svg: str, path: Path) -> None:
    """Plain SVG text."""
    path.write_text(svg, encoding="utf-8")


def _size(root: ET.Element) -> tuple[float, float]:
    """Width and height from the viewBox."""
    box = [float(v) for v in root.get("viewBox", "0 0 1123 794").split()]
    return box[2], box[3]


def _floats(text: str | None) -> list[float]:
    """Numbers in a space-separated attribute."""
    return [float(v) for v in (text or "").split()]


def _pages(height: float, page_h: float, breaks: list[float], header: tuple[float, float] | None
           ) -> list[tuple[float, float]]:  # fmt: skip
    """Vertical slices [top, bottom) of the drawing, each fitting one page."""
    slices: list[tuple[float, float]] = []
    top = 0.0
    cuts = sorted(b for b in breaks if 0 < b < height)
    while True:
        room = page_h - (header[1] - header[0] if header and slices else 0.0)
        if height - top <= room + 0.5:
            break
        fitting = [b for b in cuts if top < b <= top + room]
        bottom = fitting[-1] if fitting and fitting[-1] > top + room * 0.3 else top + room
        slices.append((top, bottom))
        top = bottom
    slices.append((top, height))
    return slices


def _svg_view(svg: str, x: float, y: float, w: float, h: float, width_mm: float) -> str:
    """The SVG re-rooted to show the window (x, y, w, h) at ``width_mm`` wide."""
    head, rest = svg.split(">", 1)
    head = re.sub(r'\s(viewBox|width|height)="[^"]*"', "", head)
    style = f"width:{width_mm:.3f}mm;height:{width_mm * h / w:.3f}mm;display:block"
    return f'{head} viewBox="{x:g} {y:g} {w:g} {h:g}" style="{style}" preserveAspectRatio="xMinYMin meet">{rest}'


def _font_css(root: ET.Element) -> tuple[str, bool]:
    """@font-face rules embedding the CJK font subset to the drawing's characters.

    Also says whether that font has every character (then nothing else needs embedding).
    """
    chars = set("".join(el.text or "" for el in root.iter())) - set("\n\t\r")
    chars |= set("0123456789+-−.%()…“” ")
    text = "".join(sorted(chars))
    rules = []
    for bold in (False, True):
        found = font_file(bold)
        if found is None:
            return "", False
        data = _subset(found.path, found.index, text)
        if data is None:
            return "", False
        b64 = base64.b64encode(data).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{_EMBED}"; font-weight: {700 if bold else 400}; '
            f"src: url(data:font/otf;base64,{b64}); }}"
        )
    return "\n".join(rules), covers(text)


@functools.lru_cache(maxsize=8)
def _subset(path: str, index: int, text: str) -> bytes | None:
    """The face's glyphs for ``text`` as a small font file, or None if that fails."""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(path, fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
        options = subset.Options()
        options.hinting = True
        options.ignore_missing_glyphs = True
        options.notdef_outline = True
        options.layout_features = []
        options.name_IDs = ["*"]
        options.drop_tables += ["GSUB", "GPOS"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    except Exception:  # no fontTools or an unusual font: let WeasyPrint embed it itself
        return None


def _html(svg: str, root: ET.Element, fonts: str, *, single: bool) -> str:
    """An HTML page holding the drawing: A4 landscape pages, or one page of its own size."""
    if fonts:
        svg = re.sub(
            r"font-family=([\"'])(.*?)\1",
            lambda m: f"font-family='\"{_EMBED}\",{m.group(2)}'",
            svg,
            count=1,
        )
    w, h = _size(root)
    if single:
        page = f"size: {w:g}px {h:g}px; margin: 0"
        body = _svg_view(svg, 0, 0, w, h, w * 25.4 / 96)
    else:
        page = f"size: A4 landscape; margin: {PAGE_MARGIN_MM:g}mm"
        content_w = PAGE_W_MM - 2 * PAGE_MARGIN_MM
        content_h = PAGE_H_MM - 2 * PAGE_MARGIN_MM - 1.0
        page_h = content_h * w / content_w
        header_vals = _floats(root.get("data-header"))
        header = (header_vals[0], header_vals[1]) if len(header_vals) == 2 else None
        if h <= page_h * FIT_SLACK:
            # a little taller than a page: shrink onto one page rather than split it
            fit_w = min(content_w, content_w * page_h / h)
            view = _svg_view(svg, 0, 0, w, h, fit_w)
            return _page(
                fonts, page, f'<div style="margin: 0 auto; width: {fit_w:.3f}mm">{view}</div>'
            )
        slices = _pages(h, page_h, _floats(root.get("data-breaks")), header)
        parts = []
        for k, (top, bottom) in enumerate(slices):
            views = []
            if k > 0 and header:
                views.append(_svg_view(svg, 0, header[0], w, header[1] - header[0], content_w))
            views.append(_svg_view(svg, 0, top, w, bottom - top, content_w))
            brk = "page-break-before: always;" if k else ""
            parts.append(f'<div style="{brk}">{"".join(views)}</div>')
        body = "".join(parts)
    return _page(fonts, page, body)


def _page(fonts: str, page: str, body: str) -> str:
    """The HTML document around ``body``."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"{fonts}\n@page {{ {page} }} html, body {{ margin: 0; padding: 0 }}"
        f"</style></head><body>{body}</body></html>"
    )


def _pdf(svg: str, path: Path, *, single: bool) -> None:
    """Lay the drawing out as a PDF with WeasyPrint."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint
    except ImportError as exc:
        raise MissingExtra("weasyprint", "docs") from exc
    root = _parse(svg)
    fonts, complete = _font_css(root)
    html = _html(svg, root, fonts, single=single)
    # the embedded font is already a subset: embedding it whole skips a slow second subsetting
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        weasyprint.HTML(string=html).write_pdf(str(path), full_fonts=complete)


def _write_pdf(svg: str, path: Path) -> None:
    """A4 landscape PDF, cut into pages at row boundaries when taller than a page."""
    _pdf(svg, path, single=False)


def _write_png(svg: str, path: Path) -> None:
    """PNG at 150 dpi of the whole drawing: CairoSVG, or a one-page PDF and pdftoppm."""
    png = quick_png(svg)
    if png is None:
        _png_via_pdf(svg, path)
    else:
        path.write_bytes(png)


def quick_png(svg: str) -> bytes | None:
    """PNG bytes (150 dpi) of a drawing when CairoSVG is installed, else None (no slow path)."""
    try:
        import cairosvg
    except (ImportError, OSError):
        return None
    width = _size(_parse(svg))[0]
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=round(width * PNG_DPI / 96))
    return bytes(png) if png else None


def _png_via_pdf(svg: str, path: Path) -> None:
    """PNG at 150 dpi of the whole drawing, via a one-page PDF and pdftoppm."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise NeedscopeError(
            "pdftoppm is not installed (package poppler-utils); it is needed to write PNG files"
        )
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "drawing.pdf"
        _pdf(svg, pdf, single=True)
        stem = Path(tmp) / "drawing"
        done = subprocess.run(
            [tool, "-r", str(PNG_DPI), "-png", "-singlefile", str(pdf), str(stem)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise NeedscopeError(f"pdftoppm failed: {done.stderr.strip()}")
        shutil.move(str(stem.with_suffix(".png")), path)


__all__ = ["PNG_DPI", "export_svg", "quick_png"]
