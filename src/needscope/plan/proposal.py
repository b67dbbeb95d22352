"""The proposal document (方案建议书) as report sections, in the order a client reads it.

Background and scope; what customers said (needs with quotes, most talked-about topics);
analyses with charts; goals with their SMART check; service modules; budget against the limit;
timeline (Template 3 and a Gantt chart); the value statement in plain words; the tracking
commitments (numbers, targets, how often they are checked, Template 4's columns); and, when the
plan records a launch, its results. Everything here only assembles what it is given: the
service layer gathers the data. A project without a plan still gets the first parts and a
chapter saying what is missing and how to add it.

The wording written here avoids the glossary's jargon (see :func:`proposal_texts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial

import pandas as pd

from needscope.model.vocab import Lang, ModuleKind, PriorityClass
from needscope.plan.document import Plan
from needscope.plan.modules import modules_frame
from needscope.plan.schedule import (
    TEMPLATE3_COLUMNS,
    BudgetCheck,
    gantt_figure,
    template3_frame,
    week_dates,
)
from needscope.plan.smart import SmartResult
from needscope.plan.tracking import TEMPLATE4_COLUMNS, TrackingStats
from needscope.plan.value import GlossaryTerm, JargonHit, check_jargon, plain_text
from needscope.report.blocks import Block, Chart, Metrics, Section, Svg, Table, Text

_MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


@dataclass
class Commitment:
    """A number the plan promises to watch: metric, target, baseline, basis and cadence."""

    metric: str
    target: str
    baseline: str
    basis: str
    cadence: str


@dataclass
class ProposalInputs:
    """Everything the proposal shows, gathered by the service layer."""

    lang: Lang
    client: str
    industry: str
    description: str = ""
    owner: str = ""
    goals: list[str] = field(default_factory=list)
    budget: float | None = None
    deadline: date | None = None
    resources: str = ""
    period: str = ""
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Records per source: columns ``source`` (label) and ``records``."""
    needs: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Confirmed needs: ``description``, ``dimension`` (label), ``priority`` (now/planned/
    deferred), ``evidence_count``, ``quote``."""
    tags: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Most talked-about topics: ``tag`` (label), ``records``, ``share``, ``problem_share``,
    ``quote``."""
    analyses: list[Section] = field(default_factory=list)
    plan: Plan | None = None
    smart: list[SmartResult] = field(default_factory=list)
    prioritised: pd.DataFrame = field(default_factory=pd.DataFrame)
    budget_check: BudgetCheck | None = None
    critical: list[str] = field(default_factory=list)
    finish_week: int = 0
    coverage_missing: list[str] = field(default_factory=list)
    value_text: str = ""
    commitments: list[Commitment] = field(default_factory=list)
    tracking: TrackingStats | None = None
    feedback: Section | None = None
    glossary: list[GlossaryTerm] | None = None


def _money(x: float, lang: Lang) -> str:
    if lang == "zh":
        return f"{x / 10000:,.1f} 万元" if x >= 10000 else f"{x:,.0f} 元"
    return f"{x:,.0f} yuan"


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split()).strip('“”"')
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plain(text: str, inputs: ProposalInputs) -> str:
    """The text with glossary jargon replaced by its plain wording."""
    hits = check_jargon(text, inputs.glossary)
    return plain_text(text, hits) if hits else text


# --------------------------------------------------------------------------- chapters


def background_section(inputs: ProposalInputs) -> Section:
    """项目背景与范围: client, industry, goals, budget, deadline, data used by source."""
    lg = inputs.lang
    sep = "；" if lg == "zh" else "; "
    facts = [
        (_t(lg, "客户", "Client"), inputs.client),
        (_t(lg, "行业", "Industry"), inputs.industry),
        (_t(lg, "客户负责人", "Client contact"), inputs.owner),
        (_t(lg, "目标", "Goals"), sep.join(inputs.goals)),
        (_t(lg, "预算", "Budget"), _money(inputs.budget, lg) if inputs.budget else ""),
        (_t(lg, "完成期限", "Deadline"), inputs.deadline.isoformat() if inputs.deadline else ""),
        (_t(lg, "可用资源", "Resources"), inputs.resources),
        (_t(lg, "数据时段", "Data period"), inputs.period),
    ]
    rows = [{_t(lg, "项目", "Item"): k, _t(lg, "内容", "Details"): v} for k, v in facts if v]
    blocks: list[Block] = []
    if inputs.description:
        blocks.append(Text(_plain(inputs.description, inputs)))
    blocks.append(Table(pd.DataFrame(rows), caption=_t(lg, "项目概况", "The project")))
    if not inputs.sources.empty:
        total = int(inputs.sources["records"].sum())
        blocks.append(Text(_t(
            lg, f"本建议书依据 {total:,} 条顾客与经营数据：评论、投诉、问卷、访谈、订单、现场观察与员工反馈等，"
                "每条结论都能追溯到原始记录。",
            f"This proposal rests on {total:,} records from customers and operations — reviews, "
            "complaints, surveys, interviews, orders, on-site observation, staff notes — and "
            "every finding can be traced to the records behind it.")))  # fmt: skip
        frame = inputs.sources.rename(columns={"source": _t(lg, "数据来源", "Source"),
                                               "records": _t(lg, "记录数", "Records")})  # fmt: skip
        blocks.append(Table(frame, caption=_t(lg, "使用的数据", "Data used")))
    return Section("proposal.background", _t(lg, "项目背景与范围", "Background and scope"), blocks)


