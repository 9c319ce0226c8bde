"""Deadlines, audiences, who still owes a report, recipients and mutes (plain query functions)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from knowledge.deadlines import DeadlineSpec
from storage.collation import sorted_units
from storage.models import (
    Deadline,
    Identity,
    Official,
    Outbox,
    OutboxStatus,
    ReminderMute,
    ResponseStatus,
    Role,
    SurveyResponse,
    Unit,
    UnitKind,
)
from storage.queries import audit, insert_ignore, list_units

COMMUNE_KINDS = (UnitKind.COMMUNE.value, UnitKind.WARD.value, UnitKind.SPECIAL_ZONE.value)
AUDIENCE_KINDS: dict[str, tuple[str, ...] | None] = {
    "communes": COMMUNE_KINDS,
    "departments": (UnitKind.DEPARTMENT.value,),
    "all": None,
}


# Where a deadline's values come from (`Deadline.source`): the plan (knowledge/deadlines.yaml,
# copied in at every start), the office (its own deadline), or a plan deadline the office
# changed in the console, which the copy leaves alone until the office restores it.
FROM_PLAN = "yaml"
FROM_OFFICE = "admin"
PLAN_EDITED = "edited"
# The values an office may change; a sync keeps the office's on a PLAN_EDITED row.
EDITABLE = ("title", "section", "audience", "due_on", "every", "survey_id")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One active identity of an official of a unit."""

    identity_id: int
    official_id: int
    unit_id: int | None
    channel: str
    chat_id: str


async def sync_deadlines(
    session: AsyncSession, specs: Iterable[DeadlineSpec], *, now: datetime
) -> int:
    """Copy the plan's deadlines into the table by key (idempotent); returns how many are new.

    A deadline the office changed (`PLAN_EDITED`) keeps the office's values; only what the
    console does not edit (owner, reminder policy) follows the plan.
    """
    specs = list(specs)
    # Rows that exist are read, not inserted again: on PostgreSQL an INSERT … ON CONFLICT DO
    # NOTHING takes a sequence value even when it inserts nothing, so every start would push
    # the ids an operator types (`deadlines edit 7`) further up.
    keys = [spec.key for spec in specs]
    statement = select(Deadline).where(col(Deadline.key).in_(keys))
    existing = {row.key: row for row in (await session.exec(statement)).all()}
    added = 0
    for spec in specs:
        values = {
            "title": spec.title,
            "section": spec.section,
            "owner": spec.owner,
            "audience": spec.audience,
            "due_on": spec.due_on,
            "every": spec.every,
            "survey_id": spec.survey_id,
            "policy": spec.policy,
        }
        row = existing.get(spec.key)
        if row is None:
            if await insert_ignore(
                session,
                Deadline,
                {"key": spec.key, "source": "yaml", "active": True, "created_at": now, **values},
            ):
                added += 1
                continue
            # Another worker added it meanwhile.
            row = (await session.exec(select(Deadline).where(Deadline.key == spec.key))).one()
        for name, value in values.items():
            if row.source != PLAN_EDITED or name not in EDITABLE:
                setattr(row, name, value)
        session.add(row)
    return added


def _plain(value: object) -> object:
    """A value as the audit log's JSON keeps it."""
    return value.isoformat() if isinstance(value, date) else value


def _change(
    session: AsyncSession,
    deadline: Deadline,
    values: dict[str, object],
    *,
    action: str,
    by: str,
    now: datetime,
) -> dict[str, list[object]]:
    """Set the values that differ and audit them (old, new) under `action`."""
    changed = {
        name: [_plain(getattr(deadline, name)), _plain(value)]
        for name, value in values.items()
        if getattr(deadline, name) != value
    }
    for name in changed:
        setattr(deadline, name, values[name])
    if changed or action == "deadline.restore":
        session.add(deadline)
        audit(
            session,
            action=action,
            now=now,
            entity="deadline",
            entity_id=str(deadline.id),
            detail={"by": by, "key": deadline.key, "changed": changed},
        )
    return changed


