"""Survey question 6 asks how many network briefings («bao nhiêu buổi») with ranges as
options: a count typed with its unit («3 buổi») picks the range, and a bare number means the
same on every channel: the count when it cannot be an option's position or both readings
agree, else a question asking which was meant (README: `3 buổi`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import Channel, Services, texts
from storage import surveys as store
from storage.db import session_scope
from storage.models import SurveyResponse
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, add_identity, make_town
from tests.web.webchat import WebChat, web_app

TO_QUESTION_6 = ["/baocao", "co", "12", "5", "62,5%", "40"]
SESSION = "official-web-count-01"


async def _giao_ban(engine: AsyncEngine) -> object:
    async with session_scope(engine) as session:
        response = (await session.exec(select(SurveyResponse))).one()
        assert response.id is not None
        return (await store.answers_of(session, response.id)).get("giao_ban")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("3 buổi", "hai-ba"), ("1 buổi", "mot"), ("3", "hai-ba"), ("0", "khong-co"), ("7", "tu-bon")],
)
async def test_typed_count_on_the_web_chat_picks_the_range(
    typed: str,
    code: str,
    engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    town = await make_town(engine)
    await add_identity(engine, official_id=town.official_id, user=SESSION, channel=Channel.WEB)
    chat = WebChat(web_app(engine, services, clock, tmp_path), SESSION)
    for line in TO_QUESTION_6:
        asked = await chat.say(line)
    assert "Câu 6/8" in asked and texts.SURVEY_HINT_COUNT.format(unit="buổi") in asked

    reply = await chat.say(typed)

    assert await _giao_ban(engine) == code
    assert "Câu 7/8" in reply


@pytest.mark.parametrize(
    ("typed", "code"), [("3 buổi", "hai-ba"), ("9", "tu-bon"), ("4", "tu-bon")]
)
async def test_numbered_list_reads_the_count_where_it_is_not_ambiguous(
    typed: str, code: str, an: Chat, sqlite_engine: AsyncEngine
) -> None:
    for line in TO_QUESTION_6:
        await an.say(line)  # the console numbers its options: "2. Một buổi"

    await an.say(typed)

    assert await _giao_ban(sqlite_engine) == code


async def _typed_two(chat: Chat | WebChat) -> str:
    for line in TO_QUESTION_6:
        await chat.say(line)
    return await chat.say("2")


async def test_bare_two_is_asked_about_the_same_on_the_web_and_the_console(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(engine)
    await add_identity(engine, official_id=town.official_id, user=SESSION, channel=Channel.WEB)
    web = WebChat(web_app(engine, services, clock, tmp_path), SESSION)
    asked = texts.SURVEY_COUNT_OR_POSITION.format(
        typed="2", unit="buổi", option="Hai đến ba buổi", position="Một buổi"
    )

    on_web = await _typed_two(web)
    console = Chat(Assistant(engine=engine, services=services, clock=clock), "binh")
    await console.say("/baocao")  # the colleague resumes the same draft at question 6
    on_console = await console.say("2")

    assert on_web == asked and on_console == asked
    assert await _giao_ban(engine) is None


@pytest.mark.parametrize(
    ("typed", "code"), [("2", "mot"), ("Hai đến ba buổi", "hai-ba"), ("2 buổi", "hai-ba")]
)
async def test_after_the_question_the_answer_is_stored(
    typed: str, code: str, an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await _typed_two(an)

    reply = await an.say(typed)

    assert await _giao_ban(sqlite_engine) == code
    assert "Câu 7/8" in reply


@pytest.mark.parametrize(
    ("typed", "label"),
    [("25", "Từ bốn buổi trở lên"), ("3 buổi", "Hai đến ba buổi"), ("0", "Chưa có buổi nào")],
)
async def test_a_typed_count_says_which_range_it_was_read_as(
    typed: str,
    label: str,
    sqlite_engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    town = await make_town(sqlite_engine)
    await add_identity(
        sqlite_engine, official_id=town.official_id, user=SESSION, channel=Channel.WEB
    )
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), SESSION)
    for line in TO_QUESTION_6:
        await chat.say(line)

    reply = await chat.say(typed)

    said = texts.SURVEY_READ_AS.format(typed=typed, option=label, number=6)
    assert reply.startswith(said + "\n")  # walk on a phone, finding 4: «25» was stored silently
    assert "Câu 7/8" in reply


async def test_a_button_pressed_is_not_said_again(an: Chat, sqlite_engine: AsyncEngine) -> None:
    for line in TO_QUESTION_6:
        await an.say(line)

    reply = await an.say(choice="sv:a:tu-bon")

    assert await _giao_ban(sqlite_engine) == "tu-bon"
    assert reply.startswith("Câu 7/8")
