"""Survey responses and answers: one response per unit, survey and period, shared by the unit.

Writers use optimistic locking: every change bumps `survey_response.version` with
`UPDATE ... WHERE version = :seen`, so a writer that saw an older version changes nothing and
is told so (on PostgreSQL the second UPDATE waits for the first transaction, then finds the
version moved). These functions never commit.

A submitted report keeps the answers it was submitted with in `survey_response.confirmed`.
Edits made after that are saved at once (so the unit can continue on any channel) but form a
pending revision: exports read the confirmed answers until the revision is re-confirmed
(`submit`) or thrown away (`discard_revision`).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.collation import unit_key
from storage.models import Answer, AuditLog, Official, ResponseStatus, SurveyResponse, Unit
from storage.queries import audit, insert_ignore
from storage.review import ACCEPTED, CHANGED

ENTITY = "survey_response"


async def find_response(
    session: AsyncSession, *, survey_id: str, period: str, unit_id: int
) -> SurveyResponse | None:
    """A unit's response for a survey period, if one was started."""
    statement = select(SurveyResponse).where(
        SurveyResponse.survey_id == survey_id,
        SurveyResponse.period == period,
        SurveyResponse.unit_id == unit_id,
    )
    return (await session.exec(statement)).first()


async def get_or_create_response(
    session: AsyncSession, *, survey_id: str, period: str, unit_id: int, now: datetime
) -> SurveyResponse:
    """The unit's response, created as a draft on first use (never twice: unique + ignore)."""
    await insert_ignore(
        session,
        SurveyResponse,
        {
            "survey_id": survey_id,
            "period": period,
            "unit_id": unit_id,
            "status": ResponseStatus.DRAFT.value,
            "version": 0,
            "created_at": now,
            "updated_at": now,
        },
    )
    response = await find_response(session, survey_id=survey_id, period=period, unit_id=unit_id)
    assert response is not None  # noqa: S101 (inserted or already there)
    return response


async def reload(session: AsyncSession, response_id: int) -> SurveyResponse | None:
    """The response as currently committed (bypassing the session's cached copy)."""
    statement = (
        select(SurveyResponse)
        .where(SurveyResponse.id == response_id)
        .execution_options(populate_existing=True)
    )
    return (await session.exec(statement)).first()


async def answers_of(session: AsyncSession, response_id: int) -> dict[str, Any]:
    """Question id → stored value (None means skipped) for one response."""
    statement = select(Answer).where(Answer.response_id == response_id)
    return {a.question_id: a.value for a in (await session.exec(statement)).all()}


