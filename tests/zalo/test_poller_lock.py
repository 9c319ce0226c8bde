"""One Zalo poller per token on PostgreSQL, also after the lock's connection is killed.

Two real `ZaloChannel`s (as two deployments would run) poll the fake Bot API with the same
token; each names itself in a test header so the fake can tell their getUpdates calls apart.
A poller that lost its lock pauses before trying to take it back; the tests hold that pause
(`Gate`) so the other deployment gets the lock first, as it would when it starts then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from bot.channels.zalo import ZaloChannel, ZaloConflict
from bot.channels.zalo_client import ZaloClient
from handlers import Services
from tests.conftest import FakeClock
from tests.fakes.zalo_api import POLLER_HEADER, FakeZaloApi, Poll
from tests.helptext import HELP_TEXT
from tests.zalo.conftest import eventually, fast_config

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

LOCK_LOST = "zalo.poller_lock_lost"
LOCK_RETAKEN = "zalo.poller_lock_retaken"


class Gate:
    """A `sleep` for the channel that waits, then also until the test opens the gate."""

    def __init__(self) -> None:
        self._open = asyncio.Event()
        self._open.set()

    def close(self) -> None:
        self._open.clear()

    def open(self) -> None:
        self._open.set()

    async def __call__(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self._open.wait()


Poller = Callable[[str], ZaloChannel]


@pytest.fixture
def gate() -> Gate:
    return Gate()


@pytest.fixture
async def poller(
    fake_zalo: FakeZaloApi,
    engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    gate: Gate,
) -> AsyncIterator[Poller]:
    """Build pollers named `a`, `b`, ...; every one is stopped at the end."""
    built: list[tuple[ZaloChannel, httpx.AsyncClient]] = []

    def factory(name: str) -> ZaloChannel:
        http = httpx.AsyncClient(headers={POLLER_HEADER: name}, timeout=10)
        channel = ZaloChannel(
            # No pause between polls: the gate holds only a lost poller's retakes.
            fast_config(fake_zalo, lock_check_interval=0.05, poll_interval=0.0),
            assistant=Assistant(engine=engine, services=services, clock=clock),
            client=ZaloClient(SecretStr(fake_zalo.token), base_url=fake_zalo.base_url, http=http),
            sleep=gate,
        )
        built.append((channel, http))
        return channel

    try:
        yield factory
    finally:
        for channel, http in built:
            await channel.stop()
            await http.aclose()


async def _kill_lock_connection(engine: AsyncEngine) -> None:
    """What a server restart or a network reset does to the poller's lock connection."""
    async with engine.connect() as connection:
        killed = await connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_locks"
                " WHERE locktype = 'advisory' AND granted AND database ="
                " (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
    assert killed == 1


def _overlapping(polls: list[Poll]) -> list[tuple[Poll, Poll]]:
    """Pairs of getUpdates calls by different pollers that were in flight at once."""
    return [
        (x, y)
        for x in polls
        for y in polls
        if x.poller < y.poller and x.started < y.ended and y.started < x.ended
    ]


def _events(caplog: pytest.LogCaptureFixture, event: str) -> int:
    return sum(r.getMessage() == event for r in caplog.records)


async def test_one_poller_at_a_time_when_lock_connection_killed(
    fake_zalo: FakeZaloApi,
    poller: Poller,
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    gate: Gate,
) -> None:
    first = poller("a")
    await first.start()
    await eventually(lambda: any(p.poller == "a" for p in fake_zalo.polls))

    gate.close()
    await _kill_lock_connection(engine)
    await eventually(lambda: not first.polling)
    await eventually(lambda: fake_zalo.polls_in_flight == 0)  # its last call was abandoned
    # Another deployment with the same token starts now: the lock is free, it takes it.
    second = poller("b")
    await second.start()
    fake_zalo.push_text("chat-1", "/trogiup")
    await fake_zalo.wait_for_sends(1)

    polls = fake_zalo.polls
    first_b = min(p.started for p in polls if p.poller == "b")
    assert (first.polling, second.polling) == (False, True)
    assert [p.poller for p in polls if p.served] == ["b"]
    assert [p for p in polls if p.poller == "a" and p.started >= first_b] == []
    assert _overlapping(polls) == []
    assert _events(caplog, LOCK_LOST) == 1


async def test_poller_retakes_lock_when_other_stops(
    fake_zalo: FakeZaloApi,
    poller: Poller,
    engine: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    gate: Gate,
) -> None:
    caplog.set_level(logging.INFO)
    first = poller("a")
    await first.start()
    await eventually(lambda: any(p.poller == "a" for p in fake_zalo.polls))
    gate.close()
    await _kill_lock_connection(engine)
    await eventually(lambda: not first.polling)
    await eventually(lambda: fake_zalo.polls_in_flight == 0)
    second = poller("b")
    await second.start()
    await eventually(lambda: any(p.poller == "b" for p in fake_zalo.polls))
    gate.open()  # the first tries again (in vain while the second holds the lock)

    await second.stop()
    await eventually(lambda: first.polling)
    fake_zalo.push_text("chat-1", "/trogiup")
    sent = await fake_zalo.wait_for_sends(1)

    polls = fake_zalo.polls
    last_b = max(p.ended for p in polls if p.poller == "b")
    assert sent[0].text == HELP_TEXT
    assert [p.poller for p in polls if p.served] == ["a"]
    assert next(p for p in polls if p.poller == "a" and p.served).started >= last_b
    assert _overlapping(polls) == []
    assert _events(caplog, LOCK_RETAKEN) == 1
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_second_poller_refused_while_first_holds_lock(poller: Poller) -> None:
    await poller("a").start()

    with pytest.raises(ZaloConflict):
        await poller("b").start()


async def test_shutdown_quiet_when_lock_connection_killed(
    fake_zalo: FakeZaloApi, poller: Poller, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    first = poller("a")
    await first.start()
    await eventually(lambda: any(p.poller == "a" for p in fake_zalo.polls))

    await _kill_lock_connection(engine)
    await first.stop()

    assert "InterfaceError" not in caplog.text
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
