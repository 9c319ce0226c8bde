"""The APScheduler wiring: one tick (plan, then send) every few seconds, in one process.

The job store is in memory on purpose: the job is code and all state is in the database.
On PostgreSQL a session-level advisory lock elects the one process that runs the tick, so
two app processes never plan or send the same reminder; SQLite means a single process.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from knowledge.deadlines import load_deadlines
from knowledge.surveys import SurveyDefinition
from scheduler.delivery import Deliver
from scheduler.planner import plan_due
from scheduler.policy import ReminderPolicy
from scheduler.retention import prune
from scheduler.sender import Clock, OnResult, SenderConfig, send_due
from storage import outbox
from storage import reminders as store
from storage.db import session_scope
from storage.retention import RetentionPolicy

logger = logging.getLogger(__name__)

JOB_ID = "reminders.tick"
# Seconds `stop_scheduler` lets a tick in progress finish before cancelling it.
STOP_TIMEOUT = 10.0
# Any constant shared by every process of a deployment: "CDS" + "rem" in ASCII.
ADVISORY_LOCK_ID = 0x434453_72656D
# How often the tick settles messages waiting in web or console chats that no longer matter
# (`storage.outbox.expire_waiting`); a chat that asks in between settles its own first.
WAITING_CHECK_EVERY = timedelta(minutes=10)


class Leadership:
    """Whether this process runs the tick: always on SQLite, lock holder on PostgreSQL."""

    __slots__ = ("_connection", "_engine")

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        """Try to become (or stay) the leader."""
        if self._engine.dialect.name != "postgresql":
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                await self._connection.commit()
                return True
            except Exception:
                # The connection (and with it the lock) is gone: stand for election again.
                logger.warning("scheduler.leadership_lost")
                await self._connection.invalidate()
                self._connection = None
        connection = await self._engine.connect()
        got = (
            await connection.execute(
                text("SELECT pg_try_advisory_lock(:id)"), {"id": ADVISORY_LOCK_ID}
            )
        ).scalar_one()
        await connection.commit()
        if got:
            self._connection = connection
            logger.info("scheduler.leader")
            return True
        await connection.close()
        return False

    async def release(self) -> None:
        """Give the lock up; the pooled connection outlives us, so unlock explicitly."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.execute(
                text("SELECT pg_advisory_unlock(:id)"), {"id": ADVISORY_LOCK_ID}
            )
            await connection.commit()
            await connection.close()
        except Exception as error:
            # The server went away with the connection (a restart): the lock went with it.
            logger.warning("scheduler.unlock_failed", extra={"error": type(error).__name__})
            await connection.invalidate()


@dataclass(slots=True)
class Tick:
    """Everything one tick needs; `run` plans the due reminders then sends the outbox."""

    engine: AsyncEngine
    policy: ReminderPolicy
    zone: ZoneInfo
    deliverers: Mapping[str, Deliver]
    clock: Clock
    config: SenderConfig = field(default_factory=SenderConfig)
    # Survey-linked deadlines take their periods and due days from these definitions.
    surveys: Mapping[str, SurveyDefinition] = field(default_factory=dict)
    leadership: Leadership | None = None
    # Told the result of every send (the shell's metrics).
    on_result: OnResult | None = field(default=None, repr=False)
    synced: bool = field(default=False)
    # Old rows of the ever-growing tables are pruned on this schedule (None: never).
    retention: RetentionPolicy | None = None
    pruned_at: datetime | None = field(default=None, repr=False)
    waiting_checked_at: datetime | None = field(default=None, repr=False)
    # The scheduled run in progress, so stopping can wait for it or cancel it.
    running: asyncio.Task[Any] | None = field(default=None, repr=False)

    async def run(self) -> int:
        """One tick; returns how many messages were delivered (0 when not the leader)."""
        leadership = self.leadership or Leadership(self.engine)
        self.leadership = leadership
        if not await leadership.acquire():
            return 0
        if not self.synced:
            async with session_scope(self.engine) as session:
                await store.sync_deadlines(session, load_deadlines(), now=self.clock())
            self.synced = True
        await self._prune()
        await self._expire_waiting()
        async with session_scope(self.engine) as session:
            await plan_due(
                session,
                now=self.clock(),
                policy=self.policy,
                zone=self.zone,
                channels=list(self.deliverers),
                surveys=self.surveys,
            )
        return await send_due(
            self.engine,
            deliverers=self.deliverers,
            clock=self.clock,
            config=self.config,
            on_result=self.on_result,
        )

    async def _prune(self) -> None:
        """Apply the retention policy if its interval has passed since the last pruning."""
        now = self.clock()
        policy = self.retention
        if policy is None or (self.pruned_at is not None and now - self.pruned_at < policy.every):
            return
        async with session_scope(self.engine) as session:
            await prune(session, now=now, policy=policy)
        self.pruned_at = now

    async def _expire_waiting(self) -> None:
        """Settle the unseen messages of pull chats that no longer matter, now and then."""
        now = self.clock()
        checked = self.waiting_checked_at
        if checked is not None and now - checked < WAITING_CHECK_EVERY:
            return
        async with session_scope(self.engine) as session:
            count = await outbox.expire_waiting(session, now=now)
        if count:
            logger.info("outbox.waiting_settled", extra={"count": count})
        self.waiting_checked_at = now

    async def run_safely(self) -> None:
        """The scheduled job: a failing tick is logged and the next one tries again."""
        self.running = asyncio.current_task()
        try:
            await self.run()
        except Exception:
            # The one broad catch: per tick, at the loop's top.
            logger.exception("scheduler.tick_failed")
        finally:
            self.running = None


def start_scheduler(tick: Tick, *, every_seconds: float) -> AsyncIOScheduler:
    """Start running `tick` every `every_seconds` on the current event loop."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        tick.run_safely,
        "interval",
        seconds=every_seconds,
        id=JOB_ID,
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    logger.info("scheduler.started", extra={"every_seconds": every_seconds})
    return scheduler


async def stop_scheduler(
    scheduler: AsyncIOScheduler, tick: Tick, *, within: float = STOP_TIMEOUT
) -> None:
    """Stop starting ticks, let one in progress finish (or cancel it), release the leadership.

    Called before the channels stop, so a tick never sends through a stopped channel.
    """
    scheduler.shutdown(wait=False)
    cancelled = False
    running = tick.running
    if running is not None and not running.done():
        _, late = await asyncio.wait({running}, timeout=within)
        if late:
            # Rows it claimed stay `sending` until their lease ends, then go out again.
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
            cancelled = True
    if tick.leadership is not None:
        await tick.leadership.release()
    logger.info("scheduler.stopped", extra={"cancelled": cancelled})
