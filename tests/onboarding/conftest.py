"""Fixtures for onboarding: a unit, invites created as the CLI creates them, a chat helper."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import Inbound, Services
from handlers.invites import DEFAULT_TTL, create_invite
from storage.db import session_scope
from storage.models import Role, Unit
from tests.conftest import FakeClock

UNIT_CODE = "20725"
UNIT_NAME = "Xã Bình Sơn"

MakeInvite = Callable[..., Awaitable[str]]
Say = Callable[..., Awaitable[str]]


@pytest.fixture
async def unit(sqlite_engine: AsyncEngine) -> Unit:
    async with session_scope(sqlite_engine) as session:
        unit = Unit(code=UNIT_CODE, name=UNIT_NAME, kind="commune")
        session.add(unit)
    return unit


@pytest.fixture
def make_invite(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, unit: Unit
) -> MakeInvite:
    """Create an invite for the test unit; returns its code as displayed."""

    async def _make(
        *, role: Role = Role.MEMBER, max_uses: int = 1, ttl: timedelta = DEFAULT_TTL
    ) -> str:
        async with session_scope(sqlite_engine) as session:
            created = await create_invite(
                session,
                unit_code=UNIT_CODE,
                role=role,
                max_uses=max_uses,
                ttl=ttl,
                pepper=services.invite_pepper,
                now=clock.now,
            )
        return created.code

    return _make


@pytest.fixture
def say(assistant: Assistant) -> Say:
    """Send one Telegram message as a user; returns the replies' text joined by blank lines."""

    async def _say(text: str, *, user: str = "100") -> str:
        replies = await assistant.handle(
            Inbound(channel="telegram", chat_id=user, user_id=user, text=text)
        )
        return "\n\n".join(reply.text for reply in replies)

    return _say
