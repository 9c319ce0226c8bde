"""A sent report's unconfirmed edits (a pending revision): kept by `/huy`, thrown away only by
«Bỏ các thay đổi» after a yes/no question that names how many changes go.

The question is asked at the summary; the conversation keeps the report's version it counted
(`discard`), so a «yes» never throws away a change made after the question was shown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from handlers import texts
from handlers.choices import fold, without_politeness
from handlers.context import Turn
from handlers.dates import local_time
from handlers.messages import Choice, Reply
from handlers.survey_report import (
    STATE,
    SUMMARY,
    Report,
    noted,
    review_status,
    summary_marks,
)
from handlers.survey_view import KEY_DISCARD_NO, KEY_DISCARD_YES
from storage import surveys as store
from storage.models import SurveyResponse

__all__ = ["ASKED", "answer", "ask", "paused"]

logger = logging.getLogger(__name__)

# The conversation's key holding the version the question counted.
ASKED = "discard"
# A typed «có» / «không» answers the question as its buttons do (folded).
_YES = frozenset({"co", "dong y", "co bo"})
_NO = frozenset({"khong", "khong bo", "giu", "giu lai"})


def _numbers(report: Report, changes: Iterable[str]) -> str:
    """ "5, 6": the summary numbers of the changed questions."""
    numbers = sorted(report.definition.number_of(question) for question in changes)
    return ", ".join(str(n) for n in numbers)


def _sent_at(turn: Turn, response: SurveyResponse) -> str:
    sent = response.submitted_at or response.updated_at
    return local_time(sent, turn.services.zone)


def ask(turn: Turn, report: Report, *, note: str | None = None) -> Reply:
    """«Bỏ các thay đổi» pressed: how many changes would go, yes or no."""
    pending = report.pending
    if not report.submitted or not pending:
        return noted(turn, report, texts.SURVEY_NOTHING_TO_DISCARD)
    shown = turn.conversation.data.get("shown")
    turn.set_state(
        STATE,
        {
            "response": report.response_id,
            "at": SUMMARY,
            "picked": [],
            "shown": shown if isinstance(shown, dict) else summary_marks(report),
            ASKED: report.response.version,
        },
    )
    question = texts.SURVEY_DISCARD_CONFIRM.format(
        count=len(pending),
        numbers=_numbers(report, pending),
        at=_sent_at(turn, report.response),
    )
    choices = (
        Choice(KEY_DISCARD_YES, texts.SURVEY_DISCARD_YES),
        Choice(KEY_DISCARD_NO, texts.SURVEY_DISCARD_NO),
    )
    return Reply(question if note is None else f"{note}\n{question}", choices)


def _said(turn: Turn) -> str | None:
    """The question's answer: the key pressed or typed, or «có»/«không» typed."""
    if turn.choice in (KEY_DISCARD_YES, KEY_DISCARD_NO):
        return turn.choice
    typed = without_politeness(fold(turn.inbound.text).rstrip(".!"))
    if typed in _YES:
        return KEY_DISCARD_YES
    if typed in _NO:
        return KEY_DISCARD_NO
    return None


async def answer(turn: Turn, report: Report) -> list[Reply] | None:
    """The yes/no answer, or None when the message is something else (the summary's)."""
    said = _said(turn)
    if said is None:
        return None
    if said == KEY_DISCARD_NO:
        return [noted(turn, report, texts.SURVEY_DISCARD_KEPT)]
    counted = turn.conversation.data.get(ASKED)
    if counted != report.response.version:
        # A colleague (or this official elsewhere) changed the report since the question.
        return [ask(turn, report, note=texts.SURVEY_DISCARD_MOVED)]
    sent_at = _sent_at(turn, report.response)
    discarded = await store.discard_revision(
        turn.session,
        response_id=report.response_id,
        expected_version=report.response.version,
        official_id=report.official.id,
        identity_id=turn.identity.id,
        now=turn.now,
    )
    if discarded is None:  # moved between reading and writing
        fresh = await store.reload(turn.session, report.response_id)
        assert fresh is not None  # noqa: S101 (responses are never deleted)
        report.response = fresh
        report.answers = await store.answers_of(turn.session, report.response_id)
        return [ask(turn, report, note=texts.SURVEY_DISCARD_MOVED)]
    if not discarded:
        return [noted(turn, report, texts.SURVEY_NOTHING_TO_DISCARD)]
    logger.info("survey.revision_discarded", extra={"response_id": report.response_id})
    turn.set_state("idle")
    return [Reply(texts.SURVEY_REVISION_DISCARDED.format(count=len(discarded), at=sent_at))]


def paused(turn: Turn, report: Report) -> Reply:
    """`/huy` in a report: it pauses; a sent report's unconfirmed edits stay as they are."""
    turn.set_state("idle")
    pending = report.pending
    if report.submitted and (not pending or turn.now > report.due):
        # Nothing unfinished: the report stands as sent (past the deadline an unconfirmed
        # revision is void), with the office's review of it.
        left = texts.SURVEY_LEFT_SENT.format(at=_sent_at(turn, report.response))
        status = review_status(turn, report.response)
        return Reply(f"{left}\n{status}" if status else left)
    if not report.submitted:
        return Reply(texts.SURVEY_CANCELLED)
    return Reply(
        texts.SURVEY_PAUSED_PENDING.format(
            count=len(pending),
            numbers=_numbers(report, pending),
            mark=texts.SURVEY_CHANGED_MARK,
            at=_sent_at(turn, report.response),
            due=local_time(report.due, turn.services.zone),
        )
    )
