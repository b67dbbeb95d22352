"""The proposal document of a project (方案建议书): gathered from the store, written as DOCX and PDF.

The analysis chapters reuse the report's section builders (and the main job's cached sections
when the report was written to the same folder with the same data); journey drawings are
turned into PNG once per distinct drawing (cached by content hash, in memory and on disk).
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from needscope.errors import InputError
from needscope.model.vocab import Industry, Lang, NeedDimension, SourceType
from needscope.plan.document import Plan, localise_plan
from needscope.plan.proposal import (
    Commitment,
    ProposalInputs,
    build_proposal,
    client_view,
    proposal_jargon,
)
from needscope.plan.value import JargonHit, load_glossary
from needscope.report.blocks import Section, Svg
from needscope.services.run import StoreContext
from needscope.store import Store


@dataclass(frozen=True)
class Analysis:
    """An analysis chapter: the report section it comes from and what of it to keep."""

    key: str
    title: tuple[str, str]
    intro: tuple[str, str]
    figures: tuple[int, ...] = (0,)
    tables: tuple[int, ...] = ()
    texts: tuple[int, ...] = ()
    metrics: bool = True
    figure_titles: tuple[tuple[str, str], ...] = ()


ANALYSES: tuple[Analysis, ...] = (
    Analysis("methods.satisfaction", ("顾客满意度", "How satisfied customers are"),
             ("顾客是否愿意推荐（净推荐值 NPS）、是否满意（CSAT）、办事是否省力（CES），按门店和月份比较。",
              "Whether customers would recommend you (NPS), are satisfied (CSAT) and find it "
              "easy to deal with you (CES), by store and by month."),
             figures=(0, 1), texts=(1,)),
    Analysis("methods.kano", ("顾客最看重的服务", "What customers value most"),
             ("把各项服务分成“必须做好”“做得越好越满意”“意外惊喜”和“无所谓”几类（KANO 方法），帮助决定先做什么。",
              "Each service sorted into must-haves, the-more-the-better, delighters and "
              "indifferent (the KANO method), to decide what comes first."),
             texts=(1,)),
    Analysis("methods.servqual", ("服务与顾客期望的差距", "Where service falls short of expectations"),
             ("问卷就服务的各个方面分别问了顾客的期望和实际感受；差距为负表示没有达到期望（SERVQUAL 方法）。",
              "The survey asked customers what they expect and what they get on each aspect of "
              "service; a negative gap means the expectation is not met (the SERVQUAL method)."),
             figures=(0, 1), tables=(1,), texts=(1,)),
    Analysis("methods.complaints", ("投诉集中在哪里", "What complaints are about"),
             ("少数几类原因占了大部分投诉，先解决它们收效最大。",
              "A few causes account for most complaints; fixing them first pays off most."),
             figures=(0, 2), tables=(0,), texts=(0, 1, 2)),
    Analysis("journey.touchpoints", ("最值得改进的服务环节", "Where service can improve most"),
             ("把顾客的评价对应到从订座到离店的各个服务环节；机会分越高，越值得先改。",
              "Customers' comments placed on each step of the visit, from booking to leaving; "
              "the higher the opportunity score, the sooner it is worth improving."),
             metrics=False,
             figure_titles=(("机会分最高的触点", "机会分最高的服务环节"),
                            ("Touchpoints with the highest opportunity",
                             "Service steps with the highest opportunity"))),
    Analysis("journey.maps", ("顾客旅程与服务蓝图", "Customer journey and service blueprint"),
             ("顾客旅程图展示顾客在各阶段的感受（现状与改进后的目标）；服务蓝图展示前台、后厨与支持部门如何配合完成每一步。",
              "The journey map shows how customers feel at each stage (today and the aim); the "
              "service blueprint shows how front of house, kitchen and support work together at "
              "each step."),
             figures=(0, 1)),
    Analysis("methods.priority", ("先做什么：需求优先级", "What to do first"),
             ("按重要性（顾客价值、经营影响、战略匹配）和紧急性（时间压力、市场机会、风险）给每项需求打分，分为立即执行、计划执行和暂缓执行（模板2）。",
              "Each need scored on importance (customer value, business impact, strategic fit) "
              "and urgency (time pressure, market opportunity, risk) and sorted into do now, plan "
              "and defer (Template 2)."),
             tables=(0,), texts=(1,)),
)  # fmt: skip
"""The analysis chapters of the proposal, in order."""

_CADENCE_MONTHLY = {"repeat_rate", "satisfaction", "nps", "rating", "revenue", "cost"}


@dataclass
class ProposalResult:
    """What was written and how long each step took (seconds)."""

    docx: Path
    pdf: Path
    sections: list[Section]
    seconds_build: float
    seconds_docx: float
    seconds_pdf: float
    jargon: list[JargonHit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Total time."""
        return self.seconds_build + self.seconds_docx + self.seconds_pdf


