"""`JsonRequest`, the Bot API client: replies round-trip as JSON, errors come back as PTB's
exceptions, and HTTPS works on the asyncio network backend."""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.channels.telegram_request import JsonRequest, json_body
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


class _RawServer:
    """A bare HTTP/1.1 server on 127.0.0.1 answering each request with the next canned bytes,
    then closing the connection when told to; counts connections."""

    def __init__(self, answers: list[tuple[bytes, bool]]) -> None:
        self.answers = answers
        self.connections = 0
        self.requests: list[bytes] = []

    async def __aenter__(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/botTOKEN/sendMessage"

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while self.answers:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                self.requests.append(head + await reader.readexactly(length))
                answer, close = self.answers.pop(0)
                writer.write(answer)
                await writer.drain()
                if close:
                    break
        except asyncio.IncompleteReadError:
            pass
        writer.close()


def _ok(result: str) -> bytes:
    return json.dumps({"ok": True, "result": result}).encode()


async def test_chunked_answers_and_closed_connections() -> None:
    chunked_body = _ok("mục I")
    answers = [
        # Chunked, then the server closes: the next request opens a new connection.
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + b"%x\r\n%s\r\n" % (5, chunked_body[:5])
            + b"%x\r\n%s\r\n" % (len(chunked_body) - 5, chunked_body[5:])
            + b"0\r\n\r\n",
            True,
        ),
        # Kept alive, but the server closes it while idle: not reused either.
        (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(_ok("hai")) + _ok("hai"), True),
        (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(_ok("ba")) + _ok("ba"), False),
        (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(_ok("bốn")) + _ok("bốn"), False),
    ]
    server = _RawServer(answers)
    request = _request()
    await request.initialize()
    try:
        async with server as url:
            results = []
            for text in ("một", "hai", "ba", "bốn"):
                results.append(await request.post(url, json_body({"chat_id": 1, "text": text})))
                await asyncio.sleep(0.05)  # lets the client see a close
    finally:
        await request.shutdown()

    assert results == ["mục I", "hai", "ba", "bốn"]
    assert server.connections == 3
    assert json.loads(server.requests[3].split(b"\r\n\r\n", 1)[1]) == {
        "chat_id": 1,
        "text": "bốn",
    }


async def test_a_garbled_answer_is_a_network_error() -> None:
    server = _RawServer([(b"SMTP ready\r\n\r\n", True), (b"HTTP/1.1 200 OK\r\n", True)])
    request = _request()
    await request.initialize()
    try:
        async with server as url:
            with pytest.raises(NetworkError, match="not an HTTP"):
                await request.post(url, json_body({"chat_id": 1, "text": "a"}))
            with pytest.raises(NetworkError, match="closed the connection"):
                await request.post(url, json_body({"chat_id": 1, "text": "b"}))
    finally:
        await request.shutdown()
