"""The overview: this period's progress, reports per day, overdue units, upcoming reminders
and the units no channel can reach."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel.ext.asyncio.session import AsyncSession

from dashboard import strings
from dashboard.auth import guards
from dashboard.common import Picked, pick, table_of
from dashboard.config import DashboardConfig
from dashboard.session import Viewer
from dashboard.web import render
from handlers import texts
from handlers.context import OUTBOX_CHANNELS
from knowledge.periods import next_occurrence, period_start
from reports.export import ExportRow
from reports.figures import vn_share_percent
from scheduler.planner import by_reach
from scheduler.policy import Step
from storage import queries
from storage import reminders as reminder_store
from storage.collation import unit_key
from storage.db import session_scope
from storage.models import Deadline, Unit
from storage.outbox import PULL_CHANNELS, WAITING_BY_CHANNEL, pull_recipients, step_outcomes
from storage.reminders import Recipient
from storage.review import officials_by_unit, reachable

UPCOMING_SHOWN = 4


@dataclass(frozen=True, slots=True)
class StepLine:
    """One reminder step of an upcoming deadline."""

    label: str
    at: datetime
    recipients: int
    passed: bool
    # Of `recipients`, the officials on a pull chat only, whose reminder waits until they open
    # it, counted per chat in words («1 chờ mở trò chuyện web; 1 chờ mở trò chuyện trên dòng
    # lệnh»); "" when none.
    waiting: str = ""
    # For a step whose time has passed: what became of it («đã gửi 3», «bỏ qua: thêm hạn sau
    # ngày nhắc»), from the outbox.
    outcome: str = ""


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A deadline's next due day and its reminder steps."""

    deadline: Deadline
    period: str
    due_on: date
    steps: list[StepLine]


def step_outcome(counts: dict[str, int], *, added_late: bool) -> str:
    """What became of a passed step, in words, from its outbox rows by status (a skipped one
    as `skipped:<reason>`, see `storage.outbox.step_outcomes`)."""
    parts = [
        strings.STEP_OUTCOME[status].format(count=counts[status])
        for status in strings.STEP_OUTCOME
        if counts.get(status)
    ]
    for key, count in sorted(counts.items()):
        status, _, reason = key.partition(":")
        if status != "skipped" or not count:
            continue
        why = texts.SKIP_REASONS.get(reason)
        parts.append(
            strings.STEP_SKIPPED.format(count=count, why=why)
            if why
            else strings.STEP_SKIPPED_PLAIN.format(count=count)
        )
    if parts:
        return "; ".join(parts)
    return strings.STEP_ADDED_LATE if added_late else strings.STEP_NOT_PLANNED


def waiting_words(waiting: Iterable[Recipient]) -> str:
    """The officials whose reminder will wait in a pull chat, counted per chat in the words a
    passed step's waiting rows are counted in; "" when none."""
    counts = Counter(WAITING_BY_CHANNEL[r.channel] for r in waiting)
    return step_outcome(dict(counts), added_late=False) if counts else ""


def step_label(step: Step) -> str:
    """ "Trước hạn 3 ngày", "Đúng ngày hạn", "Sau hạn 1 ngày", "Báo quản trị viên"."""
    if step.is_escalation:
        return strings.STEP_ESCALATE
    if step.offset < 0:
        return strings.STEP_BEFORE.format(days=-step.offset)
    if step.offset == 0:
        return strings.STEP_ON_DAY
    return strings.STEP_AFTER.format(days=step.offset)


def per_day(
    rows: tuple[ExportRow, ...], picked: Picked, today: date, zone: ZoneInfo
) -> tuple[list[tuple[str, int]], int | None]:
    """Reports sent per local day from the period's first day to the due day (or today).

    A report is entered in its own period (or later, when reopened), so no day before the
    first one can hold a report; a one-off survey shows the 90 days before its due day.
    """
    sent = Counter(r.submitted_at.date() for r in rows if r.submitted_at is not None)
    due_day = picked.due.astimezone(zone).date()
    opens = period_start(picked.definition, picked.period)
    if opens is not None:
        first = min([opens, *sent])
    else:
        first = min([due_day - timedelta(days=89), *sent])
        first = max(first, due_day - timedelta(days=120))
    last = max([due_day, min(today, due_day + timedelta(days=30)), *sent])
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    items = [(day.strftime("%d/%m"), sent.get(day, 0)) for day in days]
    marker = days.index(due_day) if due_day in days else None
    return items, marker


