"""The sender against the Bot-API-shaped fake over real HTTP: 429, 403, 5xx and give-up."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from scheduler.limiter import RateLimiter
from scheduler.planner import plan_due
from scheduler.sender import SenderConfig, send_due
from storage.db import session_scope
from storage.models import Identity
from tests.conftest import FakeClock
from tests.fakes.bot_api import BLOCKED, SERVER_ERROR, TOKEN, FakeBotApi, too_many
from tests.reminders.conftest import (
    CHANNELS,
    POLICY,
    ZONE,
    add_report_deadline,
    outbox_rows,
    seed_people,
    utc,
)
from tests.reminders.http_deliver import HttpDeliver

T7 = utc(2026, 12, 8, 1, 0)


async def _planned(engine: AsyncEngine) -> None:
    await seed_people(engine)
    await add_report_deadline(engine)
    async with session_scope(engine) as session:
        await plan_due(session, now=T7, policy=POLICY, zone=ZONE, channels=CHANNELS)


async def _send(
    engine: AsyncEngine,
    deliver: HttpDeliver,
    now: datetime,
    config: SenderConfig | None = None,
) -> int:
    return await send_due(
        engine,
        deliverers={"telegram": deliver},
        clock=FakeClock(now),
        config=config or SenderConfig(),
    )


async def test_no_send_before_retry_after_has_passed(
    sqlite_engine: AsyncEngine, bot_api: tuple[FakeBotApi, str]
) -> None:
    api, base_url = bot_api
    await _planned(sqlite_engine)
    api.fail("101", too_many(1))
    # Real time: a real 1-second retry_after; 5 msg/s keeps 102 behind 101's 429, and the
    # deliverer's limiter (like the channel's) holds every send for the pause.
    limiter = RateLimiter(rate=5, per_chat_interval=1.0)
    async with httpx.AsyncClient() as client:
        deliver = HttpDeliver(base_url=base_url, token=TOKEN, client=client, limiter=limiter)
        first = await _send(sqlite_engine, deliver, T7)
        too_early = await _send(sqlite_engine, deliver, T7 + timedelta(milliseconds=500))
        later = await _send(sqlite_engine, deliver, T7 + timedelta(seconds=1))

    rejected_at = api.attempts["101"][0]
    accepted = sorted(item.at - rejected_at for item in api.sent)
    row = next(r for r in await outbox_rows(sqlite_engine) if r.chat_id == "101")
    assert (first, too_early, later, len(accepted), api.http_429) == (1, 0, 1, 2, 1)
    assert accepted[0] >= 1.0
    assert (row.status, row.attempts, len(api.sent_to("101"))) == ("sent", 1, 1)


async def test_blocked_recipient_is_marked_and_not_retried(
    sqlite_engine: AsyncEngine,
    bot_api: tuple[FakeBotApi, str],
    http_deliver: HttpDeliver,
) -> None:
    api, _ = bot_api
    await _planned(sqlite_engine)
    api.fail("101", BLOCKED)

    await _send(sqlite_engine, http_deliver, T7)
    await _send(sqlite_engine, http_deliver, T7 + timedelta(hours=2))

    rows = {r.chat_id: (r.status, r.last_error) for r in await outbox_rows(sqlite_engine)}
    async with session_scope(sqlite_engine) as session:
        identity = await session.get(Identity, 1)
    assert rows["101"] == ("blocked", "Forbidden: bot was blocked by the user")
    assert (identity is not None and identity.blocked, len(api.attempts["101"])) == (True, 1)


async def test_server_error_is_retried_after_backoff_then_sent(
    sqlite_engine: AsyncEngine,
    bot_api: tuple[FakeBotApi, str],
    http_deliver: HttpDeliver,
) -> None:
    api, _ = bot_api
    await _planned(sqlite_engine)
    api.fail("101", SERVER_ERROR)

    await _send(sqlite_engine, http_deliver, T7)
    too_early = await _send(sqlite_engine, http_deliver, T7 + timedelta(seconds=29))
    later = await _send(sqlite_engine, http_deliver, T7 + timedelta(seconds=31))

    row = next(r for r in await outbox_rows(sqlite_engine) if r.chat_id == "101")
    assert (too_early, later, row.status, row.attempts) == (0, 1, "sent", 2)
    assert len(api.sent_to("101")) == 1


async def test_gives_up_after_max_attempts_keeping_the_reason(
    sqlite_engine: AsyncEngine,
    bot_api: tuple[FakeBotApi, str],
    http_deliver: HttpDeliver,
) -> None:
    api, _ = bot_api
    await _planned(sqlite_engine)
    api.fail("101", *[SERVER_ERROR] * 10)
    config = SenderConfig(max_attempts=3)

    for hour in range(5):
        await _send(sqlite_engine, http_deliver, T7 + timedelta(hours=hour), config)

    row = next(r for r in await outbox_rows(sqlite_engine) if r.chat_id == "101")
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "Internal Server Error")
    assert len(api.attempts["101"]) == 3


async def test_reminder_arrives_with_an_inline_keyboard(
    sqlite_engine: AsyncEngine,
    bot_api: tuple[FakeBotApi, str],
    http_deliver: HttpDeliver,
) -> None:
    api, _ = bot_api
    await _planned(sqlite_engine)

    await _send(sqlite_engine, http_deliver, T7)

    markup = api.sent_to("101")[0].reply_markup
    assert markup is not None
    assert [row[0]["callback_data"] for row in markup["inline_keyboard"]] == [
        "rm:report:bao-cao-quy",
        "rm:mute:1",
    ]
