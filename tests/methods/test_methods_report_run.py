"""The main job on a small project: method figures reach HTML and XLSX; reuse follows inputs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import Image

from needscope.report.blocks import Svg
from needscope.report.builtin_methods import SPECS
from needscope.report.html import write_html
from needscope.report.xlsx import write_workbook
from needscope.services.run import StoreContext


def test_figures_are_embedded_in_html_and_xlsx(small_project: Any, tmp_path: Path) -> None:
    ctx = StoreContext(small_project.ws.store, "small", "zh")
    chosen = [spec.build(ctx) for spec in SPECS if spec.key in ("methods.kano", "methods.rfm")]
    figures = [b for s in chosen for b in s.blocks if isinstance(b, Svg)]
    assert len(figures) >= 3 and all(f.png and f.png.startswith(b"\x89PNG") for f in figures)
    html = write_html(tmp_path / "r.html", "报告", "small", chosen, "zh").read_text("utf-8")
    assert html.count("<svg") == len(figures)
    assert "<script" not in html and "<!--" not in html and "扫码点餐" in html  # in the tables
    book = openpyxl.load_workbook(write_workbook(tmp_path / "r.xlsx", chosen, "zh"))
    assert sum(len(ws._images) for ws in book.worksheets) == len(figures)


def test_sections_rebuild_only_when_their_inputs_change(
    small_project: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import needscope.report.html as html_mod
    import needscope.report.xlsx as xlsx_mod

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buf, "PNG")
    stub_png = buf.getvalue()
    monkeypatch.setattr(html_mod, "chart_svg", lambda *a, **k: "<svg></svg>")
    monkeypatch.setattr(xlsx_mod, "chart_png", lambda *a, **k: stub_png)
    for name in ("drivers", "needs", "ops", "survey"):
        module = __import__(f"needscope.report.builtin_methods_{name}", fromlist=["x"])
        monkeypatch.setattr(
            module, "render_block", lambda make, title="": Svg("<svg></svg>", title)
        )
    context = __import__("needscope.report.methods_context", fromlist=["chart_svg"])
    monkeypatch.setattr(context, "chart_svg", lambda *a, **k: "<svg></svg>")
    monkeypatch.setattr(context, "chart_png", lambda *a, **k: stub_png)

    handle = small_project.handle
    out = tmp_path / "out"
    first = handle.run(out, lang="zh")
    assert {spec.key for spec in SPECS} <= set(first.built)
    assert handle.run(out, lang="zh").unchanged
    handle.add_need("增加儿童座椅", dimension="implicit", credibility="low")
    third = handle.run(out, lang="zh")
    rebuilt = {k for k in third.built if k.startswith("methods.")}
    assert rebuilt == {
        "methods.verification",
        "methods.priority",
        "methods.feasibility",
        "methods.fivewhy",
    }
    assert "methods.kano" in third.reused and "methods.rfm" in third.reused
