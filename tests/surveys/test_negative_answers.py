"""A negative answer typed at a choice question («chưa làm được gì», three words ending in
«gì») is a try at an answer, not a question about the plan: it picks the option that clearly
means «none», or the official is asked to pick a button; a real question is still answered
(README «Progress reports (surveys)»)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town, chat_with_survey
from tests.surveys.test_flow import fill, stored

NEGATIVE = ["chưa làm được gì", "chưa có gì", "không có gì", "chưa làm gì", "Dạ chưa ạ"]


@pytest.mark.parametrize("typed", NEGATIVE)
async def test_negative_words_at_a_yes_no_question_are_no(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await an.say("/baocao")  # question 1, «Có / Không»

    reply = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert answers == {"dau_moi": "khong"}
    assert reply.startswith(texts.SURVEY_READ_AS.format(typed=typed, option="Không", number=1))
    assert texts.SURVEY_BACK_TO_QUESTION not in reply
    assert "Câu 3/8" in reply  # question 2 applies only to «Có»


@pytest.mark.parametrize("typed", ["chưa làm được gì", "không có buổi nào", "chưa"])
async def test_negative_words_at_a_count_in_ranges_are_the_range_of_zero(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, ["/baocao", "co", "12", "5", "80", "40"])  # question 6, «bao nhiêu buổi»

    reply = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert answers["giao_ban"] == "khong-co"
    assert "«Chưa có buổi nào»" in reply and "Câu 7/8" in reply


@pytest.mark.parametrize("typed", ["xã phải làm gì theo kế hoạch", "sắp tới có hạn gì"])
async def test_a_real_question_at_a_choice_question_is_still_answered(
    an: Chat, binh: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await an.say("/baocao")

    reply = await an.say(typed)
    outside = await binh.say(typed)
    _, answers = await stored(sqlite_engine)

    assert answers == {}
    assert reply.startswith(outside.split("\n")[0])
    assert texts.SURVEY_BACK_TO_QUESTION in reply and "Câu 1/8" in reply


async def test_not_knowing_is_no_answer(an: Chat, sqlite_engine: AsyncEngine) -> None:
    await an.say("/baocao")

    await an.say("không biết phải làm gì")
    _, answers = await stored(sqlite_engine)

    assert answers == {}


DEFINITION = """\
id: thu-nghiem
title: Khảo sát thử
period: month
due: {day: 20}
audience: [commune]
questions:
  - id: trien_khai
    type: single_choice
    text: Đơn vị đã triển khai sổ tay điện tử chưa?
    options:
      - {code: xong, label: Đã hoàn thành}
      - {code: dang, label: Đang triển khai}
      - {code: chua, label: Chưa triển khai}
  - id: kenh
    type: single_choice
    text: Kênh liên lạc chính của đơn vị?
    options:
      - {code: zalo, label: Zalo}
      - {code: dien-thoai, label: Điện thoại}
"""


@pytest.fixture
def chat(
    tmp_path: Path, services: Services, sqlite_engine: AsyncEngine, clock: FakeClock, town: Town
) -> Chat:
    return chat_with_survey(tmp_path, services, sqlite_engine, clock, DEFINITION)


async def test_the_option_that_says_not_yet_is_picked(
    chat: Chat, sqlite_engine: AsyncEngine
) -> None:
    await chat.say("/baocao")

    reply = await chat.say("chưa làm được gì")
    _, answers = await stored(sqlite_engine)

    assert answers == {"trien_khai": "chua"}
    assert "«Chưa triển khai»" in reply and "Câu 2/2" in reply


async def test_without_a_fitting_option_a_button_is_asked_for(
    chat: Chat, sqlite_engine: AsyncEngine
) -> None:
    await chat.say("/baocao")
    await chat.say("Đang triển khai")

    reply = await chat.say("chưa có gì")
    _, answers = await stored(sqlite_engine)

    assert answers == {"trien_khai": "dang"}
    assert reply.startswith("Chưa nhận được câu trả lời: ")
    assert texts.SURVEY_NEGATIVE_UNMATCHED.format(typed="chưa có gì") in reply
    assert texts.SURVEY_BACK_TO_QUESTION not in reply
    assert "Câu 2/2" in reply
