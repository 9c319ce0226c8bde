"""An edit of a sent report is not said to be recorded before «Xác nhận gửi lại» (it said «Đã
lưu câu trả lời mới»), and «hạn nộp báo cáo» asked meanwhile names the edits waiting as
`/nhacviec` does (walk on a phone, finding 6)."""

from __future__ import annotations

from handlers import texts
from handlers.survey_view import KEY_SUBMIT
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import fill

FULL = ["/baocao", "co", "12", "5", "80", "40", "2 buổi", "Thiếu máy tính", "Không có gì"]
DUE = "han nop bao cao quy la khi nao"
SENT = "Đơn vị của bạn (Xã Bình Sơn) đã gửi báo cáo kỳ quý IV/2026 lúc 09:00 ngày 30/11/2026"


async def _sent(chat: Chat) -> None:
    await fill(chat, FULL)
    await chat.say(choice=KEY_SUBMIT)


async def test_an_edit_of_a_sent_report_says_it_is_not_sent_again(an: Chat) -> None:
    await _sent(an)
    await an.say("Sửa câu 4")

    reply = await an.say("30")

    line = "4. Tỷ lệ sử dụng nền tảng số: 30% (đã sửa, chưa gửi lại; đã gửi: 80%)"
    assert reply.startswith(texts.SURVEY_EDITED_UNSENT.format(number=4, line=line))
    assert "Đã lưu" not in reply


async def test_an_edit_back_to_the_sent_answer_says_so(an: Chat) -> None:
    await _sent(an)
    await fill(an, ["Sửa câu 4", "30", "Sửa câu 4"])

    reply = await an.say("80")

    line = "4. Tỷ lệ sử dụng nền tảng số: 80%"
    assert reply.startswith(texts.SURVEY_EDITED_AS_SENT.format(number=4, line=line))


async def test_the_due_date_asked_names_the_edits_waiting_in_and_outside_the_report(
    an: Chat, binh: Chat
) -> None:
    await _sent(an)
    await fill(an, ["Sửa câu 4", "30"])  # at the summary, one edit waiting

    in_report = await an.say(DUE)
    outside = await binh.say(DUE)  # a colleague of the unit, not in the report

    waiting = SENT + texts.DEADLINE_REPORT_PENDING.format(count=1) + "."
    assert waiting in in_report and waiting in outside
    assert texts.SURVEY_BACK_TO_SUMMARY in in_report


async def test_the_due_date_asked_without_edits_waiting_says_only_sent(an: Chat) -> None:
    await _sent(an)

    reply = await an.say(DUE)

    assert SENT + "." in reply
    assert "chưa gửi lại" not in reply