# --------------------------------------------------------------------------- PNG of drawings

_PNG: dict[str, bytes] = {}
_DPI = 150
"""Resolution of the journey drawings' PNG (as the journey's own PNG export)."""


def _key(svg: str) -> str:
    return hashlib.sha256(svg.encode("utf-8")).hexdigest()[:32]


def _size(svg: str) -> tuple[float, float]:
    head = svg.split(">", 1)[0]
    box = re.search(r'viewBox="([^"]+)"', head)
    if box is None:
        raise InputError("a drawing without a viewBox cannot be converted", column="svg")
    values = [float(v) for v in box.group(1).split()]
    return values[2], values[3]


def _stacked(svgs: Sequence[str]) -> tuple[str, list[float]]:
    """The drawings stacked top to bottom in one SVG (one conversion, one font subset), and
    where each one starts (in SVG units)."""
    sizes = [_size(s) for s in svgs]
    width = max(w for w, _ in sizes)
    tops: list[float] = []
    inner = []
    y = 0.0
    for svg, (w, h) in zip(svgs, sizes, strict=True):
        tops.append(y)
        rest = svg.split(">", 1)[1]
        inner.append(f'<svg x="0" y="{y:g}" width="{w:g}" height="{h:g}" viewBox="0 0 {w:g} '
                     f'{h:g}">{rest}')  # fmt: skip
        y += h
    font = re.search(r"font-family=(\"[^\"]*\"|'[^']*')", svgs[0].split(">", 1)[0])
    family = f" font-family={font.group(1)}" if font else ""
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {y:g}" '
            f'width="{width:g}" height="{y:g}"{family}>')  # fmt: skip
    return head + "".join(inner) + "</svg>", [*tops, y]


def svg_pngs(svgs: Sequence[str], cache_dir: Path | None = None) -> list[bytes]:
    """PNG of each journey drawing (150 dpi), converted together once per distinct SVG; kept
    in memory and in ``cache_dir`` by content hash."""
    from PIL import Image

    from needscope.journey.render import export_svg

    found: dict[str, bytes] = {}
    todo: list[str] = []
    for svg in svgs:
        key = _key(svg)
        disk = cache_dir / f"png-{key}.png" if cache_dir is not None else None
        if key in _PNG:
            found[key] = _PNG[key]
        elif disk is not None and disk.exists():
            found[key] = disk.read_bytes()
        elif svg not in todo:
            todo.append(svg)
    if todo:
        combined, tops = _stacked(todo)
        with tempfile.TemporaryDirectory() as tmp:
            image = Image.open(export_svg(combined, Path(tmp) / "drawings.png"))
            image.load()
        scale = image.height / tops[-1]
        for i, svg in enumerate(todo):
            box = (0, round(tops[i] * scale), round(_size(svg)[0] * scale),
                   min(image.height, round(tops[i + 1] * scale)))  # fmt: skip
            buf = io.BytesIO()
            image.crop(box).save(buf, format="PNG", optimize=False)
            found[_key(svg)] = buf.getvalue()
            if cache_dir is not None:
                cache_dir.mkdir(parents=True, exist_ok=True)
                (cache_dir / f"png-{_key(svg)}.png").write_bytes(buf.getvalue())
    if len(_PNG) >= 32:
        _PNG.clear()
    _PNG.update(found)
    return [found[_key(s)] for s in svgs]


def svg_png(svg: str, cache_dir: Path | None = None) -> bytes:
    """PNG of one journey drawing (see :func:`svg_pngs`)."""
    return svg_pngs([svg], cache_dir)[0]


