"""`cdsbot zalo ...` against the fake Bot API."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from tests.fakes.zalo_api import FakeZaloApi


@pytest.fixture
def zalo_env(fake_zalo: FakeZaloApi, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("ZALO_BOT_TOKEN", fake_zalo.token)
    monkeypatch.setenv("ZALO_API_BASE", fake_zalo.base_url)
    monkeypatch.setenv("ZALO_MONTHLY_QUOTA", "50")


def test_status_shows_webhook_and_quota(fake_zalo: FakeZaloApi, zalo_env: None) -> None:
    fake_zalo.set_webhook("https://bot.example.vn/zalo/webhook", "s3cret-s3cret")

    result = CliRunner().invoke(app, ["zalo", "status"])

    assert result.exit_code == 0, result.output
    assert "webhook: https://bot.example.vn/zalo/webhook" in result.output
    assert "đã gửi 0/50, còn 50" in result.output


def test_status_says_polling_allowed_when_no_webhook(zalo_env: None) -> None:
    result = CliRunner().invoke(app, ["zalo", "status"])

    assert result.exit_code == 0, result.output
    assert "webhook: (chưa đặt: có thể chạy ZALO_MODE=polling)" in result.output


def test_delete_webhook_clears_it(fake_zalo: FakeZaloApi, zalo_env: None) -> None:
    fake_zalo.set_webhook("https://bot.example.vn/zalo/webhook", "s3cret-s3cret")

    result = CliRunner().invoke(app, ["zalo", "delete-webhook"])

    assert (result.exit_code, fake_zalo.webhook_url) == (0, "")


def test_status_fails_when_token_unset(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)

    result = CliRunner().invoke(app, ["zalo", "status"])

    assert result.exit_code == 2


def test_status_gives_one_line_when_the_token_is_refused(
    zalo_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZALO_BOT_TOKEN", "1234567890:WrongTokenWrongTokenWrongToken12345")

    result = CliRunner().invoke(app, ["zalo", "status"])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "cdsbot: Zalo không chấp nhận ZALO_BOT_TOKEN (lỗi 401); hãy kiểm tra lại token của bot"
    ]
