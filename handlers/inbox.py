"""Messages for chats nothing can be pushed to (the web chat, the console).

The provincial office's messages (a report returned with a comment) are queued in the outbox
for every official, whatever their channel. The sender delivers Telegram and Zalo; a web or
console chat gets its waiting messages after its next reply, or when the web page asks
(`/api/inbox`, on load and every minute), once the chat is not in the middle of a flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import choices
from handlers.messages import Choice, Reply
from storage import outbox
from storage.models import Outbox
from storage.queries import load_conversation


def as_replies(rows: Sequence[Outbox]) -> list[Reply]:
    """Outbox rows as the replies a chat shows."""
    return [
        Reply(row.text, tuple(Choice(key, label) for key, label in row.choices)) for row in rows
    ]


async def take(session: AsyncSession, *, channel: str, chat_id: str, now: datetime) -> list[Reply]:
    """The messages waiting for a chat, as replies; their buttons become the chat's last
    offered choices (so pressing «Sửa báo cáo» works)."""
    replies = as_replies(
        await outbox.take_waiting(session, channel=channel, chat_id=chat_id, now=now)
    )
    offered = next((r.choices for r in reversed(replies) if r.choices), ())
    if offered:
        conversation = await load_conversation(session, channel=channel, chat_id=chat_id, now=now)
        conversation.choices = choices.encode(offered)
        conversation.updated_at = now
        session.add(conversation)
    return replies
