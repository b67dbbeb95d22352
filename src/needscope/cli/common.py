"""What every command shares: the workspace, the language, errors and progress bars."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from needscope.errors import NeedscopeError
from needscope.services.workspace import Workspace
from needscope.settings import Settings
from needscope.store import StoreError

console = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 160)


@dataclass
class State:
    """Options given before the command."""

    db: str | None = None
    lang: Literal["zh", "en"] = "zh"
    _ws: Workspace | None = None

    def workspace(self) -> Workspace:
        """Open the workspace once."""
        if self._ws is None:
            self._ws = Workspace(self.db, Settings())
        return self._ws


def state(ctx: typer.Context) -> State:
    """The state the main callback stored."""
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = State()
        ctx.find_root().obj = obj
    return obj


def t(lang: str, zh: str, en: str) -> str:
    """Pick the message in the output language."""
    return zh if lang == "zh" else en


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn errors the user can fix into a message and an exit code, without a traceback."""
    try:
        yield
    except NeedscopeError as exc:
        console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(exc.exit_code) from None
    except StoreError as exc:
        console.print(f"[bold red]database error:[/] {exc}", highlight=False)
        raise typer.Exit(4) from None


@contextmanager
def byte_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar over bytes; yields the callback importers take."""
    with _progress(label, DownloadColumn()) as update:
        yield update


@contextmanager
def step_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar over counted steps (done / total); yields its ``(done, total)`` callback."""
    with _progress(label, MofNCompleteColumn()) as update:
        yield update


@contextmanager
def _progress(label: str, counter: Any) -> Iterator[Callable[[int, int], None]]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        counter,
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not sys.stderr.isatty() and not _force_progress(),
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _force_progress() -> bool:
    import os

    return os.environ.get("NEEDSCOPE_PROGRESS") == "1"


def print_table(rows: list[dict[str, Any]], title: str | None = None) -> None:
    """Print rows as a table on standard output."""
    if not rows:
        return
    table = Table(title=title, show_lines=False)
    for col in rows[0]:
        table.add_column(str(col), overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    out.print(table, highlight=False)


def split_ints(text: str | None) -> list[int]:
    """Parse "1,2,3" into ints."""
    if not text:
        return []
    try:
        return [int(p) for p in text.replace(" ", "").split(",") if p]
    except ValueError:
        raise typer.BadParameter(f"expected comma-separated numbers, got {text!r}") from None


__all__ = [
    "State",
    "byte_progress",
    "console",
    "out",
    "print_table",
    "split_ints",
    "state",
    "step_progress",
    "t",
    "user_errors",
]
