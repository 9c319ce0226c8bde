"""End to end in webhook mode: the fake POSTs updates to our web app served by uvicorn."""

from __future__ import annotations

import logging

import httpx
import pytest
from pydantic import SecretStr

from bot.channels.telegram import register_webhook
from bot.config import Settings
from handlers import texts
from handlers.onboarding import MENU_HELP
from tests.fakes.telegram_api import FakeTelegramApi
from tests.helptext import HELP_TEXT
from tests.telegram.conftest import WEBHOOK_SECRET, WebApp

CHAT = 515151


async def test_start_registers_webhook_with_secret(
    fake: FakeTelegramApi, webhook_app: WebApp
) -> None:
    [call] = fake.calls_of("setWebhook")

    assert fake.webhook_url == webhook_app.webhook_url
    assert call.params["secret_token"] == WEBHOOK_SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]


async def test_start_via_webhook_gets_greeting(fake: FakeTelegramApi, webhook_app: WebApp) -> None:
    fake.push_start(chat_id=CHAT)

    [sent] = await fake.wait_sent(1)

    assert sent.text == texts.GREETING
    assert [d.status for d in fake.webhook_deliveries] == [200]


async def test_pressed_choice_via_webhook_is_answered(
    fake: FakeTelegramApi, webhook_app: WebApp
) -> None:
    fake.push_start(chat_id=CHAT)
    await fake.wait_sent(1)

    update = fake.push_callback(chat_id=CHAT, data=MENU_HELP)
    sent = await fake.wait_sent(2)
    await fake.wait_for(lambda: bool(fake.answered_callbacks), what="answerCallbackQuery")

    assert sent[1].text == HELP_TEXT
    assert fake.answered_callbacks == [update["callback_query"]["id"]]


async def test_wrong_secret_is_refused_and_nothing_processed(
    fake: FakeTelegramApi, webhook_app: WebApp
) -> None:
    update = {
        "update_id": 77,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": CHAT, "type": "private"},
            "from": {"id": CHAT, "is_bot": False, "first_name": "Lan"},
            "text": "/help",
        },
    }
    async with httpx.AsyncClient(timeout=5) as client:
        wrong = await client.post(
            webhook_app.webhook_url,
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET + "x"},
        )
        missing = await client.post(webhook_app.webhook_url, json=update)
        # The same update with the right secret is processed: the refusals recorded nothing.
        right = await client.post(
            webhook_app.webhook_url,
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        )
    [sent] = await fake.wait_sent(1)

    assert (wrong.status_code, missing.status_code, right.status_code) == (403, 403, 200)
    assert sent.text == HELP_TEXT


async def test_duplicate_update_is_processed_once(
    fake: FakeTelegramApi, webhook_app: WebApp
) -> None:
    update = fake.push_text(chat_id=CHAT, text="/start")
    await fake.wait_sent(1)

    fake.redeliver(update)
    fake.push_text(chat_id=CHAT, text="/help")
    # Updates of one chat are handled in order, so the duplicate is done once /help is.
    await fake.wait_sent(2)

    assert [m.text for m in fake.sent] == [texts.GREETING, HELP_TEXT]
    assert [d.update_id for d in fake.webhook_deliveries].count(update["update_id"]) == 2


async def test_malformed_body_is_refused(webhook_app: WebApp) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.post(
            webhook_app.webhook_url,
            content=b"not json",
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        )

    assert response.status_code == 400


async def test_registration_logs_the_url_told_never_the_secret(
    fake: FakeTelegramApi, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    chosen = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(fake.token),
            "telegram_mode": "webhook",
            "telegram_webhook_url": "http://127.0.0.1:9/",
            "telegram_webhook_secret": SecretStr(WEBHOOK_SECRET),
            "telegram_api_base": fake.base_url,
        }
    )

    with caplog.at_level(logging.INFO):
        await register_webhook(chosen)

    logged = [r for r in caplog.records if r.getMessage() == "telegram.webhook_set"]
    assert [getattr(r, "url", None) for r in logged] == ["http://127.0.0.1:9/telegram/webhook"]
    assert fake.webhook_url == "http://127.0.0.1:9/telegram/webhook"
    assert not any(WEBHOOK_SECRET in str(r.__dict__) for r in caplog.records)
