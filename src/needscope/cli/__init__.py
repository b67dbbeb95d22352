"""The ``needscope`` command line."""

from needscope.cli.app import app, main
from needscope.cli.journey import journey_app
from needscope.cli.needs import needs_app
from needscope.cli.plan import plan_app

app.add_typer(needs_app, name="needs")
app.add_typer(journey_app, name="journey")
app.add_typer(plan_app, name="plan")
try:
    from needscope.cli.text import text_app
except ImportError:  # pragma: no cover - the text extra is not installed
    pass
else:
    app.add_typer(text_app, name="text")
try:
    from needscope.cli.methods import register as _register_methods
except ImportError:  # pragma: no cover - methods not present in a partial install
    pass
else:
    _register_methods(app)

__all__ = ["app", "main"]
