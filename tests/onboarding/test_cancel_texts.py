"""`/huy` says what is truly kept, per flow, through the web chat endpoint: nothing during a
registration, the old values during a profile correction."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from handlers.consent import KEY_YES
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, commune, invite_code, web_app


async def _kept(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT CAST(data AS TEXT) FROM conversation"))
        names = await connection.execute(text("SELECT full_name FROM official"))
        return " ".join([*map(str, rows.scalars()), *map(str, names.scalars())])


async def test_cancel_during_registration_says_nothing_was_kept(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    app = web_app(engine, services, clock, tmp_path)
    code = await invite_code(engine, services, clock, unit=commune())
    at_notice, after_name = WebChat(app, "cancel-notice-01"), WebChat(app, "cancel-name-02")
    await at_notice.say(code)
    await after_name.say(code)
    await after_name.say(choice=KEY_YES)
    await after_name.say("Nguyễn Văn An")

    replies = [await at_notice.say("/huy"), await after_name.say("/huy")]

    for reply in replies:
        assert reply == texts.CANCELLED_REGISTRATION
        assert "vẫn được lưu" not in reply and "không lưu" in reply
    assert "Nguy" not in await _kept(engine)


async def test_cancel_during_a_profile_correction_keeps_the_old_values(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(engine, services, clock, tmp_path), "cancel-profile-03")
    await chat.say(await invite_code(engine, services, clock, unit=commune()))
    await chat.say(choice=KEY_YES)
    await chat.say("Nguyễn Văn An")
    await chat.say("Công chức Văn phòng")
    await chat.say("/toi")
    await chat.say(choice=next(k for k in chat.keys if "name" in k))

    reply = await chat.say("/huy")

    assert reply == texts.CANCELLED_PROFILE
    assert "Nguyễn Văn An" in await _kept(engine)
