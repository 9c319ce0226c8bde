"""ZALO_* settings and the channel list built from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.app import build_channels
from bot.assistant import Assistant
from bot.channels.zalo import ZaloChannel
from bot.config import Settings


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, kb_dir=tmp_path, **values)  # type: ignore[call-arg, arg-type]


@pytest.mark.parametrize("secret", [None, "short", "x" * 257])
def test_webhook_mode_refused_when_secret_not_8_to_256(tmp_path: Path, secret: str | None) -> None:
    with pytest.raises(ValidationError, match="ZALO_WEBHOOK_SECRET"):
        _settings(
            tmp_path,
            zalo_bot_token="1:abc",
            zalo_mode="webhook",
            zalo_webhook_url="https://bot.example.vn/zalo/webhook",
            zalo_webhook_secret=secret,
        )


def test_empty_token_means_no_zalo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZALO_BOT_TOKEN", "")

    assert _settings(tmp_path).zalo_bot_token is None


def test_defaults_match_free_plan(tmp_path: Path) -> None:
    settings = _settings(tmp_path)

    assert (settings.zalo_api_base, settings.zalo_monthly_quota, settings.zalo_mode) == (
        "https://bot-api.zaloplatforms.com",
        3000,
        "polling",
    )


def test_build_channels_adds_zalo_when_token_set(tmp_path: Path, assistant: Assistant) -> None:
    runners = build_channels(_settings(tmp_path, zalo_bot_token="1:abc"), assistant)

    assert [(r.name, type(r)) for r in runners] == [("zalo", ZaloChannel)]


def test_build_channels_skips_zalo_when_token_unset(tmp_path: Path, assistant: Assistant) -> None:
    assert build_channels(_settings(tmp_path), assistant) == []
