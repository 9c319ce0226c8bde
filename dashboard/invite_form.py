"""The «Tạo mã mời» form: what was typed, and why the server refuses it, each field named with
the range it takes (the form comes back as typed, the unit still chosen)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from dashboard import strings

MAX_USES: Final = 50
MAX_DAYS: Final = 90
# A number typed longer than this is no count of uses or days (and is not read as one).
_DIGITS: Final = 6
_SHOWN: Final = 20


@dataclass(frozen=True, slots=True)
class InviteForm:
    """The form's fields as typed: the unit's code or a group's key, and two numbers."""

    target: str = "communes"
    uses: str = "1"
    days: str = "14"


def whole(text: str, *, most: int) -> int | None:
    """A whole number from 1 to `most` typed in a field; None otherwise."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > _DIGITS:
        return None
    number = int(value)
    return number if 1 <= number <= most else None


def _typed(text: str) -> str:
    """What a field held, as a refusal quotes it."""
    value = "".join(ch for ch in text.strip() if ch.isprintable())
    if not value:
        return strings.INVITE_TYPED_NOTHING
    shown = value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"
    return strings.INVITE_TYPED.format(value=shown)


def number_problems(form: InviteForm) -> list[str]:
    """Why the form's numbers are refused ([] when both are in range)."""
    problems = []
    if whole(form.uses, most=MAX_USES) is None:
        problems.append(strings.INVITE_USES.format(most=MAX_USES, typed=_typed(form.uses)))
    if whole(form.days, most=MAX_DAYS) is None:
        problems.append(strings.INVITE_DAYS.format(most=MAX_DAYS, typed=_typed(form.days)))
    return problems
