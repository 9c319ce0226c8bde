"""One Zalo poller per bot token: in this process, and on PostgreSQL across processes.

On PostgreSQL the poller holds a session advisory lock on a dedicated connection (its own
engine without a pool), so the lock lives exactly as long as that connection. A connection
can die under the poller (a restart of the server, `pg_terminate_backend`, a network
reset): the lock is then gone and another instance may take it. The poller therefore asks
`check()` every poll cycle, stops polling when the lock is lost and `acquire()`s it again
when it is free. On SQLite only the in-process guard exists (run one process there, or use
webhook mode).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Final

from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)

# A lock check or a take that gets no answer within this long counts as lost / not taken.
QUERY_TIMEOUT: Final = 5.0

# Tokens polled in this process (SQLite; PostgreSQL's advisory lock covers a process too).
_LOCAL_TOKENS: set[bytes] = set()

_HELD: Final = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND classid::bigint = :high AND objid::bigint = :low"
    " AND objsubid = 1"
)


def _fingerprint(token: SecretStr) -> bytes:
    return hashlib.sha256(b"zalo-poller:" + token.get_secret_value().encode()).digest()


class PollerLock:
    """The right to poll one token; `held` says whether this instance has it now."""

    __slots__ = ("_connection", "_engine", "_fingerprint", "_lock_engine", "held")

    def __init__(self, token: SecretStr, *, engine: AsyncEngine) -> None:
        self._engine = engine
        self._fingerprint = _fingerprint(token)
        self._lock_engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None
        self.held = False

    @property
    def _key(self) -> int:
        return int.from_bytes(self._fingerprint[:8], "big", signed=True)

    @property
    def _shared(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    async def acquire(self) -> bool:
        """Take the lock if it is free; whether this instance holds it now."""
        if self.held:
            return True
        if not self._shared:
            if self._fingerprint in _LOCAL_TOKENS:
                return False
            _LOCAL_TOKENS.add(self._fingerprint)
            self.held = True
            return True
        if self._lock_engine is None:
            # Its own engine, no pool: closing the connection really ends the session.
            self._lock_engine = create_async_engine(
                self._engine.url, poolclass=NullPool, hide_parameters=True
            )
        connection = await self._lock_engine.connect()
        try:
            # Autocommit: the lock belongs to the session, not to a transaction left open.
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            statement = text("SELECT pg_try_advisory_lock(:key)")
            result = await asyncio.wait_for(
                connection.execute(statement, {"key": self._key}), QUERY_TIMEOUT
            )
            got = bool(result.scalar())
        except BaseException:
            await _discard(connection)
            raise
        if not got:
            await connection.close()
            return False
        self._connection, self.held = connection, True
        return True

    async def try_acquire(self) -> bool:
        """`acquire`, counting an unreachable database as "not now"."""
        try:
            return await self.acquire()
        except (SQLAlchemyError, OSError, TimeoutError) as error:
            logger.debug("zalo.poller_lock_unavailable", extra={"error": type(error).__name__})
            return False

    async def check(self) -> bool:
        """Whether the lock is still held: one cheap query on its own connection.

        When the connection died (or does not answer), the lock is lost: one warning is
        logged, the connection is dropped and `held` becomes false.
        """
        if not self.held or self._connection is None:
            return self.held
        key = self._key
        try:
            result = await asyncio.wait_for(
                self._connection.execute(
                    _HELD, {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF}
                ),
                QUERY_TIMEOUT,
            )
            still = bool(result.scalar())
        except (SQLAlchemyError, OSError, TimeoutError) as error:
            reason = type(error).__name__
            still = False
        else:
            reason = "not in pg_locks"
        if not still:
            logger.warning("zalo.poller_lock_lost", extra={"reason": reason})
            await _discard(self._connection)
            self._connection, self.held = None, False
        return still

    async def release(self) -> None:
        """Give the lock up (quietly if its connection already died) and close everything."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await asyncio.wait_for(
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                    ),
                    QUERY_TIMEOUT,
                )
                await connection.close()
            except (SQLAlchemyError, OSError, TimeoutError):
                # The session is gone, and the lock with it.
                await _discard(connection)
        elif self.held and not self._shared:
            _LOCAL_TOKENS.discard(self._fingerprint)
        self.held = False
        if self._lock_engine is not None:
            await self._lock_engine.dispose()
            self._lock_engine = None


async def _discard(connection: AsyncConnection) -> None:
    """Drop a connection that may be dead without a word (terminate, never reset)."""
    try:
        if not connection.invalidated:
            await connection.invalidate()
        await connection.close()
    except (SQLAlchemyError, OSError):
        logger.debug("zalo.poller_lock_discard_failed")
