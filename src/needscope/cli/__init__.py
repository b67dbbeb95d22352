"""The ``needscope`` command line."""

from needscope.cli.app import app, main
from needscope.cli.needs import needs_app

app.add_typer(needs_app, name="needs")
try:
    from needscope.cli.methods import register as _register_methods
except ImportError:  # pragma: no cover - methods not present in a partial install
    pass
else:
    _register_methods(app)

__all__ = ["app", "main"]
