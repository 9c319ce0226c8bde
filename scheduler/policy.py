"""When reminders go out: days before and after a due date, the hour, quiet hours, weekends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SATURDAY = 5


def parse_days(text: str) -> tuple[int, ...]:
    """ "7,3,1,0" → (7, 3, 1, 0); every item a non-negative whole number of days."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    days = tuple(int(item) for item in items)
    if any(day < 0 for day in days):
        raise ValueError("days must not be negative")
    return days


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """ "20:00-07:00" → (20:00, 07:00); an empty text means no quiet hours."""
    if not text.strip():
        return time(0, 0), time(0, 0)
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-", 1))
    return start, end


@dataclass(frozen=True, slots=True)
class Step:
    """One reminder of an occurrence: `offset` days from the due day (negative = before)."""

    name: str
    offset: int

    @property
    def is_escalation(self) -> bool:
        """The message to the admins after the last reminder."""
        return self.name == ESCALATE


ESCALATE = "escalate"


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """The reminder schedule; a deadline may override any field (see `with_overrides`)."""

    send_hour: int = 8
    before_days: tuple[int, ...] = (7, 3, 1, 0)
    after_days: tuple[int, ...] = (1, 3, 7)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(7, 0)
    skip_weekends: bool = False
    # A step this much older than now is no longer worth sending (long downtime).
    grace: timedelta = timedelta(days=3)

    def with_overrides(self, overrides: Mapping[str, object]) -> ReminderPolicy:
        """This policy with a deadline's own values (same names as the settings)."""
        policy = self
        if isinstance(hour := overrides.get("send_hour"), int):
            policy = replace(policy, send_hour=hour)
        if isinstance(before := overrides.get("before_days"), str | list):
            policy = replace(policy, before_days=_days(before))
        if isinstance(after := overrides.get("after_days"), str | list):
            policy = replace(policy, after_days=_days(after))
        if isinstance(quiet := overrides.get("quiet_hours"), str):
            start, end = parse_quiet_hours(quiet)
            policy = replace(policy, quiet_start=start, quiet_end=end)
        if isinstance(skip := overrides.get("skip_weekends"), bool):
            policy = replace(policy, skip_weekends=skip)
        return policy

    def steps(self, *, follow_up: bool) -> list[Step]:
        """Steps in time order; after the due day only when completion can be checked."""
        steps = [Step(f"T-{days}d", -days) for days in sorted(set(self.before_days), reverse=True)]
        if follow_up and self.after_days:
            after = sorted(set(self.after_days))
            steps += [Step(f"T+{days}d", days) for days in after]
            steps.append(Step(ESCALATE, after[-1]))
        return steps

    def is_quiet(self, moment: time) -> bool:
        """Whether a local time of day falls in the quiet hours."""
        start, end = self.quiet_start, self.quiet_end
        if start == end:
            return False
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end

    def next_allowed(self, local: datetime) -> datetime:
        """The first local moment at or after `local` outside quiet hours and weekends."""
        moment = local
        for _ in range(8):
            if self.is_quiet(moment.timetz().replace(tzinfo=None)):
                day = moment.date() if moment.time() < self.quiet_end else _next(moment.date())
                moment = datetime.combine(day, self.quiet_end, tzinfo=moment.tzinfo)
                continue
            if self.skip_weekends and moment.weekday() >= SATURDAY:
                day = moment.date() + timedelta(days=7 - moment.weekday())
                moment = datetime.combine(day, time(self.send_hour), tzinfo=moment.tzinfo)
                continue
            return moment
        return moment

    def send_at(self, due_on: date, step: Step, zone: ZoneInfo) -> datetime:
        """When a step goes out, in UTC: its day at the send hour, moved out of quiet times."""
        day = due_on + timedelta(days=step.offset)
        local = datetime.combine(day, time(self.send_hour), tzinfo=zone)
        return self.next_allowed(local).astimezone(UTC)


def _next(day: date) -> date:
    return day + timedelta(days=1)


def _days(value: str | list[object]) -> tuple[int, ...]:
    if isinstance(value, str):
        return parse_days(value)
    return tuple(int(str(item)) for item in value)
