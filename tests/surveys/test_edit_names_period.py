"""Opening a question of a report to change it names the report's period: after a late report
of a period the office reopened was sent on another channel, «Sửa câu 7» typed where the chat
was left in this quarter's draft says it is this quarter's report (README «Progress reports
(surveys)»)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import Channel
from handlers.survey_view import KEY_EDIT_PICK, KEY_SUBMIT
from storage import surveys as store
from storage.db import session_scope
from storage.review import reopen
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town
from tests.surveys.test_flow import FULL, fill

THIS_QUARTER = "Báo cáo quý IV/2026 của Xã Bình Sơn — sửa câu 7:"


async def _reopen_last_quarter(engine: AsyncEngine, town: Town, clock: FakeClock) -> None:
    async with session_scope(engine) as session:
        response = await store.get_or_create_response(
            session, survey_id="bao-cao-quy", period="2026-Q3", unit_id=town.unit_id, now=clock.now
        )
        until = datetime(2026, 12, 10, 16, 59, tzinfo=UTC)
        await reopen(session, response, until=until, by="vp", now=clock.now)


async def test_edit_typed_after_a_late_report_names_this_quarter(
    an: Chat, assistant: Assistant, sqlite_engine: AsyncEngine, town: Town, clock: FakeClock
) -> None:
    await fill(an, ["/baocao", "co", "12"])  # this quarter's draft, left at question 3
    await _reopen_last_quarter(sqlite_engine, town, clock)
    web = Chat(assistant, "an-web", Channel.WEB)
    late = await fill(web, FULL)  # the reopened quarter, on the web chat
    receipt = await web.say(choice=KEY_SUBMIT)

    opened = await an.say("Sửa câu 7")

    assert "quý III/2026" in late and "Đã nhận báo cáo quý III/2026" in receipt
    assert opened.startswith(THIS_QUARTER + "\nCâu 7/8")


async def test_question_picked_from_the_summary_names_the_period(an: Chat) -> None:
    await fill(an, FULL)
    await an.say(choice=KEY_EDIT_PICK)

    picked = await an.say("7")

    assert picked.startswith(THIS_QUARTER + "\nCâu 7/8")


async def test_edit_typed_outside_the_report_is_named_once(an: Chat) -> None:
    await fill(an, ["/baocao", "co", "12"])
    await an.say("/huy")

    opened = await an.say("Sửa câu 7")

    assert opened.startswith(
        "Tiếp tục nhập: Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND — quý IV/2026"
    )
    assert opened.count("quý IV/2026") == 1
