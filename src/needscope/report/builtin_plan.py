"""Report sections of the service plan: goals, plan, tracking, feedback loop."""
