"""An answer that makes a later question not apply says so («Câu 2 không áp dụng vì câu trả lời
câu 1 là «Không».») instead of jumping silently to question 3 (walk on a phone, finding 4)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import texts
from handlers.survey_view import KEY_SUBMIT
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import FULL, fill, stored

SKIPPED = texts.SURVEY_NOT_APPLICABLE.format(numbers=2, number=1, value="Không")


@pytest.mark.parametrize("typed", ["Không", "khong", "2"])
async def test_no_at_question_1_says_question_2_does_not_apply(an: Chat, typed: str) -> None:
    await an.say("/baocao")

    reply = await an.say(typed)

    assert reply.startswith(SKIPPED + "\nCâu 3/8")


async def test_the_note_follows_how_words_were_read(an: Chat) -> None:
    await an.say("/baocao")

    reply = await an.say("chưa")

    read_as = texts.SURVEY_READ_AS.format(typed="chưa", option="Không", number=1)
    assert reply.startswith(f"{read_as}\n{SKIPPED}\nCâu 3/8")


async def test_yes_says_nothing_of_the_kind(an: Chat) -> None:
    await an.say("/baocao")

    reply = await an.say("Có")

    assert reply.startswith("Câu 2/8") and "không áp dụng" not in reply


async def test_an_edit_of_a_sent_report_that_drops_question_2_says_so(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, FULL)
    await an.say(choice=KEY_SUBMIT)
    await an.say("Sửa câu 1")

    reply = await an.say("Không")

    _, answers = await stored(sqlite_engine)
    assert answers["dau_moi"] == "khong"
    assert reply.startswith(SKIPPED + "\n")
