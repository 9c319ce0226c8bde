"""Request bodies over real HTTP: capped before parsing, bad input answered with one 4xx line."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from bot.app import create_app
from bot.channels.body import MAX_BODY
from bot.config import Settings
from handlers import Services
from tests.fakes.server import ThreadedServer
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.zalo_api import FakeZaloApi

TELEGRAM_SECRET = "telegram-secret-for-tests"
ZALO_SECRET = "zalo-secret-0123456789"


@dataclass(frozen=True)
class Endpoint:
    path: str
    headers: dict[str, str]
    surrogate: bytes  # a valid request whose text holds a lone surrogate


ENDPOINTS = {
    "web": Endpoint(
        "/api/chat",
        {},
        b'{"session": "abcdef0123456789", "text": "\\ud800"}',
    ),
    "telegram": Endpoint(
        "/telegram/webhook",
        {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
        b'{"update_id": 7, "message": {"message_id": 1, "date": 1764468000, '
        b'"chat": {"id": 42, "type": "private"}, "from": {"id": 42, "is_bot": false, '
        b'"first_name": "A"}, "text": "\\ud800"}}',
    ),
    "zalo": Endpoint(
        "/zalo/webhook",
        {"X-Bot-Api-Secret-Token": ZALO_SECRET},
        b'{"ok": true, "result": {"event_name": "message.text.received", "message": '
        b'{"message_id": "m1", "date": 1764468000000, "text": "\\ud800", '
        b'"chat": {"id": "c1", "chat_type": "PRIVATE"}, "from": {"id": "u1"}}}}',
    ),
}


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path, services: Services
) -> Iterator[ThreadedServer]:
    """The app with the web chat and both webhooks on, served by uvicorn on a real port."""
    import shutil

    folder = tmp_path_factory.mktemp("bodies")
    shutil.copy(sqlite_template, folder / "cdsbot.db")
    server = ThreadedServer(lifespan="on")
    with FakeTelegramApi() as telegram, FakeZaloApi() as zalo:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            database_url=f"sqlite+aiosqlite:///{folder / 'cdsbot.db'}",
            kb_dir=folder / "kb",
            telegram_bot_token=SecretStr(telegram.token),
            telegram_mode="webhook",
            telegram_webhook_url=server.url,
            telegram_webhook_secret=SecretStr(TELEGRAM_SECRET),
            telegram_api_base=telegram.base_url,
            zalo_bot_token=zalo.token,
            zalo_mode="webhook",
            zalo_webhook_url=server.url + "/zalo/webhook",
            zalo_webhook_secret=ZALO_SECRET,
            zalo_api_base=zalo.base_url,
        )
        with server.serve(create_app(settings, services=services)):
            yield server


def _raw_request(
    server: ThreadedServer, endpoint: Endpoint, head: dict[str, str], body: bytes
) -> int:
    """Send a request head and `body` (possibly incomplete); return the response status."""
    lines = [f"POST {endpoint.path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}"]
    lines += [f"{name}: {value}" for name, value in (endpoint.headers | head).items()]
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        answer = sock.recv(4096)
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("name", ENDPOINTS)
def test_body_refused_413_when_declared_length_over_limit(
    server: ThreadedServer, name: str
) -> None:
    endpoint = ENDPOINTS[name]
    head = {"Content-Type": "application/json", "Content-Length": str(2 * MAX_BODY)}

    # Only a sliver of the declared 2 MB is ever sent: the answer must not wait for the rest.
    status = _raw_request(server, endpoint, head, b'{"x": "' + b"a" * 65536)

    assert status == 413


@pytest.mark.parametrize("name", ENDPOINTS)
def test_body_refused_413_when_chunked_stream_passes_limit(
    server: ThreadedServer, name: str
) -> None:
    endpoint = ENDPOINTS[name]
    head = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    chunk = b"a" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(MAX_BODY // 65536 + 2))

    # No terminating chunk: a server that read to the end would never answer.
    status = _raw_request(server, endpoint, head, body)

    assert status == 413


@pytest.mark.parametrize("name", ENDPOINTS)
def test_lone_surrogate_refused_with_one_log_line(
    server: ThreadedServer, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = ENDPOINTS[name]
    caplog.set_level(logging.INFO)

    response = httpx.post(
        server.url + endpoint.path,
        content=endpoint.surrogate,
        headers=endpoint.headers | {"Content-Type": "application/json"},
        timeout=15,
    )

    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert response.status_code == 400
    assert [(r.getMessage(), r.exc_info) for r in warnings] == [("http.body_refused", None)]
    assert "ud800" not in caplog.text


@pytest.mark.parametrize("name", ENDPOINTS)
def test_deep_nesting_refused_400_when_100000_levels(
    server: ThreadedServer, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = ENDPOINTS[name]
    body = b'{"a": ' * 100_000 + b"1" + b"}" * 100_000

    response = httpx.post(
        server.url + endpoint.path,
        content=body,
        headers=endpoint.headers | {"Content-Type": "application/json"},
        timeout=15,
    )

    assert response.status_code == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_web_chat_refused_422_when_fields_wrong(server: ThreadedServer) -> None:
    response = httpx.post(
        server.url + "/api/chat", json={"session": "short", "text": 5}, timeout=15
    )

    assert response.status_code == 422
