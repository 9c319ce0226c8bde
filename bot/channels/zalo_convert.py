"""Zalo and the core: settings to `ZaloConfig`, updates to `Inbound`, replies to messages,
client errors to `ChannelError`. Pure functions, no network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot.channels.base import numbered, split_text
from bot.channels.zalo_client import (
    DEFAULT_RETRY_AFTER,
    ZALO_API_BASE,
    ZALO_MAX_TEXT,
    ZaloClientError,
    ZaloError,
    ZaloRateLimited,
    ZaloTransient,
    ZaloUpdate,
)
from bot.config import Settings
from handlers import Channel, Inbound, MessageKind, Reply
from scheduler.delivery import ChannelError

_KINDS: Final = {
    "message.text.received": MessageKind.TEXT,
    "message.image.received": MessageKind.IMAGE,
    "message.sticker.received": MessageKind.STICKER,
}
_DEFAULT_ZONE: Final = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True, slots=True)
class ZaloConfig:
    """What the channel needs from the settings, plus timing knobs tests shorten."""

    token: SecretStr
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    api_base: str = ZALO_API_BASE
    monthly_quota: int = 3000
    rate: float = 5.0
    zone: ZoneInfo = _DEFAULT_ZONE
    poll_timeout: float = 30.0
    # At least this long between the starts of two getUpdates calls.
    poll_interval: float = 1.0
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    # Seconds between two checks of the poller lock during a long poll, and between two
    # attempts to take it back once lost (it is also checked before every poll).
    lock_check_interval: float = 5.0

    @classmethod
    def from_settings(cls, settings: Settings) -> ZaloConfig:
        """The channel's config; call only when ZALO_BOT_TOKEN is set."""
        if settings.zalo_bot_token is None:
            raise ValueError("ZALO_BOT_TOKEN is not set")
        return cls(
            token=settings.zalo_bot_token,
            mode=settings.zalo_mode,
            webhook_url=settings.zalo_webhook_url,
            webhook_secret=settings.zalo_webhook_secret,
            api_base=settings.zalo_api_base,
            monthly_quota=settings.zalo_monthly_quota,
            rate=settings.zalo_rate,
            zone=settings.zone,
        )


def to_inbound(update: ZaloUpdate) -> Inbound | None:
    """The neutral message for an update; None for events that are not user messages."""
    message = update.message
    if message is None or message.sender.is_bot or not update.event_name.startswith("message."):
        return None
    kind = _KINDS.get(update.event_name, MessageKind.OTHER)
    return Inbound(
        channel=Channel.ZALO,
        chat_id=message.chat.id,
        user_id=message.sender.id,
        text=(message.text or "") if kind is MessageKind.TEXT else "",
        display_name=message.sender.shown_name,
        message_id=message.message_id,
        kind=kind,
        # Anything but a private chat is read by others (the platform says GROUP).
        group=message.chat.chat_type.upper() != "PRIVATE",
    )


def render(reply: Reply) -> list[str]:
    """A reply as Zalo messages: choices numbered, split at `ZALO_MAX_TEXT` losslessly."""
    return split_text(numbered(reply), ZALO_MAX_TEXT)


def to_channel_error(error: ZaloError) -> ChannelError:
    """What the outbox sender needs to know about a failed send."""
    reason = f"zalo:{type(error).__name__}:{error.error_code or ''}"
    if isinstance(error, ZaloRateLimited):
        return ChannelError(
            reason, retryable=True, retry_after=error.retry_after or DEFAULT_RETRY_AFTER
        )
    if isinstance(error, ZaloTransient):
        return ChannelError(reason, retryable=True)
    if isinstance(error, ZaloClientError):
        return ChannelError(reason, retryable=False, blocked=error.blocked)
    return ChannelError(reason, retryable=False)
