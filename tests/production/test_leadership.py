"""The scheduler's PostgreSQL leadership when its connection dies (a server restart)."""

from __future__ import annotations

import asyncpg
from sqlalchemy import text

from scheduler.jobs import Leadership
from storage.db import make_engine


async def test_release_ends_cleanly_when_lock_connection_was_killed(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    leadership = Leadership(engine)
    try:
        assert await leadership.acquire()
        connection = leadership._connection
        assert connection is not None
        pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        await connection.commit()
        admin = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg", "postgresql"))
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
        finally:
            await admin.close()

        await leadership.release()  # the lock went with the connection: nothing to raise

        assert leadership._connection is None
        assert await leadership.acquire()  # and the next election works
        await leadership.release()
    finally:
        await engine.dispose()
