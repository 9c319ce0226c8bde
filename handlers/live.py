"""Answers from the assistant's own records: what is due and when, what a report asks, and
whether my unit has reported, each citing the plan section the deadline serves; and where to
see or erase what it keeps on me."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import texts
from handlers.choices import REPORT
from handlers.context import Turn
from handlers.dates import deadline_line, due_text, local_time, status_text
from handlers.messages import Choice, Reply
from handlers.survey_view import period_label
from knowledge.compose import section_label
from knowledge.deadlines import DeadlineSpec, load_deadlines
from knowledge.live_intents import live_intent
from knowledge.periods import next_occurrence
from knowledge.surveys import SurveyDefinition, due_at, period_of
from storage import queries
from storage import reminders as store
from storage.models import Deadline, ResponseStatus, SurveyResponse, Unit
from storage.surveys import answers_of, find_response, pending_changes

# How far ahead "sắp tới" looks.
_UPCOMING = timedelta(days=400)
# The plan's report (IV.1.d) goes «về Ủy ban nhân dân tỉnh (qua Sở Thông tin và Truyền thông)»:
# today through the coordinating office.
REPORT_TO_SECTION = "IV.1.d"


@dataclass(frozen=True, slots=True)
class _Due:
    """A survey's period that is due next, and its deadline's plan section."""

    survey: SurveyDefinition
    period: str
    due: datetime
    section: str


async def answer(turn: Turn) -> list[Reply] | None:
    """A reply from records if the question asks for one, else None (ask the plan)."""
    intent = live_intent(turn.inbound.text)
    if intent is None:
        return None
    if intent == "my_data":
        return [Reply(texts.LIVE_MY_DATA)]
    unit = await _unit(turn)
    if intent == "upcoming":
        return [await _upcoming(turn, unit)]
    due = await _next_report(turn, unit)
    if due is None:
        return [Reply(texts.SURVEY_NONE_FOR_UNIT if unit is not None else texts.LIVE_NO_REPORT)]
    if intent == "report_contents":
        return [_contents(turn, due)]
    if intent == "report_status" and unit is None:
        office = turn.services.coordinating_office
        return [Reply(texts.LIVE_STATUS_UNREGISTERED.format(office=office))]
    return [await _report_due(turn, due, unit)]


async def _unit(turn: Turn) -> Unit | None:
    official = await queries.official_of(turn.session, turn.identity)
    if official is None or official.unit_id is None:
        return None
    return await turn.session.get(Unit, official.unit_id)


async def _sections(turn: Turn) -> dict[str, str]:
    """Survey id → the plan section of its deadline (the database's, else the YAML's)."""
    found = {d.survey_id: d.section for d in await store.active_deadlines(turn.session)}
    for spec in load_deadlines():
        found.setdefault(spec.survey_id, spec.section)
    return {k: v for k, v in found.items() if k}


def _due_of(turn: Turn, survey: SurveyDefinition, section: str) -> _Due:
    """A survey's report due next: this period's, or the next one's once this one has closed."""
    zone = turn.services.zone
    period = period_of(survey, turn.now, zone)
    due = due_at(survey, period, zone)
    if due < turn.now:
        later = turn.now + timedelta(days=1)
        while period_of(survey, later, zone) == period and later < due + timedelta(days=400):
            later += timedelta(days=1)
        period = period_of(survey, later, zone)
        due = due_at(survey, period, zone)
    return _Due(survey, period, due, section)


async def _next_report(turn: Turn, unit: Unit | None) -> _Due | None:
    """The report due next among the unit's surveys."""
    sections = await _sections(turn)
    best: _Due | None = None
    for survey in turn.services.surveys.values():
        if unit is not None and unit.kind not in survey.audience:
            continue
        candidate = _due_of(turn, survey, sections.get(survey.id, ""))
        if best is None or candidate.due < best.due:
            best = candidate
    return best


async def _report_due(turn: Turn, due: _Due, unit: Unit | None) -> Reply:
    zone = turn.services.zone
    local = due.due.astimezone(zone)
    lines = [
        texts.LIVE_DUE.format(
            title=due.survey.title,
            period=period_label(due.period),
            time=f"{local.hour:02d}:{local.minute:02d}",
            due=due_text(local.date()),
            status=status_text(local.date(), turn.today),
        )
    ]
    if due.section == REPORT_TO_SECTION:
        office = turn.services.coordinating_office
        lines.append(texts.LIVE_REPORT_TO.format(office=office, label=section_label(due.section)))
    sent = False
    if unit is not None and unit.id is not None:
        line, sent = await _status_line(turn, due, unit)
        lines.append(line)
    else:
        lines.append(texts.LIVE_HOW_TO_REPORT)
    return _cited(turn, lines, due, choices=(_report_choice(due, sent=sent),))


