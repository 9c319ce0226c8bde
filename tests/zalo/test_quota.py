"""The monthly send counter on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import quota
from storage.db import session_scope

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


async def test_try_consume_refuses_when_limit_reached(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        results = [
            await quota.try_consume(session, channel="zalo", month="2026-11", limit=2)
            for _ in range(3)
        ]

    assert results == [True, True, False]


async def test_try_consume_counts_nothing_when_batch_does_not_fit(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        await quota.try_consume(session, channel="zalo", month="2026-11", limit=3)
        fitted = await quota.try_consume(
            session, channel="zalo", month="2026-11", limit=3, count=3
        )
        used = await quota.usage(session, channel="zalo", month="2026-11", limit=3)

    assert (fitted, used.sent, used.left) == (False, 1, 2)


async def test_consume_counts_past_the_limit(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        await quota.consume(session, channel="zalo", month="2026-11", count=5)
        used = await quota.usage(session, channel="zalo", month="2026-11", limit=3)

    assert (used.sent, used.left) == (5, 0)


async def test_usage_is_zero_when_month_unused(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        used = await quota.usage(session, channel="zalo", month="2026-12", limit=3000)

    assert used == quota.Usage(channel="zalo", month="2026-12", sent=0, limit=3000)


async def test_months_are_counted_apart(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        await quota.consume(session, channel="zalo", month="2026-11", count=2)
        await quota.consume(session, channel="zalo", month="2026-12")
        december = await quota.usage(session, channel="zalo", month="2026-12", limit=10)

    assert december.sent == 1


async def test_claim_warning_succeeds_once_when_threshold_crossed(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        await quota.consume(session, channel="zalo", month="2026-11", count=7)
        early = await quota.claim_warning(
            session, channel="zalo", month="2026-11", threshold=8, now=NOW
        )
        await quota.consume(session, channel="zalo", month="2026-11")
        first = await quota.claim_warning(
            session, channel="zalo", month="2026-11", threshold=8, now=NOW
        )
        await quota.consume(session, channel="zalo", month="2026-11")
        second = await quota.claim_warning(
            session, channel="zalo", month="2026-11", threshold=8, now=NOW
        )

    assert (early, first, second) == (False, True, False)


def test_month_of_uses_local_time() -> None:
    # 30 Nov 2026 18:00 UTC is already 1 December in Vietnam (UTC+7).
    instant = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)

    assert quota.month_of(instant, ZoneInfo("Asia/Ho_Chi_Minh")) == "2026-12"
