"""Optional dependencies of the text engine: imported on first use, with an install hint."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from needscope.errors import MissingExtra


def require(module: str, extra: str = "text", package: str | None = None) -> Any:
    """Import ``module`` or raise :class:`MissingExtra` naming ``needscope[extra]``."""
    try:
        mod: ModuleType = importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(package or module, extra) from exc
    return mod


def available(module: str) -> bool:
    """True when ``module`` can be imported."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


__all__ = ["available", "require"]
