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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers.messages import Choice, Reply
from scheduler.delivery import ChannelError, Deliver, Outcome
from storage import outbox
from storage.db import session_scope
from storage.models import Outbox, OutboxStatus

logger = logging.getLogger(__name__)
Clock = Callable[[], datetime]
# Told (channel, result) for every settled send: "sent", "retry", "failed" or "blocked".
# The shell counts them for its metrics; the sender itself knows nothing of metrics.
OnResult = Callable[[str, str], None]

_RESULTS = {
    OutboxStatus.SENT: "sent",
    OutboxStatus.QUEUED: "retry",
    OutboxStatus.FAILED: "failed",
    OutboxStatus.BLOCKED: "blocked",
}


@dataclass(frozen=True, slots=True)
class SenderConfig:
    """How the sender batches, leases and retries."""

    max_attempts: int = 5
    lease: timedelta = timedelta(seconds=120)
    batch_size: int = 100
    backoff_base: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)


# Sends settled per transaction: the most a crash can re-send, beside requests in flight.
SETTLE_CHUNK = 20


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


@dataclass(frozen=True, slots=True)
class _Batch:
    jobs: list[_Job]
    dropped: int  # rows settled at claim time (report sent meanwhile, recipient blocked)
    lease_until: datetime

    @property
    def empty(self) -> bool:
        return not self.jobs and not self.dropped


async def send_due(
    engine: AsyncEngine,
    *,
    deliverers: Mapping[str, Deliver],
    clock: Clock,
    config: SenderConfig = SenderConfig(),
    max_batches: int | None = None,
    on_result: OnResult | None = None,
) -> int:
    """Send every due outbox row, batch by batch; returns how many were delivered.

    Results are recorded in chunks of `SETTLE_CHUNK` as sends complete. Once half a batch is
    done the next one is claimed and queued behind it in the channel's limiter, so the channel
    never idles while the database works or the last responses of a batch come back. A send
    holds one of `batch_size` permits from before it starts until its result is committed, so
    a crash re-sends at most one batch, whatever the timing (usually far fewer).
    """
    window = asyncio.Semaphore(config.batch_size)
    runners: list[asyncio.Task[int]] = []
    batches = 0
    batch = await _claim(engine, deliverers=deliverers, clock=clock, config=config)
    while not batch.empty and (max_batches is None or batches < max_batches):
        batches += 1
        halfway = asyncio.Event()
        runner = asyncio.create_task(
            _run_batch(
                engine,
                batch,
                deliverers,
                window,
                clock=clock,
                config=config,
                halfway=halfway,
                on_result=on_result,
            )
        )
        runners.append(runner)
        waiting = asyncio.create_task(halfway.wait())
        await asyncio.wait({runner, waiting}, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        if runner.done() and runner.exception() is not None:
            break
        more = max_batches is None or batches < max_batches
        batch = (
            await _claim(engine, deliverers=deliverers, clock=clock, config=config)
            if more
            else _Batch([], 0, batch.lease_until)
        )
    return sum(await asyncio.gather(*runners))


async def _run_batch(
    engine: AsyncEngine,
    batch: _Batch,
    deliverers: Mapping[str, Deliver],
    window: asyncio.Semaphore,
    *,
    clock: Clock,
    config: SenderConfig,
    halfway: asyncio.Event,
    on_result: OnResult | None = None,
) -> int:
    """Send a batch concurrently (each channel paces itself), settling as results arrive."""
    # Tasks, created in claim order (oldest first): as_completed would start bare coroutines
    # in set order.
    sends = [
        asyncio.create_task(_send(job, deliverers[job.channel], window)) for job in batch.jobs
    ]
    settled = sent = 0
    done: list[outbox.Settlement] = []
    for finished in asyncio.as_completed(sends):
        job, error = await finished
        settlement = _settle(job, error, clock(), config)
        if on_result is not None:
            on_result(job.channel, _RESULTS.get(settlement.status, settlement.status.value))
        done.append(settlement)
        if len(done) >= SETTLE_CHUNK or settled + len(done) == len(batch.jobs):
            sent += await _settle_chunk(engine, done, batch.lease_until, clock=clock)
            for _ in done:
                window.release()  # recorded: a crash can no longer re-send these
            settled += len(done)
            done = []
        if 2 * settled >= len(batch.jobs):
            halfway.set()
    halfway.set()
    logger.info("outbox.batch", extra={"claimed": len(batch.jobs), "sent": sent})
    return sent


async def _claim(
    engine: AsyncEngine, *, deliverers: Mapping[str, Deliver], clock: Clock, config: SenderConfig
) -> _Batch:
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
        return _Batch([_job(row) for row in claim.rows], claim.dropped, lease_until)


async def _settle_chunk(
    engine: AsyncEngine,
    settlements: Sequence[outbox.Settlement],
    lease_until: datetime,
    *,
    clock: Clock,
) -> int:
    """Record how some sends ended; returns how many were delivered."""
    async with session_scope(engine) as session:
        await outbox.settle(session, settlements, lease_until=lease_until, now=clock())
    return sum(1 for item in settlements if item.status is OutboxStatus.SENT)


async def _send(
    job: _Job, deliver: Deliver, window: asyncio.Semaphore
) -> tuple[_Job, ChannelError | None]:
    """One try at delivering a message: the error that stopped it, or None when sent.

    Takes a permit of `window` first; the caller gives it back once the result is recorded.
    """
    await window.acquire()
    try:
        await deliver.send(job.chat_id, job.reply)
    except ChannelError as failure:
        return job, failure
    except Exception as failure:
        # The one broad catch: per outbox item, so one bad row never stops the batch.
        logger.exception("outbox.send_crashed", extra={"item_id": job.item_id})
        return job, ChannelError(type(failure).__name__, retryable=True)
    return job, None


def _settle(
    job: _Job, error: ChannelError | None, now: datetime, config: SenderConfig
) -> outbox.Settlement:
    if error is None:
        logger.info("outbox.sent", extra={"item_id": job.item_id, "channel": job.channel})
        return outbox.Settlement(job.item_id, OutboxStatus.SENT)
    outcome = error.outcome
    if outcome is Outcome.BLOCKED:
        logger.info("outbox.blocked", extra={"item_id": job.item_id})
        return outbox.Settlement(
            job.item_id, OutboxStatus.BLOCKED, error.reason, block_identity=True
        )
    if outcome is Outcome.RATE_LIMITED:
        assert error.retry_after is not None  # noqa: S101 (what RATE_LIMITED means)
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
    if outcome is Outcome.TRANSIENT and job.attempts < config.max_attempts:
        wait = backoff(job.attempts, config)
        logger.warning("outbox.retry", extra={"item_id": job.item_id, "attempts": job.attempts})
        return outbox.Settlement(job.item_id, OutboxStatus.QUEUED, error.reason, now + wait)
    logger.warning("outbox.failed", extra={"item_id": job.item_id, "attempts": job.attempts})
    return outbox.Settlement(job.item_id, OutboxStatus.FAILED, error.reason)