def _with_pngs(sections: list[Section], cache_dir: Path | None) -> list[Section]:
    """The sections with a PNG on every drawing that has none (converted in one batch)."""
    svgs = [b.svg for s in sections for b in s.blocks if isinstance(b, Svg) and b.png is None]
    if not svgs:
        return sections
    pngs = dict(zip(svgs, svg_pngs(svgs, cache_dir), strict=True))
    return [Section(s.key, s.title, [replace(b, png=pngs[b.svg]) if isinstance(b, Svg)
                                     and b.png is None else b for b in s.blocks])
            for s in sections]  # fmt: skip


# --------------------------------------------------------------------------- sections


def _report_section(ctx: StoreContext, key: str, cache_dir: Path | None, version: Any) -> Section:
    """A registered report section, from the main job's cache when its data are unchanged."""
    from needscope.report.registry import registered_sections
    from needscope.services.run import section_fingerprint

    spec = next((s for s in registered_sections() if s.key == key), None)
    if spec is None:
        raise InputError(f"no report section {key!r}", column="section")
    fp = section_fingerprint(spec, ctx.lang, version)
    cache = cache_dir / f"{key}-{ctx.lang}.pkl" if cache_dir is not None else None
    if cache is not None and cache.exists():
        try:
            with cache.open("rb") as fh:
                stored_fp, stored = pickle.load(fh)
            if stored_fp == fp and isinstance(stored, Section):
                return stored
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
    section = spec.build(ctx)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as fh:
            pickle.dump((fp, section), fh)
    return section


