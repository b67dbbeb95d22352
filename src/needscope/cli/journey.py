"""``needscope journey``: touchpoint inventory, journey maps, blueprints, personas."""

from __future__ import annotations

import typer

journey_app = typer.Typer(
    help="Touchpoints, journey maps and service blueprints. 服务触点、客户旅程图与服务蓝图。",
    no_args_is_help=True,
)

__all__ = ["journey_app"]
