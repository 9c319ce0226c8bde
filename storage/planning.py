"""Reminders written set-based: one `INSERT ... SELECT ... ON CONFLICT DO NOTHING` per step.

A deadline for every commune of a country reaches a million identities. Reading them into
Python and inserting row by row would hold them all in memory and cost a round trip each;
here the database finds the recipients (audience, not blocked, not muted, unit still owing)
and writes the rows itself, under the same dedupe keys as before, so planning stays
idempotent and its cost per unit stays flat.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    String,
    Table,
    and_,
    cast,
    exists,
    func,
    literal,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    Deadline,
    Identity,
    Official,
    Outbox,
    ReminderMute,
    ResponseStatus,
    SurveyResponse,
    Unit,
    UtcDateTime,
)
from storage.outbox import PULL_CHANNELS
from storage.reminders import AUDIENCE_KINDS, audience_codes

# How a step's rows reach their officials: pushed on a running channel; waiting in a pull
# chat (the web chat, the console) for an official on no running channel; or, for an
# official on neither, one row reported as unreachable.
Reach = Literal["push", "pull", "unreachable"]


@dataclass(frozen=True, slots=True)
class StepRows:
    """One step of one deadline period, as every recipient's outbox row will carry it."""

    step: str
    status: str
    reason: str
    text: str
    choices: list[list[str]]


def _audience(audience: str) -> Any:
    if audience in AUDIENCE_KINDS:
        kinds = AUDIENCE_KINDS[audience]
        return literal(True) if kinds is None else col(Unit.kind).in_(list(kinds))
    return col(Unit.code).in_(audience_codes(audience))


async def enqueue_step(
    session: AsyncSession,
    *,
    deadline: Deadline,
    period: str,
    rows: StepRows,
    channels: Collection[str],
    now: datetime,
    reach: Reach = "push",
) -> int:
    """Write one step's row for every recipient who still owes; returns how many are new.

    `push`: every identity on a running channel. `pull`: for each official on no running
    channel, their first identity on a pull channel (shown when that chat next asks).
    `unreachable`: for each official on neither, their first identity, so the outbox and
    `/tiendo` report them rather than skip them silently.
    """
    if reach == "push" and not channels:
        return 0
    source = f"deadline:{deadline.key}"
    prefix = f"{source}:{period}:unit:"
    pull = [c for c in PULL_CHANNELS if c not in channels]
    reach_conditions: list[ColumnElement[bool]]
    if reach == "push":
        reach_conditions = [col(Identity.channel).in_(list(channels))]
    else:
        # Pull: not pushed to on any running channel. Unreachable: not pulled either.
        excluded = list(channels) if reach == "pull" else [*channels, *pull]
        other = aliased(Identity)
        first = aliased(Identity)
        candidates: list[ColumnElement[bool]] = [
            col(first.official_id) == col(Official.id),
            col(first.blocked).is_(False),
        ]
        if reach == "pull":
            candidates.append(col(first.channel).in_(pull))
        reach_conditions = [
            ~exists().where(
                col(other.official_id) == col(Official.id),
                col(other.blocked).is_(False),
                col(other.channel).in_(excluded),
            ),
            col(Identity.id) == select(func.min(first.id)).where(*candidates).scalar_subquery(),
        ]
    conditions = [
        col(Identity.blocked).is_(False),
        *reach_conditions,
        col(Unit.active).is_(True),
        _audience(deadline.audience),
        ~exists().where(
            col(ReminderMute.deadline_id) == deadline.id,
            col(ReminderMute.official_id) == col(Official.id),
        ),
    ]
    if deadline.survey_id is not None:
        conditions.append(
            ~exists().where(
                col(SurveyResponse.survey_id) == deadline.survey_id,
                col(SurveyResponse.period) == period,
                col(SurveyResponse.unit_id) == col(Unit.id),
                col(SurveyResponse.status) == ResponseStatus.SUBMITTED.value,
            )
        )
    key = (
        literal(prefix)
        + cast(col(Unit.id), String)
        + literal(":identity:")
        + cast(col(Identity.id), String)
        + literal(f":{rows.step}")
    )
    when = literal(now, type_=UtcDateTime())
    values: dict[str, Any] = {
        "dedupe_key": key,
        "source": literal(source),
        "kind": literal("reminder"),
        "deadline_id": literal(deadline.id, type_=Integer),
        "survey_id": literal(deadline.survey_id, type_=String),
        "period": literal(period),
        "step": literal(rows.step),
        "unit_id": col(Unit.id),
        "identity_id": col(Identity.id),
        "channel": col(Identity.channel),
        "chat_id": col(Identity.chat_id),
        "text": literal(rows.text),
        "choices": literal(rows.choices, type_=JSON),
        "status": literal(rows.status),
        "attempts": literal(0),
        "next_attempt_at": when,
        "last_error": literal(rows.reason),
        "created_at": when,
    }
    chosen = (
        select(*[value.label(name) for name, value in values.items()])
        .select_from(Identity)
        .join(Official, col(Identity.official_id) == col(Official.id))
        .join(Unit, col(Official.unit_id) == col(Unit.id))
        .where(and_(*conditions))
        .order_by(col(Identity.id))
    )
    table: Table = Outbox.__table__  # type: ignore[attr-defined]
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).from_select(list(values), chosen).on_conflict_do_nothing()
    result = await session.exec(statement)
    return max(0, int(result.rowcount or 0))
