"""The store: an engine on SQLite or PostgreSQL with migrations applied on open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url


class StoreError(RuntimeError):
    """The store cannot be opened or used."""


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs and make SQLite folders exist."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database or "").expanduser().parent.mkdir(parents=True, exist_ok=True)
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def migrations_config(connection: Connection) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    cfg = Config()
    location = resources.files("needscope.store") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.attributes["connection"] = connection
    return cfg


class Store:
    """A database holding projects; opening it applies pending migrations."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = normalise_url(url)
        try:
            self.engine: Engine = create_engine(self.url)
        except ModuleNotFoundError as exc:
            hint = " (pip install 'needscope[pg]')" if "psycopg" in str(exc) else ""
            raise StoreError(f"cannot open database {url!r}: {exc}{hint}") from exc
        except Exception as exc:
            raise StoreError(f"cannot open database {url!r}: {exc}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest revision."""
        try:
            with self.engine.begin() as conn:
                command.upgrade(migrations_config(conn), "head")
        except Exception as exc:
            raise StoreError(f"cannot migrate database {self.url!r}: {exc}") from exc

    def table_names(self) -> list[str]:
        """Names of the tables present."""
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction: committed on success, rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self.engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


__all__ = ["Store", "StoreError", "normalise_url"]
