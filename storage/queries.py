"""Plain query functions taking a session. They never commit: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import (
    AuditLog,
    Conversation,
    Identity,
    InboundUpdate,
    Official,
    Unit,
)


async def insert_ignore(
    session: AsyncSession, model: type[SQLModel], values: Mapping[str, Any]
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was inserted."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(**values).on_conflict_do_nothing()
    result = await session.exec(statement)
    return bool(result.rowcount)


async def first_time_seen(
    session: AsyncSession, *, channel: str, update_key: str, now: datetime
) -> bool:
    """Record an update key; False when it was processed before."""
    return await insert_ignore(
        session,
        InboundUpdate,
        {"channel": channel, "update_key": update_key, "received_at": now},
    )


# A returning account's `last_seen_at` moves at most this often: writing it on every message
# would cost each one an UPDATE (a round trip and a new row version) for a few seconds' change.
LAST_SEEN_EVERY: Final = timedelta(minutes=10)

# A returning chat's identity and conversation in one statement, the conversation locked
# (FOR UPDATE OF conversation on PostgreSQL; SQLite locks the whole database on write anyway).
_CHAT: Final = (
    select(Identity, Conversation)
    .join(Conversation, col(Conversation.channel) == col(Identity.channel))
    .where(
        col(Identity.channel) == bindparam("channel"),
        col(Identity.external_id) == bindparam("external_id"),
        col(Conversation.chat_id) == bindparam("chat_id"),
    )
    .with_for_update(of=Conversation)  # type: ignore[arg-type]
)


def _touch(identity: Identity, *, chat_id: str, now: datetime, group: bool) -> None:
    """Note that the account wrote: unblock it, follow its private chat, move last_seen_at.

    Assigning an unchanged value changes nothing, so a returning account in its usual chat
    within `LAST_SEEN_EVERY` costs no UPDATE.
    """
    if not group:
        identity.chat_id = chat_id
        identity.blocked = False
    if now - identity.last_seen_at >= LAST_SEEN_EVERY:
        identity.last_seen_at = now


async def touch_identity(
    session: AsyncSession,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    now: datetime,
    group: bool = False,
) -> Identity:
    """The identity for a channel account, created on first contact; writing again unblocks.

    A message in a group changes neither the private chat reminders go to (first seen in a
    group, that is the account's own id, as on Telegram) nor whether the bot is blocked there.
    """
    statement = select(Identity).where(
        Identity.channel == channel, Identity.external_id == external_id
    )
    # Read first: a returning user (the common case) costs one round trip, not two.
    identity = (await session.exec(statement)).first()
    if identity is None:
        await insert_ignore(
            session,
            Identity,
            {
                "channel": channel,
                "external_id": external_id,
                "chat_id": external_id if group else chat_id,
                "blocked": False,
                "created_at": now,
                "last_seen_at": now,
            },
        )
        identity = (await session.exec(statement)).one()
    _touch(identity, chat_id=chat_id, now=now, group=group)
    session.add(identity)
    return identity


async def load_conversation(
    session: AsyncSession, *, channel: str, chat_id: str, now: datetime
) -> Conversation:
    """The conversation row of a chat, created idle and locked for this transaction."""
    statement = (
        select(Conversation)
        .where(Conversation.channel == channel, Conversation.chat_id == chat_id)
        .with_for_update()
    )
    # Read first: an existing chat (the common case) costs one round trip, not two.
    found = (await session.exec(statement)).first()
    if found is not None:
        return found
    await insert_ignore(
        session,
        Conversation,
        {
            "channel": channel,
            "chat_id": chat_id,
            "state": "idle",
            "data": {},
            "choices": [],
            "updated_at": now,
        },
    )
    return (await session.exec(statement)).one()


async def open_chat(
    session: AsyncSession,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    now: datetime,
    group: bool = False,
) -> tuple[Identity, Conversation]:
    """A message's identity (as `touch_identity`) and its chat's conversation (as
    `load_conversation`, locked for this transaction).

    A returning account in a known chat, the common case, costs one statement; a first
    contact falls back to creating whichever row is missing.
    """
    params = {"channel": channel, "external_id": external_id, "chat_id": chat_id}
    found = (await session.exec(_CHAT, params=params)).first()
    if found is None:
        identity = await touch_identity(
            session,
            channel=channel,
            external_id=external_id,
            chat_id=chat_id,
            now=now,
            group=group,
        )
        conversation = await load_conversation(session, channel=channel, chat_id=chat_id, now=now)
        return identity, conversation
    identity, conversation = found
    _touch(identity, chat_id=chat_id, now=now, group=group)
    return identity, conversation


async def official_of(session: AsyncSession, identity: Identity) -> Official | None:
    """The official an identity is bound to, if any."""
    if identity.official_id is None:
        return None
    return await session.get(Official, identity.official_id)


def audit(
    session: AsyncSession,
    *,
    action: str,
    now: datetime,
    identity_id: int | None = None,
    entity: str = "",
    entity_id: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit-log row to the current transaction."""
    session.add(
        AuditLog(
            at=now,
            identity_id=identity_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail or {},
        )
    )


async def upsert_units(session: AsyncSession, units: Iterable[Unit]) -> int:
    """Insert units missing by code and refresh names of existing ones; returns new count."""
    existing = {unit.code: unit for unit in (await session.exec(select(Unit))).all()}
    added = 0
    for unit in units:
        current = existing.get(unit.code)
        if current is None:
            session.add(unit)
            added += 1
        elif (current.name, current.kind) != (unit.name, unit.kind):
            current.name, current.kind = unit.name, unit.kind
            session.add(current)
    return added


async def list_units(session: AsyncSession, *, kinds: Iterable[str] | None = None) -> list[Unit]:
    """Active units ordered by kind then name, optionally only some kinds."""
    statement = select(Unit).where(col(Unit.active).is_(True))
    if kinds is not None:
        statement = statement.where(col(Unit.kind).in_(list(kinds)))
    return list((await session.exec(statement.order_by(Unit.kind, Unit.name))).all())


async def unit_by_code(session: AsyncSession, code: str) -> Unit | None:
    """A unit by its code."""
    return (await session.exec(select(Unit).where(Unit.code == code))).first()
