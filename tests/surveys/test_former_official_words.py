"""An official who erased their data is named in chat with the words the console and the
export use (README «Dữ liệu cá nhân»), through the web chat endpoint."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Channel, Services, texts
from tests.conftest import FakeClock
from tests.surveys.conftest import add_identity, make_town
from tests.web.webchat import WebChat, web_app

AN = "an-web-session-01"
BINH = "binh-web-session-02"


async def test_last_change_by_erased_official_reads_as_in_the_console(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    await add_identity(sqlite_engine, official_id=town.official_id, user=AN, channel=Channel.WEB)
    await add_identity(
        sqlite_engine, official_id=town.colleague_id, user=BINH, channel=Channel.WEB
    )
    app = web_app(sqlite_engine, services, clock, tmp_path)
    an, binh = WebChat(app, AN), WebChat(app, BINH)
    for line in ("/baocao", "co", "/xoathongtin"):
        await an.say(line)
    await an.say(choice="pd:erase")

    shown = await binh.say("/baocao")

    assert f"Cập nhật lần cuối: {texts.FORMER_OFFICIAL}, lúc" in shown
