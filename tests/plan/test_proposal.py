"""The proposal document: chapters in order, DOCX re-opened, PDF pages rendered, plain wording,
English, and a project without a plan (it gets a proposal that says what is missing)."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from needscope.plan.document import Plan
from needscope.plan.proposal import ProposalInputs, build_proposal, proposal_jargon
from needscope.report.blocks import Chart, Svg, Text
from needscope.services import proposal as sp
from needscope.services.workspace import Workspace

ZH_KEYS = ["proposal.background", "proposal.voice", "methods.satisfaction", "methods.kano",
           "methods.servqual", "methods.complaints", "journey.touchpoints", "journey.maps",
           "methods.priority", "proposal.goals", "proposal.modules", "proposal.budget",
           "proposal.timeline", "proposal.value", "proposal.tracking", "plan.feedback"]  # fmt: skip


@dataclass
class Built:
    """The small demo and its Chinese proposal."""

    ws: Workspace
    out: Path
    result: sp.ProposalResult


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The demo at scale 0.05 (text-enriched) and its proposal in Chinese."""
    from needscope.services.demo_job import build_demo
    from needscope.services.enrich import enrich_project

    root = tmp_path_factory.mktemp("proposal_demo")
    ws = Workspace(f"sqlite:///{root / 'demo.db'}")
    build_demo(ws, root / "files", scale=0.05)
    enrich_project(ws.store, "demo")
    out = root / "out"
    with pytest.MonkeyPatch.context() as mp:  # drawings: see test_drawings_to_png
        mp.setattr(sp, "svg_pngs", _tiny_png)
        return Built(ws, out, sp.write_proposal(ws.store, "demo", out, lang="zh"))


def _docx(path: Path) -> object:
    import docx

    return docx.Document(str(path))


def _figures(result: sp.ProposalResult) -> int:
    return sum(isinstance(b, Chart | Svg) for s in result.sections for b in s.blocks)


def test_zh_chapters_and_docx(built: Built) -> None:
    res = built.result
    assert [s.key for s in res.sections] == ZH_KEYS
    assert res.docx == built.out / "proposal.docx" and res.notes == []
    doc = _docx(res.docx)
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]  # type: ignore[attr-defined]
    assert heads == ["目录", *(f"{i}. {s.title}" for i, s in enumerate(res.sections, start=1))]
    assert heads[2] == "2. 顾客怎么说" and heads[-1] == "16. 上线效果与迭代建议"
    # every chart and drawing is a picture (the journey drawings were converted to PNG)
    assert len(doc.inline_shapes) == _figures(res)  # type: ignore[attr-defined]
    maps = next(s for s in res.sections if s.key == "journey.maps")
    assert [b.png[:8] for b in maps.blocks if isinstance(b, Svg)] == [b"\x89PNG\r\n\x1a\n"] * 2  # type: ignore[index]
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}  # type: ignore[attr-defined]
    assert {"顾客原话", "服务模块", "验收标准", "多久看一次", "上菜时间"} <= cells
    assert any(c.startswith("“") for c in cells)  # customers' words quoted
    assert (built.out / ".cache").is_dir()  # sections kept for the next run


def _drawing(color: str, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 {height}" width="200" '
            f"height=\"{height}\" font-family='\"Noto Sans CJK SC\",sans-serif'>"
            f'<rect x="0" y="0" width="200" height="{height}" fill="{color}"/>'
            '<text x="10" y="40" font-size="20" fill="#ffffff">顾客旅程</text></svg>')  # fmt: skip


def test_drawings_to_png(tmp_path: Path) -> None:
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    red, blue = _drawing("#ff0000", 100), _drawing("#0000ff", 150)
    pngs = sp.svg_pngs([red, blue, red], tmp_path)  # converted together, once each
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pngs]
    # 150 dpi: 200 × 100 px at 96 dpi is 312.5 × 156.25 px
    assert [abs(a - b) <= 1 for im, (w, h) in zip(images, ((312, 156), (312, 234), (312, 156)),
                                                  strict=True) for a, b in zip(im.size, (w, h),
                                                                               strict=True)] == [True] * 6  # fmt: skip
    assert images[0].getpixel((300, 150)) == (255, 0, 0)  # no blue from the next drawing
    assert images[1].getpixel((300, 2)) == (0, 0, 255)
    assert pngs[0] == pngs[2] and len(list(tmp_path.glob("png-*.png"))) == 2
    sp._PNG.clear()
    assert sp.svg_png(blue, tmp_path) == pngs[1]  # read back from the folder


