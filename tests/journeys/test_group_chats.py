"""Issue 10 item 1: in a group chat, one member never finishes another's registration.

The real PTB polling channel and the real Zalo channel talk to the fake platform APIs; the
invites are made by the real CLI. In a group the assistant answers questions only and sends
registration, reports and administration to private chats.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.channels.telegram import TelegramChannel
from bot.config import Settings
from handlers import texts
from knowledge.changes import COORDINATING_OFFICE
from storage.db import session_scope
from storage.models import Identity, Invite, Official
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.zalo_api import FakeZaloApi
from tests.journeys.conftest import UNIT_NAME, count, create_invite_code
from tests.zalo.conftest import ChannelFactory, eventually

GROUP = -1001234567
MEMBER_A, MEMBER_B = 7001, 7002
ZALO_GROUP, ZALO_A, ZALO_B = "zalo-group-1", "zalo-user-a", "zalo-user-b"
PRIVATE_ONLY = [texts.GROUP_PRIVATE_ONLY]
CODE_IN_GROUP = [
    texts.GROUP_PRIVATE_ONLY,
    texts.GROUP_CODE_EXPOSED.format(office=COORDINATING_OFFICE),
]


class TelegramChat:
    """Members writing in one Telegram chat; each message waits for its replies there."""

    def __init__(self, fake: FakeTelegramApi, chat_id: int, chat_type: str) -> None:
        self.fake, self.chat_id, self.chat_type = fake, chat_id, chat_type

    async def say(self, user_id: int, text: str, *, expected: int = 1) -> list[str]:
        before, total = len(self.fake.sent_to(self.chat_id)), len(self.fake.sent)
        self.fake.push_text(
            chat_id=self.chat_id, text=text, user_id=user_id, chat_type=self.chat_type
        )
        await self.fake.wait_sent(total + expected)
        return [m.text for m in self.fake.sent_to(self.chat_id)[before:]]


async def _identities(engine: AsyncEngine) -> dict[str, Identity]:
    async with session_scope(engine) as session:
        return {i.external_id: i for i in (await session.exec(select(Identity))).all()}


async def _officials(engine: AsyncEngine) -> list[tuple[str, str]]:
    async with session_scope(engine) as session:
        found = (await session.exec(select(Official))).all()
        return [(official.full_name, official.position) for official in found]


async def _invite_uses(engine: AsyncEngine) -> list[int]:
    async with session_scope(engine) as session:
        return [invite.uses for invite in (await session.exec(select(Invite))).all()]


async def test_group_member_cannot_finish_another_members_registration_on_telegram(
    fake: FakeTelegramApi,
    polling: TelegramChannel,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    code = await create_invite_code(settings)
    group = TelegramChat(fake, GROUP, "supergroup")

    by_code = await group.say(MEMBER_A, f"/start {code}", expected=2)
    await group.say(MEMBER_A, "Nguyễn Văn An")
    await group.say(MEMBER_B, "Phó Chủ tịch UBND xã")
    whoami_b = await group.say(MEMBER_B, "/toi")
    private_b = await TelegramChat(fake, MEMBER_B, "private").say(MEMBER_B, "/toi")

    assert by_code == CODE_IN_GROUP
    assert whoami_b == PRIVATE_ONLY
    assert private_b[0].startswith(texts.WHOAMI_UNREGISTERED.format(office=COORDINATING_OFFICE))
    assert await count(sqlite_engine, Official) == 0
    assert await _invite_uses(sqlite_engine) == [0]


async def test_private_registration_is_not_touched_by_a_group_member_on_telegram(
    fake: FakeTelegramApi,
    polling: TelegramChannel,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    code = await create_invite_code(settings)
    group = TelegramChat(fake, GROUP, "group")
    private_a = TelegramChat(fake, MEMBER_A, "private")

    accepted = await private_a.say(MEMBER_A, f"/start {code}")
    await private_a.say(MEMBER_A, "1")
    await private_a.say(MEMBER_A, "Nguyễn Văn An")
    await group.say(MEMBER_B, "Chủ tịch UBND xã")
    await group.say(MEMBER_A, "Chủ tịch UBND xã")
    onboarded = await private_a.say(MEMBER_A, "Phó Chủ tịch UBND xã")
    identities = await _identities(sqlite_engine)

    assert accepted[0].startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME) + "\n\n")
    assert onboarded[0].startswith("Đã xác nhận: Nguyễn Văn An, Phó Chủ tịch UBND xã")
    assert await _officials(sqlite_engine) == [("Nguyễn Văn An", "Phó Chủ tịch UBND xã")]
    assert identities[str(MEMBER_A)].official_id is not None
    assert identities[str(MEMBER_B)].official_id is None
    # Reminders still go to each member's private chat, never to the group.
    assert {i.chat_id for i in identities.values()} == {str(MEMBER_A), str(MEMBER_B)}


async def test_question_in_a_group_is_answered_with_its_section_on_telegram(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    group = TelegramChat(fake, GROUP, "supergroup")

    (answer,) = await group.say(MEMBER_B, "Ai điều phối Mạng lưới chuyển đổi số tỉnh?")

    assert "(Kế hoạch 87/KH-UBND, mục " in answer


async def test_group_member_cannot_finish_another_members_registration_on_zalo(
    fake_zalo: FakeZaloApi,
    make_channel: ChannelFactory,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    code = await create_invite_code(settings)
    channel = make_channel()
    await channel.start()
    say = _zalo_sayer(fake_zalo, lambda: channel.processed)

    by_code = await say(ZALO_GROUP, ZALO_A, f"Mã mời của tôi là {code}.")
    await say(ZALO_GROUP, ZALO_A, "Nguyễn Văn An")
    await say(ZALO_GROUP, ZALO_B, "Phó Chủ tịch UBND xã")
    report_b = await say(ZALO_GROUP, ZALO_B, "/baocao")
    private_b = await say(ZALO_B, ZALO_B, "/toi")

    assert by_code == CODE_IN_GROUP
    assert report_b == PRIVATE_ONLY
    assert private_b[0].startswith(texts.WHOAMI_UNREGISTERED.format(office=COORDINATING_OFFICE))
    assert await count(sqlite_engine, Official) == 0
    assert await _invite_uses(sqlite_engine) == [0]


def _zalo_sayer(
    fake: FakeZaloApi, processed: Callable[[], int]
) -> Callable[[str, str, str], Awaitable[list[str]]]:
    """Write as `user_id` in `chat_id` (a group unless they are equal); the chat's replies."""

    async def say(chat_id: str, user_id: str, text: str) -> list[str]:
        sent, handled = len(fake.texts_to(chat_id)), processed()
        chat_type = "PRIVATE" if chat_id == user_id else "GROUP"
        fake.push_text(chat_id, text, user_id=user_id, chat_type=chat_type)
        await eventually(lambda: processed() > handled)
        return fake.texts_to(chat_id)[sent:]

    return say
