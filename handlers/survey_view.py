"""How a report is shown in chat: period names, local times, questions and the summary."""

from __future__ import annotations

from typing import Any

from handlers import texts
from handlers.messages import Choice, Reply
from handlers.survey_values import show
from knowledge.periods import MAX_YEAR, MIN_YEAR
from knowledge.surveys import ONCE, Question, SurveyDefinition

KEY_ANSWER = "sv:a:"
KEY_TOGGLE = "sv:t:"
KEY_DONE = "sv:done"
KEY_BACK = "sv:back"
KEY_SKIP = "sv:skip"
# A sent report's unconfirmed edits: throw them away, after a yes/no question.
KEY_DISCARD = "sv:discard"
KEY_DISCARD_YES = "sv:discard:yes"
KEY_DISCARD_NO = "sv:discard:no"
KEY_SUBMIT = "sv:submit"
KEY_EDIT = "sv:edit:"
KEY_EDIT_PICK = "sv:pick"
KEY_KEEP_TEXT = "sv:keep"
_ROMAN = ("I", "II", "III", "IV")


def period_label(period: str) -> str:
    """ "2026-Q4" → "quý IV/2026", "2026-11" → "tháng 11/2026", "2026" → "năm 2026"."""
    if period == ONCE:
        return texts.SURVEY_PERIOD_ONCE
    year, _, rest = period.partition("-")
    if rest.startswith("Q"):
        return texts.SURVEY_PERIOD_QUARTER.format(roman=_ROMAN[int(rest[1:]) - 1], year=year)
    if rest:
        return texts.SURVEY_PERIOD_MONTH.format(month=int(rest), year=year)
    return texts.SURVEY_PERIOD_YEAR.format(year=year)


def period_problem(definition: SurveyDefinition) -> str:
    """Why a period was refused for this survey, and what one looks like."""
    if definition.period == ONCE:
        return texts.PERIOD_INVALID_ONCE.format(title=definition.title)
    kind, example = texts.PERIOD_KINDS[str(definition.period)]
    return texts.PERIOD_INVALID.format(
        title=definition.title, kind=kind, example=example, first=MIN_YEAR, last=MAX_YEAR
    )


def question_reply(
    definition: SurveyDefinition,
    question: Question,
    answers: dict[str, Any],
    *,
    picked: list[str] | None = None,
    reason: str | None = None,
) -> Reply:
    """One question with its choices; `reason` says why the previous answer was refused."""
    section = ""
    if question.section == "closing":
        section = texts.SURVEY_SECTION_CLOSING
    elif question.section:
        section = texts.SURVEY_SECTION.format(section=question.section)
    lines = []
    if reason is not None:
        lines.append(texts.SURVEY_REJECTED.format(reason=reason))
    lines.append(
        texts.SURVEY_QUESTION.format(
            number=definition.number_of(question.id),
            total=len(definition.questions),
            section=section,
            text=question.text,
        )
    )
    if question.help:
        lines.append(question.help)
    if question.id in answers:
        lines.append(texts.SURVEY_CURRENT_VALUE.format(value=show(question, answers[question.id])))
    hint = (
        texts.SURVEY_HINT_COUNT.format(unit=question.unit or "")
        if question.counted
        else texts.SURVEY_HINT.get(question.type)
    )
    if hint:
        lines.append(hint)
    choices: list[Choice] = []
    if question.type == "multiple_choice":
        chosen = set(picked or [])
        choices += [
            Choice(
                KEY_TOGGLE + o.code,
                texts.SURVEY_PICKED.format(label=o.label) if o.code in chosen else o.label,
            )
            for o in question.options
        ]
        choices.append(Choice(KEY_DONE, texts.SURVEY_DONE))
    else:
        choices += [Choice(KEY_ANSWER + o.code, o.label) for o in question.options]
    if definition.relevant_questions(answers)[0].id != question.id:
        choices.append(Choice(KEY_BACK, texts.SURVEY_BACK))
    if not question.required:
        choices.append(Choice(KEY_SKIP, texts.SURVEY_SKIP))
    return Reply("\n".join(lines), tuple(choices))


def summary_lines(
    definition: SurveyDefinition,
    answers: dict[str, Any],
    *,
    unit: str,
    period: str,
    changed: dict[str, dict[str, Any]] | None = None,
) -> list[str]:
    """The heading and one line per relevant question; `changed` marks unconfirmed edits."""
    lines = [
        texts.SURVEY_SUMMARY_HEAD.format(
            title=definition.title, period=period_label(period), unit=unit
        )
    ]
    for question in definition.relevant_questions(answers):
        lines.append(summary_line(definition, question, answers, changed=changed))
    return lines


def summary_line(
    definition: SurveyDefinition,
    question: Question,
    answers: dict[str, Any],
    *,
    changed: dict[str, dict[str, Any]] | None = None,
) -> str:
    """One question's line of the summary ("3. Số người được tập huấn trong quý: 5")."""
    header = question.header or question.text
    if question.type == "percent":
        # A percentage is written one way in chat, with its sign (62,5%): the «(%)» a header
        # carries for the spreadsheet's column would say it twice.
        header = header.removesuffix("(%)").rstrip()
    value = show(question, answers[question.id]) if question.id in answers else None
    value = texts.SURVEY_UNANSWERED if value is None else value
    line = texts.SURVEY_SUMMARY_LINE.format(
        number=definition.number_of(question.id), header=header, value=value
    )
    if changed and question.id in changed:
        old = changed[question.id]["old"]
        line = texts.SURVEY_CHANGED_LINE.format(
            line=line,
            mark=texts.SURVEY_CHANGED_MARK,
            old=texts.SURVEY_UNANSWERED if old is None else show(question, old),
        )
    return line
