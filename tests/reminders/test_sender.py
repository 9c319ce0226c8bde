"""The sender claims, sends through the limiter and settles; over a recording channel."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import outbox
from bot.storage.db import session_scope
from scheduler.limiter import RateLimiter
from scheduler.planner import plan_due
from scheduler.sender import SenderConfig, send_due
from tests.conftest import FakeClock
from tests.reminders.conftest import (
    CHANNELS,
    POLICY,
    ZONE,
    People,
    RecordingDeliver,
    add_report_deadline,
    outbox_rows,
    set_state,
    submit,
    utc,
)

T7 = utc(2026, 12, 8, 1, 0)


async def _plan(engine: AsyncEngine, now: datetime) -> None:
    async with session_scope(engine) as session:
        await plan_due(session, now=now, policy=POLICY, zone=ZONE, channels=CHANNELS)


async def _send(
    engine: AsyncEngine, recorder: RecordingDeliver, limiter: RateLimiter, now: datetime
) -> int:
    return await send_due(
        engine,
        deliverers={"telegram": recorder},
        limiters={"telegram": limiter},
        clock=FakeClock(now),
    )


async def test_sender_delivers_and_marks_sent(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver, limiter: RateLimiter
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)

    sent = await _send(engine, recorder, limiter, T7)

    rows = await outbox_rows(engine)
    assert (sent, sorted(recorder.chats())) == (2, ["101", "102"])
    assert [(r.status, r.sent_at, r.attempts) for r in rows] == [("sent", T7, 1)] * 2


async def test_sending_again_delivers_nothing_twice(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver, limiter: RateLimiter
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await _send(engine, recorder, limiter, T7)

    again = await _send(engine, recorder, limiter, T7 + timedelta(minutes=1))

    assert (again, len(recorder.sent)) == (0, 2)


async def test_reminder_waits_while_a_survey_is_in_progress(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver, limiter: RateLimiter
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await set_state(engine, "101", "survey:answering")

    await _send(engine, recorder, limiter, T7)
    waiting = recorder.chats()
    await set_state(engine, "101", "idle")
    await _send(engine, recorder, limiter, T7 + timedelta(seconds=30))

    assert (waiting, recorder.chats()) == (["102"], ["102", "101"])


async def test_reminder_is_dropped_when_the_report_is_submitted_before_sending(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver, limiter: RateLimiter
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await submit(engine, people.commune)

    await _send(engine, recorder, limiter, T7)

    rows = {r.chat_id: (r.status, r.last_error) for r in await outbox_rows(engine)}
    assert (recorder.chats(), rows["101"]) == (["102"], ("skipped", "submitted"))


async def test_expired_lease_makes_a_row_claimable_again(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver, limiter: RateLimiter
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    lease = SenderConfig().lease
    async with session_scope(engine) as session:  # a sender that died after claiming
        await outbox.claim(session, now=T7, lease_until=T7 + lease, limit=10, channels=CHANNELS)

    during = await _send(engine, recorder, limiter, T7 + lease - timedelta(seconds=1))
    after = await _send(engine, recorder, limiter, T7 + lease + timedelta(seconds=1))

    assert (during, after) == (0, 2)


async def test_row_whose_sends_keep_dying_fails_after_max_attempts(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver, limiter: RateLimiter
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    lease = SenderConfig().lease
    now = T7
    for _ in range(SenderConfig().max_attempts):  # a sender dies after every claim
        async with session_scope(engine) as session:
            await outbox.claim(
                session, now=now, lease_until=now + lease, limit=10, channels=CHANNELS
            )
        now += lease + timedelta(seconds=1)

    sent = await _send(engine, recorder, limiter, now)

    rows = [(r.status, r.last_error) for r in await outbox_rows(engine)]
    assert (sent, rows) == (0, [("failed", "lease expired")] * 2)


async def test_sends_are_paced_by_the_limiter(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    time = recorder._time
    assert time is not None
    slow = RateLimiter(rate=2, per_chat_interval=1.0, clock=time.clock, sleep=time.sleep)

    await _send(engine, recorder, slow, T7)

    assert recorder.times == [0.0, 0.5]


async def test_a_batch_of_dropped_rows_does_not_stop_the_run(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver, limiter: RateLimiter
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await submit(engine, people.commune)

    sent = await send_due(
        engine,
        deliverers={"telegram": recorder},
        limiters={"telegram": limiter},
        clock=FakeClock(T7),
        config=SenderConfig(batch_size=1),
    )

    assert (sent, recorder.chats()) == (1, ["102"])
