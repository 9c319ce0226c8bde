"""The personal-data notice before registration (Law 91/2025/QH15), through the assistant.

Nothing personal is asked for before the agreement; a refusal keeps nothing, not even the
chat account, and leaves the invite unused; an agreement is recorded on the official.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.assistant import Assistant
from handlers import Inbound, Services, consent, texts
from storage.db import session_scope
from storage.models import AuditLog, Conversation, Invite, Official
from storage.retention import RetentionPolicy
from tests.conftest import FakeClock
from tests.onboarding.conftest import UNIT_NAME, MakeInvite, Say
from tests.tables import every_value

NAME, POSITION, CHAT = "Trần Thị Mai", "Công chức Văn phòng - Thống kê", "707070"


def _said(text: str = "", *, choice: str | None = None) -> Inbound:
    return Inbound(channel="telegram", chat_id=CHAT, user_id=CHAT, text=text, choice=choice)


async def _uses(engine: AsyncEngine) -> list[int]:
    async with session_scope(engine) as session:
        return list((await session.exec(select(Invite.uses).order_by(col(Invite.id)))).all())


async def _officials(engine: AsyncEngine) -> list[Official]:
    async with session_scope(engine) as session:
        return list((await session.exec(select(Official))).all())


async def test_code_shows_notice_with_agree_and_refuse_buttons(
    make_invite: MakeInvite, assistant: Assistant, services: Services
) -> None:
    code = await make_invite()

    (reply,) = await assistant.handle(_said(f"/start {code}"))

    assert reply.text.startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME) + "\n\n")
    assert [(c.key, c.label) for c in reply.choices] == [
        ("pc:yes", "Đồng ý"),
        ("pc:no", "Không đồng ý"),
    ]
    for said in (
        "họ tên, chức vụ, đơn vị, tài khoản chat",
        "nội dung báo cáo và câu hỏi bạn gửi cho trợ lý",
        "điều phối thực hiện Kế hoạch 87/KH-UBND, nhắc hạn, tổng hợp báo cáo",
        "đến khi bạn gõ /xoathongtin",
        services.coordinating_office,
        "cán bộ của đơn vị bạn xem báo cáo của đơn vị",
        "/toi để xem và sửa thông tin",
        "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
    ):
        assert said in reply.text, said


def test_notice_quotes_this_deployments_retention_and_office(services: Services) -> None:
    custom = replace(
        services,
        coordinating_office="Văn phòng Điều phối CĐS tỉnh",
        retention=RetentionPolicy(
            unanswered_question=timedelta(days=180),
            outbox=timedelta(days=45),
            audit_log=timedelta(days=1095),
        ),
    )

    text = consent.notice(custom)

    assert "câu hỏi trợ lý chưa trả lời được giữ 6 tháng" in text
    assert "tin nhắn nhắc việc đã gửi giữ 45 ngày" in text
    assert "nhật ký thay đổi giữ 3 năm" in text
    assert "Ai được xem: Văn phòng Điều phối CĐS tỉnh (cơ quan điều phối" in text


def test_durations_read_as_years_months_or_days() -> None:
    spans = [timedelta(days=d) for d in (730, 365, 90, 30, 45, 7, 1)]

    assert [consent.duration(span) for span in spans] == [
        "2 năm", "1 năm", "3 tháng", "1 tháng", "45 ngày", "7 ngày", "1 ngày",
    ]  # fmt: skip


async def test_refusal_keeps_nothing_personal_and_the_code_unused(
    make_invite: MakeInvite, assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite()
    await assistant.handle(replace(_said(f"/start {code}"), display_name=NAME))

    refused = await assistant.handle(replace(_said("2"), display_name=NAME))  # 2. Không đồng ý
    stored = await every_value(sqlite_engine)

    assert [r.text for r in refused] == [texts.CONSENT_REFUSED]
    assert await _officials(sqlite_engine) == []
    assert await _uses(sqlite_engine) == [0]
    # Not the name the platform sends, not the chat id, not the code.
    assert NAME not in stored
    assert CHAT not in stored
    assert code.replace("-", "")[3:] not in stored.replace("-", "")


async def test_after_refusal_questions_are_answered_and_the_code_still_registers(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite()
    await say(f"/start {code}")
    await say("Không đồng ý")

    answer = await say("Ai điều phối Mạng lưới chuyển đổi số tỉnh?")
    again = await say(f"/start {code}")
    await say("Đồng ý")
    await say(NAME)
    onboarded = await say(POSITION)

    assert "(Kế hoạch 87/KH-UBND, mục " in answer
    assert again.startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME))
    assert onboarded.startswith(f"Đã xác nhận: {NAME}, {POSITION}, {UNIT_NAME}.")
    assert await _uses(sqlite_engine) == [1]


async def test_agreement_is_recorded_on_the_official_and_in_the_audit(
    make_invite: MakeInvite, assistant: Assistant, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    code = await make_invite()
    await assistant.handle(_said(f"/start {code}"))
    agreed_at = clock.now = clock.now + timedelta(minutes=1)

    agreed = await assistant.handle(_said(choice="pc:yes"))
    clock.now += timedelta(minutes=2)
    await assistant.handle(_said(NAME))
    await assistant.handle(_said(POSITION))

    (official,) = await _officials(sqlite_engine)
    async with session_scope(sqlite_engine) as session:
        bound = await session.exec(select(AuditLog).where(AuditLog.action == "official.bound"))
        detail = bound.one().detail
    assert [r.text for r in agreed] == [texts.ASK_NAME]
    assert (official.full_name, official.consent_at) == (NAME, agreed_at)
    assert official.consent_notice == consent.VERSION
    assert detail["consent_notice"] == consent.VERSION


async def test_anything_but_a_choice_asks_again_with_the_buttons(
    make_invite: MakeInvite, assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await assistant.handle(_said(f"/start {await make_invite()}"))

    (pending,) = await assistant.handle(_said(NAME))
    refused = await assistant.handle(_said("2"))
    stored = await every_value(sqlite_engine)

    assert pending.text == texts.CONSENT_PENDING
    assert [c.key for c in pending.choices] == ["pc:yes", "pc:no"]
    assert [r.text for r in refused] == [texts.CONSENT_REFUSED]
    assert NAME not in stored


async def test_notice_waits_across_a_restart(
    make_invite: MakeInvite,
    assistant: Assistant,
    sqlite_engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
) -> None:
    await assistant.handle(_said(f"/start {await make_invite()}"))
    restarted = Assistant(engine=sqlite_engine, services=services, clock=clock)

    replies = await restarted.handle(_said(choice="pc:yes"))

    assert [r.text for r in replies] == [texts.ASK_NAME]


async def test_a_flow_begun_before_the_notice_asks_for_agreement_first(
    make_invite: MakeInvite, assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await assistant.handle(_said(f"/start {await make_invite()}"))
    async with session_scope(sqlite_engine) as session:
        # What a chat half-way through registering held before this version.
        row = (await session.exec(select(Conversation))).one()
        row.state, row.data = "onboarding.position", {"invite_id": 1, "full_name": NAME}
        session.add(row)

    (reply,) = await assistant.handle(_said(POSITION))
    stored = await every_value(sqlite_engine)

    assert reply.text == consent.notice(assistant.services)
    assert [c.key for c in reply.choices] == ["pc:yes", "pc:no"]
    assert await _officials(sqlite_engine) == []
    assert NAME not in stored and POSITION not in stored


async def test_cancel_at_the_notice_keeps_the_code_unused(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await say(f"/start {await make_invite()}")

    reply = await say("/huy")

    assert reply == texts.CANCELLED_REGISTRATION
    assert await _uses(sqlite_engine) == [0]
