"""Reminders: deadlines (list, add, edit, remove), the outbox per deadline, «Nhắc các đơn vị
chưa gửi» with a preview and a confirm, and the broadcast form with its audience count."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel.ext.asyncio.session import AsyncSession

from dashboard import limits, strings
from dashboard.auth import guards
from dashboard.common import Picked, parse_day, pick, survey_choices
from dashboard.config import DashboardConfig
from dashboard.overview import unreachable_units
from dashboard.session import Viewer
from dashboard.web import back, render
from handlers import skips, texts
from handlers.choices import REPORT
from handlers.context import OUTBOX_CHANNELS
from handlers.dates import due_text
from handlers.numbers import vn_int
from handlers.reminders import broadcast_nobody
from knowledge.deadlines import DeadlineSpec, load_deadlines
from knowledge.periods import next_occurrence, repeats
from knowledge.sections import typed_section_id
from storage import outbox
from storage import reminders as store
from storage.db import session_scope
from storage.deadline_rules import DeadlineDraft, deadline_problems
from storage.models import Deadline, Unit
from storage.review import notify_units

AUDIENCES = ("communes", "departments", "all")
# The form's choice «Các đơn vị theo mã»: the audience is the codes typed beside it.
BY_CODES = "codes"
EVERY = ("", "month", "quarter", "year")
# Unit names listed for an audience of unit codes before «và N đơn vị khác» (a phone's row).
AUDIENCE_NAMES_SHOWN = 2


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a deadline or a broadcast is for, as a page names it: a group, or its units."""

    group: str
    # Unit names in the order the codes were written (empty for a group).
    names: tuple[str, ...] = ()

    @property
    def shown(self) -> tuple[str, ...]:
        """The names a row has room for; the rest are counted."""
        return self.names[:AUDIENCE_NAMES_SHOWN]

    @property
    def more(self) -> int:
        return max(0, len(self.names) - AUDIENCE_NAMES_SHOWN)


async def audience_of(session: AsyncSession, audience: str) -> Audience:
    """A named group as itself; unit codes as the units' names (a code no unit has as typed)."""
    codes = store.audience_codes(audience)
    if not codes:
        return Audience(audience)
    units = await store.units_by_code(session, codes)
    names = []
    for code in dict.fromkeys(codes):
        unit = units.get(code)
        if unit is None:
            names.append(code)
        elif unit.active:
            names.append(unit.name)
        else:
            names.append(strings.RETIRED_UNIT.format(name=unit.name))
    return Audience("", tuple(names))


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A deadline with its outbox counts and how many of its units no channel reaches."""

    deadline: Deadline
    audience: Audience
    counts: dict[str, int]
    unreachable: int
    # The next due day from today (a recurring deadline's next one); None once it has passed.
    next_due: date | None
    # Units whose officials use only the web chat: their reminders wait until they open it.
    web_only: int = 0
    # The skipped rows by why (`handlers.skips.by_reason`), shown instead of one «Bỏ qua».
    skipped: list[tuple[str, int]] = field(default_factory=list)
    # How often it comes back (`knowledge.periods.repeats`: a survey-linked one by its survey);
    # "" when once.
    every: str = ""


@dataclass(frozen=True, slots=True)
class Broadcast:
    """What the broadcast form holds (empty, or as typed when it is shown again)."""

    audience: str = "communes"
    text: str = ""


@dataclass(frozen=True, slots=True)
class DeadlineForm:
    """The «Thêm hạn» / «Sửa hạn» form's values: a stored deadline's, or as typed."""

    id: str = ""
    title: str = ""
    due: str = ""
    every: str = ""
    # A group (AUDIENCES), or BY_CODES with the unit codes in `codes`.
    audience: str = "communes"
    section: str = ""
    survey: str = ""
    codes: str = ""

    @classmethod
    def of(cls, deadline: Deadline, due_on: date) -> "DeadlineForm":
        """A stored deadline's form, showing `due_on` (its next due day) as the date."""
        grouped = deadline.audience in AUDIENCES
        return cls(
            id=str(deadline.id),
            title=deadline.title,
            due=due_on.strftime("%d/%m/%Y"),
            every=deadline.every or "",
            audience=deadline.audience if grouped else BY_CODES,
            section=deadline.section,
            survey=deadline.survey_id or "",
            codes="" if grouped else deadline.audience,
        )


@dataclass(frozen=True, slots=True)
class DueShown:
    """The due day a deadline's form shows and what it is."""

    day: date
    # False: a one-off deadline whose day has passed (the stored day is shown).
    upcoming: bool
    # The title of the survey whose rule sets the days and the repetition (the form offers
    # neither then), if any, and that repetition (an EVERY key).
    survey: str | None
    repeats: str = ""


