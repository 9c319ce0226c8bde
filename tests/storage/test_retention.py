"""Retention on both databases: rows past their age go, newer ones stay, on the tick's schedule.

Every table holding text or ids that come from chats has a retention (issue #14, item 7);
reports, their answers and the officials they are attributed to are never pruned.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, select

from bot.app import build_services
from bot.config import Settings, describe_error
from handlers import consent
from scheduler.jobs import Tick
from scheduler.policy import ReminderPolicy
from scheduler.retention import OUTBOX_FLOOR, prune
from storage.db import session_scope
from storage.models import (
    Answer,
    AuditLog,
    ConsoleSession,
    ConsoleUser,
    Conversation,
    Identity,
    InboundUpdate,
    InviteAttempt,
    LoginAttempt,
    Official,
    Outbox,
    SurveyResponse,
    UnansweredQuestion,
    Unit,
)
from storage.personal import ERASED_MARKER
from storage.retention import RetentionPolicy
from tests.conftest import FakeClock

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
POLICY = RetentionPolicy()


def _inbound(at: datetime, n: int) -> SQLModel:
    return InboundUpdate(channel="telegram", update_key=str(n), received_at=at)


def _attempt(at: datetime, n: int) -> SQLModel:
    return InviteAttempt(channel="web", chat_id=f"chat-{n}", at=at)


def _question(at: datetime, n: int) -> SQLModel:
    return UnansweredQuestion(question=f"câu hỏi {n}", channel="web", asked_at=at)


def _conversation(at: datetime, n: int) -> SQLModel:
    return Conversation(channel="zalo", chat_id=f"chat-{n}", state="survey", updated_at=at)


def _audit(at: datetime, n: int) -> SQLModel:
    return AuditLog(at=at, action="official.profile", detail={"old": f"Tên {n}"})


def _login(at: datetime, n: int) -> SQLModel:
    return LoginAttempt(username=f"user{n}", client="203.0.113.7", at=at)


# (table, row factory, its retention under the default policy)
TABLES = {
    "inbound_update": (InboundUpdate, _inbound, timedelta(days=7)),
    "invite_attempt": (InviteAttempt, _attempt, timedelta(days=2)),
    "unanswered_question": (UnansweredQuestion, _question, timedelta(days=365)),
    "conversation": (Conversation, _conversation, timedelta(days=90)),
    "audit_log": (AuditLog, _audit, timedelta(days=730)),
    "login_attempt": (LoginAttempt, _login, timedelta(days=30)),
}


async def _add(engine: AsyncEngine, *rows: SQLModel) -> None:
    async with session_scope(engine) as session:
        session.add_all(rows)


async def _count(engine: AsyncEngine, table: type[SQLModel]) -> int:
    async with session_scope(engine) as session:
        return len((await session.exec(select(table))).all())


async def _prune(engine: AsyncEngine, policy: RetentionPolicy = POLICY) -> int:
    async with session_scope(engine) as session:
        return await prune(session, now=NOW, policy=policy)


async def _person(engine: AsyncEngine, *, seen: datetime, chat: str = "101") -> Identity:
    """A registered official's account, last seen at `seen`."""
    async with session_scope(engine) as session:
        unit = Unit(code=f"u{chat}", name=f"Xã {chat}", kind="commune")
        session.add(unit)
        await session.flush()
        official = Official(unit_id=unit.id, full_name="Nguyễn Văn An", position="Chủ tịch")
        session.add(official)
        await session.flush()
        identity = Identity(
            channel="telegram", external_id=chat, chat_id=chat, official_id=official.id,
            created_at=seen, last_seen_at=seen,
        )  # fmt: skip
        session.add(identity)
    return identity


def _message(identity: Identity, key: str, status: str, at: datetime) -> Outbox:
    return Outbox(
        dedupe_key=key, source="broadcast:1", kind="broadcast", identity_id=identity.id or 0,
        channel="telegram", chat_id=identity.chat_id, text="Thông báo", status=status,
        next_attempt_at=at, created_at=at, sent_at=at if status == "sent" else None,
    )  # fmt: skip


