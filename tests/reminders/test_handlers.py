"""/nhacviec, the reminder's choices and /thongbao, through the real assistant."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import texts
from handlers.messages import Inbound, Reply
from storage.db import session_scope
from storage.models import Outbox, ReminderMute
from tests.conftest import FakeClock
from tests.reminders.conftest import (
    add_report_deadline,
    outbox_rows,
    seed_people,
    submit,
    utc,
)
from tests.surveys.test_flow import FULL as FULL_REPORT


def _say(chat: str, text: str = "", choice: str | None = None) -> Inbound:
    return Inbound(channel="telegram", chat_id=chat, user_id=chat, text=text, choice=choice)


async def _mutes(engine: AsyncEngine) -> list[tuple[int, int]]:
    async with session_scope(engine) as session:
        rows = (await session.exec(select(ReminderMute))).all()
        return [(row.deadline_id, row.official_id) for row in rows]


async def test_nhacviec_lists_my_deadlines_with_report_status(
    assistant: Assistant, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    people = await seed_people(sqlite_engine)
    await add_report_deadline(sqlite_engine)
    await add_report_deadline(sqlite_engine, title="Việc của sở", audience="departments")
    await submit(sqlite_engine, people.commune)
    clock.now = utc(2026, 12, 12, 3, 0)

    replies = await assistant.handle(_say("101", "/nhacviec"))

    assert replies == [
        Reply(
            "Các việc sắp đến hạn của Xã Bình Sơn:\n"
            "• Báo cáo định kỳ kết quả thực hiện Kế hoạch\n"
            "  Hạn: Thứ Ba, 15/12/2026 (còn 3 ngày)\n"
            "  (Kế hoạch 87/KH-UBND, mục IV.1.d; ngày hạn theo lịch của Trợ lý CĐS)\n"
            "  Báo cáo quý IV/2026: đã gửi"
        )
    ]


async def test_nhacviec_names_edits_kept_unsent_after_huy(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)
    await add_report_deadline(sqlite_engine)
    for line in [*FULL_REPORT, "gui bao cao", "/baocao", "Sửa câu 3", "7", "/huy"]:
        await assistant.handle(_say("101", line))

    replies = await assistant.handle(_say("101", "/nhacviec"))

    assert "  Báo cáo quý IV/2026: đã gửi; có 1 câu đã sửa chưa gửi lại (gõ /baocao" in (
        replies[0].text
    )


async def test_nhacviec_asks_to_register_when_not_linked(assistant: Assistant) -> None:
    replies = await assistant.handle(_say("555", "/nhacviec"))

    assert replies[0].text.startswith("Tài khoản của bạn chưa gắn với đơn vị nào")


async def test_mute_choice_pressed_days_later_mutes_and_drops_queued(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    people = await seed_people(sqlite_engine)
    deadline = await add_report_deadline(sqlite_engine)
    async with session_scope(sqlite_engine) as session:
        session.add(
            Outbox(
                dedupe_key="k",
                source="deadline:x",
                kind="reminder",
                deadline_id=deadline.id,
                identity_id=1,
                channel="telegram",
                chat_id="101",
                text="…",
                next_attempt_at=utc(2026, 12, 8),
            )
        )

    replies = await assistant.handle(_say("101", choice=f"rm:mute:{deadline.id}"))

    assert replies[0].text.startswith("Đã tắt nhắc cho việc «Báo cáo định kỳ")
    assert await _mutes(sqlite_engine) == [(deadline.id, people.member.id)]
    assert [(r.status, r.last_error) for r in await outbox_rows(sqlite_engine)] == [
        ("skipped", "muted")
    ]


async def test_mute_is_refused_for_a_deadline_of_another_audience(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)
    deadline = await add_report_deadline(sqlite_engine, audience="departments")

    replies = await assistant.handle(_say("101", choice=f"rm:mute:{deadline.id}"))

    assert (replies[0].text, await _mutes(sqlite_engine)) == (
        "Việc này không còn hoặc không áp dụng cho đơn vị của bạn.",
        [],
    )


async def test_mute_is_refused_for_an_unknown_deadline(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)

    replies = await assistant.handle(_say("101", choice="rm:mute:999"))

    assert replies[0].text == "Việc này không còn hoặc không áp dụng cho đơn vị của bạn."


async def test_report_now_choice_opens_the_report_at_its_first_question(
    assistant: Assistant, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await seed_people(sqlite_engine)
    clock.now = utc(2026, 12, 8, 1, 0)

    replies = await assistant.handle(_say("101", choice="rm:report:bao-cao-quy"))

    text = "\n".join(reply.text for reply in replies)
    assert "quý IV/2026 của Xã Bình Sơn" in text
    assert "Câu 1/8 (mục II.1.b)" in text
    assert [choice.key for choice in replies[-1].choices] == ["sv:a:co", "sv:a:khong"]


async def test_report_now_choice_for_an_unknown_survey_says_so(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)

    replies = await assistant.handle(_say("101", choice="rm:report:khong-co"))

    assert replies == [Reply(texts.SURVEY_UNKNOWN.format(survey="khong-co"))]


async def test_thongbao_is_for_admins_only(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)

    replies = await assistant.handle(_say("101", "/thongbao"))

    assert replies == [Reply("Chỉ quản trị viên mới gửi được thông báo chung.")]


async def test_thongbao_previews_then_queues_one_row_per_identity(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)

    await assistant.handle(_say("900", "/thongbao"))
    await assistant.handle(_say("900", "1"))  # Tất cả xã, phường, đặc khu
    preview = await assistant.handle(_say("900", "Họp trực tuyến lúc 14:00 thứ Sáu."))
    done = await assistant.handle(_say("900", "Gửi"))

    rows = await outbox_rows(sqlite_engine)
    assert preview[0].text.startswith(
        "Xem trước thông báo gửi tới tất cả xã, phường, đặc khu (2 người"
    )
    assert done == [Reply("Đã xếp 2 tin vào hàng gửi; hệ thống sẽ gửi dần trong ít phút.")]
    assert sorted(r.chat_id for r in rows) == ["101", "102"]
    assert rows[0].text == "📢 Thông báo:\n\nHọp trực tuyến lúc 14:00 thứ Sáu."
    assert rows[0].dedupe_key == f"{rows[0].source}:identity:{rows[0].identity_id}"


async def test_thongbao_cancel_queues_nothing(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)

    await assistant.handle(_say("900", "/thongbao"))
    await assistant.handle(_say("900", choice="bc:all"))
    await assistant.handle(_say("900", "Nội dung"))
    replies = await assistant.handle(_say("900", choice="bc:cancel"))

    assert (replies, await outbox_rows(sqlite_engine)) == ([Reply("Đã hủy thông báo.")], [])


async def test_help_tells_only_the_unregistered_how_to_register(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await seed_people(sqlite_engine)

    registered = await assistant.handle(_say("101", "/trogiup"))
    stranger = await assistant.handle(_say("555", "/trogiup"))

    assert registered[0].text == texts.HELP
    assert "mã mời" not in registered[0].text
    assert stranger[0].text.startswith(texts.HELP)
    assert "Để báo cáo, bạn cần mã mời" in stranger[0].text


async def test_thongbao_is_not_sent_by_a_number_typed_on_telegram(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    # Telegram's buttons carry no numbers: «1» is no «Gửi» (choices that cannot be undone are
    # pressed or typed by their label only); «Gửi» typed still sends.
    await seed_people(sqlite_engine)
    await assistant.handle(_say("900", "/thongbao"))
    await assistant.handle(_say("900", choice="bc:all"))
    await assistant.handle(_say("900", "Họp trực tuyến lúc 14:00 thứ Sáu."))

    asked = await assistant.handle(_say("900", "1"))
    assert await outbox_rows(sqlite_engine) == []
    assert [c.key for c in asked[0].choices] == ["bc:send", "bc:cancel"]

    await assistant.handle(_say("900", "Gửi"))
    assert len(await outbox_rows(sqlite_engine)) == 3  # every unit's official, the admin too
