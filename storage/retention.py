"""How long rows derived from chats are kept, and deleting those past it (set-based deletes).

The policy is plain values (the shell builds it from the RETENTION_* settings); the core
quotes it in the personal-data notice and the scheduler applies it (scheduler/retention.py).
Submitted reports, their answers and the officials they are attributed to are never pruned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Delete, delete, exists, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    AuditLog,
    ConsoleSession,
    Conversation,
    Identity,
    InboundUpdate,
    InviteAttempt,
    LoginAttempt,
    Outbox,
    OutboxStatus,
    UnansweredQuestion,
)
from storage.personal import ERASED_MARKER

# Outbox rows the sender is done with; queued and sending ones are never pruned.
SETTLED: tuple[str, ...] = tuple(
    status.value
    for status in OutboxStatus
    if status not in (OutboxStatus.QUEUED, OutboxStatus.SENDING)
)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long each pruned table keeps its rows, and how often pruning runs."""

    inbound_update: timedelta = timedelta(days=7)
    invite_attempt: timedelta = timedelta(days=2)
    unanswered_question: timedelta = timedelta(days=365)
    # Chats whose last message is this old: their state and last offered choices.
    conversation: timedelta = timedelta(days=90)
    # Reminders and broadcasts already sent (or failed, blocked, skipped), with their text.
    outbox: timedelta = timedelta(days=90)
    # Chat accounts not (or no longer) registered, and erased ones, unseen this long.
    identity: timedelta = timedelta(days=180)
    audit_log: timedelta = timedelta(days=730)
    login_attempt: timedelta = timedelta(days=30)
    # Console sessions this long past their expiry.
    console_session: timedelta = timedelta(days=30)
    every: timedelta = timedelta(hours=1)


async def _count(session: AsyncSession, statement: Delete) -> int:
    return int((await session.exec(statement)).rowcount or 0)


async def delete_inbound_updates(session: AsyncSession, *, before: datetime) -> int:
    """Forget processed update keys received before `before`; returns how many went."""
    return await _count(
        session, delete(InboundUpdate).where(col(InboundUpdate.received_at) < before)
    )


async def delete_invite_attempts(session: AsyncSession, *, before: datetime) -> int:
    """Forget wrong invite codes typed before `before`; returns how many went."""
    return await _count(session, delete(InviteAttempt).where(col(InviteAttempt.at) < before))


async def delete_unanswered_questions(session: AsyncSession, *, before: datetime) -> int:
    """Forget unanswered questions asked before `before`; returns how many went."""
    return await _count(
        session, delete(UnansweredQuestion).where(col(UnansweredQuestion.asked_at) < before)
    )


async def delete_conversations(session: AsyncSession, *, before: datetime) -> int:
    """Forget the state of chats idle since before `before` (the next message starts afresh)."""
    return await _count(session, delete(Conversation).where(col(Conversation.updated_at) < before))


async def delete_settled_messages(session: AsyncSession, *, before: datetime) -> int:
    """Forget outbox rows settled and created (and sent, if sent) before `before`."""
    statement = delete(Outbox).where(
        col(Outbox.status).in_(SETTLED),
        col(Outbox.created_at) < before,
        or_(col(Outbox.sent_at).is_(None), col(Outbox.sent_at) < before),
    )
    return await _count(session, statement)


def _stale_accounts(before: datetime) -> ColumnElement[bool]:
    """Accounts no registration keeps, unseen since `before`, with no outbox row left."""
    unbound = col(Identity.official_id).is_(None)
    erased = col(Identity.blocked).is_(True) & col(Identity.external_id).startswith(ERASED_MARKER)
    messages = exists().where(col(Outbox.identity_id) == col(Identity.id))
    return (unbound | erased) & (col(Identity.last_seen_at) < before) & ~messages


async def delete_stale_identities(session: AsyncSession, *, before: datetime) -> int:
    """Forget chat accounts not bound to an official (or erased) and unseen since `before`.

    Their audit-log rows stay, no longer pointing at the account. An account still
    addressed by an outbox row waits for that row's own retention.
    """
    stale = select(Identity.id).where(_stale_accounts(before))
    await session.exec(
        update(AuditLog)
        .where(col(AuditLog.identity_id).in_(stale))
        .values(identity_id=None)
        .execution_options(synchronize_session=False)
    )
    statement = delete(Identity).where(_stale_accounts(before))
    return await _count(session, statement.execution_options(synchronize_session=False))


async def delete_audit_entries(session: AsyncSession, *, before: datetime) -> int:
    """Forget audit-log rows written before `before`."""
    return await _count(session, delete(AuditLog).where(col(AuditLog.at) < before))


async def delete_login_attempts(session: AsyncSession, *, before: datetime) -> int:
    """Forget failed console logins before `before`."""
    return await _count(session, delete(LoginAttempt).where(col(LoginAttempt.at) < before))


async def delete_console_sessions(session: AsyncSession, *, before: datetime) -> int:
    """Forget console sessions that expired before `before`."""
    return await _count(
        session, delete(ConsoleSession).where(col(ConsoleSession.expires_at) < before)
    )
