"""A monthly counter of messages sent per channel, consumed atomically.

Every statement is a single conditional UPDATE, so concurrent senders (tasks or
processes) never push the count past the limit, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import ChannelQuota, Identity, Official, Role
from storage.queries import insert_ignore


@dataclass(frozen=True, slots=True)
class Usage:
    """How much of a month's quota is used."""

    channel: str
    month: str
    sent: int
    limit: int

    @property
    def left(self) -> int:
        """Messages still allowed this month (0 when over)."""
        return max(0, self.limit - self.sent)


def month_of(now: datetime, zone: ZoneInfo) -> str:
    """The quota month ("2026-11") of an instant, in the local time zone."""
    return now.astimezone(zone).strftime("%Y-%m")


async def _ensure_row(session: AsyncSession, *, channel: str, month: str) -> None:
    await insert_ignore(session, ChannelQuota, {"channel": channel, "month": month, "sent": 0})


def _row(channel: str, month: str) -> tuple[object, object]:
    return (col(ChannelQuota.channel) == channel, col(ChannelQuota.month) == month)


async def try_consume(
    session: AsyncSession, *, channel: str, month: str, limit: int, count: int = 1
) -> bool:
    """Count `count` messages if they fit under `limit`; False (and nothing counted) if not."""
    await _ensure_row(session, channel=channel, month=month)
    statement = (
        update(ChannelQuota)
        .where(*_row(channel, month))  # type: ignore[arg-type]
        .where(col(ChannelQuota.sent) + count <= limit)
        .values(sent=col(ChannelQuota.sent) + count)
    )
    result = await session.exec(statement)
    return bool(result.rowcount)


async def consume(session: AsyncSession, *, channel: str, month: str, count: int = 1) -> None:
    """Count `count` messages whatever the limit (replies to users are always attempted)."""
    await _ensure_row(session, channel=channel, month=month)
    statement = (
        update(ChannelQuota)
        .where(*_row(channel, month))  # type: ignore[arg-type]
        .values(sent=col(ChannelQuota.sent) + count)
    )
    await session.exec(statement)


async def usage(session: AsyncSession, *, channel: str, month: str, limit: int) -> Usage:
    """The count of a month so far."""
    row = (
        await session.exec(
            select(ChannelQuota).where(
                ChannelQuota.channel == channel, ChannelQuota.month == month
            )
        )
    ).first()
    return Usage(channel=channel, month=month, sent=row.sent if row else 0, limit=limit)


async def claim_warning(
    session: AsyncSession, *, channel: str, month: str, threshold: int, now: datetime
) -> bool:
    """True exactly once per month, for the caller that first sees `sent >= threshold`."""
    statement = (
        update(ChannelQuota)
        .where(*_row(channel, month))  # type: ignore[arg-type]
        .where(col(ChannelQuota.sent) >= threshold, col(ChannelQuota.warned_at).is_(None))
        .values(warned_at=now)
    )
    result = await session.exec(statement)
    return bool(result.rowcount)


async def admin_chats(session: AsyncSession, *, channel: str) -> list[str]:
    """Chat ids of the admins reachable on a channel (not blocked), for the quota warning."""
    statement = (
        select(Identity.chat_id)
        .join(Official, col(Official.id) == col(Identity.official_id))
        .where(
            Identity.channel == channel,
            Official.role == Role.ADMIN.value,
            col(Identity.blocked).is_(False),
        )
        .order_by(col(Identity.id))
    )
    return list((await session.exec(statement)).all())
