"""DOCX and PDF writers: files re-open with their headings, tables, images and embedded CJK fonts."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from needscope.report.blocks import Chart, Metrics, Section, Svg, Table, Text
from needscope.report.charts import chart_png
from needscope.report.docx import EAST_ASIA_FONT, write_docx
from needscope.report.pdf import render_pdf_html, write_pdf

docx = pytest.importorskip("docx")


def _sections(lang: str) -> list[Section]:
    zh = lang == "zh"
    frame = pd.DataFrame({"门店" if zh else "Store": ["新街口店", "<b>江北</b>"],
                          "上菜时长" if zh else "Minutes": [12.5, 18.0]})  # fmt: skip
    wide = pd.DataFrame({f"列{i}很长的列名": [f"很长的文本内容{i}" * 3, i] for i in range(12)})
    chart = Chart("bar", frame, frame.columns[0], [frame.columns[1]], title="上菜时长")
    png = chart_png(chart, "zh", dpi=60)
    return [
        Section("overview", "项目概览" if zh else "Overview",
                [Text("第一段。\n\n第二段 <script>x</script>"), Metrics([("记录数", 19280)])]),
        Section("tables", "数据表" if zh else "Tables",
                [Table(frame, caption="门店上菜"), Table(wide, caption="宽表"),
                 Table(pd.DataFrame({"a": range(100)}), caption="长表", max_rows=200)]),
        Section("charts", "图表" if zh else "Charts",
                [chart, Svg('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                            "矢量图", png)]),
        Section("empty", "空章节" if zh else "Empty", []),
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_reopens_with_content(tmp_path: Path, lang: str) -> None:
    path = write_docx(tmp_path / "r.docx", "服务方案", "演示", _sections(lang), lang,
                      client="味道江南餐饮连锁")  # fmt: skip
    doc = docx.Document(str(path))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    titles = [s.title for s in _sections(lang)]
    assert heads == ["目录" if lang == "zh" else "Contents"] + [
        f"{i}. {t}" for i, t in enumerate(titles, 1)
    ]
    assert doc.paragraphs[6].text == "服务方案"  # the cover title after the spacing
    texts = [p.text for p in doc.paragraphs]
    assert any("味道江南餐饮连锁" in t for t in texts)
    assert "第二段 <script>x</script>" in texts  # user text kept as text
    tables = doc.tables
    assert [len(t.columns) for t in tables] == [2, 2, 12, 1]
    assert tables[1].rows[0].cells[0].text in ("门店", "Store")
    assert tables[1].rows[2].cells[0].text == "<b>江北</b>"
    assert len(tables[3].rows) == 41  # header + max_rows
    # header rows repeat across pages and are shaded
    xml = tables[1].rows[0]._tr.xml
    assert "w:tblHeader" in xml and "E8EEF4" in xml
    with zipfile.ZipFile(path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        document_xml = z.read("word/document.xml").decode("utf-8")
    assert len(media) == 2  # the chart and the figure's PNG
    assert f'w:eastAsia="{EAST_ASIA_FONT}"' in document_xml


@pytest.mark.skipif(not shutil.which("pdffonts") or not shutil.which("pdftoppm"),
                    reason="poppler-utils not installed")  # fmt: skip
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_opens_with_embedded_cjk_font(tmp_path: Path, lang: str) -> None:
    path = write_pdf(tmp_path / "r.pdf", "服务方案", "演示", _sections(lang), lang, client="客户")
    assert path.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    cjk = [line for line in fonts.stdout.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5:-3] == ["yes", "yes"] for line in cjk)  # emb, sub
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "pg")], check=True)
    pages = sorted(tmp_path.glob("pg-*.png"))
    assert len(pages) >= 5  # cover, contents, one page per section
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "服务方案" in text and ("目录" if lang == "zh" else "Contents") in text
    assert "<b>江北</b>" in text  # escaped, shown as text


def test_pdf_html_escapes_and_uses_images() -> None:
    html = render_pdf_html("标题 <i>", "", _sections("zh"), "zh")
    assert "标题 &lt;i&gt;" in html and "<script>x" not in html
    assert html.count("data:image/png;base64,") == 2 and "<svg" not in html
    assert 'class="wider"' in html  # the 12-column table gets the small type
    assert "target-counter" in html and "Noto Sans CJK SC" in html
    with pytest.raises(ValueError, match="lang"):
        render_pdf_html("t", "", [], "fr")  # type: ignore[arg-type]


def test_pdf_gives_a_wide_drawing_a_landscape_page(tmp_path: Path) -> None:
    from PIL import Image

    def png(w: int, h: int) -> bytes:
        out = tmp_path / f"{w}x{h}.png"
        Image.new("RGB", (w, h), "#4e79a7").save(out)
        return out.read_bytes()

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    sections = [
        Section("a", "蓝图", [Svg(svg, "宽的服务蓝图", png(1755, 900), drawing=True)]),
        Section("b", "旅程", [Svg(svg, "高的旅程图", png(1755, 2100), drawing=True)]),
        Section("c", "图表", [Svg(svg, "宽的普通图表", png(1600, 900))]),
    ]
    path = write_pdf(tmp_path / "wide.pdf", "方案", "演示", sections, "zh")
    info = subprocess.run(
        ["pdfinfo", "-l", "99", str(path)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [line.split("size:")[1].split("pts")[0].split(" x ") for line in info.splitlines()
             if line.startswith("Page") and "size:" in line]  # fmt: skip
    landscape = [float(w) > float(h) for w, h in sizes]
    assert landscape.count(True) == 1  # only the wide drawing, not the tall one or the chart
