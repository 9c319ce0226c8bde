"""/thongbao to an audience nobody would receive (issue 10, item 17)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import texts
from handlers.messages import Inbound
from storage.db import session_scope
from storage.models import Unit
from tests.reminders.conftest import add_person, outbox_rows


async def test_thongbao_to_nobody_says_so_and_queues_nothing(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    async with session_scope(sqlite_engine) as session:
        commune = Unit(code="21100", name="Xã Bình Sơn", kind="commune")
        department = Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department")
        session.add_all([commune, department])
    await add_person(sqlite_engine, department, chat="900", role="admin")

    def say(text: str = "", choice: str | None = None) -> Inbound:
        return Inbound(channel="telegram", chat_id="900", user_id="900", text=text, choice=choice)

    await assistant.handle(say("/thongbao"))
    await assistant.handle(say(choice="bc:communes"))
    replies = await assistant.handle(say("Họp trực tuyến lúc 14:00."))

    assert [r.text for r in replies] == [
        texts.BROADCAST_NOBODY.format(audience=texts.AUDIENCE_COMMUNES)
    ]
    assert replies[0].choices == ()
    assert await outbox_rows(sqlite_engine) == []
