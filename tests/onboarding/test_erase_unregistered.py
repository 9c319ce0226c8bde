"""`/xoathongtin` from someone who never registered, through the web chat endpoint: it speaks
only of what is kept about them (the chat account and its history)."""

from __future__ import annotations

import re
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


def test_bot_speaks_of_itself_as_minh_everywhere() -> None:
    # The user's own words (a button they press) may say «tôi»; the bot never does.
    users_words = {"ERASE_YES"}
    said: dict[str, str] = {}
    for name, value in vars(texts).items():
        if not name.isupper() or name in users_words:
            continue
        if isinstance(value, str):
            said[name] = value
        elif isinstance(value, dict):
            said |= {f"{name}[{key}]": v for key, v in value.items() if isinstance(v, str)}

    speaking_as_toi = sorted(n for n, v in said.items() if re.search(r"\b[Tt]ôi\b", v))

    assert speaking_as_toi == []


async def test_unknown_command_is_answered_as_minh(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "guest-web-session-02")

    said = await chat.say("/abc")

    assert said.startswith("Mình chưa hiểu lệnh «/abc»")
