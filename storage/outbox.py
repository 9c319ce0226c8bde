"""The outbox: messages written before they are sent, claimed with a lease, then settled."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.collation import unit_key
from storage.kinds import WAITING as WAITING
from storage.kinds import WAITING_BY_CHANNEL as WAITING_BY_CHANNEL
from storage.kinds import WAITING_CONSOLE as WAITING_CONSOLE
from storage.models import (
    Conversation,
    Identity,
    Outbox,
    OutboxStatus,
    ResponseStatus,
    SurveyResponse,
    Unit,
)
from storage.queries import insert_ignore, load_conversation
from storage.reminders import Recipient, audience_units, recipients, submitted_unit_ids

IDLE = "idle"
_REASON_MAX = 300
# Channels nothing can be pushed to (the web chat, the console): a message queued for one of
# their chats waits until that chat asks for it (`take_waiting`); the sender never claims it.
PULL_CHANNELS: tuple[str, ...] = tuple(WAITING_BY_CHANNEL)
# A reminder waiting in a pull chat is shown at most this long after it was written: by then
# the planner's next step (at most 4 days later) has replaced it, or the last step (T+7d) and
# the admins' escalation have gone by; an unopened one is marked expired.
PULL_REMINDER_MAX_AGE = timedelta(days=7)
# The message «Mở lại kỳ báo cáo» is written under this source prefix.
REOPEN_SOURCE = "reopen:"
# Why a return notice was not shown: the unit sent the report again first.
RESENT = "report sent again"
# Why a planned reminder was skipped, as `last_error` of its row: its step's send time had
# passed before the deadline existed; a later step of the same period was due; the latest step
# came too late after downtime to be worth sending.
ADDED_LATE = "deadline added after this step"
SUPERSEDED = "superseded"
STALE = "stale"


@dataclass(frozen=True, slots=True)
class Settlement:
    """How one claimed row ended: sent, or an error with what to do next."""

    item_id: int
    status: OutboxStatus
    error: str = ""
    next_attempt_at: datetime | None = None
    block_identity: bool = False
    # A wait the platform asked for (429, quota): the claim's try is given back.
    refund_attempt: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    """The rows leased to this sender, and how many due rows were settled without sending."""

    rows: list[Outbox]
    dropped: int


async def enqueue(session: AsyncSession, values: dict[str, Any]) -> bool:
    """Write one message under its dedupe key; False when that key exists already."""
    return await insert_ignore(session, Outbox, values)


def _claimable(now: datetime, *, idle_only: bool = True) -> Any:
    queued = and_(
        col(Outbox.status) == OutboxStatus.QUEUED.value, col(Outbox.next_attempt_at) <= now
    )
    expired = and_(col(Outbox.status) == OutboxStatus.SENDING.value, col(Outbox.lease_until) < now)
    if not idle_only:
        return or_(queued, expired)
    busy = exists().where(
        col(Conversation.channel) == col(Outbox.channel),
        col(Conversation.chat_id) == col(Outbox.chat_id),
        col(Conversation.state) != IDLE,
    )
    return and_(or_(queued, expired), ~busy)


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    lease_until: datetime,
    limit: int,
    channels: Collection[str],
    max_attempts: int = 5,
) -> Claim:
    """Lease up to `limit` due rows of idle chats; settle rows no longer wanted on the way.

    On PostgreSQL `FOR UPDATE SKIP LOCKED` lets two senders claim disjoint rows; an expired
    lease (a sender died mid-send) makes a row claimable again: at-least-once delivery. A
    row whose sends keep dying with the process fails after `max_attempts` claims.
    """
    statement = (
        select(Outbox)
        .where(col(Outbox.channel).in_(list(channels)), _claimable(now))
        .order_by(col(Outbox.next_attempt_at), col(Outbox.id))
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    rows = list((await session.exec(statement)).all())
    unwanted = await _unwanted(session, rows)
    claimed = []
    for row in rows:
        if row.id in unwanted:
            row.status, row.last_error = unwanted[row.id]
            row.lease_until = None
        elif row.status == OutboxStatus.SENDING.value and row.attempts >= max_attempts:
            row.status, row.last_error = OutboxStatus.FAILED.value, "lease expired"
            row.lease_until = None
        else:
            row.status = OutboxStatus.SENDING.value
            row.lease_until = lease_until
            row.attempts += 1
            claimed.append(row)
        session.add(row)
    return Claim(claimed, len(rows) - len(claimed))


async def _unwanted(session: AsyncSession, rows: Sequence[Outbox]) -> dict[int, tuple[str, str]]:
    """Rows to drop at send time: the unit has submitted, or the recipient blocked the bot."""
    unwanted: dict[int, tuple[str, str]] = {}
    identity_ids = {row.identity_id for row in rows}
    if identity_ids:
        blocked = set(
            (
                await session.exec(
                    select(Identity.id).where(
                        col(Identity.id).in_(identity_ids), col(Identity.blocked).is_(True)
                    )
                )
            ).all()
        )
    else:
        blocked = set()
    done: dict[tuple[str, str], set[int]] = {}
    for row in rows:
        if row.id is None:
            continue
        if row.identity_id in blocked:
            unwanted[row.id] = (OutboxStatus.BLOCKED.value, "recipient blocked")
            continue
        if row.kind == "review" and row.survey_id is not None:
            if await _resent(session, row):
                unwanted[row.id] = (OutboxStatus.SKIPPED.value, RESENT)
            continue
        if row.kind != "reminder" or row.survey_id is None or row.unit_id is None:
            continue
        period_key = (row.survey_id, row.period)
        if period_key not in done:
            done[period_key] = await submitted_unit_ids(
                session, survey_id=row.survey_id, period=row.period
            )
        if row.unit_id in done[period_key]:
            unwanted[row.id] = (OutboxStatus.SKIPPED.value, "submitted")
    return unwanted


async def _resent(session: AsyncSession, row: Outbox) -> bool:
    """Whether a return notice's report was sent again after the notice was queued."""
    statement = select(SurveyResponse.submitted_at).where(
        SurveyResponse.survey_id == row.survey_id,
        SurveyResponse.period == row.period,
        SurveyResponse.unit_id == row.unit_id,
    )
    sent = (await session.exec(statement)).first()
    return sent is not None and sent > row.created_at


