"""A sent report's «Sửa câu trả lời» still works once the chat has left that summary (a
question was asked and answered): before the deadline it asks which question, as at the
summary, instead of being refused as out of date (README «Progress reports (surveys)»)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import Channel, texts
from handlers.survey_view import KEY_EDIT_PICK, KEY_SUBMIT
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town
from tests.surveys.test_flow import FULL, fill, stored


async def _left_sent_summary(chat: Chat) -> None:
    await fill(chat, FULL)
    await chat.say(choice=KEY_SUBMIT)
    await chat.say("/baocao")  # the sent report's summary, «Sửa câu trả lời»
    assert chat.keys == [KEY_EDIT_PICK]
    answered = await chat.say("xã phải làm gì theo kế hoạch")  # leaves the summary
    assert texts.SURVEY_WHICH_QUESTION not in answered and KEY_EDIT_PICK not in chat.keys


async def test_old_edit_button_asks_which_question(
    assistant: Assistant, town: Town, sqlite_engine: AsyncEngine
) -> None:
    web = Chat(assistant, "an-web", Channel.WEB)
    await _left_sent_summary(web)

    pressed = await web.say(choice=KEY_EDIT_PICK)
    opened = await web.say("7")
    await web.say("Thiếu máy tính")
    _, answers = await stored(sqlite_engine)

    assert pressed != texts.CHOICE_EXPIRED
    assert "quý IV/2026 của Xã Bình Sơn: đơn vị đã gửi lúc" in pressed
    assert pressed.endswith(texts.SURVEY_WHICH_QUESTION)
    assert opened.startswith("Báo cáo quý IV/2026 của Xã Bình Sơn — sửa câu 7:\nCâu 7/8")
    assert answers["kho_khan"] == "Thiếu máy tính"


async def test_old_edit_button_after_the_deadline_shows_the_report_read_only(
    an: Chat, clock: FakeClock
) -> None:
    await _left_sent_summary(an)
    clock.now = datetime(2026, 12, 16, 2, 0, tzinfo=UTC)

    pressed = await an.say(choice=KEY_EDIT_PICK)

    assert pressed != texts.CHOICE_EXPIRED
    assert "Tóm tắt" in pressed and texts.SURVEY_WHICH_QUESTION not in pressed
    assert an.keys == []


async def test_old_edit_button_in_the_middle_of_a_draft_is_still_out_of_date(
    an: Chat,
) -> None:
    await fill(an, ["/baocao", "co"])  # at question 2 of a draft

    pressed = await an.say(choice=KEY_EDIT_PICK)

    assert pressed == texts.CHOICE_EXPIRED