def _sources(records: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    if records.empty:
        return pd.DataFrame(columns=["source", "records"])
    counts = records["source_type"].value_counts()
    labels = []
    for v in counts.index:
        try:
            labels.append(SourceType.of(str(v)).label(lang))
        except (KeyError, ValueError):
            labels.append(str(v))
    return pd.DataFrame({"source": labels, "records": counts.to_numpy().astype(int)})


def _period(records: pd.DataFrame) -> str:
    ts = pd.to_datetime(records["ts"], errors="coerce").dropna() if "ts" in records else None
    if ts is None or ts.empty:
        return ""
    return f"{ts.min():%Y-%m-%d} – {ts.max():%Y-%m-%d}"


def _dimension(value: object, lang: Lang) -> str:
    try:
        return NeedDimension.of(str(value)).label(lang)
    except (KeyError, ValueError):
        return str(value or "")


def top_tags(text: pd.DataFrame, pack: str, lang: Lang = "zh", top: int = 8) -> pd.DataFrame:
    """The most mentioned tags with their share, share of complaints and one short quote."""
    from needscope.text.packs import load_pack

    cols = ["tag", "records", "share", "problem_share", "quote"]
    if text.empty or "tags" not in text.columns:
        return pd.DataFrame(columns=cols)
    frame = text[text["text"].notna()] if "text" in text.columns else text
    tags = frame["tags"].map(lambda v: list(v) if isinstance(v, list | tuple) else [])
    probs = frame["problem_tags"].map(lambda v: list(v) if isinstance(v, list | tuple) else []) if (
        "problem_tags" in frame.columns) else tags.map(lambda _v: [])  # fmt: skip
    counts = tags.explode().dropna().value_counts().head(top)
    if counts.empty:
        return pd.DataFrame(columns=cols)
    p = load_pack(pack)
    ids = set(p.ids())
    quote_col = "text_masked" if "text_masked" in frame.columns else "text"
    quotes = frame[quote_col].fillna("").astype(str)
    n_tags = tags.map(len)
    langs = (
        frame["lang"].fillna("") if "lang" in frame.columns else pd.Series("", index=frame.index)
    )
    rows = []
    for tag, n in counts.items():
        has = tags.map(lambda ts, t=tag: t in ts)
        ok = has & quotes.str.len().between(8, 70)
        pool = frame[ok].assign(_n=n_tags[ok], _l=quotes[ok].str.len(),
                                _o=(langs[ok] != lang).astype(int))  # fmt: skip
        pool = pool.sort_values(["_o", "_n", "_l"], kind="stable")
        quote = str(quotes[pool.index[0]]) if len(pool) else ""
        label = p.tag(str(tag)).label(lang) if str(tag) in ids else str(tag)
        n_prob = int(probs[has].map(lambda ts, t=tag: t in ts).sum())
        rows.append({"tag": label, "records": int(n), "share": round(100 * int(n) / len(frame), 1),
                     "problem_share": round(100 * n_prob / int(n), 1), "quote": quote})  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _commitments(plan: Plan, check: Any, data: Any, lang: Lang) -> list[Commitment]:
    """The numbers the goals name: target, level before the plan, basis, how often checked."""
    from needscope.plan.smart import metric_def
    from needscope.plan.tracking import kpi_frame

    out: list[Commitment] = []
    seen: set[str] = set()
    units = {"min": ("分钟", "min"), "h": ("小时", "h"), "%": ("%", "%")}
    for g in check.goals:
        for part in g.parts:
            if part.metric_key is None or part.metric_key in seen:
                continue
            seen.add(part.metric_key)
            found = metric_def(part.metric_key)
            name = (found.zh if lang == "zh" else found.en) if found else part.metric
            frame, basis = kpi_frame([part], data, start=plan.start, lang=lang)
            before = frame[~frame["after_start"]] if len(frame) else frame
            unit = units.get(part.unit or "", ("", ""))[0 if lang == "zh" else 1]
            gap = "" if unit in ("%", "") else " "
            today = f"{before['value'].iloc[-1]:.1f}{gap}{unit}" if len(before) else "–"
            op = "≥" if part.direction == "higher" else "≤"
            target = f"{op} {part.target_text}" if part.target_text else (part.change_text or "")
            if part.deadline_text:
                target += (
                    f"（{part.deadline_text}）" if lang == "zh" else f" ({part.deadline_text})"
                )
            monthly = part.metric_key in _CADENCE_MONTHLY
            cadence = (("每月" if monthly else "每周") if lang == "zh"
                       else ("monthly" if monthly else "weekly"))  # fmt: skip
            out.append(Commitment(name, target, today, basis.get(part.metric, ""), cadence))
    return out


def proposal_inputs(
    store: Store, slug: str, lang: Lang = "zh", *, cache_dir: Path | None = None
) -> tuple[ProposalInputs, list[str]]:
    """Everything the proposal shows, from the store; with notes on what had to be left out."""
    from needscope.report.methods_context import method_data
    from needscope.report.sections_basic import vocab_label
    from needscope.report.sections_plan import feedback_section, stats_of
    from needscope.services.plan import check_plan, load_plan, prioritised_needs
    from needscope.services.records import data_version

    ctx = StoreContext(store, slug, lang)
    project = ctx.project
    notes: list[str] = []
    version = data_version(store, slug)
    analyses = []
    for a in ANALYSES:
        section = _report_section(ctx, a.key, cache_dir, version)
        i = 0 if lang == "zh" else 1
        view = client_view(section, a.title[i], a.intro[i], figures=a.figures, tables=a.tables,
                           texts=a.texts, metrics=a.metrics,
                           figure_titles=dict(a.figure_titles))  # fmt: skip
        if view is None:
            notes.append(
                ("未收录（无数据）：" if lang == "zh" else "left out (no data): ") + a.title[i]
            )
            continue
        analyses.append(replace(view, key=a.key))
    analyses = _with_pngs(analyses, cache_dir)
    plan = load_plan(store, slug)
    if plan is not None:
        plan = localise_plan(plan, lang)
    needs = ctx.needs
    prioritised = prioritised_needs(ctx) if not needs.empty else pd.DataFrame(
        columns=["id", "description", "quote", "dimension", "evidence_count", "priority"])  # fmt: skip
    priority = dict(zip(prioritised["id"].astype(int), prioritised["priority"], strict=True))
    shown = needs.assign(
        priority=pd.Series([priority.get(int(i)) for i in needs["id"]], index=needs.index,
                           dtype=object),
        dimension=pd.Series([_dimension(d, lang) for d in needs["dimension"]], index=needs.index,
                            dtype=object),
    )  # fmt: skip
    glossary = load_glossary(plan.glossary if plan is not None else [])
    deadline = project.get("deadline")
    inputs = ProposalInputs(
        lang, str(project["client"]), vocab_label(Industry, project.get("industry"), lang),
        str(project.get("description") or ""), str(project.get("owner") or ""),
        [str(g) for g in project.get("goals") or []],
        float(project["budget"]) if project.get("budget") else None,
        deadline if isinstance(deadline, date) else None,
        str(project.get("resources") or ""), _period(ctx.records), _sources(ctx.records, lang),
        shown, top_tags(ctx.text, ctx.pack, lang), analyses, plan, glossary=glossary,
    )  # fmt: skip
    if plan is None:
        notes.append("项目还没有服务方案，方案各章从略。" if lang == "zh"
                     else "the project has no plan yet: the plan chapters are left out.")  # fmt: skip
        return inputs, notes
    data = method_data(ctx)
    check = check_plan(plan, prioritised, project, data, lang)
    inputs.smart = list(check.goals)
    inputs.prioritised = prioritised
    inputs.budget_check = check.budget
    cpm = check.cpm
    inputs.critical = [str(i) for i in cpm[cpm["critical"]].sort_values("es")["id"]] if len(
        cpm) else []  # fmt: skip
    inputs.finish_week = int(cpm["ef"].max()) if len(cpm) else 0
    inputs.coverage_missing = [f"{r['description']}" for r in
                               check.coverage.uncovered_now.to_dict("records")]  # fmt: skip
    inputs.value_text = plan.statement or (check.value.text if check.value else "")
    inputs.commitments = _commitments(plan, check, data, lang)
    inputs.tracking = stats_of(plan)
    if plan.launch is not None:
        from needscope.services.feedback import feedback_from_context

        try:
            inputs.feedback = feedback_section(feedback_from_context(ctx, plan=plan), lang)
        except InputError as exc:
            notes.append(("未收录上线效果：" if lang == "zh" else "launch results left out: ")
                         + exc.reason)  # fmt: skip
    return inputs, notes


def proposal_sections(
    store: Store, slug: str, lang: Lang = "zh", *, cache_dir: Path | None = None
) -> tuple[list[Section], list[str], list[JargonHit]]:
    """The proposal's chapters, notes on what was left out, and jargon left in its wording."""
    inputs, notes = proposal_inputs(store, slug, lang, cache_dir=cache_dir)
    sections = build_proposal(inputs, slug)
    return sections, notes, proposal_jargon(sections, inputs.glossary)


def proposal_title(client: str, lang: Lang = "zh") -> tuple[str, str]:
    """Title and subtitle of the proposal."""
    if lang == "zh":
        return "服务优化方案建议书", f"致 {client}"
    return "Service improvement proposal", f"For {client}"


def write_proposal(
    store: Store,
    slug: str,
    out_dir: Path,
    *,
    lang: Lang = "zh",
    cache_dir: Path | None = None,
    when: date | datetime | None = None,
) -> ProposalResult:
    """Write ``proposal.docx`` and ``proposal.pdf`` (``proposal_en.*`` in English) to ``out_dir``.

    ``cache_dir`` (default ``out_dir/.cache``, where the main job keeps its sections) lets the
    analysis chapters reuse sections the report already built from the same data.
    """
    from needscope.report.docx import write_docx
    from needscope.report.pdf import write_pdf
    from needscope.services.projects import get_project

    if lang not in ("zh", "en"):
        raise InputError(f"lang must be zh or en, not {lang!r}", column="lang")
    client = get_project(store, slug).client
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cache = cache_dir if cache_dir is not None else out / ".cache"
    t0 = time.perf_counter()
    sections, notes, jargon = proposal_sections(store, slug, lang, cache_dir=cache)
    t1 = time.perf_counter()
    title, subtitle = proposal_title(client, lang)
    suffix = "" if lang == "zh" else "_en"
    docx = _atomic(out / f"proposal{suffix}.docx", lambda p: write_docx(
        p, title, subtitle, sections, lang, client=client, when=when))  # fmt: skip
    t2 = time.perf_counter()
    pdf = _atomic(out / f"proposal{suffix}.pdf", lambda p: write_pdf(
        p, title, subtitle, sections, lang, client=client, when=when))  # fmt: skip
    t3 = time.perf_counter()
    return ProposalResult(docx, pdf, sections, t1 - t0, t2 - t1, t3 - t2, jargon, notes)


def _atomic(path: Path, write: Any) -> Path:
    """Write through a temporary file in the same folder, then move it into place."""
    tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


__all__ = [
    "ANALYSES",
    "Analysis",
    "ProposalResult",
    "proposal_inputs",
    "proposal_sections",
    "proposal_title",
    "svg_png",
    "svg_pngs",
    "top_tags",
    "write_proposal",
]
