"""Survey definitions (YAML, in the spirit of XLSForm) and their periods and deadlines.

Pure: no database, no chat. A definition lives in `knowledge/surveys/<id>.yaml`; it is validated
on load and every problem is reported with its file and line. `period_of` and `due_at` map a
moment to a period id ("2026-Q4", "2026-11", "2026", "once") and a period to its deadline.
This module is the public surface; the models and the period rules live in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.changes import COORDINATING_OFFICE
from knowledge.periods import due_at, period_id, period_months, period_of
from knowledge.survey_models import (
    CHOICE_TYPES,
    NO,
    NUMBER_TYPES,
    ONCE,
    YES,
    Constraint,
    Due,
    Loc,
    Option,
    Question,
    Rule,
    SurveyDefinition,
    semantic_problems,
)

__all__ = [
    "CHOICE_TYPES",
    "NO",
    "NUMBER_TYPES",
    "ONCE",
    "SURVEYS_DIR",
    "YES",
    "Constraint",
    "Due",
    "InvalidDefinition",
    "Option",
    "Problem",
    "Question",
    "Rule",
    "SurveyDefinition",
    "check",
    "due_at",
    "load_definition",
    "load_definitions",
    "period_id",
    "period_months",
    "period_of",
]

SURVEYS_DIR = Path(__file__).parent / "surveys"


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a definition file, and where."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class InvalidDefinition(ValueError):
    """A definition file that does not load; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _node_line(node: yaml.Node, loc: Loc) -> int:
    """The 1-based line of the deepest YAML node a pydantic error location reaches."""
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        if child is None:
            continue  # pydantic adds union branch names; skip what the YAML lacks
        node = child
    return int(node.start_mark.line) + 1


# pydantic's error types, in the words `surveys check` shows (its messages are English).
_ERRORS = {
    "missing": "thiếu trường này",
    "extra_forbidden": "trường này không có trong mẫu (kiểm tra lại tên)",
    "string_type": "cần một chuỗi chữ",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "float_type": "cần một số",
    "float_parsing": "cần một số",
    "bool_type": "cần true hoặc false",
    "bool_parsing": "cần true hoặc false",
    "list_type": "cần một danh sách (các dòng bắt đầu bằng «- »)",
    "tuple_type": "cần một danh sách (các dòng bắt đầu bằng «- »)",
    "dict_type": "cần các cặp «khóa: giá trị»",
    "model_type": "cần các cặp «khóa: giá trị»",
    "model_attributes_type": "cần các cặp «khóa: giá trị»",
    "date_type": "cần một ngày dạng năm-tháng-ngày, ví dụ 2026-12-15",
    "date_parsing": "cần một ngày dạng năm-tháng-ngày, ví dụ 2026-12-15",
    "date_from_datetime_parsing": "cần một ngày dạng năm-tháng-ngày, ví dụ 2026-12-15",
    "literal_error": "cần một trong: {expected}",
    "enum": "cần một trong: {expected}",
    "string_pattern_mismatch": "không đúng dạng cho phép ({pattern})",
    "string_too_short": "cần ít nhất {min_length} ký tự",
    "string_too_long": "nhiều nhất {max_length} ký tự",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "nhiều nhất {max_length} mục",
    "greater_than_equal": "cần lớn hơn hoặc bằng {ge}",
    "less_than_equal": "cần nhỏ hơn hoặc bằng {le}",
    "greater_than": "cần lớn hơn {gt}",
    "less_than": "cần nhỏ hơn {lt}",
}


def _describe(error: dict[str, object]) -> str:
    loc = ".".join(str(p) for p in error["loc"])  # type: ignore[attr-defined]
    kind = str(error.get("type", ""))
    context = error.get("ctx")
    values = {k: str(v) for k, v in context.items()} if isinstance(context, dict) else {}
    if "expected" in values:  # "'month', 'quarter' or 'once'"
        values["expected"] = values["expected"].replace(" or ", " hoặc ")
    if kind == "value_error":
        # Our validators' own messages (Vietnamese), as pydantic wraps them.
        message = str(values.get("error") or error["msg"]).removeprefix("Value error, ")
    elif kind in _ERRORS:
        try:
            message = _ERRORS[kind].format(**values)
        except KeyError:  # pydantic gave no bound to name
            message = "giá trị không hợp lệ"
    else:
        message = f"giá trị không hợp lệ ({kind})"
    return f"{loc}: {message}" if loc else message


# Written in a definition's texts, replaced by the coordinating office's name on load.
OFFICE_PLACEHOLDER = "{coordinating_office}"


def load_definition(path: Path, *, office: str = COORDINATING_OFFICE) -> SurveyDefinition:
    """Load and validate one definition file; raises InvalidDefinition with file and line.

    ``{coordinating_office}`` in its texts becomes ``office`` (the COORDINATING_OFFICE setting).
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8").replace(OFFICE_PLACEHOLDER, office)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = "YAML sai cú pháp ở dòng này (thụt lề, dấu «:», dấu ngoặc kép hoặc «- »)"
        raise InvalidDefinition([Problem(name, line, reason)]) from None
    except UnicodeDecodeError:
        raise InvalidDefinition([Problem(name, 1, "tệp không phải văn bản UTF-8")]) from None
    except OSError:
        raise InvalidDefinition([Problem(name, 1, "không đọc được tệp")]) from None
    if node is None or not isinstance(data, dict):
        reason = "tệp cần các cặp «khóa: giá trị» của một mẫu báo cáo (id, title, period, …)"
        raise InvalidDefinition([Problem(name, 1, reason)])
    try:
        definition = SurveyDefinition.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(name, _node_line(node, tuple(e["loc"])), _describe(dict(e)))
            for e in error.errors()
        ]
        raise InvalidDefinition(problems) from None
    problems = [
        Problem(name, _node_line(node, loc), ".".join(map(str, loc)) + ": " + reason)
        for loc, reason in semantic_problems(definition)
    ]
    if definition.id != path.stem:
        line = _node_line(node, ("id",))
        problems.append(Problem(name, line, f"id {definition.id!r} != file name"))
    if problems:
        raise InvalidDefinition(problems)
    return definition


def definition_files(path: Path) -> list[Path]:
    """The YAML files of a folder (or the one file given)."""
    if path.is_dir():
        return sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
    return [path]


def check(path: Path = SURVEYS_DIR) -> list[Problem]:
    """Every problem in the definitions under `path` (a folder or one file)."""
    problems: list[Problem] = []
    for file in definition_files(path):
        try:
            load_definition(file)
        except InvalidDefinition as error:
            problems.extend(error.problems)
    return problems


def load_definitions(
    path: Path = SURVEYS_DIR, *, office: str = COORDINATING_OFFICE
) -> dict[str, SurveyDefinition]:
    """Every definition under a folder, by id; raises InvalidDefinition on the first bad file."""
    definitions: dict[str, SurveyDefinition] = {}
    for file in definition_files(path):
        definition = load_definition(file, office=office)
        definitions[definition.id] = definition
    return definitions