async def _keys(engine: AsyncEngine) -> list[str]:
    async with session_scope(engine) as session:
        return sorted((await session.exec(select(Outbox.dedupe_key))).all())


@pytest.mark.parametrize("name", TABLES)
async def test_prune_deletes_only_rows_past_retention(engine: AsyncEngine, name: str) -> None:
    table, row, keep = TABLES[name]
    await _add(
        engine,
        row(NOW - keep - timedelta(minutes=1), 1),
        row(NOW - keep + timedelta(minutes=1), 2),
    )

    async with session_scope(engine) as session:
        deleted = await prune(session, now=NOW, policy=POLICY)

    assert deleted == 1
    assert await _count(engine, table) == 1


@pytest.fixture
async def tick(engine: AsyncEngine) -> AsyncIterator[tuple[Tick, FakeClock]]:
    """A tick with no channel on a virtual clock, pruning with the default policy."""
    clock = FakeClock(NOW)
    tick = Tick(
        engine=engine,
        policy=ReminderPolicy(),
        zone=ZoneInfo("Asia/Ho_Chi_Minh"),
        deliverers={},
        clock=clock,
        retention=POLICY,
    )
    try:
        yield tick, clock
    finally:
        if tick.leadership is not None:
            await tick.leadership.release()


async def test_tick_prunes_at_first_run(engine: AsyncEngine, tick: tuple[Tick, FakeClock]) -> None:
    runner, _ = tick
    await _add(engine, _inbound(NOW - timedelta(days=8), 1))

    await runner.run()

    assert await _count(engine, InboundUpdate) == 0


async def test_tick_prunes_again_only_after_interval(
    engine: AsyncEngine, tick: tuple[Tick, FakeClock]
) -> None:
    runner, clock = tick
    await runner.run()
    await _add(engine, _inbound(NOW - timedelta(days=8), 1))
    clock.now = NOW + timedelta(minutes=59)
    await runner.run()
    kept = await _count(engine, InboundUpdate)

    clock.now = NOW + timedelta(hours=1)
    await runner.run()

    assert (kept, await _count(engine, InboundUpdate)) == (1, 0)


async def test_settled_messages_go_and_those_still_to_send_stay(engine: AsyncEngine) -> None:
    person = await _person(engine, seen=NOW)
    old, recent = NOW - timedelta(days=91), NOW - timedelta(days=89)
    await _add(
        engine,
        *(_message(person, f"old-{s}", s, old) for s in ("sent", "failed", "blocked", "skipped")),
        _message(person, "old-unreachable", "unreachable", old),
        _message(person, "old-queued", "queued", old),
        _message(person, "old-sending", "sending", old),
        _message(person, "recent-sent", "sent", recent),
    )

    deleted = await _prune(engine)

    assert deleted == 5
    assert await _keys(engine) == ["old-queued", "old-sending", "recent-sent"]


async def test_sent_messages_stay_a_week_whatever_the_setting(engine: AsyncEngine) -> None:
    person = await _person(engine, seen=NOW)
    await _add(
        engine,
        _message(person, "two-days", "sent", NOW - timedelta(days=2)),
        _message(person, "eight-days", "sent", NOW - timedelta(days=8)),
    )

    await _prune(engine, RetentionPolicy(outbox=timedelta(days=1)))

    assert ReminderPolicy().grace < OUTBOX_FLOOR
    assert await _keys(engine) == ["two-days"]


