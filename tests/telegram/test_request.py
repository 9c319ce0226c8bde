"""`JsonRequest`, the Bot API client: replies round-trip as JSON, errors come back as PTB's
exceptions, and HTTPS works on the asyncio network backend."""

from __future__ import annotations

import asyncio
import ssl
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, RetryAfter, TimedOut

from bot.channels.telegram_request import JsonRequest, json_body, proxy_for
from tests.fakes.telegram_api import FakeTelegramApi

TEXT = "Mục IV.2.c: Ủy ban nhân dân xã, phường triển khai chuyển đổi số — “đúng hạn”."


def _request(**kwargs: object) -> JsonRequest:
    return JsonRequest(
        connect_timeout=2, read_timeout=2, write_timeout=2, pool_timeout=2, **kwargs
    )


async def _bot(fake: FakeTelegramApi, request: JsonRequest) -> AsyncIterator[Bot]:
    bot = Bot(fake.token, base_url=f"{fake.base_url}/bot", request=request)
    async with bot:
        yield bot


@pytest.fixture
async def bot(fake: FakeTelegramApi) -> AsyncIterator[Bot]:
    async for bot in _bot(fake, _request()):
        yield bot


async def test_a_reply_with_a_keyboard_round_trips_as_json(
    fake: FakeTelegramApi, bot: Bot
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Xem mục IV", callback_data="sec:IV")]])

    message = await bot.send_message(chat_id="4242", text=TEXT, reply_markup=markup)

    assert message.text == TEXT
    assert message.chat.id == 4242
    (sent,) = fake.sent
    assert (sent.chat_id, sent.text) == (4242, TEXT)
    assert sent.buttons() == [("Xem mục IV", "sec:IV")]
    (call,) = fake.calls_of("sendMessage")
    assert call.params["reply_markup"] == markup.to_dict()


async def test_a_prepared_body_is_sent_as_is(fake: FakeTelegramApi) -> None:
    request = _request()
    await request.initialize()
    try:
        body = {"chat_id": "77", "text": TEXT, "reply_markup": {"inline_keyboard": []}}
        url = f"{fake.base_url}/bot{fake.token}/sendMessage"
        result = await request.post(url, json_body(body))
    finally:
        await request.shutdown()

    assert isinstance(result, dict)
    assert result["text"] == TEXT
    assert [(m.chat_id, m.text) for m in fake.sent] == [(77, TEXT)]


async def test_429_is_retry_after_and_400_is_bad_request(fake: FakeTelegramApi, bot: Bot) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(chat_id=1, text="một")
    assert limited.value.message.startswith("Flood control exceeded")
    assert "7" in limited.value.message

    fake.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(chat_id=1, text="hai")

    assert fake.sent == []
    await bot.send_message(chat_id=1, text="ba")
    assert [m.text for m in fake.sent] == ["ba"]


async def test_a_slow_answer_is_timed_out(fake: FakeTelegramApi) -> None:
    async for bot in _bot(fake, _request()):
        fake.fail_next("sendMessage", status=500, delay=3)
        with pytest.raises(TimedOut):
            await bot.send_message(chat_id=1, text="chậm", read_timeout=0.3)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made by openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_fake(certificate: tuple[Path, Path]) -> Iterator[FakeTelegramApi]:
    with FakeTelegramApi(tls=certificate) as api:
        yield api


async def test_https_with_a_trusted_certificate(
    tls_fake: FakeTelegramApi, certificate: tuple[Path, Path]
) -> None:
    assert tls_fake.base_url.startswith("https://")
    trusted = ssl.create_default_context(cafile=str(certificate[0]))
    async for bot in _bot(tls_fake, _request(ssl_context=trusted)):
        message = await bot.send_message(chat_id=5, text=TEXT)
        await bot.send_message(chat_id=5, text="lần hai, cùng kết nối")
    assert message.text == TEXT
    assert [m.text for m in tls_fake.sent] == [TEXT, "lần hai, cùng kết nối"]


async def test_https_refuses_an_untrusted_certificate(tls_fake: FakeTelegramApi) -> None:
    bot = Bot(tls_fake.token, base_url=f"{tls_fake.base_url}/bot", request=_request())
    with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
        await bot.initialize()
    assert tls_fake.calls == []


class TunnelProxy:
    """An HTTP proxy that only tunnels (CONNECT), as office proxies do for HTTPS."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        self.url = ""
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> TunnelProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        method, target, _ = head.split("\r\n", 1)[0].split(" ", 2)
        if method != "CONNECT":
            writer.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            writer.close()
            return
        self.targets.append(target)
        host, port = target.rsplit(":", 1)
        upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            while chunk := await source.read(65536):
                sink.write(chunk)
                await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


async def test_https_goes_through_the_proxy_the_environment_names(
    tls_fake: FakeTelegramApi, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    trusted = ssl.create_default_context(cafile=str(certificate[0]))
    async with TunnelProxy() as proxy:
        for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        via = proxy_for(tls_fake.base_url)
        async for bot in _bot(tls_fake, _request(ssl_context=trusted, proxy=via)):
            message = await bot.send_message(chat_id=5, text=TEXT)

    assert via == proxy.url
    assert message.text == TEXT
    assert [m.text for m in tls_fake.sent] == [TEXT]
    assert proxy.targets == [tls_fake.base_url.removeprefix("https://")]


def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.so-khcn.local:3128")
    monkeypatch.setenv("NO_PROXY", "api.telegram.org")
    assert proxy_for("https://api.telegram.org") is None
    assert proxy_for("https://bot-api.example.vn") == "http://proxy.so-khcn.local:3128"
    monkeypatch.delenv("HTTPS_PROXY")
    monkeypatch.delenv("NO_PROXY")
    assert proxy_for("https://api.telegram.org") is None
