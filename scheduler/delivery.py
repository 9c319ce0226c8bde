"""What the outbox sender needs from a channel: deliver one reply, or say why it could not.

Declared here, below the shell, and implemented by the adapters in `bot/channels/`, so the
sender never imports a platform library. A delivery either returns (sent) or raises
`ChannelError`, whose `outcome` is one of rate-limited (with a delay), blocked, transient or
permanent; the sender branches on that alone.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol, runtime_checkable

from handlers.messages import Reply


class Outcome(StrEnum):
    """How one delivery attempt ended."""

    SENT = "sent"
    RATE_LIMITED = "rate_limited"  # the platform asked every send to wait `retry_after`
    BLOCKED = "blocked"  # the recipient blocked the bot or cannot be reached: never retry
    TRANSIENT = "transient"  # 5xx, timeout, network: the same message may go through later
    PERMANENT = "permanent"  # the platform refused this message: retrying cannot help


class ChannelError(Exception):
    """A send failed.

    Attributes:
        retryable: sending the same message again later may succeed (5xx, timeout, 429).
        retry_after: seconds the platform asked every send to wait (429), if any.
        blocked: the recipient blocked the bot or cannot be reached (403); do not retry.
    """

    def __init__(
        self,
        reason: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        blocked: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.blocked = blocked

    @property
    def outcome(self) -> Outcome:
        """The failed outcome these fields describe."""
        if self.blocked:
            return Outcome.BLOCKED
        if self.retryable and self.retry_after is not None:
            return Outcome.RATE_LIMITED
        return Outcome.TRANSIENT if self.retryable else Outcome.PERMANENT


@runtime_checkable
class Deliver(Protocol):
    """A channel that sends one reply to one chat at its own pace.

    `send` waits on the channel's rate limiter, pauses it on a flood-control 429, and raises
    `ChannelError` on failure (`TelegramChannel` and `ZaloChannel` implement it).
    """

    async def send(self, chat_id: str, reply: Reply) -> None: ...
