"""The provincial office's actions on reports: accept, return, reopen, and messages to units.

Plain functions taking a session; they never commit. Messages go through the outbox so the
real sender delivers them on each official's channel.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import personal
from storage.collation import person_key
from storage.models import (
    AuditLog,
    Identity,
    Official,
    Outbox,
    OutboxStatus,
    ResponseStatus,
    SurveyResponse,
)
from storage.outbox import enqueue
from storage.personal import is_erased
from storage.queries import audit
from storage.reminders import recipients

ENTITY = "survey_response"
ACCEPTED = "accepted"
RETURNED = "returned"
# Accepted, then changed and sent again by the unit: waiting for the office's review again.
CHANGED = "changed"


# Returned, then corrected and sent again by the unit: waiting for the office's review again.
RESUBMITTED = "resubmitted"


def review_state(response: SurveyResponse | None) -> str:
    """The office's review of a report: "" (none yet), `ACCEPTED`, `RETURNED`, `RESUBMITTED`
    or `CHANGED`; the console's groups and the chat's wording both read it."""
    if response is None:
        return ""
    if response.review == RETURNED and response.status == ResponseStatus.SUBMITTED.value:
        return RESUBMITTED
    return response.review


def _detail(by: str, **extra: object) -> dict[str, object]:
    return {"by": by, **extra}


async def accept(
    session: AsyncSession, response: SurveyResponse, *, by: str, now: datetime
) -> None:
    """Mark a submitted report accepted."""
    response.review, response.review_comment, response.reviewed_at = ACCEPTED, "", now
    session.add(response)
    audit(
        session,
        action="review.accept",
        now=now,
        entity=ENTITY,
        entity_id=str(response.id),
        detail=_detail(by),
    )


async def give_back(
    session: AsyncSession, response: SurveyResponse, *, comment: str, by: str, now: datetime
) -> None:
    """Return a report for correction: it becomes an editable draft again, with the comment."""
    response.review, response.review_comment, response.reviewed_at = RETURNED, comment, now
    response.status = ResponseStatus.DRAFT.value
    # The version moves (a chat mid-edit re-reads the report); `updated_at` and `updated_by`
    # stay the unit's last change, shown as «Cập nhật lần cuối».
    response.version += 1
    session.add(response)
    audit(
        session,
        action="review.return",
        now=now,
        entity=ENTITY,
        entity_id=str(response.id),
        detail=_detail(by, comment=comment),
    )


async def reopen(
    session: AsyncSession, response: SurveyResponse, *, until: datetime, by: str, now: datetime
) -> None:
    """Late filing: let the unit edit and send a past period's report until `until`."""
    response.reopened_until = until
    if response.status == ResponseStatus.SUBMITTED.value:
        response.status = ResponseStatus.DRAFT.value
    response.version += 1  # `updated_at` stays the unit's last change
    session.add(response)
    audit(
        session,
        action="review.reopen",
        now=now,
        entity=ENTITY,
        entity_id=str(response.id),
        detail=_detail(by, until=until.isoformat()),
    )


async def notify_units(
    session: AsyncSession,
    *,
    unit_ids: Collection[int],
    key: str,
    source: str,
    kind: str,
    text: str,
    choices: Sequence[tuple[str, str]],
    channels: Collection[str],
    survey_id: str | None = None,
    period: str = "",
    now: datetime,
) -> int:
    """One outbox row per official of the units under `key`, to their first account on
    `channels` in that order (so an official on Telegram and the web chat gets it on
    Telegram); returns how many rows are new (an existing key is not queued twice)."""
    order = list(channels)
    found = sorted(
        await recipients(session, unit_ids=unit_ids, channels=channels),
        key=lambda recipient: order.index(recipient.channel),
    )
    if kind == "reminder":
        # A reminder of the same source still waiting (a chat mid-survey, a web chat not
        # opened since) gives way to this one: the official sees the office's latest only.
        await session.exec(
            update(Outbox)
            .where(
                col(Outbox.source) == source,
                col(Outbox.kind) == kind,
                col(Outbox.status) == OutboxStatus.QUEUED.value,
                ~col(Outbox.dedupe_key).startswith(f"{key}:official:"),
            )
            .values(status=OutboxStatus.SKIPPED.value, last_error="superseded")
        )
    seen: set[int] = set()
    queued = 0
    for recipient in found:
        if recipient.official_id in seen:
            continue
        seen.add(recipient.official_id)
        queued += await enqueue(
            session,
            {
                "dedupe_key": f"{key}:official:{recipient.official_id}"[:200],
                "source": source,
                "kind": kind,
                "survey_id": survey_id,
                "unit_id": recipient.unit_id,
                "identity_id": recipient.identity_id,
                "channel": recipient.channel,
                "chat_id": recipient.chat_id,
                "text": text,
                "choices": [list(choice) for choice in choices],
                "status": OutboxStatus.QUEUED.value,
                "attempts": 0,
                "next_attempt_at": now,
                "last_error": "",
                "period": period,
                "step": "",
                "created_at": now,
            },
        )
    return queued


