"""Editing a sent report: a pending revision until re-confirmed (issue 10, item 15).

Through the real flow (`Assistant.handle` → `handlers.respond`) on SQLite and PostgreSQL; the
export is written with the real writer and read back with openpyxl.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import Services
from handlers.survey_view import (
    KEY_DISCARD,
    KEY_DISCARD_NO,
    KEY_DISCARD_YES,
    KEY_EDIT_PICK,
    KEY_SUBMIT,
)
from knowledge.surveys import SurveyDefinition
from reports.export import collect, write_xlsx
from storage.db import session_scope
from storage.models import AuditLog
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town, make_town
from tests.surveys.test_flow import AFTER_DUE, FULL, fill, stored

TRAINED = 9  # column of question 3 («Số người được tập huấn trong quý») in the data sheet


@pytest.fixture
async def town_on(engine: AsyncEngine) -> Town:
    return await make_town(engine)


@pytest.fixture
def chat(engine: AsyncEngine, services: Services, clock: FakeClock, town_on: Town) -> Chat:
    return Chat(Assistant(engine=engine, services=services, clock=clock), "an")


async def exported_row(engine: AsyncEngine, services: Services, tmp_path: Path) -> tuple[Any, ...]:
    """The first commune's row of the quarterly export, read back from the xlsx file."""
    definition: SurveyDefinition = services.surveys["bao-cao-quy"]
    async with session_scope(engine) as session:
        table = await collect(session, definition, "2026-Q4", zone=services.zone)
    path = tmp_path / "q4.xlsx"
    write_xlsx(table, path)
    rows = load_workbook(path)["Báo cáo"].iter_rows(values_only=True)
    return next(row for row in rows if row[0] == "21025")


async def sent_then_edited(chat: Chat) -> str:
    """Submit the report, then change question 3 from 5 to 0 without re-confirming."""
    await fill(chat)
    await chat.say("gui bao cao")
    await chat.say("/baocao")
    await chat.say("Sửa câu 3")
    return await chat.say("0")


async def test_export_keeps_confirmed_value_when_sent_report_is_edited(
    chat: Chat, engine: AsyncEngine, services: Services, tmp_path: Path
) -> None:
    summary = await sent_then_edited(chat)

    row = await exported_row(engine, services, tmp_path)

    assert "3. Số người được tập huấn trong quý: 0 (đã sửa, chưa gửi lại; đã gửi: 5)" in summary
    assert "Xác nhận gửi lại" in summary
    assert (row[3], row[TRAINED]) == ("đã gửi", 5)


async def test_export_shows_new_value_when_revision_is_confirmed(
    chat: Chat, engine: AsyncEngine, services: Services, tmp_path: Path
) -> None:
    await sent_then_edited(chat)

    receipt = await chat.say("xac nhan gui lai")

    row = await exported_row(engine, services, tmp_path)
    assert receipt.startswith("Đã nhận báo cáo")
    assert row[TRAINED] == 0


async def test_confirmed_revision_audit_keeps_old_and_new_values(
    chat: Chat, engine: AsyncEngine, town_on: Town
) -> None:
    await sent_then_edited(chat)

    await chat.say("xac nhan gui lai")

    async with session_scope(engine) as session:
        entries = (await session.exec(select(AuditLog).order_by(AuditLog.id))).all()
    submits = [e for e in entries if e.action == "survey.submit"]
    assert "changes" not in submits[0].detail
    assert submits[-1].detail["changes"] == {"so_tap_huan": {"old": 5, "new": 0}}
    assert submits[-1].detail["official_id"] == town_on.official_id
    assert submits[-1].at is not None


async def edited_twice_then_refused(chat: Chat) -> None:
    """The newcomer's steps (#26): two good edits of the sent report, then a refused one."""
    await fill(chat)
    await chat.say("gui bao cao")
    await chat.say("/baocao")
    for line in ["Sửa câu 6", "3", "Sửa câu 5", "0", "Sửa câu 4"]:
        await chat.say(line)
    refused = await chat.say("100,5")
    assert refused.startswith("Chưa nhận được câu trả lời")


async def actions(engine: AsyncEngine) -> list[str]:
    async with session_scope(engine) as session:
        return list((await session.exec(select(AuditLog.action).order_by(AuditLog.id))).all())


async def test_cancel_keeps_unconfirmed_edits_pending(
    chat: Chat, engine: AsyncEngine, services: Services, tmp_path: Path
) -> None:
    await edited_twice_then_refused(chat)

    paused = await chat.say("/huy")
    resumed = await chat.say("/baocao")

    _, answers = await stored(engine)
    row = await exported_row(engine, services, tmp_path)
    assert "2 câu đã sửa (câu 5, 6) vẫn được lưu" in paused
    assert "Đã bỏ" not in paused
    assert (answers["to_cong_nghe"], answers["giao_ban"]) == (0, "hai-ba")
    assert row[3] == "đã gửi"
    assert "survey.revision_discarded" not in await actions(engine)
    assert "5. Thành viên Tổ công nghệ số cộng đồng: 0 (đã sửa, chưa gửi lại; đã gửi: 40)" in (
        resumed
    )
    assert chat.keys == [KEY_SUBMIT, KEY_EDIT_PICK, KEY_DISCARD]


