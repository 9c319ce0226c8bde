"""`/toi` typed in the middle of a report, through the web chat endpoint: its «Sửa chức vụ» and
«Sửa họ tên» work there (they were answered «Ở bước này mình chỉ nhận: «Gửi báo cáo» …», walk
on a phone, finding 2), and the chat comes back to the report's step afterwards with nothing
lost; the summary's refusal names only the buttons the step offers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Channel, Services, texts
from handlers.onboarding_profile import KEY_NAME, KEY_POSITION
from handlers.survey_view import KEY_DISCARD, KEY_EDIT_PICK, KEY_SUBMIT
from storage.db import session_scope
from storage.models import Official
from tests.conftest import FakeClock
from tests.surveys.conftest import add_identity, make_town
from tests.surveys.test_flow import stored
from tests.web.webchat import WebChat, web_app

FULL = ["/baocao", "co", "12", "5", "80", "40", "2 buổi", "Thiếu máy tính", "Không có gì"]
SESSION = "profile-in-report-01"
POSITION = "Phó Chủ tịch UBND xã"


async def _web(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> tuple[WebChat, int]:
    town = await make_town(sqlite_engine)
    await add_identity(
        sqlite_engine, official_id=town.official_id, user=SESSION, channel=Channel.WEB
    )
    return WebChat(web_app(sqlite_engine, services, clock, tmp_path), SESSION), town.official_id


async def _pending_revision(chat: WebChat) -> None:
    """The report sent, then question 4 changed and not sent again."""
    for line in FULL:
        await chat.say(line)
    await chat.say(choice=KEY_SUBMIT)
    await chat.say("/baocao")
    await chat.say("Sửa câu 4")
    await chat.say("30")


async def _official(engine: AsyncEngine, official_id: int) -> Official:
    async with session_scope(engine) as session:
        official = await session.get(Official, official_id)
        assert official is not None
        session.expunge(official)
    return official


async def test_position_corrected_from_toi_during_a_revision_then_back_to_it(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat, official_id = await _web(sqlite_engine, services, clock, tmp_path)
    await _pending_revision(chat)
    await chat.say("/toi")
    assert KEY_POSITION in chat.keys

    asked = await chat.say(choice=KEY_POSITION)
    back = await chat.say(POSITION)

    assert asked == texts.PROFILE_ASK_POSITION.format(current="")
    assert (await _official(sqlite_engine, official_id)).position == POSITION
    assert back.startswith(texts.PROFILE_UPDATED)
    assert texts.SURVEY_BACK_TO_SUMMARY in back and "Bạn đã sửa 1 câu" in back
    assert chat.keys == [KEY_SUBMIT, KEY_EDIT_PICK, KEY_DISCARD]
    _, answers = await stored(sqlite_engine)
    assert answers["ty_le_nen_tang"] == 30  # the edit waits as it did
    sent = await chat.say(choice=KEY_SUBMIT)
    response, _ = await stored(sqlite_engine)
    assert "Đã nhận báo cáo" in sent
    assert response is not None and (response.confirmed or {})["ty_le_nen_tang"] == 30


async def test_cancel_of_the_correction_comes_back_to_the_report_too(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat, official_id = await _web(sqlite_engine, services, clock, tmp_path)
    await _pending_revision(chat)
    await chat.say("/toi")
    await chat.say(choice=KEY_POSITION)

    reply = await chat.say("/huy")

    assert reply.startswith(texts.CANCELLED_PROFILE)
    assert texts.SURVEY_BACK_TO_SUMMARY in reply
    assert chat.keys == [KEY_SUBMIT, KEY_EDIT_PICK, KEY_DISCARD]
    assert (await _official(sqlite_engine, official_id)).position == ""


async def test_name_corrected_by_its_label_mid_question_then_the_question_again(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat, official_id = await _web(sqlite_engine, services, clock, tmp_path)
    for line in FULL[:3]:
        await chat.say(line)  # at question 3
    await chat.say("/toi")
    assert KEY_NAME in chat.keys

    await chat.say("sửa họ tên")
    back = await chat.say("Nguyễn Văn Anh")

    assert (await _official(sqlite_engine, official_id)).full_name == "Nguyễn Văn Anh"
    assert f"{texts.SURVEY_BACK_TO_QUESTION}\nCâu 3/8" in back
    await chat.say("5")
    _, answers = await stored(sqlite_engine)
    assert answers["so_tap_huan"] == 5


async def test_the_pending_summary_names_only_its_own_buttons(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat, _ = await _web(sqlite_engine, services, clock, tmp_path)
    await _pending_revision(chat)

    reply = await chat.say("ok")

    buttons = "«Xác nhận gửi lại», «Sửa câu trả lời» rồi số câu, «Bỏ các thay đổi»"
    assert texts.SURVEY_SUMMARY_HINT.format(buttons=buttons) in reply
    assert f"«{texts.SURVEY_SUBMIT}»" not in reply
