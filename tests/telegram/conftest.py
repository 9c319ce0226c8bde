"""The real PTB stack against the fake Bot API: a polling channel and a webhook web app."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from pydantic import SecretStr

from bot.app import create_app
from bot.assistant import Assistant
from bot.channels.telegram import TelegramChannel
from bot.config import Settings
from handlers import Services
from scheduler.limiter import RateLimiter
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegramApi

WEBHOOK_SECRET = "s3cret-For-Tests_only"


@pytest.fixture
def fake() -> Iterator[FakeTelegramApi]:
    with FakeTelegramApi() as api:
        yield api


def fast_limiter() -> RateLimiter:
    """Tests send several messages to one chat; Telegram's pacing is tested in test_limiter."""
    return RateLimiter(rate=1000, per_chat_interval=0)


@pytest.fixture
async def polling(fake: FakeTelegramApi, assistant: Assistant) -> AsyncIterator[TelegramChannel]:
    """A started polling channel (short long-poll timeout so stopping is quick)."""
    channel = TelegramChannel(
        token=SecretStr(fake.token),
        assistant=assistant,
        limiter=fast_limiter(),
        api_base=fake.base_url,
        poll_timeout=1,
    )
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class WebApp:
    """Our web app served by uvicorn on 127.0.0.1, with Telegram in webhook mode."""

    base_url: str
    settings: Settings

    @property
    def webhook_url(self) -> str:
        return f"{self.base_url}/telegram/webhook"


@pytest.fixture
async def webhook_app(
    fake: FakeTelegramApi, settings: Settings, services: Services, clock: FakeClock
) -> AsyncIterator[WebApp]:
    sock = _free_socket()
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app_settings = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(fake.token),
            "telegram_mode": "webhook",
            "telegram_webhook_url": base_url,
            "telegram_webhook_secret": SecretStr(WEBHOOK_SECRET),
            "telegram_api_base": fake.base_url,
            "telegram_rate": 1000.0,
            "telegram_per_chat_interval": 0.0,
        }
    )
    app = create_app(app_settings, services=services, clock=clock)
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # raises the startup error
            await asyncio.sleep(0.01)
        yield WebApp(base_url, app_settings)
    finally:
        server.should_exit = True
        await task
        sock.close()
