"""A bare number is a button only where the official sees numbers: on Zalo and the console,
which list choices as «1. Quay lại», «2. Bỏ qua», or among a choice question's options. On the
web chat and Telegram, whose buttons carry no numbers, «2» typed at a free-text question does
not press «Bỏ qua» (it erased the answer, walk on a phone, finding 1): it is asked about."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import Channel, Services, texts
from handlers.survey_view import (
    KEY_BACK,
    KEY_DISCARD,
    KEY_KEEP_TEXT,
    KEY_SKIP,
    KEY_SUBMIT,
)
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, add_identity, make_town
from tests.surveys.test_flow import stored
from tests.web.webchat import WebChat, web_app

FULL = ["/baocao", "co", "12", "5", "80", "40", "2 buổi", "Thiếu máy tính", "Không có gì"]
TO_QUESTION_7 = FULL[:7]
SESSION = "unseen-number-web-01"


async def _web(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> WebChat:
    town = await make_town(sqlite_engine)
    await add_identity(
        sqlite_engine, official_id=town.official_id, user=SESSION, channel=Channel.WEB
    )
    return WebChat(web_app(sqlite_engine, services, clock, tmp_path), SESSION)


async def _editing_question_7(chat: WebChat) -> None:
    """The report sent, then «Sửa câu 7» (buttons «Quay lại», «Bỏ qua», no numbers)."""
    for line in FULL:
        await chat.say(line)
    await chat.say(choice=KEY_SUBMIT)
    await chat.say("/baocao")
    await chat.say("Sửa câu 7")
    assert chat.keys == [KEY_BACK, KEY_SKIP]


@pytest.mark.parametrize(
    ("typed", "key", "label"), [("2", KEY_SKIP, "Bỏ qua"), ("1", KEY_BACK, "Quay lại")]
)
async def test_a_bare_number_on_the_web_chat_presses_no_button_at_a_free_text_question(
    typed: str,
    key: str,
    label: str,
    sqlite_engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    web = await _web(sqlite_engine, services, clock, tmp_path)
    await _editing_question_7(web)

    asked = await web.say(typed)

    _, answers = await stored(sqlite_engine)
    assert answers["kho_khan"] == "Thiếu máy tính"
    assert asked == texts.SURVEY_NUMBER_OR_BUTTON.format(typed=typed, number=7, button=label)
    assert web.keys == [KEY_KEEP_TEXT, key]


async def test_after_the_question_the_choice_made_is_stored(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    web = await _web(sqlite_engine, services, clock, tmp_path)
    await _editing_question_7(web)
    await web.say("2")

    kept = await web.say(choice=KEY_KEEP_TEXT)

    _, answers = await stored(sqlite_engine)
    assert answers["kho_khan"] == "2"
    assert "7. Khó khăn, vướng mắc: 2" in kept


async def test_another_answer_typed_after_the_question_is_stored(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    web = await _web(sqlite_engine, services, clock, tmp_path)
    await _editing_question_7(web)
    await web.say("2")

    await web.say("Thiếu máy tính và đường truyền")

    _, answers = await stored(sqlite_engine)
    assert answers["kho_khan"] == "Thiếu máy tính và đường truyền"


async def test_a_bare_number_on_telegram_is_asked_about_too(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    town = await make_town(sqlite_engine)
    await add_identity(
        sqlite_engine, official_id=town.official_id, user="an-tg", channel=Channel.TELEGRAM
    )
    telegram = Chat(assistant, "an-tg", channel=Channel.TELEGRAM)  # an inline keyboard
    for line in TO_QUESTION_7:
        await telegram.say(line)

    asked = await telegram.say("2 ạ")

    _, answers = await stored(sqlite_engine)
    assert "kho_khan" not in answers
    assert asked == texts.SURVEY_NUMBER_OR_BUTTON.format(typed="2 ạ", number=7, button="Bỏ qua")


async def test_on_the_numbered_console_a_number_still_presses_its_button(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    for line in TO_QUESTION_7:
        await an.say(line)  # the console shows «1. Quay lại», «2. Bỏ qua»

    reply = await an.say("2")

    _, answers = await stored(sqlite_engine)
    assert answers["kho_khan"] is None
    assert "Câu 8/8" in reply


async def test_a_bare_number_on_the_web_chat_does_not_throw_edits_away(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    web = await _web(sqlite_engine, services, clock, tmp_path)
    await _editing_question_7(web)
    await web.say("Thiếu máy tính và đường truyền")
    await web.say(choice=KEY_DISCARD)  # «Bỏ các thay đổi», then «Bỏ các thay đổi» / «Giữ …»

    reply = await web.say("1")

    _, answers = await stored(sqlite_engine)
    assert answers["kho_khan"] == "Thiếu máy tính và đường truyền"
    assert "Đã bỏ" not in reply


async def test_a_bare_number_on_the_web_chat_does_not_send_the_summary(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    web = await _web(sqlite_engine, services, clock, tmp_path)
    for line in FULL:
        await web.say(line)
    assert web.keys[0] == KEY_SUBMIT  # «Gửi báo cáo» is the summary's first button

    reply = await web.say("1")

    response, _ = await stored(sqlite_engine)
    assert response is not None and response.submitted_at is None
    assert "Đã nhận báo cáo" not in reply
