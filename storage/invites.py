"""Queries for invites, wrong-code attempts, identities and admins. They never commit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import Identity, Invite, InviteAttempt, Official, Role, Unit


class InviteStatus(StrEnum):
    """Whether an invite can still be used, and if not, why."""

    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"
    USED = "used"


def status_of(invite: Invite, *, now: datetime) -> InviteStatus:
    """The status of an invite at `now` (revoked wins over expired, expired over used up)."""
    if invite.revoked_at is not None:
        return InviteStatus.REVOKED
    if invite.expires_at <= now:
        return InviteStatus.EXPIRED
    if invite.uses >= invite.max_uses:
        return InviteStatus.USED
    return InviteStatus.ACTIVE


async def add_invite(
    session: AsyncSession,
    *,
    code_hash: str,
    unit_id: int,
    role: Role,
    max_uses: int,
    expires_at: datetime,
    now: datetime,
) -> Invite:
    """Insert an invite and return it with its id."""
    invite = Invite(
        code_hash=code_hash,
        unit_id=unit_id,
        role=role.value,
        max_uses=max_uses,
        uses=0,
        expires_at=expires_at,
        created_at=now,
    )
    session.add(invite)
    await session.flush()
    return invite


async def invite_by_hash(session: AsyncSession, code_hash: str) -> Invite | None:
    """The invite whose code hashes to `code_hash`."""
    return (await session.exec(select(Invite).where(Invite.code_hash == code_hash))).first()


async def invite_by_id(session: AsyncSession, invite_id: int) -> Invite | None:
    """An invite by id."""
    return await session.get(Invite, invite_id)


async def list_invites(session: AsyncSession) -> list[tuple[Invite, Unit]]:
    """Every invite with its unit, newest first."""
    statement = (
        select(Invite, Unit)
        .where(Invite.unit_id == Unit.id)
        .order_by(col(Invite.created_at).desc(), col(Invite.id).desc())
    )
    return [(invite, unit) for invite, unit in (await session.exec(statement)).all()]


async def consume_invite(session: AsyncSession, *, invite_id: int, now: datetime) -> bool:
    """Use one of an invite's uses if it is still active; atomic across processes."""
    statement = (
        update(Invite)
        .where(
            col(Invite.id) == invite_id,
            col(Invite.uses) < col(Invite.max_uses),
            col(Invite.revoked_at).is_(None),
            col(Invite.expires_at) > now,
        )
        .values(uses=col(Invite.uses) + 1)
        .execution_options(synchronize_session=False)
    )
    result = await session.exec(statement)
    changed = bool(result.rowcount)
    if changed:
        invite = await session.get(Invite, invite_id)
        if invite is not None:
            await session.refresh(invite)
    return changed


def record_failed_attempt(
    session: AsyncSession, *, channel: str, chat_id: str, now: datetime
) -> None:
    """Remember a wrong code typed in a chat."""
    session.add(InviteAttempt(channel=channel, chat_id=chat_id, at=now))


async def failed_attempts_since(
    session: AsyncSession, *, channel: str, chat_id: str, since: datetime
) -> list[datetime]:
    """When wrong codes were typed in a chat since `since`, oldest first."""
    statement = (
        select(InviteAttempt.at)
        .where(
            InviteAttempt.channel == channel,
            InviteAttempt.chat_id == chat_id,
            col(InviteAttempt.at) >= since,
        )
        .order_by(col(InviteAttempt.at))
    )
    return list((await session.exec(statement)).all())


async def identity_by_account(
    session: AsyncSession, *, channel: str, external_id: str
) -> Identity | None:
    """The identity of a channel account."""
    statement = select(Identity).where(
        Identity.channel == channel, Identity.external_id == external_id
    )
    return (await session.exec(statement)).first()


async def identity_by_id(session: AsyncSession, identity_id: int) -> Identity | None:
    """An identity by id."""
    return await session.get(Identity, identity_id)


async def officials_with_role(
    session: AsyncSession, role: Role
) -> list[tuple[Official, Unit | None, list[Identity]]]:
    """Officials holding a role, each with their unit and bound identities."""
    officials = (
        await session.exec(
            select(Official).where(Official.role == role.value).order_by(col(Official.id))
        )
    ).all()
    rows: list[tuple[Official, Unit | None, list[Identity]]] = []
    for official in officials:
        unit = await session.get(Unit, official.unit_id) if official.unit_id else None
        identities = (
            await session.exec(
                select(Identity)
                .where(Identity.official_id == official.id)
                .order_by(col(Identity.id))
            )
        ).all()
        rows.append((official, unit, list(identities)))
    return rows
