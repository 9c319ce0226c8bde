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
from storage import personal, queries
from storage.models import Identity, Official, Role, Unit

logger = logging.getLogger(__name__)


async def deactivated(turn: Turn) -> str | None:
    """For an account taken away from its official (deactivated in the console, or unbound)
    and not registered again: that it was, for which unit and by whom; else None."""
    identity = turn.identity
    if identity.official_id is not None or identity.former_official_id is None:
        return None
    former = await turn.session.get(Official, identity.former_official_id)
    if former is None or not former.full_name:  # erased: nothing of theirs is left
        return None
    unit = await turn.session.get(Unit, former.unit_id) if former.unit_id else None
    return texts.ACCOUNT_DEACTIVATED.format(
        office=turn.services.coordinating_office,
        unit=unit.name if unit else texts.UNIT_UNKNOWN,
    )


async def require_official(turn: Turn) -> Official | list[Reply]:
    """The official this chat's user is bound to, or a polite refusal saying how to register
    (or that the account was deactivated).

    Use: `official = await require_official(turn)`; `if isinstance(official, list): return
    official`. The official's `unit_id` is the unit they report for (set from the invite).
    """
    official = await queries.official_of(turn.session, turn.identity)
    if official is None and (
        midway := await registering.status(turn, after=texts.REGISTERING_REPORT)
    ):
        return midway
    if official is None or official.unit_id is None:
        if (said := await deactivated(turn)) is not None:
            return [Reply(said)]
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
        if (said := await deactivated(turn)) is not None:
            return [Reply(said)]
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
    """Detach an identity from its official, so it can register again with another invite.

    The official keeps their record (findable as `official:ID`, and by this account); one
    left with no account loses the admin role.
    """
    identity = await find_identity(session, ref)
    if identity.official_id is None:
        return False
    official_id = identity.official_id
    revoked = await personal.detach(session, [identity])
    queries.audit(
        session,
        action="identity.unbound",
        now=now,
        identity_id=identity.id,
        entity="official",
        entity_id=str(official_id),
        detail={"admin_revoked": bool(revoked)},
    )
    logger.info("identity.unbound", extra={"identity_id": identity.id})
    return True
