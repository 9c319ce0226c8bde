"""Messages for chats nothing can be pushed to (the web chat, the console).

The planner's reminders and the provincial office's messages (a report returned with a
comment, a reopened period, «Nhắc các đơn vị chưa gửi») are queued in the outbox for each
official. The sender delivers Telegram and Zalo; an official on neither gets them in the web
chat (or the console) with the reply to their next message there once the chat is not in
the middle of a flow, or when the web page asks (`/api/inbox`, on load and every minute)
whatever step the chat was left at. Those no longer relevant by then are not shown
(`storage.outbox.expire_waiting`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import choices, reminders
from handlers.context import Services
from handlers.messages import Choice, Reply
from storage import outbox
from storage.models import Outbox
from storage.queries import load_conversation


async def as_replies(
    session: AsyncSession, rows: Sequence[Outbox], *, services: Services, now: datetime
) -> list[Reply]:
    """Outbox rows as the replies a chat shows (a reminder's days left as of `now`)."""
    today = now.astimezone(services.zone).date()
    return [
        Reply(
            await reminders.current_text(
                session, row, zone=services.zone, surveys=services.surveys, today=today
            ),
            tuple(Choice(key, label) for key, label in row.choices),
        )
        for row in rows
    ]


async def take(
    session: AsyncSession, *, channel: str, chat_id: str, services: Services, now: datetime
) -> list[Reply]:
    """The messages waiting for a chat, as replies; their buttons join the chat's offered
    choices (so pressing «Sửa báo cáo» works)."""
    replies = await as_replies(
        session,
        await outbox.take_waiting(session, channel=channel, chat_id=chat_id, now=now),
        services=services,
        now=now,
    )
    if any(r.choices for r in replies):
        conversation = await load_conversation(session, channel=channel, chat_id=chat_id, now=now)
        shown = [r.choices for r in replies]
        if conversation.state == outbox.IDLE:
            # The buttons already on the page stay live beside the new ones.
            conversation.choices = choices.encode(shown, still_shown=conversation.choices)
        else:
            # In a flow (a report's question): its choices stay the ones a number picks.
            conversation.choices = choices.add_earlier(conversation.choices, shown)
        conversation.updated_at = now
        session.add(conversation)
    return replies
