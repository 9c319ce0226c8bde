"""Console accounts, their sessions and failed logins (plain query functions, never commit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ConsoleSession, ConsoleUser, LoginAttempt

ROLES = ("viewer", "editor")


class UserExists(Exception):
    """A console user with that name exists already."""


async def user_by_name(session: AsyncSession, name: str) -> ConsoleUser | None:
    """A console user by login name."""
    return (await session.exec(select(ConsoleUser).where(ConsoleUser.name == name))).first()


async def create_user(
    session: AsyncSession, *, name: str, password_hash: str, role: str, now: datetime
) -> ConsoleUser:
    """A new console user; raises `UserExists` when the name is taken."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if await user_by_name(session, name) is not None:
        raise UserExists(name)
    user = ConsoleUser(name=name, password_hash=password_hash, role=role, created_at=now)
    session.add(user)
    await session.flush()
    return user


async def set_password(session: AsyncSession, user: ConsoleUser, password_hash: str) -> None:
    """Store a new password hash (e.g. rehashed with stronger parameters)."""
    user.password_hash = password_hash
    session.add(user)


async def set_role(session: AsyncSession, user: ConsoleUser, role: str) -> None:
    """Give a user another role; its sessions read it with every request."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user.role = role
    session.add(user)


async def list_users(session: AsyncSession, *, now: datetime) -> list[tuple[ConsoleUser, int]]:
    """Every console user, by name, with how many live sessions (logged-in browsers) it has."""
    live = (
        select(ConsoleSession.user_id, func.count().label("n"))
        .where(col(ConsoleSession.expires_at) > now)
        .group_by(col(ConsoleSession.user_id))
        .subquery()
    )
    statement = (
        select(ConsoleUser, func.coalesce(live.c.n, 0))
        .outerjoin(live, live.c.user_id == col(ConsoleUser.id))
        .order_by(col(ConsoleUser.name))
    )
    return [(user, int(count)) for user, count in (await session.exec(statement)).all()]


async def end_sessions(session: AsyncSession, *, user_id: int, now: datetime) -> int:
    """Log a user out of every browser; returns how many live sessions were ended."""
    sessions = (
        await session.exec(select(ConsoleSession).where(ConsoleSession.user_id == user_id))
    ).all()
    await session.exec(delete(ConsoleSession).where(col(ConsoleSession.user_id) == user_id))
    return sum(row.expires_at > now for row in sessions)


async def deactivate(session: AsyncSession, user: ConsoleUser) -> None:
    """Take a user's access away; the row stays, so the audit log keeps naming it."""
    user.active = False
    session.add(user)


async def reactivate(
    session: AsyncSession, user: ConsoleUser, *, password_hash: str, role: str
) -> None:
    """Give a removed user access again, with a new password and role."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user.active, user.password_hash, user.role = True, password_hash, role
    session.add(user)


async def open_session(
    session: AsyncSession,
    *,
    user_id: int,
    token_hash: str,
    csrf: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Record a logged-in browser (and forget sessions that have expired)."""
    await session.exec(delete(ConsoleSession).where(col(ConsoleSession.expires_at) <= now))
    session.add(
        ConsoleSession(
            token_hash=token_hash,
            user_id=user_id,
            csrf=csrf,
            created_at=now,
            expires_at=expires_at,
        )
    )


async def find_session(
    session: AsyncSession, *, token_hash: str, now: datetime
) -> tuple[ConsoleSession, ConsoleUser] | None:
    """The live session of a cookie and its (active) user."""
    statement = (
        select(ConsoleSession, ConsoleUser)
        .join(ConsoleUser, col(ConsoleSession.user_id) == col(ConsoleUser.id))
        .where(
            ConsoleSession.token_hash == token_hash,
            col(ConsoleSession.expires_at) > now,
            col(ConsoleUser.active).is_(True),
        )
    )
    row = (await session.exec(statement)).first()
    return None if row is None else (row[0], row[1])


async def close_session(session: AsyncSession, *, token_hash: str) -> None:
    """Log a browser out."""
    await session.exec(delete(ConsoleSession).where(col(ConsoleSession.token_hash) == token_hash))


def record_failed_login(
    session: AsyncSession, *, username: str, client: str, now: datetime
) -> None:
    """Count one wrong password (or unknown name) for the account and the client."""
    session.add(LoginAttempt(username=username[:60], client=client[:64], at=now))


async def failed_logins(
    session: AsyncSession, *, username: str, client: str, since: datetime
) -> tuple[int, int]:
    """Failed logins since `since`: (for this account, from this client)."""
    recent = col(LoginAttempt.at) >= since
    by_name = select(func.count()).where(recent, LoginAttempt.username == username[:60])
    by_client = select(func.count()).where(recent, LoginAttempt.client == client[:64])
    return (
        int((await session.exec(by_name)).one()),
        int((await session.exec(by_client)).one()),
    )


async def clear_failed_logins(
    session: AsyncSession, *, username: str, older_than: datetime
) -> None:
    """Forget an account's failed logins after a successful one, and everyone's failures
    older than the throttling window (they no longer count)."""
    await session.exec(
        delete(LoginAttempt).where(
            (col(LoginAttempt.username) == username[:60]) | (col(LoginAttempt.at) < older_than)
        )
    )
