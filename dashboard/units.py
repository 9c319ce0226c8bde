"""Units: status, last activity and officials, searchable without diacritics; a unit's page
with its answers, its history and its officials (deactivate one)."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel.ext.asyncio.session import AsyncSession

from dashboard.auth import guards
from dashboard.common import (
    Picked,
    parse_day,
    pick,
    responses,
    sorted_rows,
    table_of,
)
from dashboard.config import DashboardConfig
from dashboard.errors import Refused
from dashboard.report_view import Returning, shown_report
from dashboard.session import Viewer
from dashboard.web import back, render
from handlers import texts
from handlers.choices import fold
from handlers.survey_values import show
from storage import queries
from storage import surveys as survey_store
from storage.db import session_scope
from storage.models import AuditLog, Identity, Official, SurveyResponse, Unit
from storage.review import (
    deactivate_official,
    history,
    officials_by_unit,
    review_state,
    unit_responses,
)

ACTIONS = {
    "survey.answer": "Trả lời",
    "survey.submit": "Gửi báo cáo",
    "survey.revision_discarded": "Bỏ các sửa đổi chưa gửi lại",
    "review.accept": "Văn phòng chấp nhận",
    "review.return": "Văn phòng trả lại",
    "review.reopen": "Văn phòng mở lại kỳ",
}
# An answer changed after the report was sent, not yet re-confirmed (or thrown away since).
PENDING_ANSWER = "Sửa, chưa gửi lại"
DISCARDED_ANSWER = "Sửa, đã bỏ"
# The same kind of change, confirmed since: the report sent again carries it.
RESENT_ANSWER = "Sửa sau khi gửi, đã gửi lại"
# A report the office had accepted, changed and sent again: back for review.
SENT_AFTER_ACCEPT = "Gửi lại sau khi đã chấp nhận"
# An event logged by a later version and not named above still reads as Vietnamese.
OTHER_ACTION = "Thay đổi khác"


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One audit entry in words."""

    at: Any
    action: str
    detail: str
    period: str


def history_lines(
    entries: list[AuditLog],
    reports: dict[str, SurveyResponse],
    surveys: Any,
    names: dict[int, str],
) -> list[HistoryLine]:
    """The audit trail in words: who answered which question with what, and the reviews.

    An answer given after the report was last sent is marked as not re-confirmed (the
    export and the answers table keep the values sent), or as thrown away by a later `/huy`.
    """
    submits: dict[str, list[Any]] = {}
    discards: dict[str, list[Any]] = {}
    for entry in entries:
        if entry.action == "survey.submit":
            submits.setdefault(entry.entity_id, []).append(entry.at)
        elif entry.action == "survey.revision_discarded":
            discards.setdefault(entry.entity_id, []).append(entry.at)
    lines = []
    for entry in entries:
        report = reports.get(entry.entity_id)
        definition = surveys.get(report.survey_id) if report else None
        detail = entry.detail or {}
        words = ""
        if entry.action == "survey.answer" and definition is not None:
            question = next(
                (q for q in definition.questions if q.id == detail.get("question")), None
            )
            if question is not None:
                new = detail.get("new")
                words = f"Câu {definition.number_of(question.id)}: {show(question, new)}"
        elif entry.action == "review.return":
            words = f"Góp ý: {detail.get('comment', '')}"
        action = ACTIONS.get(entry.action, OTHER_ACTION)
        if entry.action == "survey.submit" and detail.get("after_accept"):
            action = SENT_AFTER_ACCEPT
        who = _author(detail, names)
        if who:
            words = f"{words} — {who}" if words else str(who)
        if entry.action == "survey.answer":
            action = (
                _answer_action(
                    entry.at,
                    report.submitted_at if report else None,
                    submits.get(entry.entity_id, []),
                    discards.get(entry.entity_id, []),
                )
                or action
            )
        lines.append(
            HistoryLine(
                entry.at,
                action,
                words,
                report.period if report else "",
            )
        )
    return lines


def _answer_action(at: Any, sent_at: Any, submits: list[Any], discards: list[Any]) -> str:
    """How an answer reads once the report had been sent before it: "" for a first draft,
    else thrown away, sent again since, or still waiting to be sent again."""
    earlier = [t for t in submits if t < at]
    if not earlier and (sent_at is None or at <= sent_at):
        return ""
    later = [t for t in submits if t >= at]
    next_sent = min(later) if later else None
    if any(t >= at and (next_sent is None or t <= next_sent) for t in discards):
        return DISCARDED_ANSWER
    if next_sent is not None:
        return RESENT_ANSWER
    return PENDING_ANSWER


