"""The outbox sender: claim with a lease, send outside the transaction, then settle.

Sending happens between two short transactions, so no database lock is held while waiting
on a platform. A sender that dies mid-batch leaves rows in `sending`; when their lease ends
they are claimed again, so a message is delivered at least once and the duplicates are at
most the batch that was in flight.

Pacing belongs to the channel: `Deliver.send` waits on the channel's own rate limiter (shared
with replies to users, so both together stay under the platform's limit) and pauses it on a
flood-control 429. The sender has no limiter and never pauses anything. A `ChannelError`
with `retry_after` (a 429, or a Zalo monthly quota that is spent) puts the row back in the
queue for `now + retry_after` without counting the try: waiting for the platform is not the
message's fault, and a quota wait can last weeks, during which the row stays queued (never
dropped) and `cdsbot outbox status` shows it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.errors import ChannelError
from bot.storage import outbox
from bot.storage.db import session_scope
from bot.storage.models import Outbox, OutboxStatus
from handlers.messages import Choice, Reply

logger = logging.getLogger(__name__)
Clock = Callable[[], datetime]


@runtime_checkable
class Deliver(Protocol):
    """A channel that sends one reply to one chat at its own pace.

    `send` waits on the channel's rate limiter, pauses it on a flood-control 429, and raises
    `ChannelError` on failure (`TelegramChannel` and `ZaloChannel` implement it).
    """

    async def send(self, chat_id: str, reply: Reply) -> None: ...


@dataclass(frozen=True, slots=True)
class SenderConfig:
    """How the sender batches, leases and retries."""

    max_attempts: int = 5
    lease: timedelta = timedelta(seconds=120)
    batch_size: int = 100
    backoff_base: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class _Job:
    item_id: int
    channel: str
    chat_id: str
    reply: Reply
    attempts: int


def backoff(attempts: int, config: SenderConfig) -> timedelta:
    """The wait before the next try after `attempts` failed ones (doubling, capped)."""
    wait: timedelta = config.backoff_base * (2 ** max(0, attempts - 1))
    return min(config.backoff_cap, wait)


def _job(row: Outbox) -> _Job:
    if row.id is None:
        raise ValueError("outbox row without id")
    choices = tuple(Choice(key, label) for key, label in row.choices)
    return _Job(row.id, row.channel, row.chat_id, Reply(row.text, choices), row.attempts)


async def send_due(
    engine: AsyncEngine,
    *,
    deliverers: Mapping[str, Deliver],
    clock: Clock,
    config: SenderConfig = SenderConfig(),
    max_batches: int | None = None,
) -> int:
    """Send every due outbox row, batch by batch; returns how many were delivered."""
    delivered = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        sent, claimed = await send_batch(engine, deliverers=deliverers, clock=clock, config=config)
        delivered += sent
        batches += 1
        if claimed == 0:
            break
    return delivered


async def send_batch(
    engine: AsyncEngine,
    *,
    deliverers: Mapping[str, Deliver],
    clock: Clock,
    config: SenderConfig = SenderConfig(),
) -> tuple[int, int]:
    """Claim one batch, send it concurrently (each channel paces itself), settle it.

    Returns (sent, handled): handled counts rows sent, failed or dropped; 0 means drained.
    """
    now = clock()
    lease_until = now + config.lease
    async with session_scope(engine) as session:
        claim = await outbox.claim(
            session,
            now=now,
            lease_until=lease_until,
            limit=config.batch_size,
            channels=list(deliverers),
            max_attempts=config.max_attempts,
        )
        jobs = [_job(row) for row in claim.rows]
    if not jobs:
        return 0, claim.dropped
    results = await asyncio.gather(*(_send(job, deliverers[job.channel]) for job in jobs))
    settlements = [
        _settle(job, error, clock(), config) for job, error in zip(jobs, results, strict=True)
    ]
    async with session_scope(engine) as session:
        await outbox.settle(session, settlements, lease_until=lease_until, now=clock())
    sent = sum(1 for item in settlements if item.status is OutboxStatus.SENT)
    logger.info("outbox.batch", extra={"claimed": len(jobs), "sent": sent})
    return sent, len(jobs) + claim.dropped


async def _send(job: _Job, deliver: Deliver) -> ChannelError | None:
    """One try at delivering a message; None when sent, else the error that stopped it."""
    try:
        await deliver.send(job.chat_id, job.reply)
    except ChannelError as failure:
        return failure
    except Exception as failure:
        # The one broad catch: per outbox item, so one bad row never stops the batch.
        logger.exception("outbox.send_crashed", extra={"item_id": job.item_id})
        return ChannelError(type(failure).__name__, retryable=True)
    return None


def _settle(
    job: _Job, error: ChannelError | None, now: datetime, config: SenderConfig
) -> outbox.Settlement:
    if error is None:
        logger.info("outbox.sent", extra={"item_id": job.item_id, "channel": job.channel})
        return outbox.Settlement(job.item_id, OutboxStatus.SENT)
    if error.blocked:
        logger.info("outbox.blocked", extra={"item_id": job.item_id})
        return outbox.Settlement(
            job.item_id, OutboxStatus.BLOCKED, error.reason, block_identity=True
        )
    if error.retryable and error.retry_after is not None:
        # The platform's pace or quota, not the message's fault: wait, and do not count it.
        logger.warning(
            "outbox.retry_after",
            extra={"item_id": job.item_id, "seconds": error.retry_after},
        )
        return outbox.Settlement(
            job.item_id,
            OutboxStatus.QUEUED,
            error.reason,
            now + timedelta(seconds=error.retry_after),
            refund_attempt=True,
        )
    if error.retryable and job.attempts < config.max_attempts:
        wait = backoff(job.attempts, config)
        logger.warning("outbox.retry", extra={"item_id": job.item_id, "attempts": job.attempts})
        return outbox.Settlement(job.item_id, OutboxStatus.QUEUED, error.reason, now + wait)
    logger.warning("outbox.failed", extra={"item_id": job.item_id, "attempts": job.attempts})
    return outbox.Settlement(job.item_id, OutboxStatus.FAILED, error.reason)
