"""The plain values the dashboard needs from the shell (no `Settings`, no channels)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from knowledge.surveys import SurveyDefinition


@dataclass(frozen=True, slots=True)
class DashboardConfig:
    """Where the dashboard reads from and who may see it."""

    engine: AsyncEngine
    surveys: Mapping[str, SurveyDefinition]
    zone: ZoneInfo
    clock: Callable[[], datetime]
    admin_password: SecretStr | None
    exposed: bool  # reachable from other machines: then a password is required
