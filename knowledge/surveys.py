"""Survey definitions (YAML, in the spirit of XLSForm) and their periods and deadlines.

Pure: no database, no chat. A definition lives in `knowledge/surveys/<id>.yaml`; it is validated
on load and every problem is reported with its file and line. `period_of` and `due_at` map a
moment to a period id ("2026-Q4", "2026-11", "2026", "once") and a period to its deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from knowledge import survey_conditions
from knowledge.survey_conditions import Condition, ConditionSyntaxError

SURVEYS_DIR = Path(__file__).parent / "surveys"

PeriodKind = Literal["month", "quarter", "year", "once"]
QuestionType = Literal[
    "single_choice", "multiple_choice", "yes_no", "integer", "decimal", "percent", "date", "text"
]
UnitKindName = Literal["commune", "ward", "special_zone", "department"]
CHOICE_TYPES: frozenset[str] = frozenset({"single_choice", "multiple_choice", "yes_no"})
NUMBER_TYPES: frozenset[str] = frozenset({"integer", "decimal", "percent"})
ONCE = "once"
# Yes/no questions get these options unless the file gives its own; relevant rules compare
# with the codes ("q1 == 'co'").
YES, NO = "co", "khong"
_YES_NO_OPTIONS = ((YES, "Có"), (NO, "Không"))
_QUESTION_ID = r"^[a-z][a-z0-9_]{0,30}$"
# Short ASCII so that a choice key "sv:a:<code>" stays far below Telegram's 64 bytes.
_OPTION_CODE = r"^[a-z0-9_-]{1,20}$"
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer a choice question offers."""

    code: Annotated[str, Field(pattern=_OPTION_CODE)]
    label: Annotated[str, Field(min_length=1, max_length=60)]


class Constraint(_Strict):
    """Bounds (numbers) or a pattern (text) with the message shown when an answer breaks it."""

    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    message: Annotated[str, Field(min_length=1)]

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"pattern does not compile: {error}") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Constraint:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


class Rule(_Strict):
    """The structured form of skip logic: `{question: q1, equals: co}`."""

    question: str
    equals: str | int | float | bool | None = None
    not_equals: str | int | float | bool | None = None


class Question(_Strict):
    """One question of a survey."""

    id: Annotated[str, Field(pattern=_QUESTION_ID)]
    type: QuestionType
    text: Annotated[str, Field(min_length=1)]
    header: str | None = None
    required: bool = True
    options: tuple[Option, ...] = ()
    constraint: Constraint | None = None
    relevant: str | Rule | None = None
    help: str | None = None
    section: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.type == "yes_no" and not self.options:
            options = tuple(Option(code=c, label=label) for c, label in _YES_NO_OPTIONS)
            object.__setattr__(self, "options", options)
        if self.type in CHOICE_TYPES:
            if len(self.options) < 2:
                raise ValueError(f"question {self.id}: a choice question needs two options")
            codes = [o.code for o in self.options]
            if len(set(codes)) != len(codes):
                raise ValueError(f"question {self.id}: option codes repeat")
        elif self.options:
            raise ValueError(f"question {self.id}: only choice questions have options")
        if self.constraint is not None:
            bounded = self.constraint.min is not None or self.constraint.max is not None
            if bounded and self.type not in NUMBER_TYPES:
                raise ValueError(f"question {self.id}: min/max apply to numbers only")
            if self.constraint.pattern is not None and self.type != "text":
                raise ValueError(f"question {self.id}: a pattern applies to text only")
        return self

    @property
    def condition(self) -> Condition | None:
        """The parsed skip logic (validated when the definition loads)."""
        if self.relevant is None:
            return None
        if isinstance(self.relevant, str):
            return survey_conditions.parse(self.relevant)
        return survey_conditions.structured(
            self.relevant.question,
            equals=self.relevant.equals,
            not_equals=self.relevant.not_equals,
        )

    def option(self, code: str) -> Option | None:
        """The option with this code, if the question offers it."""
        return next((o for o in self.options if o.code == code), None)


class Due(_Strict):
    """When a period's report is due, in local time: e.g. day 15 of the last month, 23:59."""

    month_of_period: Literal["first", "last"] | Annotated[int, Field(ge=1, le=12)] = "last"
    day: Literal["last"] | Annotated[int, Field(ge=1, le=31)] = "last"
    time: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = "23:59"
    date: dt.date | None = None  # for `period: once`