async def settle(
    session: AsyncSession,
    settlements: Sequence[Settlement],
    *,
    lease_until: datetime,
    now: datetime,
) -> int:
    """Record how claimed rows ended; rows whose lease another sender took over are left alone."""
    if not settlements:
        return 0
    by_id = {item.item_id: item for item in settlements}
    statement = select(Outbox).where(
        col(Outbox.id).in_(list(by_id)),
        Outbox.status == OutboxStatus.SENDING.value,
        Outbox.lease_until == lease_until,
    )
    rows = list((await session.exec(statement)).all())
    for row in rows:
        result = by_id[row.id or 0]
        row.status = result.status.value
        row.lease_until = None
        row.last_error = result.error[:_REASON_MAX]
        if result.status is OutboxStatus.SENT:
            row.sent_at = now
        if result.next_attempt_at is not None:
            row.next_attempt_at = result.next_attempt_at
        if result.refund_attempt:
            row.attempts = max(0, row.attempts - 1)
        if result.block_identity:
            identity = await session.get(Identity, row.identity_id)
            if identity is not None:
                identity.blocked = True
                session.add(identity)
        session.add(row)
    for row in sorted(rows, key=lambda item: (item.channel, item.chat_id)):
        if by_id[row.id or 0].status is OutboxStatus.SENT and row.choices:
            await _offer(session, row, now=now)
    return len(rows)


