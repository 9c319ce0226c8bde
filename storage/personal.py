"""Personal data of one official (Law 91/2025/QH15): what is kept, and erasing it.

Erasure keeps the unit's reports (they belong to the unit) but nothing that identifies the
person: the official's name and position are emptied, every channel account of theirs is
renamed to an opaque marker and blocked, their chats' conversation state and code attempts
are deleted, messages still waiting for them are dropped, and the old and new names of their
profile corrections leave the audit log. A report they changed is then shown as changed by a
former official.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    Answer,
    AuditLog,
    Conversation,
    Identity,
    InviteAttempt,
    Official,
    Outbox,
    OutboxStatus,
    SurveyResponse,
    Unit,
)

# What an erased account's external and chat ids become ("erased-<identity id>").
ERASED_MARKER = "erased-"
# Outbox rows still to be sent to the person.
PENDING: tuple[str, ...] = (OutboxStatus.QUEUED.value, OutboxStatus.SENDING.value)


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure touched."""

    identities: int
    conversations: int
    dropped_messages: int


@dataclass(frozen=True, slots=True)
class Kept:
    """Everything kept about the person behind one chat account."""

    official: Official | None
    unit: Unit | None
    accounts: list[Identity]
    conversations: list[Conversation]
    # Reports of their unit they last changed or answered a question of.
    reports: list[SurveyResponse]
    # Outbox rows addressed to them, by status (queued, sent, ...).
    messages: dict[str, int] = field(default_factory=dict)

    @property
    def pending_messages(self) -> int:
        """Messages still waiting to be sent to them."""
        return sum(self.messages.get(status, 0) for status in PENDING)


def is_erased(official: Official, accounts: Iterable[Identity]) -> bool:
    """Whether the official erased their personal data: no name, and no account of theirs
    left but the opaque markers (they are no longer a member of the unit)."""
    return not official.full_name and all(
        account.external_id.startswith(ERASED_MARKER) for account in accounts
    )


async def find_identity(session: AsyncSession, channel: str, external_id: str) -> Identity | None:
    """The account `channel:external_id`, if kept."""
    statement = select(Identity).where(
        Identity.channel == channel, Identity.external_id == external_id
    )
    return (await session.exec(statement)).first()


async def _accounts(session: AsyncSession, identity: Identity) -> list[Identity]:
    if identity.official_id is None:
        return [identity]
    statement = select(Identity).where(Identity.official_id == identity.official_id)
    return list((await session.exec(statement.order_by(col(Identity.id)))).all())


async def _conversations(session: AsyncSession, accounts: list[Identity]) -> list[Conversation]:
    chats = [
        and_(col(Conversation.channel) == a.channel, col(Conversation.chat_id) == a.chat_id)
        for a in accounts
    ]
    if not chats:
        return []
    statement = select(Conversation).where(or_(*chats)).order_by(col(Conversation.id))
    return list((await session.exec(statement)).all())


async def _reports(session: AsyncSession, official_id: int) -> list[SurveyResponse]:
    answered = select(Answer.response_id).where(Answer.updated_by == official_id)
    statement = (
        select(SurveyResponse)
        .where(
            or_(
                col(SurveyResponse.updated_by) == official_id,
                col(SurveyResponse.id).in_(answered),
            )
        )
        .order_by(col(SurveyResponse.period).desc(), col(SurveyResponse.survey_id))
    )
    return list((await session.exec(statement)).all())


async def _messages(session: AsyncSession, accounts: list[Identity]) -> dict[str, int]:
    ids = [a.id for a in accounts if a.id is not None]
    statement = (
        select(Outbox.status, func.count())
        .where(col(Outbox.identity_id).in_(ids))
        .group_by(col(Outbox.status))
    )
    return {status: int(count) for status, count in (await session.exec(statement)).all()}


