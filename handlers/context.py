"""What a handler gets for one inbound message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.messages import Inbound
from knowledge import KnowledgeBase
from knowledge.changes import COORDINATING_OFFICE
from knowledge.surveys import SurveyDefinition
from storage.models import Conversation, Identity
from storage.retention import RetentionPolicy

# Channels the outbox can push to, when their token is set: reminders and broadcasts go only
# there (the web chat and the console pull theirs, `storage.outbox.PULL_CHANNELS`).
OUTBOX_CHANNELS: tuple[str, ...] = ("telegram", "zalo")


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived collaborators the core needs, built once by the shell."""

    kb: KnowledgeBase
    zone: ZoneInfo
    telegram_username: str | None = None
    # The key invite codes are hashed with (Settings.invite_pepper_value); kept out of repr.
    invite_pepper: str = field(default="cdsbot-dev-invite-pepper", repr=False)
    surveys: Mapping[str, SurveyDefinition] = field(default_factory=dict)
    # The outbox channels running (token set: `Settings.push_channels`): who counts as reachable.
    reminder_channels: tuple[str, ...] = ()
    # Who coordinates the plan today, named in help, surveys and replies (COORDINATING_OFFICE).
    coordinating_office: str = COORDINATING_OFFICE
    # How long chat-derived data is kept (RETENTION_*), quoted in the personal-data notice.
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)


@dataclass(slots=True)
class Turn:
    """One inbound message being handled inside one transaction."""

    inbound: Inbound
    session: AsyncSession
    now: datetime
    services: Services
    identity: Identity
    conversation: Conversation
    choice: str | None
    command: str | None
    argument: str
    # A code-shaped string found in a short message, as typed (the text itself is masked).
    typed_code: str | None = None
    # The console FAQ entries' revision read with the message (`storage.faq.REVISION`).
    faq_revision: int | None = None

    @property
    def today(self) -> date:
        """The local date of this message (TIMEZONE)."""
        return self.now.astimezone(self.services.zone).date()

    def set_state(self, state: str, data: dict[str, object] | None = None) -> None:
        """Move the chat to a flow state (`idle` ends any flow)."""
        self.conversation.state = state
        self.conversation.data = dict(data or {})
