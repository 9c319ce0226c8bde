"""«(còn tiếp; bấm «Xem đầy đủ»…)» is said only where the button is offered: in a chat's
answer, not in an answer given mid-report (no buttons there: it says to ask again once the
report is done); `cdsbot ask` in tests/cli."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Channel, Services, texts
from knowledge.phrases import CUT_MORE
from tests.conftest import FakeClock
from tests.surveys.conftest import add_identity, make_town
from tests.web.webchat import WebChat, web_app

# Its answer (III.5.b's list of members) is cut to one phone screen.
QUESTION = "thành viên mạng lưới chuyển đổi số của tỉnh gồm những ai?"


def _labels(chat: WebChat) -> list[str]:
    return [str(c["label"]) for reply in chat.last for c in reply["choices"]]


async def test_hint_only_with_the_button(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    session = "official-web-more-01"
    await add_identity(
        sqlite_engine, official_id=town.official_id, user=session, channel=Channel.WEB
    )
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), session)

    idle = await chat.say(QUESTION)
    idle_labels = _labels(chat)
    await chat.say("/baocao")
    await chat.say("co")  # question 2 asks a number; a question typed there is answered
    mid_report = await chat.say(QUESTION)

    assert texts.QA_SHOW_ALL in idle_labels and CUT_MORE in idle
    assert texts.QA_SHOW_ALL not in _labels(chat)
    assert "Kế hoạch 87/KH-UBND" in mid_report and "Câu 2/8" in mid_report
    assert "Xem đầy đủ" not in mid_report
    assert texts.QA_CUT_MID_REPORT in mid_report  # how to read the rest, without the button
