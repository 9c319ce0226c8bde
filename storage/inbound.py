"""What every inbound message reads first, in as few round trips as the database allows.

A message needs its update key recorded (a redelivered update is ignored), its account's
identity (created on first contact, touched), its chat's conversation (created idle, locked
until the transaction ends, so a chat's messages are handled one at a time across workers)
and the FAQ entries' revision (a question reads the entries only when they changed). On
PostgreSQL a returning chat gets all of it from one statement; on SQLite, where a statement
costs no network round trip, from two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import and_, bindparam, func, literal_column, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.faq import REVISION
from storage.models import Conversation, Identity, InboundUpdate, UtcDateTime
from storage.queries import create_conversation, create_identity, first_time_seen, touch

_ONE = select(literal_column("1").label("one")).subquery("one")
_IDENTITY_ON = and_(
    col(Identity.channel) == bindparam("channel"),
    col(Identity.external_id) == bindparam("external_id"),
)
_CONVERSATION_ON = and_(
    col(Conversation.channel) == bindparam("channel"),
    col(Conversation.chat_id) == bindparam("chat_id"),
)

# PostgreSQL: the update key is inserted in a data-modifying CTE (a repeated key inserts
# nothing: `fresh` is 0); the identity and the locked conversation come in the same row,
# each NULL when missing. A locking clause may not sit on the nullable side of an outer join,
# so the conversation is locked inside a LATERAL subquery.
_SEEN = (
    pg_insert(InboundUpdate.__table__)  # type: ignore[attr-defined]
    .values(
        channel=bindparam("channel"),
        update_key=bindparam("update_key"),
        received_at=bindparam("now", type_=UtcDateTime()),
    )
    .on_conflict_do_nothing()
    .returning(col(InboundUpdate.id))
    .cte("seen")
)
_LOCKED = select(Conversation).where(_CONVERSATION_ON).with_for_update().lateral("locked")
_LockedConversation = aliased(Conversation, _LOCKED)
_OPEN_POSTGRESQL: Final = (
    select(
        select(func.count()).select_from(_SEEN).scalar_subquery().label("fresh"),
        Identity,
        _LockedConversation,
        REVISION.label("faq_revision"),
    )
    .select_from(_ONE)
    .outerjoin(Identity, _IDENTITY_ON)
    .outerjoin(_LOCKED, true())
)
# Elsewhere (SQLite, which locks the whole database on write): the two rows, NULL when missing.
_OPEN: Final = (
    select(Identity, Conversation, REVISION.label("faq_revision"))
    .select_from(_ONE)
    .outerjoin(Identity, _IDENTITY_ON)
    .outerjoin(Conversation, _CONVERSATION_ON)
)


@dataclass(frozen=True, slots=True)
class Opened:
    """A message's rows: its account, its chat (locked) and the FAQ entries' revision."""

    identity: Identity
    conversation: Conversation
    # `storage.faq.REVISION` as of this transaction; None when the row is missing.
    faq_revision: int | None


async def open_chat(
    session: AsyncSession,
    *,
    channel: str,
    external_id: str,
    chat_id: str,
    now: datetime,
    update_key: str | None = None,
    group: bool = False,
) -> Opened | None:
    """A message's identity (as `queries.touch_identity`) and its chat's conversation (as
    `queries.load_conversation`, locked); None when `update_key` was recorded before.

    A returning account in a known chat, the common case, costs one statement on
    PostgreSQL; a first contact then creates whichever row is missing.
    """
    params: dict[str, Any] = {"channel": channel, "external_id": external_id, "chat_id": chat_id}
    identity: Identity | None
    conversation: Conversation | None
    dialect = session.bind.dialect.name if session.bind else ""
    if dialect == "postgresql" and update_key is not None:
        params |= {"update_key": update_key, "now": now}
        row = (await session.exec(_OPEN_POSTGRESQL, params=params)).one()
        fresh, identity, conversation, revision = row
        if not fresh:
            return None
    else:
        if update_key is not None and not await first_time_seen(
            session, channel=channel, update_key=update_key, now=now
        ):
            return None
        identity, conversation, revision = (await session.exec(_OPEN, params=params)).one()
    if identity is None:
        identity = await create_identity(
            session,
            channel=channel,
            external_id=external_id,
            chat_id=chat_id,
            now=now,
            group=group,
        )
    else:
        touch(identity, chat_id=chat_id, now=now, group=group)
    if conversation is None:
        conversation = await create_conversation(
            session, channel=channel, chat_id=chat_id, now=now
        )
    return Opened(identity, conversation, revision)
