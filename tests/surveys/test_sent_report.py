"""A sent report seen again, through the web chat endpoint: what «Cập nhật lần cuối» says after
a revision is thrown away, which buttons a sent report offers, «Sửa câu N» typed outside the
report, one way of writing a percentage, and the buttons of «đơn vị tôi đã báo cáo chưa»."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, func, select

from bot.assistant import Assistant
from handlers import Channel, Services, texts
from handlers.choices import REPORT
from handlers.survey_view import KEY_DISCARD, KEY_DISCARD_YES, KEY_EDIT_PICK, KEY_SUBMIT
from knowledge.surveys import SurveyDefinition
from reports.export import ExportRow, collect
from storage.db import session_scope
from storage.knowledge import most_frequent_unanswered
from storage.models import AuditLog, SurveyResponse
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, add_identity, make_town
from tests.web.webchat import WebChat, web_app

FULL = ["/baocao", "co", "12", "5", "80", "40", "2 buổi", "bo qua", "Không có gì"]
MINUTES = timedelta(minutes=15)


async def _web(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path, official: int
) -> WebChat:
    session = f"sent-report-web-{official:04d}"
    await add_identity(engine, official_id=official, user=session, channel=Channel.WEB)
    return WebChat(web_app(engine, services, clock, tmp_path), session)


async def _sent(chat: WebChat) -> None:
    """Fill the quarterly report and send it."""
    for line in FULL:
        await chat.say(line)
    await chat.say(choice=KEY_SUBMIT)


async def _export_row(engine: AsyncEngine, services: Services) -> ExportRow:
    definition: SurveyDefinition = services.surveys["bao-cao-quy"]
    async with session_scope(engine) as session:
        table = await collect(session, definition, "2026-Q4", zone=services.zone)
    return next(row for row in table.rows if row.code == "21025")


async def _submissions(engine: AsyncEngine) -> int:
    async with session_scope(engine) as session:
        statement = select(func.count()).where(col(AuditLog.action) == "survey.submit")
        return int((await session.exec(statement)).one())


async def _response(engine: AsyncEngine) -> SurveyResponse:
    async with session_scope(engine) as session:
        response = (await session.exec(select(SurveyResponse))).one()
        session.expunge(response)
    return response


def _labels(chat: WebChat) -> list[str]:
    return [str(c["label"]) for reply in chat.last for c in reply["choices"]]


# --- 26: throwing a revision away does not move the last update ---


async def test_discarded_revision_leaves_last_update_at_the_sent_report(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(engine)
    an = await _web(engine, services, clock, tmp_path, town.official_id)
    await _sent(an)  # 09:00 local
    clock.now += MINUTES
    await an.say("/baocao")
    await an.say("Sửa câu 5")
    await an.say("30")  # 09:15, a revision
    clock.now += MINUTES

    await an.say(choice=KEY_DISCARD)
    discarded = await an.say(choice=KEY_DISCARD_YES)  # 09:30
    reopened = await an.say("/baocao")

    row = await _export_row(engine, services)
    assert "Đã bỏ 1 thay đổi chưa xác nhận" in discarded
    assert "Cập nhật lần cuối: Nguyễn Văn An, lúc 09:00 ngày 30/11/2026." in reopened
    assert "09:15" not in reopened and "09:30" not in reopened
    assert (row.updated_by, row.updated_at) == ("Nguyễn Văn An", row.submitted_at)
    assert row.updated_at is not None and row.updated_at.strftime("%H:%M") == "09:00"


async def test_colleague_discarding_a_revision_leaves_the_sender_as_last_update(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(engine)
    an = await _web(engine, services, clock, tmp_path, town.official_id)
    binh = Chat(Assistant(engine=engine, services=services, clock=clock), "binh")
    await _sent(an)  # 09:00, sent by An
    clock.now += MINUTES
    await an.say("/baocao")
    await an.say("Sửa câu 3")
    await an.say("7")
    clock.now += MINUTES
    await binh.say("/baocao")

    await binh.say(choice=KEY_DISCARD)
    await binh.say(choice=KEY_DISCARD_YES)  # Bình throws An's revision away at 09:30

    row = await _export_row(engine, services)
    response = await _response(engine)
    assert row.updated_by == "Nguyễn Văn An"
    assert response.updated_at == response.submitted_at
    assert response.updated_by == town.official_id


# --- 27: a sent report without edits has nothing to re-send ---


async def test_sent_report_without_edits_offers_only_to_edit(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    await _sent(an)

    shown = await an.say("/baocao")

    assert "Đơn vị đã gửi báo cáo lúc 09:00 ngày 30/11/2026" in shown
    assert an.keys == [KEY_EDIT_PICK]
    assert texts.SURVEY_RESUBMIT not in _labels(an)
    assert f"«{texts.SURVEY_RESUBMIT}»" not in shown


async def test_sent_report_without_edits_does_not_hint_at_resending(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    await _sent(an)
    await an.say("/baocao")

    reply = await an.say("ok")

    # Nothing waits at a sent report's summary: «ok» is answered as outside the report.
    assert texts.SURVEY_SUMMARY_HINT.split("{")[0] not in reply
    assert texts.SURVEY_RESUBMIT not in reply
    assert KEY_SUBMIT not in an.keys


async def test_sent_report_with_an_edit_offers_to_resend(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    await _sent(an)
    await an.say("/baocao")
    await an.say("Sửa câu 3")
    await an.say("7")

    shown = await an.say("/baocao")

    assert "(đã sửa, chưa gửi lại; đã gửi: 5)" in shown
    assert _labels(an) == [texts.SURVEY_RESUBMIT, texts.SURVEY_EDIT_PICK, texts.SURVEY_DISCARD]


async def test_old_resend_button_with_nothing_changed_sends_nothing(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    binh = Chat(Assistant(engine=sqlite_engine, services=services, clock=clock), "binh")
    await _sent(an)
    clock.now += MINUTES
    await an.say("/baocao")
    await an.say("Sửa câu 3")
    await an.say("7")  # An's summary offers «Xác nhận gửi lại»
    await binh.say("/baocao")
    await binh.say(choice=KEY_DISCARD)
    await binh.say(choice=KEY_DISCARD_YES)  # ... but Bình throws the edit away
    before = await _response(sqlite_engine)
    clock.now += MINUTES

    reply = await an.say(choice=KEY_SUBMIT)

    after = await _response(sqlite_engine)
    assert await _submissions(sqlite_engine) == 1
    assert "Trần Thị Bình đã bỏ 1 thay đổi chưa gửi lại (câu 3)" in reply
    assert "Đã nhận báo cáo" not in reply
    assert (after.submitted_at, after.updated_at) == (before.submitted_at, before.updated_at)
    assert an.keys == [KEY_EDIT_PICK]


# --- 38: «Sửa câu N» typed outside the report ---


async def test_typed_edit_outside_the_report_opens_that_question(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    await _sent(an)
    await an.say("cảm ơn")  # the chat is idle

    opened = await an.say("Sửa câu 2")
    edited = await an.say("20")

    async with session_scope(sqlite_engine) as session:
        kept = await most_frequent_unanswered(session)
    assert "Câu 2/8 (mục III.1.c)" in opened
    assert "Câu trả lời hiện tại: 12" in opened
    assert "không đề cập" not in opened
    assert "2. Số người tham gia Mạng lưới CĐS: 20 (đã sửa, chưa gửi lại; đã gửi: 12)" in edited
    assert [question for question, _, _ in kept if "sửa" in question.lower()] == []
    assert [question for question, _, _ in kept if question == "20"] == []


async def test_typed_edit_without_diacritics_outside_the_report_opens_that_question(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    await _sent(an)

    opened = await an.say("sua cau 3")

    assert "Câu 3/8 (mục II.2.b)" in opened
    assert "Câu trả lời hiện tại: 5" in opened


async def test_typed_edit_without_a_report_points_to_baocao_and_keeps_nothing(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)

    reply = await an.say("Sửa câu 2")
    await an.say("20")

    async with session_scope(sqlite_engine) as session:
        kept = await most_frequent_unanswered(session)
        started = (await session.exec(select(func.count()).select_from(SurveyResponse))).one()
    assert "/baocao" in reply
    assert "chưa có báo cáo" in reply
    assert "không đề cập" not in reply
    assert kept == []
    assert started == 0


async def test_typed_edit_of_a_closed_report_says_it_is_read_only(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    await _sent(an)
    clock.now += timedelta(days=20)  # past 15/12

    reply = await an.say("Sửa câu 2")

    assert "đã hết hạn sửa" in reply
    assert "Câu 2/8" not in reply


# --- 45: a percentage is written one way ---


async def test_percent_answer_is_written_with_its_sign_everywhere_in_chat(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    await _sent(an)
    sent_summary = await an.say("/baocao")
    asked = await an.say("Sửa câu 4")

    edited = await an.say("62.5")
    summary = await an.say("/baocao")
    asked_again = await an.say("Sửa câu 4")

    assert "4. Tỷ lệ sử dụng nền tảng số: 80%\n" in sent_summary
    assert "Câu trả lời hiện tại: 80%" in asked
    line = "4. Tỷ lệ sử dụng nền tảng số: 62,5% (đã sửa, chưa gửi lại; đã gửi: 80%)"
    assert line in edited
    assert line in summary
    assert "Câu trả lời hiện tại: 62,5%" in asked_again
    assert "(%)" not in summary


# --- 48: «đơn vị tôi đã báo cáo chưa» once the unit has sent ---


async def test_status_answer_after_sending_offers_to_view_not_to_report(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    an = await _web(sqlite_engine, services, clock, tmp_path, town.official_id)
    before = await an.say("don vi toi da bao cao chua")
    before_labels = _labels(an)
    await _sent(an)

    after = await an.say("don vi toi da bao cao chua")
    after_labels = _labels(an)
    opened = await an.say(choice=REPORT + "bao-cao-quy")

    assert "chưa gửi báo cáo" in before
    assert before_labels == [texts.CHOICE_REPORT_NOW]
    assert "đã gửi báo cáo kỳ quý IV/2026 lúc 09:00 ngày 30/11/2026" in after
    assert texts.CHOICE_REPORT_NOW not in after_labels
    assert after_labels == [texts.CHOICE_VIEW_REPORT]
    assert "Tóm tắt" in opened
