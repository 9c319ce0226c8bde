"""The personal-data notice shown before registration, and the official's agreement to it.

Law 91/2025/QH15: before a name, a position or the link between a chat account and a unit is
kept, the official reads what is kept, why, for how long and who sees it, and agrees. The
agreement (its time and the notice's version) travels in the conversation row until the
registration completes, then stays on the official.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from handlers import choices, texts
from handlers.context import Services
from handlers.messages import Choice

STATE: Final = "onboarding.consent"
PREFIX: Final = "pc:"
KEY_YES: Final = "pc:yes"
KEY_NO: Final = "pc:no"
CHOICES: Final = (Choice(KEY_YES, texts.CONSENT_YES), Choice(KEY_NO, texts.CONSENT_NO))
# The notice's version: the day its wording took effect. Change it with the wording.
VERSION: Final = "2026-12-01"

# The answer written out (folded, without the polite words and the pronoun around it).
_WORDS_YES: Final = frozenset({"dong y"})
_WORDS_NO: Final = frozenset({"khong dong y", "ko dong y", "k dong y", "chua dong y", "tu choi"})
# Said before or after the answer: "dạ, em đồng ý ạ", "vâng tôi không đồng ý nhé".
_AROUND: Final = frozenset(
    {"da", "vang", "thua", "toi", "em", "minh", "chau", "con", "a", "ah", "nhe", "nha", "anh"}
)
_PUNCTUATION: Final = re.compile(r"[^\w\s]")

_AT: Final = "consent_at"
_VERSION: Final = "consent_notice"
_DAYS_PER_YEAR: Final = 365
_DAYS_PER_MONTH: Final = 30


@dataclass(frozen=True, slots=True)
class Consent:
    """An agreement to the notice: when, and to which version."""

    at: datetime
    version: str


def duration(span: timedelta) -> str:
    """A retention in words: "2 năm", "3 tháng", "7 ngày"."""
    days = max(span.days, 1)
    if days % _DAYS_PER_YEAR == 0:
        return texts.DURATION_YEARS.format(count=days // _DAYS_PER_YEAR)
    if days % _DAYS_PER_MONTH == 0:
        return texts.DURATION_MONTHS.format(count=days // _DAYS_PER_MONTH)
    return texts.DURATION_DAYS.format(count=days)


def notice(services: Services) -> str:
    """The notice, with this deployment's retention periods and coordinating office."""
    retention = services.retention
    return texts.PRIVACY_NOTICE.format(
        questions=duration(retention.unanswered_question),
        messages=duration(retention.outbox),
        audit=duration(retention.audit_log),
        office=services.coordinating_office,
    )


def answer_in_words(text: str) -> str | None:
    """KEY_YES or KEY_NO for an agreement or a refusal written out ("Dạ, tôi đồng ý ạ.",
    "khong dong y"), never for a number; None for anything else."""
    words = _PUNCTUATION.sub(" ", choices.fold(text)).split()
    while len(words) > 1 and words[0] in _AROUND:
        words = words[1:]
    while len(words) > 1 and words[-1] in _AROUND:
        words = words[:-1]
    phrase = " ".join(words)
    if phrase in _WORDS_YES:
        return KEY_YES
    return KEY_NO if phrase in _WORDS_NO else None


def answer(text: str) -> str | None:
    """KEY_YES or KEY_NO for what was typed to the notice's question: its number (1 or 2),
    its label, or the answer written out; None for anything else."""
    return choices.match_typed(text, choices.encode([CHOICES])) or answer_in_words(text)


def given(now: datetime) -> dict[str, Any]:
    """The agreement made now, as conversation data."""
    return {_AT: now.isoformat(), _VERSION: VERSION}


def recorded(data: dict[str, Any]) -> Consent | None:
    """The agreement held in conversation data, if there is a valid one."""
    at, version = data.get(_AT), data.get(_VERSION)
    if not isinstance(at, str) or not isinstance(version, str) or not version:
        return None
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    return Consent(moment, version) if moment.tzinfo is not None else None
