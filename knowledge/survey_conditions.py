"""Skip logic for survey questions: a tiny safe expression language (never `eval`).

Grammar (``and`` binds tighter than ``or``; no parentheses)::

    expr       := conjunct ("or" conjunct)*
    conjunct   := comparison ("and" comparison)*
    comparison := IDENT OP LITERAL
    OP         := "==" | "!=" | ">=" | "<=" | ">" | "<"
    LITERAL    := 'text' | "text" | number | true | false

An unanswered (or skipped) question makes its comparison false. For a multiple-choice answer
(a list of option codes) ``q == 'x'`` means "x was picked" and ``q != 'x'`` "x was not picked".
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Literal_ = str | int | float | bool
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'[^']*'|"[^"]*")
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op>==|!=|>=|<=|>|<)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


class ConditionSyntaxError(ValueError):
    """A `relevant` expression that does not follow the grammar."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """`question op value`."""

    question: str
    op: str
    value: Literal_

    def holds(self, answers: Mapping[str, object]) -> bool:
        """Whether the comparison is true for the answers given so far."""
        answer = answers.get(self.question)
        if answer is None:
            return False
        if isinstance(answer, list):
            if self.op == "==":
                return self.value in answer
            if self.op == "!=":
                return self.value not in answer
            return False
        if isinstance(answer, bool) or isinstance(self.value, bool):
            return self.op in ("==", "!=") and bool(_OPS[self.op](answer, self.value))
        if isinstance(answer, int | float) != isinstance(self.value, int | float):
            return self.op == "!="
        try:
            return bool(_OPS[self.op](answer, self.value))
        except TypeError:
            return False


@dataclass(frozen=True, slots=True)
class Condition:
    """A disjunction of conjunctions of comparisons."""

    any_of: tuple[tuple[Comparison, ...], ...]

    def holds(self, answers: Mapping[str, object]) -> bool:
        """Whether the question is relevant given the answers so far."""
        return any(all(c.holds(answers) for c in group) for group in self.any_of)

    @property
    def questions(self) -> set[str]:
        """The question ids the condition reads."""
        return {c.question for group in self.any_of for c in group}


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ConditionSyntaxError(f"ký tự không hợp lệ ở vị trí {position + 1}")
        kind = match.lastgroup or ""
        tokens.append((kind, match[kind]))
        position = match.end()
    return tokens


def _literal(kind: str, raw: str) -> Literal_:
    if kind == "string":
        return raw[1:-1]
    if kind == "number":
        return float(raw) if "." in raw else int(raw)
    if kind == "word" and raw in ("true", "false"):
        return raw == "true"
    raise ConditionSyntaxError(f"cần một giá trị, gặp «{raw}»")


def parse(text: str) -> Condition:
    """Parse `relevant: "q1 == 'co' and q2 > 0"` into a condition."""
    tokens = _tokens(text)
    if not tokens:
        raise ConditionSyntaxError("điều kiện trống")
    groups: list[tuple[Comparison, ...]] = []
    current: list[Comparison] = []
    index = 0
    while True:
        if index + 3 > len(tokens):
            raise ConditionSyntaxError("cần dạng `mã_câu phép_so_sánh giá_trị`")
        (k1, name), (k2, op), (k3, raw) = tokens[index : index + 3]
        if k1 != "word" or name in ("and", "or", "true", "false"):
            raise ConditionSyntaxError(f"cần mã câu hỏi, gặp «{name}»")
        if k2 != "op":
            raise ConditionSyntaxError(f"cần phép so sánh sau «{name}», gặp «{op}»")
        current.append(Comparison(name, op, _literal(k3, raw)))
        index += 3
        if index == len(tokens):
            break
        kind, word = tokens[index]
        if kind != "word" or word not in ("and", "or"):
            raise ConditionSyntaxError(f"cần `and` hoặc `or`, gặp «{word}»")
        if word == "or":
            groups.append(tuple(current))
            current = []
        index += 1
    groups.append(tuple(current))
    return Condition(tuple(groups))


def structured(
    question: str, *, equals: Literal_ | None, not_equals: Literal_ | None
) -> Condition:
    """The condition of the structured form `{question: q1, equals: co}`."""
    if (equals is None) == (not_equals is None):
        raise ConditionSyntaxError("cần đúng một trong `equals` hoặc `not_equals`")
    if equals is not None:
        return Condition(((Comparison(question, "==", equals),),))
    assert not_equals is not None  # noqa: S101 (narrowing for mypy)
    return Condition(((Comparison(question, "!=", not_equals),),))
