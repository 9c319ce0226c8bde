"""Replies from the assistant's records in the web chat: the coming deadlines say whose dates
they are and offer the report, and the report's deadline says where the report goes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Channel, Services, texts
from tests.conftest import FakeClock
from tests.surveys.conftest import add_identity, make_town
from tests.web.webchat import WebChat, web_app

OFFICE = "Văn phòng Điều phối Chuyển đổi số tỉnh"


def _labels(chat: WebChat) -> list[str]:
    return [str(c["label"]) for reply in chat.last for c in reply["choices"]]


async def test_coming_deadlines_mark_the_schedule_as_the_source_of_their_dates(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "upcoming-web-01")

    reply = await chat.say("sap toi co han j")

    training = reply.split("• Bồi dưỡng, tập huấn", 1)[1].split("\n• ", 1)[0]
    assert "Hạn: Thứ Ba, 15/12/2026" in training
    assert "(Kế hoạch 87/KH-UBND, mục II.2.b; ngày hạn theo lịch của Trợ lý CĐS)" in training
    assert "— mục II.2.b" not in reply  # no date read as the plan's own
    assert "(Kế hoạch 87/KH-UBND, mục IV.1.d; ngày hạn theo lịch của Trợ lý CĐS)" in reply
    assert _labels(chat) == [texts.CHOICE_REPORT_NOW]  # the quarterly report is among them


async def test_coming_deadlines_offer_the_report_to_a_registered_official(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    session = "upcoming-web-02"
    await add_identity(
        sqlite_engine, official_id=town.official_id, user=session, channel=Channel.WEB
    )
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), session)

    await chat.say("sắp tới có hạn gì")
    [key] = chat.keys
    opened = await chat.say(choice=key)

    assert "Câu 1/8" in opened  # the press starts the report


async def test_report_deadline_says_where_the_report_goes(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    office = replace(services, coordinating_office=OFFICE)
    chat = WebChat(web_app(sqlite_engine, office, clock, tmp_path), "report-to-web-01")

    reply = await chat.say(
        "Đơn vị tôi đang chuẩn bị báo cáo quý IV, trưởng phòng hỏi hạn chót là ngày nào và gửi "
        "qua đâu. Bạn cho mình biết hạn nộp báo cáo với?"
    )

    assert "15/12/2026" in reply
    assert f"Nơi gửi: Ủy ban nhân dân tỉnh, qua {OFFICE} (mục IV.1.d" in reply
    assert "(Kế hoạch 87/KH-UBND, mục IV.1.d; lịch báo cáo của Trợ lý CĐS)" in reply
