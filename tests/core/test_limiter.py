"""The limiter spaces sends overall and per chat, and honours pauses, on a fake clock."""

from __future__ import annotations

import asyncio

from scheduler.limiter import RateLimiter


class VirtualTime:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


async def _send_times(limiter: RateLimiter, time: VirtualTime, chats: list[str]) -> list[float]:
    times = []
    for chat in chats:
        await limiter.wait(chat)
        times.append(round(time.now, 6))
    return times


async def test_overall_rate_spaces_sends_to_different_chats() -> None:
    time = VirtualTime()
    limiter = RateLimiter(rate=4, clock=time.clock, sleep=time.sleep)

    times = await _send_times(limiter, time, ["a", "b", "c", "d", "e"])

    assert times == [0.0, 0.25, 0.5, 0.75, 1.0]


async def test_one_chat_gets_one_message_per_interval() -> None:
    time = VirtualTime()
    limiter = RateLimiter(rate=100, per_chat_interval=1.0, clock=time.clock, sleep=time.sleep)

    times = await _send_times(limiter, time, ["a", "a", "b", "a"])

    assert times == [0.0, 1.0, 1.01, 2.0]


async def test_pause_holds_every_send_until_it_ends() -> None:
    time = VirtualTime()
    limiter = RateLimiter(rate=10, clock=time.clock, sleep=time.sleep)
    limiter.pause(5.0)

    times = await _send_times(limiter, time, ["a", "b"])

    assert times == [5.0, 5.1]
