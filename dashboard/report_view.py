"""A report as the office reads it before deciding: the answers last sent, and whether the
unit is editing it. The unit's page and «Duyệt báo cáo» show it alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.survey_values import show
from knowledge.surveys import SurveyDefinition
from storage.models import SurveyResponse
from storage.surveys import confirmed_answers, pending_changes


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One question of a report and its answer as shown to a reader."""

    number: str
    text: str
    value: str


@dataclass(frozen=True, slots=True)
class ShownReport:
    """What the office reviews: the answers that count, and the unit's unsent edits."""

    answers: list[AnswerLine]
    # The unit changed a sent report and has not confirmed the change: the answers shown are
    # still the ones sent, and accepting accepts those.
    editing: bool


def answer_lines(definition: SurveyDefinition, answers: dict[str, Any]) -> list[AnswerLine]:
    """Every relevant question with its shown answer ("" when not answered yet)."""
    relevant = {q.id for q in definition.relevant_questions(answers)}
    return [
        AnswerLine(
            str(definition.number_of(q.id)),
            q.text,
            show(q, answers[q.id]) if q.id in answers else "",
        )
        for q in definition.questions
        if q.id in relevant
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
