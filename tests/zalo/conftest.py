"""Fixtures for the Zalo channel: the fake Bot API, configs and started channels."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from pydantic import SecretStr

from bot.assistant import Assistant
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_client import ZaloClient
from bot.channels.zalo_convert import ZaloConfig
from tests.fakes.zalo_api import FakeZaloApi


@pytest.fixture
def fake_zalo() -> Iterator[FakeZaloApi]:
    with FakeZaloApi() as fake:
        yield fake


def fast_config(fake: FakeZaloApi, **overrides: object) -> ZaloConfig:
    """A config pointing at the fake, with test-sized waits."""
    values: dict[str, object] = {
        "token": SecretStr(fake.token),
        "api_base": fake.base_url,
        "poll_timeout": 0.3,
        "poll_interval": 0.02,
        "backoff_base": 0.05,
        "rate": 100.0,
    }
    values.update(overrides)
    return ZaloConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
async def zalo_client(fake_zalo: FakeZaloApi) -> AsyncIterator[ZaloClient]:
    client = ZaloClient(SecretStr(fake_zalo.token), base_url=fake_zalo.base_url)
    try:
        yield client
    finally:
        await client.aclose()


ChannelFactory = Callable[..., ZaloChannel]


@pytest.fixture
async def make_channel(
    fake_zalo: FakeZaloApi, assistant: Assistant
) -> AsyncIterator[ChannelFactory]:
    """Build (not start) channels on the fake; every one built is stopped at the end."""
    built: list[ZaloChannel] = []

    def factory(*, channel_assistant: Assistant | None = None, **overrides: object) -> ZaloChannel:
        channel = ZaloChannel(
            fast_config(fake_zalo, **overrides), assistant=channel_assistant or assistant
        )
        built.append(channel)
        return channel

    try:
        yield factory
    finally:
        for channel in built:
            await channel.stop()


async def eventually(predicate: Callable[[], bool], *, within: float = 10.0) -> None:
    """Wait until `predicate()` holds (polling), failing after `within` seconds."""
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