async def upcoming(
    session: AsyncSession, config: DashboardConfig, now: datetime
) -> list[Upcoming]:
    """The next due day of each active deadline, soonest first, with each step's send time
    and how many accounts it would reach now."""
    today = now.astimezone(config.zone).date()
    found: list[Upcoming] = []
    for deadline in await reminder_store.active_deadlines(session):
        survey = config.surveys.get(deadline.survey_id or "")
        occurrence = next_occurrence(deadline, today=today, zone=config.zone, survey=survey)
        if occurrence is None:
            continue
        units = await reminder_store.audience_units(session, deadline.audience)
        if deadline.survey_id is not None:
            done = await reminder_store.submitted_unit_ids(
                session, survey_id=deadline.survey_id, period=occurrence.period
            )
            units = [u for u in units if u.id not in done]
        reached = await reminder_store.recipients(
            session,
            unit_ids=[u.id for u in units if u.id is not None],
            channels=config.channels,
            deadline_id=deadline.id,
        )
        waiting = await pull_recipients(
            session,
            unit_ids=[u.id for u in units if u.id is not None],
            channels=config.channels,
            deadline_id=deadline.id,
        )
        admins = by_reach(
            await reminder_store.admin_recipients(session, channels=None), config.channels
        )
        admins_pushed = sum(1 for _, reach in admins if reach == "push")
        admins_waiting = [admin for admin, reach in admins if reach == "pull"]
        policy = config.policy.with_overrides(deadline.policy)
        outcomes = await step_outcomes(
            session, source=f"deadline:{deadline.key}", period=occurrence.period
        )
        steps = [
            StepLine(
                step_label(step),
                at := policy.send_at(occurrence.due_on, step, config.zone),
                admins_pushed + len(admins_waiting)
                if step.is_escalation
                else len(reached) + len(waiting),
                at <= now,
                waiting_words(admins_waiting if step.is_escalation else waiting),
                step_outcome(outcomes.get(step.name, {}), added_late=at < deadline.created_at)
                if at <= now
                else "",
            )
            for step in policy.steps(follow_up=deadline.survey_id is not None)
        ]
        found.append(Upcoming(deadline, occurrence.period, occurrence.due_on, steps))
    found.sort(key=lambda item: item.due_on)
    return found[:UPCOMING_SHOWN]


@dataclass(frozen=True, slots=True)
class Reach:
    """Active units no outbox channel pushes to, by why."""

    # No official registered.
    nobody: list[Unit]
    # Officials only on the web chat (or the console): reminders wait until they open it.
    web_only: list[Unit]
    # Officials only on channels that are off, or that blocked the assistant.
    unreached: list[Unit]

    def lost(self) -> set[int]:
        """The units nothing reaches at all (no official, or no usable account)."""
        return {u.id for u in [*self.nobody, *self.unreached] if u.id is not None}


async def unreachable_units(session: AsyncSession, config: DashboardConfig) -> Reach:
    """Active units no outbox channel pushes to (see `Reach`)."""
    units = await queries.list_units(session)
    officials = await officials_by_unit(session, [u.id for u in units if u.id is not None])
    reach = Reach([], [], [])
    pull = [c for c in PULL_CHANNELS if c not in config.channels]
    for unit in units:
        people = officials.get(unit.id or 0, [])
        if not people:
            reach.nobody.append(unit)
        elif any(reachable(identities, config.channels) for _, identities in people):
            continue
        elif any(reachable(identities, pull) for _, identities in people):
            reach.web_only.append(unit)
        else:
            reach.unreached.append(unit)
    return reach


def _in_words(keep: Callable[[str], bool]) -> str:
    """The outbox channels `keep` keeps, named: «Telegram và Zalo»."""
    return " và ".join(strings.CHANNEL[c] for c in OUTBOX_CHANNELS if keep(c))


def router(config: DashboardConfig) -> APIRouter:
    """`/admin`: the overview."""
    api = APIRouter(prefix="/admin")
    reader, _, _ = guards(config)

    @api.get("", response_class=HTMLResponse, include_in_schema=False)
    async def overview(
        request: Request,
        viewer: Annotated[Viewer, Depends(reader)],
        survey: str | None = None,
        period: str | None = None,
    ) -> HTMLResponse:
        picked = pick(config, survey, period)
        now = config.clock()
        today = now.astimezone(config.zone).date()
        async with session_scope(config.engine) as session:
            table = await table_of(session, config, picked)
            overdue_picked = picked
            if now < picked.due and len(picked.periods) > 1 and picked.period == picked.periods[0]:
                overdue_picked = pick(config, picked.definition.id, picked.periods[1])
            overdue_table = (
                table
                if overdue_picked is picked
                else await table_of(session, config, overdue_picked)
            )
            coming = await upcoming(session, config, now)
            since = await reminder_store.in_use_since(session)
            reach = await unreachable_units(session, config)
        counts = Counter(row.status for row in table.rows)
        total = len(table.rows)
        reported = counts["submitted"] + counts["late"]
        items, marker = per_day(table.rows, picked, today, config.zone)
        # A period that closed before the system was in use is nobody's fault: no unit could
        # report it here, so none is counted overdue (the office can still reopen it).
        before_use = since is not None and overdue_picked.due < since
        overdue = (
            [r for r in overdue_table.rows if r.status in ("missing", "draft")]
            if now >= overdue_picked.due and not before_use
            else []
        )
        return render(
            request,
            "overview.html",
            viewer=viewer,
            zone=config.zone,
            picked=picked,
            counts=counts,
            total=total,
            reported=reported,
            share=vn_share_percent(100 * reported / total if total else 0),
            chart=items,
            chart_max=max([v for _, v in items] or [0]) or 1,
            marker=marker,
            overdue=sorted(overdue, key=lambda r: unit_key(r.kind, r.unit)),
            overdue_label=overdue_picked.label,
            before_use=before_use,
            since=since,
            upcoming=coming,
            reach=reach,
            # The channels reminders are pushed through: those running, and those off.
            pushed=_in_words(lambda channel: channel in config.channels),
            off=_in_words(lambda channel: channel not in config.channels),
            kinds=strings.KIND,
        )

    return api
