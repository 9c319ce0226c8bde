"""Translating between Telegram and the core: updates to `Inbound`, choices to keyboards,
PTB errors to `ChannelError`. Pure functions, no network."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from datetime import timedelta
from typing import Final
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, InlineKeyboardButtonLimit
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from bot.logging import redact
from handlers import Channel, Choice, Inbound
from scheduler.delivery import ChannelError

logger = logging.getLogger(__name__)

CALLBACK_DATA_MAX_BYTES: Final = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
WEBHOOK_PATH: Final = "/telegram/webhook"


def inbound_from(update: Update) -> Inbound | None:
    """The neutral message in a Telegram update, or None for updates we do not handle."""
    query = update.callback_query
    if query is not None:
        if query.message is None or query.data is None:
            return None  # a button on an inline-mode message or a game: not ours
        return Inbound(
            channel=Channel.TELEGRAM,
            chat_id=str(query.message.chat.id),
            user_id=str(query.from_user.id),
            display_name=query.from_user.full_name,
            choice=query.data,
            message_id=str(query.message.message_id),
            group=query.message.chat.type != ChatType.PRIVATE,
        )
    message = update.message
    if message is None or message.from_user is None:
        return None
    return Inbound(
        channel=Channel.TELEGRAM,
        chat_id=str(message.chat.id),
        user_id=str(message.from_user.id),
        text=message.text or "",
        display_name=message.from_user.full_name,
        message_id=str(message.message_id),
        group=message.chat.type != ChatType.PRIVATE,
    )


def _valid_callback_data(key: str) -> bool:
    return key.isascii() and 1 <= len(key) <= CALLBACK_DATA_MAX_BYTES


def keyboard(choices: Sequence[Choice]) -> InlineKeyboardMarkup | None:
    """One button per row; a key Telegram would reject is left out and logged, never sent."""
    rows: list[list[InlineKeyboardButton]] = []
    for choice in choices:
        if not _valid_callback_data(choice.key):
            logger.error(
                "telegram.choice_refused",
                extra={"key": ascii(choice.key)[:80], "bytes": len(choice.key.encode())},
            )
            continue
        rows.append([InlineKeyboardButton(choice.label, callback_data=choice.key)])
    return InlineKeyboardMarkup(rows) if rows else None


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def channel_error(error: TelegramError) -> ChannelError:
    """What the sender needs to know about a failed Bot API call."""
    reason = redact(f"{type(error).__name__}: {error.message}")
    if isinstance(error, RetryAfter):
        with warnings.catch_warnings():
            # PTB 22 warns that `retry_after` will become a timedelta; we accept both.
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            retry_after = _seconds(error.retry_after)
        return ChannelError(reason, retryable=True, retry_after=retry_after)
    if isinstance(error, Forbidden):
        return ChannelError(reason, retryable=False, blocked=True)
    if isinstance(error, BadRequest | ChatMigrated):
        return ChannelError(reason, retryable=False)
    if isinstance(error, NetworkError):  # also TimedOut and 5xx
        return ChannelError(reason, retryable=True)
    return ChannelError(reason, retryable=False)  # InvalidToken, Conflict, ...


def webhook_endpoint(url: str) -> str:
    """The URL Telegram posts to: a bare origin gets our route's path appended."""
    return url.rstrip("/") + WEBHOOK_PATH if urlsplit(url).path in ("", "/") else url
