"""Plain query functions taking a session. They never commit: the caller owns the transaction."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.collation import sorted_units
from storage.models import (
    AuditLog,
    Conversation,
    Identity,
    InboundUpdate,
    Official,
    Unit,
)

M = TypeVar("M", bound=SQLModel)


@functools.cache
def _insert_ignore(table: Table, dialect: str) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for a table, built once; the values come as parameters
    (building the statement anew for every message cost more than running it)."""
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()


async def insert_ignore(
    session: AsyncSession, model: type[SQLModel], values: Mapping[str, Any]
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was inserted."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    result = await session.exec(_insert_ignore(table, dialect), params=dict(values))
    return bool(result.rowcount)


async def insert_returning(
    session: AsyncSession, model: type[M], values: Mapping[str, Any]
) -> M | None:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING the new row as an object of the session;
    None when the row existed (one round trip where inserting then reading takes two)."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model).values(**values).on_conflict_do_nothing().returning(model)
    return (await session.scalars(statement)).first()


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

# The statements every message runs are built once, with parameters.
_IDENTITY: Final = select(Identity).where(
    col(Identity.channel) == bindparam("channel"),
    col(Identity.external_id) == bindparam("external_id"),
)
_CONVERSATION: Final = (
    select(Conversation)
    .where(
        col(Conversation.channel) == bindparam("channel"),
        col(Conversation.chat_id) == bindparam("chat_id"),
    )
    .with_for_update()
)


def touch(identity: Identity, *, chat_id: str, now: datetime, group: bool) -> None:
    """Note that the account wrote: unblock it, follow its private chat, move last_seen_at.

    Only a changed value is assigned: a returning account in its usual chat within
    `LAST_SEEN_EVERY` leaves the row clean, so the flush neither writes nor even inspects it.
    """
    if not group:
        if identity.chat_id != chat_id:
            identity.chat_id = chat_id
        if identity.blocked:
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
    params = {"channel": channel, "external_id": external_id}
    # Read first: a returning user (the common case) costs one round trip, not two.
    identity = (await session.exec(_IDENTITY, params=params)).first()
    if identity is None:
        return await create_identity(
            session,
            channel=channel,
            external_id=external_id,
            chat_id=chat_id,
            now=now,
            group=group,
        )
    touch(identity, chat_id=chat_id, now=now, group=group)
    return identity


async def create_identity(
    session: AsyncSession,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    now: datetime,
    group: bool = False,
) -> Identity:
    """A first contact's identity (`touch_identity` once the caller knows none was found);
    the row another transaction created meanwhile, if one did."""
    values = {
        "channel": channel,
        "external_id": external_id,
        "chat_id": external_id if group else chat_id,
        "blocked": False,
        "created_at": now,
        "last_seen_at": now,
    }
    identity = await insert_returning(session, Identity, values)
    if identity is None:  # another transaction created it meanwhile
        params = {"channel": channel, "external_id": external_id}
        identity = (await session.exec(_IDENTITY, params=params)).one()
    touch(identity, chat_id=chat_id, now=now, group=group)
    return identity


async def load_conversation(
    session: AsyncSession, *, channel: str, chat_id: str, now: datetime
) -> Conversation:
    """The conversation row of a chat, created idle and locked for this transaction."""
    params = {"channel": channel, "chat_id": chat_id}
    # Read first: an existing chat (the common case) costs one round trip, not two.
    found = (await session.exec(_CONVERSATION, params=params)).first()
    if found is not None:
        return found
    return await create_conversation(session, channel=channel, chat_id=chat_id, now=now)


async def create_conversation(
    session: AsyncSession, *, channel: str, chat_id: str, now: datetime
) -> Conversation:
    """A new chat's conversation, idle and locked (`load_conversation` once the caller knows
    none was found); the row another transaction created meanwhile, if one did."""
    values = {
        "channel": channel,
        "chat_id": chat_id,
        "state": "idle",
        "data": {},
        "choices": [],
        "updated_at": now,
    }
    # A row this transaction inserted stays locked until it ends, as FOR UPDATE would lock it.
    created = await insert_returning(session, Conversation, values)
    if created is not None:
        return created
    params = {"channel": channel, "chat_id": chat_id}
    return (await session.exec(_CONVERSATION, params=params)).one()


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
    """Active units by kind, then by name in Vietnamese order; optionally only some kinds."""
    statement = select(Unit).where(col(Unit.active).is_(True))
    if kinds is not None:
        statement = statement.where(col(Unit.kind).in_(list(kinds)))
    # Sorted here: neither SQLite nor a default PostgreSQL orders Vietnamese letters.
    return sorted_units((await session.exec(statement)).all())


async def unit_by_code(session: AsyncSession, code: str) -> Unit | None:
    """A unit by its code, typed in any case («skhcn»: every code is upper case)."""
    typed = code.strip().upper()
    return (await session.exec(select(Unit).where(Unit.code == typed))).first()
