"""Questions in chat: cited answers, follow-ups, did-you-mean and unanswered questions kept."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import Channel, Inbound, texts
from knowledge import parse_section_key
from storage.db import session_scope
from storage.models import UnansweredQuestion
from tests.conftest import FakeClock


def _msg(text: str = "", *, choice: str | None = None) -> Inbound:
    return Inbound(channel=Channel.CONSOLE, chat_id="9", user_id="9", text=text, choice=choice)


async def test_question_without_diacritics_gets_cited_answer(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("han thiet lap mang luoi cds"))

    # The test clock reads 30/11/2026: the plan's deadline passed long ago.
    assert replies[0].text.startswith("Hạn: tháng 5/2024 (đã qua).")
    assert "(Kế hoạch 87/KH-UBND, mục IV.2.c)" in replies[0].text.splitlines()


async def test_plan_deadline_is_passed_only_after_its_last_day(
    assistant: Assistant, clock: FakeClock
) -> None:
    # "Tháng 5/2024" runs to 31/5 in Việt Nam (UTC+7): 17:00 UTC on 31/5 is already 1/6.
    clock.now = datetime(2024, 5, 31, 16, 0, tzinfo=UTC)
    running = await assistant.handle(_msg("han thiet lap mang luoi cds"))
    clock.now = datetime(2024, 5, 31, 17, 0, tzinfo=UTC)
    passed = await assistant.handle(_msg("han thiet lap mang luoi cds"))

    assert running[0].text.startswith("Hạn: tháng 5/2024.\n")
    assert passed[0].text.startswith("Hạn: tháng 5/2024 (đã qua).\n")


async def test_follow_up_choice_shows_that_section(assistant: Assistant) -> None:
    first = await assistant.handle(_msg("Ai điều phối mạng lưới chuyển đổi số tỉnh?"))
    follow_up = first[0].choices[0]
    section = parse_section_key(follow_up.key)

    replies = await assistant.handle(_msg(choice=follow_up.key))

    assert section is not None
    assert f"mục {section[1]})" in replies[0].text


async def test_typed_number_picks_follow_up(assistant: Assistant) -> None:
    first = await assistant.handle(_msg("Ai điều phối mạng lưới chuyển đổi số tỉnh?"))
    section = parse_section_key(first[0].choices[1].key)

    replies = await assistant.handle(_msg("2"))

    assert section is not None and f"mục {section[1]})" in replies[0].text


async def test_out_of_scope_offers_three_closest_sections(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("Công thức nấu phở bò"))

    assert "không đề cập" in replies[0].text
    assert len(replies[0].choices) == 3
    assert all(parse_section_key(choice.key) for choice in replies[0].choices)
    assert all(len(choice.label) <= 64 for choice in replies[0].choices)


async def test_out_of_scope_question_is_kept_without_personal_data(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await assistant.handle(_msg("giá vàng hôm nay bao nhiêu"))

    async with session_scope(sqlite_engine) as session:
        rows = (await session.exec(select(UnansweredQuestion))).all()

    assert [(r.question, r.channel, r.unit_id) for r in rows] == [
        ("giá vàng hôm nay bao nhiêu", "console", None)
    ]


async def test_answered_question_is_not_kept(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await assistant.handle(_msg("Ai điều phối mạng lưới chuyển đổi số tỉnh?"))

    async with session_scope(sqlite_engine) as session:
        rows = (await session.exec(select(UnansweredQuestion))).all()

    assert rows == []


async def test_forged_section_key_gets_polite_message(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg(choice="kb:nope:XIV.9.z"))

    assert replies[0].text == texts.CHOICE_EXPIRED
