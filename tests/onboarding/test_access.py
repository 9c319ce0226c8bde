"""`require_official` / `require_admin`: what the survey's /baocao calls first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import Inbound, Services, texts
from handlers.access import require_admin, require_official
from handlers.context import Turn
from handlers.messages import Reply
from knowledge.changes import COORDINATING_OFFICE
from storage import queries
from storage.db import session_scope
from storage.models import Official, Role, Unit
from tests.conftest import FakeClock


async def _turn(session: AsyncSession, services: Services, clock: FakeClock) -> Turn:
    inbound = Inbound(channel="web", chat_id="c1", user_id="u1", text="/baocao")
    identity = await queries.touch_identity(
        session, channel="web", external_id="u1", chat_id="c1", now=clock.now
    )
    conversation = await queries.load_conversation(
        session, channel="web", chat_id="c1", now=clock.now
    )
    return Turn(inbound, session, clock.now, services, identity, conversation, None, "baocao", "")


async def _bind(session: AsyncSession, turn: Turn, unit: Unit, role: Role) -> Official:
    official = Official(unit_id=unit.id, full_name="Lê Văn Tám", position="Công chức", role=role)
    session.add(official)
    await session.flush()
    turn.identity.official_id = official.id
    return official


async def test_require_official_refuses_uninvited_user(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    async with session_scope(sqlite_engine) as session:
        result = await require_official(await _turn(session, services, clock))

    assert result == [Reply(texts.REPORT_NOT_REGISTERED.format(office=COORDINATING_OFFICE))]


async def test_require_official_returns_the_bound_official(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, unit: Unit
) -> None:
    async with session_scope(sqlite_engine) as session:
        turn = await _turn(session, services, clock)
        official = await _bind(session, turn, unit, Role.MEMBER)
        result = await require_official(turn)

    assert isinstance(result, Official)
    assert (result.id, result.unit_id) == (official.id, unit.id)


async def test_require_admin_refuses_a_member(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, unit: Unit
) -> None:
    async with session_scope(sqlite_engine) as session:
        turn = await _turn(session, services, clock)
        await _bind(session, turn, unit, Role.MEMBER)
        result = await require_admin(turn)

    assert result == [Reply(texts.ADMIN_ONLY)]


async def test_require_admin_returns_an_admin(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, unit: Unit
) -> None:
    async with session_scope(sqlite_engine) as session:
        turn = await _turn(session, services, clock)
        official = await _bind(session, turn, unit, Role.ADMIN)
        result = await require_admin(turn)

    assert result == official
