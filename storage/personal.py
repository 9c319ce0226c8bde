"""Personal data of one official (Law 91/2025/QH15): what is kept, and erasing it.

An account taken away from its official (deactivated in the console, `cdsbot admin unbind`)
remembers whom it left (`Identity.former_official_id`), so that person's record stays
findable by the account as well as by the official's id (`official:ID`).

Erasure keeps the unit's reports (they belong to the unit) but nothing that identifies the
person: the official's name and position are emptied, every channel account of theirs is
renamed to an opaque marker and blocked, their chats' conversation state and code attempts
are deleted, messages still waiting for them are dropped, and the old and new names of their
profile corrections leave the audit log. A report they changed is then shown as changed by a
former official.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
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
    Role,
    SurveyResponse,
    Unit,
)

# What an erased account's external and chat ids become ("erased-<identity id>").
ERASED_MARKER = "erased-"
# Outbox rows still to be sent to the person.
PENDING: tuple[str, ...] = (OutboxStatus.QUEUED.value, OutboxStatus.SENDING.value)


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure touched, and what it kept."""

    identities: int
    conversations: int
    dropped_messages: int
    # The person records whose name and position were emptied: (official id, unit name).
    officials: list[tuple[int, str]] = field(default_factory=list)
    # Reports of their unit they entered or changed: kept, as the unit's records.
    reports_kept: int = 0
    # Accounts that left an erased record and were registered again since: kept.
    accounts_kept: int = 0


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
    # The record this account was last detached from, when it is not `official` and was
    # not erased (a deactivated official, or one who registered again elsewhere).
    former: Official | None = None
    former_unit: Unit | None = None
    # Audit-log rows about them (their record: registration, profile corrections with the
    # old and new name or position, deactivation) or written by one of their accounts.
    audit: list[AuditLog] = field(default_factory=list)

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


async def find_official(session: AsyncSession, official_id: int) -> Official | None:
    """The person record `official:ID` (as `cdsbot admin list` and the console show it)."""
    return await session.get(Official, official_id)


async def _accounts(session: AsyncSession, identity: Identity) -> list[Identity]:
    if identity.official_id is None:
        return [identity]
    statement = select(Identity).where(Identity.official_id == identity.official_id)
    return list((await session.exec(statement.order_by(col(Identity.id)))).all())


async def _accounts_of(session: AsyncSession, official_ids: Collection[int]) -> list[Identity]:
    """Accounts bound to these officials, or detached from them and not registered again."""
    if not official_ids:
        return []
    statement = select(Identity).where(
        or_(
            col(Identity.official_id).in_(official_ids),
            col(Identity.former_official_id).in_(official_ids)
            & col(Identity.official_id).is_(None),
        )
    )
    return list((await session.exec(statement.order_by(col(Identity.id)))).all())


async def _former(
    session: AsyncSession, identity: Identity, official: Official | None
) -> Official | None:
    """The record `identity` was last detached from, unless it is `official` or erased."""
    former_id = identity.former_official_id
    if former_id is None or (official is not None and official.id == former_id):
        return None
    former = await session.get(Official, former_id)
    return former if former is not None and former.full_name else None


async def detach(session: AsyncSession, identities: Sequence[Identity]) -> list[int]:
    """Take accounts away from their official, remembering whom they left.

    An official left with no account can no longer act, so loses the admin role; returns
    the ids of those who lost it.
    """
    officials = {i.official_id for i in identities if i.official_id is not None}
    for identity in identities:
        if identity.official_id is not None:
            identity.former_official_id = identity.official_id
            identity.official_id = None
            session.add(identity)
    await session.flush()
    revoked: list[int] = []
    for official_id in sorted(officials):
        left = select(func.count()).where(Identity.official_id == official_id)
        official = await session.get(Official, official_id)
        if official is None or official.role != Role.ADMIN.value:
            continue
        if (await session.exec(left)).one() == 0:
            official.role = Role.MEMBER.value
            session.add(official)
            revoked.append(official_id)
    return revoked


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