@dataclass(frozen=True, slots=True)
class PlanDeadline:
    """What Plan 87/KH-UBND itself says of a deadline (knowledge/deadlines.yaml)."""

    spec: DeadlineSpec
    next_due: date | None


@lru_cache(maxsize=1)
def plan_specs() -> dict[str, DeadlineSpec]:
    """The plan's deadlines by key, as the start-up sync copies them."""
    return {spec.key: spec for spec in load_deadlines()}


@dataclass(frozen=True, slots=True)
class RemindPlan:
    """Who «Nhắc các đơn vị chưa gửi» would reach now."""

    picked: Picked
    missing: list[Unit]
    # Officials it reaches: pushed on a running channel, or waiting in their web chat.
    recipients: int
    # Of `recipients`, those on the web chat only: they see it when they open it.
    waiting: int
    unreachable: int
    text: str
    # Why nobody would receive it (None when someone would): no confirm is offered then.
    nobody: str | None = None
    # Officials of those units already reminded today (one message a day each): not counted
    # in `recipients`, as confirming queues nothing more for them.
    reminded: int = 0


def remind_key(picked: Picked, day: date) -> str:
    """The dedupe key of one click day's «Nhắc các đơn vị chưa gửi» (one message a day each)."""
    return f"remind:{picked.definition.id}:{picked.period}:{day.isoformat()}"


async def _nobody_reminded(
    session: AsyncSession, config: DashboardConfig, picked: Picked, missing: list[Unit]
) -> str:
    """Why «Nhắc các đơn vị chưa gửi» would reach nobody of the units still missing."""
    if not missing:
        return strings.REMIND_NONE_MISSING.format(period=picked.label)
    unit_ids = [u.id for u in missing if u.id is not None]
    officials = await store.official_count(session, unit_ids=unit_ids)
    if officials == 0:
        return strings.REMIND_NOBODY_REGISTERED.format(units=vn_int(len(missing)))
    # The web chat and the console pull: registered officials missed are only on a channel
    # that is off (no token set), or have no account left that is not blocked.
    off = [channel for channel in OUTBOX_CHANNELS if channel not in config.channels]
    if found := await store.recipients(session, unit_ids=unit_ids, channels=off):
        used = {recipient.channel for recipient in found}
        return strings.REMIND_CHANNEL_OFF.format(
            officials=vn_int(len({recipient.official_id for recipient in found})),
            channels=" hoặc ".join(strings.CHANNEL[c] for c in off if c in used),
        )
    return strings.REMIND_NO_ACCOUNT.format(officials=vn_int(officials))


async def _remind_plan(
    session: AsyncSession, config: DashboardConfig, picked: Picked
) -> RemindPlan:
    units = await store.audience_units(session, "all")
    audience = [u for u in units if u.kind in picked.definition.audience]
    done = await store.submitted_unit_ids(
        session, survey_id=picked.definition.id, period=picked.period
    )
    missing = [u for u in audience if u.id not in done]
    unit_ids = [u.id for u in missing if u.id is not None]
    found = await store.recipients(session, unit_ids=unit_ids, channels=config.channels)
    waiting = await outbox.pull_recipients(session, unit_ids=unit_ids, channels=config.channels)
    reached_units = {r.unit_id for r in [*found, *waiting]}
    officials = {r.official_id for r in [*found, *waiting]}
    text = texts.REMIND_MISSING.format(
        office=config.office,
        title=picked.definition.title,
        period=picked.label,
        due=due_text(picked.due.astimezone(config.zone).date()),
    )
    unreachable = sum(1 for u in missing if u.id not in reached_units)
    nobody = None if officials else await _nobody_reminded(session, config, picked, missing)
    today = config.clock().astimezone(config.zone).date()
    reminded = officials & await outbox.officials_keyed(session, remind_key(picked, today))
    fresh = officials - reminded
    waiting_fresh = len({r.official_id for r in waiting} - reminded)
    return RemindPlan(
        picked, missing, len(fresh), waiting_fresh, unreachable, text, nobody, len(reminded)
    )


def _audience_ok(audience: str) -> bool:
    return audience in AUDIENCES or bool(store.audience_codes(audience))


