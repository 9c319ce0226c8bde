"""A report as the office reads it before deciding: the answers last sent, and whether the
unit is editing it. The unit's page and «Duyệt báo cáo» show it alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard import strings
from handlers.survey_values import show
from knowledge.surveys import Question, SurveyDefinition
from storage.models import SurveyResponse
from storage.surveys import confirmed_answers, pending_changes


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One question of a report and its answer as shown to a reader.

    ``skipped`` says why a question the skip logic leaves out has no answer, e.g. «Không áp
    dụng (theo câu 1)»; it is "" for a question that applies.
    """

    number: str
    text: str
    value: str
    skipped: str = ""


def _skip_reason(definition: SurveyDefinition, question: Question, answers: dict[str, Any]) -> str:
    """Why a question is not asked: the answers it depends on, given or still to come."""
    sources = sorted(
        definition.number_of(q)
        for q in (question.condition.questions if question.condition else ())
    )
    numbers = ", ".join(str(n) for n in sources)
    if all(definition.questions[n - 1].id in answers for n in sources):
        return strings.SKIPPED_BY.format(numbers=numbers)
    return strings.SKIPPED_UNTIL.format(numbers=numbers)


@dataclass(frozen=True, slots=True)
class Returning:
    """A «Trả lại để chỉnh sửa» the server refused: the report's form opens again with the
    comment as typed and the problem beside it."""

    report_id: int
    comment: str
    problem: str


@dataclass(frozen=True, slots=True)
class ShownReport:
    """What the office reviews: the answers that count, and the unit's unsent edits."""

    answers: list[AnswerLine]
    # The unit changed a sent report and has not confirmed the change: the answers shown are
    # still the ones sent, and accepting accepts those.
    editing: bool


def answer_lines(definition: SurveyDefinition, answers: dict[str, Any]) -> list[AnswerLine]:
    """Every question, numbered as the chat numbers it («Sửa câu 3»), with its shown answer
    ("" when not answered yet); a question the skip logic leaves out says why."""
    relevant = {q.id for q in definition.relevant_questions(answers)}
    return [
        AnswerLine(
            str(definition.number_of(q.id)),
            q.text,
            show(q, answers[q.id]) if q.id in answers and q.id in relevant else "",
            "" if q.id in relevant else _skip_reason(definition, q, answers),
        )
        for q in definition.questions
    ]


def shown_report(
    definition: SurveyDefinition, report: SurveyResponse | None, stored: dict[str, Any]
) -> ShownReport:
    """A report's answers as the office reads them: a sent report shows what was confirmed
    (edits stay the unit's until sent again), with whether such edits exist."""
    if report is None:
        return ShownReport(answer_lines(definition, stored), editing=False)
    answers = confirmed_answers(report, stored)
    return ShownReport(answer_lines(definition, answers), bool(pending_changes(report, stored)))
