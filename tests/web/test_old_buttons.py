"""Plan-section buttons of an earlier answer are outdated (README «Input checks»): pressed
through the web chat endpoint they get «Lựa chọn này đã hết hiệu lực»; the latest ones work."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, web_app


async def test_section_button_of_an_earlier_answer_is_outdated(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "old-buttons-session")
    await chat.say("Ai điều phối mạng lưới chuyển đổi số tỉnh?")
    earlier = [key for key in chat.keys if key.startswith("kb:")]
    await chat.say("Kinh phí thực hiện kế hoạch lấy từ đâu?")
    latest = [key for key in chat.keys if key.startswith("kb:")]
    outdated = [key for key in earlier if key not in latest]
    assert outdated and latest

    refused = await chat.say(choice=outdated[0])
    still_latest = chat.keys
    opened = await chat.say(choice=latest[0])

    assert refused == texts.CHOICE_EXPIRED
    assert still_latest == []  # the refusal offers nothing and leaves the latest in place
    assert "Kế hoạch 87/KH-UBND" in opened and opened != texts.CHOICE_EXPIRED
