"""The planner tick: due reminders become outbox rows, once each, under a dedupe key.

Each step of a deadline period (T-7d ... T+7d, then the admins' escalation) has a send time
from the policy. A tick writes every step whose time has passed, for every recipient, with
`INSERT ... ON CONFLICT DO NOTHING`: running it twice, or on two machines, writes nothing
new. Only the latest passed step is queued; older ones are written as skipped, so after
downtime a recipient gets one up-to-date reminder instead of a burst of stale ones.

An official on no running channel but known on the web chat (or the console) gets the row on
that chat, where it waits until the chat asks (`storage.outbox.take_waiting`); an official on
neither gets one row marked unreachable, which `/tiendo` and the outbox status report.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.reminders import escalation_text, reminder_reply
from knowledge.periods import Occurrence, occurrences
from knowledge.surveys import SurveyDefinition
from scheduler.policy import ReminderPolicy, Step
from storage import outbox, planning
from storage import reminders as store
from storage.models import Deadline, Outbox, OutboxStatus, Unit

logger = logging.getLogger(__name__)

# The rows a step queues for delivery: pushed by the sender, or waiting in a pull chat.
_DELIVERED: tuple[planning.Reach, ...] = ("push", "pull")


def _window(steps: list[Step], policy: ReminderPolicy, today: date) -> tuple[date, date]:
    """Due days whose steps may fall due around `today` (quiet hours and weekends add days)."""
    first = min(step.offset for step in steps)
    last = max(step.offset for step in steps)
    slack = policy.grace.days + 4
    return today - timedelta(days=last + slack), today - timedelta(days=first) + timedelta(days=1)


async def plan_due(
    session: AsyncSession,
    *,
    now: datetime,
    policy: ReminderPolicy,
    zone: ZoneInfo,
    channels: Collection[str],
    surveys: Mapping[str, SurveyDefinition] | None = None,
) -> int:
    """Write the reminders due by `now` into the outbox; returns how many were queued
    (for the sender, or waiting for a web-chat or console official to open their chat).

    A deadline linked to one of `surveys` follows that survey's periods and due days.
    """
    today = now.astimezone(zone).date()
    queued = 0
    for deadline in await store.active_deadlines(session):
        own = policy.with_overrides(deadline.policy)
        steps = own.steps(follow_up=deadline.survey_id is not None)
        if not steps:
            continue
        start, end = _window(steps, own, today)
        survey = (surveys or {}).get(deadline.survey_id or "")
        for occurrence in occurrences(deadline, start=start, end=end, zone=zone, survey=survey):
            queued += await _plan_occurrence(
                session,
                deadline,
                occurrence,
                policy=own,
                steps=steps,
                now=now,
                zone=zone,
                channels=channels,
            )
    if queued:
        logger.info("planner.queued", extra={"count": queued})
    return queued


async def _owing(session: AsyncSession, deadline: Deadline, period: str) -> list[Unit]:
    """The audience units that still owe: without a submitted report when survey-linked."""
    units = await store.audience_units(session, deadline.audience)
    if deadline.survey_id is None:
        return units
    done = await store.submitted_unit_ids(session, survey_id=deadline.survey_id, period=period)
    return [unit for unit in units if unit.id not in done]


async def _plan_occurrence(
    session: AsyncSession,
    deadline: Deadline,
    occurrence: Occurrence,
    *,
    policy: ReminderPolicy,
    steps: list[Step],
    now: datetime,
    zone: ZoneInfo,
    channels: Collection[str],
) -> int:
    passed = [
        (step, at)
        for step in steps
        if (at := policy.send_at(occurrence.due_on, step, zone)) <= now
    ]
    if not passed:
        return 0
    source = f"deadline:{deadline.key}"
    today = now.astimezone(zone).date()
    queued = 0

    reminders = [(step, at) for step, at in passed if not step.is_escalation]
    if reminders:
        # A country's million identities: the database writes the rows itself (on SQLite as
        # on PostgreSQL), and none of them is read into memory.
        latest, latest_at = reminders[-1]
        fresh = now - latest_at <= policy.grace
        reply = reminder_reply(deadline, occurrence, today=today)
        choices = [[c.key, c.label] for c in reply.choices]
        for step, at in reminders:
            send = step is latest and fresh
            reason = "" if send else ("stale" if step is latest else "superseded")
            if not send and at < deadline.created_at:
                # The deadline was added (or the system set up) after this step's day.
                reason = outbox.ADDED_LATE
            status = OutboxStatus.QUEUED if send else OutboxStatus.SKIPPED
            step_rows = planning.StepRows(step.name, status.value, reason, reply.text, choices)
            for reach in _DELIVERED:
                written = await planning.enqueue_step(
                    session,
                    deadline=deadline,
                    period=occurrence.period,
                    rows=step_rows,
                    channels=channels,
                    now=now,
                    reach=reach,
                )
                queued += written if send else 0
            # Officials neither pushed to nor on a pull chat: one row each, reported, never sent.
            status = OutboxStatus.UNREACHABLE if send else OutboxStatus.SKIPPED
            await planning.enqueue_step(
                session,
                deadline=deadline,
                period=occurrence.period,
                rows=planning.StepRows(
                    step.name, status.value, reason or "no running channel", reply.text, choices
                ),
                channels=channels,
                now=now,
                reach="unreachable",
            )
        await _supersede(session, source=source, period=occurrence.period, latest=latest)

    escalation = next((item for item in passed if item[0].is_escalation), None)
    if escalation is not None and now - escalation[1] <= policy.grace:
        owing = await _owing(session, deadline, occurrence.period)
        if not owing:
            return queued
        step = escalation[0]
        names = [unit.name for unit in owing]
        text = escalation_text(deadline, occurrence, today=today, unit_names=names)
        admins = await store.admin_recipients(session, channels=None)
        for admin, reach in by_reach(admins, channels):
            key = f"{source}:{occurrence.period}:{step.name}:identity:{admin.identity_id}"
            values = _row(deadline, occurrence, admin, step, now=now, key=key)
            values |= {"kind": "escalation", "text": text, "choices": []}
            values |= _outcome(True, reach, admin, "")
            queued += int(await outbox.enqueue(session, values) and reach != "unreachable")
    return queued


def by_reach(
    found: list[store.Recipient], channels: Collection[str]
) -> list[tuple[store.Recipient, planning.Reach]]:
    """How to reach each official: every identity on running `channels`; else their first
    identity on a pull channel (the web chat, the console), which shows the message when it
    next asks; else their first identity, marked unreachable so `/tiendo` and the outbox
    status report them."""
    grouped: dict[int, list[store.Recipient]] = {}
    for recipient in found:
        grouped.setdefault(recipient.official_id, []).append(recipient)
    targets: list[tuple[store.Recipient, planning.Reach]] = []
    for identities in grouped.values():
        pushed = [r for r in identities if r.channel in channels]
        pulled = [r for r in identities if r.channel in outbox.PULL_CHANNELS]
        if pushed:
            targets += [(r, "push") for r in pushed]
        elif pulled:
            targets.append((pulled[0], "pull"))
        else:
            targets.append((identities[0], "unreachable"))
    return targets


def _outcome(
    send: bool, reach: planning.Reach, recipient: store.Recipient, reason: str
) -> dict[str, str]:
    """The status and reason of a planned row."""
    if not send:
        return {"status": OutboxStatus.SKIPPED.value, "last_error": reason}
    if reach == "unreachable":
        return {
            "status": OutboxStatus.UNREACHABLE.value,
            "last_error": f"no running channel (known on {recipient.channel})",
        }
    return {"status": OutboxStatus.QUEUED.value, "last_error": ""}


def _row(
    deadline: Deadline,
    occurrence: Occurrence,
    recipient: store.Recipient,
    step: Step,
    *,
    now: datetime,
    key: str,
) -> dict[str, Any]:
    return {
        "dedupe_key": key,
        "source": f"deadline:{deadline.key}",
        "kind": "reminder",
        "deadline_id": deadline.id,
        "survey_id": deadline.survey_id,
        "period": occurrence.period,
        "step": step.name,
        "unit_id": recipient.unit_id,
        "identity_id": recipient.identity_id,
        "channel": recipient.channel,
        "chat_id": recipient.chat_id,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


async def _supersede(session: AsyncSession, *, source: str, period: str, latest: Step) -> None:
    """Queued reminders of an older step (waiting for an idle chat) give way to the latest."""
    statement = (
        update(Outbox)
        .where(
            col(Outbox.source) == source,
            col(Outbox.period) == period,
            col(Outbox.kind) == "reminder",
            col(Outbox.status) == OutboxStatus.QUEUED.value,
            col(Outbox.step) != latest.name,
        )
        .values(status=OutboxStatus.SKIPPED.value, last_error="superseded")
    )
    await session.exec(statement)