def _report_choice(due: _Due, *, sent: bool) -> Choice:
    """«Báo cáo ngay», or «Xem báo cáo» once the unit has sent this period's report (it can be
    looked at and edited, not sent again)."""
    label = texts.CHOICE_VIEW_REPORT if sent else texts.CHOICE_REPORT_NOW
    return Choice(REPORT + due.survey.id, label)


async def _status_line(turn: Turn, due: _Due, unit: Unit) -> tuple[str, bool]:
    """The unit's status for the period, and whether it says the report was sent."""
    assert unit.id is not None  # noqa: S101 (a stored unit)
    response = await find_response(
        turn.session, survey_id=due.survey.id, period=due.period, unit_id=unit.id
    )
    period = period_label(due.period)
    if response is not None and response.submitted_at is not None:
        at = local_time(response.submitted_at, turn.services.zone)
        pending = await pending_note(turn.session, response)
        sent = texts.LIVE_UNIT_SENT.format(unit=unit.name, period=period, at=at, pending=pending)
        return sent, True
    if response is not None and response.status == ResponseStatus.DRAFT.value:
        return texts.LIVE_UNIT_DRAFT.format(unit=unit.name, period=period), False
    return texts.LIVE_UNIT_MISSING.format(unit=unit.name, period=period), False


async def pending_note(session: AsyncSession, response: SurveyResponse) -> str:
    """What follows «đã gửi» for a sent report with edits not yet sent again, as `/nhacviec`
    and «hạn nộp báo cáo» both say it («; có 1 câu đã sửa chưa gửi lại (gõ /baocao …)»);
    "" when nothing waits."""
    if response.id is None:
        return ""
    count = len(pending_changes(response, await answers_of(session, response.id)))
    return texts.DEADLINE_REPORT_PENDING.format(count=count) if count else ""


def _contents(turn: Turn, due: _Due) -> Reply:
    survey = due.survey
    lines = [texts.LIVE_CONTENTS_HEAD.format(title=survey.title, count=len(survey.questions))]
    for number, question in enumerate(survey.questions, start=1):
        section = (
            texts.LIVE_CONTENTS_SECTION.format(label=section_label(question.section))
            if question.section
            else ""
        )
        lines.append(
            texts.LIVE_CONTENTS_LINE.format(
                number=number, header=question.header or question.text, section=section
            )
        )
    return _cited(turn, lines, due, choices=(Choice(REPORT + survey.id, texts.CHOICE_REPORT_NOW),))


def _cited(turn: Turn, lines: list[str], due: _Due, *, choices: tuple[Choice, ...]) -> Reply:
    if due.section:
        lines.append(texts.LIVE_CITE.format(label=section_label(due.section)))
        # The reply quotes no plan text: a change is noted only for a body the question names.
        notes = turn.services.kb.notes((), turn.inbound.text)
        lines += [texts.QA_CHANGE_NOTE.format(note=note) for note in notes]
    return Reply("\n".join(lines), choices)


async def _upcoming(turn: Turn, unit: Unit | None) -> Reply:
    """The coming deadlines, each marked as a date of the assistant's schedule (the plan gives
    the task, not always the day), with the report's button when a report is among them."""
    today = turn.today
    shown: list[tuple[date, str]] = []
    reports: dict[str, Choice] = {}
    stored = await store.active_deadlines(turn.session)
    deadlines: list[Deadline] | list[DeadlineSpec] = stored or load_deadlines()
    for deadline in deadlines:
        mine = (
            unit is None or not isinstance(deadline, Deadline) or store.applies_to(deadline, unit)
        )
        if not mine:
            continue
        survey = turn.services.surveys.get(deadline.survey_id or "")
        occurrence = next_occurrence(deadline, today=today, zone=turn.services.zone, survey=survey)
        if occurrence is None or occurrence.due_on > today + _UPCOMING:
            continue
        line = deadline_line(deadline.title, deadline.section, occurrence.due_on, today)
        shown.append((occurrence.due_on, line))
        reported = survey is not None and (unit is None or unit.kind in survey.audience)
        if survey is not None and reported and survey.id not in reports:
            reports[survey.id] = await _upcoming_report(turn, survey, unit)
    if not shown:
        return Reply(texts.LIVE_NO_UPCOMING)
    body = "\n".join(text for _, text in sorted(shown, key=lambda item: item[0]))
    return Reply(f"{texts.LIVE_UPCOMING_HEAD}\n{body}", tuple(reports.values()))


async def _upcoming_report(turn: Turn, survey: SurveyDefinition, unit: Unit | None) -> Choice:
    """The button of a report among the coming deadlines, as «hạn nộp báo cáo» offers it."""
    due = _due_of(turn, survey, "")
    sent = False
    if unit is not None and unit.id is not None:
        _, sent = await _status_line(turn, due, unit)
    return _report_choice(due, sent=sent)
