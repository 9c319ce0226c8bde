"""«rồi» at a yes/no question («… đã phân công … chưa?») is «Có», said as «chưa» is said to be
«Không» (walk on a phone, finding 3); a negation anywhere, a question, or words the question
does not use are not read as yes (README «Progress reports (surveys)»)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town, chat_with_survey
from tests.surveys.test_flow import stored
from tests.surveys.test_negative_answers import DEFINITION


@pytest.mark.parametrize(
    "typed", ["rồi", "roi", "Rồi ạ", "đã phân công rồi", "Dạ, có rồi ạ.", "da phan cong roi"]
)
async def test_done_at_a_yes_no_question_is_yes(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await an.say("/baocao")  # question 1: «Đơn vị đã phân công … chưa?», «Có / Không»

    reply = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert answers == {"dau_moi": "co"}
    assert reply.startswith(texts.SURVEY_READ_AS.format(typed=typed, option="Có", number=1))
    assert "Câu 2/8" in reply


@pytest.mark.parametrize(
    ("typed", "stored_as"),
    [
        ("chưa phân công rồi", {"dau_moi": "khong"}),  # a negation first: «Không»
        ("không rồi", {"dau_moi": "khong"}),
        ("đã phân công chưa rồi", {}),
        ("phân công rồi chưa", {}),  # asks
        ("nghỉ rồi", {}),  # words the question does not use: not read
        ("rồi sao?", {}),
    ],
)
async def test_negated_asked_or_other_words_with_roi_are_not_yes(
    an: Chat, sqlite_engine: AsyncEngine, typed: str, stored_as: dict[str, str]
) -> None:
    await an.say("/baocao")

    await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert answers == stored_as


async def test_done_is_not_read_where_the_options_are_not_yes_and_no(
    tmp_path: Path, services: Services, sqlite_engine: AsyncEngine, clock: FakeClock, town: Town
) -> None:
    chat = chat_with_survey(tmp_path, services, sqlite_engine, clock, DEFINITION)
    await chat.say("/baocao")  # «Đã hoàn thành / Đang triển khai / Chưa triển khai»

    reply = await chat.say("rồi")
    _, answers = await stored(sqlite_engine)

    assert answers == {}
    assert "Câu 1/2" in reply
