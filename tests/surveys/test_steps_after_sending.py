"""Steps of the report that a sent report, a button label or a question typed mid-report used
to get wrong (walk 5): a sent report with nothing pending no longer holds the chat, every
button label of the flow typed at a free-text question is asked about or acted on, a question
typed at a choice question is answered, and the notes that say who sent or discarded what."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import texts
from handlers.survey_view import (
    KEY_DISCARD_YES,
    KEY_EDIT_PICK,
    KEY_KEEP_TEXT,
    KEY_SKIP,
    KEY_SUBMIT,
)
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import FULL, fill, stored

LIVE = "don vi toi da bao cao chua"
PLAN = "ty le ho so giai quyet truc tuyen toan trinh phai dat bao nhieu"
HINT = texts.SURVEY_SUMMARY_HINT.split("{")[0]  # «Ở bước này mình chỉ nhận: …»


async def _sent(chat: Chat) -> None:
    await fill(chat, FULL)
    await chat.say(choice=KEY_SUBMIT)


@pytest.mark.parametrize("typed", [LIVE, PLAN, "bao cao quy 3 cua xa minh nop muon duoc ko"])
async def test_question_at_a_sent_report_with_nothing_pending_is_answered_as_outside(
    an: Chat, binh: Chat, typed: str
) -> None:
    await _sent(an)
    await an.say("/baocao")  # the sent report's summary

    reply = await an.say(typed)
    outside = await binh.say(typed)  # a colleague of the same unit, not in the report

    assert HINT not in reply
    assert reply == outside


async def test_sent_report_left_by_a_question_still_opens_an_edit(an: Chat) -> None:
    await _sent(an)
    await an.say("/baocao")
    await an.say(LIVE)

    reply = await an.say("Sửa câu 3")

    assert "Câu 3/8" in reply


async def test_live_question_at_a_pending_summary_is_answered_then_the_step(
    an: Chat, binh: Chat
) -> None:
    await _sent(an)
    await an.say("Sửa câu 3")
    await an.say("7")  # pending: not sent again

    reply = await an.say(LIVE)
    outside = await binh.say(LIVE)

    assert reply.startswith(outside)
    assert texts.SURVEY_BACK_TO_SUMMARY in reply
    assert HINT not in reply


@pytest.mark.parametrize(
    "typed",
    [
        texts.SURVEY_DISCARD,
        "bo cac thay doi",
        texts.SURVEY_DISCARD_NO,
        texts.SURVEY_EDIT_PICK,
        texts.SURVEY_KEEP_TEXT,
    ],
)
async def test_button_labels_at_a_free_text_question_are_not_stored(
    an: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await fill(an, FULL[:-1])  # at question 8, a free-text question of a draft

    asked = await an.say(typed)
    _, answers = await stored(sqlite_engine)

    assert "de_xuat" not in answers
    assert asked == texts.SURVEY_TEXT_LOOKS_LIKE_A_COMMAND.format(text=typed, number=8)
    assert an.keys == [KEY_KEEP_TEXT, KEY_SKIP]


async def test_discard_typed_at_an_edit_of_a_sent_report_asks_to_discard(
    an: Chat, binh: Chat, sqlite_engine: AsyncEngine
) -> None:
    await _sent(an)
    await an.say("Sửa câu 7")
    await an.say("Thiếu thiết bị")  # pending edit of question 7
    await binh.say("Sửa câu 7")

    asked = await binh.say("Bỏ các thay đổi")
    _, answers = await stored(sqlite_engine)

    assert answers["kho_khan"] == "Thiếu thiết bị"
    assert asked.startswith("Bỏ 1 thay đổi chưa gửi lại (câu 7)")
    assert KEY_DISCARD_YES in binh.keys


@pytest.mark.parametrize(
    "typed", ["sap toi co han gi", "cau nay hoi gi vay", "co phai bao cao ca thon khong?"]
)
async def test_question_typed_at_a_choice_question_is_answered_then_asked_again(
    an: Chat, binh: Chat, sqlite_engine: AsyncEngine, typed: str
) -> None:
    await an.say("/baocao")  # question 1, «Có / Không»

    reply = await an.say(typed)
    outside = await binh.say(typed)
    _, answers = await stored(sqlite_engine)

    assert texts.SURVEY_INVALID["choice"] not in reply
    assert reply.startswith(outside.split("\n")[0])
    assert texts.SURVEY_BACK_TO_QUESTION in reply and "Câu 1/8" in reply
    assert answers == {}


async def test_cancel_at_a_sent_report_with_nothing_pending_says_it_is_kept(an: Chat) -> None:
    await _sent(an)
    await an.say("/baocao")

    reply = await an.say("/huy")

    assert reply != texts.SURVEY_CANCELLED
    assert "tạm dừng" not in reply
    assert "đã gửi" in reply


async def test_older_send_button_after_a_first_submission_says_sent_not_resent(
    an: Chat, binh: Chat
) -> None:
    await fill(an, FULL)
    await binh.say("/baocao")  # the same summary, not sent yet
    await an.say(choice=KEY_SUBMIT)

    reply = await binh.say(choice=KEY_SUBMIT)

    assert "Nguyễn Văn An đã gửi báo cáo lúc" in reply
    assert "gửi lại báo cáo" not in reply


async def test_edit_discarded_by_a_colleague_is_attributed(an: Chat, binh: Chat) -> None:
    await _sent(an)
    await an.say("Sửa câu 3")
    await an.say("7")  # An's pending edit, summary shown
    await binh.say("/baocao")
    await binh.say(texts.SURVEY_DISCARD)
    await binh.say(choice=KEY_DISCARD_YES)

    reply = await an.say(choice=KEY_SUBMIT)

    assert "Trần Thị Bình đã bỏ" in reply
    assert "câu 3" in reply
    assert KEY_EDIT_PICK in an.keys
