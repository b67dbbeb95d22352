"""Report sections of the plan: goals, modules, value; Template 3 with the Gantt; tracking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from needscope.report.blocks import Chart, Svg, Table, Text
from needscope.report.builtin_plan import PLAN, SCHEDULE, TRACKING
from needscope.report.html import write_html
from needscope.services import plan as sp
from needscope.services.run import StoreContext
from needscope.services.workspace import Workspace


def _texts(section: object) -> str:
    return "\n".join(b.text for b in section.blocks if isinstance(b, Text))  # type: ignore[attr-defined]


def test_sections_without_and_with_a_plan(project_db: str, tmp_path: Path) -> None:
    ws = Workspace(project_db)
    ctx = StoreContext(ws.store, "p", "zh")
    assert "needscope plan draft p" in _texts(PLAN.build(ctx))
    sp.draft_plan(ws.store, "p", start=date(2026, 3, 2))
    sp.add_tracking(ws.store, "p", "流程优化", actual="2026-03-16", quality="良",
                    problem="后厨扫码设备延迟", fix="调整设备网络配置")  # fmt: skip
    plan = sp.require_plan(ws.store, "p")
    plan.statement = "我们将构建SaaS化服务中台<script>alert(1)</script>"
    sp.save_plan(ws.store, "p", plan)
    sections = []
    for lang in ("zh", "en"):
        ctx = StoreContext(ws.store, "p", lang)  # type: ignore[arg-type]
        overview, schedule, tracking = (s.build(ctx) for s in (PLAN, SCHEDULE, TRACKING))
        sections.append((overview, schedule, tracking))
        tables = [b for b in overview.blocks if isinstance(b, Table)]
        goals = tables[0].frame
        assert list(goals.columns)[1:6] == (
            ["S 具体", "M 可衡量", "A 可达成", "R 相关", "T 有时限"] if lang == "zh"
            else ["S Specific", "M Measurable", "A Achievable", "R Relevant", "T Time-bound"])  # fmt: skip
        assert goals.iloc[1, 0] == "上菜时间不超过15分钟"
        assert goals.iloc[1, 2] == "✓"  # measurable: the baseline comes from the orders
        jargon = tables[-1].frame
        assert "SaaS化服务中台" in jargon.iloc[:, 1].tolist()
        assert any(isinstance(b, Svg) for b in schedule.blocks)  # the Gantt chart
        t3 = next(b for b in schedule.blocks if isinstance(b, Table)).frame
        assert t3.columns[0] == ("方案模块" if lang == "zh" else "Module")
        text = _texts(schedule)
        assert ("150,000" in text) and (
            ("占项目预算上限" in text) if lang == "zh" else "limit" in text
        )
        t4 = next(b for b in tracking.blocks if isinstance(b, Table)).frame
        task = "流程优化" if lang == "zh" else "Process redesign"  # catalogue wording follows lang
        assert t4.iloc[0].tolist()[:3] == [task, "2026-03-15", "2026-03-16"]
        charts = [b for b in tracking.blocks if isinstance(b, Chart) and b.kind == "line"]
        assert charts and charts[0].y[-1] == ("目标" if lang == "zh" else "Target")
    html = tmp_path / "r.html"
    write_html(html, "t", "s", list(sections[0]), "zh")
    page = html.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    ws.close()
