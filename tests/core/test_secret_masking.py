"""Configured secret values are masked in log lines and error output, whatever their shape."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.logging import SECRET_MASK, JsonFormatter, redact, set_secrets


@pytest.fixture
def configured_secrets() -> Iterator[None]:
    set_secrets(['Mật "khẩu" 2026', "AAHsecretHalfOnly_abcdefghij"])
    try:
        yield
    finally:
        set_secrets([])


@pytest.mark.usefixtures("configured_secrets")
def test_formatter_masks_configured_secret_when_json_escaped() -> None:
    record = logging.makeLogRecord(
        {
            "name": "t",
            "levelname": "ERROR",
            "msg": 'pw=Mật "khẩu" 2026',
            "detail": ['Mật "khẩu" 2026'],
        }
    )

    line = JsonFormatter().format(record)

    assert "khẩu" not in line
    assert json.loads(line)["event"] == f"pw={SECRET_MASK}"


@pytest.mark.usefixtures("configured_secrets")
def test_formatter_masks_configured_secret_in_traceback() -> None:
    try:
        raise ValueError("The token `AAHsecretHalfOnly_abcdefghij` was rejected")
    except ValueError:
        record = logging.makeLogRecord({"name": "t", "levelname": "ERROR", "msg": "failed"})
        record.exc_info = sys.exc_info()

    line = JsonFormatter().format(record)

    assert "AAHsecret" not in line
    assert "ValueError" in line


def test_short_secret_left_alone_when_configured() -> None:
    set_secrets(["abc"])
    try:
        assert redact("abc def") == "abc def"
    finally:
        set_secrets([])


def test_secret_values_cover_every_secret_setting() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url="postgresql+asyncpg://cds:db-pass-word@127.0.0.1:5432/cds",
        telegram_bot_token="123456:AAHtelegramSecretPart",
        telegram_webhook_secret="tg-webhook-secret",
        zalo_bot_token="987654:zaloSecretPart",
        zalo_webhook_secret="zalo-webhook-secret",
        invite_pepper="pepper-0123456789",
    )
    configured = [
        value.get_secret_value()
        for name in Settings.model_fields
        if isinstance(value := getattr(settings, name), SecretStr)
    ]

    values = set(settings.secret_values())

    assert len(configured) == 5  # every SecretStr setting was given above
    assert set(configured) | {"AAHtelegramSecretPart", "zaloSecretPart", "db-pass-word"} <= values
