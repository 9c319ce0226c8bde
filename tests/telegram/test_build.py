"""`build_channels` starts Telegram only when its token is set, and describes it safely."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.app import build_channels
from bot.assistant import Assistant
from bot.config import Settings

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl"
SECRET = "webhook-secret-value"


def test_no_channel_when_token_unset(settings: Settings, assistant: Assistant) -> None:
    runners = build_channels(settings, assistant)

    assert runners == []


def test_empty_token_in_environment_means_unset(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, assistant: Assistant
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "")

    fresh = Settings(_env_file=None, database_url=settings.database_url)  # type: ignore[call-arg]

    assert (fresh.telegram_bot_token, fresh.telegram_webhook_url) == (None, None)


def test_polling_channel_described_without_token(settings: Settings, assistant: Assistant) -> None:
    configured = settings.model_copy(update={"telegram_bot_token": SecretStr(TOKEN)})

    [runner] = build_channels(configured, assistant)

    assert (runner.name, runner.describe(), runner.routes()) == (
        "telegram",
        "telegram: polling",
        None,
    )


def test_webhook_channel_described_with_its_url_only(
    settings: Settings, assistant: Assistant
) -> None:
    configured = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_mode": "webhook",
            "telegram_webhook_url": "https://cds.example.vn",
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )

    [runner] = build_channels(configured, assistant)

    assert runner.describe() == "telegram: webhook at https://cds.example.vn/telegram/webhook"
    assert runner.routes() is not None


def test_webhook_url_with_a_path_is_used_as_given(
    settings: Settings, assistant: Assistant
) -> None:
    configured = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(TOKEN),
            "telegram_mode": "webhook",
            "telegram_webhook_url": "https://cds.example.vn/hooks/tg",
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )

    [runner] = build_channels(configured, assistant)

    assert runner.describe() == "telegram: webhook at https://cds.example.vn/hooks/tg"


def test_rate_settings_reach_the_limiter(settings: Settings, assistant: Assistant) -> None:
    configured = settings.model_copy(
        update={"telegram_bot_token": SecretStr(TOKEN), "telegram_rate": 10.0}
    )

    [runner] = build_channels(configured, assistant)

    assert runner.limiter.rate == pytest.approx(10.0)  # type: ignore[attr-defined]
