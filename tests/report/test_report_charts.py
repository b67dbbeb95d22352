"""Charts: SVG with CJK drawn as paths, PNG bytes, no missing glyphs, no leaked figures."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib import font_manager

from needscope.report.blocks import Chart, ChartKind
from needscope.report.charts import chart_png, chart_svg, font_family, wrap_label

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "来源": ["深度访谈", "问卷调查", "第三方反馈", "<script>alert(1)</script>"],
            "记录数": [12, 30, 7, 55],
            "高": [5, 10, 2, 30],
            "低": [7, 20, 5, 25],
        }
    )


def _chart(kind: ChartKind) -> Chart:
    if kind == "line":
        data = pd.DataFrame(
            {
                "月份": pd.date_range("2024-01-01", periods=6, freq="MS"),
                "深度访谈": [1, 3, 2, 5, 4, 6],
                "Survey": [4, 2, 5, 7, 3, 2],
            }
        )
        return Chart("line", data, "月份", ["深度访谈", "Survey"], title="按月记录数")
    y = ["高", "低"] if kind == "stacked_bar" else ["记录数"]
    return Chart(kind, _data(), "来源", y, title="来源类型分布", xlabel="来源", ylabel="记录数")


def test_a_cjk_font_is_found() -> None:
    family = font_family()
    if family is None:
        pytest.skip("no CJK font installed on this machine")
    assert "CJK" in family or "Hei" in family or "Fallback" in family or "Han" in family


@pytest.mark.parametrize("kind", ["bar", "barh", "stacked_bar", "line", "pie"])
def test_svg_draws_text_as_paths_without_missing_glyphs(kind: ChartKind) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = chart_svg(_chart(kind), "zh")
    glyph = [w for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert glyph == [], [str(w.message) for w in glyph]
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<path" in svg and "<text" not in svg  # every label is outlines, not text
    assert "<!--" not in svg  # matplotlib's comments would carry the label strings
    assert "来源" not in svg and "alert" not in svg and "<script" not in svg


def test_cjk_glyphs_are_defined_for_chinese_labels() -> None:
    family = font_family()
    if family is None:
        pytest.skip("no CJK font installed on this machine")
    svg = chart_svg(_chart("bar"), "zh")
    # glyph outlines are defined once per font, with ids "<PostScript name>-<glyph index>"
    ps_name = font_manager.get_font(font_manager.findfont(family)).postscript_name
    assert f'id="{ps_name}-' in svg


@pytest.mark.parametrize("kind", ["bar", "pie", "line"])
def test_png_bytes(kind: ChartKind, tmp_path: Path) -> None:
    png = chart_png(_chart(kind), "en")
    assert png.startswith(PNG_MAGIC)
    width = int.from_bytes(png[16:20], "big")
    assert width == 960  # 6.4 in at 150 dpi: fits an A4 text column
    (tmp_path / f"{kind}.png").write_bytes(png)


def test_rendering_leaves_no_pyplot_figures() -> None:
    before = len(plt.get_fignums())
    for _ in range(5):
        chart_png(_chart("bar"))
        chart_svg(_chart("line"))
    assert len(plt.get_fignums()) == before


def test_svg_is_deterministic() -> None:
    assert chart_svg(_chart("bar")) == chart_svg(_chart("bar"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_data_renders_a_placeholder(lang: str) -> None:
    empty = Chart("bar", pd.DataFrame({"x": [], "y": []}), "x", ["y"], title="空")
    assert chart_svg(empty, lang).startswith("<svg")  # type: ignore[arg-type]
    zeros = Chart("pie", pd.DataFrame({"x": ["a"], "y": [0]}), "x", ["y"])
    assert chart_png(zeros).startswith(PNG_MAGIC)


def test_many_categories_and_text_values() -> None:
    data = pd.DataFrame({"c": [f"渠道{i} 大众点评 long name" for i in range(25)], "n": ["3"] * 25})
    assert chart_svg(Chart("bar", data, "c", ["n"])).startswith("<svg")
    assert chart_svg(Chart("pie", data, "c", ["n"])).startswith("<svg")


def test_line_with_non_date_x_uses_categories() -> None:
    data = pd.DataFrame({"q": ["Q1", "Q2", "Q3"], "v": [1.5, 2.5, 2.0]})
    assert chart_svg(Chart("line", data, "q", ["v"])).startswith("<svg")


def test_bad_columns_are_named() -> None:
    with pytest.raises(ValueError, match="数量"):
        chart_svg(Chart("bar", _data(), "来源", ["数量"]))
    with pytest.raises(ValueError, match="at least one"):
        chart_svg(Chart("bar", _data(), "来源", []))
    with pytest.raises(ValueError, match="unknown chart kind"):
        chart_svg(Chart("radar", _data(), "来源", ["记录数"]))  # type: ignore[arg-type]


def test_wrap_label() -> None:
    assert wrap_label("短") == "短"
    wrapped = wrap_label("客户需求原始记录表客户需求原始记录表", width=10, max_lines=9)
    assert wrapped.split("\n") == ["客户需求原", "始记录表客", "户需求原始", "记录表"]
    assert wrap_label("service quality gap", width=10) == "service\nquality\ngap"
    assert wrap_label("一" * 100, width=4, max_lines=2).endswith("…")


def test_without_cjk_font_renders_and_warns_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from needscope.report import charts

    monkeypatch.setattr(charts, "font_family", lambda: None)
    monkeypatch.setattr(charts, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart_svg(_chart("bar"))
        chart_png(_chart("pie"))
    messages = [str(w.message) for w in caught]
    assert sum("no font with Chinese glyphs" in m for m in messages) == 1
    assert not any("missing from" in m for m in messages)