class SurveyDefinition(_Strict):
    """A survey: who answers it, how often, by when, and its questions."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")]
    title: Annotated[str, Field(min_length=1)]
    description: str | None = None
    period: PeriodKind
    due: Due
    audience: Annotated[tuple[UnitKindName, ...], Field(min_length=1)]
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> SurveyDefinition:
        if self.period == ONCE and self.due.date is None:
            raise ValueError("a survey with `period: once` needs `due.date`")
        months = {"month": 1, "quarter": 3, "year": 12, ONCE: 12}[self.period]
        if isinstance(self.due.month_of_period, int) and self.due.month_of_period > months:
            raise ValueError(f"due.month_of_period is beyond the {months} month(s) of a period")
        return self

    def question(self, question_id: str) -> Question | None:
        """A question by id."""
        return next((q for q in self.questions if q.id == question_id), None)

    def number_of(self, question_id: str) -> int:
        """The 1-based position of a question, as users see it ("câu 3")."""
        return next(i for i, q in enumerate(self.questions, 1) if q.id == question_id)

    def relevant_questions(self, answers: dict[str, object]) -> list[Question]:
        """The questions that apply given the answers so far (skip logic)."""
        return [q for q in self.questions if q.condition is None or q.condition.holds(answers)]


Loc = tuple[int | str, ...]


def semantic_problems(definition: SurveyDefinition) -> list[tuple[Loc, str]]:
    """Cross-question problems (repeated ids, skip logic), each with its location."""
    problems: list[tuple[Loc, str]] = []
    earlier: dict[str, Question] = {}
    for index, question in enumerate(definition.questions):
        if question.id in earlier:
            problems.append((("questions", index, "id"), f"question id {question.id} repeats"))
        reason = _relevant_problem(question, earlier)
        if reason is not None:
            problems.append((("questions", index, "relevant"), reason))
        earlier[question.id] = question
    return problems


def _relevant_problem(question: Question, earlier: dict[str, Question]) -> str | None:
    try:
        condition = question.condition
    except ConditionSyntaxError as error:
        return f"relevant: {error}"
    if condition is None:
        return None
    for group in condition.any_of:
        for comparison in group:
            source = earlier.get(comparison.question)
            if source is None:
                return (
                    f"relevant refers to {comparison.question!r}, which is not an earlier question"
                )
            value = comparison.value
            if source.options and isinstance(value, str) and source.option(value) is None:
                return (
                    f"relevant compares {source.id} with {value!r}, "
                    "which is not one of its option codes"
                )
    return None


# --- loading -----------------------------------------------------------------------------


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


def _describe(error: dict[str, object]) -> str:
    loc = ".".join(str(p) for p in error["loc"])  # type: ignore[attr-defined]
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{loc}: {message}" if loc else message


def load_definition(path: Path) -> SurveyDefinition:
    """Load and validate one definition file; raises InvalidDefinition with file and line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise InvalidDefinition([Problem(name, line, f"YAML: {error.problem}")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidDefinition([Problem(name, 1, f"cannot read: {error}")]) from None
    if node is None or not isinstance(data, dict):
        raise InvalidDefinition([Problem(name, 1, "expected a mapping with id, title, ...")])
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


def load_definitions(path: Path = SURVEYS_DIR) -> dict[str, SurveyDefinition]:
    """Every definition under a folder, by id; raises InvalidDefinition on the first bad file."""
    definitions: dict[str, SurveyDefinition] = {}
    for file in definition_files(path):
        definition = load_definition(file)
        definitions[definition.id] = definition
    return definitions


# --- periods and deadlines -------------------------------------------------------------------


def period_of(definition: SurveyDefinition, when: datetime, zone: ZoneInfo | None = None) -> str:
    """The id of the period a local moment falls in: "2026-Q4", "2026-11", "2026" or "once".

    `when` is read on its own wall clock, or converted to `zone` first when one is given.
    """
    local = when.astimezone(zone) if zone is not None else when
    if definition.period == "month":
        return f"{local.year}-{local.month:02d}"
    if definition.period == "quarter":
        return f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    if definition.period == "year":
        return str(local.year)
    return ONCE


def period_months(definition: SurveyDefinition, period: str) -> tuple[int, list[int]]:
    """The year and months a period id covers; raises ValueError for a malformed id."""
    if definition.period == ONCE:
        if period != ONCE:
            raise ValueError(f"period {period!r} is not 'once'")
        assert definition.due.date is not None  # noqa: S101 (checked on load)
        return definition.due.date.year, [definition.due.date.month]
    match = _PERIOD.match(period)
    kind = (
        "quarter"
        if match and match["quarter"]
        else "month"
        if match and match["month"]
        else "year"
    )
    if match is None or kind != definition.period:
        raise ValueError(f"period {period!r} is not a {definition.period} period")
    year = int(match["year"])
    if kind == "quarter":
        first = (int(match["quarter"]) - 1) * 3 + 1
        return year, [first, first + 1, first + 2]
    if kind == "month":
        return year, [int(match["month"])]
    return year, list(range(1, 13))


def due_at(definition: SurveyDefinition, period: str, zone: ZoneInfo) -> datetime:
    """The deadline of a period in UTC, from the definition's local-time due rule."""
    due = definition.due
    hour, minute = (int(part) for part in due.time.split(":"))
    if definition.period == ONCE:
        period_months(definition, period)
        assert due.date is not None  # noqa: S101 (checked on load)
        local = datetime.combine(due.date, time(hour, minute), tzinfo=zone)
        return local.astimezone(UTC)
    year, months = period_months(definition, period)
    rule = due.month_of_period
    month = months[0] if rule == "first" else months[-1] if rule == "last" else months[rule - 1]
    last_day = calendar.monthrange(year, month)[1]
    day = last_day if due.day == "last" else min(due.day, last_day)
    return datetime(year, month, day, hour, minute, tzinfo=zone).astimezone(UTC)
