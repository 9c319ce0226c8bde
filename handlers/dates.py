"""Moments shown to users: local time, written the Vietnamese way."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import texts


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """ "14:05 ngày 30/11/2026" in the local zone."""
    local = moment.astimezone(zone)
    return texts.LOCAL_TIME.format(
        hour=local.hour, minute=local.minute, day=local.day, month=local.month, year=local.year
    )
