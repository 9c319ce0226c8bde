"""The async engine, the per-message transaction scope and the schema version check."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

# A pooled PostgreSQL connection idle longer than this (seconds) is pinged before use: the
# server may have restarted, or a firewall dropped it. A busy one is not: SQLAlchemy's
# `pool_pre_ping` would cost every message three round trips (BEGIN, a ping, ROLLBACK with
# asyncpg). A connection that died while busy fails its statement instead; SQLAlchemy then
# discards every connection of the pool, and `bot.assistant` runs the message again.
IDLE_PING_AFTER: Final = 10.0
# PostgreSQL connections per process. A burst of updates runs hundreds of handlers at once;
# past the pool's size they wait for a connection. Connections beyond `POOL_SIZE` are closed
# when returned, so a pool too small for the usual load opens and closes one (TLS attempt,
# authentication, type codecs, prepared statements) for every few messages. 4 workers keep
# to 4 × 15 = 60 of PostgreSQL's default 100 connections.
POOL_SIZE: Final = 10
POOL_OVERFLOW: Final = 5
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
UPGRADE_COMMAND = "cdsbot db upgrade"


class SchemaOutOfDate(RuntimeError):
    """The database schema is behind the code's migrations."""

    def __init__(self, current: str | None, head: str) -> None:
        super().__init__(f"database schema is at {current or 'empty'}, code expects {head}")
        self.current = current
        self.head = head


class SchemaNewer(SchemaOutOfDate):
    """The database is at a migration this code does not know: a newer version of the code
    migrated it (the code was rolled back, or an old checkout opened a newer backup)."""


class DatabaseMissing(RuntimeError):
    """The SQLite file a command would read does not exist (only migrating creates one)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"no SQLite database at {path}")
        self.path = path


class DatabaseReadOnly(RuntimeError):
    """The database accepts reads but refuses writes (file permissions, read-only mount,
    a PostgreSQL standby)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # A read-only file cannot change its journal; `ensure_writable` says so clearly.
    with contextlib.suppress(sqlite3.OperationalError):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def sqlite_file(database_url: str) -> Path | None:
    """The file an SQLite URL names, as an absolute path (relative paths are from the current
    folder); None for PostgreSQL, an in-memory database or an SQLite `file:` URI."""
    if not database_url.startswith("sqlite"):
        return None
    path = database_url.split("///", 1)[-1].split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        # A `file:` URI names an existing file and its mode.
        return None
    return Path(os.path.abspath(path))


def ensure_database_exists(database_url: str) -> None:
    """Refuse to open an SQLite file that is not there: connecting would create an empty one
    (and its folder), which a command run from the wrong folder must not do."""
    path = sqlite_file(database_url)
    if path is not None and not path.exists():
        raise DatabaseMissing(path)


def _ensure_sqlite_folder(database_url: str) -> None:
    path = sqlite_file(database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


def make_engine(database_url: str) -> AsyncEngine:
    """Build the async engine; for SQLite, enable WAL and foreign keys.

    The engine creates nothing by itself until it connects; `upgrade` creates an SQLite file's
    folder, and `ensure_database_exists` guards the commands that must not create the file.
    """
    # Parameters are names, answers and questions: never in logs or exception messages.
    if database_url.startswith("sqlite"):
        engine = create_async_engine(
            database_url, connect_args={"timeout": 30}, hide_parameters=True
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(
        database_url, hide_parameters=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW
    )
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Check a connection at checkout when it sat in the pool over `IDLE_PING_AFTER`."""
    dialect = engine.dialect

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_AFTER:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out (or opens) another.
            raise DisconnectionError(type(error).__name__) from error

    event.listen(engine.sync_engine, "checkin", checkin)
    event.listen(engine.sync_engine, "checkout", checkout)


@asynccontextmanager
async def session_scope(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """One transaction: commit on success, roll back on error."""
    async with AsyncSession(engine, expire_on_commit=False) as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


def alembic_config(database_url: str) -> Config:
    """Alembic configuration pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> str | None:
    """Run migrations up to `revision`; return the revision the database was at before
    (None when it was empty).

    Alembic's env.py drives the async engine with `asyncio.run`, which refuses to run in a
    thread that already has an event loop; a worker thread makes this safe to call anywhere.

    Raises:
        SchemaNewer: the database is at a revision this code does not know.
    """
    _ensure_sqlite_folder(database_url)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_upgrade, database_url, revision).result()


def _upgrade(database_url: str, revision: str) -> str | None:
    before = asyncio.run(_revision_at(database_url))
    if before is not None and not is_known_revision(before):
        raise SchemaNewer(before, head_revision())
    command.upgrade(alembic_config(database_url), revision)
    return before


async def _revision_at(database_url: str) -> str | None:
    engine = make_engine(database_url)
    try:
        return await current_revision(engine)
    finally:
        await engine.dispose()


def is_known_revision(revision: str) -> bool:
    """Whether `revision` is one of the code's migrations."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return any(known.revision == revision for known in script.walk_revisions())


def head_revision() -> str:
    """The newest migration the code knows."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


_PROBE = "_cdsbot_write_probe"


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_revision)


async def ensure_writable(engine: AsyncEngine) -> None:
    """Refuse to serve from a database that cannot be written: better a clear error at start
    than every message failing.

    SQLite's Python driver commits DDL at once (a rollback would not undo it), so the probe
    creates a table and drops it again; a probe left by a killed process is dropped too.
    """
    async with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            value = (await connection.execute(text("SHOW transaction_read_only"))).scalar()
            if value == "on":
                raise DatabaseReadOnly("the PostgreSQL server is read-only (a standby?)")
            return
        try:
            await connection.execute(text(f"CREATE TABLE IF NOT EXISTS {_PROBE} (x INTEGER)"))
            await connection.execute(text(f"DROP TABLE {_PROBE}"))
            await connection.commit()
        except OperationalError as error:
            raise DatabaseReadOnly(str(error.orig)) from None


async def ensure_schema_current(engine: AsyncEngine) -> None:
    """Refuse to run on a schema that is not at the code's head revision."""
    current, head = await current_revision(engine), head_revision()
    if current != head:
        if current is not None and not is_known_revision(current):
            raise SchemaNewer(current, head)
        raise SchemaOutOfDate(current, head)
