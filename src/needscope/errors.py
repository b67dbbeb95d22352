"""Errors a user can act on; faces map them to messages and exit codes."""

from __future__ import annotations


class NeedscopeError(Exception):
    """Base of errors caused by input or state the user can fix."""

    exit_code = 2


class NotFoundError(NeedscopeError):
    """A named project, need or record does not exist."""

    exit_code = 3


class InputError(NeedscopeError):
    """Bad input; names the file, row and column when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.reason = message
        where = ", ".join(
            part
            for part in (
                file,
                f"row {row}" if row is not None else None,
                f"column {column!r}" if column else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class MissingExtra(NeedscopeError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is not installed: pip install 'needscope[{extra}]'")


__all__ = ["InputError", "MissingExtra", "NeedscopeError", "NotFoundError"]
