"""Words that read as an instruction («Gửi đi», «xong», «gửi báo cáo») typed at a free-text
question are not stored silently: the official is asked whether they are the answer, with
«Ghi như vậy» and «Bỏ qua» (README «Progress reports (surveys)»)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import texts
from handlers.survey_view import KEY_KEEP_TEXT, KEY_SKIP
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import fill, stored

TO_QUESTION_8 = ["/baocao", "co", "12", "5", "80", "40", "1 buổi", "bo qua"]


@pytest.mark.parametrize("typed", ["Gửi đi", "gửi", "Xong", "gửi báo cáo", "Dạ gửi đi ạ"])
async def test_command_like_words_at_the_last_question_are_asked_about(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, TO_QUESTION_8)

    asked = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert asked == texts.SURVEY_TEXT_LOOKS_LIKE_A_COMMAND.format(text=typed, number=8)
    assert an.keys == [KEY_KEEP_TEXT, KEY_SKIP]
    assert "de_xuat" not in answers


async def test_skip_after_the_question_leaves_the_proposal_empty(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_8, "Gửi đi"])

    summary = await an.say("Bỏ qua")
    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] is None
    assert "8. Đề xuất, kiến nghị: (bỏ qua)" in summary and "Gửi báo cáo" in summary


async def test_keep_stores_the_words_as_typed(an: Chat, sqlite_engine: AsyncEngine) -> None:
    await fill(an, [*TO_QUESTION_8, "xong"])

    summary = await an.say(choice=KEY_KEEP_TEXT)
    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] == "xong"
    assert "8. Đề xuất, kiến nghị: xong" in summary


async def test_another_answer_typed_instead_is_stored(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_8, "Gửi đi"])

    await an.say("Đề nghị tập huấn thêm")
    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] == "Đề nghị tập huấn thêm"


async def test_a_sentence_that_mentions_sending_is_an_answer(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_8, "Gửi thêm tài liệu hướng dẫn"])

    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] == "Gửi thêm tài liệu hướng dẫn"
