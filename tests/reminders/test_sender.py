"""The sender claims, sends through the limiter and settles; over a recording channel."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from handlers.messages import Reply
from scheduler.delivery import ChannelError
from scheduler.planner import plan_due
from scheduler.sender import SenderConfig, send_due
from storage import outbox
from storage.db import session_scope
from storage.models import SurveyResponse
from storage.review import notify_units
from tests.conftest import FakeClock
from tests.reminders.conftest import (
    CHANNELS,
    PERIOD,
    POLICY,
    SURVEY,
    ZONE,
    People,
    RecordingDeliver,
    VirtualTime,
    add_report_deadline,
    outbox_rows,
    set_state,
    submit,
    utc,
    virtual_limiter,
)

T7 = utc(2026, 12, 8, 1, 0)


async def _plan(engine: AsyncEngine, now: datetime) -> None:
    async with session_scope(engine) as session:
        await plan_due(session, now=now, policy=POLICY, zone=ZONE, channels=CHANNELS)


async def _send(engine: AsyncEngine, recorder: RecordingDeliver, now: datetime) -> int:
    return await send_due(engine, deliverers={"telegram": recorder}, clock=FakeClock(now))


async def test_sender_delivers_and_marks_sent(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)

    sent = await _send(engine, recorder, T7)

    rows = await outbox_rows(engine)
    assert (sent, sorted(recorder.chats())) == (2, ["101", "102"])
    assert [(r.status, r.sent_at, r.attempts) for r in rows] == [("sent", T7, 1)] * 2


async def test_sending_again_delivers_nothing_twice(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await _send(engine, recorder, T7)

    again = await _send(engine, recorder, T7 + timedelta(minutes=1))

    assert (again, len(recorder.sent)) == (0, 2)


async def test_reminder_waits_while_a_survey_is_in_progress(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await set_state(engine, "101", "survey:answering")

    await _send(engine, recorder, T7)
    waiting = recorder.chats()
    await set_state(engine, "101", "idle")
    await _send(engine, recorder, T7 + timedelta(seconds=30))

    assert (waiting, recorder.chats()) == (["102"], ["102", "101"])


async def test_reminder_is_dropped_when_the_report_is_submitted_before_sending(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await submit(engine, people.commune)

    await _send(engine, recorder, T7)

    rows = {r.chat_id: (r.status, r.last_error) for r in await outbox_rows(engine)}
    assert (recorder.chats(), rows["101"]) == (["102"], ("skipped", "submitted"))


async def test_expired_lease_makes_a_row_claimable_again(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    lease = SenderConfig().lease
    async with session_scope(engine) as session:  # a sender that died after claiming
        await outbox.claim(session, now=T7, lease_until=T7 + lease, limit=10, channels=CHANNELS)

    during = await _send(engine, recorder, T7 + lease - timedelta(seconds=1))
    after = await _send(engine, recorder, T7 + lease + timedelta(seconds=1))

    assert (during, after) == (0, 2)


async def test_row_whose_sends_keep_dying_fails_after_max_attempts(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
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

    sent = await _send(engine, recorder, now)

    rows = [(r.status, r.last_error) for r in await outbox_rows(engine)]
    assert (sent, rows) == (0, [("failed", "lease expired")] * 2)


async def test_sends_are_paced_by_the_channels_limiter(
    engine: AsyncEngine, people: People, vtime: VirtualTime
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    slow = RecordingDeliver(vtime, virtual_limiter(vtime, rate=2))

    await _send(engine, slow, T7)

    assert slow.times == [0.0, 0.5]


async def test_a_batch_of_dropped_rows_does_not_stop_the_run(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    await submit(engine, people.commune)

    sent = await send_due(
        engine,
        deliverers={"telegram": recorder},
        clock=FakeClock(T7),
        config=SenderConfig(batch_size=1),
    )

    assert (sent, recorder.chats()) == (1, ["102"])


class RateLimitedDeliver(RecordingDeliver):
    """A channel whose platform answers the first sends to some chats with `retry_after`."""

    def __init__(self, time: VirtualTime, failures: dict[str, ChannelError]) -> None:
        super().__init__(time)
        self.failures = failures

    async def send(self, chat_id: str, reply: Reply) -> None:
        if (failure := self.failures.pop(chat_id, None)) is not None:
            raise failure
        await super().send(chat_id, reply)


async def test_retry_after_requeues_the_row_without_counting_a_try(
    engine: AsyncEngine, people: People, vtime: VirtualTime
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    flood = ChannelError("Too Many Requests", retryable=True, retry_after=5)
    channel = RateLimitedDeliver(vtime, {"101": flood})

    first = await _send(engine, channel, T7)
    too_early = await _send(engine, channel, T7 + timedelta(seconds=4))
    row = next(r for r in await outbox_rows(engine) if r.chat_id == "101")
    waiting = (row.status, row.attempts, row.next_attempt_at, row.last_error)
    later = await _send(engine, channel, T7 + timedelta(seconds=5))

    assert waiting == ("queued", 0, T7 + timedelta(seconds=5), "Too Many Requests")
    assert (first, too_early, later, channel.chats()) == (1, 0, 1, ["102", "101"])


async def test_sender_never_pauses_the_channels_limiter(
    engine: AsyncEngine, people: People, vtime: VirtualTime
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    # A Zalo quota error: retry_after is the time until next month; pausing would block
    # every reply to users for weeks.
    month = 23 * 24 * 3600.0
    quota = ChannelError("zalo:quota_exhausted", retryable=True, retry_after=month)
    channel = RateLimitedDeliver(vtime, {"101": quota})

    await _send(engine, channel, T7)

    row = next(r for r in await outbox_rows(engine) if r.chat_id == "101")
    assert (channel.limiter.paused_for(), channel.chats()) == (0.0, ["102"])
    assert (row.status, row.next_attempt_at) == ("queued", T7 + timedelta(seconds=month))


async def test_a_long_quota_wait_never_fails_the_row(
    engine: AsyncEngine, people: People, vtime: VirtualTime
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, T7)
    config = SenderConfig(max_attempts=2)
    quota = ChannelError("zalo:quota_exhausted", retryable=True, retry_after=3600)
    channel = RateLimitedDeliver(vtime, {})
    now = T7
    for _ in range(4):  # more waits than max_attempts
        channel.failures["101"] = quota
        await send_due(
            engine, deliverers={"telegram": channel}, clock=FakeClock(now), config=config
        )
        now += timedelta(hours=1)

    row = next(r for r in await outbox_rows(engine) if r.chat_id == "101")
    assert (row.status, row.attempts, row.next_attempt_at) == ("queued", 0, now)


async def test_return_notice_is_dropped_when_the_report_was_sent_again(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    returned_at = utc(2026, 12, 2, 3, 0)
    await submit(engine, people.commune)  # sent on 01/12, then returned on 02/12
    async with session_scope(engine) as session:
        for unit in (people.commune, people.ward):
            assert unit.id is not None
            await notify_units(
                session, unit_ids=[unit.id], key=f"review:{unit.id}:1",
                source=f"review:{unit.id}", kind="review", text="Đã trả lại báo cáo.",
                choices=[], channels=["telegram"], survey_id=SURVEY, period=PERIOD,
                now=returned_at,
            )  # fmt: skip
    await set_state(engine, "101", "survey:answering")  # fixing it in the report
    await _send(engine, recorder, returned_at)
    async with session_scope(engine) as session:
        report = (
            await session.exec(
                select(SurveyResponse).where(SurveyResponse.unit_id == people.commune.id)
            )
        ).one()
        report.submitted_at = returned_at + timedelta(minutes=20)  # sent again
        session.add(report)
    await set_state(engine, "101", "idle")

    await _send(engine, recorder, returned_at + timedelta(minutes=21))

    rows = {r.chat_id: (r.status, r.last_error) for r in await outbox_rows(engine)}
    # The ward never sent again: its notice goes; the commune's is dropped unshown.
    assert recorder.chats() == ["102"]
    assert rows["101"] == ("skipped", "report sent again")
