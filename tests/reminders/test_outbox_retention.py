"""Pruning sent reminders never makes the planner write and send one again."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from scheduler.planner import plan_due
from scheduler.retention import prune
from scheduler.sender import send_due
from storage.db import session_scope
from storage.retention import RetentionPolicy
from tests.conftest import FakeClock
from tests.reminders.conftest import (
    CHANNELS,
    POLICY,
    ZONE,
    People,
    RecordingDeliver,
    add_report_deadline,
    outbox_rows,
    utc,
)

T7 = utc(2026, 12, 8, 1, 0)  # 08:00 local on T-7d
SHORTEST = RetentionPolicy(outbox=timedelta(days=1))


async def _tick(engine: AsyncEngine, recorder: RecordingDeliver, now: datetime) -> None:
    """What the scheduler's tick does: prune, plan, send."""
    async with session_scope(engine) as session:
        await prune(session, now=now, policy=SHORTEST)
    async with session_scope(engine) as session:
        await plan_due(session, now=now, policy=POLICY, zone=ZONE, channels=CHANNELS)
    await send_due(engine, deliverers={"telegram": recorder}, clock=FakeClock(now))


async def test_a_reminder_pruned_early_is_not_sent_twice(
    engine: AsyncEngine, people: People, recorder: RecordingDeliver
) -> None:
    await add_report_deadline(engine)
    await _tick(engine, recorder, T7)

    # Two days on, T-7d is still the latest step and within the planner's grace.
    await _tick(engine, recorder, T7 + timedelta(days=2))
    # Nine days on, T-7d rows are pruned; only the steps due since are sent.
    await _tick(engine, recorder, T7 + timedelta(days=9))

    to_member = [reply.text.splitlines()[1] for chat, reply in recorder.sent if chat == "101"]
    assert to_member == [
        "Hạn: Thứ Ba, 15/12/2026 — còn 7 ngày.",
        "Hạn: Thứ Ba, 15/12/2026 — đã quá hạn 2 ngày.",
    ]
    # Written again once pruned, T-7d is too old to send: it stays skipped.
    rows = {(row.chat_id, row.step): row.status for row in await outbox_rows(engine)}
    assert (rows[("101", "T-7d")], rows[("101", "T+1d")]) == ("skipped", "sent")
