"""Invite, attempt and role storage on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from handlers import access, invite_codes
from handlers.errors import IdentityNotBound, IdentityNotFound, InviteNotFound
from handlers.invites import CreatedInvite, create_invite, locked_until, revoke_invite
from storage import invites as store
from storage import queries
from storage.db import session_scope
from storage.models import AuditLog, Identity, Invite, Official, Role, Unit

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
PEPPER = "test-pepper-0123456789"


async def _create(engine: AsyncEngine, *, max_uses: int = 1) -> CreatedInvite:
    async with session_scope(engine) as session:
        if await queries.unit_by_code(session, "20725") is None:
            session.add(Unit(code="20725", name="Xã Bình Sơn", kind="commune"))
            await session.flush()
        return await create_invite(
            session,
            unit_code="20725",
            role=Role.MEMBER,
            max_uses=max_uses,
            ttl=timedelta(days=14),
            pepper=PEPPER,
            now=NOW,
            bot_username="TroLyCdsBot",
        )


async def _consume(engine: AsyncEngine, invite_id: int, now: datetime = NOW) -> bool:
    async with session_scope(engine) as session:
        return await store.consume_invite(session, invite_id=invite_id, now=now)


async def test_create_invite_stores_only_the_keyed_hash(engine: AsyncEngine) -> None:
    created = await _create(engine)

    async with session_scope(engine) as session:
        invite = (await session.exec(select(Invite))).one()
    code = invite_codes.normalize(created.code)
    assert code is not None
    assert invite.code_hash == invite_codes.hash_code(code, pepper=PEPPER)
    assert code not in repr(invite)


async def test_create_invite_builds_the_deep_link(engine: AsyncEngine) -> None:
    created = await _create(engine)

    assert created.link == f"https://t.me/TroLyCdsBot?start={created.code}"


async def test_consume_uses_a_one_time_invite_once(engine: AsyncEngine) -> None:
    created = await _create(engine)

    results = [await _consume(engine, created.invite_id) for _ in range(2)]

    assert results == [True, False]


async def test_consume_counts_uses_up_to_the_limit(engine: AsyncEngine) -> None:
    created = await _create(engine, max_uses=2)

    results = [await _consume(engine, created.invite_id) for _ in range(3)]

    assert results == [True, True, False]


async def test_consume_refuses_an_expired_invite(engine: AsyncEngine) -> None:
    created = await _create(engine)

    assert await _consume(engine, created.invite_id, NOW + timedelta(days=15)) is False


async def test_consume_refuses_a_revoked_invite(engine: AsyncEngine) -> None:
    created = await _create(engine)
    async with session_scope(engine) as session:
        await revoke_invite(session, created.code, pepper=PEPPER, now=NOW)

    assert await _consume(engine, created.invite_id) is False


async def test_revoke_by_id_then_again_reports_no_change(engine: AsyncEngine) -> None:
    created = await _create(engine)

    async with session_scope(engine) as session:
        first = await revoke_invite(session, str(created.invite_id), pepper=PEPPER, now=NOW)
    async with session_scope(engine) as session:
        second = await revoke_invite(session, str(created.invite_id), pepper=PEPPER, now=NOW)

    assert (first, second) == (True, False)


async def test_revoke_unknown_code_raises(engine: AsyncEngine) -> None:
    await _create(engine)

    async with session_scope(engine) as session:
        with pytest.raises(InviteNotFound):
            await revoke_invite(session, "CDS-22222-22222", pepper=PEPPER, now=NOW)


async def test_status_reflects_revoked_expired_and_used(engine: AsyncEngine) -> None:
    created = await _create(engine)
    await _consume(engine, created.invite_id)

    async with session_scope(engine) as session:
        ((invite, _unit),) = await store.list_invites(session)
    statuses = (
        store.status_of(invite, now=NOW),
        store.status_of(invite, now=NOW + timedelta(days=14)),
    )
    assert statuses == (store.InviteStatus.USED, store.InviteStatus.EXPIRED)


async def test_failed_attempts_are_per_chat_and_oldest_first(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        for minutes, chat in [(10, "a"), (0, "a"), (5, "b"), (-200, "a")]:
            store.record_failed_attempt(
                session, channel="zalo", chat_id=chat, now=NOW + timedelta(minutes=minutes)
            )
    async with session_scope(engine) as session:
        attempts = await store.failed_attempts_since(
            session, channel="zalo", chat_id="a", since=NOW - timedelta(hours=1)
        )

    assert attempts == [NOW, NOW + timedelta(minutes=10)]


async def test_lock_holds_for_an_hour_after_the_fifth_wrong_attempt(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        for minutes in range(0, 50, 10):
            store.record_failed_attempt(
                session, channel="web", chat_id="x", now=NOW + timedelta(minutes=minutes)
            )
    async with session_scope(engine) as session:
        until = await locked_until(
            session, channel="web", chat_id="x", now=NOW + timedelta(minutes=90)
        )

    assert until == NOW + timedelta(minutes=100)


async def _identity(engine: AsyncEngine, *, bound: bool) -> Identity:
    async with session_scope(engine) as session:
        identity = await queries.touch_identity(
            session, channel="telegram", external_id="12345", chat_id="12345", now=NOW
        )
        if bound:
            unit = Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department")
            session.add(unit)
            await session.flush()
            official = Official(unit_id=unit.id, full_name="Trần An", position="Chuyên viên")
            session.add(official)
            await session.flush()
            identity.official_id = official.id
            session.add(identity)
        return identity


async def test_grant_admin_requires_a_bound_identity(engine: AsyncEngine) -> None:
    await _identity(engine, bound=False)

    async with session_scope(engine) as session:
        with pytest.raises(IdentityNotBound):
            await access.set_role(session, "telegram:12345", role=Role.ADMIN, now=NOW)


async def test_grant_admin_by_identity_id_lists_the_admin(engine: AsyncEngine) -> None:
    identity = await _identity(engine, bound=True)

    async with session_scope(engine) as session:
        changed = await access.set_role(session, str(identity.id), role=Role.ADMIN, now=NOW)
    async with session_scope(engine) as session:
        admins = await store.officials_with_role(session, Role.ADMIN)
        actions = (await session.exec(select(AuditLog.action))).all()

    assert changed is True
    assert [(o.full_name, u.code if u else None, [i.id for i in ids]) for o, u, ids in admins] == [
        ("Trần An", "STTTT", [identity.id])
    ]
    assert list(actions) == ["admin.granted"]


async def test_unknown_identity_reference_raises(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        with pytest.raises(IdentityNotFound):
            await access.find_identity(session, "zalo:999")


async def test_unbind_detaches_the_identity(engine: AsyncEngine) -> None:
    await _identity(engine, bound=True)

    async with session_scope(engine) as session:
        changed = await access.unbind(session, "telegram:12345", now=NOW)
    async with session_scope(engine) as session:
        identity = (await session.exec(select(Identity).order_by(col(Identity.id)))).one()

    assert (changed, identity.official_id) == (True, None)
