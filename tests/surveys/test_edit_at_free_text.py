"""«Sửa câu 3» typed at a free-text question (7 or 8) is not stored as its answer: the official
is asked whether they mean to change question 3 or to record the words, with a button for
each, and nothing is stored until they choose (README «Progress reports (surveys)»)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import texts
from handlers.survey_view import KEY_EDIT, KEY_KEEP_TEXT, KEY_SKIP
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import FULL, fill, stored

TO_QUESTION_7 = ["/baocao", "co", "12", "5", "80", "40", "1 buổi"]
TO_QUESTION_8 = [*TO_QUESTION_7, "bo qua"]


@pytest.mark.parametrize(
    "typed", ["Sửa câu 3", "sửa câu 3", "sua cau 3", "Sửa 3", "Sửa câu 3.", "Dạ sửa câu 3 ạ"]
)
async def test_an_edit_typed_at_the_last_question_is_asked_about(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, TO_QUESTION_8)

    asked = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert "de_xuat" not in answers
    assert asked == texts.SURVEY_TEXT_LOOKS_LIKE_AN_EDIT.format(text=typed, target=3, number=8)
    assert an.keys == [KEY_EDIT + "3", KEY_KEEP_TEXT]


async def test_an_edit_typed_at_question_7_is_asked_about(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, TO_QUESTION_7)

    asked = await an.say("Sửa câu 2")
    _, answers = await stored(sqlite_engine)

    assert "kho_khan" not in answers
    assert asked == texts.SURVEY_TEXT_LOOKS_LIKE_AN_EDIT.format(
        text="Sửa câu 2", target=2, number=7
    )


async def test_choosing_the_edit_opens_that_question(an: Chat, sqlite_engine: AsyncEngine) -> None:
    await fill(an, [*TO_QUESTION_8, "Sửa câu 3"])

    opened = await an.say(choice=KEY_EDIT + "3")
    _, answers = await stored(sqlite_engine)

    assert "sửa câu 3:" in opened and "Câu 3/8" in opened
    assert "Câu trả lời hiện tại: 5" in opened
    assert "de_xuat" not in answers
    await an.say("7")
    _, answers = await stored(sqlite_engine)
    assert answers["so_tap_huan"] == 7


async def test_the_edit_typed_again_opens_that_question(an: Chat) -> None:
    await fill(an, [*TO_QUESTION_8, "sua cau 3"])

    opened = await an.say("Sửa câu 3")

    assert "Câu 3/8" in opened


async def test_choosing_to_record_stores_the_words_as_typed(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_8, "Sửa câu 3"])

    summary = await an.say(choice=KEY_KEEP_TEXT)
    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] == "Sửa câu 3"
    assert "8. Đề xuất, kiến nghị: Sửa câu 3" in summary


async def test_another_answer_typed_instead_is_stored(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_8, "Sửa câu 3"])

    await an.say("Đề nghị tập huấn thêm")
    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] == "Đề nghị tập huấn thêm"


async def test_an_edit_typed_while_changing_question_8_is_asked_about(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*FULL, "Sửa câu 8"])

    asked = await an.say("sửa câu 2")
    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] == "Không có gì"
    assert asked == texts.SURVEY_TEXT_LOOKS_LIKE_AN_EDIT.format(
        text="sửa câu 2", target=2, number=8
    )


async def test_a_sentence_that_mentions_an_edit_is_an_answer(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_8, "Sửa câu 3 trong mẫu báo cáo cho rõ hơn"])

    _, answers = await stored(sqlite_engine)

    assert answers["de_xuat"] == "Sửa câu 3 trong mẫu báo cáo cho rõ hơn"


@pytest.mark.parametrize("typed", ["Sửa câu 12", "sua cau 0"])
async def test_an_edit_of_a_question_the_report_has_not_is_not_offered(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, TO_QUESTION_8)

    asked = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert "de_xuat" not in answers
    number = typed.split()[-1]
    assert asked == texts.SURVEY_TEXT_NAMES_NO_QUESTION.format(text=typed, target=number, number=8)
    assert asked.startswith(f"Báo cáo không có câu {number} (hoặc câu này không áp dụng).")
    # Question 8 is optional: the words, or nothing.
    assert an.keys == [KEY_KEEP_TEXT, KEY_SKIP]

    summary = await an.say(choice=KEY_KEEP_TEXT)
    _, answers = await stored(sqlite_engine)
    assert answers["de_xuat"] == typed
    assert f"8. Đề xuất, kiến nghị: {typed}" in summary
