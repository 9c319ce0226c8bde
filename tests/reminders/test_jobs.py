"""The scheduler tick: sync the plan's deadlines, plan, send; and its start/stop wiring."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from knowledge.surveys import load_definitions
from scheduler.jobs import Tick, start_scheduler, stop_scheduler
from tests.conftest import FakeClock
from tests.reminders.conftest import POLICY, ZONE, RecordingDeliver, seed_people, utc


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
