"""Who may do what: registered officials, admins, and granting or revoking those rights."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import registering, texts
from handlers.choices import parse_id
from handlers.context import Turn
from handlers.errors import IdentityNotBound, IdentityNotFound
from handlers.messages import Reply
from storage import invites as store
from storage import queries
from storage.models import Identity, Official, Role

logger = logging.getLogger(__name__)


async def require_official(turn: Turn) -> Official | list[Reply]:
    """The official this chat's user is bound to, or a polite refusal saying how to register.

    Use: `official = await require_official(turn)`; `if isinstance(official, list): return
    official`. The official's `unit_id` is the unit they report for (set from the invite).
    """
    official = await queries.official_of(turn.session, turn.identity)
    if official is None and (
        midway := await registering.status(turn, after=texts.REGISTERING_REPORT)
    ):
        return midway
    if official is None or official.unit_id is None:
        return [
            Reply(texts.REPORT_NOT_REGISTERED.format(office=turn.services.coordinating_office))
        ]
    return official


async def require_admin(turn: Turn) -> Official | list[Reply]:
    """The official if they are an admin, else a polite refusal (how to register, if not)."""
    official = await queries.official_of(turn.session, turn.identity)
    if official is None and (
        midway := await registering.status(turn, after=texts.REGISTERING_LATER)
    ):
        return midway
    if official is None or official.unit_id is None:
        office = turn.services.coordinating_office
        return [Reply(texts.ADMIN_NOT_REGISTERED.format(office=office))]
    if official.role != Role.ADMIN.value:
        return [Reply(texts.ADMIN_ONLY)]
    return official


async def find_identity(session: AsyncSession, ref: str) -> Identity:
    """An identity by `channel:external_id` (e.g. `telegram:12345`) or by its id."""
    identity: Identity | None = None
    channel, sep, external_id = ref.partition(":")
    if sep and channel and external_id:
        identity = await store.identity_by_account(
            session, channel=channel.lower(), external_id=external_id
        )
    elif (identity_id := parse_id(ref)) is not None:
        identity = await store.identity_by_id(session, identity_id)
    if identity is None:
        raise IdentityNotFound(ref)
    return identity


async def set_role(session: AsyncSession, ref: str, *, role: Role, now: datetime) -> bool:
    """Give the official bound to an identity a role; False when they already had it.

    Raises IdentityNotBound for an identity that has not registered with an invite: roles
    belong to officials, and an official always has a unit.
    """
    identity = await find_identity(session, ref)
    official = await queries.official_of(session, identity)
    if official is None or identity.id is None:
        raise IdentityNotBound(identity.id or 0)
    if official.role == role.value:
        return False
    official.role = role.value
    session.add(official)
    action = "admin.granted" if role is Role.ADMIN else "admin.revoked"
    queries.audit(
        session,
        action=action,
        now=now,
        identity_id=identity.id,
        entity="official",
        entity_id=str(official.id),
    )
    logger.info(action, extra={"official_id": official.id, "identity_id": identity.id})
    return True


async def unbind(session: AsyncSession, ref: str, *, now: datetime) -> bool:
    """Detach an identity from its official, so it can register again with another invite."""
    identity = await find_identity(session, ref)
    if identity.official_id is None:
        return False
    official_id = identity.official_id
    identity.official_id = None
    session.add(identity)
    queries.audit(
        session,
        action="identity.unbound",
        now=now,
        identity_id=identity.id,
        entity="official",
        entity_id=str(official_id),
    )
    logger.info("identity.unbound", extra={"identity_id": identity.id})
    return True