async def edit_deadline(
    session: AsyncSession,
    deadline: Deadline,
    *,
    title: str,
    due_on: date,
    audience: str,
    every: str | None,
    section: str,
    survey_id: str | None,
    by: str,
    now: datetime,
) -> bool:
    """The office changes a deadline (audited); a plan deadline becomes the office's version,
    which later syncs keep. Returns whether anything changed."""
    values: dict[str, object] = {
        "title": title,
        "due_on": due_on,
        "audience": audience,
        "every": every,
        "section": section,
        "survey_id": survey_id,
    }
    changed = _change(session, deadline, values, action="deadline.edit", by=by, now=now)
    if changed and deadline.source == FROM_PLAN:
        deadline.source = PLAN_EDITED
        session.add(deadline)
    return bool(changed)


async def restore_plan_deadline(
    session: AsyncSession, deadline: Deadline, spec: DeadlineSpec, *, by: str, now: datetime
) -> None:
    """Back to the plan's values for a deadline the office changed (audited)."""
    values: dict[str, object] = {
        "title": spec.title,
        "due_on": spec.due_on,
        "audience": spec.audience,
        "every": spec.every,
        "section": spec.section,
        "survey_id": spec.survey_id,
    }
    _change(session, deadline, values, action="deadline.restore", by=by, now=now)
    deadline.source = FROM_PLAN
    session.add(deadline)


async def add_deadline(
    session: AsyncSession,
    *,
    title: str,
    due_on: date,
    audience: str,
    every: str | None = None,
    section: str = "",
    survey_id: str | None = None,
    policy: dict[str, Any] | None = None,
    now: datetime,
) -> Deadline:
    """An admin's own deadline; `policy` overrides the reminder settings for it."""
    deadline = Deadline(
        key=f"admin-{uuid.uuid4().hex[:12]}",
        title=title,
        section=section,
        audience=audience,
        due_on=due_on,
        every=every,
        survey_id=survey_id,
        policy=dict(policy or {}),
        source=FROM_OFFICE,
        created_at=now,
    )
    session.add(deadline)
    await session.flush()
    return deadline


async def same_deadline(
    session: AsyncSession, *, title: str, due_on: date, audience: str, survey_id: str | None
) -> Deadline | None:
    """The active deadline that one with these values would repeat: the same title and the
    same units, due the same day (or, linked to a survey, linked to the same survey, whose
    periods set its days); None when there is none."""
    statement = select(Deadline).where(col(Deadline.active).is_(True), Deadline.title == title)
    for deadline in (await session.exec(statement.order_by(col(Deadline.id)))).all():
        if survey_id is not None:
            same_days = deadline.survey_id == survey_id
        else:
            same_days = deadline.survey_id is None and deadline.due_on == due_on
        if same_days and _same_audience(deadline.audience, audience):
            return deadline
    return None


def _same_audience(stored: str, other: str) -> bool:
    """Whether two audiences name the same units: one group, or the same codes in any order
    and case."""
    if stored in AUDIENCE_KINDS or other in AUDIENCE_KINDS:
        return stored == other
    return set(audience_codes(stored)) == set(audience_codes(other))


def remove_deadline(session: AsyncSession, deadline: Deadline) -> None:
    """Stop reminding of a deadline (the console's «Gỡ», `cdsbot deadlines remove`): it leaves
    the lists and the planner writes nothing more for it. The row stays, so the outbox rows
    already written for it, and the mutes, still point at it: a queued reminder is sent (or
    skipped) as before, none is dropped or written again."""
    deadline.active = False
    session.add(deadline)


async def active_deadlines(session: AsyncSession) -> list[Deadline]:
    """Deadlines still reminded of, by first due day."""
    statement = select(Deadline).where(col(Deadline.active).is_(True))
    return list(
        (await session.exec(statement.order_by(col(Deadline.due_on), col(Deadline.id)))).all()
    )


async def in_use_since(session: AsyncSession) -> datetime | None:
    """When this deployment began: the plan's deadlines are copied in at its first start."""
    first = await session.scalar(select(func.min(Deadline.created_at)))
    return first if isinstance(first, datetime) else None


def audience_parts(audience: str) -> list[str]:
    """The unit codes of an audience written as codes, as typed ("skhcn, CAT"); [] for a
    named group."""
    if audience in AUDIENCE_KINDS:
        return []
    return [code.strip() for code in audience.split(",") if code.strip()]


def audience_codes(audience: str) -> list[str]:
    """The unit codes of an audience written as codes ("SKHCN,CAT"; every code is upper case,
    whatever case it was typed in); [] for a named group."""
    return [code.upper() for code in audience_parts(audience)]


