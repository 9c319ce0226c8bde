"""Issue 10 item 1 in the core: group chats get answers to questions, nothing personal.

Through the Assistant on SQLite and PostgreSQL; the end-to-end journeys over the fake
Telegram and Zalo APIs are in tests/journeys/test_group_chats.py.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import Inbound, Services, texts
from handlers.invites import DEFAULT_TTL, create_invite
from handlers.onboarding_invite import STATE_POSITION
from knowledge.changes import COORDINATING_OFFICE
from storage.db import session_scope
from storage.models import Conversation, Identity, Official, Role, Unit
from tests.conftest import FakeClock
from tests.helptext import HELP_TEXT

GROUP, MEMBER = "-100777", "4242"


def _in_group(text: str = "", *, choice: str | None = None) -> Inbound:
    return Inbound(
        channel="telegram", chat_id=GROUP, user_id=MEMBER, text=text, choice=choice, group=True
    )


@pytest.fixture
def db_assistant(engine: AsyncEngine, services: Services, clock: FakeClock) -> Assistant:
    return Assistant(engine=engine, services=services, clock=clock)


async def _texts(assistant: Assistant, inbound: Inbound) -> list[str]:
    return [reply.text for reply in await assistant.handle(inbound)]


async def test_flow_left_in_a_group_from_before_binds_nobody(
    db_assistant: Assistant, engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    async with session_scope(engine) as session:
        session.add(Unit(code="20725", name="Xã Bình Sơn", kind="commune"))
        await session.flush()
        invite = await create_invite(
            session,
            unit_code="20725",
            role=Role.MEMBER,
            max_uses=1,
            ttl=DEFAULT_TTL,
            pepper=services.invite_pepper,
            now=clock.now,
        )
        # Where another member's `/start CODE` and name left the group before this fix.
        session.add(
            Conversation(
                channel="telegram",
                chat_id=GROUP,
                state=STATE_POSITION,
                data={"invite_id": invite.invite_id, "full_name": "Nguyễn Văn An"},
                updated_at=clock.now,
            )
        )

    await db_assistant.handle(_in_group("Phó Chủ tịch UBND xã"))

    async with session_scope(engine) as session:
        state = (await session.exec(select(Conversation.state))).one()
        officials = (await session.exec(select(Official))).all()
    assert (state, officials) == ("idle", [])


@pytest.mark.parametrize(
    "inbound",
    [
        _in_group("/baocao"),
        _in_group("/thongbao"),
        _in_group("/tiendo"),
        _in_group("/nhacviec"),
        _in_group("/toi@TroLyCdsBot"),
        _in_group("Sửa câu 2"),
        _in_group(choice="rm:report:bao-cao-quy"),
        _in_group(choice="rm:mute:1"),
    ],
)
async def test_personal_commands_and_buttons_are_sent_to_private_chat(
    db_assistant: Assistant, inbound: Inbound
) -> None:
    assert await _texts(db_assistant, inbound) == [texts.GROUP_PRIVATE_ONLY]


async def test_code_in_a_group_is_refused_with_a_link_and_a_warning(
    engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    named = dataclasses.replace(services, telegram_username="@TroLyCdsBot")
    assistant = Assistant(engine=engine, services=named, clock=clock)

    replies = await _texts(assistant, _in_group("ma moi cua toi: cds 7k2qf 9xm4d"))

    assert replies == [
        texts.GROUP_PRIVATE_ONLY + "\n" + texts.GROUP_PRIVATE_LINK.format(username="TroLyCdsBot"),
        texts.GROUP_CODE_EXPOSED.format(office=COORDINATING_OFFICE),
    ]


async def test_greeting_and_help_still_work_in_a_group(db_assistant: Assistant) -> None:
    assert await _texts(db_assistant, _in_group("/start")) == [texts.GREETING]
    assert await _texts(db_assistant, _in_group("/trogiup")) == [HELP_TEXT]


async def test_group_message_keeps_the_private_chat_and_block_of_the_account(
    db_assistant: Assistant, engine: AsyncEngine
) -> None:
    private = Inbound(channel="telegram", chat_id=MEMBER, user_id=MEMBER, text="/start")
    await db_assistant.handle(private)
    async with session_scope(engine) as session:
        identity = (await session.exec(select(Identity))).one()
        identity.blocked = True
        session.add(identity)

    await db_assistant.handle(_in_group("Ai điều phối Mạng lưới chuyển đổi số tỉnh?"))

    async with session_scope(engine) as session:
        identity = (await session.exec(select(Identity))).one()
    assert (identity.chat_id, identity.blocked) == (MEMBER, True)
