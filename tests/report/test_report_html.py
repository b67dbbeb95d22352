"""Offline HTML report: escaping, chrome labels in zh and en, tables, tiles, charts."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from needscope.model.vocab import Credibility
from needscope.report.blocks import Chart, Metrics, Section, Table, Text
from needscope.report.html import format_value, render_html, write_html
from needscope.report.sections_basic import needs_section, overview_section, sources_section

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
WHEN = datetime(2024, 3, 1, 9, 30)


def _hostile_sections() -> list[Section]:
    table = pd.DataFrame({"文本": [XSS_SCRIPT, XSS_IMG, "正常"], "n": [1, 2, 3]})
    return [
        Section(
            "a",
            "标题 <b>bold</b>",
            [
                Text(f"第一段 {XSS_SCRIPT}\n第二行\n\n第二段 {XSS_IMG}"),
                Metrics([("记录数 <i>", "1,234")]),
                Table(table, caption="表 <u>caption</u>"),
            ],
        )
    ]


def test_user_text_is_escaped() -> None:
    html = render_html(XSS_SCRIPT, XSS_IMG, _hostile_sections(), "zh", WHEN)
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "<b>bold</b>" not in html and "<u>caption" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "onerror=alert" not in re.sub(r"&lt;img[^&]*&gt;", "", html)


def test_text_block_paragraphs_and_line_breaks() -> None:
    html = render_html("t", "", _hostile_sections(), "zh", WHEN)
    assert "第二行" in html
    assert re.search(r"<p>第一段 [^<]*<br>第二行</p>", html)
    assert re.search(r"<p>第二段 ", html)


def test_sections_from_dataframes_are_escaped(
    project: dict[str, Any], records: pd.DataFrame, needs: pd.DataFrame
) -> None:
    sections = [
        overview_section(project, records, needs, "en"),
        sources_section(records, "en"),
        needs_section(needs, "en"),
    ]
    html = render_html("Needs report", "Demo", sections, "en", WHEN)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # a quote in Template 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # a description in Template 1
    assert html.count("<svg") == 5
    assert "http:" not in re.sub(r'xmlns(:xlink)?="http[^"]*"', "", html)  # nothing to fetch
    assert "https:" not in html
    assert "<link" not in html and "@import" not in html and "url(http" not in html


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("zh", ["目录", "生成时间：2024-03-01 09:30", 'lang="zh-CN"', "暂无数据"]),
        ("en", ["Contents", "Generated at: 2024-03-01 09:30", 'lang="en"', "No data yet"]),
    ],
)
def test_chrome_labels(lang: str, labels: list[str]) -> None:
    sections = [Section("one", "One", [Text("x")]), Section("empty", "Empty")]
    html = render_html("T", "S", sections, lang, WHEN)  # type: ignore[arg-type]
    for label in labels:
        assert label in html
    assert '<a href="#s1-one">One</a>' in html and 'id="s1-one"' in html


def test_max_rows_note() -> None:
    frame = pd.DataFrame({"i": range(250)})
    zh = render_html("T", "", [Section("t", "T", [Table(frame, max_rows=20)])], "zh", WHEN)
    assert zh.count('<td class="num">') == 20
    assert "显示前 20 行，共 250 行" in zh
    en = render_html("T", "", [Section("t", "T", [Table(frame, max_rows=20)])], "en", WHEN)
    assert "Showing 20 of 250 rows" in en


def test_empty_table_and_empty_section() -> None:
    sections = [Section("t", "T", [Table(pd.DataFrame(), caption="空表")]), Section("e", "E")]
    html = render_html("T", "", sections, "zh", WHEN)
    assert html.count("暂无数据") == 2 and "<table" not in html


def test_chart_ids_are_unique_across_inline_svgs() -> None:
    data = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    chart = Chart("bar", data, "x", ["y"], title="<script>x</script>")
    html = render_html("T", "", [Section("c", "C", [chart, chart])], "zh", WHEN)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r'href="#([^"]+)"', html)) | set(re.findall(r"url\(#([^)]+)\)", html))
    assert refs <= set(ids)  # every reference still points at a definition
    assert 'aria-label="&lt;script&gt;x&lt;/script&gt;"' in html


def test_print_css_and_csp() -> None:
    html = render_html("T", "", [], "en", WHEN)
    assert "@media print" in html and "@page" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_write_html(tmp_path: Path) -> None:
    path = write_html(
        tmp_path / "r.html", "报告", "", [Section("a", "甲", [Text("乙")])], "zh", WHEN
    )
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_lang() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_html("T", "", [], "fr", WHEN)  # type: ignore[arg-type]


def test_format_value() -> None:
    assert format_value(Credibility.HIGH, "zh") == "高"
    assert format_value(Credibility.HIGH, "en") == "High"
    assert format_value(float("nan")) == ""
    assert format_value(33.3) == "33.3"
    assert format_value(12345) == "12,345"
    assert format_value(2.0) == "2"
    assert format_value(pd.Timestamp("2024-03-15")) == "2024-03-15"
    assert format_value(pd.Timestamp("2024-03-15 08:05")) == "2024-03-15 08:05"
    assert format_value(pd.Period("2024-03", "M")) == "2024-03"
    assert format_value(["a", "b"], "en") == "a; b"
    assert format_value(True, "zh") == "是"
