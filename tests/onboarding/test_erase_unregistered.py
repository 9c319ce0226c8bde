"""`/xoathongtin` from someone who never registered, through the web chat endpoint: it speaks
only of what is kept about them (the chat account and its history)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, web_app


async def test_erase_for_unregistered_chat_names_only_the_chat_account(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "guest-web-session-01")
    await chat.say("Kế hoạch 87 có mục tiêu gì?")

    asked = await chat.say("/xoathongtin")
    done = await chat.say(choice="pd:erase")

    assert asked == texts.ERASE_CONFIRM_UNREGISTERED
    assert "Họ tên" not in asked and "báo cáo" not in asked
    assert done == texts.ERASED_UNREGISTERED
