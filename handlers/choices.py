"""Mapping what a user typed or pressed back to one of the choices last offered."""

from __future__ import annotations

from handlers.messages import Choice
from knowledge.normalize import fold as fold_diacritics

# Keys accepted even when not among the last choices: the greeting's menu, and the buttons
# of reminders and the office's messages (they arrive between a chat's own replies). A plan
# section button from an earlier answer is outdated, as the README says.
STATELESS_PREFIXES = ("menu:", "rm:")
# «Báo cáo ngay» on a reminder or a due-date answer: opens that deadline's report.
REPORT = "rm:report:"
# Channels that show choices as a numbered list, where a typed "2" means the second one.
NUMBERED_CHANNELS = frozenset({"zalo", "console"})
# Telegram's callback_data limit, which every key we make respects.
MAX_KEY_LENGTH = 64
# Ids are 32-bit on PostgreSQL (and bound as 64-bit on SQLite): bigger ones exist nowhere.
MAX_ID = 2**31 - 1
_MAX_ID_DIGITS = len(str(MAX_ID))


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d) and with single spaces, for matching labels."""
    return " ".join(fold_diacritics(text).lower().split())


def encode(choices: tuple[Choice, ...]) -> list[list[str]]:
    """The offered choices as stored on the conversation row."""
    return [[choice.key, choice.label] for choice in choices]


# Polite words around a typed answer ("dạ có ạ", "không nhé"), folded.
_POLITE_BEFORE = frozenset({"da", "vang", "thua"})
_POLITE_AFTER = frozenset({"a", "ah", "ak", "nhe", "nha", "nhen", "anh", "chi", "em", "ad"})


def without_politeness(typed: str) -> str:
    """A folded answer without the polite words around it ("da co a" → "co")."""
    words = typed.split()
    while len(words) > 1 and words[0] in _POLITE_BEFORE:
        words = words[1:]
    while len(words) > 1 and words[-1] in _POLITE_AFTER:
        words = words[:-1]
    return " ".join(words)


def match_typed(text: str, offered: list[list[str]]) -> str | None:
    """The key of the offered choice a typed number or label designates, if any; polite
    words around it do not matter ("có ạ", "dạ không")."""
    typed = fold(text).rstrip(".)!")
    if not typed or not offered:
        return None
    return _match(typed, offered) or _match(without_politeness(typed), offered)


def _match(typed: str, offered: list[list[str]]) -> str | None:
    if typed.isascii() and typed.isdigit():  # "²" is a digit to isdigit(), not to int()
        index = int(typed) - 1 if len(typed) <= _MAX_ID_DIGITS else -1
        return offered[index][0] if 0 <= index < len(offered) else None
    for key, label in offered:
        if typed == fold(label) or typed == key.lower():
            return key
    return None


def is_acceptable(key: str, offered: list[list[str]]) -> bool:
    """Whether a pressed key may be acted on: offered last time, or stateless and safe."""
    if not (key.isascii() and key.isprintable() and len(key) <= MAX_KEY_LENGTH):
        return False  # forged: every key we make is short printable ASCII
    return any(key == item[0] for item in offered) or key.startswith(STATELESS_PREFIXES)


def parse_id(text: str) -> int | None:
    """A database id in a choice key or an operator's argument; None when it cannot be one."""
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_ID_DIGITS:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
