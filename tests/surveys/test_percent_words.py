"""A percentage typed in words asks for digits; one out of 0–100 gets the range (they had the same
message, «Tỷ lệ phải là một số từ 0 đến 100.», walk on a phone, finding 5)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import texts
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import fill, stored

TO_QUESTION_4 = ["/baocao", "co", "12", "5"]
REFUSED = texts.SURVEY_REJECTED.format(reason="{reason}")


@pytest.mark.parametrize("typed", ["tam muoi phan tram", "tám mươi phần trăm", "tám mươi"])
async def test_a_percentage_in_words_asks_for_digits(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, TO_QUESTION_4)

    reply = await an.say(typed)

    _, answers = await stored(sqlite_engine)
    assert "ty_le_nen_tang" not in answers
    assert reply.startswith(
        REFUSED.format(reason="Tỷ lệ cần gõ bằng chữ số, ví dụ 80 hoặc 62,5%.")
    )
    assert "Câu 4/8" in reply


@pytest.mark.parametrize("typed", ["150", "150%", "-5"])
async def test_a_percentage_out_of_range_gets_the_range(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, TO_QUESTION_4)

    reply = await an.say(typed)

    _, answers = await stored(sqlite_engine)
    assert "ty_le_nen_tang" not in answers
    assert reply.startswith(REFUSED.format(reason="Tỷ lệ phải là một số từ 0 đến 100."))