def test_zh_pdf_renders(built: Built, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils not installed")
    pdf = built.result.pdf
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= len(ZH_KEYS)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts and " yes " in fonts  # the CJK font is embedded
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "3", str(pdf),
                    str(tmp_path / "p")], check=True)  # fmt: skip
    assert len(list(tmp_path.glob("p-*.png"))) == 3
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for words in (
        "服务优化方案建议书",
        "顾客怎么说",
        "上线效果与迭代建议",
        "服务方案执行计划表（模板3）",
    ):
        assert words in text


def test_plain_words(built: Built) -> None:
    assert built.result.jargon == [] and proposal_jargon(built.result.sections) == []
    # jargon a person typed into the plan's value statement is replaced in the proposal
    glossary = None
    inputs = ProposalInputs("zh", "味道江南", "餐饮", plan=Plan(), glossary=glossary,
                            value_text="我们为您构建SaaS化服务中台，实现数字化赋能。")  # fmt: skip
    sections = build_proposal(inputs, "p")
    value = next(s for s in sections if s.key == "proposal.value")
    text = value.blocks[0]
    assert isinstance(text, Text)
    assert text.text == ("我们为您构建一套能实时同步各门店订单、库存和顾客信息的智能管理系统，"
                         "实现用数据和系统帮您把事情做得更快更好。")  # fmt: skip
    assert proposal_jargon(sections) == []


def _tiny_png(svgs: list[str], cache_dir: Path | None = None) -> list[bytes]:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, format="PNG")
    return [buf.getvalue()] * len(svgs)


def test_english(built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # two analysis chapters (the Chinese proposal covers them all); drawings not rasterised
    monkeypatch.setattr(sp, "ANALYSES", tuple(a for a in sp.ANALYSES
                                              if a.key in ("journey.maps", "methods.priority")))  # fmt: skip
    monkeypatch.setattr(sp, "svg_pngs", _tiny_png)
    res = sp.write_proposal(built.ws.store, "demo", tmp_path, lang="en")
    assert res.docx.name == "proposal_en.docx" and res.pdf.name == "proposal_en.pdf"
    titles = [s.title for s in res.sections]
    assert titles[:4] == ["Background and scope", "What customers said",
                          "Customer journey and service blueprint", "What to do first"]  # fmt: skip
    assert titles[-1] == "After the launch: results and next step"
    assert res.jargon == []
    doc = _docx(res.docx)
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]  # type: ignore[attr-defined]
    assert heads[0] == "Contents" and heads[1] == "1. Background and scope"
    assert len(doc.inline_shapes) == _figures(res)  # type: ignore[attr-defined]
    text = subprocess.run(["pdftotext", str(res.pdf), "-"], capture_output=True, text=True).stdout
    assert "Service improvement proposal" in text and "How we will track results" in text


def test_project_without_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace(f"sqlite:///{tmp_path / 'np.db'}")
    handle = ws.create_project("np", "小店", industry="restaurant", goals=["上菜时间不超过15分钟"])
    reviews = tmp_path / "reviews.csv"
    pd.DataFrame({"评论": ["上菜太慢了", "菜很好吃"], "评论时间": ["2026-01-02", "2026-01-03"]}).to_csv(
        reviews, index=False)  # fmt: skip
    handle.import_file(reviews, source_type="third_party")
    monkeypatch.setattr(sp, "svg_pngs", _tiny_png)
    res = sp.write_proposal(ws.store, "np", tmp_path / "out", lang="zh")
    keys = [s.key for s in res.sections]  # the industry's default journey is still drawn
    assert keys == ["proposal.background", "proposal.voice", "journey.maps",
                    "proposal.plan_missing"]  # fmt: skip
    missing = res.sections[-1].blocks[0]
    assert isinstance(missing, Text) and "needscope plan draft np" in missing.text
    assert any("没有服务方案" in n for n in res.notes)
    assert res.docx.exists() and res.pdf.exists()
    ws.close()