def router(config: DashboardConfig) -> APIRouter:
    """`/admin/reminders` and its forms."""
    api = APIRouter(prefix="/admin")
    reader, _, actor = guards(config)

    @api.get("/reminders", response_class=HTMLResponse, include_in_schema=False)
    async def reminders_page(
        request: Request, viewer: Annotated[Viewer, Depends(reader)], survey: str | None = None
    ) -> HTMLResponse:
        return await page(request, viewer, survey)

    async def page(
        request: Request,
        viewer: Viewer,
        survey: str | None,
        *,
        problem: str | None = None,
        problem_text: str | None = None,
        typed: Broadcast = Broadcast(),
    ) -> HTMLResponse:
        """The reminders page; after a refused broadcast, with the problem and what was typed."""
        picked = pick(config, survey, None)
        async with session_scope(config.engine) as session:
            deadlines = await store.active_deadlines(session)
            counts = await outbox.status_counts(session)
            reasons = await outbox.skipped_reasons(session)
            reach = await unreachable_units(session, config)
            plan = await _remind_plan(session, config, picked)
            lost = reach.lost()
            web_only = {u.id for u in reach.web_only}
            units_listed = await store.audience_units(session, "all")
            today = config.clock().astimezone(config.zone).date()
            rows = []
            for deadline in deadlines:
                units = await store.audience_units(session, deadline.audience)
                definition = config.surveys.get(deadline.survey_id or "")
                upcoming = next_occurrence(
                    deadline, today=today, zone=config.zone, survey=definition
                )
                rows.append(
                    DeadlineRow(
                        deadline,
                        await audience_of(session, deadline.audience),
                        counts.get(f"deadline:{deadline.key}", {}),
                        sum(1 for u in units if u.id in lost),
                        upcoming.due_on if upcoming else None,
                        sum(1 for u in units if u.id in web_only),
                        skips.by_reason(reasons.get(f"deadline:{deadline.key}", {})),
                        repeats(deadline, definition) or "",
                    )
                )
            others = {
                source: by_status
                for source, by_status in counts.items()
                if not source.startswith("deadline:")
            }
        totals: Counter[str] = Counter()
        other_reasons: Counter[str] = Counter()
        for source, by_status in others.items():
            totals.update(by_status)
            other_reasons.update(reasons.get(source, {}))
        return render(
            request,
            "reminders.html",
            viewer=viewer,
            zone=config.zone,
            picked=picked,
            survey_choices=survey_choices(config.surveys),
            rows=rows,
            plan=plan,
            other_counts=dict(totals),
            other_skipped=skips.by_reason(other_reasons),
            statuses=(
                "queued",
                "sending",
                outbox.WAITING,
                outbox.WAITING_CONSOLE,
                "sent",
                "failed",
                "blocked",
                "skipped",
                "expired",
            ),
            audiences=AUDIENCES,
            every=EVERY,
            units=units_listed,
            typed=typed,
            status_code=422 if problem or problem_text else 200,
            problem_key=problem,
            problem_text=problem_text,
            form=DeadlineForm(),
        )

    @api.get("/reminders/remind", response_class=HTMLResponse, include_in_schema=False)
    async def remind_preview(
        request: Request, viewer: Annotated[Viewer, Depends(reader)], survey: str | None = None
    ) -> HTMLResponse:
        picked = pick(config, survey, None)
        async with session_scope(config.engine) as session:
            plan = await _remind_plan(session, config, picked)
        return render(request, "remind.html", viewer=viewer, zone=config.zone, plan=plan)

    @api.post("/reminders/remind", include_in_schema=False)
    async def remind_confirm(
        request: Request,
        viewer: Annotated[Viewer, Depends(actor)],
        survey: Annotated[str, Form(max_length=60)] = "",
    ) -> Response:
        picked = pick(config, survey or None, None)
        now = config.clock()
        day = now.astimezone(config.zone).date()
        async with session_scope(config.engine) as session:
            plan = await _remind_plan(session, config, picked)
            if plan.nobody is not None:
                # The preview offers no confirm then; a posted one is refused the same way.
                return render(
                    request,
                    "remind.html",
                    viewer=viewer,
                    zone=config.zone,
                    plan=plan,
                    status_code=409,
                    problem_text=f"{plan.nobody} {strings.NOTHING_QUEUED}",
                )
            queued = await notify_units(
                session,
                unit_ids=[u.id for u in plan.missing if u.id is not None],
                # One reminder per official per period and click day, however often clicked.
                key=remind_key(picked, day),
                source=f"remind:{picked.definition.id}:{picked.period}",
                kind="reminder",
                text=plan.text,
                choices=[(REPORT + picked.definition.id, texts.CHOICE_REPORT_NOW)],
                # Web-chat and console officials see it when they next open the chat.
                channels=(*config.channels, *outbox.PULL_CHANNELS),
                survey_id=picked.definition.id,
                period=picked.period,
                now=now,
            )
        if not queued:
            # Everyone reachable was already reminded today (one message a day each).
            return back(f"/admin/reminders?survey={picked.definition.id}", ok="reminded_again")
        return back(
            f"/admin/reminders?survey={picked.definition.id}&count={queued}", ok="reminded"
        )

    @api.post("/reminders/broadcast", response_class=HTMLResponse, include_in_schema=False)
    async def broadcast(
        request: Request,
        viewer: Annotated[Viewer, Depends(actor)],
        audience: Annotated[str, Form(max_length=500)] = "communes",
        text: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
        confirm: Annotated[str, Form(max_length=10)] = "",
    ) -> Response:
        message = text.strip()
        typed = Broadcast(audience, text)
        if confirm == "edit":
            # «Hủy» on the preview: back to the form with what was typed, nothing queued.
            return await page(request, viewer, None, typed=typed)
        if too_long := limits.BROADCAST.problem(message):
            return await page(request, viewer, None, problem_text=too_long, typed=typed)
        if not message or not _audience_ok(audience):
            problem = "empty_text" if not message else "bad_deadline"
            return await page(request, viewer, None, problem=problem, typed=typed)
        async with session_scope(config.engine) as session:
            units = await store.audience_units(session, audience)
            found = await store.recipients(
                session,
                unit_ids=[u.id for u in units if u.id is not None],
                channels=config.channels,
            )
            # The reason as `/thongbao` words it: only the running channels receive broadcasts.
            nobody = await broadcast_nobody(session, audience=audience, channels=config.channels)
            shown = await audience_of(session, audience)
            if found and confirm == "yes":
                await outbox.enqueue_broadcast(
                    session,
                    audience=audience,
                    text=texts.BROADCAST_MESSAGE.format(text=message),
                    channels=config.channels,
                    now=config.clock(),
                )
        if not found:
            reason = f"{nobody or ''} {strings.NOTHING_QUEUED}".strip()
            return await page(request, viewer, None, problem_text=reason, typed=typed)
        if confirm == "yes":
            return back("/admin/reminders", ok="broadcast")
        return render(
            request,
            "broadcast.html",
            viewer=viewer,
            zone=config.zone,
            audience=audience,
            shown=shown,
            text=message,
            preview=texts.BROADCAST_MESSAGE.format(text=message),
            count=len(found),
            units=len(units),
        )

    def _due_shown(deadline: Deadline, today: date) -> DueShown:
        """The due day the office acts on: the next one of a series, not its first."""
        definition = config.surveys.get(deadline.survey_id or "")
        upcoming = next_occurrence(deadline, today=today, zone=config.zone, survey=definition)
        return DueShown(
            upcoming.due_on if upcoming else deadline.due_on,
            upcoming is not None,
            definition.title if definition is not None else None,
            definition.period if definition is not None and definition.period in EVERY else "",
        )

    def _plan_of(deadline: Deadline | None, today: date) -> PlanDeadline | None:
        """The plan's own version of a deadline copied from knowledge/deadlines.yaml."""
        if deadline is None or deadline.source not in (store.FROM_PLAN, store.PLAN_EDITED):
            return None
        spec = plan_specs().get(deadline.key)
        if spec is None:
            return None
        definition = config.surveys.get(spec.survey_id or "")
        upcoming = next_occurrence(spec, today=today, zone=config.zone, survey=definition)
        return PlanDeadline(spec, upcoming.due_on if upcoming else None)

    @api.get("/reminders/{deadline_id}", response_class=HTMLResponse, include_in_schema=False)
    async def edit_page(
        request: Request, deadline_id: int, viewer: Annotated[Viewer, Depends(reader)]
    ) -> Response:
        today = config.clock().astimezone(config.zone).date()
        async with session_scope(config.engine) as session:
            deadline = await session.get(Deadline, deadline_id)
            if deadline is None:
                return back("/admin/reminders", err="not_found")
            shown = _due_shown(deadline, today)
            form = DeadlineForm.of(deadline, shown.day)
            return await _form_page(session, request, viewer, deadline, form, [], today)

    async def _form_page(
        session: AsyncSession,
        request: Request,
        viewer: Viewer,
        deadline: Deadline | None,
        form: DeadlineForm,
        problems: list[str],
        today: date,
    ) -> HTMLResponse:
        units = await store.audience_units(session, "all")
        return render(
            request,
            "deadline.html",
            viewer=viewer,
            zone=config.zone,
            deadline=deadline,
            due_shown=_due_shown(deadline, today) if deadline is not None else None,
            plan=_plan_of(deadline, today),
            edited=deadline is not None and deadline.source == store.PLAN_EDITED,
            form=form,
            problems=problems,
            audiences=AUDIENCES,
            every=EVERY,
            units=units,
            survey_choices=survey_choices(config.surveys),
            status_code=422 if problems else 200,
        )

    @api.post("/reminders/save", include_in_schema=False)
    async def save(
        request: Request,
        viewer: Annotated[Viewer, Depends(actor)],
        deadline_id: Annotated[str, Form(max_length=12)] = "",
        title: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
        due: Annotated[str, Form(max_length=40)] = "",
        every: Annotated[str, Form(max_length=20)] = "",
        audience: Annotated[str, Form(max_length=500)] = "",
        section: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
        survey: Annotated[str, Form(max_length=60)] = "",
        audience_codes: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
    ) -> Response:
        if audience not in (*AUDIENCES, BY_CODES):
            # Codes posted as the audience itself (as `cdsbot deadlines add` takes them).
            audience, audience_codes = BY_CODES, audience
        form = DeadlineForm(
            deadline_id, title, due, every, audience, section, survey, audience_codes
        )
        now = config.clock()
        today = now.astimezone(config.zone).date()
        async with session_scope(config.engine) as session:
            deadline = None
            if deadline_id.isdigit():
                deadline = await session.get(Deadline, int(deadline_id))
                if deadline is None:
                    return back("/admin/reminders", err="not_found")
            day = parse_day(due)
            due_on = day.date() if day else None
            if deadline is not None:
                shown = _due_shown(deadline, today)
                if shown.survey is not None or due_on == shown.day:
                    # A survey's rule sets its days (the form has no date then); the next
                    # day shown and kept leaves the series as it was, from its first day.
                    due_on = deadline.due_on
                if shown.survey is not None:
                    # And its periods: the form offers no repetition either.
                    every = deadline.every or ""
            draft = DeadlineDraft(
                title=" ".join(title.split()),
                due_on=due_on,
                # A group chosen, or the unit codes typed beside «Các đơn vị theo mã».
                audience=(audience_codes if audience == BY_CODES else audience).strip(),
                every=every or None,
                section=typed_section_id(section),
                survey_id=survey or None,
            )
            problems = await deadline_problems(
                session,
                draft,
                surveys=config.surveys,
                today=today,
                due_example="ngày/tháng/năm, ví dụ 15/12/2026",
                stored_due=deadline.due_on if deadline else None,
                typed_in="console",
            )
            if audience == BY_CODES and (
                too_long := limits.AUDIENCE_CODES.problem(draft.audience)
            ):
                problems.append(too_long)
            if problems or draft.due_on is None:
                # Nothing is written; the form comes back with what was typed.
                return await _form_page(session, request, viewer, deadline, form, problems, today)
            if deadline is not None:
                # A plan deadline edited stays as the office left it (syncs keep it).
                await store.edit_deadline(
                    session,
                    deadline,
                    title=draft.title,
                    due_on=draft.due_on,
                    audience=draft.audience,
                    every=draft.every,
                    section=draft.section,
                    survey_id=draft.survey_id,
                    by=viewer.name,
                    now=now,
                )
            else:
                await store.add_deadline(
                    session,
                    title=draft.title,
                    due_on=draft.due_on,
                    audience=draft.audience,
                    every=draft.every,
                    section=draft.section,
                    survey_id=draft.survey_id,
                    now=now,
                )
        return back("/admin/reminders", ok="deadline_saved")

    @api.post("/reminders/{deadline_id}/restore", include_in_schema=False)
    async def restore(
        deadline_id: int, viewer: Annotated[Viewer, Depends(actor)]
    ) -> RedirectResponse:
        async with session_scope(config.engine) as session:
            deadline = await session.get(Deadline, deadline_id)
            spec = plan_specs().get(deadline.key) if deadline is not None else None
            if deadline is None or spec is None or deadline.source != store.PLAN_EDITED:
                return back("/admin/reminders", err="not_found")
            await store.restore_plan_deadline(
                session, deadline, spec, by=viewer.name, now=config.clock()
            )
        return back("/admin/reminders", ok="plan_restored")

    @api.post("/reminders/{deadline_id}/remove", include_in_schema=False)
    async def remove(
        deadline_id: int, viewer: Annotated[Viewer, Depends(actor)]
    ) -> RedirectResponse:
        async with session_scope(config.engine) as session:
            deadline = await session.get(Deadline, deadline_id)
            if deadline is None:
                return back("/admin/reminders", err="not_found")
            store.remove_deadline(session, deadline)
        return back("/admin/reminders", ok="deadline_removed")

    return api
