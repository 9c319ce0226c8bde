"""«chưa có gì», «không có», «chưa có buổi nào», a bare «không» typed at a number question that
counts something and allows 0 (its definition's lower bound is 0) is the count 0, stored with
a line saying how it was read; any other words, or a count that does not allow 0, are refused
as before (README «Progress reports (surveys)»)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town, chat_with_survey
from tests.surveys.test_flow import fill, stored

TO_QUESTION_3 = ["/baocao", "khong"]  # question 3: officials trained, 0 to 1.000 people

DEFINITION = """\
id: thu-nghiem
title: Khảo sát thử
period: month
due: {day: 20}
audience: [commune]
questions:
  - id: so_buoi
    type: integer
    unit: buổi
    text: Số buổi tập huấn đã tổ chức trong tháng?
    constraint: {min: 0, max: 100, message: Số buổi phải là số nguyên từ 0 đến 100.}
  - id: so_lop
    type: integer
    text: Số lớp đang mở (ít nhất 1)?
    constraint: {min: 1, max: 50, message: Số lớp phải là số nguyên từ 1 đến 50.}
  - id: chenh_lech
    type: integer
    text: Chênh lệch số hồ sơ so với tháng trước?
"""


@pytest.fixture
def chat(
    tmp_path: Path,
    services: Services,
    sqlite_engine: AsyncEngine,
    clock: FakeClock,
    town: Town,
) -> Chat:
    return chat_with_survey(tmp_path, services, sqlite_engine, clock, DEFINITION)


@pytest.mark.parametrize(
    "typed",
    ["chưa có gì", "không có", "Dạ chưa có ai ạ", "không có người nào", "khong co gi ca"],
)
async def test_none_at_a_count_of_people_is_zero(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, TO_QUESTION_3)

    reply = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert answers["so_tap_huan"] == 0
    read_as = texts.SURVEY_NONE_READ_AS_ZERO.format(typed=typed, value="0 người", number=3)
    assert reply.startswith(read_as + "\n")
    assert "Câu 4/8" in reply


@pytest.mark.parametrize(
    "typed", ["chưa có buổi nào", "Không có gì ạ", "chưa có", "không", "Dạ không ạ", "ko"]
)
async def test_none_at_a_count_of_sessions_is_zero(
    chat: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await chat.say("/baocao")

    reply = await chat.say(typed)
    _, answers = await stored(sqlite_engine)

    assert answers["so_buoi"] == 0
    read_as = texts.SURVEY_NONE_READ_AS_ZERO.format(typed=typed, value="0 buổi", number=1)
    assert reply.startswith(read_as + "\n")
    assert "Câu 2/3" in reply


async def test_none_of_another_measure_is_asked_again_with_the_reason(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, TO_QUESTION_3)

    reply = await an.say("chưa có buổi nào")  # question 3 counts people, not sessions
    _, answers = await stored(sqlite_engine)

    assert "so_tap_huan" not in answers
    assert "Câu này hỏi số người, không phải số buổi." in reply
    assert "Câu 3/8" in reply


@pytest.mark.parametrize(
    "typed", ["chưa có số liệu", "chưa thống kê", "không biết", "chưa có lớp nào", "chưa"]
)
async def test_other_words_are_refused_as_before(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, TO_QUESTION_3)

    reply = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert "so_tap_huan" not in answers
    assert texts.SURVEY_INVALID["integer"] in reply
    assert "Mình hiểu" not in reply


async def test_none_at_a_count_that_does_not_allow_zero_is_refused(
    chat: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(chat, ["/baocao", "2"])

    reply = await chat.say("chưa có gì")
    _, answers = await stored(sqlite_engine)

    assert "so_lop" not in answers
    assert texts.SURVEY_INVALID["integer"] in reply and "Câu 2/3" in reply


async def test_none_at_a_number_without_bounds_is_refused(
    chat: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(chat, ["/baocao", "2", "3"])

    reply = await chat.say("không có")
    _, answers = await stored(sqlite_engine)

    assert "chenh_lech" not in answers
    assert texts.SURVEY_INVALID["integer"] in reply and "Câu 3/3" in reply


async def test_none_at_a_percentage_is_refused(an: Chat, sqlite_engine: AsyncEngine) -> None:
    await fill(an, [*TO_QUESTION_3, "5"])  # question 4: a percentage

    reply = await an.say("chưa có gì")
    _, answers = await stored(sqlite_engine)

    assert "ty_le_nen_tang" not in answers
    assert texts.SURVEY_INVALID["percent"] in reply
