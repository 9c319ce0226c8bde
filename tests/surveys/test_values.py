"""Skip-logic expressions and typed answers."""

from __future__ import annotations

import pytest

from handlers.survey_values import InvalidAnswer, parse_typed, show
from knowledge.survey_conditions import ConditionSyntaxError, parse
from knowledge.surveys import Constraint, Question


def question(kind: str, **extra: object) -> Question:
    return Question.model_validate({"id": "q", "type": kind, "text": "?", **extra})


@pytest.mark.parametrize(
    ("expression", "answers", "expected"),
    [
        ("q1 == 'co'", {"q1": "co"}, True),
        ("q1 == 'co'", {"q1": "khong"}, False),
        ("q1 == 'co'", {}, False),
        ("q1 == 'co'", {"q1": None}, False),
        ("q2 > 3 and q1 != 'khong'", {"q1": "co", "q2": 4}, True),
        ("q2 > 3 and q1 != 'khong'", {"q1": "co", "q2": 3}, False),
        ("q2 > 3 or q1 == 'co'", {"q1": "co", "q2": 1}, True),
        ("q3 == 'a'", {"q3": ["a", "b"]}, True),
        ("q3 != 'a'", {"q3": ["b"]}, True),
        ("q2 == 'x'", {"q2": 5}, False),
    ],
)
def test_condition_holds(expression: str, answers: dict[str, object], expected: bool) -> None:
    assert parse(expression).holds(answers) is expected


@pytest.mark.parametrize(
    "expression", ["", "q1", "q1 ==", "q1 = 'co'", "open('x')", "q1 == 'co' and", "1 == 1"]
)
def test_condition_syntax_errors(expression: str) -> None:
    with pytest.raises(ConditionSyntaxError):
        parse(expression)


@pytest.mark.parametrize(
    ("kind", "typed", "expected"),
    [
        ("integer", "15", 15),
        ("integer", " 1.000 ", 1000),
        ("decimal", "1,5", 1.5),
        ("decimal", "1.5", 1.5),
        ("percent", "15%", 15.0),
        ("percent", "62,5 %", 62.5),
        ("date", "15/12/2026", "2026-12-15"),
        ("date", "2026-12-15", "2026-12-15"),
        ("text", "  Thiếu máy tính ", "Thiếu máy tính"),
    ],
)
def test_parse_typed_accepts(kind: str, typed: str, expected: object) -> None:
    assert parse_typed(question(kind), typed) == expected


@pytest.mark.parametrize(
    ("kind", "typed", "reason"),
    [
        ("integer", "1,5", "integer"),
        ("integer", "mười", "integer"),
        ("percent", "120", "percent_range"),
        ("percent", "tam muoi phan tram", "percent"),
        ("date", "31/02/2026", "date"),
        ("text", "   ", "empty"),
    ],
)
def test_parse_typed_refuses(kind: str, typed: str, reason: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        parse_typed(question(kind), typed)

    assert caught.value.reason == reason


def test_parse_typed_applies_constraint() -> None:
    bounded = question("integer", constraint=Constraint(min=0, max=10, message="0 đến 10"))

    with pytest.raises(InvalidAnswer) as caught:
        parse_typed(bounded, "11")

    assert caught.value.reason == "constraint"


def test_show_uses_vietnamese_number_and_date_forms() -> None:
    shown = [
        show(question("percent"), 62.5),
        show(question("date"), "2026-12-15"),
        show(question("yes_no"), "khong"),
    ]

    assert shown == ["62,5%", "15/12/2026", "Không"]
