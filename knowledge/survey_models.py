"""The shape of a survey definition (pydantic models, validated on load)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge import measures, survey_conditions
from knowledge.survey_conditions import Condition, ConditionSyntaxError

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer a choice question offers."""

    code: Annotated[str, Field(pattern=_OPTION_CODE)]
    label: Annotated[str, Field(min_length=1, max_length=60)]
    # The counts an option stands for, when a choice question asks "how many" in ranges
    # ("Hai đến ba buổi": min 2, max 3; "Từ bốn buổi trở lên": min 4): a typed count picks it.
    min: Annotated[int, Field(ge=0)] | None = None
    max: Annotated[int, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Option:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min lớn hơn max")
        return self

    def counts(self, value: int) -> bool:
        """Whether a count falls in this option's range (an option without one has none)."""
        if self.min is None and self.max is None:
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


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
                where = f" (sai ở ký tự {error.pos + 1})" if error.pos is not None else ""
                raise ValueError(f"pattern không phải biểu thức chính quy hợp lệ{where}") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Constraint:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min lớn hơn max")
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
    # What a number answer counts (a name from `knowledge.measures`: "người", "buổi"); a
    # percentage counts "%" without saying so. A typed unit word naming another measure
    # ("3 buổi" at a count of people) is asked again.
    unit: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.unit is not None:
            if self.unit not in measures.UNITS:
                known = ", ".join(sorted(measures.UNITS))
                raise ValueError(
                    f"câu {self.id}: unit «{self.unit}» không phải một trong: {known}"
                )
            if self.type not in ("integer", "decimal", "single_choice"):
                raise ValueError(f"câu {self.id}: unit chỉ dùng cho câu hỏi số lượng")
        if self.type == "yes_no" and not self.options:
            options = tuple(Option(code=c, label=label) for c, label in _YES_NO_OPTIONS)
            object.__setattr__(self, "options", options)
        if self.type in CHOICE_TYPES:
            if len(self.options) < 2:
                raise ValueError(f"câu {self.id}: câu hỏi lựa chọn cần ít nhất hai options")
            codes = [o.code for o in self.options]
            if len(set(codes)) != len(codes):
                raise ValueError(f"câu {self.id}: có hai options trùng code")
        elif self.options:
            raise ValueError(f"câu {self.id}: chỉ câu hỏi lựa chọn mới có options")
        if self.unit is not None and self.type == "single_choice" and not self.counted:
            raise ValueError(f"câu {self.id}: có unit thì các options cần min/max")
        if self.constraint is not None:
            bounded = self.constraint.min is not None or self.constraint.max is not None
            if bounded and self.type not in NUMBER_TYPES:
                raise ValueError(f"câu {self.id}: min/max chỉ dùng cho câu hỏi số")
            if self.constraint.pattern is not None and self.type != "text":
                raise ValueError(f"câu {self.id}: pattern chỉ dùng cho câu hỏi chữ (text)")
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

    @property
    def counted(self) -> bool:
        """Whether this single choice asks a count in ranges (its options carry min/max)."""
        return self.type == "single_choice" and any(
            o.min is not None or o.max is not None for o in self.options
        )

    def option_for_count(self, value: int) -> Option | None:
        """The option whose range holds a typed count."""
        return next((o for o in self.options if o.counts(value)), None)


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
            raise ValueError("mẫu báo cáo có period: once cần due.date")
        months = {"month": 1, "quarter": 3, "year": 12, ONCE: 12}[self.period]
        if isinstance(self.due.month_of_period, int) and self.due.month_of_period > months:
            raise ValueError(f"due.month_of_period vượt quá {months} tháng của một kỳ")
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
            problems.append((("questions", index, "id"), f"mã câu {question.id} bị lặp lại"))
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
                    f"relevant nhắc tới «{comparison.question}», không phải một câu hỏi đứng trước"
                )
            value = comparison.value
            if source.options and isinstance(value, str) and source.option(value) is None:
                return (
                    f"relevant so sánh {source.id} với «{value}», không phải code của một "
                    "option của câu đó"
                )
    return None
