"""Query functions on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import func, select

from storage import queries
from storage.db import session_scope
from storage.models import Conversation, Identity, Unit
from storage.units import province_units

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


async def test_first_time_seen_is_false_when_key_repeats(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        first = await queries.first_time_seen(session, channel="telegram", update_key="7", now=NOW)
        second = await queries.first_time_seen(
            session, channel="telegram", update_key="7", now=NOW
        )

    assert (first, second) == (True, False)


async def test_touch_identity_unblocks_when_user_writes_again(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        identity = await queries.touch_identity(
            session, channel="telegram", external_id="42", chat_id="42", now=NOW
        )
        identity.blocked = True
        session.add(identity)
    later = NOW + timedelta(days=1)
    async with session_scope(engine) as session:
        again = await queries.touch_identity(
            session, channel="telegram", external_id="42", chat_id="42", now=later
        )

    assert (again.id, again.blocked, again.last_seen_at) == (identity.id, False, later)


async def test_conversation_is_created_once_per_chat(engine: AsyncEngine) -> None:
    for _ in range(2):
        async with session_scope(engine) as session:
            await queries.load_conversation(session, channel="web", chat_id="abc", now=NOW)
    async with session_scope(engine) as session:
        count = (await session.exec(select(func.count()).select_from(Conversation))).one()

    assert count == 1


async def test_units_seed_is_idempotent(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        first = await queries.upsert_units(session, province_units())
    async with session_scope(engine) as session:
        second = await queries.upsert_units(session, province_units())
        kinds = {u.kind for u in await queries.list_units(session)}
        count = (await session.exec(select(func.count()).select_from(Unit))).one()

    assert (first, second, count) == (103, 0, 103)
    assert kinds == {"commune", "ward", "special_zone", "department"}


async def test_timestamps_read_back_aware_in_utc(engine: AsyncEngine) -> None:
    from zoneinfo import ZoneInfo

    local = NOW.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    async with session_scope(engine) as session:
        await queries.touch_identity(
            session, channel="zalo", external_id="9", chat_id="9", now=local
        )
    async with session_scope(engine) as session:
        row = (await session.exec(select(Identity))).one()

    assert (row.created_at, row.created_at.utcoffset()) == (NOW, timedelta(0))
