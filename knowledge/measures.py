"""What a number in a survey answer counts: the unit words a typed answer may carry.

A number question's definition says what it counts (`unit: người`, and a percentage always
counts «%»); a typed answer whose unit word names another measure («15 người» at a percentage,
«3 buổi» at a count of people) is asked again rather than stored under the wrong unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from knowledge.normalize import fold

PERCENT: Final = "%"


@dataclass(frozen=True, slots=True)
class Measure:
    """One thing a number may count, and the words typed after a number that name it."""

    unit: str  # as a definition names it (`unit: người`)
    what: str  # how a sentence names the count ("số người")
    words: tuple[str, ...]  # lower case, with diacritics; matched without them too


MEASURES: Final = (
    Measure(PERCENT, "tỷ lệ phần trăm (%)", ("%", "phần trăm")),
    Measure(
        "người",
        "số người",
        ("người", "thành viên", "cán bộ", "công chức", "viên chức", "học viên", "đồng chí"),
    ),
    Measure("buổi", "số buổi", ("buổi", "cuộc", "lần", "hội nghị", "hội thảo")),
    Measure("lượt", "số lượt", ("lượt",)),
    Measure("ngày", "số ngày", ("ngày",)),
)
UNITS: Final = frozenset(m.unit for m in MEASURES)


def measure(unit: str) -> Measure | None:
    """The measure a definition's `unit` names."""
    return next((m for m in MEASURES if m.unit == unit), None)


def named_by(words: str) -> Measure | None:
    """The measure that the words after a number name («người ạ» → người), if any."""
    typed = fold(words.lower()).replace(PERCENT, f" {PERCENT} ").split()
    for candidate in MEASURES:
        for word in candidate.words:
            parts = fold(word).split()
            if any(typed[i : i + len(parts)] == parts for i in range(len(typed) - len(parts) + 1)):
                return candidate
    return None
