"""The office's review of a report, said one way wherever the chat shows it (#32): `/baocao`'s
header, the receipt and the read-only view; a report re-sent after acceptance is «chờ duyệt
lại». An older «Xác nhận gửi lại» after a colleague re-sent says who and when (#31). The
office acts through the console's own storage functions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from handlers.survey_view import KEY_DISCARD, KEY_DISCARD_YES, KEY_EDIT_PICK, KEY_SUBMIT
from storage.db import session_scope
from storage.models import SurveyResponse
from storage.review import accept, give_back
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import AFTER_DUE, FULL, fill

OFFICE = "Sở Khoa học và Công nghệ"
HOUR = timedelta(hours=1)


async def _office(engine: AsyncEngine, clock: FakeClock, *, comment: str | None = None) -> None:
    """The office accepts the report (or returns it with `comment`) an hour later."""
    clock.now += HOUR
    async with session_scope(engine) as session:
        response = (await session.exec(select(SurveyResponse))).one()
        if comment is None:
            await accept(session, response, by="admin", now=clock.now)
        else:
            await give_back(session, response, comment=comment, by="admin", now=clock.now)
    clock.now += HOUR


def _header(shown: str) -> str:
    """What `/baocao` says before the summary's lines."""
    return shown.split("Tóm tắt —")[0]


async def test_sent_report_header_says_it_awaits_review(an: Chat) -> None:
    receipt = await fill(an, [*FULL, "gui bao cao"])

    shown = await an.say("/baocao")

    assert f"Báo cáo đang chờ {OFFICE} duyệt." in receipt
    assert f"Báo cáo đang chờ {OFFICE} duyệt." in _header(shown)


async def test_accepted_report_header_says_accepted(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an, [*FULL, "gui bao cao"])
    await _office(sqlite_engine, clock)

    shown = await an.say("/baocao")

    assert f"{OFFICE} đã chấp nhận báo cáo này lúc 10:00 ngày 30/11/2026." in _header(shown)
    assert "đang chờ" not in shown


async def test_report_resent_after_acceptance_awaits_review_again(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an, [*FULL, "gui bao cao"])
    await _office(sqlite_engine, clock)
    await fill(an, ["/baocao", "Sửa câu 3", "7"])
    receipt = await an.say("xac nhan gui lai")

    shown = await an.say("/baocao")

    again = f"sau đó đơn vị sửa và gửi lại nên báo cáo được chuyển về {OFFICE} để duyệt lại"
    assert again in receipt
    assert again in _header(shown)
    assert f"{OFFICE} đã chấp nhận báo cáo lúc 10:00 ngày 30/11/2026" in _header(shown)
    assert "Nếu bạn sửa và xác nhận gửi lại" not in shown  # no longer accepted


async def test_returned_report_says_so_with_the_comment_then_awaits_review_again(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an, [*FULL, "gui bao cao"])
    await _office(sqlite_engine, clock, comment="Xem lại câu 3")

    returned = await an.say("/baocao")
    receipt = await an.say("gui bao cao")
    shown = await an.say("/baocao")

    assert (
        f"{OFFICE} đã trả lại báo cáo để chỉnh sửa lúc 10:00 ngày 30/11/2026. "
        "Góp ý: «Xem lại câu 3»." in _header(returned)
    )
    resent = f"Đơn vị đã sửa theo góp ý của {OFFICE} và gửi lại; báo cáo đang chờ duyệt lại."
    assert resent in receipt
    assert resent in _header(shown)
    assert "trả lại báo cáo" not in receipt


async def test_read_only_report_states_its_review(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an, [*FULL, "gui bao cao"])
    await _office(sqlite_engine, clock)
    clock.now = AFTER_DUE

    closed = await an.say("/baocao")

    assert "đã hết hạn sửa" in closed
    assert f"{OFFICE} đã chấp nhận báo cáo này lúc 10:00 ngày 30/11/2026." in closed


# --- 31: an older «Xác nhận gửi lại» after a colleague re-sent ---


async def test_old_resend_after_colleague_resent_names_who_and_when(
    an: Chat, binh: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an, [*FULL, "gui bao cao"])  # 09:00
    await _office(sqlite_engine, clock)  # accepted at 10:00
    await fill(an, ["/baocao", "Sửa câu 3", "7"])  # An's summary offers «Xác nhận gửi lại»
    await binh.say("/baocao")
    await binh.say("xac nhan gui lai")  # 11:00, Bình sends An's edit
    clock.now += HOUR

    reply = await an.say(choice=KEY_SUBMIT)

    assert reply.startswith(
        "Trần Thị Bình đã gửi lại báo cáo lúc 11:00 ngày 30/11/2026, gồm cả các thay đổi bạn "
        "thấy trong bản tóm tắt (câu 3), nên không cần gửi lại nữa."
    )
    assert "để duyệt lại (chờ duyệt lại)." in reply
    assert an.keys == [KEY_EDIT_PICK]


async def test_old_resend_after_colleague_discarded_sends_nothing(
    an: Chat, binh: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an, [*FULL, "gui bao cao"])
    await fill(an, ["/baocao", "Sửa câu 3", "7"])
    await binh.say("/baocao")
    await binh.say(choice=KEY_DISCARD)
    await binh.say(choice=KEY_DISCARD_YES)

    reply = await an.say(choice=KEY_SUBMIT)

    assert reply.startswith("Trần Thị Bình đã bỏ 1 thay đổi chưa gửi lại")
    assert "đã gửi lại báo cáo lúc" not in reply


async def test_returned_comment_ending_a_sentence_is_quoted_without_a_second_full_stop(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an, [*FULL, "gui bao cao"])
    await _office(sqlite_engine, clock, comment="Đề nghị kiểm tra lại số liệu.")

    returned = await an.say("/baocao")

    assert "Góp ý: «Đề nghị kiểm tra lại số liệu.» Bạn sửa các câu cần thiết" in _header(returned)
    assert "».»" not in returned and "». " not in _header(returned).split("Góp ý:")[1]