def voice_section(inputs: ProposalInputs, top: int = 10) -> Section:
    """顾客怎么说: the confirmed needs with quotes and evidence, and the top topics with a quote."""
    lg = inputs.lang
    blocks: list[Block] = []
    needs = inputs.needs
    if needs.empty:
        blocks.append(
            Text(
                _t(lg, "需求登记表中还没有确认的需求。", "No confirmed needs in the register yet.")
            )
        )
    else:
        rank = {PriorityClass.NOW.value: 0, PriorityClass.PLANNED.value: 1}
        order = needs.assign(_r=needs["priority"].map(rank).fillna(2))
        order = order.sort_values(["_r", "evidence_count"], ascending=[True, False], kind="stable")
        shown = order.head(top)
        n_now = int((needs["priority"] == PriorityClass.NOW.value).sum())
        blocks.append(Text(_t(
            lg, f"需求登记表中有 {len(needs)} 项已确认的需求，其中 {n_now} 项建议立即执行。下表按优先级和证据条数排列，"
                "“顾客原话”是原始记录中的说法。",
            f"The register holds {len(needs)} confirmed needs, {n_now} of them to act on now. "
            "They are listed by priority and by the number of records behind them; the quote is "
            "what a customer or the client said.")))  # fmt: skip
        blocks.append(Table(pd.DataFrame({
            _t(lg, "需求", "Need"): shown["description"].astype(str).to_numpy(),
            _t(lg, "优先级", "Priority"): [PriorityClass.of(p).label(lg) if p else "–"
                                        for p in shown["priority"]],
            _t(lg, "证据条数", "Records"): shown["evidence_count"].astype(int).to_numpy(),
            _t(lg, "顾客原话", "In their words"): [f"“{_short(q)}”" if isinstance(q, str) and q
                                               else "" for q in shown["quote"]],
        }), caption=_t(lg, "顾客需求（按优先级）", "Customer needs by priority")))  # fmt: skip
    tags = inputs.tags
    if not tags.empty:
        blocks.append(Text(_t(lg, "顾客提到最多的话题，各附一句原话：",
                              "What customers mention most, each with one quote:")))  # fmt: skip
        blocks.append(Table(pd.DataFrame({
            _t(lg, "话题", "Topic"): tags["tag"].to_numpy(),
            _t(lg, "提及记录数", "Records"): tags["records"].astype(int).to_numpy(),
            _t(lg, "占比%", "Share %"): tags["share"].to_numpy(),
            _t(lg, "其中抱怨占比%", "Of which complaints %"): tags["problem_share"].to_numpy(),
            _t(lg, "一句原话", "One quote"): [f"“{q}”" if q else "" for q in tags["quote"]],
        }), caption=_t(lg, "顾客最常提到的话题", "Topics customers raise most")))  # fmt: skip
    return Section("proposal.voice", _t(lg, "顾客怎么说", "What customers said"), blocks)


