"""Retention: the scheduler tick prunes tables that would otherwise grow forever.

At the first tick after start and then at most once every `RetentionPolicy.every`, rows older
than their table's retention are deleted: processed update keys (`inbound_update`, kept only
to drop a platform's redelivery), wrong invite codes (`invite_attempt`, kept only for the
one-hour lockout) and unanswered questions (`unanswered_question`, kept for the office's
review of what the plan does not cover).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from storage import retention as store

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How long each pruned table keeps its rows, and how often pruning runs."""

    inbound_update: timedelta = timedelta(days=7)
    invite_attempt: timedelta = timedelta(days=2)
    unanswered_question: timedelta = timedelta(days=365)
    every: timedelta = timedelta(hours=1)


async def prune(session: AsyncSession, *, now: datetime, policy: RetentionPolicy) -> int:
    """Delete the rows past their retention; returns how many were deleted."""
    counts = {
        "inbound_update": await store.delete_inbound_updates(
            session, before=now - policy.inbound_update
        ),
        "invite_attempt": await store.delete_invite_attempts(
            session, before=now - policy.invite_attempt
        ),
        "unanswered_question": await store.delete_unanswered_questions(
            session, before=now - policy.unanswered_question
        ),
    }
    total = sum(counts.values())
    if total:
        logger.info("retention.pruned", extra=counts)
    return total