def _author(detail: dict[str, Any], names: dict[int, str]) -> str:
    """Who made a change: the official (anonymous once erased) or the console user."""
    official_id = detail.get("official_id")
    if isinstance(official_id, int):
        return names.get(official_id) or texts.FORMER_OFFICIAL
    return str(detail.get("by") or "")


async def _people(
    session: AsyncSession, unit_ids: list[int]
) -> dict[int, list[tuple[Official, list[Identity]]]]:
    return await officials_by_unit(session, unit_ids)


async def unit_view(
    config: DashboardConfig,
    request: Request,
    viewer: Viewer,
    code: str,
    picked: Picked,
    *,
    typed_until: str = "",
    returning: Returning | None = None,
) -> HTMLResponse:
    """A unit's page: its report of the period, officials and history. `returning` is a return
    the office posted from it and the server refused (shown beside the comment, as typed)."""
    async with session_scope(config.engine) as session:
        unit = await queries.unit_by_code(session, code[:32])
        if unit is None or unit.id is None:
            raise Refused(404, "not_found")
        report = await survey_store.find_response(
            session, survey_id=picked.definition.id, period=picked.period, unit_id=unit.id
        )
        stored = await survey_store.answers_of(session, report.id) if report and report.id else {}
        all_reports = await unit_responses(session, unit_id=unit.id)
        entries = await history(session, [r.id for r in all_reports if r.id is not None])
        officials = (await _people(session, [unit.id]))[unit.id]
        ids = [e.detail.get("official_id") for e in entries if e.detail]
        names = await survey_store.official_names(session, [i for i in ids if isinstance(i, int)])
    lines = history_lines(entries, {str(r.id): r for r in all_reports}, config.surveys, names)
    return render(
        request,
        "unit.html",
        viewer=viewer,
        zone=config.zone,
        status_code=422 if returning else 200,
        path=f"/admin/units/{unit.code}",
        picked=picked,
        unit=unit,
        report=report,
        review=review_state(report),
        shown=shown_report(picked.definition, report, stored),
        history=lines,
        officials=officials,
        past_due=config.clock() > picked.due,
        in_audience=unit.kind in picked.definition.audience,
        typed_until=typed_until,
        returning=returning,
    )


def router(config: DashboardConfig) -> APIRouter:
    """`/admin/units`, `/admin/units/{code}` and deactivating an official."""
    api = APIRouter(prefix="/admin")
    reader, _, actor = guards(config)

    @api.get("/units", response_class=HTMLResponse, include_in_schema=False)
    async def units(
        request: Request,
        viewer: Annotated[Viewer, Depends(reader)],
        survey: str | None = None,
        period: str | None = None,
        q: str = "",
        status: str = "",
    ) -> HTMLResponse:
        picked = pick(config, survey, period)
        async with session_scope(config.engine) as session:
            table = await table_of(session, config, picked)
            reports = await responses(session, picked)
            all_units = {u.code: u for u in await queries.list_units(session)}
            people = await _people(session, [u.id for u in all_units.values() if u.id])
        wanted = fold(q.strip())[:100]
        rows = [
            row
            for row in sorted_rows(table.rows)
            if (not wanted or wanted in fold(row.unit) or wanted in row.code)
            and (not status or row.status == status)
        ]
        listed = []
        for row in rows:
            unit = all_units.get(row.code)
            unit_id = unit.id if unit and unit.id else 0
            listed.append((row, review_state(reports.get(unit_id)), people.get(unit_id, [])))
        return render(
            request,
            "units.html",
            viewer=viewer,
            zone=config.zone,
            picked=picked,
            rows=listed,
            q=q[:100],
            status=status,
            total=len(table.rows),
        )

    @api.get("/units/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def unit_page(
        request: Request,
        code: str,
        viewer: Annotated[Viewer, Depends(reader)],
        survey: str | None = None,
        period: str | None = None,
        until: str | None = None,
    ) -> HTMLResponse:
        picked = pick(config, survey, period)
        # A reopening date refused as past comes back to the form it was typed in.
        typed = parse_day(until[:40]) if until else None
        return await unit_view(
            config,
            request,
            viewer,
            code,
            picked,
            typed_until=f"{typed:%d/%m/%Y}" if typed else "",
        )

    @api.post("/officials/{official_id}/deactivate", include_in_schema=False)
    async def deactivate(
        request: Request, official_id: int, viewer: Annotated[Viewer, Depends(actor)]
    ) -> RedirectResponse:
        async with session_scope(config.engine) as session:
            official = await session.get(Official, official_id)
            if official is None:
                return back("/admin/units", err="not_found")
            unit = await session.get(Unit, official.unit_id) if official.unit_id else None
            await deactivate_official(
                session, official_id=official_id, by=viewer.name, now=config.clock()
            )
        target = f"/admin/units/{unit.code}" if unit else "/admin/units"
        return back(target, ok="deactivated")

    return api
