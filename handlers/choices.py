"""Mapping what a user typed or pressed back to one of the choices last offered."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.messages import Channel, Choice
from knowledge.normalize import fold as fold_diacritics

# Keys accepted even when not among the last choices: the greeting's menu, and the buttons
# of reminders and the office's messages (they arrive between a chat's own replies). A plan
# section button from an earlier answer is outdated, as the README says.
STATELESS_PREFIXES = ("menu:", "rm:")
# «Báo cáo ngay» on a reminder or a due-date answer: opens that deadline's report.
REPORT = "rm:report:"
# Telegram's callback_data limit, which every key we make respects.
MAX_KEY_LENGTH = 64
# Ids are 32-bit on PostgreSQL (and bound as 64-bit on SQLite): bigger ones exist nowhere.
MAX_ID = 2**31 - 1
_MAX_ID_DIGITS = len(str(MAX_ID))


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d) and with single spaces, for matching labels."""
    return " ".join(fold_diacritics(text).lower().split())


# Marks a stored choice from an earlier message of the same turn: it may still be pressed or
# typed by its label, but a typed number means a choice of the last message only (Zalo and
# the console number each message's choices from 1).
EARLIER = "earlier"
# Buttons of earlier messages kept live, at most (a turn rarely shows more than two).
MAX_EARLIER = 16


def encode(
    groups: Sequence[tuple[Choice, ...]], *, still_shown: list[list[str]] | None = None
) -> list[list[str]]:
    """The choices a turn's messages offer, as stored on the conversation row: the last
    message's, then those of the messages before it (and `still_shown`, the choices of
    messages already on screen), which stay live."""
    shown = [g for g in groups if g]
    if not shown:
        return []
    last = [[c.key, c.label] for c in shown[-1]]
    earlier = [[c.key, c.label, EARLIER] for group in shown[:-1] for c in group]
    earlier += [[item[0], item[1], EARLIER] for item in still_shown or []]
    keys = {item[0] for item in last}
    kept: list[list[str]] = []
    for item in earlier:
        if item[0] not in keys:
            keys.add(item[0])
            kept.append(item)
    return last + kept[:MAX_EARLIER]


def add_earlier(offered: list[list[str]], groups: Sequence[tuple[Choice, ...]]) -> list[list[str]]:
    """`offered` (a flow's choices, still last) with the choices of messages shown beside it
    live as earlier ones: pressing them works, a typed number still means the flow's."""
    keys = {item[0] for item in offered}
    added = [[c.key, c.label, EARLIER] for group in groups for c in group if c.key not in keys]
    return [*offered, *added][: len(offered) + MAX_EARLIER]


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


# Channels that show choices as a numbered list («2. Bỏ qua», `bot.channels.base.numbered`):
# a typed number there is the choice with that number. Telegram and the web chat show buttons
# that carry no numbers.
NUMBERED_CHANNELS = frozenset({Channel.ZALO, Channel.CONSOLE})


def typed_reply(text: str) -> str:
    """A typed reply as it is matched to choices: folded, its closing «.», «)», «!» dropped."""
    return fold(text).rstrip(".)!")


def unseen_number(channel: str, text: str) -> bool:
    """Whether a message is a bare number («2», «2 ạ») typed on a channel whose buttons carry
    no numbers: read as a position, it would press a button the user never saw numbered."""
    if channel in NUMBERED_CHANNELS:
        return False
    typed = typed_reply(text)
    return _is_number(typed) or _is_number(without_politeness(typed))


def _is_number(typed: str) -> bool:
    return typed.isascii() and typed.isdigit()  # "²" is a digit to isdigit(), not to int()


def match_typed(text: str, offered: list[list[str]]) -> str | None:
    """The key of the offered choice a typed number or label designates, if any; polite
    words around it do not matter ("có ạ", "dạ không")."""
    typed = typed_reply(text)
    if not typed or not offered:
        return None
    return _match(typed, offered) or _match(without_politeness(typed), offered)


def _match(typed: str, offered: list[list[str]]) -> str | None:
    if _is_number(typed):
        numbered = [item for item in offered if len(item) == 2]
        index = int(typed) - 1 if len(typed) <= _MAX_ID_DIGITS else -1
        return numbered[index][0] if 0 <= index < len(numbered) else None
    for item in offered:
        if typed == fold(item[1]) or typed == item[0].lower():
            return item[0]
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
