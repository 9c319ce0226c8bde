"""Personal data of one official (Law 91/2025/QH15): what is kept, and erasing it.

Erasure keeps the unit's reports (they belong to the unit) but nothing that identifies the
person: the official's name and position are emptied, every channel account of theirs is
renamed to an opaque marker and blocked, their chats' conversation state and code attempts
are deleted, and messages still waiting for them are dropped. A report they changed is then
shown as changed by a former official.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Conversation, Identity, InviteAttempt, Official, Outbox, OutboxStatus


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure touched."""

    identities: int
    conversations: int
    dropped_messages: int


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


async def export(session: AsyncSession, identity: Identity) -> dict[str, Any]:
    """Everything kept about the person behind `identity`, as plain JSON values."""
    official = await session.get(Official, identity.official_id) if identity.official_id else None
    accounts = await _accounts(session, identity)
    chats = [(a.channel, a.chat_id) for a in accounts]
    conversations = [
        c
        for c in (await session.exec(select(Conversation))).all()
        if (c.channel, c.chat_id) in chats
    ]
    ids = [a.id for a in accounts if a.id is not None]
    messages = (await session.exec(select(Outbox).where(col(Outbox.identity_id).in_(ids)))).all()
    return {
        "official": None
        if official is None
        else {
            "full_name": official.full_name,
            "position": official.position,
            "role": official.role,
            "unit_id": official.unit_id,
            "created_at": official.created_at.isoformat(),
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
            for a in accounts
        ],
        "conversations": [{"channel": c.channel, "state": c.state} for c in conversations],
        "messages_sent_or_queued": len(messages),
    }


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
        marker = f"erased-{account.id}"
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
    return Erased(len(accounts), conversations, dropped)
