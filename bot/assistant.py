"""The shell's handle on the core: one transaction per inbound message."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import metrics
from handlers import Inbound, Reply, Services, inbox, respond_to_update, texts
from storage.db import session_scope

logger = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def utc_clock() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class Assistant:
    """Runs the core for channels: dedupe, transaction, and a polite reply on any failure."""

    __slots__ = ("clock", "engine", "services")

    def __init__(self, *, engine: AsyncEngine, services: Services, clock: Clock = utc_clock):
        self.engine = engine
        self.services = services
        self.clock = clock

    async def handle(self, inbound: Inbound, *, update_key: str | None = None) -> list[Reply]:
        """Replies for one message; [] when `update_key` was already processed."""
        started = time.perf_counter()
        replies = await self._handle(inbound, update_key=update_key)
        metrics.record_update(inbound.channel, replies, time.perf_counter() - started)
        return replies

    async def _handle(self, inbound: Inbound, *, update_key: str | None) -> list[Reply]:
        now = self.clock()
        try:
            try:
                replies = await self._transaction(inbound, update_key=update_key, now=now)
            except DBAPIError as error:
                if not error.connection_invalidated:
                    raise
                # A pooled connection had died (the server restarted): SQLAlchemy has
                # discarded the pool, and the message runs again on a fresh connection.
                # Nothing was committed, or the update key makes the second run a no-op.
                logger.warning(
                    "inbound.retry_after_disconnect", extra={"channel": inbound.channel}
                )
                replies = await self._transaction(inbound, update_key=update_key, now=now)
        except Exception:
            # The one broad catch: per update, at the loop's top. Nothing was committed.
            logger.exception("inbound.failed", extra={"channel": inbound.channel})
            return [Reply(texts.INTERNAL_ERROR)]
        if replies is None:
            logger.info("inbound.duplicate", extra={"channel": inbound.channel})
            return []
        logger.info("inbound.handled", extra={"channel": inbound.channel, "replies": len(replies)})
        return replies

    async def _transaction(
        self, inbound: Inbound, *, update_key: str | None, now: datetime
    ) -> list[Reply] | None:
        """One message in one transaction; None when `update_key` was processed before."""
        async with session_scope(self.engine) as session:
            return await respond_to_update(
                inbound, update_key=update_key, session=session, now=now, services=self.services
            )

    async def waiting(self, *, channel: str, chat_id: str) -> list[Reply]:
        """The messages queued for a chat nothing can be pushed to (the web chat)."""
        try:
            async with session_scope(self.engine) as session:
                return await inbox.take(
                    session,
                    channel=channel,
                    chat_id=chat_id,
                    services=self.services,
                    now=self.clock(),
                )
        except Exception:
            # Polled in the background: a failure is logged and tried again at the next poll.
            logger.exception("inbox.failed", extra={"channel": channel})
            return []