async def test_discarding_asks_first_and_no_keeps_the_edits(
    chat: Chat, engine: AsyncEngine
) -> None:
    await edited_twice_then_refused(chat)
    await chat.say("/huy")
    await chat.say("/baocao")

    asked = await chat.say("bỏ các thay đổi")
    asked_keys = chat.keys
    kept = await chat.say("không")

    _, answers = await stored(engine)
    assert asked.startswith("Bỏ 2 thay đổi chưa gửi lại (câu 5, 6)")
    assert asked_keys == [KEY_DISCARD_YES, KEY_DISCARD_NO]
    assert "Các thay đổi vẫn được giữ" in kept
    assert chat.keys == [KEY_SUBMIT, KEY_EDIT_PICK, KEY_DISCARD]
    assert answers["to_cong_nghe"] == 0
    assert "survey.revision_discarded" not in await actions(engine)


async def test_discard_confirmed_puts_back_the_sent_values(
    chat: Chat, engine: AsyncEngine, services: Services, tmp_path: Path
) -> None:
    await sent_then_edited(chat)
    await chat.say(choice=KEY_DISCARD)

    reply = await chat.say(choice=KEY_DISCARD_YES)

    _, answers = await stored(engine)
    row = await exported_row(engine, services, tmp_path)
    assert "Đã bỏ 1 thay đổi chưa xác nhận" in reply
    assert "/baocao" in reply
    assert answers["so_tap_huan"] == 5
    assert row[TRAINED] == 5
    assert (await actions(engine))[-1] == "survey.revision_discarded"


async def test_discard_is_asked_again_when_a_colleague_edits_meanwhile(
    chat: Chat, engine: AsyncEngine
) -> None:
    await sent_then_edited(chat)
    await chat.say(choice=KEY_DISCARD)  # «Bỏ 1 thay đổi»
    binh = Chat(chat.assistant, "binh")
    await binh.say("/baocao")
    await binh.say("Sửa câu 2")
    await binh.say("20")

    reply = await chat.say("có")

    _, answers = await stored(engine)
    assert "chưa có gì bị bỏ" in reply
    assert "Bỏ 2 thay đổi chưa gửi lại (câu 2, 3)" in reply
    assert (answers["so_mang_luoi"], answers["so_tap_huan"]) == (20, 0)
    assert "survey.revision_discarded" not in await actions(engine)


async def test_deadline_passing_keeps_confirmed_values(
    chat: Chat, engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    await sent_then_edited(chat)
    clock.now = AFTER_DUE

    closed = await chat.say("/baocao")

    row = await exported_row(engine, services, tmp_path)
    assert "đã hết hạn sửa" in closed
    assert "3. Số người được tập huấn trong quý: 5" in closed
    assert row[TRAINED] == 5


async def test_progress_counts_unit_as_sent_while_revision_is_pending(
    chat: Chat, engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    await sent_then_edited(chat)

    reply = await Chat(chat.assistant, "admin").say("/tiendo")

    assert "đã báo cáo 1/4 đơn vị" in reply
    assert "Xã Bình Sơn" not in reply


async def test_draft_answers_are_left_out_of_the_export_until_first_sent(
    chat: Chat, engine: AsyncEngine, services: Services, tmp_path: Path
) -> None:
    await fill(chat, FULL[:4])

    row = await exported_row(engine, services, tmp_path)

    assert (row[3], row[TRAINED]) == ("đang nhập", None)


async def test_question_about_the_plan_is_answered_while_a_revision_waits(
    chat: Chat, engine: AsyncEngine, services: Services, tmp_path: Path
) -> None:
    await sent_then_edited(chat)

    reply = await chat.say("hạn thiết lập mạng lưới CĐS khi nào?")
    answer, back = chat.last[0], chat.last[-1]
    receipt = await chat.say("xac nhan gui lai")

    assert "tháng 5/2024" in answer.text and "mục IV.2.c" in answer.text
    assert answer.choices == ()  # the report's choices come last, they alone are live
    assert back.text.startswith("Mời bạn tiếp tục với báo cáo:")
    assert "Ở bước này mình chỉ nhận" not in reply
    assert {c.label for c in back.choices} >= {"Xác nhận gửi lại"}
    assert receipt.startswith("Đã nhận báo cáo")
    row = await exported_row(engine, services, tmp_path)
    assert row[TRAINED] == 0  # the revision survived the question
