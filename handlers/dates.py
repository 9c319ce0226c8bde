"""Moments and days shown to users: local time, due days and days left, the Vietnamese way."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers import texts
from knowledge.compose import section_label


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """ "14:05 ngày 30/11/2026" in the local zone."""
    local = moment.astimezone(zone)
    return texts.LOCAL_TIME.format(
        hour=local.hour, minute=local.minute, day=local.day, month=local.month, year=local.year
    )


def change_date(day: date) -> str:
    """A day as the plan and the notes on its changes write it: "01/3/2025"."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def due_text(day: date) -> str:
    """A due day the Vietnamese way: "Thứ Ba, 15/12/2026"."""
    return texts.DUE_DATE.format(
        weekday=texts.WEEKDAYS[day.weekday()], day=day.day, month=day.month, year=day.year
    )


def deadline_line(title: str, section: str | None, due_on: date, today: date) -> str:
    """One coming deadline in a list: its title, due day and days left, and where it comes from
    (the plan's section for the task, the assistant's schedule for the day)."""
    source = (
        texts.LIVE_UPCOMING_CITE.format(label=section_label(section))
        if section
        else texts.LIVE_UPCOMING_OWN
    )
    return texts.LIVE_UPCOMING_LINE.format(
        title=title, due=due_text(due_on), status=status_text(due_on, today), source=source
    )


def status_text(due_on: date, today: date) -> str:
    """ "còn 3 ngày", "hôm nay là hạn cuối" or "đã quá hạn 2 ngày"."""
    days = (due_on - today).days
    if days > 0:
        return texts.DAYS_LEFT.format(days=days)
    if days == 0:
        return texts.DUE_TODAY
    return texts.DAYS_LATE.format(days=-days)
