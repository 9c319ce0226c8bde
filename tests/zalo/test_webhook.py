"""End to end over the webhook: the fake delivers to our real app served by uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.app import create_app
from bot.channels.zalo import WEBHOOK_PATH, ZaloChannel
from bot.config import Settings
from handlers import Services, texts
from tests.fakes.server import ThreadedServer
from tests.fakes.zalo_api import SECRET_HEADER, FakeZaloApi
from tests.helptext import HELP_TEXT
from tests.zalo.conftest import eventually

SECRET = "webhook-secret-0123456789"
QUESTION = "Ai điều phối Mạng lưới chuyển đổi số tỉnh?"


@pytest.fixture
def web_server(
    fake_zalo: FakeZaloApi, sqlite_url: str, tmp_path: Path, services: Services
) -> Iterator[tuple[ThreadedServer, FastAPI]]:
    """The whole app in webhook mode, on a real port, registered with the fake."""
    server = ThreadedServer(lifespan="on")
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=sqlite_url,
        kb_dir=tmp_path / "kb",
        zalo_bot_token=fake_zalo.token,
        zalo_mode="webhook",
        zalo_webhook_url=server.url + WEBHOOK_PATH,
        zalo_webhook_secret=SECRET,
        zalo_api_base=fake_zalo.base_url,
    )
    app = create_app(settings, services=services)
    with server.serve(app):
        yield server, app


def _channel(app: FastAPI) -> ZaloChannel:
    (channel,) = app.state.runners
    assert isinstance(channel, ZaloChannel)
    return channel


async def test_webhook_registered_with_secret_when_app_starts(
    fake_zalo: FakeZaloApi, web_server: tuple[ThreadedServer, FastAPI]
) -> None:
    server, _ = web_server

    assert fake_zalo.webhook_url == server.url + WEBHOOK_PATH


async def test_webhook_question_gets_answer_when_body_bare(
    fake_zalo: FakeZaloApi, web_server: tuple[ThreadedServer, FastAPI]
) -> None:
    fake_zalo.push_text("chat-1", QUESTION)
    sent = await fake_zalo.wait_for_sends(1)

    assert fake_zalo.deliveries == [200]
    assert "Kế hoạch 87/KH-UBND" in sent[0].text


async def test_webhook_image_gets_text_only_reply_when_body_wrapped(
    fake_zalo: FakeZaloApi, web_server: tuple[ThreadedServer, FastAPI]
) -> None:
    fake_zalo.webhook_wrapped = True

    fake_zalo.push_image("chat-1")
    sent = await fake_zalo.wait_for_sends(1)

    assert sent[0].text == texts.TEXT_ONLY


async def test_webhook_refuses_wrong_secret(
    fake_zalo: FakeZaloApi, web_server: tuple[ThreadedServer, FastAPI]
) -> None:
    _, app = web_server
    fake_zalo.add_chat("chat-1")
    forged = {
        "event_name": "message.text.received",
        "message": {
            "message_id": "forged-1",
            "date": 0,
            "chat": {"id": "chat-1"},
            "from": {"id": "chat-1"},
            "text": "/start",
        },
    }

    status = fake_zalo.deliver(forged, secret="wrong-secret-000")
    fake_zalo.push_text("chat-1", "/trogiup")
    sent = await fake_zalo.wait_for_sends(1)
    await eventually(lambda: _channel(app).processed == 1)

    assert status == 403
    assert [s.text for s in sent] == [HELP_TEXT]


async def test_webhook_refuses_missing_secret_before_reading_body(
    web_server: tuple[ThreadedServer, FastAPI],
) -> None:
    server, _ = web_server

    response = httpx.post(server.url + WEBHOOK_PATH, content=b"not json at all")

    assert response.status_code == 403


async def test_webhook_refuses_body_over_1mb(web_server: tuple[ThreadedServer, FastAPI]) -> None:
    server, _ = web_server
    body = b'{"event_name": "' + b"x" * (1024 * 1024) + b'"}'

    response = httpx.post(server.url + WEBHOOK_PATH, content=body, headers={SECRET_HEADER: SECRET})

    assert response.status_code == 413


async def test_webhook_refuses_chunked_body_over_1mb(
    web_server: tuple[ThreadedServer, FastAPI],
) -> None:
    server, _ = web_server

    def chunks() -> Iterator[bytes]:
        for _ in range(17):
            yield b"x" * 65536

    response = httpx.post(
        server.url + WEBHOOK_PATH,
        content=chunks(),
        headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
    )

    assert response.status_code == 413
