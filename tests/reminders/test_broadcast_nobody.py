"""/thongbao to an audience nobody would receive (issue 10, item 17; newcomer finding 17).

Only Telegram and Zalo receive broadcasts, while their token is set. The chat says so when the
audience is picked, before the admin writes the text, and does not claim nobody registered when
officials of the audience use only the web chat, the console or a channel that is off.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_services
from bot.assistant import Assistant
from bot.config import Settings
from handlers import reminders, texts
from handlers.messages import Inbound
from storage.db import session_scope
from storage.models import Unit
from tests.conftest import FakeClock
from tests.reminders.conftest import add_person, outbox_rows

ADMIN = "boss"
COMMUNES = "bc:communes"


def _say(text: str = "", choice: str | None = None) -> Inbound:
    # The admin of the finding, in `cdsbot chat --as boss`.
    return Inbound(channel="console", chat_id=ADMIN, user_id=ADMIN, text=text, choice=choice)


async def _units(engine: AsyncEngine) -> tuple[Unit, Unit, Unit]:
    async with session_scope(engine) as session:
        commune = Unit(code="21100", name="Xã Bình Sơn", kind="commune")
        ward = Unit(code="21200", name="Phường Cẩm Thành", kind="ward")
        department = Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department")
        session.add_all([commune, ward, department])
    await add_person(engine, department, chat=ADMIN, role="admin", channel="console")
    return commune, ward, department


async def _state(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        found = await connection.execute(
            text("SELECT state FROM conversation WHERE chat_id = :chat"), {"chat": ADMIN}
        )
        return str(found.scalar_one())


async def test_officials_only_on_the_web_chat_or_console_are_named_at_the_audience_step(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    commune, ward, _ = await _units(sqlite_engine)
    await add_person(sqlite_engine, commune, chat="web-session-1", channel="web")
    await add_person(sqlite_engine, ward, chat="ward-console", channel="console")

    await assistant.handle(_say("/thongbao"))
    (reply,) = await assistant.handle(_say("1"))  # Tất cả xã, phường, đặc khu

    assert reply.text.startswith(
        "Chưa có cán bộ nào thuộc nhóm «tất cả xã, phường, đặc khu» nhận được thông báo qua "
        "Telegram hoặc Zalo: 2 cán bộ đã đăng ký của nhóm này chỉ dùng trò chuyện web hoặc "
        "dòng lệnh, nơi không nhận thông báo chung."
    )
    assert "đăng ký trên kênh" not in reply.text and "Tất cả" not in reply.text
    # Asked before the text is written: another audience may be picked at once.
    assert reply.choices == reminders.AUDIENCE_CHOICES
    assert await _state(sqlite_engine) == reminders.STATE_AUDIENCE
    assert await outbox_rows(sqlite_engine) == []


async def test_an_audience_with_nobody_registered_says_so(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await _units(sqlite_engine)

    await assistant.handle(_say("/thongbao"))
    (reply,) = await assistant.handle(_say(choice=COMMUNES))

    assert reply.text.startswith(
        "Chưa có cán bộ nào thuộc nhóm «tất cả xã, phường, đặc khu» đăng ký với Trợ lý CĐS, "
        "nên không ai nhận được thông báo này."
    )
    assert texts.BROADCAST_PICK_ANOTHER in reply.text
    assert await outbox_rows(sqlite_engine) == []


async def test_another_audience_can_be_picked_after_an_unreachable_one(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    _, _, department = await _units(sqlite_engine)
    await add_person(sqlite_engine, department, chat="777", channel="telegram")

    await assistant.handle(_say("/thongbao"))
    await assistant.handle(_say(choice=COMMUNES))
    asked = await assistant.handle(_say("2"))  # Các sở, ban, ngành
    preview = await assistant.handle(_say("Họp trực tuyến lúc 14:00."))

    assert [r.text for r in asked] == [
        texts.BROADCAST_ASK_TEXT.format(audience="các sở, ban, ngành")
    ]
    assert preview[0].text.startswith(
        "Xem trước thông báo gửi tới các sở, ban, ngành (1 người nhận)"
    )


async def test_recipients_gone_while_the_text_was_written_queue_nothing(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    commune, _, _ = await _units(sqlite_engine)
    await add_person(sqlite_engine, commune, chat="101", channel="telegram")
    await assistant.handle(_say("/thongbao"))
    await assistant.handle(_say(choice=COMMUNES))
    async with sqlite_engine.begin() as connection:  # the official blocked the bot meanwhile
        await connection.execute(text("UPDATE identity SET blocked = 1 WHERE chat_id = '101'"))

    (reply,) = await assistant.handle(_say("Họp trực tuyến lúc 14:00."))

    assert reply.text == (
        "Chưa có cán bộ nào thuộc nhóm «tất cả xã, phường, đặc khu» nhận được thông báo qua "
        "Telegram hoặc Zalo. " + texts.BROADCAST_NOTHING_QUEUED
    )
    assert reply.choices == ()
    assert await _state(sqlite_engine) == "idle"
    assert await outbox_rows(sqlite_engine) == []


async def test_officials_only_on_a_channel_that_is_off_are_named_with_it(
    sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    # A deployment with only ZALO_BOT_TOKEN set, as `build_services` makes it.
    zalo_only = build_services(
        Settings(_env_file=None, zalo_bot_token="1:fake")  # type: ignore[call-arg]
    )
    assistant = Assistant(engine=sqlite_engine, services=zalo_only, clock=clock)
    commune, ward, _ = await _units(sqlite_engine)
    await add_person(sqlite_engine, commune, chat="101", channel="telegram")
    await add_person(sqlite_engine, ward, chat="web-session-2", channel="web")

    await assistant.handle(_say("/thongbao"))
    (reply,) = await assistant.handle(_say(choice=COMMUNES))

    assert zalo_only.reminder_channels == ("zalo",)
    assert reply.text.startswith(
        "Chưa có cán bộ nào thuộc nhóm «tất cả xã, phường, đặc khu» nhận được thông báo qua "
        "Zalo: 2 cán bộ đã đăng ký của nhóm này chỉ dùng Telegram (đang tắt) hoặc trò chuyện "
        "web, nơi không nhận thông báo chung."
    )
    assert await outbox_rows(sqlite_engine) == []