async def _audit(
    session: AsyncSession, officials: Iterable[Official | None], accounts: list[Identity]
) -> list[AuditLog]:
    """Audit-log rows about these person records or written by these accounts, oldest first."""
    records = [str(o.id) for o in officials if o is not None and o.id is not None]
    ids = [a.id for a in accounts if a.id is not None]
    about = [
        and_(col(AuditLog.entity) == "official", col(AuditLog.entity_id).in_(records)),
        col(AuditLog.identity_id).in_(ids),
    ]
    statement = select(AuditLog).where(or_(*about)).order_by(col(AuditLog.at), col(AuditLog.id))
    return list((await session.exec(statement)).all()) if records or ids else []


def corrections(kept: Kept) -> list[AuditLog]:
    """The profile corrections kept about them whose old or new value is still there."""
    return [
        entry
        for entry in kept.audit
        if entry.action == "official.profile" and "old" in (entry.detail or {})
    ]


async def _messages(session: AsyncSession, accounts: list[Identity]) -> dict[str, int]:
    ids = [a.id for a in accounts if a.id is not None]
    statement = (
        select(Outbox.status, func.count())
        .where(col(Outbox.identity_id).in_(ids))
        .group_by(col(Outbox.status))
    )
    return {status: int(count) for status, count in (await session.exec(statement)).all()}


async def _unit_of(session: AsyncSession, official: Official | None) -> Unit | None:
    return await session.get(Unit, official.unit_id) if official and official.unit_id else None


async def _reports_of(
    session: AsyncSession, officials: Iterable[Official | None]
) -> list[SurveyResponse]:
    reports: dict[int | None, SurveyResponse] = {}
    for official in officials:
        if official is not None and official.id is not None:
            reports |= {r.id: r for r in await _reports(session, official.id)}
    return list(reports.values())


async def collect(session: AsyncSession, identity: Identity) -> Kept:
    """Everything kept about the person behind `identity` (one query per table), with the
    record the account was last detached from."""
    official = await session.get(Official, identity.official_id) if identity.official_id else None
    former = await _former(session, identity, official)
    accounts = await _accounts(session, identity)
    return Kept(
        official=official,
        unit=await _unit_of(session, official),
        accounts=accounts,
        conversations=await _conversations(session, accounts),
        reports=await _reports_of(session, (official, former)),
        messages=await _messages(session, accounts),
        former=former,
        former_unit=await _unit_of(session, former),
        audit=await _audit(session, (official, former), accounts),
    )


async def collect_official(session: AsyncSession, official: Official) -> Kept:
    """Everything kept about one person record (`official:ID`), found even once every
    account was taken away from it."""
    accounts = await _accounts_of(session, [official.id] if official.id is not None else [])
    return Kept(
        official=official,
        unit=await _unit_of(session, official),
        accounts=accounts,
        conversations=await _conversations(session, accounts),
        reports=await _reports_of(session, [official]),
        messages=await _messages(session, accounts),
        audit=await _audit(session, [official], accounts),
    )


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _official_json(official: Official | None, unit: Unit | None) -> dict[str, Any] | None:
    if official is None:
        return None
    return {
        "official_id": official.id,
        "full_name": official.full_name,
        "position": official.position,
        "role": official.role,
        "unit_id": official.unit_id,
        "unit": None if unit is None else {"code": unit.code, "name": unit.name},
        "created_at": official.created_at.isoformat(),
        "consent_at": _when(official.consent_at),
        "consent_notice": official.consent_notice,
    }