async def _offer(session: AsyncSession, row: Outbox, *, now: datetime) -> None:
    """Make a sent message's choices the chat's last offered ones (idle chats only)."""
    # So a typed "1" on Zalo maps to a reminder's first choice; a chat in a flow keeps
    # the flow's own choices (the claim skips busy chats, but one may start meanwhile).
    conversation = await load_conversation(
        session, channel=row.channel, chat_id=row.chat_id, now=now
    )
    if conversation.state != IDLE:
        return
    conversation.choices = [list(item) for item in row.choices]
    conversation.updated_at = now
    session.add(conversation)


async def take_waiting(
    session: AsyncSession, *, channel: str, chat_id: str, now: datetime
) -> list[Outbox]:
    """The messages waiting for a chat of a pull channel, oldest first, marked sent; the
    chat asked for them (its page opened, or a reply to show them with), so they are taken
    whatever step it is at: one left in the middle of a report has no other way to learn that
    the office returned it. The caller decides when a chat asks.

    Those no longer relevant are settled first instead (`expire_waiting`): an official who
    opens the chat after their unit reported is not told it has not.
    """
    if channel not in PULL_CHANNELS:
        return []
    await expire_waiting(session, now=now, chat=(channel, chat_id))
    statement = (
        select(Outbox)
        .where(
            col(Outbox.channel) == channel,
            col(Outbox.chat_id) == chat_id,
            _claimable(now, idle_only=False),
        )
        .order_by(col(Outbox.id))
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # The page's poll and a message typed at the same moment take each row once.
        statement = statement.with_for_update(skip_locked=True)
    rows = list((await session.exec(statement)).all())
    for row in rows:
        row.status, row.sent_at, row.lease_until = OutboxStatus.SENT.value, now, None
        row.attempts += 1
        session.add(row)
    return rows


def _report(status: ColumnElement[bool]) -> Any:
    """The outbox row's unit has a report of the row's survey period matching `status`."""
    return exists().where(
        col(SurveyResponse.survey_id) == col(Outbox.survey_id),
        col(SurveyResponse.period) == col(Outbox.period),
        col(SurveyResponse.unit_id) == col(Outbox.unit_id),
        status,
    )


def _resent_since_queued() -> Any:
    """The unit sent its report again after this row (a return notice) was queued."""
    return _report(col(SurveyResponse.submitted_at) > col(Outbox.created_at))


async def expire_waiting(
    session: AsyncSession, *, now: datetime, chat: tuple[str, str] | None = None
) -> int:
    """Settle the queued rows of pull chats (all, or one `chat`) that no longer matter.

    A reminder for a unit that has since submitted is skipped («submitted»); a reminder or an
    escalation older than `PULL_REMINDER_MAX_AGE` expires; «Mở lại kỳ báo cáo» expires once
    the reopening is over (its day passed, or the report was sent again); a return notice
    («Trả lại để chỉnh sửa») is skipped once the unit sent the report again. Returns how many.
    """
    waiting = [
        col(Outbox.status) == OutboxStatus.QUEUED.value,
        col(Outbox.channel).in_(PULL_CHANNELS),
    ]
    if chat is not None:
        waiting += [col(Outbox.channel) == chat[0], col(Outbox.chat_id) == chat[1]]
    reopened = _report(
        and_(
            col(SurveyResponse.status) == ResponseStatus.DRAFT.value,
            col(SurveyResponse.reopened_until) > now,
        )
    )
    settled = [
        (
            and_(
                col(Outbox.kind) == "reminder",
                col(Outbox.survey_id).is_not(None),
                _report(col(SurveyResponse.status) == ResponseStatus.SUBMITTED.value),
            ),
            OutboxStatus.SKIPPED,
            "submitted",
        ),
        (
            and_(
                col(Outbox.kind).in_(("reminder", "escalation")),
                col(Outbox.created_at) < now - PULL_REMINDER_MAX_AGE,
            ),
            OutboxStatus.EXPIRED,
            "not opened in time",
        ),
        (
            and_(col(Outbox.source).startswith(REOPEN_SOURCE), ~reopened),
            OutboxStatus.EXPIRED,
            "reopening over",
        ),
        (
            and_(col(Outbox.kind) == "review", _resent_since_queued()),
            OutboxStatus.SKIPPED,
            RESENT,
        ),
    ]
    count = 0
    for condition, status, reason in settled:
        statement = (
            update(Outbox)
            .where(*waiting, condition)
            .values(status=status.value, last_error=reason)
            .execution_options(synchronize_session=False)
        )
        count += int((await session.exec(statement)).rowcount or 0)
    return count


async def due_backlog(session: AsyncSession, *, now: datetime) -> tuple[int, datetime | None]:
    """Rows the sender could send now but has not: how many, and the oldest one's due time.

    Rows waiting for a chat to finish its survey, or for a 429 or a monthly quota, are not
    due yet and do not count: only a sender that is stuck, dead or too slow makes this grow.
    Rows of pull channels wait for their chat, not for the sender.
    """
    statement = select(func.count(), func.min(Outbox.next_attempt_at)).where(
        _claimable(now), col(Outbox.channel).not_in(PULL_CHANNELS)
    )
    count, oldest = (await session.exec(statement)).one()
    return int(count), oldest


def _shown_status() -> Any:
    """A row's status as counts show it: a queued row of a pull chat as its channel's
    waiting status (`WAITING` in the web chat, `WAITING_CONSOLE` in `cdsbot chat`)."""
    queued = col(Outbox.status) == OutboxStatus.QUEUED.value
    waits = [
        (and_(queued, col(Outbox.channel) == channel), shown)
        for channel, shown in WAITING_BY_CHANNEL.items()
    ]
    return case(*waits, else_=col(Outbox.status)).label("shown")


async def status_counts(session: AsyncSession) -> dict[str, dict[str, int]]:
    """How many rows of each source (deadline or broadcast) are in each status.

    A queued row of a pull chat counts as waiting (`_shown_status`): it is shown when the
    official opens that chat, so it is neither waiting for the sender nor sent.
    """
    status = _shown_status()
    statement = (
        select(Outbox.source, status, func.count())
        .group_by(col(Outbox.source), status)
        .order_by(col(Outbox.source))
    )
    counts: dict[str, dict[str, int]] = {}
    for source, shown, count in (await session.exec(statement)).all():
        counts.setdefault(source, {})[shown] = int(count)
    return counts


async def officials_keyed(session: AsyncSession, key: str) -> set[int]:
    """The officials who already have a row under `key` (`<key>:official:<id>`)."""
    prefix = f"{key}:official:"
    statement = select(Outbox.dedupe_key).where(col(Outbox.dedupe_key).startswith(prefix))
    found = set()
    for dedupe_key in (await session.exec(statement)).all():
        tail = dedupe_key.removeprefix(prefix)
        if tail.isdigit():
            found.add(int(tail))
    return found


async def skipped_reasons(session: AsyncSession) -> dict[str, dict[str, int]]:
    """Of each source's skipped rows, how many were skipped for each reason (`last_error`)."""
    statement = (
        select(Outbox.source, Outbox.last_error, func.count())
        .where(col(Outbox.status) == OutboxStatus.SKIPPED.value)
        .group_by(col(Outbox.source), col(Outbox.last_error))
    )
    counts: dict[str, dict[str, int]] = {}
    for source, reason, count in (await session.exec(statement)).all():
        counts.setdefault(source, {})[reason] = int(count)
    return counts


async def step_outcomes(
    session: AsyncSession, *, source: str, period: str
) -> dict[str, dict[str, int]]:
    """Per reminder step of one deadline period, its rows by status; a skipped row counts as
    `skipped:<reason>`, a queued one on a pull chat as its channel's waiting status."""
    status = _shown_status()
    statement = (
        select(Outbox.step, status, Outbox.last_error, func.count())
        .where(col(Outbox.source) == source, col(Outbox.period) == period)
        .group_by(col(Outbox.step), status, col(Outbox.last_error))
    )
    found: dict[str, dict[str, int]] = {}
    for step, shown, reason, count in (await session.exec(statement)).all():
        key = f"{shown}:{reason}" if shown == OutboxStatus.SKIPPED.value else shown
        by_status = found.setdefault(step, {})
        by_status[key] = by_status.get(key, 0) + int(count)
    return found


async def enqueue_broadcast(
    session: AsyncSession,
    *,
    audience: str,
    text: str,
    channels: Collection[str],
    now: datetime,
) -> tuple[str, int]:
    """One outbox row per active identity of the audience; returns the broadcast id and count."""
    broadcast_id = uuid.uuid4().hex[:12]
    units = await audience_units(session, audience)
    found = await recipients(
        session, unit_ids=[unit.id for unit in units if unit.id is not None], channels=channels
    )
    count = 0
    for recipient in found:
        count += await enqueue(
            session,
            {
                "dedupe_key": f"broadcast:{broadcast_id}:identity:{recipient.identity_id}",
                "source": f"broadcast:{broadcast_id}",
                "kind": "broadcast",
                "unit_id": recipient.unit_id,
                "identity_id": recipient.identity_id,
                "channel": recipient.channel,
                "chat_id": recipient.chat_id,
                "text": text,
                "choices": [],
                "status": OutboxStatus.QUEUED.value,
                "attempts": 0,
                "next_attempt_at": now,
                "last_error": "",
                "period": "",
                "step": "",
                "created_at": now,
            },
        )
    return broadcast_id, count


async def pull_recipients(
    session: AsyncSession,
    *,
    unit_ids: Collection[int],
    channels: Collection[str],
    deadline_id: int | None = None,
) -> list[Recipient]:
    """The officials of the units on no running `channels` but on a pull chat (the web chat,
    the console): their first such account each, where a reminder waits until they open it."""
    pull = [c for c in PULL_CHANNELS if c not in channels]
    found = await recipients(
        session, unit_ids=unit_ids, channels=[*channels, *pull], deadline_id=deadline_id
    )
    pushed = {r.official_id for r in found if r.channel in channels}
    first: dict[int, Recipient] = {}
    for recipient in found:
        if recipient.official_id not in pushed:
            first.setdefault(recipient.official_id, recipient)
    return list(first.values())


async def unreachable_units(session: AsyncSession, *, survey_id: str, period: str) -> list[str]:
    """Units still owing a survey period whose reminders reached no channel (`unit_key` order)."""
    return await _owing_units_with(
        session,
        survey_id=survey_id,
        period=period,
        rows=col(Outbox.status) == OutboxStatus.UNREACHABLE.value,
    )


async def waiting_units(session: AsyncSession, *, survey_id: str, period: str) -> list[str]:
    """Units still owing a survey period with a reminder waiting, unseen, in a pull chat."""
    return await _owing_units_with(
        session,
        survey_id=survey_id,
        period=period,
        rows=and_(
            col(Outbox.kind) == "reminder",
            col(Outbox.status) == OutboxStatus.QUEUED.value,
            col(Outbox.channel).in_(PULL_CHANNELS),
        ),
    )


async def _owing_units_with(
    session: AsyncSession, *, survey_id: str, period: str, rows: ColumnElement[bool]
) -> list[str]:
    submitted = exists().where(
        col(SurveyResponse.unit_id) == col(Unit.id),
        col(SurveyResponse.survey_id) == survey_id,
        col(SurveyResponse.period) == period,
        col(SurveyResponse.status) == ResponseStatus.SUBMITTED.value,
    )
    statement = (
        select(Unit.kind, Unit.name)
        .join(Outbox, col(Outbox.unit_id) == col(Unit.id))
        .where(
            col(Outbox.survey_id) == survey_id,
            col(Outbox.period) == period,
            rows,
            ~submitted,
        )
        .distinct()
    )
    # Ordered here, not by the database: see storage.collation.
    found = sorted((await session.exec(statement)).all(), key=lambda row: unit_key(*row))
    return [name for _, name in found]
