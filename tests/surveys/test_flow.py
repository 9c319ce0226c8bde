"""The report in chat, end to end through `assistant.handle` on the console channel."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import func, select

from bot.assistant import Assistant
from handlers import Channel, texts
from handlers.survey_view import KEY_EDIT_PICK, KEY_SUBMIT
from knowledge.changes import COORDINATING_OFFICE
from storage import surveys as store
from storage.db import session_scope
from storage.models import Answer, AuditLog, SurveyResponse
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town, add_identity

AFTER_DUE = datetime(2026, 12, 20, 3, 0, tzinfo=UTC)  # Q4 was due 15/12 23:59 local
FULL = ["/baocao", "co", "12", "5", "62,5%", "40", "1 buổi", "bo qua", "Không có gì"]


async def stored(engine: AsyncEngine) -> tuple[SurveyResponse | None, dict[str, object]]:
    async with session_scope(engine) as session:
        response = (await session.exec(select(SurveyResponse))).first()
        answers = await store.answers_of(session, response.id) if response and response.id else {}
    return response, answers


async def fill(chat: Chat, lines: list[str] = FULL) -> str:
    reply = ""
    for line in lines:
        reply = await chat.say(line)
    return reply


async def test_report_starts_with_intro_and_first_question(an: Chat) -> None:
    reply = await an.say("/baocao")

    assert "quý IV/2026 của Xã Bình Sơn" in reply
    assert "Hạn gửi: 23:59 ngày 15/12/2026" in reply
    assert "Câu 1/8 (mục II.1.b)" in reply
    assert an.keys == ["sv:a:co", "sv:a:khong"]


async def test_typed_label_without_diacritics_answers_and_saves(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await an.say("/baocao")

    reply = await an.say("khong")

    _, answers = await stored(sqlite_engine)
    assert answers == {"dau_moi": "khong"}
    assert "Câu 3/8" in reply  # skip logic: question 2 applies only with a focal point


async def test_polite_words_around_a_typed_answer_do_not_matter(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await an.say("/baocao")
    await an.say("Dạ có ạ")
    await an.say("12 ạ")
    back = await an.say("2 nhé")  # a count, not the second button («Quay lại»)

    _, answers = await stored(sqlite_engine)
    assert answers == {"dau_moi": "co", "so_mang_luoi": 12, "so_tap_huan": 2}
    assert "Câu 4/8" in back


async def test_yes_asks_the_dependent_question(an: Chat) -> None:
    await an.say("/baocao")

    reply = await an.say("co")

    assert "Câu 2/8 (mục III.1.c)" in reply
    assert an.keys == ["sv:back"]


async def test_typed_number_on_number_question_is_the_answer_not_a_button(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, ["/baocao", "co"])

    await an.say("1")  # "1" would otherwise pick the first offered choice, «Quay lại»

    _, answers = await stored(sqlite_engine)
    assert answers["so_mang_luoi"] == 1


async def test_rejected_answer_is_reasked_with_constraint_message(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, ["/baocao", "co"])

    reply = await an.say("-3")

    _, answers = await stored(sqlite_engine)
    assert reply.startswith("Chưa nhận được câu trả lời: Số người phải là số nguyên từ 0 đến 500.")
    assert "Câu 2/8" in reply
    assert "so_mang_luoi" not in answers


async def test_back_returns_to_previous_relevant_question(an: Chat) -> None:
    await fill(an, ["/baocao", "khong"])

    reply = await an.say("quay lai")

    assert "Câu 1/8" in reply
    assert "Câu trả lời hiện tại: Không" in reply


async def test_pause_then_resume_at_same_question(an: Chat, sqlite_engine: AsyncEngine) -> None:
    await fill(an, ["/baocao", "co", "12"])

    paused = await an.say("/huy")
    resumed = await an.say("/baocao")

    _, answers = await stored(sqlite_engine)
    assert paused == texts.SURVEY_CANCELLED
    assert answers == {"dau_moi": "co", "so_mang_luoi": 12}
    assert "Tiếp tục nhập" in resumed
    assert "Câu 3/8" in resumed


async def test_resume_on_another_channel(an: Chat, assistant: Assistant) -> None:
    await fill(an, ["/baocao", "co", "12", "/huy"])
    web = Chat(assistant, "an-web", channel=Channel.WEB)

    reply = await web.say("/baocao")

    assert "Câu 3/8" in reply


async def test_colleague_sees_draft_and_who_changed_it(an: Chat, binh: Chat) -> None:
    await fill(an, ["/baocao", "co", "12"])

    reply = await binh.say("/baocao")

    assert "Cập nhật lần cuối: Nguyễn Văn An, lúc 09:00 ngày 30/11/2026." in reply
    assert "Câu 3/8" in reply


async def test_colleagues_answering_in_turn_keep_both_answers(
    an: Chat, binh: Chat, sqlite_engine: AsyncEngine
) -> None:
    await an.say("/baocao")
    await binh.say("/baocao")
    await an.say("co")

    refused = await binh.say("khong")  # binh was still on question 1: told, nothing lost
    kept = await stored(sqlite_engine)
    await binh.say("khong")  # having seen An's answer, binh keeps theirs

    assert "vừa sửa câu 1 thành «Có»" in refused
    assert kept[1] == {"dau_moi": "co"}
    response, answers = await stored(sqlite_engine)
    assert answers == {"dau_moi": "khong"}
    assert response is not None and response.version == 2


async def test_summary_then_submit_gives_receipt_with_local_time(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    summary = await fill(an)
    clock.now = datetime(2026, 11, 30, 7, 5, tzinfo=UTC)

    receipt = await an.say("Gửi báo cáo")

    response, _ = await stored(sqlite_engine)
    assert "4. Tỷ lệ sử dụng nền tảng số: 62,5%\n" in summary
    assert "7. Khó khăn, vướng mắc: (bỏ qua)" in summary
    assert receipt.startswith(
        "Đã nhận báo cáo quý IV/2026 của Xã Bình Sơn lúc 14:05 ngày 30/11/2026."
    )
    assert response is not None
    assert (response.status, response.submitted_at) == ("submitted", clock.now)


async def test_submit_writes_audit_log(an: Chat, sqlite_engine: AsyncEngine) -> None:
    await fill(an)
    await an.say("gui bao cao")

    async with session_scope(sqlite_engine) as session:
        actions = (await session.exec(select(AuditLog.action))).all()

    assert actions.count("survey.answer") == 8
    assert actions[-1] == "survey.submit"


async def test_edit_question_3_before_deadline_keeps_old_and_new_in_audit(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an)
    await an.say("gui bao cao")
    await an.say("/baocao")

    asked = await an.say("Sửa câu 3")
    summary = await an.say("7")
    receipt = await an.say("xac nhan gui lai")

    async with session_scope(sqlite_engine) as session:
        log = (
            await session.exec(select(AuditLog).where(AuditLog.action == "survey.answer"))
        ).all()
    response, answers = await stored(sqlite_engine)
    assert "Câu 3/8" in asked and "Câu trả lời hiện tại: 5" in asked
    assert "3. Số người được tập huấn trong quý: 7" in summary
    assert receipt.startswith("Đã nhận báo cáo")
    assert (log[-1].detail["question"], log[-1].detail["old"], log[-1].detail["new"]) == (
        "so_tap_huan",
        5,
        7,
    )
    assert (answers["so_tap_huan"], response and response.status) == (7, "submitted")


async def test_submitted_report_is_read_only_after_deadline(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an)
    await an.say("gui bao cao")
    clock.now = AFTER_DUE

    reply = await an.say("/baocao")

    assert "đã hết hạn sửa (23:59 ngày 15/12/2026)" in reply
    assert "3. Số người được tập huấn trong quý: 5" in reply
    assert an.keys == []


async def test_edit_in_progress_is_refused_once_deadline_passes(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await fill(an)
    await an.say("gui bao cao")
    await fill(an, ["/baocao", "sua cau 3"])
    clock.now = AFTER_DUE

    reply = await an.say("9")

    _, answers = await stored(sqlite_engine)
    assert "đã hết hạn sửa" in reply
    assert answers["so_tap_huan"] == 5


async def test_late_first_submission_is_accepted_and_marked(
    an: Chat, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    clock.now = AFTER_DUE
    intro = await an.say("/baocao")
    await fill(an, FULL[1:])

    receipt = await an.say("gui bao cao")

    response, _ = await stored(sqlite_engine)
    assert "đã quá hạn gửi" in intro
    assert "gửi muộn" in receipt
    assert response is not None and response.status == "submitted"


async def test_tampered_choice_key_is_refused_and_nothing_saved(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await an.say("/baocao")

    reply = await an.say(choice="sv:a:hacked")

    _, answers = await stored(sqlite_engine)
    assert reply == texts.CHOICE_EXPIRED
    assert answers == {}


async def test_required_question_offers_no_skip_and_typed_skip_is_refused(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await an.say("/baocao")

    reply = await an.say("bo qua")

    _, answers = await stored(sqlite_engine)
    assert "sv:skip" not in an.keys
    assert "Chưa nhận được câu trả lời" in reply
    assert answers == {}


async def test_unbound_identity_gets_polite_refusal(
    assistant: Assistant, town: Town, sqlite_engine: AsyncEngine
) -> None:
    stranger = Chat(assistant, "stranger")

    reply = await stranger.say("/baocao")

    async with session_scope(sqlite_engine) as session:
        count = (await session.exec(select(func.count()).select_from(SurveyResponse))).one()
    assert (reply, count) == (texts.REPORT_NOT_REGISTERED.format(office=COORDINATING_OFFICE), 0)


async def test_answers_are_saved_as_given_even_without_submit(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, ["/baocao", "co", "12", "5"])

    async with session_scope(sqlite_engine) as session:
        count = (await session.exec(select(func.count()).select_from(Answer))).one()

    assert count == 3


async def test_second_identity_of_same_unit_on_telegram_resumes(
    an: Chat, assistant: Assistant, town: Town, sqlite_engine: AsyncEngine
) -> None:
    await fill(an, ["/baocao", "co", "12", "/huy"])
    await add_identity(
        sqlite_engine, official_id=town.colleague_id, user="binh-tg", channel=Channel.TELEGRAM
    )

    reply = await Chat(assistant, "binh-tg", channel=Channel.TELEGRAM).say("/baocao")

    assert "Câu 3/8" in reply


async def test_report_for_another_audience_is_refused(an: Chat) -> None:
    reply = await an.say("/baocao khong-ton-tai")

    assert reply == texts.SURVEY_UNKNOWN.format(survey="khong-ton-tai")


async def test_typed_edit_in_the_middle_jumps_to_that_question(an: Chat) -> None:
    await fill(an, ["/baocao", "co", "12", "5"])

    reply = await an.say("sua cau 2")

    assert "Câu 2/8" in reply
    assert "Câu trả lời hiện tại: 12" in reply


async def test_summary_offers_send_and_edit_only(an: Chat) -> None:
    await fill(an)

    assert an.keys == [KEY_SUBMIT, KEY_EDIT_PICK]


async def test_typed_number_after_edit_choice_is_the_question_number(an: Chat) -> None:
    await fill(an)

    prompt = await an.say("2")  # «Sửa câu trả lời», numbered 2 on the console
    asked = await an.say("3")

    assert prompt == texts.SURVEY_WHICH_QUESTION
    assert "Câu 3/8" in asked


async def test_edit_button_then_unknown_question_number_is_refused(an: Chat) -> None:
    await fill(an)
    await an.say(choice=KEY_EDIT_PICK)

    reply = await an.say("42")

    assert texts.SURVEY_NO_SUCH_QUESTION.format(number="42") in reply


async def test_numbers_from_a_thousand_are_shown_with_the_thousands_dot(
    an: Chat, sqlite_engine: AsyncEngine
) -> None:
    lines = ["/baocao", "co", "12", "1.000", "62,5%", "1500", "1 buổi", "bo qua", "Không có gì"]
    summary = await fill(an, lines)
    await an.say("gui bao cao")
    await an.say("/baocao")

    asked = await an.say("Sửa câu 5")
    edited = await an.say("2 000")

    _, answers = await stored(sqlite_engine)
    assert "3. Số người được tập huấn trong quý: 1.000\n" in summary
    assert "5. Thành viên Tổ công nghệ số cộng đồng: 1.500\n" in summary
    assert "Câu trả lời hiện tại: 1.500" in asked
    assert "5. Thành viên Tổ công nghệ số cộng đồng: 2.000 (" in edited
    assert "đã gửi: 1.500)" in edited
    # Only what is shown is formatted; stored values stay plain numbers.
    assert (answers["so_tap_huan"], answers["to_cong_nghe"]) == (1000, 2000)