async def collect(session: AsyncSession, identity: Identity) -> Kept:
    """Everything kept about the person behind `identity` (one query per table)."""
    official = await session.get(Official, identity.official_id) if identity.official_id else None
    unit = await session.get(Unit, official.unit_id) if official and official.unit_id else None
    accounts = await _accounts(session, identity)
    reports = await _reports(session, official.id) if official and official.id else []
    return Kept(
        official=official,
        unit=unit,
        accounts=accounts,
        conversations=await _conversations(session, accounts),
        reports=reports,
        messages=await _messages(session, accounts),
    )


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def as_json(kept: Kept) -> dict[str, Any]:
    """What `collect` found, as plain JSON values (`cdsbot personal-data export`)."""
    official = kept.official
    return {
        "official": None
        if official is None
        else {
            "full_name": official.full_name,
            "position": official.position,
            "role": official.role,
            "unit_id": official.unit_id,
            "unit": None if (u := kept.unit) is None else {"code": u.code, "name": u.name},
            "created_at": official.created_at.isoformat(),
            "consent_at": _when(official.consent_at),
            "consent_notice": official.consent_notice,
        },
        "accounts": [
            {
                "channel": a.channel,
                "external_id": a.external_id,
                "chat_id": a.chat_id,
                "blocked": a.blocked,
                "created_at": a.created_at.isoformat(),
                "last_seen_at": a.last_seen_at.isoformat(),
            }
            for a in kept.accounts
        ],
        "conversations": [
            {"channel": c.channel, "state": c.state, "updated_at": c.updated_at.isoformat()}
            for c in kept.conversations
        ],
        "reports": [
            {
                "survey_id": r.survey_id,
                "period": r.period,
                "status": r.status,
                "submitted_at": _when(r.submitted_at),
                "last_changed_by_them": official is not None and r.updated_by == official.id,
            }
            for r in kept.reports
        ],
        "messages": dict(sorted(kept.messages.items())),
        "messages_pending": kept.pending_messages,
    }


async def export(session: AsyncSession, identity: Identity) -> dict[str, Any]:
    """Everything kept about the person behind `identity`, as plain JSON values."""
    return as_json(await collect(session, identity))


async def erase(
    session: AsyncSession,
    identity: Identity,
    *,
    now: datetime,
    current: Conversation | None = None,
) -> Erased:
    """Erase the person behind `identity`; their unit's reports stay.

    `current` is the conversation of the chat asking (in chat): it is renamed to the marker
    rather than deleted, since the caller's transaction still holds and updates it.
    """
    accounts = await _accounts(session, identity)
    conversations = dropped = 0
    for account in accounts:
        marker = f"{ERASED_MARKER}{account.id}"
        gone = delete(Conversation).where(
            col(Conversation.channel) == account.channel,
            col(Conversation.chat_id) == account.chat_id,
        )
        if current is not None and current.id is not None:
            gone = gone.where(col(Conversation.id) != current.id)
            if (current.channel, current.chat_id) == (account.channel, account.chat_id):
                current.chat_id = marker
                current.state, current.data, current.choices = "idle", {}, []
                session.add(current)
        conversations += (await session.exec(gone)).rowcount or 0
        await session.exec(
            delete(InviteAttempt).where(
                col(InviteAttempt.channel) == account.channel,
                col(InviteAttempt.chat_id) == account.chat_id,
            )
        )
        dropped += (
            await session.exec(
                update(Outbox)
                .where(
                    col(Outbox.identity_id) == account.id,
                    col(Outbox.status) == OutboxStatus.QUEUED.value,
                )
                .values(status=OutboxStatus.SKIPPED.value, last_error="erased")
            )
        ).rowcount or 0
        await session.exec(
            update(Outbox).where(col(Outbox.identity_id) == account.id).values(chat_id=marker)
        )
        account.external_id = marker
        account.chat_id = marker
        account.blocked = True
        account.last_seen_at = now
        session.add(account)
    if identity.official_id is not None:
        official = await session.get(Official, identity.official_id)
        if official is not None:
            official.full_name = ""
            official.position = ""
            session.add(official)
        # Profile corrections recorded the old and the new name or position.
        await session.exec(
            update(AuditLog)
            .where(
                col(AuditLog.action) == "official.profile",
                col(AuditLog.entity) == "official",
                col(AuditLog.entity_id) == str(identity.official_id),
            )
            .values(detail={"erased": True})
            .execution_options(synchronize_session=False)
        )
    return Erased(len(accounts), conversations, dropped)
