"""The office that issues invites is named one way everywhere: COORDINATING_OFFICE. And
`/tiendo` before registering says it is for registered (admin) officials and how to register.
Through the web chat endpoint, with the office renamed by the setting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, web_app

OFFICE = "Văn phòng Điều phối CĐS tỉnh"
OTHER_NAMES = ("cán bộ quản trị Trợ lý CĐS", "Văn phòng CĐS tỉnh", "nhờ cán bộ quản trị")


async def test_every_message_names_the_coordinating_office(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    renamed = dataclasses.replace(services, coordinating_office=OFFICE)
    chat = WebChat(web_app(sqlite_engine, renamed, clock, tmp_path), "stranger-issuer-01")

    replies = {
        command: await chat.say(command)
        for command in ("/trogiup", "CDS-AAAAA-BBBBB", "/toi", "/baocao", "/nhacviec")
    }

    for command, reply in replies.items():
        assert OFFICE in reply, command
        assert not any(name in reply for name in OTHER_NAMES), (command, reply)


async def test_progress_before_registering_says_who_it_is_for(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "stranger-progress-01")

    reply = await chat.say("/tiendo")

    assert reply == texts.ADMIN_NOT_REGISTERED.format(office=services.coordinating_office)
    assert "cán bộ quản trị đã đăng ký" in reply and "mã mời" in reply
    assert "gửi được báo cáo" not in reply