def goals_chapter(inputs: ProposalInputs) -> Section:
    """方案目标: each goal with its SMART verdicts and the reasons of the letters that fail."""
    lg = inputs.lang
    blocks: list[Block] = [Text(_t(
        lg, "每个目标都按五条标准检查：具体、可衡量、可达成、与顾客需求相关、有完成期限。✓ 符合，✗ 不符合，? 数据不足无法判断。",
        "Each goal is checked on five points: specific, measurable, achievable, tied to a "
        "customer need, and with a deadline. ✓ yes, ✗ no, ? not enough data to tell."))]  # fmt: skip
    if not inputs.smart:
        blocks.append(Text(_t(lg, "方案中还没有目标。", "The plan has no goals yet.")))
    else:
        rows = []
        for g in inputs.smart:
            row = {_t(lg, "目标", "Goal"): g.text}
            for c in g.checks:
                row[c.name(lg)] = _MARK[c.status]
            row[_t(lg, "跟踪的数字", "Number tracked")] = ("、" if lg == "zh" else ", ").join(
                p.metric for p in g.parts
            )
            rows.append(row)
        blocks.append(Table(pd.DataFrame(rows), caption=_t(lg, "目标检查", "Goal check")))
        for g in inputs.smart:
            for c in g.checks:
                if c.status == "fail":
                    blocks.append(Text(f"{g.text}：{c.name(lg)} — {c.reason(lg)}" if lg == "zh"
                                       else f"{g.text}: {c.name(lg)} — {c.reason(lg)}"))  # fmt: skip
    return Section("proposal.goals", _t(lg, "方案目标", "Goals"), blocks)


def modules_chapter(inputs: ProposalInputs) -> Section:
    """服务内容: the modules by kind and the needs each one serves."""
    lg = inputs.lang
    plan = inputs.plan
    assert plan is not None
    blocks: list[Block] = [Text(_t(
        lg, "方案由三类服务组成：基础服务满足必须做到的需求，增值服务提升顾客体验，风险应对为可能出现的问题准备预案。",
        "The plan has three kinds of service: basic services meet what must be met, value-added "
        "services lift the experience, and risk responses prepare for what may go wrong."))]  # fmt: skip
    counts = pd.Series([m.kind.label(lg) for m in plan.modules]).value_counts()
    order = [k.label(lg) for k in ModuleKind]
    blocks.append(Metrics([(k, str(int(counts.get(k, 0)))) for k in order]))
    frame = modules_frame(plan.modules, inputs.prioritised, lg)
    blocks.append(Table(frame.iloc[:, [0, 1, 3]], caption=_t(lg, "服务模块与对应的需求",
                                                              "Services and the needs they meet")))  # fmt: skip
    if inputs.coverage_missing:
        sep = "；" if lg == "zh" else "; "
        blocks.append(Text(_t(lg, "注意：以下立即执行的需求还没有对应的服务：", "Note: these needs to act on now "
                              "have no service yet: ") + sep.join(inputs.coverage_missing)))  # fmt: skip
    else:
        blocks.append(Text(_t(lg, "每一项建议立即执行的需求都有对应的服务。",
                              "Every need to act on now is met by a service.")))  # fmt: skip
    return Section("proposal.modules", _t(lg, "服务内容", "What we will do"), blocks)


def budget_chapter(inputs: ProposalInputs) -> Section:
    """预算: budget by module against the project's limit."""
    lg = inputs.lang
    check = inputs.budget_check
    blocks: list[Block] = []
    if check is None or not check.by_module:
        blocks.append(Text(_t(lg, "方案中还没有预算明细。", "The plan has no budget lines yet.")))
        return Section("proposal.budget", _t(lg, "预算", "Budget"), blocks)
    tiles = [(_t(lg, "预算合计", "Total"), _money(check.total, lg))]
    if check.limit is not None:
        tiles.append((_t(lg, "预算上限", "Limit"), _money(check.limit, lg)))
        tiles.append((_t(lg, "占上限", "Share of limit"), f"{100 * (check.share or 0):.0f}%"))
    blocks.append(Metrics(tiles))
    blocks.append(Text(check.message(lg)))
    items = sorted(check.by_module.items(), key=lambda kv: -kv[1])
    money = _t(lg, "预算（元）", "Budget (yuan)")
    frame = pd.DataFrame({
        _t(lg, "服务模块", "Service"): [k for k, _ in items],
        money: [round(v) for _, v in items],
        _t(lg, "占合计%", "Share of total %"): [round(100 * v / check.total, 1) if check.total else 0
                                              for _, v in items],
    })  # fmt: skip
    blocks.append(Table(frame, caption=_t(lg, "各模块预算", "Budget by service")))
    data = pd.DataFrame({"module": [k for k, _ in items][::-1], money: [v for _, v in items][::-1]})
    blocks.append(Chart("barh", data, "module", [money],
                        title=_t(lg, "各模块预算（元）", "Budget by service (yuan)")))  # fmt: skip
    return Section("proposal.budget", _t(lg, "预算", "Budget"), blocks)


