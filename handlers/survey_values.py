"""Typed survey answers: parsing what a user typed, and showing stored values back."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from handlers import texts
from handlers.numbers import EXACT_DIGITS, vn_number
from handlers.survey_typing import none_of
from knowledge import measures
from knowledge.measures import PERCENT, Measure
from knowledge.surveys import NUMBER_TYPES, Question

Reason = Literal[
    "integer",
    "number",
    "percent",
    "percent_range",
    "date",
    "empty",
    "blank",
    "choice",
    "pick",
    "constraint",
    "unit",
]
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# "15 người", "3 buổi", "1.200 lượt truy cập": a number, then up to three words of letters.
_WITH_UNIT = re.compile(
    r"^(?P<number>-?\d[\d.,\s\u00a0]*?)\s*(?P<unit>[^\W\d_]+(?:\s+[^\W\d_]+){0,2})\.?$"
)


def _without_unit(text: str) -> str:
    """The number of "15 người" (a unit word after a number is dropped)."""
    match = _WITH_UNIT.match(text)
    return match["number"] if match else text


def expected_measure(question: Question) -> Measure | None:
    """What the question's number counts, from its definition: a percentage counts «%»."""
    if question.type == "percent":
        return measures.measure(PERCENT)
    return measures.measure(question.unit) if question.unit else None


def wrong_measure(question: Question, text: str) -> Measure | None:
    """The measure a typed "number unit" names when it is not the question's own («15 người»
    at a percentage, «3 buổi» or «15%» at a count of people); None when it fits or names none."""
    text = text.strip()
    if text.endswith(PERCENT):
        words = PERCENT
    elif match := _WITH_UNIT.match(text):
        words = match["unit"]
    else:
        return None
    typed = measures.named_by(words)
    if typed is None:
        return None
    expected = expected_measure(question)
    if expected is None:
        # A count that does not say what it counts is still not a percentage.
        return typed if typed.unit == PERCENT else None
    return None if typed == expected else typed


class InvalidAnswer(ValueError):
    """A typed answer the question does not accept, and why (`typed`: the wrong measure)."""

    def __init__(self, reason: Reason, typed: Measure | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.typed = typed


def _number(text: str, *, integer: bool) -> float | int:
    compact = text.replace(" ", "").replace("\u00a0", "")
    if integer and _THOUSANDS.match(compact):
        # "1.000" and "1,000" are a thousand to a Vietnamese reader, not one.
        return int(re.sub(r"[.,]", "", compact))
    if not _NUMBER.match(compact):
        raise InvalidAnswer("integer" if integer else "number")
    value = float(compact.replace(",", "."))
    if integer:
        if not value.is_integer():
            raise InvalidAnswer("integer")
        return int(value)
    return value


def _date(text: str) -> date:
    compact = text.replace(" ", "")
    if match := _DMY.match(compact):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.match(compact):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise InvalidAnswer("date")
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidAnswer("date") from None


def parse_typed(question: Question, text: str) -> Any:
    """The JSON value of a typed answer to a number, date or text question.

    Raises:
        InvalidAnswer: when the text is not a value of the question's type or breaks its
            constraint (reason "constraint": show the constraint's own message).
    """
    text = text.strip()
    if not text:
        raise InvalidAnswer("empty" if question.required else "blank")
    constraint = question.constraint
    if question.type == "text":
        if constraint and constraint.pattern and not re.fullmatch(constraint.pattern, text):
            raise InvalidAnswer("constraint")
        return text
    if question.type == "date":
        return _date(text).isoformat()
    if question.type in NUMBER_TYPES:
        if (typed := wrong_measure(question, text)) is not None:
            raise InvalidAnswer("unit", typed)
        text = _without_unit(text)
    if question.type == "percent":
        try:
            value: float | int = _number(text.removesuffix("%").strip(), integer=False)
        except InvalidAnswer:
            raise InvalidAnswer("percent") from None  # «tám mươi phần trăm»: digits, please
        if not 0 <= value <= 100:  # a percentage
            raise InvalidAnswer("percent_range")
    else:
        value = _number(text, integer=question.type == "integer")
    if constraint is not None and (
        (constraint.min is not None and value < constraint.min)
        or (constraint.max is not None and value > constraint.max)
    ):
        raise InvalidAnswer("constraint")
    return value


def typed_count(text: str) -> int | None:
    """A whole number typed with or without a unit word ("3", "3 buổi"), else None."""
    try:
        value = _number(_without_unit(text.strip()), integer=True)
    except InvalidAnswer:
        return None
    return int(value) if value >= 0 else None


def allows_zero(question: Question) -> bool:
    """Whether the question is a count whose definition allows 0: whole numbers, bounded
    below by 0 (a question without that bound may be a difference, which can be negative)."""
    constraint = question.constraint
    return (
        question.type == "integer"
        and constraint is not None
        and constraint.min == 0
        and (constraint.max is None or constraint.max >= 0)
    )


def none_count(question: Question, text: str) -> int | None:
    """0 for «chưa có gì», «không có», «chưa có buổi nào» typed at a count that allows 0 and
    naming nothing or what it counts («ai»: people); None for any other text or question.

    Raises:
        InvalidAnswer: "unit" when the words name another measure («chưa có buổi nào» at a
            count of people), as «3 buổi» there is refused.
    """
    what = none_of(text) if allows_zero(question) else None
    if what is None:
        return None
    if not what:
        return 0
    typed = measures.named_by("người" if what == "ai" else what)
    if typed is None:
        return None  # «chưa có lớp nào»: a thing no measure names; no guess
    expected = expected_measure(question)
    if typed != expected and (expected is not None or typed.unit == PERCENT):
        raise InvalidAnswer("unit", typed)
    return 0


def reason_text(question: Question, error: InvalidAnswer) -> str:
    """The sentence explaining a rejected answer: the constraint's own message if it has one."""
    if error.reason == "constraint" and question.constraint is not None:
        return question.constraint.message
    if error.reason == "unit" and error.typed is not None:
        return unit_reason(question, error.typed)
    return texts.SURVEY_INVALID.get(error.reason, texts.SURVEY_INVALID["empty"])


def unit_reason(question: Question, typed: Measure) -> str:
    """Why «15 người» is not an answer to a percentage, with an example of one that is."""
    expected = expected_measure(question)
    if expected is None:
        asked, example = texts.SURVEY_UNIT_COUNT, "12"
    elif expected.unit == PERCENT:
        asked, example = expected.what, "15%"
    else:
        asked, example = expected.what, f"12 {expected.unit}"
    return texts.SURVEY_UNIT_MISMATCH.format(asked=asked, typed=typed.what, example=example)


def show(question: Question, value: Any) -> str:
    """A stored value as a Vietnamese reader expects it (labels, 1.500, 1,5, 62,5%, 15/12/2026)."""
    if value is None:
        return texts.SURVEY_SKIPPED
    if question.type in ("single_choice", "yes_no"):
        option = question.option(str(value))
        return option.label if option else str(value)
    if question.type == "multiple_choice":
        return "; ".join(show_option(question, code) for code in value)
    if question.type in NUMBER_TYPES:
        number = vn_number(float(value), EXACT_DIGITS)
        return f"{number}%" if question.type == "percent" else number
    if question.type == "date":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def show_option(question: Question, code: str) -> str:
    """The label of one option code."""
    option = question.option(code)
    return option.label if option else code
