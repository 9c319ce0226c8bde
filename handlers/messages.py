"""The neutral messages that cross the boundary between channels and the core."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Channel(StrEnum):
    """The platforms the assistant speaks on."""

    TELEGRAM = "telegram"
    ZALO = "zalo"
    WEB = "web"
    CONSOLE = "console"


class MessageKind(StrEnum):
    """What a user sent; the core reads only text, and says so politely for the rest."""

    TEXT = "text"
    IMAGE = "image"
    STICKER = "sticker"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Choice:
    """A button: `key` is short ASCII data, `label` is what the user sees."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message from a user; `choice` is set when a button was pressed.

    `kind` is not TEXT when the user sent a picture, sticker or anything else the core
    cannot read; `text` is then empty (a caption is not treated as a question). `group` is
    true when others read the chat (a Telegram group, a Zalo group): `chat_id` is then the
    group's and `user_id` the sender's, and personal flows stay in private chats.
    """

    channel: str
    chat_id: str
    user_id: str
    text: str = ""
    display_name: str = ""
    choice: str | None = None
    message_id: str | None = None
    kind: MessageKind = MessageKind.TEXT
    group: bool = False


class ReplyTag(StrEnum):
    """What a reply means, for the shell (its counters; the web chat page forgets its stored
    history on ERASED); users never see it."""

    NONE = ""
    ANSWER = "answer"  # a question answered from the plan
    REFUSAL = "refusal"  # a question the plan does not cover
    SURVEY_SUBMITTED = "survey_submitted"  # the receipt of a report sent
    ERASED = "erased"  # the person's data was erased (`/xoathongtin` confirmed)


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send back, with optional choices; `tag` is for metrics only."""

    text: str
    choices: tuple[Choice, ...] = field(default_factory=tuple)
    tag: ReplyTag = field(default=ReplyTag.NONE, compare=False)
