"""Retention: the scheduler tick prunes the rows derived from chats once they are old enough.

At the first tick after start and then at most once every `RetentionPolicy.every`, rows older
than their table's retention are deleted (the policy and the deletes live in
storage/retention.py; the README's «Dữ liệu cá nhân» section lists every table). Sent
reminders are kept at least `OUTBOX_FLOOR` whatever the setting: the planner may write a
reminder again while it is still fresh, and must find it already written.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from scheduler.policy import ReminderPolicy
from storage import retention as store
from storage.retention import RetentionPolicy

logger = logging.getLogger(__name__)

# Well past the planner's grace (a step older than that is never queued again): an outbox
# row younger than this is kept, so a deleted reminder cannot be planned and sent twice.
OUTBOX_FLOOR = max(timedelta(days=7), 2 * ReminderPolicy().grace)


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
        "conversation": await store.delete_conversations(
            session, before=now - policy.conversation
        ),
        "outbox": await store.delete_settled_messages(
            session, before=now - max(policy.outbox, OUTBOX_FLOOR)
        ),
        # After the outbox: an account is kept while a message row still points at it.
        "identity": await store.delete_stale_identities(session, before=now - policy.identity),
        "audit_log": await store.delete_audit_entries(session, before=now - policy.audit_log),
        "login_attempt": await store.delete_login_attempts(
            session, before=now - policy.login_attempt
        ),
        "console_session": await store.delete_console_sessions(
            session, before=now - policy.console_session
        ),
    }
    total = sum(counts.values())
    if total:
        logger.info("retention.pruned", extra=counts)
    return total
