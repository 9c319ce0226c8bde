"""Review: accept a report, or return it with a comment (the unit's officials get it in chat
and the report reopens for editing); late filing reopens a past period until a date."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

from dataclasses import dataclass
from datetime import datetime, time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel.ext.asyncio.session import AsyncSession

from dashboard import limits, strings
from dashboard.auth import guards
from dashboard.common import Picked, parse_day, pick, responses, table_of
from dashboard.config import DashboardConfig
from dashboard.report_view import Returning, ShownReport, shown_report
from dashboard.session import Viewer
from dashboard.units import unit_view
from dashboard.web import back, render
from handlers import texts
from handlers.choices import REPORT
from handlers.dates import local_time
from handlers.survey_view import period_label
from knowledge.periods import due_at
from reports.export import ExportRow
from storage import queries
from storage import surveys as survey_store
from storage.collation import unit_key
from storage.db import session_scope
from storage.models import ResponseStatus, SurveyResponse, Unit
from storage.outbox import PULL_CHANNELS, REOPEN_SOURCE
from storage.review import accept, give_back, notify_units, reopen, review_state

ACCEPT_SOURCE = "accept:"
GROUPS = ("waiting", "resubmitted", "changed", "returned", "accepted")
# The groups whose reports await the office's decision.
DECIDE = ("waiting", "resubmitted", "changed")


@dataclass(frozen=True, slots=True)
class Listed:
    """A unit's report on «Duyệt báo cáo», with its answers and whether the unit is editing
    it (as its page shows them)."""

    code: str
    unit: str
    report: SurveyResponse
    shown: ShownReport
    late: bool


async def review_view(
    config: DashboardConfig,
    request: Request,
    viewer: Viewer,
    picked: Picked,
    *,
    returning: Returning | None = None,
) -> HTMLResponse:
    """«Duyệt báo cáo»: the period's reports by review state. `returning` is a return the
    server refused: that report stays open, its comment as typed, the problem beside it."""
    found: list[tuple[str, ExportRow, SurveyResponse]] = []
    async with session_scope(config.engine) as session:
        table = await table_of(session, config, picked)
        reports = await responses(session, picked)
        units = {u.code: u for u in await queries.list_units(session)}
        for row in sorted(table.rows, key=lambda r: unit_key(r.kind, r.unit)):
            unit = units.get(row.code)
            report = reports.get(unit.id or 0) if unit else None
            if report is None:
                continue
            state = review_state(report)
            if state == "" and report.status == ResponseStatus.SUBMITTED.value:
                state = "waiting"
            if state in GROUPS:
                found.append((state, row, report))
        stored = await survey_store.answers_by_response(
            session, [r.id for _, _, r in found if r.id is not None]
        )
    groups: dict[str, list[Listed]] = {g: [] for g in GROUPS}
    for group, row, report in found:
        shown = shown_report(picked.definition, report, stored.get(report.id or 0, {}))
        sent = report.submitted_at
        late = sent is not None and sent > picked.due
        groups[group].append(Listed(row.code, row.unit, report, shown, late))
    return render(
        request,
        "review.html",
        viewer=viewer,
        zone=config.zone,
        status_code=422 if returning else 200,
        path="/admin/review",
        picked=picked,
        groups=groups,
        decide=DECIDE,
        returning=returning,
    )


def router(config: DashboardConfig) -> APIRouter:
    """`/admin/review` and its actions."""
    api = APIRouter(prefix="/admin")
    reader, _, actor = guards(config)

    @api.get("/review", response_class=HTMLResponse, include_in_schema=False)
    async def review_page(
        request: Request,
        viewer: Annotated[Viewer, Depends(reader)],
        survey: str | None = None,
        period: str | None = None,
    ) -> HTMLResponse:
        return await review_view(config, request, viewer, pick(config, survey, period))

    async def _target(report: SurveyResponse, return_to: str) -> str:
        """Where a decision leads back: the review list it was taken on, or the unit's page."""
        query = f"survey={report.survey_id}&period={report.period}"
        if return_to == "review":
            return f"/admin/review?{query}"
        async with session_scope(config.engine) as session:
            unit = await session.get(Unit, report.unit_id)
        code = unit.code if unit else ""
        return f"/admin/units/{code}?{query}"

    @api.post("/review/{response_id}/accept", include_in_schema=False)
    async def accept_report(
        response_id: int,
        viewer: Annotated[Viewer, Depends(actor)],
        return_to: Annotated[str, Form(max_length=10)] = "",
    ) -> RedirectResponse:
        async with session_scope(config.engine) as session:
            report = await session.get(SurveyResponse, response_id)
            if report is None:
                return back("/admin/review", err="not_found")
            if report.status != ResponseStatus.SUBMITTED.value:
                return back(await _target(report, return_to), err="not_submitted")
            now = config.clock()
            await accept(session, report, by=viewer.name, now=now)
            definition = config.surveys.get(report.survey_id)
            if definition is not None:
                due = due_at(definition, report.period, config.zone)
                text = texts.REVIEW_ACCEPTED.format(
                    office=config.office,
                    title=definition.title,
                    period=period_label(report.period),
                )
                if now < due:
                    edit = texts.REVIEW_ACCEPTED_EDIT.format(
                        office=config.office, due=local_time(due, config.zone)
                    )
                    text = f"{text}\n{edit}"
                await notify_units(
                    session,
                    unit_ids=[report.unit_id],
                    key=f"{ACCEPT_SOURCE}{report.id}:{report.version}",
                    source=f"{ACCEPT_SOURCE}{report.id}",
                    kind="review",
                    text=text,
                    choices=[],
                    # Like a return notice: web-chat officials get it with their next
                    # message, and nobody is shown it once the unit has sent the report again.
                    channels=(*config.channels, *PULL_CHANNELS),
                    survey_id=report.survey_id,
                    period=report.period,
                    now=now,
                )
        return back(await _target(report, return_to), ok="accepted")

    async def _refused_return(
        request: Request,
        viewer: Viewer,
        report: SurveyResponse,
        return_to: str,
        typed: str,
        problem: str,
    ) -> HTMLResponse:
        """The page the return was posted from, the report open with the comment as typed
        and the problem beside it (nothing is written)."""
        picked = pick(config, report.survey_id, report.period)
        returning = Returning(report.id or 0, typed, problem)
        if return_to == "review":
            return await review_view(config, request, viewer, picked, returning=returning)
        async with session_scope(config.engine) as session:
            unit = await session.get(Unit, report.unit_id)
        code = unit.code if unit else ""
        return await unit_view(config, request, viewer, code, picked, returning=returning)

    async def _give_back(
        session: AsyncSession, report: SurveyResponse, comment: str, *, by: str
    ) -> None:
        """Return a sent report with the office's comment; tell the unit's officials."""
        now = config.clock()
        await give_back(session, report, comment=comment, by=by, now=now)
        definition = config.surveys.get(report.survey_id)
        title = definition.title if definition else report.survey_id
        await notify_units(
            session,
            unit_ids=[report.unit_id],
            key=f"review:{report.id}:{report.version}",
            source=f"review:{report.id}",
            kind="review",
            text=texts.REVIEW_RETURNED.format(
                office=config.office,
                title=title,
                period=period_label(report.period),
                comment=comment,
            ),
            choices=[(REPORT + report.survey_id, texts.CHOICE_FIX_REPORT)],
            # Web-chat and console officials get it with their next message.
            channels=(*config.channels, *PULL_CHANNELS),
            # Not shown once the unit has sent the report again.
            survey_id=report.survey_id,
            period=report.period,
            now=now,
        )

    @api.post("/review/{response_id}/return", include_in_schema=False)
    async def return_report(
        request: Request,
        response_id: int,
        viewer: Annotated[Viewer, Depends(actor)],
        comment: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
        return_to: Annotated[str, Form(max_length=10)] = "",
    ) -> Response:
        text = " ".join(comment.split())
        problem = limits.COMMENT.problem(text) if text else strings.PROBLEMS["empty_comment"]
        async with session_scope(config.engine) as session:
            report = await session.get(SurveyResponse, response_id)
            if report is None:
                return back("/admin/review", err="not_found")
            if report.status != ResponseStatus.SUBMITTED.value:
                return back(await _target(report, return_to), err="not_submitted")
            if problem is None:
                await _give_back(session, report, text, by=viewer.name)
        if problem is not None:
            return await _refused_return(request, viewer, report, return_to, comment, problem)
        return back(await _target(report, return_to), ok="returned")

    @api.post("/review/reopen", include_in_schema=False)
    async def reopen_period(
        viewer: Annotated[Viewer, Depends(actor)],
        unit: Annotated[str, Form(max_length=32)] = "",
        survey: Annotated[str, Form(max_length=60)] = "",
        period: Annotated[str, Form(max_length=20)] = "",
        until: Annotated[str, Form(max_length=40)] = "",
    ) -> RedirectResponse:
        picked = pick(config, survey, period)
        target = f"/admin/units/{unit}?survey={picked.definition.id}&period={picked.period}"
        day = parse_day(until)
        if day is None:
            return back(target, err="bad_date")
        end = datetime.combine(day.date(), time(23, 59), tzinfo=config.zone)
        now = config.clock()
        if end <= now:
            # The form keeps the date (a date we format, no free text in the URL).
            return back(f"{target}&until={day:%d/%m/%Y}", err="past_date")
        async with session_scope(config.engine) as session:
            found = await queries.unit_by_code(session, unit)
            if found is None or found.id is None:
                return back("/admin/units", err="not_found")
            report = await survey_store.get_or_create_response(
                session,
                survey_id=picked.definition.id,
                period=picked.period,
                unit_id=found.id,
                now=now,
            )
            await reopen(session, report, until=end, by=viewer.name, now=now)
            await notify_units(
                session,
                unit_ids=[found.id],
                key=f"{REOPEN_SOURCE}{report.id}:{report.version}",
                source=f"{REOPEN_SOURCE}{report.id}",
                kind="review",
                text=texts.REPORT_REOPENED.format(
                    office=config.office,
                    title=picked.definition.title,
                    period=picked.label,
                    until=end.strftime("%d/%m/%Y"),
                ),
                choices=[(REPORT + picked.definition.id, texts.CHOICE_REPORT_NOW)],
                # Web-chat and console officials see it when they next open the chat, while
                # the reopening lasts (the survey period lets the tick tell when it is over).
                channels=(*config.channels, *PULL_CHANNELS),
                survey_id=picked.definition.id,
                period=picked.period,
                now=now,
            )
        return back(target, ok="reopened")

    return api
