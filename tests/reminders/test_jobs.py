"""The scheduler tick: sync the plan's deadlines, plan, send; and its start/stop wiring."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers.messages import Reply
from knowledge.surveys import load_definitions
from scheduler.jobs import Tick, start_scheduler, stop_scheduler
from tests.conftest import FakeClock
from tests.reminders.conftest import (
    POLICY,
    ZONE,
    RecordingDeliver,
    outbox_rows,
    seed_people,
    utc,
)


def _tick(engine: AsyncEngine, recorder: RecordingDeliver) -> Tick:
    return Tick(
        engine=engine,
        policy=POLICY,
        zone=ZONE,
        deliverers={"telegram": recorder},
        surveys=load_definitions(),
        clock=FakeClock(utc(2026, 12, 8, 1, 0)),  # T-7 of the plan's quarterly report
    )


async def test_tick_reminds_of_the_plans_deadlines_due_in_7_days_once(
    engine: AsyncEngine, recorder: RecordingDeliver
) -> None:
    await seed_people(engine)
    tick = _tick(engine, recorder)

    try:
        first, second = await tick.run(), await tick.run()
    finally:
        if tick.leadership is not None:
            await tick.leadership.release()

    # 15/12/2026: the quarterly report (communes) and the yearly training (everyone).
    titles = sorted(
        (chat, reply.text.removeprefix("⏰ Nhắc việc: ").split(",")[0])
        for chat, reply in recorder.sent
    )
    assert (first, second) == (5, 0)
    assert titles == [
        ("101", "Báo cáo định kỳ"),
        ("101", "Bồi dưỡng"),
        ("102", "Báo cáo định kỳ"),
        ("102", "Bồi dưỡng"),
        ("900", "Bồi dưỡng"),
    ]


async def test_scheduler_starts_and_stops_on_the_running_loop(
    sqlite_engine: AsyncEngine, recorder: RecordingDeliver
) -> None:
    tick = _tick(sqlite_engine, recorder)

    scheduler = start_scheduler(tick, every_seconds=30)
    running = scheduler.running
    await stop_scheduler(scheduler, tick)

    assert (running, [job.id for job in scheduler.get_jobs()]) == (True, ["reminders.tick"])


class GatedDeliver(RecordingDeliver):
    """A channel whose sends wait until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.entered.set()
        await self.gate.wait()
        await super().send(chat_id, reply)


async def test_stopping_lets_a_tick_in_progress_finish(sqlite_engine: AsyncEngine) -> None:
    await seed_people(sqlite_engine)
    channel = GatedDeliver()
    tick = _tick(sqlite_engine, channel)
    scheduler = start_scheduler(tick, every_seconds=3600)
    running = asyncio.create_task(tick.run_safely())  # what the scheduler runs each interval
    await channel.entered.wait()

    stopping = asyncio.create_task(stop_scheduler(scheduler, tick, within=10))
    await asyncio.sleep(0.05)
    channel.gate.set()
    await stopping

    statuses = {row.status for row in await outbox_rows(sqlite_engine)}
    assert (running.done(), len(channel.sent), statuses) == (True, 5, {"sent"})


async def test_stopping_cancels_a_tick_that_does_not_finish_in_time(
    sqlite_engine: AsyncEngine,
) -> None:
    await seed_people(sqlite_engine)
    channel = GatedDeliver()
    tick = _tick(sqlite_engine, channel)
    scheduler = start_scheduler(tick, every_seconds=3600)
    running = asyncio.create_task(tick.run_safely())
    await channel.entered.wait()

    await stop_scheduler(scheduler, tick, within=0.05)

    # Claimed rows stay leased; the next run after the lease sends them (at least once).
    statuses = {row.status for row in await outbox_rows(sqlite_engine)}
    assert (running.cancelled(), channel.sent, statuses) == (True, [], {"sending"})
