"""Send pacing per channel: an overall rate, a per-chat interval and a global pause.

Sends are spaced strictly by their actual start times (no bursts), so in any window of one
second at most `rate` messages start overall and at most one per chat when
`per_chat_interval` is 1 s; this is what Telegram measures (about 30 msg/s overall, 1 msg/s
per chat) with a margin.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# How late a woken sleeper may be and still keep the cadence (event-loop timer overshoot).
_TIMER_SLACK = 0.002
# Per-chat reservations older than this can no longer delay anyone; drop them.
_MAX_TRACKED_CHATS = 10_000


class RateLimiter:
    """Reserves send slots: `await limiter.wait(chat_id)` returns when sending is allowed."""

    __slots__ = (
        "_chats",
        "_clock",
        "_interval",
        "_lock",
        "_next",
        "_paused_until",
        "_per_chat",
        "_sleep",
    )

    def __init__(
        self,
        *,
        rate: float,
        per_chat_interval: float = 1.0,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0 or per_chat_interval < 0:
            raise ValueError("rate must be positive and per_chat_interval not negative")
        self._interval = 1.0 / rate
        self._per_chat = per_chat_interval
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._paused_until = 0.0
        self._chats: OrderedDict[str, float] = OrderedDict()
        self._lock = asyncio.Lock()

    @property
    def rate(self) -> float:
        """Messages per second overall."""
        return 1.0 / self._interval

    def pause(self, seconds: float) -> None:
        """Hold every send for `seconds` from now (a 429 `retry_after`)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def paused_for(self) -> float:
        """Seconds left in the current pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    async def wait(self, chat_id: str) -> None:
        """Sleep until this chat may receive the next message, then take that slot.

        Slots are taken when a send actually starts, not planned in advance: when the event
        loop wakes a sleeper late, later sends move back instead of bunching up (only a
        timer overshoot of up to `_TIMER_SLACK` is made up, to keep the average rate).
        """
        while True:
            # This chat's own pace first, outside the shared queue, so that one busy chat
            # never holds up the others.
            if (delay := self._chats.get(chat_id, 0.0) - self._clock()) > 0:
                await self._sleep(delay)
                continue
            async with self._lock:  # FIFO: waiters take the overall slots in turn
                while (delay := (slot := max(self._next, self._paused_until)) - self._clock()) > 0:
                    await self._sleep(delay)
                now = self._clock()
                if self._chats.get(chat_id, 0.0) <= now:  # else another send to it went first
                    # Sleeps overshoot by a millisecond or so: absorb that to keep the
                    # average rate; a send later than that restarts the cadence from now.
                    start = slot if now - slot <= min(_TIMER_SLACK, self._interval) else now
                    self._next = start + self._interval
                    self._chats[chat_id] = now + self._per_chat
                    self._chats.move_to_end(chat_id)
                    while len(self._chats) > _MAX_TRACKED_CHATS:
                        self._chats.popitem(last=False)
                    return