async def audience_units(session: AsyncSession, audience: str) -> list[Unit]:
    """The active units an audience names."""
    if audience in AUDIENCE_KINDS:
        return await list_units(session, kinds=AUDIENCE_KINDS[audience])
    statement = select(Unit).where(
        col(Unit.code).in_(audience_codes(audience)), col(Unit.active).is_(True)
    )
    return sorted_units((await session.exec(statement)).all())


async def units_by_code(session: AsyncSession, codes: list[str]) -> dict[str, Unit]:
    """The units of these codes, active or not (a deadline may name a unit merged away)."""
    if not codes:
        return {}
    statement = select(Unit).where(col(Unit.code).in_(codes))
    return {unit.code: unit for unit in (await session.exec(statement)).all()}


def applies_to(deadline: Deadline, unit: Unit) -> bool:
    """Whether a deadline's audience includes a unit."""
    if deadline.audience in AUDIENCE_KINDS:
        kinds = AUDIENCE_KINDS[deadline.audience]
        return kinds is None or unit.kind in kinds
    return unit.code in audience_codes(deadline.audience)


async def submitted_unit_ids(session: AsyncSession, *, survey_id: str, period: str) -> set[int]:
    """Units that submitted their report for a survey period."""
    statement = select(SurveyResponse.unit_id).where(
        SurveyResponse.survey_id == survey_id,
        SurveyResponse.period == period,
        SurveyResponse.status == ResponseStatus.SUBMITTED.value,
    )
    return set((await session.exec(statement)).all())


async def recipients(
    session: AsyncSession,
    *,
    unit_ids: Collection[int],
    channels: Collection[str] | None,
    deadline_id: int | None = None,
) -> list[Recipient]:
    """Active identities on `channels` (None: any) of the units' officials, minus the muted."""
    if not unit_ids or (channels is not None and not channels):
        return []
    muted = await _muted_officials(session, deadline_id) if deadline_id is not None else set()
    found = await _reachable(session, col(Official.unit_id).in_(list(unit_ids)), channels=channels)
    return [recipient for recipient in found if recipient.official_id not in muted]


async def official_count(session: AsyncSession, *, unit_ids: Collection[int]) -> int:
    """How many officials the units have registered, whatever their channels."""
    if not unit_ids:
        return 0
    statement = select(func.count()).where(col(Official.unit_id).in_(list(unit_ids)))
    return int((await session.exec(statement)).one())


async def admin_recipients(
    session: AsyncSession, *, channels: Collection[str] | None
) -> list[Recipient]:
    """Active identities on `channels` (None: any) of the admins."""
    return await _reachable(session, col(Official.role) == Role.ADMIN.value, channels=channels)


async def _reachable(
    session: AsyncSession, officials: ColumnElement[bool], *, channels: Collection[str] | None
) -> list[Recipient]:
    """Identities not blocked, on `channels` (None: any), of the officials matching `officials`."""
    statement = (
        select(Identity, Official)
        .join(Official, col(Identity.official_id) == col(Official.id))
        .where(officials, col(Identity.blocked).is_(False))
        .order_by(col(Identity.id))
    )
    if channels is not None:
        statement = statement.where(col(Identity.channel).in_(list(channels)))
    return [
        Recipient(
            _id(identity.id),
            _id(official.id),
            official.unit_id,
            identity.channel,
            identity.chat_id,
        )
        for identity, official in (await session.exec(statement)).all()
    ]


async def _muted_officials(session: AsyncSession, deadline_id: int) -> set[int]:
    statement = select(ReminderMute.official_id).where(ReminderMute.deadline_id == deadline_id)
    return set((await session.exec(statement)).all())


async def mute(session: AsyncSession, *, deadline_id: int, official_id: int, now: datetime) -> int:
    """Stop reminding an official of a deadline; returns how many queued reminders were dropped."""
    await insert_ignore(
        session,
        ReminderMute,
        {"deadline_id": deadline_id, "official_id": official_id, "created_at": now},
    )
    identity_ids = select(Identity.id).where(Identity.official_id == official_id)
    statement = select(Outbox).where(
        Outbox.deadline_id == deadline_id,
        Outbox.kind == "reminder",
        Outbox.status == OutboxStatus.QUEUED.value,
        col(Outbox.identity_id).in_(identity_ids),
    )
    rows = list((await session.exec(statement)).all())
    for row in rows:
        row.status = OutboxStatus.SKIPPED.value
        row.last_error = "muted"
        session.add(row)
    return len(rows)


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("row without id")
    return value
