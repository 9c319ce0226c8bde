"""Loading survey definitions and reporting broken ones with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from knowledge.surveys import SURVEYS_DIR, InvalidDefinition, check, load_definition

GOOD = """\
id: thu
title: Thử
period: month
due: {day: 5, time: "17:00"}
audience: [commune]
questions:
  - id: q1
    type: yes_no
    text: Có không?
  - id: q2
    type: integer
    text: Bao nhiêu?
    relevant: "q1 == 'co'"
"""


def write(tmp_path: Path, text: str, name: str = "thu.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(InvalidDefinition) as caught:
        load_definition(path)
    return [(p.line, p.reason) for p in caught.value.problems]


def test_default_survey_loads_with_under_ten_questions() -> None:
    definition = load_definition(SURVEYS_DIR / "bao-cao-quy.yaml")

    assert (definition.period, definition.audience) == (
        "quarter",
        ("commune", "ward", "special_zone"),
    )
    assert len(definition.questions) < 10


def test_shipped_definitions_have_no_problems() -> None:
    assert check(SURVEYS_DIR) == []


def test_good_definition_gets_yes_no_options(tmp_path: Path) -> None:
    definition = load_definition(write(tmp_path, GOOD))

    assert [o.code for o in definition.questions[0].options] == ["co", "khong"]


def test_unknown_question_type_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("type: integer", "type: number"))

    [(line, reason)] = problems_of(path)

    assert line == 11
    assert reason.startswith("questions.1.type")


def test_relevant_on_a_later_question_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("q1 == 'co'", "q3 == 'co'"))

    [(line, reason)] = problems_of(path)

    assert (line, reason) == (
        13,
        "questions.1.relevant: relevant nhắc tới «q3», không phải một câu hỏi đứng trước",
    )


def test_relevant_that_is_code_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("q1 == 'co'", "__import__('os').system('x')"))

    [(_, reason)] = problems_of(path)

    assert "relevant" in reason


def test_relevant_compares_with_an_unknown_option(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("q1 == 'co'", "q1 == 'yes'"))

    [(_, reason)] = problems_of(path)

    assert reason == (
        "questions.1.relevant: relevant so sánh q1 với «yes», không phải code của một option "
        "của câu đó"
    )


def test_constraint_without_message_names_its_line(tmp_path: Path) -> None:
    text = GOOD + "    constraint: {min: 0}\n"
    path = write(tmp_path, text)

    [(line, reason)] = problems_of(path)

    assert (line, reason) == (14, "questions.1.constraint.message: thiếu trường này")


def test_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("text: Bao nhiêu?", "text: [Bao nhiêu?"))

    [(line, reason)] = problems_of(path)

    assert line == 12
    assert reason.startswith("YAML sai cú pháp ở dòng này")


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, name="khac.yaml")

    assert problems_of(path) == [(1, "id 'thu' != file name")]


def test_cli_check_prints_file_line_and_reason(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("period: month", "period: week"))

    result = CliRunner().invoke(app, ["surveys", "check", str(tmp_path)])

    assert result.exit_code == 1
    assert result.output == (
        f"{path}:3: period: cần một trong: 'month', 'quarter', 'year' hoặc 'once'\n"
    )


def test_cli_check_accepts_the_shipped_surveys() -> None:
    result = CliRunner().invoke(app, ["surveys", "check"])

    assert (result.exit_code, "hợp lệ" in result.output) == (0, True)


def test_unit_must_be_a_known_measure(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "    unit: con\n")

    [(_, reason)] = problems_of(path)

    assert "câu q2: unit «con» không phải một trong: %, buổi" in reason


def test_unit_applies_to_counts_only(tmp_path: Path) -> None:
    text = GOOD.replace("    type: yes_no\n", "    type: yes_no\n    unit: người\n")
    path = write(tmp_path, text)

    [(_, reason)] = problems_of(path)

    assert "câu q1: unit chỉ dùng cho câu hỏi số lượng" in reason