def timeline_chapter(inputs: ProposalInputs) -> Section:
    """时间安排: the execution plan (Template 3) and the Gantt chart."""
    from needscope.report.plots_methods import render_block

    lg = inputs.lang
    plan = inputs.plan
    assert plan is not None
    blocks: list[Block] = []
    if not plan.tasks:
        blocks.append(Text(_t(lg, "方案中还没有任务。", "The plan has no tasks yet.")))
        return Section("proposal.timeline", _t(lg, "时间安排", "Timeline"), blocks)
    if plan.start is not None and inputs.finish_week:
        end = week_dates(inputs.finish_week, plan.start)[1]
        blocks.append(Text(_t(lg, f"第1周从 {plan.start} 开始，共 {inputs.finish_week} 周，{end} 前完成全部一次性任务；"
                                  "持续进行的任务（如每日数据统计）之后照常执行。",
                              f"Week 1 starts on {plan.start}; the one-off tasks take "
                              f"{inputs.finish_week} weeks and end by {end}; ongoing tasks (such "
                              "as the daily figures) carry on after that.")))  # fmt: skip
    frame = template3_frame(plan.tasks, lg)
    keep = [TEMPLATE3_COLUMNS[k][0 if lg == "zh" else 1] for k in
            ("module", "content", "owner", "time", "resources", "acceptance", "milestones")]  # fmt: skip
    blocks.append(Table(frame[keep], caption=_t(lg, "服务方案执行计划表（模板3）",
                                                "Service plan schedule (Template 3)")))  # fmt: skip
    blocks.append(render_block(
        partial(gantt_figure, plan.tasks, start=plan.start, weeks=plan.weeks,
                critical=inputs.critical, lang=lg),
        _t(lg, "甘特图（红框：决定总工期的任务）", "Gantt chart (red outline: the tasks that set the end date)")))  # fmt: skip
    return Section("proposal.timeline", _t(lg, "时间安排", "Timeline"), blocks)


def value_chapter(inputs: ProposalInputs) -> Section:
    """方案能为您带来什么: the value statement in plain words."""
    lg = inputs.lang
    text = _plain(inputs.value_text, inputs) if inputs.value_text else _t(
        lg, "（方案价值说明待补充。）", "(The value statement is still to be written.)")  # fmt: skip
    return Section("proposal.value", _t(lg, "方案能为您带来什么", "What the plan does for you"),
                   [Text(text)])  # fmt: skip


def tracking_chapter(inputs: ProposalInputs) -> Section:
    """效果跟踪承诺: the numbers watched, targets, how often; Template 4's columns."""
    lg = inputs.lang
    blocks: list[Block] = [Text(_t(
        lg, "方案执行后，我们按下表定期查看关键数字，并与目标对比；偏离目标时及时调整。",
        "Once the plan runs, we check these numbers on the schedule below against the targets "
        "and adjust when they drift."))]  # fmt: skip
    if inputs.commitments:
        blocks.append(Table(pd.DataFrame([{
            _t(lg, "数字", "Number"): c.metric, _t(lg, "目标", "Target"): c.target,
            _t(lg, "现状", "Today"): c.baseline, _t(lg, "怎么算", "How it is counted"): c.basis,
            _t(lg, "多久看一次", "How often"): c.cadence} for c in inputs.commitments]),
            caption=_t(lg, "跟踪的数字与目标", "Numbers we track and their targets")))  # fmt: skip
    else:
        blocks.append(Text(_t(lg, "目标中还没有可以自动跟踪的数字。",
                              "The goals name no number that can be tracked automatically yet.")))  # fmt: skip
    cols = [str(v[0 if lg == "zh" else 1]) for v in TEMPLATE4_COLUMNS.values()]
    sep = "、" if lg == "zh" else ", "
    blocks.append(Text(_t(lg, f"每项任务完成后，在《服务执行进度跟踪表》（模板4）中记录：{sep.join(cols)}；"
                              "我们每周汇总延误天数和完成质量。",
                          f"Each finished task is recorded in the service execution tracking sheet "
                          f"(Template 4): {sep.join(cols)}; delays and quality are summed up "
                          "every week.")))  # fmt: skip
    stats = inputs.tracking
    if stats is not None and stats.n_tasks:
        rate = "–" if pd.isna(stats.on_time_rate) else f"{100 * stats.on_time_rate:.0f}%"
        blocks.append(Metrics([
            (_t(lg, "已完成/任务", "Done / tasks"), f"{stats.n_done}/{stats.n_tasks}"),
            (_t(lg, "按时完成率", "On time"), rate),
            (_t(lg, "已逾期未完成", "Overdue"), str(stats.n_overdue)),
        ]))  # fmt: skip
    return Section("proposal.tracking", _t(lg, "效果跟踪承诺", "How we will track results"), blocks)


