"""Faults real deployments meet, each through the real app over HTTP (issue #14, item 5)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from pydantic import SecretStr

from bot.app import create_app
from bot.config import Settings
from handlers import Services
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegramApi
from tests.production.conftest import served

SECRET = "faults-secret"
QUESTION = "Kế hoạch 87 ban hành ngày nào?"


@asynccontextmanager
async def telegram_app(
    fake: FakeTelegramApi, settings: Settings, services: Services, clock: FakeClock
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with Telegram in webhook mode against `fake`; the fake posts to it."""
    async with served(
        create_app(
            settings.model_copy(
                update={
                    "telegram_bot_token": SecretStr(fake.token),
                    "telegram_mode": "webhook",
                    "telegram_webhook_url": "http://127.0.0.1:9/",  # replaced below
                    "telegram_webhook_secret": SecretStr(SECRET),
                    "telegram_api_base": fake.base_url,
                    "telegram_rate": 1000.0,
                    "telegram_per_chat_interval": 0.0,
                }
            ),
            services=services,
            clock=clock,
        )
    ) as client:
        # The app registered a placeholder URL; point the fake at where it really listens.
        fake._set_webhook({"url": f"{client.base_url}/telegram/webhook", "secret_token": SECRET})
        yield client


async def _post(client: httpx.AsyncClient, body: object) -> int:
    response = await client.post(
        "/telegram/webhook",
        content=body if isinstance(body, bytes) else httpx.Request("POST", "/", json=body).content,
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"},
    )
    return response.status_code


async def test_malformed_updates_are_logged_and_skipped_when_posted(
    settings: Settings,
    services: Services,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with FakeTelegramApi() as fake:
        async with telegram_app(fake, settings, services, clock) as client:
            caplog.set_level(logging.WARNING)
            statuses = [
                await _post(client, b"{not json"),
                await _post(client, b"[]"),
                await _post(client, {"update_id": "x", "message": 5}),
                await _post(client, {"update_id": 9, "message": {"chat": "nope"}}),
                await _post(client, {"update_id": 10, "callback_query": {"id": 1}}),
            ]
            fake.push_text(chat_id=31, text=QUESTION)
            answered = await fake.wait_sent(1)
    assert all(status in (200, 400) for status in statuses), statuses
    assert statuses[0] == 400
    assert "Kế hoạch" in answered[0].text
    logged = [r.getMessage() for r in caplog.records]
    assert "telegram.webhook_malformed" in logged


async def test_replies_arrive_when_api_answers_5xx_storm(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    chats = [41, 42, 43, 44, 45]
    with FakeTelegramApi() as fake:
        fake.fail_next("sendMessage", status=502, times=8)
        async with telegram_app(fake, settings, services, clock) as client:
            assert client is not None
            for chat in chats:
                fake.push_text(chat_id=chat, text=QUESTION)
            await fake.wait_sent(len(chats), timeout=30)
            await asyncio.sleep(0.5)  # no late duplicate either
    errors = [call for call in fake.calls_of("sendMessage") if call.status == 502]
    assert len(errors) == 8
    assert sorted(int(m.chat_id) for m in fake.sent) == chats


async def test_slow_chat_does_not_hold_up_others_when_api_lags(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    with FakeTelegramApi() as fake:
        fake.add_latency(2.0, method="sendMessage", chat_id=51)
        async with telegram_app(fake, settings, services, clock) as client:
            assert client is not None
            fake.push_text(chat_id=51, text=QUESTION)
            await asyncio.sleep(0.2)  # the slow chat's update is in before the others
            for chat in (52, 53):
                fake.push_text(chat_id=chat, text=QUESTION)
            await fake.wait_sent(3, timeout=30)
    order = [int(m.chat_id) for m in fake.sent]
    assert order[-1] == 51  # the others were answered while the slow one waited
    assert sorted(order) == [51, 52, 53]
