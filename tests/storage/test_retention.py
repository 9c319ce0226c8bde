"""Retention on both databases: rows past their age go, newer ones stay, on the tick's schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, select

from scheduler.jobs import Tick
from scheduler.policy import ReminderPolicy
from scheduler.retention import RetentionPolicy, prune
from storage.db import session_scope
from storage.models import InboundUpdate, InviteAttempt, UnansweredQuestion
from tests.conftest import FakeClock

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
POLICY = RetentionPolicy()


def _inbound(at: datetime, n: int) -> SQLModel:
    return InboundUpdate(channel="telegram", update_key=str(n), received_at=at)


def _attempt(at: datetime, n: int) -> SQLModel:
    return InviteAttempt(channel="web", chat_id=f"chat-{n}", at=at)


def _question(at: datetime, n: int) -> SQLModel:
    return UnansweredQuestion(question=f"câu hỏi {n}", channel="web", asked_at=at)


# (table, row factory, its retention under the default policy)
TABLES = {
    "inbound_update": (InboundUpdate, _inbound, timedelta(days=7)),
    "invite_attempt": (InviteAttempt, _attempt, timedelta(days=2)),
    "unanswered_question": (UnansweredQuestion, _question, timedelta(days=365)),
}


async def _add(engine: AsyncEngine, *rows: SQLModel) -> None:
    async with session_scope(engine) as session:
        session.add_all(rows)


async def _count(engine: AsyncEngine, table: type[SQLModel]) -> int:
    async with session_scope(engine) as session:
        return len((await session.exec(select(table))).all())


@pytest.mark.parametrize("name", TABLES)
async def test_prune_deletes_only_rows_past_retention(engine: AsyncEngine, name: str) -> None:
    table, row, keep = TABLES[name]
    await _add(
        engine,
        row(NOW - keep - timedelta(minutes=1), 1),
        row(NOW - keep + timedelta(minutes=1), 2),
    )

    async with session_scope(engine) as session:
        deleted = await prune(session, now=NOW, policy=POLICY)

    assert deleted == 1
    assert await _count(engine, table) == 1


@pytest.fixture
async def tick(engine: AsyncEngine) -> AsyncIterator[tuple[Tick, FakeClock]]:
    """A tick with no channel on a virtual clock, pruning with the default policy."""
    clock = FakeClock(NOW)
    tick = Tick(
        engine=engine,
        policy=ReminderPolicy(),
        zone=ZoneInfo("Asia/Ho_Chi_Minh"),
        deliverers={},
        clock=clock,
        retention=POLICY,
    )
    try:
        yield tick, clock
    finally:
        if tick.leadership is not None:
            await tick.leadership.release()


async def test_tick_prunes_at_first_run(engine: AsyncEngine, tick: tuple[Tick, FakeClock]) -> None:
    runner, _ = tick
    await _add(engine, _inbound(NOW - timedelta(days=8), 1))

    await runner.run()

    assert await _count(engine, InboundUpdate) == 0


async def test_tick_prunes_again_only_after_interval(
    engine: AsyncEngine, tick: tuple[Tick, FakeClock]
) -> None:
    runner, clock = tick
    await runner.run()
    await _add(engine, _inbound(NOW - timedelta(days=8), 1))
    clock.now = NOW + timedelta(minutes=59)
    await runner.run()
    kept = await _count(engine, InboundUpdate)

    clock.now = NOW + timedelta(hours=1)
    await runner.run()

    assert (kept, await _count(engine, InboundUpdate)) == (1, 0)
