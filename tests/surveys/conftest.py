"""Fixtures for surveys: units and invited officials written straight into the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import Channel, Inbound, Reply, Services
from knowledge.surveys import load_definition
from storage.db import session_scope
from storage.models import Identity, Official, Unit
from tests.conftest import FakeClock


@dataclass(frozen=True, slots=True)
class Town:
    """Ids of the rows a survey test works with."""

    unit_id: int
    other_unit_id: int
    official_id: int
    colleague_id: int
    admin_id: int


async def add_identity(
    engine: AsyncEngine, *, official_id: int | None, user: str, channel: str = Channel.CONSOLE
) -> None:
    """An identity on a channel bound to an official, as the invite flow leaves it."""
    async with session_scope(engine) as session:
        session.add(
            Identity(channel=channel, external_id=user, chat_id=user, official_id=official_id)
        )


@pytest.fixture
async def town(sqlite_engine: AsyncEngine) -> Town:
    return await make_town(sqlite_engine)


async def make_town(engine: AsyncEngine) -> Town:
    """Three communes, a ward and a department; two officials of the first commune; an admin."""
    async with session_scope(engine) as session:
        units = [
            Unit(code="21025", name="Xã Bình Sơn", kind="commune"),
            Unit(code="21026", name="Xã Tịnh Khê", kind="commune"),
            Unit(code="21027", name="Phường Cẩm Thành", kind="ward"),
            Unit(code="21028", name="Đặc khu Lý Sơn", kind="special_zone"),
            Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department"),
        ]
        session.add_all(units)
        await session.flush()
        officials = [
            Official(unit_id=units[0].id, full_name="Nguyễn Văn An"),
            Official(unit_id=units[0].id, full_name="Trần Thị Bình"),
            Official(unit_id=units[4].id, full_name="Lê Quản Trị", role="admin"),
        ]
        session.add_all(officials)
        await session.flush()
        ids = [o.id for o in officials]
        unit_ids = [u.id for u in units]
    assert None not in ids and None not in unit_ids
    town = Town(unit_ids[0] or 0, unit_ids[1] or 0, ids[0] or 0, ids[1] or 0, ids[2] or 0)
    await add_identity(engine, official_id=town.official_id, user="an")
    await add_identity(engine, official_id=town.colleague_id, user="binh")
    await add_identity(engine, official_id=town.admin_id, user="admin")
    await add_identity(engine, official_id=town.official_id, user="an-web", channel=Channel.WEB)
    return town


class Chat:
    """Talk to the assistant as one user on one channel."""

    def __init__(self, assistant: Assistant, user: str, channel: str = Channel.CONSOLE) -> None:
        self.assistant = assistant
        self.user = user
        self.channel = channel
        self.last: list[Reply] = []

    async def say(self, text: str = "", *, choice: str | None = None) -> str:
        """Send a message; returns the replies' text joined."""
        inbound = Inbound(
            channel=self.channel, chat_id=self.user, user_id=self.user, text=text, choice=choice
        )
        self.last = await self.assistant.handle(inbound)
        return "\n".join(reply.text for reply in self.last)

    @property
    def keys(self) -> list[str]:
        """The choice keys of the last replies."""
        return [c.key for reply in self.last for c in reply.choices]


@pytest.fixture
def an(assistant: Assistant, town: Town) -> Chat:
    return Chat(assistant, "an")


@pytest.fixture
def binh(assistant: Assistant, town: Town) -> Chat:
    return Chat(assistant, "binh")


def chat_with_survey(
    tmp_path: Path, services: Services, engine: AsyncEngine, clock: FakeClock, definition: str
) -> Chat:
    """Official «an» chatting with an assistant whose only survey is ``definition`` (YAML)."""
    path = tmp_path / "thu-nghiem.yaml"
    path.write_text(definition, encoding="utf-8")
    custom = Services(
        kb=services.kb, zone=services.zone, surveys={"thu-nghiem": load_definition(path)}
    )
    return Chat(Assistant(engine=engine, services=custom, clock=clock), "an")