def missing_plan_section(lang: Lang, slug: str) -> Section:
    """The chapter a proposal has instead of the plan when the project has none yet."""
    return Section("proposal.plan_missing", _t(lang, "服务方案（待制定）", "Service plan (to do)"), [Text(_t(
        lang, "本项目还没有服务方案，因此目标检查、服务内容、预算、时间安排、价值说明和效果跟踪各章从略。"
              f"运行 needscope plan draft {slug} 根据优先需求生成方案草案后，再生成本建议书即可补全。",
        "The project has no service plan yet, so the goals, services, budget, timeline, value "
        "and tracking chapters are left out. Run needscope plan draft "
        f"{slug} to draft a plan from the prioritised needs, then write this proposal again."))])  # fmt: skip


# --------------------------------------------------------------------------- assembly


def build_proposal(inputs: ProposalInputs, slug: str = "") -> list[Section]:
    """The proposal's chapters in reading order."""
    sections = [background_section(inputs), voice_section(inputs), *inputs.analyses]
    if inputs.plan is None:
        sections.append(missing_plan_section(inputs.lang, slug))
    else:
        sections += [goals_chapter(inputs), modules_chapter(inputs), budget_chapter(inputs),
                     timeline_chapter(inputs), value_chapter(inputs), tracking_chapter(inputs)]  # fmt: skip
    if inputs.feedback is not None:
        sections.append(inputs.feedback)
    return sections


def client_view(
    section: Section,
    title: str,
    intro: str,
    *,
    figures: Sequence[int] = (0,),
    tables: Sequence[int] = (),
    texts: Sequence[int] = (),
    metrics: bool = True,
    max_rows: int = 12,
    figure_titles: dict[str, str] | None = None,
) -> Section | None:
    """A report section cut down for a client: a plain title and intro, its headline figures
    (``metrics``), and the figures, tables and texts at the given positions (counted among the
    blocks of that type). None when nothing of substance is left (e.g. no data)."""
    blocks: list[Block] = [Text(intro)]
    seen = {"figure": -1, "table": -1, "text": -1}
    substance = False
    for b in section.blocks:
        if isinstance(b, Text):
            seen["text"] += 1
            if seen["text"] in texts:
                blocks.append(b)
        elif isinstance(b, Metrics):
            if metrics:
                blocks.append(b)
        elif isinstance(b, Chart | Svg):
            seen["figure"] += 1
            if seen["figure"] in figures:
                name = (figure_titles or {}).get(b.title, b.title)
                blocks.append(replace(b, title=name))
                substance = True
        elif isinstance(b, Table):
            seen["table"] += 1
            if seen["table"] in tables and not b.frame.empty:
                blocks.append(Table(b.frame.head(max_rows), b.caption, None, max_rows))
                substance = True
    return Section(section.key, title, blocks) if substance else None


def proposal_texts(sections: Sequence[Section]) -> list[tuple[str, str]]:
    """(where, text) of the proposal's own wording: titles, paragraphs, captions, figure titles
    and headline labels (not the cells of tables, which hold data and customers' words)."""
    out: list[tuple[str, str]] = []
    for s in sections:
        out.append((s.key, s.title))
        for b in s.blocks:
            if isinstance(b, Text):
                out.append((s.key, b.text))
            elif isinstance(b, Table) and b.caption:
                out.append((s.key, b.caption))
            elif isinstance(b, Chart | Svg) and b.title:
                out.append((s.key, b.title))
            elif isinstance(b, Metrics):
                out.extend((s.key, str(k)) for k, _ in b.items)
    return out


def proposal_jargon(
    sections: Sequence[Section], glossary: Sequence[GlossaryTerm] | None = None
) -> list[JargonHit]:
    """Glossary jargon in the proposal's own wording (empty: the proposal speaks plainly)."""
    return [h for where, text in proposal_texts(sections)
            for h in check_jargon(text, glossary, where=where)]  # fmt: skip


__all__ = [
    "Commitment",
    "ProposalInputs",
    "background_section",
    "budget_chapter",
    "build_proposal",
    "client_view",
    "goals_chapter",
    "missing_plan_section",
    "modules_chapter",
    "proposal_jargon",
    "proposal_texts",
    "timeline_chapter",
    "tracking_chapter",
    "value_chapter",
    "voice_section",
]