async def officials_by_unit(
    session: AsyncSession, unit_ids: Collection[int]
) -> dict[int, list[tuple[Official, list[Identity]]]]:
    """Each unit's officials with their channel accounts (not those who erased their data)."""
    result: dict[int, list[tuple[Official, list[Identity]]]] = {i: [] for i in unit_ids}
    if not unit_ids:
        return result
    officials = (
        await session.exec(select(Official).where(col(Official.unit_id).in_(list(unit_ids))))
    ).all()
    # By given name, as Vietnamese lists of people go ("Lê An" before "Nguyễn Thị Ánh").
    officials = sorted(officials, key=lambda o: (person_key(o.full_name or ""), o.id or 0))
    ids = [o.id for o in officials if o.id is not None]
    identities: dict[int, list[Identity]] = {i: [] for i in ids}
    if ids:
        statement = select(Identity).where(col(Identity.official_id).in_(ids))
        for identity in (await session.exec(statement)).all():
            if identity.official_id is not None:
                identities[identity.official_id].append(identity)
    for official in officials:
        if official.unit_id is None or official.id is None:
            continue
        if not is_erased(official, identities[official.id]):
            result[official.unit_id].append((official, identities[official.id]))
    return result


def reachable(identities: Sequence[Identity], channels: Collection[str]) -> bool:
    """Whether any account can receive outbox messages (not blocked, on a sending channel)."""
    return any(i.channel in channels and not i.blocked for i in identities)


async def reopened_response(
    session: AsyncSession, *, survey_id: str, unit_id: int, now: datetime
) -> SurveyResponse | None:
    """A report of the unit reopened for late filing, still open and not yet sent again."""
    statement = (
        select(SurveyResponse)
        .where(
            SurveyResponse.survey_id == survey_id,
            SurveyResponse.unit_id == unit_id,
            SurveyResponse.status == ResponseStatus.DRAFT.value,
            col(SurveyResponse.reopened_until) > now,
        )
        .order_by(col(SurveyResponse.period))
    )
    return (await session.exec(statement)).first()


async def history(
    session: AsyncSession, response_ids: Collection[int], *, limit: int = 60
) -> list[AuditLog]:
    """The audit trail of some reports, newest first."""
    if not response_ids:
        return []
    statement = (
        select(AuditLog)
        .where(
            AuditLog.entity == ENTITY,
            col(AuditLog.entity_id).in_([str(i) for i in response_ids]),
        )
        .order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc())
        .limit(limit)
    )
    return list((await session.exec(statement)).all())


async def unit_responses(session: AsyncSession, *, unit_id: int) -> list[SurveyResponse]:
    """Every report of a unit, newest period first."""
    statement = (
        select(SurveyResponse)
        .where(SurveyResponse.unit_id == unit_id)
        .order_by(col(SurveyResponse.period).desc())
    )
    return list((await session.exec(statement)).all())


async def deactivate_official(
    session: AsyncSession, *, official_id: int, by: str, now: datetime
) -> int:
    """Detach every chat account from an official (no more reports or reminders for them,
    and no admin role); returns how many accounts were detached. The accounts remember
    whom they left, so the person's data stays findable (`storage.personal`)."""
    statement = select(Identity).where(Identity.official_id == official_id)
    identities = list((await session.exec(statement)).all())
    revoked = await personal.detach(session, identities)
    audit(
        session,
        action="official.deactivated",
        now=now,
        entity="official",
        entity_id=str(official_id),
        detail={"by": by, "accounts": len(identities), "admin_revoked": bool(revoked)},
    )
    return len(identities)