async def answers_by_response(
    session: AsyncSession, response_ids: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """Answers of several responses at once."""
    ids = list(response_ids)
    result: dict[int, dict[str, Any]] = {i: {} for i in ids}
    if ids:
        statement = select(Answer).where(col(Answer.response_id).in_(ids))
        for answer in (await session.exec(statement)).all():
            result[answer.response_id][answer.question_id] = answer.value
    return result


async def answer_author(
    session: AsyncSession, *, response_id: int, question_id: str
) -> int | None:
    """The official who last changed one answer, if known."""
    statement = select(Answer.updated_by).where(
        Answer.response_id == response_id, Answer.question_id == question_id
    )
    return (await session.exec(statement)).first()


def confirmed_answers(response: SurveyResponse, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers that count: the confirmed ones of a submitted report, else `answers`."""
    if response.status == ResponseStatus.SUBMITTED.value and response.confirmed is not None:
        return dict(response.confirmed)
    return answers


def pending_changes(
    response: SurveyResponse, answers: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Question id → {"old", "new"} for every answer edited since the last submission."""
    if response.status != ResponseStatus.SUBMITTED.value or response.confirmed is None:
        return {}
    confirmed = response.confirmed
    return {
        question: {"old": confirmed.get(question), "new": answers.get(question)}
        for question in sorted(set(confirmed) | set(answers))
        if question not in confirmed
        or question not in answers
        or confirmed[question] != answers[question]
    }


def reopens_review(response: SurveyResponse, answers: dict[str, Any]) -> bool:
    """Whether sending `answers` changes a report the office accepted (also one reopened for
    late filing since): it then goes back for review."""
    return response.review == ACCEPTED and answers != (response.confirmed or {})


async def _bump(
    session: AsyncSession,
    *,
    response_id: int,
    expected_version: int,
    official_id: int | None,
    now: datetime,
    **values: Any,
) -> bool:
    """Move the version on; by default the change is the unit's last update (now, by them)."""
    changed = {"updated_at": now, "updated_by": official_id, **values}
    statement = (
        update(SurveyResponse)
        .where(col(SurveyResponse.id) == response_id)
        .where(col(SurveyResponse.version) == expected_version)
        .values(version=expected_version + 1, **changed)
        .execution_options(synchronize_session=False)
    )
    result = await session.exec(statement)
    return bool(result.rowcount)


async def save_answer(
    session: AsyncSession,
    *,
    response_id: int,
    expected_version: int,
    question_id: str,
    value: Any,
    official_id: int | None,
    identity_id: int | None,
    now: datetime,
) -> bool:
    """Store one answer and log old and new value; False (nothing written) on a stale version."""
    if not await _bump(
        session,
        response_id=response_id,
        expected_version=expected_version,
        official_id=official_id,
        now=now,
    ):
        return False
    statement = select(Answer).where(
        Answer.response_id == response_id, Answer.question_id == question_id
    )
    answer = (await session.exec(statement)).first()
    old = None if answer is None else answer.value
    if answer is None:
        answer = Answer(response_id=response_id, question_id=question_id)
    answer.value = value
    answer.updated_at = now
    answer.updated_by = official_id
    session.add(answer)
    audit(
        session,
        action="survey.answer",
        now=now,
        identity_id=identity_id,
        entity=ENTITY,
        entity_id=str(response_id),
        detail={
            "question": question_id,
            "old": old,
            "new": value,
            "official_id": official_id,
            "version": expected_version + 1,
        },
    )
    await session.flush()
    return True


async def submit(
    session: AsyncSession,
    *,
    response_id: int,
    expected_version: int,
    official_id: int | None,
    identity_id: int | None,
    now: datetime,
) -> bool:
    """Mark a response submitted now (first time or re-confirmed); False on a stale version.

    The current answers become the confirmed ones; the audit entry of a re-confirmation lists
    every changed answer with its old (last confirmed) and new value. A report the office had
    accepted that is sent again with changes goes back for review (`CHANGED`); sent again
    unchanged it stays accepted.
    """
    response = await reload(session, response_id)
    if response is None:
        return False
    answers = await answers_of(session, response_id)
    changes = pending_changes(response, answers)
    review = {"review": CHANGED} if reopens_review(response, answers) else {}
    if not await _bump(
        session,
        response_id=response_id,
        expected_version=expected_version,
        official_id=official_id,
        now=now,
        status=ResponseStatus.SUBMITTED.value,
        submitted_at=now,
        confirmed=answers,
        **review,
    ):
        return False
    detail: dict[str, Any] = {"official_id": official_id, "version": expected_version + 1}
    if changes:
        detail["changes"] = changes
    if review:
        detail["after_accept"] = True
    audit(
        session,
        action="survey.submit",
        now=now,
        identity_id=identity_id,
        entity=ENTITY,
        entity_id=str(response_id),
        detail=detail,
    )
    return True


async def last_submission(session: AsyncSession, response_id: int) -> dict[str, Any]:
    """The audit detail of a report's last submission: `official_id` (who sent it) and, for
    a re-confirmation, the `changes` it confirmed; {} when none is logged."""
    statement = (
        select(AuditLog.detail)
        .where(
            AuditLog.action == "survey.submit",
            AuditLog.entity == ENTITY,
            AuditLog.entity_id == str(response_id),
        )
        .order_by(col(AuditLog.id).desc())
        .limit(1)
    )
    detail = (await session.exec(statement)).first()
    return dict(detail) if isinstance(detail, dict) else {}


async def last_revision_event(
    session: AsyncSession, response_id: int
) -> tuple[str, dict[str, Any], datetime] | None:
    """A report's latest submission or thrown-away revision: its audit action («survey.submit»
    or «survey.revision_discarded»), detail and time; None when neither is logged."""
    statement = (
        select(AuditLog.action, AuditLog.detail, AuditLog.at)
        .where(
            col(AuditLog.action).in_(["survey.submit", "survey.revision_discarded"]),
            AuditLog.entity == ENTITY,
            AuditLog.entity_id == str(response_id),
        )
        .order_by(col(AuditLog.id).desc())
        .limit(1)
    )
    row = (await session.exec(statement)).first()
    if row is None:
        return None
    action, detail, at = row
    return action, dict(detail) if isinstance(detail, dict) else {}, at


async def submission_count(session: AsyncSession, response_id: int) -> int:
    """How many times a report was sent (the first submission and each re-confirmation)."""
    statement = select(func.count()).where(
        AuditLog.action == "survey.submit",
        AuditLog.entity == ENTITY,
        AuditLog.entity_id == str(response_id),
    )
    return int((await session.exec(statement)).one())


async def _submitter(session: AsyncSession, response: SurveyResponse) -> int | None:
    """The official who last submitted a report, from the audit log of its submissions."""
    official = (await last_submission(session, response.id or 0)).get("official_id")
    # None (not known) rather than the author of the edits thrown away.
    return official if isinstance(official, int) else None


async def discard_revision(
    session: AsyncSession,
    *,
    response_id: int,
    expected_version: int,
    official_id: int | None,
    identity_id: int | None,
    now: datetime,
) -> dict[str, dict[str, Any]] | None:
    """Put a submitted report's answers back to the confirmed ones.

    Returns the changes thrown away ({} when there were none), or None on a stale version.
    """
    response = await reload(session, response_id)
    if response is None:
        return None
    changes = pending_changes(response, await answers_of(session, response_id))
    if not changes:
        return {}
    # The report is again as last sent, so its last update is that submission («Cập nhật
    # lần cuối» in chat, «Hoạt động» in the console, the export), not this discard.
    if not await _bump(
        session,
        response_id=response_id,
        expected_version=expected_version,
        official_id=official_id,
        now=now,
        updated_at=response.submitted_at or response.updated_at,
        updated_by=await _submitter(session, response),
    ):
        return None
    confirmed = response.confirmed or {}
    statement = select(Answer).where(
        Answer.response_id == response_id, col(Answer.question_id).in_(list(changes))
    )
    rows = {a.question_id: a for a in (await session.exec(statement)).all()}
    for question in changes:
        if question not in confirmed:
            continue
        answer = rows.get(question) or Answer(response_id=response_id, question_id=question)
        answer.value = confirmed[question]
        answer.updated_at = now
        answer.updated_by = official_id
        session.add(answer)
    gone = [q for q in changes if q not in confirmed]
    if gone:
        await session.exec(
            delete(Answer).where(
                col(Answer.response_id) == response_id, col(Answer.question_id).in_(gone)
            )
        )
    audit(
        session,
        action="survey.revision_discarded",
        now=now,
        identity_id=identity_id,
        entity=ENTITY,
        entity_id=str(response_id),
        detail={"official_id": official_id, "version": expected_version + 1, "changes": changes},
    )
    await session.flush()
    return changes


async def responses_of(
    session: AsyncSession, *, survey_id: str, period: str
) -> dict[int, SurveyResponse]:
    """Unit id → response for one survey period."""
    statement = select(SurveyResponse).where(
        SurveyResponse.survey_id == survey_id, SurveyResponse.period == period
    )
    return {r.unit_id: r for r in (await session.exec(statement)).all()}


async def submitted_units(session: AsyncSession, survey_id: str, period: str) -> set[int]:
    """Ids of the units that have submitted (on time or late) a survey period."""
    statement = select(SurveyResponse.unit_id).where(
        SurveyResponse.survey_id == survey_id,
        SurveyResponse.period == period,
        SurveyResponse.status == ResponseStatus.SUBMITTED.value,
    )
    return set((await session.exec(statement)).all())


async def missing_units(
    session: AsyncSession,
    survey_id: str,
    period: str,
    *,
    kinds: Iterable[str],
    limit: int,
) -> tuple[int, int, list[str]]:
    """(units of the kinds, units still missing, the first `limit` missing names).

    Counted by the database; the names are the first in the order people read them
    (`storage.collation.unit_key`: by kind, then Vietnamese alphabetical order).
    """
    submitted = exists().where(
        col(SurveyResponse.unit_id) == col(Unit.id),
        col(SurveyResponse.survey_id) == survey_id,
        col(SurveyResponse.period) == period,
        col(SurveyResponse.status) == ResponseStatus.SUBMITTED.value,
    )
    audience = and_(col(Unit.active).is_(True), col(Unit.kind).in_(list(kinds)))
    total = (await session.exec(select(func.count()).select_from(Unit).where(audience))).one()
    missing = (
        await session.exec(select(func.count()).select_from(Unit).where(audience, ~submitted))
    ).one()
    # Ordered here, not by the database: see storage.collation.
    rows = (await session.exec(select(Unit.kind, Unit.name).where(audience, ~submitted))).all()
    first = heapq.nsmallest(limit, rows, key=lambda row: unit_key(row[0], row[1]))
    return int(total), int(missing), [name for _, name in first]


async def official_names(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, str]:
    """Official id → full name, for "last changed by"."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    statement = select(Official).where(col(Official.id).in_(wanted))
    return {o.id: o.full_name for o in (await session.exec(statement)).all() if o.id is not None}
