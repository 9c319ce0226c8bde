"""Plan-section buttons of an earlier answer are outdated (README «Input checks»): pressed
through the web chat endpoint they get «Lựa chọn này đã hết hiệu lực»; the latest ones work."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from handlers import Services, texts
from handlers.choices import REPORT, encode, match_typed
from handlers.messages import Choice
from storage.db import session_scope
from storage.models import Identity, Official, Unit
from storage.review import notify_units
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


async def test_buttons_of_an_answer_stay_live_beside_a_queued_office_message(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "two-messages-session")
    await chat.say("xin chào")  # the chat's account exists from here
    async with session_scope(sqlite_engine) as session:
        unit = Unit(code="20725", name="Xã Bình Sơn", kind="commune")
        session.add(unit)
        await session.flush()
        official = Official(unit_id=unit.id, full_name="Trần Thị Bình", position="Công chức")
        session.add(official)
        await session.flush()
        statement = select(Identity).where(Identity.external_id == "two-messages-session")
        identity = (await session.exec(statement)).one()
        identity.official_id = official.id
        session.add(identity)
        assert unit.id is not None
        await notify_units(
            session, unit_ids=[unit.id], key="review:t", source="review:t", kind="review",
            text="📝 Đã trả lại báo cáo.", choices=[(REPORT + "bao-cao-quy", "Sửa báo cáo")],
            channels=("web",), now=clock.now,
        )  # fmt: skip

    both = await chat.say("Kinh phí thực hiện kế hoạch lấy từ đâu?")
    sections = [key for key in chat.keys if key.startswith("kb:")]
    opened = await chat.say(choice=sections[0])

    assert "Kế hoạch 87/KH-UBND" in both and "Đã trả lại báo cáo" in both
    assert sections  # the answer's buttons came first, the notice's after
    assert opened != texts.CHOICE_EXPIRED and "Kế hoạch 87/KH-UBND" in opened


def test_a_typed_number_picks_from_the_last_message_only() -> None:
    offered = encode(
        [
            (Choice("kb:a", "mục IV.6"), Choice("kb:b", "mục IV.1.c")),
            (Choice(REPORT + "bao-cao-quy", "Sửa báo cáo"),),
        ]
    )

    assert match_typed("1", offered) == REPORT + "bao-cao-quy"
    assert match_typed("2", offered) is None  # Zalo numbers each message from 1
    assert match_typed("mục IV.1.c", offered) == "kb:b"  # an earlier one, by its label
