"""Issue 10 items 4 and 10: what enters the core is cleaned, checked and masked.

Each test runs on SQLite and on PostgreSQL (the `engine` fixture), through the Assistant, as a
channel calls it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import Inbound, Services, texts
from handlers.invites import DEFAULT_TTL, create_invite
from knowledge.changes import COORDINATING_OFFICE
from storage.db import session_scope
from storage.models import Official, Role, UnansweredQuestion, Unit
from tests.conftest import FakeClock
from tests.tables import every_value

# Loose on purpose: any prefix and two groups of five, whatever the separators.
CODE_SHAPED = re.compile(r"CDS\W{0,3}[0-9A-Z]{5}\W{0,3}[0-9A-Z]{5}", re.IGNORECASE)
UNIT_CODE, UNIT_NAME = "20725", "Xã Bình Sơn"

Say = Callable[..., Awaitable[str]]


@pytest.fixture
def db_assistant(engine: AsyncEngine, services: Services, clock: FakeClock) -> Assistant:
    return Assistant(engine=engine, services=services, clock=clock)


@pytest.fixture
def say(db_assistant: Assistant) -> Say:
    """One message from a Telegram user in a private chat; the replies' text."""

    async def _say(text: str = "", *, user: str = "100", choice: str | None = None) -> str:
        inbound = Inbound(channel="telegram", chat_id=user, user_id=user, text=text, choice=choice)
        return "\n\n".join(reply.text for reply in await db_assistant.handle(inbound))

    return _say


async def _invite_code(engine: AsyncEngine, services: Services, clock: FakeClock) -> str:
    async with session_scope(engine) as session:
        session.add(Unit(code=UNIT_CODE, name=UNIT_NAME, kind="commune"))
        await session.flush()
        created = await create_invite(
            session,
            unit_code=UNIT_CODE,
            role=Role.ADMIN,
            max_uses=1,
            ttl=DEFAULT_TTL,
            pepper=services.invite_pepper,
            now=clock.now,
        )
    return created.code


async def _unanswered(engine: AsyncEngine) -> list[str]:
    async with session_scope(engine) as session:
        return list((await session.exec(select(UnansweredQuestion.question))).all())


@pytest.mark.parametrize(
    "template",
    [
        "Mã mời của tôi là {code}.",
        "ma moi cua toi la {lower} nhe",
        "Mã: {spaced}, cảm ơn anh",
    ],
)
async def test_code_inside_a_sentence_registers(
    template: str, say: Say, engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    code = await _invite_code(engine, services, clock)
    typed = template.format(code=code, lower=code.lower(), spaced=code.replace("-", " – ").lower())

    accepted = await say(typed)
    await say("Đồng ý")
    await say("Nguyễn Văn An")
    await say("Chủ tịch UBND xã")

    assert accepted.startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME) + "\n\n")
    async with session_scope(engine) as session:
        officials = (await session.exec(select(Official))).all()
    assert [(o.full_name, o.position) for o in officials] == [
        ("Nguyễn Văn An", "Chủ tịch UBND xã")
    ]


async def test_no_table_holds_a_code_after_codes_in_messages(
    say: Say, engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    code = await _invite_code(engine, services, clock)
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    long_question = (
        "Xin hỏi về giá vàng và giá xăng hôm nay ở thành phố, anh chị cho em hỏi kỹ một chút "
        f"vì em đang cần gấp cho cuộc họp chiều nay, mã của em là {wrong} nếu cần "
        "kiểm tra lại thì anh chị cứ gọi cho em nhé, em cảm ơn anh chị rất nhiều ạ."
    )

    wrong_reply = await say(f"Mã mời của tôi là {wrong}.", user="200")
    await say(long_question, user="200")
    await say(f"Mã mời của tôi là {code}.")
    await say("1")
    await say("Nguyễn Văn An")
    await say("Chủ tịch UBND xã")
    await say("/thongbao")
    await say(choice="bc:all")
    await say(f"Mã mới cho xã: {code.lower()}")  # an admin quoting a code in a broadcast
    stored = await every_value(engine)

    assert wrong_reply == texts.INVITE_WRONG.format(office=COORDINATING_OFFICE)
    assert len(await _unanswered(engine)) == 1
    assert CODE_SHAPED.search(stored) is None
    assert code.upper().replace("-", "")[3:] not in stored.upper().replace("-", "")


async def test_nul_in_a_question_is_refused_with_a_reason(say: Say, engine: AsyncEngine) -> None:
    reply = await say("giá vàng\x00 hôm nay bao nhiêu")

    assert reply == texts.NUL_REFUSED
    assert await _unanswered(engine) == []


async def test_control_characters_are_dropped_before_storing(
    say: Say, engine: AsyncEngine
) -> None:
    await say("giá vàng\x1b[2J hôm\x07 nay\x0bbao nhiêu\x7f\x9b?")

    assert await _unanswered(engine) == ["giá vàng[2J hôm nay bao nhiêu?"]


async def test_formulas_markup_and_non_words_are_not_kept_as_questions(
    say: Say, engine: AsyncEngine
) -> None:
    for junk in ("<script>alert(1)</script>", "=SUM(A1:A9)", "=cmd|' /C calc'!A0", "xyz qwrt"):
        reply = await say(junk)
        assert reply.startswith("Xin lỗi")  # still told politely that the plan has no answer
    await say("lương cán bộ xã bao nhiêu?")

    assert await _unanswered(engine) == ["lương cán bộ xã bao nhiêu?"]


async def test_huge_id_in_a_mute_button_gets_the_stale_button_answer(say: Say) -> None:
    reply = await say(choice="rm:mute:99999999999999999999")

    assert reply == texts.CHOICE_EXPIRED


@pytest.mark.parametrize("key", ["rm:mute:²", "rm:mute:-1", "menu:help\x00", "rm:" + "9" * 80])
async def test_forged_choice_key_gets_the_stale_button_answer(key: str, say: Say) -> None:
    reply = await say(choice=key)

    assert reply == texts.CHOICE_EXPIRED


async def test_typed_superscript_digit_is_not_taken_for_a_choice(say: Say) -> None:
    await say("/start")

    reply = await say("²")

    assert reply != texts.INTERNAL_ERROR
