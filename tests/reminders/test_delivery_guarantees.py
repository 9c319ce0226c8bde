"""At-least-once after SIGKILL mid-batch, and no duplicates with two senders on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers.messages import Reply
from scheduler.jobs import Leadership
from scheduler.limiter import RateLimiter
from scheduler.sender import SenderConfig, send_due
from storage.db import make_engine, session_scope
from storage.models import Identity, Outbox
from tests.conftest import FakeClock
from tests.fakes.bot_api import FakeBotApi, serve
from tests.reminders.conftest import RecordingDeliver, VirtualTime, outbox_rows, utc

ROOT = Path(__file__).resolve().parents[2]
NOW = utc(2026, 12, 8, 1, 0)


async def seed_outbox(engine: AsyncEngine, count: int, *, due: datetime = NOW) -> None:
    """`count` broadcast rows, one per identity (chat "c0", "c1", ...)."""
    async with session_scope(engine) as session:
        identities = [
            Identity(channel="telegram", external_id=f"c{i}", chat_id=f"c{i}")
            for i in range(count)
        ]
        session.add_all(identities)
        await session.flush()
        session.add_all(
            Outbox(
                dedupe_key=f"broadcast:b1:identity:{identity.id}",
                source="broadcast:b1",
                kind="broadcast",
                identity_id=identity.id or 0,
                channel="telegram",
                chat_id=identity.chat_id,
                text=f"Thông báo số {identity.id}",
                next_attempt_at=due,
            )
            for identity in identities
        )


def _start_sender(db_url: str, base_url: str, batch: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.reminders.sender_proc", db_url, base_url]
    command += ["--rate", "50", "--batch", str(batch), "--lease", "1"]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
async def test_sigkill_mid_batch_then_restart_delivers_all_with_bounded_duplicates(
    sqlite_engine: AsyncEngine, sqlite_url: str
) -> None:
    count, batch = 150, 20
    # The subprocess runs on the real clock.
    await seed_outbox(sqlite_engine, count, due=datetime.now(UTC) - timedelta(minutes=1))
    api = FakeBotApi()
    with serve(api) as base_url:
        first = _start_sender(sqlite_url, base_url, batch)
        deadline = time.monotonic() + 30
        while len(api.sent) < 50 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_after = len(api.sent)
        second = _start_sender(sqlite_url, base_url, batch)
        out, _ = second.communicate(timeout=60)

    delivered = Counter(item.chat_id for item in api.sent)
    statuses = Counter(row.status for row in await outbox_rows(sqlite_engine))
    assert (first.returncode, second.returncode, out.strip()) == (-signal.SIGKILL, 0, "drained")
    assert 50 <= killed_after < count
    assert set(delivered) == {f"c{i}" for i in range(count)}
    assert sum(delivered.values()) - count <= batch
    assert statuses == {"sent": count}


async def test_two_senders_on_postgresql_never_send_the_same_row(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED claims are a PostgreSQL matter; SQLite runs one sender")
    await seed_outbox(engine, 120)
    other = make_engine(engine.url.render_as_string(hide_password=False))
    sent: list[tuple[str, Reply]] = []
    config = SenderConfig(batch_size=7)

    async def sender(own: AsyncEngine) -> int:
        time = VirtualTime()
        # Two processes: each has its own channel (and limiter); both record into `sent`.
        recorder = RecordingDeliver(
            time, RateLimiter(rate=1000, clock=time.clock, sleep=time.sleep)
        )
        recorder.sent = sent
        return await send_due(
            own,
            deliverers={"telegram": recorder},
            clock=FakeClock(NOW),
            config=config,
        )

    try:
        counts = await asyncio.gather(sender(engine), sender(other))
    finally:
        await other.dispose()

    delivered = Counter(chat for chat, _ in sent)
    assert (sum(counts), len(delivered), max(delivered.values())) == (120, 120, 1)
    assert min(counts) > 0


async def test_only_one_process_leads_on_postgresql(engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite runs one process")
    other = make_engine(engine.url.render_as_string(hide_password=False))
    first, second = Leadership(engine), Leadership(other)
    try:
        elected = (await first.acquire(), await second.acquire())
        await first.release()
        takeover = await second.acquire()
    finally:
        await second.release()
        await other.dispose()

    assert (elected, takeover) == ((True, False), True)
