"""Survey question 6 asks how many network briefings («bao nhiêu buổi») with ranges as
options: a typed number is the count, not an option's position (README: `3 buổi`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

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
    [("3 buổi", "hai-ba"), ("1 buổi", "mot"), ("1", "mot"), ("0", "khong-co"), ("7", "tu-bon")],
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
    assert "Câu 6/8" in asked and texts.SURVEY_HINT_COUNT in asked

    reply = await chat.say(typed)

    assert await _giao_ban(engine) == code
    assert "Câu 7/8" in reply


@pytest.mark.parametrize(("typed", "code"), [("2", "mot"), ("3 buổi", "hai-ba"), ("9", "tu-bon")])
async def test_numbered_list_keeps_positions_and_reads_counts_with_a_unit(
    typed: str, code: str, an: Chat, sqlite_engine: AsyncEngine
) -> None:
    for line in TO_QUESTION_6:
        await an.say(line)  # the console numbers its options: "2. Một buổi"

    await an.say(typed)

    assert await _giao_ban(sqlite_engine) == code
