"""Periods and deadlines: which period a moment falls in, and when each period is due."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from knowledge.survey_models import ONCE, SurveyDefinition

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


def period_of(definition: SurveyDefinition, when: datetime, zone: ZoneInfo | None = None) -> str:
    """The id of the period a local moment falls in: "2026-Q4", "2026-11", "2026" or "once".

    `when` is read on its own wall clock, or converted to `zone` first when one is given.
    """
    local = when.astimezone(zone) if zone is not None else when
    return period_id(definition.period, local.date())


def period_id(kind: str | None, day: date) -> str:
    """The id of the `kind` ("month", "quarter", "year"; else once) period containing `day`."""
    if kind == "month":
        return f"{day.year}-{day.month:02d}"
    if kind == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind == "year":
        return str(day.year)
    return ONCE


def period_months(definition: SurveyDefinition, period: str) -> tuple[int, list[int]]:
    """The year and months a period id covers; raises ValueError for a malformed id."""
    if definition.period == ONCE:
        if period != ONCE:
            raise ValueError(f"period {period!r} is not 'once'")
        assert definition.due.date is not None  # noqa: S101 (checked on load)
        return definition.due.date.year, [definition.due.date.month]
    match = _PERIOD.match(period)
    kind = (
        "quarter"
        if match and match["quarter"]
        else "month"
        if match and match["month"]
        else "year"
    )
    if match is None or kind != definition.period:
        raise ValueError(f"period {period!r} is not a {definition.period} period")
    year = int(match["year"])
    if kind == "quarter":
        first = (int(match["quarter"]) - 1) * 3 + 1
        return year, [first, first + 1, first + 2]
    if kind == "month":
        return year, [int(match["month"])]
    return year, list(range(1, 13))


def due_at(definition: SurveyDefinition, period: str, zone: ZoneInfo) -> datetime:
    """The deadline of a period in UTC, from the definition's local-time due rule."""
    due = definition.due
    hour, minute = (int(part) for part in due.time.split(":"))
    if definition.period == ONCE:
        period_months(definition, period)
        assert due.date is not None  # noqa: S101 (checked on load)
        local = datetime.combine(due.date, time(hour, minute), tzinfo=zone)
        return local.astimezone(UTC)
    year, months = period_months(definition, period)
    rule = due.month_of_period
    month = months[0] if rule == "first" else months[-1] if rule == "last" else months[rule - 1]
    last_day = calendar.monthrange(year, month)[1]
    day = last_day if due.day == "last" else min(due.day, last_day)
    return datetime(year, month, day, hour, minute, tzinfo=zone).astimezone(UTC)
