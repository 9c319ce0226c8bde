"""`/toi` lists everything kept about the official writing; the export says the same."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import Inbound, consent, texts
from knowledge.changes import COORDINATING_OFFICE
from storage import personal
from storage.db import session_scope
from storage.models import (
    Answer,
    Conversation,
    Identity,
    Official,
    Outbox,
    SurveyResponse,
    Unit,
)
from tests.conftest import FakeClock
from tests.onboarding.conftest import UNIT_NAME, MakeInvite, Say

NAME, POSITION = "Lê Văn Tám", "Chủ tịch UBND xã"
ZALO_ID = "6c1f0a9e2b7d4e11"


async def _register(say: Say, code: str) -> None:
    for line in (f"/start {code}", "1", NAME, POSITION):
        await say(line)


async def _seed_kept(engine: AsyncEngine, clock: FakeClock) -> None:
    """A Zalo account of the same official, two reports they touched, two messages to them."""
    async with session_scope(engine) as session:
        official = (await session.exec(select(Official))).one()
        unit = (await session.exec(select(Unit))).one()
        telegram = (await session.exec(select(Identity))).one()
        session.add(
            Identity(
                channel="zalo", external_id=ZALO_ID, chat_id=ZALO_ID,
                official_id=official.id, blocked=True, created_at=clock.now,
                last_seen_at=clock.now,
            )
        )  # fmt: skip
        submitted = SurveyResponse(
            survey_id="bao-cao-quy", period="2026-Q3", unit_id=unit.id or 0,
            status="submitted", updated_by=official.id, submitted_at=clock.now,
        )  # fmt: skip
        draft = SurveyResponse(survey_id="bao-cao-quy", period="2026-Q4", unit_id=unit.id or 0)
        untouched = SurveyResponse(survey_id="bao-cao-quy", period="2026-Q2", unit_id=unit.id or 0)
        session.add_all([submitted, draft, untouched])
        await session.flush()
        answer = Answer(response_id=draft.id or 0, question_id="dau_moi", updated_by=official.id)
        session.add(answer)
        for key, status in (("k-queued", "queued"), ("k-sent", "sent")):
            session.add(
                Outbox(
                    dedupe_key=key, source="broadcast:1", kind="broadcast",
                    identity_id=telegram.id or 0, channel="telegram", chat_id=telegram.chat_id,
                    text="Thông báo", status=status, next_attempt_at=clock.now,
                )
            )  # fmt: skip
        # Another person's chat: never part of this official's data.
        session.add(Conversation(channel="telegram", chat_id="999", state="idle"))


async def test_toi_lists_every_piece_kept_with_ways_to_correct_and_erase(
    make_invite: MakeInvite,
    say: Say,
    assistant: Assistant,
    sqlite_engine: AsyncEngine,
    clock: FakeClock,
) -> None:
    await _register(say, await make_invite())
    await _seed_kept(sqlite_engine, clock)
    clock.now += timedelta(days=1)

    (reply,) = await assistant.handle(
        Inbound(channel="telegram", chat_id="100", user_id="100", text="/toi")
    )

    assert reply.text.splitlines()[:5] == [
        "Thông tin Trợ lý CĐS đang lưu về bạn:",
        f"• Họ và tên: {NAME}",
        f"• Chức vụ: {POSITION}",
        f"• Đơn vị: {UNIT_NAME}",
        "• Vai trò: cán bộ",
    ]
    for line in (
        "• Tài khoản chat:",
        "  – Telegram: 100, từ 09:00 ngày 30/11/2026",
        f"  – Zalo: {ZALO_ID}, từ 09:00 ngày 30/11/2026 (đã chặn trợ lý)",
        f"• Đồng ý thông báo dữ liệu cá nhân: 09:00 ngày 30/11/2026 (bản {consent.VERSION})",
        "• Báo cáo bạn đã nhập hoặc sửa:",
        "  – Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND, quý IV/2026: đang nhập",
        "  – Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND, quý III/2026: đã gửi",
        "• Tin nhắn nhắc việc đang chờ gửi cho bạn: 1",
        texts.WHOAMI_QUESTIONS.format(questions="1 năm"),
        texts.WHOAMI_EDIT_HINT,
        texts.WHOAMI_ERASE_HINT,
    ):
        assert line in reply.text.splitlines(), line
    assert "quý II/2026" not in reply.text
    assert [c.key for c in reply.choices] == ["me:name", "me:position"]


async def test_export_reads_the_same_collector_filtered_to_the_persons_chats(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine, clock: FakeClock
) -> None:
    await _register(say, await make_invite())
    await _seed_kept(sqlite_engine, clock)

    async with session_scope(sqlite_engine) as session:
        found = await personal.find_identity(session, "zalo", ZALO_ID)
        assert found is not None
        data = await personal.export(session, found)

    assert data["official"]["consent_notice"] == consent.VERSION
    assert data["official"]["unit"] == {"code": "20725", "name": UNIT_NAME}
    assert [a["channel"] for a in data["accounts"]] == ["telegram", "zalo"]
    assert [c["state"] for c in data["conversations"]] == ["idle"]  # only the Telegram chat
    assert [(r["period"], r["status"]) for r in data["reports"]] == [
        ("2026-Q4", "draft"),
        ("2026-Q3", "submitted"),
    ]
    assert (data["messages"], data["messages_pending"]) == ({"queued": 1, "sent": 1}, 1)


async def test_toi_before_registering_says_only_the_chat_account_is_kept(say: Say) -> None:
    reply = await say("/toi")

    assert reply == (
        texts.WHOAMI_UNREGISTERED.format(office=COORDINATING_OFFICE)
        + "\n\n"
        + texts.WHOAMI_UNREGISTERED_KEPT.format(idle="6 tháng")
    )


async def test_toi_of_an_official_registered_before_the_notice_says_so(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await _register(say, await make_invite())
    async with session_scope(sqlite_engine) as session:
        official = (await session.exec(select(Official))).one()
        official.consent_at, official.consent_notice = None, ""
        session.add(official)

    reply = await say("/toi")

    assert texts.WHOAMI_NO_CONSENT in reply.splitlines()
    assert texts.WHOAMI_NO_REPORTS in reply.splitlines()
    assert "• Tin nhắn nhắc việc đang chờ gửi cho bạn: 0" in reply.splitlines()
