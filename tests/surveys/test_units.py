"""A number typed with a unit word that contradicts the question («15 người» at a percentage,
«3 buổi» at a count of people) is asked again with the reason; the question's own unit is
accepted. The expected unit comes from the definition (`unit:`, and «%» for a percentage)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers.survey_values import InvalidAnswer, parse_typed
from knowledge.surveys import SURVEYS_DIR, Question, load_definition
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import fill, stored

TO_QUESTION_4 = ["/baocao", "co", "12", "5"]


def _question(question_id: str) -> Question:
    question = load_definition(SURVEYS_DIR / "bao-cao-quy.yaml").question(question_id)
    assert question is not None
    return question


@pytest.mark.parametrize(
    ("question_id", "typed", "expected"),
    [
        ("ty_le_nen_tang", "15%", 15.0),
        ("ty_le_nen_tang", "15 %", 15.0),
        ("ty_le_nen_tang", "15 phần trăm", 15.0),
        ("so_mang_luoi", "12 người", 12),
        ("so_mang_luoi", "12 nguoi a", 12),
        ("so_tap_huan", "7 cán bộ", 7),
        ("to_cong_nghe", "40 thành viên", 40),
        ("to_cong_nghe", "40 ạ", 40),
    ],
)
def test_the_questions_own_unit_is_accepted(
    question_id: str, typed: str, expected: object
) -> None:
    assert parse_typed(_question(question_id), typed) == expected


@pytest.mark.parametrize(
    ("question_id", "typed", "named"),
    [
        ("ty_le_nen_tang", "15 người", "số người"),
        ("to_cong_nghe", "3 buổi", "số buổi"),
        ("to_cong_nghe", "3 lần", "số buổi"),
        ("so_tap_huan", "15%", "tỷ lệ phần trăm (%)"),
        ("so_mang_luoi", "15 phần trăm", "tỷ lệ phần trăm (%)"),
    ],
)
def test_a_unit_of_another_measure_is_refused(question_id: str, typed: str, named: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        parse_typed(_question(question_id), typed)

    assert caught.value.reason == "unit"
    assert caught.value.typed is not None and caught.value.typed.what == named


async def test_people_at_a_percentage_are_asked_again_with_the_reason(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, TO_QUESTION_4)

    refused = await an.say("15 người")
    _, before = await stored(sqlite_engine)
    accepted = await an.say("15 %")
    _, after = await stored(sqlite_engine)

    assert "Câu này hỏi tỷ lệ phần trăm (%), không phải số người" in refused
    assert "ví dụ: 15%" in refused and "Câu 4/8" in refused
    assert "ty_le_nen_tang" not in before
    assert after["ty_le_nen_tang"] == 15 and "Câu 5/8" in accepted


async def test_meetings_at_a_count_of_members_are_asked_again(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_4, "80"])

    refused = await an.say("3 buổi")
    accepted = await an.say("12 người")
    _, answers = await stored(sqlite_engine)

    assert "Câu này hỏi số người, không phải số buổi" in refused and "Câu 5/8" in refused
    assert answers["to_cong_nghe"] == 12 and "Câu 6/8" in accepted


async def test_people_at_the_count_of_meetings_pick_no_range(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, [*TO_QUESTION_4, "80", "40"])

    refused = await an.say("3 người")
    await an.say("2 buổi")
    _, answers = await stored(sqlite_engine)

    assert "Câu này hỏi số buổi, không phải số người" in refused and "Câu 6/8" in refused
    assert answers["giao_ban"] == "hai-ba"
