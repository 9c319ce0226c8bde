"""The personal-data notice on Telegram (issue #14, item 7): the real PTB polling channel on
the fake Bot API, the invite made by the real CLI.

The user's Telegram profile carries their full name in every update; it must be stored only
once they agree and type it themselves.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.channels.telegram import TelegramChannel
from bot.config import Settings
from handlers import consent, texts
from storage.db import session_scope
from storage.models import Invite, Official
from tests.fakes.telegram_api import FakeTelegramApi, SentMessage
from tests.journeys.conftest import UNIT_NAME, count, create_invite
from tests.tables import every_value

CHAT = 626262
NAME, POSITION = "Phạm Thị Thu Hà", "Phó Chủ tịch UBND xã"


class NamedUser:
    """A private chat whose Telegram profile shows the official's real name."""

    def __init__(self, fake: FakeTelegramApi) -> None:
        self.fake = fake

    async def _replies(self, before: int) -> list[SentMessage]:
        await self.fake.wait_sent(before + 1)
        return self.fake.sent_to(CHAT)[before:]

    async def type(self, text: str) -> list[SentMessage]:
        before = len(self.fake.sent_to(CHAT))
        self.fake.push_text(chat_id=CHAT, text=text, first_name=NAME)
        return await self._replies(before)

    async def press(self, key: str) -> list[SentMessage]:
        sent = self.fake.sent_to(CHAT)
        assert key in [data for _, data in sent[-1].buttons()], sent[-1].buttons()
        self.fake.push_callback(chat_id=CHAT, data=key, first_name=NAME)
        return await self._replies(len(sent))


async def _link_payload(settings: Settings, fake: FakeTelegramApi) -> str:
    invite = await create_invite(settings, bot_username=fake.username)
    return str(invite["link"]).removeprefix(f"https://t.me/{fake.username}?start=")


async def test_refusing_on_telegram_stores_nothing_personal_and_qa_still_works(
    fake: FakeTelegramApi,
    polling: TelegramChannel,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    user = NamedUser(fake)
    payload = await _link_payload(settings, fake)

    (notice,) = await user.type(f"/start {payload}")  # what Telegram sends for the link
    (refused,) = await user.press("pc:no")
    stored = await every_value(sqlite_engine)
    (answer,) = await user.type("Ai điều phối Mạng lưới chuyển đổi số tỉnh?")

    assert notice.text.startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME) + "\n\n")
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in notice.text
    assert notice.buttons() == [("Đồng ý", "pc:yes"), ("Không đồng ý", "pc:no")]
    assert refused.text == texts.CONSENT_REFUSED
    assert await count(sqlite_engine, Official) == 0
    async with session_scope(sqlite_engine) as session:
        assert [i.uses for i in (await session.exec(select(Invite))).all()] == [0]
    assert NAME not in stored and "Thu Hà" not in stored
    assert str(CHAT) not in stored
    assert "(Kế hoạch 87/KH-UBND, mục " in answer.text


async def test_agreeing_on_telegram_registers_and_records_the_agreement(
    fake: FakeTelegramApi,
    polling: TelegramChannel,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    user = NamedUser(fake)
    payload = await _link_payload(settings, fake)

    await user.type(f"/start {payload}")
    before_agreeing = await every_value(sqlite_engine)
    (asked,) = await user.press("pc:yes")
    await user.type(NAME)
    (onboarded,) = await user.type(POSITION)

    assert NAME not in before_agreeing
    assert asked.text == texts.ASK_NAME
    assert onboarded.text.startswith(f"Đã xác nhận: {NAME}, {POSITION}, {UNIT_NAME}.")
    async with session_scope(sqlite_engine) as session:
        official = (await session.exec(select(Official))).one()
    assert official.full_name == NAME
    assert official.consent_at is not None
    assert official.consent_notice == consent.VERSION
