"""What Telegram refuses for a webhook is one Vietnamese line and exit 2 (walk 4, #1 and #15)."""

from __future__ import annotations

import socket

from tests.cli.conftest import Cdsbot
from tests.fakes.telegram_api import FakeTelegramApi

PEPPER = {"INVITE_PEPPER": "p" * 32}
SECRET = "walk4-secret-abcdefgh"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _webhook_env(fake: FakeTelegramApi, **overrides: str) -> dict[str, str]:
    port = _free_port()
    return {
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE": fake.base_url,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "WEB_PORT": str(port),
        **PEPPER,
        **overrides,
    }


def test_run_gives_one_line_and_exit_2_when_telegram_refuses_set_webhook(
    cdsbot: Cdsbot,
) -> None:
    with FakeTelegramApi() as fake:
        fake.fail_next(
            "setWebhook",
            status=400,
            description="Bad Request: bad webhook: HTTPS url must be provided for webhook",
        )
        result = cdsbot("run", "--init", env=_webhook_env(fake))

    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if not line.startswith("{")]
    assert lines == [
        "cdsbot: Telegram không nhận đăng ký webhook: TELEGRAM_WEBHOOK_URL phải bắt đầu "
        "bằng https://"
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_run_quotes_telegram_when_its_webhook_refusal_is_unknown(cdsbot: Cdsbot) -> None:
    with FakeTelegramApi() as fake:
        fake.fail_next("setWebhook", status=400, description="Bad Request: chat not found")
        result = cdsbot("run", "--init", env=_webhook_env(fake))

    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if not line.startswith("{")]
    assert lines == [
        "cdsbot: Telegram không nhận đăng ký webhook (Telegram trả lời: «Chat not found»); "
        "hãy kiểm tra TELEGRAM_WEBHOOK_URL và TELEGRAM_WEBHOOK_SECRET"
    ]


def _refusal(
    cdsbot: Cdsbot, *, url: str = "https://cds.example.vn", secret: str = SECRET
) -> list[str]:
    """What `cdsbot run` says of webhook settings the official Bot API would refuse."""
    result = cdsbot(
        "run",
        env={
            "TELEGRAM_BOT_TOKEN": "123456:AAHsomeTokenSomeTokenSomeToken",
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_URL": url,
            "TELEGRAM_WEBHOOK_SECRET": secret,
        },
    )
    assert result.returncode == 2
    assert secret not in result.stdout + result.stderr
    return result.stderr.splitlines()


def test_http_webhook_url_is_refused_before_start_with_the_official_api(cdsbot: Cdsbot) -> None:
    assert _refusal(cdsbot, url="http://cds.example.vn") == [
        "cdsbot: cấu hình không hợp lệ: TELEGRAM_WEBHOOK_URL phải bắt đầu bằng https:// "
        "(Telegram chỉ gửi tin đến địa chỉ HTTPS)"
    ]


def test_webhook_secret_with_spaces_or_diacritics_is_refused(cdsbot: Cdsbot) -> None:
    expected = [
        "cdsbot: cấu hình không hợp lệ: TELEGRAM_WEBHOOK_SECRET không hợp lệ: chỉ được dùng "
        "chữ cái không dấu A–Z a–z, chữ số 0–9, dấu _ và dấu -"
    ]

    assert _refusal(cdsbot, secret="bad secret with spaces!") == expected
    assert _refusal(cdsbot, secret="códấu-secret") == expected


def test_too_long_webhook_secret_says_it_is_too_long(cdsbot: Cdsbot) -> None:
    assert _refusal(cdsbot, secret="x" * 300) == [
        "cdsbot: cấu hình không hợp lệ: TELEGRAM_WEBHOOK_SECRET không hợp lệ: dài quá 256 ký tự"
    ]


def test_webhook_url_on_a_port_telegram_does_not_call_is_refused(cdsbot: Cdsbot) -> None:
    assert _refusal(cdsbot, url="https://cds.example.vn:8080") == [
        "cdsbot: cấu hình không hợp lệ: TELEGRAM_WEBHOOK_URL phải dùng cổng 443, 80, 88 hoặc "
        "8443 (Telegram chỉ gửi tin đến các cổng này)"
    ]
