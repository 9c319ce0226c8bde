"""`/healthz`: is the database reachable, are the channels receiving, is the sender keeping up.

The answer is 200 when all is well and 503 otherwise, with JSON saying which part failed,
so a load balancer takes a broken worker out and an operator sees why. A channel in
webhook mode may legitimately hear nothing for hours, so only a polling channel that has
not polled successfully for a while counts against health; webhooks are reported only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import metrics
from storage import outbox
from storage.db import session_scope

logger = logging.getLogger(__name__)

Mode = Literal["polling", "webhook"]
# Seconds a database probe may take before the database counts as unreachable.
DB_TIMEOUT: Final = 3.0


@dataclass(frozen=True, slots=True)
class HealthConfig:
    """Thresholds, in seconds."""

    max_sender_lag: float = 900.0
    max_poll_silence: float = 300.0


class ChannelHealth(BaseModel):
    mode: Mode
    ok: bool
    last_success_age_seconds: float | None


class SenderHealth(BaseModel):
    ok: bool
    running: bool
    due: int | None
    lag_seconds: float | None


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: bool
    channels: dict[str, ChannelHealth]
    sender: SenderHealth


@dataclass(frozen=True, slots=True)
class Backlog:
    """Outbox rows due and not sent: how many and how late the oldest is (seconds)."""

    due: int
    lag: float


async def backlog(engine: AsyncEngine, *, now: datetime) -> Backlog:
    """Read the outbox backlog; raises when the database cannot be reached in time."""
    async with asyncio.timeout(DB_TIMEOUT), session_scope(engine) as session:
        due, oldest = await outbox.due_backlog(session, now=now)
    lag = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
    return Backlog(due, lag)


async def _database_ok(engine: AsyncEngine) -> bool:
    try:
        async with asyncio.timeout(DB_TIMEOUT), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:
        # Any failure to reach the database is the answer, not a crash of the probe.
        logger.warning("health.database_unreachable", extra={"error": type(error).__name__})
        return False
    return True


def _channels(
    modes: Mapping[str, Mode], *, started: float, wall: float, config: HealthConfig
) -> dict[str, ChannelHealth]:
    last = metrics.last_successes()
    found: dict[str, ChannelHealth] = {}
    for name, mode in modes.items():
        at = last.get(name)
        age = None if at is None else max(0.0, wall - at)
        silent = age if age is not None else wall - started
        ok = mode == "webhook" or silent <= config.max_poll_silence
        found[name] = ChannelHealth(mode=mode, ok=ok, last_success_age_seconds=age)
    return found


async def check(
    engine: AsyncEngine,
    *,
    modes: Mapping[str, Mode],
    sender_running: bool,
    started: float,
    now: datetime,
    config: HealthConfig,
) -> Health:
    """The deployment's health as seen from this worker."""
    database = await _database_ok(engine)
    sender = SenderHealth(ok=database, running=sender_running, due=None, lag_seconds=None)
    if database:
        try:
            found = await backlog(engine, now=now)
        except Exception as error:
            logger.warning("health.backlog_failed", extra={"error": type(error).__name__})
            database = False
            sender = SenderHealth(ok=False, running=sender_running, due=None, lag_seconds=None)
        else:
            ok = not sender_running or found.lag <= config.max_sender_lag
            sender = SenderHealth(
                ok=ok, running=sender_running, due=found.due, lag_seconds=round(found.lag, 1)
            )
    channels = _channels(modes, started=started, wall=time.time(), config=config)
    healthy = database and sender.ok and all(item.ok for item in channels.values())
    return Health(
        status="ok" if healthy else "unavailable",
        database=database,
        channels=channels,
        sender=sender,
    )
