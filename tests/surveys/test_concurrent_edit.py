"""Two officials of one unit at the same question, through the web chat endpoint: the second
answer does not silently overwrite the first (README «Progress reports (surveys)»)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from handlers import Channel, Services
from storage import surveys as store
from storage.db import session_scope
from storage.models import SurveyResponse
from storage.review import give_back
from tests.conftest import FakeClock
from tests.surveys.conftest import add_identity, make_town
from tests.web.webchat import WebChat, web_app

AN = "an-web-session-01"
BINH = "binh-web-session-02"


async def _answers(engine: AsyncEngine) -> dict[str, object]:
    async with session_scope(engine) as session:
        response = (await session.exec(select(SurveyResponse))).first()
        assert response is not None and response.id is not None
        return await store.answers_of(session, response.id)


async def _colleagues(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> tuple[WebChat, WebChat]:
    """Two officials of one commune, each in their own web chat."""
    town = await make_town(engine)
    await add_identity(engine, official_id=town.official_id, user=AN, channel=Channel.WEB)
    await add_identity(engine, official_id=town.colleague_id, user=BINH, channel=Channel.WEB)
    app = web_app(engine, services, clock, tmp_path)
    return WebChat(app, AN), WebChat(app, BINH)


async def test_second_official_is_told_the_colleagues_answer_and_nothing_is_lost(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    an, binh = await _colleagues(engine, services, clock, tmp_path)
    for line in ("/baocao", "co", "12"):
        await an.say(line)
    assert "Câu 3/8" in await binh.say("/baocao")  # both are now at question 3

    await an.say("5")
    refused = await binh.say("7")

    assert (await _answers(engine))["so_tap_huan"] == 5
    assert "Nguyễn Văn An" in refused and "vừa sửa" in refused
    assert "«5»" in refused and "«7»" in refused
    assert "Câu 3/8" in refused  # asked again, with the current value shown
    assert "Câu trả lời hiện tại: 5" in refused

    await binh.say("7")  # having seen the colleague's answer, she keeps hers

    assert (await _answers(engine))["so_tap_huan"] == 7


async def test_a_colleagues_answer_to_another_question_does_not_block(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    an, binh = await _colleagues(engine, services, clock, tmp_path)
    for line in ("/baocao", "co", "12", "5"):
        await an.say(line)  # An is at question 4
    await binh.say("/baocao")
    await binh.say("Sửa câu 2")

    await an.say("60")
    reply = await binh.say("14")

    answers = await _answers(engine)
    assert answers["so_mang_luoi"] == 14 and answers["ty_le_nen_tang"] == 60
    assert "vừa sửa" not in reply


FULL = ["/baocao", "co", "12", "5", "62,5%", "40", "1 buổi", "bo qua", "Không có gì"]


async def _status(engine: AsyncEngine) -> str:
    async with session_scope(engine) as session:
        response = (await session.exec(select(SurveyResponse))).first()
        assert response is not None
        return response.status


async def test_send_after_a_colleagues_change_shows_it_first_and_sends_nothing(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    an, binh = await _colleagues(engine, services, clock, tmp_path)
    for line in FULL:
        summary = await an.say(line)
    assert "Gửi báo cáo" in summary and "sv:submit" in an.keys  # An is at the summary
    await binh.say("/baocao")
    await binh.say("Sửa câu 3")
    await binh.say("9")

    held = await an.say(choice="sv:submit")

    assert await _status(engine) == "draft"
    assert "Báo cáo chưa được gửi" in held
    assert "Trần Thị Bình" in held and "câu 3" in held
    assert ": 9" in held  # the summary as it is now
    sent = await an.say(choice="sv:submit")  # having seen it, An sends
    assert "Đã nhận báo cáo" in sent
    assert await _status(engine) == "submitted"
    assert (await _answers(engine))["so_tap_huan"] == 9


async def test_own_edit_from_the_summary_is_sent_without_a_warning(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    an, _ = await _colleagues(engine, services, clock, tmp_path)
    for line in FULL:
        await an.say(line)
    await an.say("Sửa câu 3")
    await an.say("8")
    await an.say("Sửa câu 1")
    await an.say("khong")  # question 2 no longer applies; back to the summary

    sent = await an.say(choice="sv:submit")

    assert "chưa được gửi" not in sent and "Đã nhận báo cáo" in sent
    assert await _status(engine) == "submitted"
    assert (await _answers(engine))["so_tap_huan"] == 8


async def test_own_edits_of_a_returned_report_are_sent_on_the_first_press(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    an, _ = await _colleagues(engine, services, clock, tmp_path)
    for line in FULL:
        await an.say(line)
    assert "Đã nhận báo cáo" in await an.say(choice="sv:submit")
    clock.now += timedelta(hours=1)
    async with session_scope(engine) as session:
        response = (await session.exec(select(SurveyResponse))).one()
        await give_back(session, response, comment="Kiểm tra câu 4", by="vp", now=clock.now)
    await an.say("/baocao")  # the summary, with the office's comment
    # A whole percentage typed here is 80.0; the database gives it back as 80 (SQLite).
    await an.say("Sửa câu 4")
    edited = await an.say("80")
    await an.say("Sửa câu 8")
    await an.say("Bỏ qua")

    sent = await an.say(choice="sv:submit")

    assert "4. Tỷ lệ sử dụng nền tảng số: 80%" in edited
    assert "chưa được gửi" not in sent and "Đã nhận báo cáo" in sent
    assert await _status(engine) == "submitted"
    assert (await _answers(engine))["de_xuat"] is None
