"""Date arithmetic of survey periods and deadlines: pure functions, no storage, no I/O.

Periods: which period a moment falls in ("2026-Q4", "2026-11", "2026", "once") and when each
period of a survey is due. Recurrence: a deadline repeats from its first due day `due_on`:
yearly on the same day, quarterly on the same day of the same month of each quarter, monthly
on the same day (clamped to the month's end). A survey-linked deadline whose survey is loaded
takes its periods and due days from the survey definition instead (one source of truth with
the report flow); its own `due_on` then only names the first period reminded (the one it
falls in). Both the handlers and the scheduler use this module, so neither needs the other.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from knowledge.survey_models import ONCE, SurveyDefinition

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")
# Years a report period may name: the plan dates from 2024, so anything outside is a typo
# (and year 0 is no date at all).
MIN_YEAR = 2000
MAX_YEAR = 2099


class InvalidPeriod(ValueError):
    """A period id that is malformed, of another kind than the survey's, or out of range."""

    def __init__(self, period: str, kind: str) -> None:
        super().__init__(
            f"period {period!r} is not a {kind} period of the years {MIN_YEAR}-{MAX_YEAR}"
        )
        self.period = period
        self.kind = kind


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


def typed_period(text: str) -> str:
    """A period id as a person types it, in the form ids take: spaces dropped, «2026-q4» →
    «2026-Q4», «ONCE» → «once»."""
    period = "".join(text.split())
    return ONCE if period.lower() == ONCE else period.upper()


def period_months(definition: SurveyDefinition, period: str) -> tuple[int, list[int]]:
    """The year and months a period id covers.

    Raises:
        InvalidPeriod: the id is malformed, of another kind, or outside MIN_YEAR-MAX_YEAR.
    """
    if definition.period == ONCE:
        if period != ONCE:
            raise InvalidPeriod(period, ONCE)
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
    if (
        match is None
        or kind != definition.period
        or not MIN_YEAR <= int(match["year"]) <= MAX_YEAR
    ):
        raise InvalidPeriod(period, str(definition.period))
    year = int(match["year"])
    if kind == "quarter":
        first = (int(match["quarter"]) - 1) * 3 + 1
        return year, [first, first + 1, first + 2]
    if kind == "month":
        return year, [int(match["month"])]
    return year, list(range(1, 13))


def period_start(definition: SurveyDefinition, period: str) -> date | None:
    """The local day a period opens (a report is entered in its own period: `period_of`), or
    None for a one-off survey, which opens whenever it is loaded.

    Raises:
        InvalidPeriod: as `period_months`.
    """
    if definition.period == ONCE:
        return None
    year, months = period_months(definition, period)
    return date(year, months[0], 1)


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


Every = Literal["month", "quarter", "year"]
EVERY: tuple[Every, ...] = ("month", "quarter", "year")


class Recurring(Protocol):
    """What recurrence needs of a deadline (the `Deadline` row has these fields)."""

    @property
    def due_on(self) -> date: ...

    @property
    def every(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One period of a deadline and its local due day."""

    period: str
    due_on: date


def _months_step(every: str) -> int:
    return {"month": 1, "quarter": 3, "year": 12}[every]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _survey_occurrences(
    survey: SurveyDefinition, *, first: date, start: date, end: date, zone: ZoneInfo
) -> list[Occurrence]:
    """The survey's periods due (local day) in [start, end], from the period of `first` on."""
    noon = time(12)
    first_period = period_of(survey, datetime.combine(first, noon, tzinfo=zone))
    first_due = due_at(survey, first_period, zone).astimezone(zone).date()
    # A period is due inside itself, so only periods overlapping [start, end] can qualify.
    periods: list[str] = []
    month = date(start.year, start.month, 1)
    while month <= end:
        period = period_of(survey, datetime.combine(month, noon, tzinfo=zone))
        if period not in periods:
            periods.append(period)
        month = _add_months(month, 1)
    found = []
    for period in periods:
        due_on = due_at(survey, period, zone).astimezone(zone).date()
        if max(start, first_due) <= due_on <= end:
            found.append(Occurrence(period, due_on))
    return found


def occurrences(
    deadline: Recurring,
    *,
    start: date,
    end: date,
    zone: ZoneInfo,
    survey: SurveyDefinition | None = None,
) -> list[Occurrence]:
    """Occurrences with a due day in [start, end], oldest first.

    With the deadline's `survey` definition, its periods and due days (in `zone`) are used.
    """
    if survey is not None:
        return _survey_occurrences(survey, first=deadline.due_on, start=start, end=end, zone=zone)
    every = deadline.every
    if every is None:
        due = deadline.due_on
        return [Occurrence(ONCE, due)] if start <= due <= end else []
    step = _months_step(every)
    anchor = deadline.due_on
    # Jump close to `start` instead of walking from the anchor month by month.
    skip = max(0, ((start.year - anchor.year) * 12 + start.month - anchor.month) // step - 1)
    found: list[Occurrence] = []
    index = skip
    while (due := _add_months(anchor, index * step)) <= end:
        if due >= start:
            found.append(Occurrence(period_id(every, due), due))
        index += 1
    return found


def repeats(deadline: Recurring, survey: SurveyDefinition | None = None) -> str | None:
    """How often a deadline comes back ("month", "quarter", "year"; None: once). With its
    `survey` definition, the survey's period, as `occurrences` follows it."""
    if survey is not None:
        return None if survey.period == ONCE else survey.period
    return deadline.every


def next_occurrence(
    deadline: Recurring,
    *,
    today: date,
    zone: ZoneInfo,
    survey: SurveyDefinition | None = None,
) -> Occurrence | None:
    """The first occurrence due today or later, if any."""
    # Far enough for the first of any recurrence, and for a first due day years ahead.
    later = max(today, deadline.due_on)
    horizon = date(later.year + 2, later.month, 1)
    found = occurrences(deadline, start=today, end=horizon, zone=zone, survey=survey)
    return found[0] if found else None
