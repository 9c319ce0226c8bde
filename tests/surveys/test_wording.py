"""Wording and validation of item 16, through the web chat endpoint: the broadcast audience
says who it reaches, a department admin is not told to send reports, a one-word name is
refused politely, the summary step says what to type, and an edit shows the changed line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Channel, Services, texts
from handlers.consent import KEY_YES
from storage.models import Role
from tests.conftest import FakeClock
from tests.surveys.conftest import add_identity, make_town
from tests.web.webchat import WebChat, invite_code, web_app

FULL = ["/baocao", "co", "12", "5", "62,5%", "40", "1 buổi", "bo qua", "Không có gì"]
DRAFT_BUTTONS = "«Gửi báo cáo», «Sửa câu trả lời» rồi số câu"


async def _chat(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path, official: int
) -> WebChat:
    session = f"wording-web-{official:04d}"
    await add_identity(engine, official_id=official, user=session, channel=Channel.WEB)
    return WebChat(web_app(engine, services, clock, tmp_path), session)


async def test_broadcast_audience_names_every_kind_it_reaches(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    admin = await _chat(sqlite_engine, services, clock, tmp_path, town.admin_id)

    await admin.say("/thongbao")
    labels = [str(c["label"]) for reply in admin.last for c in reply["choices"]]

    assert labels[0] == "Tất cả xã, phường, đặc khu"  # communes, wards and Lý Sơn
    assert "Tất cả xã/phường" not in labels


async def test_department_admin_is_not_told_to_send_reports(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    await make_town(sqlite_engine)  # its department is STTTT, outside the survey's audience
    code = await invite_code(sqlite_engine, services, clock, unit_code="STTTT", role=Role.ADMIN)
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), "department-admin-01")
    await chat.say(code)
    await chat.say(choice=KEY_YES)

    one_word = await chat.say("Hùng")
    await chat.say("Lê Văn Hùng")
    bound = await chat.say("Chánh Văn phòng Sở")

    assert one_word == texts.NAME_INVALID["one_word"]
    assert "Vui lòng nhập đầy đủ họ và tên" in one_word
    assert "gửi báo cáo tiến độ của đơn vị" not in bound
    assert texts.ONBOARDED_NO_REPORTS in bound and texts.ONBOARDED_ADMIN in bound


async def test_summary_step_says_what_to_type(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    chat = await _chat(sqlite_engine, services, clock, tmp_path, town.official_id)
    for line in FULL:
        summary = await chat.say(line)
    assert "Tóm tắt" in summary

    reply = await chat.say("ok")

    assert texts.SURVEY_SUMMARY_HINT.format(buttons=DRAFT_BUTTONS) in reply
    assert "Tóm tắt" not in reply  # not the whole summary again
    assert chat.keys == ["sv:submit", "sv:pick"]


async def test_an_edit_shows_the_changed_line_and_the_next_step(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    chat = await _chat(sqlite_engine, services, clock, tmp_path, town.official_id)
    for line in FULL:
        await chat.say(line)

    await chat.say("Sửa câu 3")
    draft_edit = await chat.say("7")
    await chat.say(choice="sv:submit")
    await chat.say("/baocao")
    await chat.say("Sửa câu 5")
    sent_edit = await chat.say("41")

    assert "Đã lưu câu trả lời mới:\n3. Số người được tập huấn trong quý: 7" in draft_edit
    assert "Tóm tắt" not in draft_edit and "1. Có đầu mối CĐS" not in draft_edit
    assert "Gửi báo cáo" in draft_edit  # the next step
    assert "5. Thành viên Tổ công nghệ số cộng đồng: 41 (đã sửa, chưa gửi lại" in sent_edit
    assert "Tóm tắt" not in sent_edit and "Xác nhận gửi lại" in sent_edit
    assert chat.keys == ["sv:submit", "sv:pick", "sv:discard"]
