"""``needscope plan``: goals, modules, execution plan, tracking, proposal, feedback loop."""

from __future__ import annotations

import typer

plan_app = typer.Typer(
    help="Service plan, proposal, tracking and the feedback loop. 服务方案、跟踪与迭代。",
    no_args_is_help=True,
)

__all__ = ["plan_app"]
