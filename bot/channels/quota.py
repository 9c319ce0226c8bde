"""A channel's monthly message quota: what replies and reminders may spend, and the 80% warning.

Policy (issue 6): replies to users are always attempted, because they are what users asked
for, and they count; reminders and broadcasts reserve quota first and wait for the next
month when it is spent. When usage first crosses `WARN_RATIO` in a month, admins are warned
once (the claim is a conditional UPDATE, so once across processes too).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import quota
from storage.db import session_scope

logger = logging.getLogger(__name__)

WARN_RATIO: Final = 0.8


@dataclass(frozen=True, slots=True)
class QuotaWarning:
    """A channel crossed `WARN_RATIO` of its monthly quota."""

    channel: str
    month: str
    sent: int
    limit: int


QuotaWarningHook = Callable[[QuotaWarning], Awaitable[None]]


class SendQuota:
    """The monthly quota of one channel's bot, counted in the database."""

    __slots__ = ("channel", "clock", "engine", "limit", "on_warning", "zone")

    def __init__(
        self,
        *,
        engine: AsyncEngine,
        channel: str,
        limit: int,
        zone: ZoneInfo,
        clock: Callable[[], datetime],
        on_warning: QuotaWarningHook | None = None,
    ) -> None:
        self.engine = engine
        self.channel = channel
        self.limit = limit
        self.zone = zone
        self.clock = clock
        self.on_warning = on_warning

    def month(self) -> str:
        """The current quota month, in local time."""
        return quota.month_of(self.clock(), self.zone)

    async def count_reply(self, count: int = 1) -> None:
        """Count messages that are sent whatever the quota (replies to users)."""
        month = self.month()
        async with session_scope(self.engine) as session:
            await quota.consume(session, channel=self.channel, month=month, count=count)
        await self._maybe_warn(month)

    async def reserve(self, count: int = 1) -> bool:
        """Reserve quota for a reminder of `count` messages; False when the month is spent."""
        month = self.month()
        async with session_scope(self.engine) as session:
            granted = await quota.try_consume(
                session, channel=self.channel, month=month, limit=self.limit, count=count
            )
        if granted:
            await self._maybe_warn(month)
        else:
            logger.info("quota.exhausted", extra={"channel": self.channel, "month": month})
        return granted

    async def usage(self) -> quota.Usage:
        """This month's usage."""
        async with session_scope(self.engine) as session:
            return await quota.usage(
                session, channel=self.channel, month=self.month(), limit=self.limit
            )

    def seconds_until_reset(self) -> float:
        """Seconds until the next quota month starts (local midnight on the 1st)."""
        now = self.clock().astimezone(self.zone)
        first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        next_month = (first + timedelta(days=32)).replace(day=1)
        return max(1.0, (next_month - now).total_seconds())

    async def _maybe_warn(self, month: str) -> None:
        threshold = ceil(self.limit * WARN_RATIO)
        async with session_scope(self.engine) as session:
            claimed = await quota.claim_warning(
                session, channel=self.channel, month=month, threshold=threshold, now=self.clock()
            )
            if not claimed:
                return
            used = await quota.usage(session, channel=self.channel, month=month, limit=self.limit)
        logger.warning(
            f"{self.channel}.quota_warning",
            extra={
                "channel": self.channel,
                "month": month,
                "sent": used.sent,
                "limit": self.limit,
            },
        )
        if self.on_warning is not None:
            try:
                await self.on_warning(QuotaWarning(self.channel, month, used.sent, self.limit))
            except Exception:
                # The warning is already claimed for the month; a failing hook must not
                # fail the send that crossed the threshold.
                logger.exception("quota.warning_hook_failed", extra={"channel": self.channel})
