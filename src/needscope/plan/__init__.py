"""Service plan: SMART goals, modules, execution plan, value statement, tracking, feedback loop."""

from needscope.plan.document import DOC_VERSION, GoalSpec, Plan, plan_from_doc, plan_to_doc
from needscope.plan.modules import (
    Coverage,
    Module,
    RuleIssue,
    check_rules,
    coverage,
    load_catalogue,
    select_modules,
)
from needscope.plan.schedule import (
    BudgetCheck,
    Task,
    check_budget,
    critical_path,
    gantt_figure,
    parse_window,
    template3_frame,
)
from needscope.plan.smart import METRICS, GoalPart, LetterCheck, SmartResult, check_goal
from needscope.plan.tracking import (
    TrackingRow,
    TrackingStats,
    kpi_frame,
    metric_series,
    template4_frame,
    tracking_stats,
)
from needscope.plan.value import (
    GlossaryTerm,
    JargonHit,
    ValueStatement,
    check_jargon,
    draft_value_statement,
    load_glossary,
)

__all__ = [
    "DOC_VERSION",
    "METRICS",
    "BudgetCheck",
    "Coverage",
    "GlossaryTerm",
    "GoalPart",
    "GoalSpec",
    "JargonHit",
    "LetterCheck",
    "Module",
    "Plan",
    "RuleIssue",
    "SmartResult",
    "Task",
    "TrackingRow",
    "TrackingStats",
    "ValueStatement",
    "check_budget",
    "check_goal",
    "check_jargon",
    "check_rules",
    "coverage",
    "critical_path",
    "draft_value_statement",
    "gantt_figure",
    "kpi_frame",
    "load_catalogue",
    "load_glossary",
    "metric_series",
    "parse_window",
    "plan_from_doc",
    "plan_to_doc",
    "select_modules",
    "template3_frame",
    "template4_frame",
    "tracking_stats",
]
