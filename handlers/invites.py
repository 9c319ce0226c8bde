"""Invites on the operator side: create and revoke them; the wrong-code lockout."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import invite_codes
from handlers.choices import parse_id
from handlers.errors import InviteNotFound, UnknownUnit
from storage import invites as store
from storage import queries
from storage.models import Invite, Role

logger = logging.getLogger(__name__)

DEFAULT_TTL: Final = timedelta(days=14)
# Guessing: this many wrong codes from one chat within LOCKOUT_WINDOW lock it for LOCKOUT.
MAX_WRONG_ATTEMPTS: Final = 5
LOCKOUT_WINDOW: Final = timedelta(hours=1)
LOCKOUT: Final = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class CreatedInvite:
    """A new invite and its plaintext code, shown once to the operator and never stored."""

    invite_id: int
    code: str  # as displayed, CDS-XXXXX-XXXXX
    unit_code: str
    unit_name: str
    role: Role
    max_uses: int
    expires_at: datetime
    link: str | None


def deep_link(bot_username: str, code: str) -> str:
    """The Telegram link that opens the bot with `/start <code>`."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


async def create_invite(
    session: AsyncSession,
    *,
    unit_code: str,
    role: Role,
    max_uses: int,
    ttl: timedelta,
    pepper: str,
    now: datetime,
    bot_username: str | None = None,
) -> CreatedInvite:
    """Issue a code for a unit; only its hash is saved, and the creation is audited."""
    unit = await queries.unit_by_code(session, unit_code)
    # An inactive unit (a department merged away, `cdsbot units seed`) takes no new officials.
    if unit is None or unit.id is None or not unit.active:
        raise UnknownUnit(unit_code)
    code = invite_codes.generate()
    invite = await store.add_invite(
        session,
        code_hash=invite_codes.hash_code(code, pepper=pepper),
        unit_id=unit.id,
        role=role,
        max_uses=max_uses,
        expires_at=now + ttl,
        now=now,
    )
    if invite.id is None:
        raise RuntimeError("invite has no id after flush")
    queries.audit(
        session,
        action="invite.created",
        now=now,
        entity="invite",
        entity_id=str(invite.id),
        detail={
            "unit_id": unit.id,
            "role": role.value,
            "max_uses": max_uses,
            "expires_at": invite.expires_at.isoformat(),
        },
    )
    logger.info("invite.created", extra={"invite_id": invite.id, "unit_id": unit.id})
    shown = invite_codes.display(code)
    return CreatedInvite(
        invite_id=invite.id,
        code=shown,
        unit_code=unit.code,
        unit_name=unit.name,
        role=role,
        max_uses=max_uses,
        expires_at=invite.expires_at,
        link=deep_link(bot_username, shown) if bot_username else None,
    )


async def find_invite(session: AsyncSession, ref: str, *, pepper: str) -> Invite:
    """An invite by its id (digits) or by its code in any typed form."""
    invite: Invite | None = None
    if ref.isdigit() and len(ref) < invite_codes.CODE_LENGTH:
        invite_id = parse_id(ref)
        invite = await store.invite_by_id(session, invite_id) if invite_id else None
    elif (code := invite_codes.normalize(ref)) is not None:
        invite = await store.invite_by_hash(session, invite_codes.hash_code(code, pepper=pepper))
    if invite is None:
        raise InviteNotFound()
    return invite


async def revoke_invite(session: AsyncSession, ref: str, *, pepper: str, now: datetime) -> bool:
    """Revoke an invite by id or code; False when it was already revoked."""
    invite = await find_invite(session, ref, pepper=pepper)
    if invite.revoked_at is not None:
        return False
    invite.revoked_at = now
    session.add(invite)
    queries.audit(
        session, action="invite.revoked", now=now, entity="invite", entity_id=str(invite.id)
    )
    logger.info("invite.revoked", extra={"invite_id": invite.id})
    return True


def lock_end(failures: list[datetime]) -> datetime | None:
    """When the lock caused by these wrong attempts (oldest first) ends, if they cause one."""
    end: datetime | None = None
    for index in range(MAX_WRONG_ATTEMPTS - 1, len(failures)):
        first, last = failures[index - MAX_WRONG_ATTEMPTS + 1], failures[index]
        if last - first <= LOCKOUT_WINDOW:
            end = last + LOCKOUT
    return end


async def locked_until(
    session: AsyncSession, *, channel: str, chat_id: str, now: datetime
) -> datetime | None:
    """The end of a chat's lockout, or None when it may try a code now."""
    # A lock still running started from a wrong attempt within LOCKOUT, whose window began
    # at most LOCKOUT_WINDOW before it; attempts refused while locked are not recorded.
    since = now - LOCKOUT - LOCKOUT_WINDOW
    failures = await store.failed_attempts_since(
        session, channel=channel, chat_id=chat_id, since=since
    )
    end = lock_end(failures)
    return end if end is not None and end > now else None
