"""The one error type adapters raise for a failed send; the sender branches on its fields.

This module imports nothing platform-specific, so `scheduler/` may use it.
"""

from __future__ import annotations


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
