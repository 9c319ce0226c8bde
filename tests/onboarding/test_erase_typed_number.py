"""`/xoathongtin` on the web chat, whose buttons carry no numbers: «1» typed at its question
erases nothing (read as a position it pressed «Xóa», the first button). The label typed, or
the button, still erases; on the numbered console «1» is that button."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, web_app


async def _asked(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> WebChat:
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "guest-web-session-02")
    await chat.say("Kế hoạch 87 có mục tiêu gì?")
    assert await chat.say("/xoathongtin") == texts.ERASE_CONFIRM_UNREGISTERED
    return chat


async def test_a_number_typed_on_the_web_chat_erases_nothing(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _asked(sqlite_engine, services, clock, tmp_path)

    reply = await chat.say("1")

    assert reply != texts.ERASED_UNREGISTERED


async def test_the_button_typed_by_its_label_still_erases(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _asked(sqlite_engine, services, clock, tmp_path)

    assert await chat.say(texts.ERASE_YES) == texts.ERASED_UNREGISTERED
