"""Small texts of the report flow (issue 10, item 17), through the real assistant."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import texts
from handlers.survey_values import parse_typed
from knowledge.surveys import Question
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import FULL, fill, stored


async def test_resume_names_the_report_once_when_draft_is_reopened(an: Chat) -> None:
    await fill(an, ["/baocao", "co", "/huy"])

    resumed = await an.say("/baocao")

    assert "Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND — quý IV/2026" in resumed
    assert "báo cáo Báo cáo" not in resumed


async def test_reopening_a_sent_report_says_it_was_sent_not_continue(an: Chat) -> None:
    await fill(an)
    await an.say("gui bao cao")

    reopened = await an.say("/baocao")

    assert "Tiếp tục" not in reopened
    assert "đơn vị đã gửi lúc 09:00 ngày 30/11/2026" in reopened


async def test_summary_shows_percent_with_its_sign_and_header_without_it(an: Chat) -> None:
    summary = await fill(an)

    assert "4. Tỷ lệ sử dụng nền tảng số: 62,5%\n" in summary
    assert "(%)" not in summary


async def test_cancel_in_report_says_how_to_resume(an: Chat) -> None:
    await fill(an, ["/baocao", "co"])

    paused = await an.say("/huy")

    assert paused == texts.SURVEY_CANCELLED
    assert "/baocao" in paused


async def test_empty_message_at_optional_question_offers_skip_not_required(an: Chat) -> None:
    await fill(an, FULL[:-2])

    reply = await an.say("   ")

    assert "bắt buộc" not in reply
    assert "«Bỏ qua»" in reply
    assert "Câu 7/8" in reply


async def test_number_followed_by_unit_word_is_accepted(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, ["/baocao", "co", "15 người", "3 ạ"])

    _, answers = await stored(sqlite_engine)

    assert (answers["so_mang_luoi"], answers["so_tap_huan"]) == (15, 3)


def test_number_with_unit_words_and_thousands_is_parsed_when_typed() -> None:
    question = Question.model_validate({"id": "q", "text": "Số lượt?", "type": "integer"})

    assert parse_typed(question, "1.200 lượt truy cập") == 1200


async def test_question_asked_mid_report_is_answered_then_question_reasked(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, ["/baocao", "co"])

    reply = await an.say("Mạng lưới chuyển đổi số gồm những ai?")

    _, answers = await stored(sqlite_engine)
    assert texts.SURVEY_INVALID["integer"] not in reply
    assert len(an.last) == 2
    assert an.last[0].choices == ()
    assert an.last[1].text.startswith(texts.SURVEY_BACK_TO_QUESTION + "\nCâu 2/8")
    assert answers == {"dau_moi": "co"}


async def test_answer_cut_mid_report_says_how_to_read_the_rest(an: Chat) -> None:
    await fill(an, ["/baocao", "co"])

    await an.say("thành viên mạng lưới chuyển đổi số của tỉnh gồm những ai?")

    answer = an.last[0]
    assert "mục III.5.b" in answer.text and answer.choices == ()
    # Three of the list's six members fit; no «Xem đầy đủ» is offered here, so none is named.
    assert answer.text.endswith("(còn tiếp; gõ lại câu hỏi khi đã xong báo cáo để đọc hết)")
    assert "Xem đầy đủ" not in answer.text


async def test_question_word_without_question_mark_is_answered_mid_report(an: Chat) -> None:
    await fill(an, ["/baocao", "co"])

    await an.say("mang luoi cds gom nhung ai")

    assert an.last[-1].text.startswith(texts.SURVEY_BACK_TO_QUESTION)
