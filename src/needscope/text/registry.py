"""Text pipeline steps: one typed Protocol, do-nothing defaults and a registry chosen by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Literal, Protocol, Self, runtime_checkable

import pandas as pd

StepKind = Literal["normalise", "segment", "embed", "tag", "sentiment"]
KINDS: tuple[StepKind, ...] = ("normalise", "segment", "embed", "tag", "sentiment")


@runtime_checkable
class TextStep(Protocol):
    """A pipeline step: DataFrame in, the same DataFrame with more columns out."""

    name: str

    def fit(self, data: pd.DataFrame) -> Self:
        """Learn what the step needs (often nothing); return self."""
        ...

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Add this step's columns."""
        ...


class PassThrough:
    """The do-nothing step: returns its input unchanged."""

    def __init__(self, name: str = "none") -> None:
        self.name = name

    def fit(self, data: pd.DataFrame) -> Self:
        """Nothing to learn."""
        return self

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """``data`` as it came."""
        return data


StepFactory = Callable[..., TextStep]
_REGISTRY: dict[tuple[str, str], StepFactory] = {}
_PROVIDERS: dict[str, str] = {"sentiment": "needscope.text.sentiment"}
"""Modules imported on first look-up of a kind, so they can register their steps."""


def register_step(kind: StepKind, name: str, factory: StepFactory) -> StepFactory:
    """Register ``factory`` (returns a step) as ``kind``/``name``; replaces an older one."""
    if kind not in KINDS:
        raise ValueError(f"unknown step kind {kind!r}; expected one of {KINDS}")
    _REGISTRY[(kind, name)] = factory
    return factory


def _load_provider(kind: str) -> None:
    """Import the module that registers steps of ``kind`` (silently absent)."""
    module = _PROVIDERS.pop(kind, None)
    if module is None:
        return
    try:
        importlib.import_module(module)
    except ImportError:
        return


def available_steps(kind: StepKind) -> list[str]:
    """Names registered for ``kind``."""
    _load_provider(kind)
    return sorted(n for k, n in _REGISTRY if k == kind)


def has_step(kind: StepKind, name: str) -> bool:
    """True when ``kind``/``name`` is registered."""
    _load_provider(kind)
    return (kind, name) in _REGISTRY


def make_step(kind: StepKind, name: str = "default", **params: Any) -> TextStep:
    """Build the step registered as ``kind``/``name`` (``none`` is always the do-nothing step)."""
    _load_provider(kind)
    if name == "none":
        return PassThrough(kind)
    factory = _REGISTRY.get((kind, name))
    if factory is None:
        choices = ", ".join(["none", *available_steps(kind)])
        raise KeyError(f"no {kind} step called {name!r}; choose one of: {choices}")
    return factory(**params)


def _register_builtins() -> None:
    """Register this package's own steps."""
    from needscope.text.embed import EmbedStep
    from needscope.text.normalise import Normaliser
    from needscope.text.segment import Segmenter
    from needscope.text.zeroshot import ZeroShotTagger

    register_step("normalise", "default", Normaliser)
    register_step("segment", "default", Segmenter)
    register_step("embed", "default", EmbedStep)
    register_step("tag", "default", ZeroShotTagger)
    register_step("tag", "zeroshot", ZeroShotTagger)


_register_builtins()

__all__ = [
    "KINDS",
    "PassThrough",
    "StepFactory",
    "StepKind",
    "TextStep",
    "available_steps",
    "has_step",
    "make_step",
    "register_step",
]
