"""Service plan: SMART goals, modules, execution plan, value statement, tracking, feedback loop."""

__all__: list[str] = []
