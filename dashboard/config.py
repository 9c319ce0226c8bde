"""The plain values the console needs from the shell (no `Settings`, no channels)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from knowledge import KnowledgeBase
from knowledge.changes import COORDINATING_OFFICE
from knowledge.surveys import SurveyDefinition
from reports.docx_layout import Issuer
from scheduler.policy import ReminderPolicy


@dataclass(frozen=True, slots=True)
class DashboardConfig:
    """Where the console reads from, and what it needs to act."""

    engine: AsyncEngine
    surveys: Mapping[str, SurveyDefinition]
    zone: ZoneInfo
    clock: Callable[[], datetime]
    kb: KnowledgeBase
    policy: ReminderPolicy = field(default_factory=ReminderPolicy)
    # Channels the outbox pushes to, those running (reminders, returned reports, broadcasts).
    channels: tuple[str, ...] = ()
    telegram_username: str | None = None
    invite_pepper: str = field(default="cdsbot-dev-invite-pepper", repr=False)
    # Who issues the consolidated report downloaded from the results page.
    issuer: Issuer = field(default_factory=Issuer)
    # The coordinating office (COORDINATING_OFFICE), named in the messages officials get.
    office: str = COORDINATING_OFFICE