def as_json(kept: Kept) -> dict[str, Any]:
    """What `collect` found, as plain JSON values (`cdsbot personal-data export`)."""
    official = kept.official
    account_ids = {a.id for a in kept.accounts if a.id is not None}
    return {
        "official": _official_json(official, kept.unit),
        "former_official": _official_json(kept.former, kept.former_unit),
        "accounts": [
            {
                "channel": a.channel,
                "external_id": a.external_id,
                "official_id": a.official_id,
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
                "last_changed_by_them": r.updated_by is not None
                and r.updated_by in {o.id for o in (official, kept.former) if o is not None},
            }
            for r in kept.reports
        ],
        "messages": dict(sorted(kept.messages.items())),
        "messages_pending": kept.pending_messages,
        "audit_log": [
            {
                "at": entry.at.isoformat(),
                "action": entry.action,
                "entity": entry.entity,
                "entity_id": entry.entity_id,
                "by_their_account": entry.identity_id in account_ids,
                "detail": entry.detail,
            }
            for entry in kept.audit
        ],
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
    """Erase the person behind `identity`, and the record it was last detached from; their
    unit's reports stay.

    `current` is the conversation of the chat asking (in chat): it is renamed to the marker
    rather than deleted, since the caller's transaction still holds and updates it.
    """
    official_ids = [
        i for i in (identity.official_id, identity.former_official_id) if i is not None
    ]
    accounts = {a.id: a for a in await _accounts(session, identity)}
    accounts |= {a.id: a for a in await _accounts_of(session, official_ids)}
    return await _erase(session, list(accounts.values()), official_ids, now=now, current=current)


async def erase_official(session: AsyncSession, official: Official, *, now: datetime) -> Erased:
    """Erase one person record (`official:ID`) and its accounts, also once every account was
    taken away from it; an account registered again since belongs to its new record, and
    stays."""
    assert official.id is not None  # noqa: S101 (a stored row)
    accounts = await _accounts_of(session, [official.id])
    moved = select(func.count()).where(
        Identity.former_official_id == official.id, col(Identity.official_id).is_not(None)
    )
    erased = await _erase(session, accounts, [official.id], now=now)
    return Erased(
        erased.identities,
        erased.conversations,
        erased.dropped_messages,
        erased.officials,
        erased.reports_kept,
        int((await session.exec(moved)).one()),
    )


async def _erase_account(
    session: AsyncSession, account: Identity, *, now: datetime, current: Conversation | None
) -> tuple[int, int]:
    """Make one account anonymous; returns (conversations deleted, messages dropped)."""
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
    conversations = (await session.exec(gone)).rowcount or 0
    await session.exec(
        delete(InviteAttempt).where(
            col(InviteAttempt.channel) == account.channel,
            col(InviteAttempt.chat_id) == account.chat_id,
        )
    )
    dropped = (
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
    return conversations, dropped


async def _erase(
    session: AsyncSession,
    accounts: list[Identity],
    official_ids: list[int],
    *,
    now: datetime,
    current: Conversation | None = None,
) -> Erased:
    conversations = dropped = 0
    for account in accounts:
        deleted, skipped = await _erase_account(session, account, now=now, current=current)
        conversations += deleted
        dropped += skipped
    officials: list[tuple[int, str]] = []
    reports: set[int | None] = set()
    for official_id in official_ids:
        official = await session.get(Official, official_id)
        if official is None:
            continue
        reports |= {r.id for r in await _reports(session, official_id)}
        if official.full_name or official.position:
            unit = await _unit_of(session, official)
            officials.append((official_id, unit.name if unit else ""))
        official.full_name = ""
        official.position = ""
        official.role = Role.MEMBER.value
        session.add(official)
        # Profile corrections recorded the old and the new name or position.
        await session.exec(
            update(AuditLog)
            .where(
                col(AuditLog.action) == "official.profile",
                col(AuditLog.entity) == "official",
                col(AuditLog.entity_id) == str(official_id),
            )
            .values(detail={"erased": True})
            .execution_options(synchronize_session=False)
        )
    return Erased(len(accounts), conversations, dropped, officials, len(reports))