async def test_accounts_no_registration_keeps_go_when_unseen_long_enough(
    engine: AsyncEngine,
) -> None:
    old, recent = NOW - timedelta(days=181), NOW - timedelta(days=179)
    registered = await _person(engine, seen=old, chat="101")
    awaited = Identity(channel="zalo", external_id="z2", chat_id="z2", last_seen_at=old)
    await _add(
        engine,
        Identity(channel="zalo", external_id="z1", chat_id="z1", last_seen_at=old),
        Identity(channel="zalo", external_id="z3", chat_id="z3", last_seen_at=recent),
        awaited,
        Identity(
            channel="telegram", external_id=f"{ERASED_MARKER}9", chat_id=f"{ERASED_MARKER}9",
            official_id=registered.official_id, blocked=True, last_seen_at=old,
        ),
    )  # fmt: skip
    async with session_scope(engine) as session:
        gone = (await session.exec(select(Identity).where(Identity.external_id == "z1"))).one()
        session.add(AuditLog(at=NOW, identity_id=gone.id, action="survey.answer"))
        # A message still to be sent keeps its account until the message itself is pruned.
        session.add(_message(awaited, "to-z2", "queued", NOW))

    await _prune(engine)

    async with session_scope(engine) as session:
        left = sorted((await session.exec(select(Identity.external_id))).all())
        audit = (await session.exec(select(AuditLog))).one()
    assert left == ["101", "z2", "z3"]
    assert (audit.action, audit.identity_id) == ("survey.answer", None)


async def test_expired_console_sessions_go_after_retention(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        user = ConsoleUser(name="vanphong", password_hash="x")
        session.add(user)
        await session.flush()
        for n, expired in enumerate((timedelta(days=31), timedelta(days=29), -timedelta(hours=1))):
            session.add(
                ConsoleSession(
                    token_hash=f"t{n}", user_id=user.id or 0, csrf="c", expires_at=NOW - expired
                )
            )

    deleted = await _prune(engine)

    assert deleted == 1
    assert await _count(engine, ConsoleSession) == 2


async def test_reports_and_their_officials_outlive_every_retention(engine: AsyncEngine) -> None:
    long_ago = NOW - timedelta(days=4000)
    person = await _person(engine, seen=long_ago)
    async with session_scope(engine) as session:
        official = await session.get(Official, person.official_id)
        assert official is not None
        response = SurveyResponse(
            survey_id="bao-cao-quy", period="2016-Q4", unit_id=official.unit_id or 0,
            status="submitted", submitted_at=long_ago, updated_at=long_ago,
            created_at=long_ago, updated_by=official.id, confirmed={"dau_moi": "co"},
        )  # fmt: skip
        session.add(response)
        await session.flush()
        session.add(
            Answer(
                response_id=response.id or 0, question_id="dau_moi", value="co",
                updated_at=long_ago, updated_by=official.id,
            )
        )  # fmt: skip
    shortest = RetentionPolicy(**{name: timedelta(days=1) for name in _RETAINED})

    await _prune(engine, shortest)

    counts = [await _count(engine, t) for t in (SurveyResponse, Answer, Official, Identity)]
    assert counts == [1, 1, 1, 1]


_RETAINED = [name for name in RetentionPolicy.__dataclass_fields__ if name != "every"]


def test_settings_set_each_retention_and_refuse_less_than_a_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, days in (("OUTBOX", "45"), ("IDENTITY", "60"), ("UNANSWERED", "180")):
        monkeypatch.setenv(f"RETENTION_{name}_DAYS", days)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    notice = consent.notice(build_services(settings))
    monkeypatch.setenv("RETENTION_CONVERSATION_DAYS", "0")

    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None)  # type: ignore[call-arg]

    policy = settings.retention_policy
    assert (policy.outbox, policy.identity) == (timedelta(days=45), timedelta(days=60))
    assert policy.audit_log == timedelta(days=730)
    assert "chưa trả lời được giữ 6 tháng" in notice and "đã gửi giữ 45 ngày" in notice
    assert describe_error(refused.value) == (
        "cấu hình RETENTION_CONVERSATION_DAYS không hợp lệ: phải lớn hơn hoặc bằng 1"
    )
