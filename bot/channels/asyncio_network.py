"""A keep-alive HTTP/1.1 client on asyncio's streams, for the Bot API's short JSON calls.

A reply's HTTP round trip through httpx or httpcore goes through h11's state machine, a
connection pool that re-examines every connection per request, and anyio's cancel scopes:
more Python than the rest of sending a reply. The Bot API needs little of it: one origin,
small JSON requests, answers with a Content-Length (chunked ones are read too). This client
writes each request in one piece and reads the answer with `StreamReader.readuntil` and
`readexactly`; connections (TLS included) are kept for `keepalive_expiry` seconds, at most
`size` at a time, and one the server closed is never reused.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple
from urllib.parse import urlsplit

import certifi

# An answer's head (status line and headers) longer than this is refused.
_HEAD_LIMIT: Final = 2**16
_NO_BODY: Final = frozenset({204, 304})


class HttpError(Exception):
    """The request failed below HTTP: connecting, writing, reading or parsing."""


class HttpTimeout(HttpError):
    """A connect, write, read or pool timeout; `phase` says which."""

    def __init__(self, phase: str) -> None:
        super().__init__(f"{phase} timeout")
        self.phase = phase


class Timeouts(NamedTuple):
    """Seconds for each phase of a request; None waits for ever."""

    connect: float | None
    read: float | None
    write: float | None
    pool: float | None


class _Origin(NamedTuple):
    tls: bool
    host: str
    port: int


@dataclass(slots=True)
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    idle_since: float = 0.0

    def reusable(self, now: float, expiry: float) -> bool:
        """Still open, nothing unread (no early answer, no EOF), not idle for too long."""
        reader = self.reader
        return (
            now - self.idle_since < expiry
            and not self.writer.is_closing()
            and not reader.at_eof()
            and reader.exception() is None
            and not getattr(reader, "_buffer", b"")
        )

    def close(self) -> None:
        self.writer.close()


class Response(NamedTuple):
    status: int
    content: bytes


class ConnectionPool:
    """At most `size` requests at once, each on a kept-alive or new connection."""

    __slots__ = ("_expiry", "_idle", "_slots", "_ssl_context", "_targets")

    def __init__(
        self,
        *,
        size: int,
        keepalive_expiry: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._slots = asyncio.Semaphore(size)
        self._expiry = keepalive_expiry
        self._ssl_context = ssl_context
        self._idle: dict[_Origin, list[_Connection]] = {}
        self._targets: dict[str, tuple[_Origin, str, bytes]] = {}

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Sequence[tuple[str, str]],
        body: bytes | None,
        timeouts: Timeouts,
    ) -> Response:
        """One request and its whole answer."""
        origin, target, host = self._target(url)
        lines = [f"{method} {target} HTTP/1.1".encode(), b"Host: " + host]
        lines += [f"{name}: {value}".encode() for name, value in headers]
        if body is not None:
            lines.append(b"Content-Length: %d" % len(body))
        payload = b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")
        try:
            async with asyncio.timeout(timeouts.pool):
                await self._slots.acquire()
        except TimeoutError:
            raise HttpTimeout("pool") from None
        try:
            connection = self._take_idle(origin) or await self._connect(origin, timeouts.connect)
            try:
                response, keep = await self._exchange(connection, method, payload, timeouts)
            except BaseException:
                connection.close()
                raise
            if keep:
                connection.idle_since = time.monotonic()
                self._idle.setdefault(origin, []).append(connection)
            else:
                connection.close()
            return response
        finally:
            self._slots.release()

    async def aclose(self) -> None:
        """Close every idle connection."""
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()
                with contextlib.suppress(OSError, ssl.SSLError):
                    await connection.writer.wait_closed()

    def _target(self, url: str) -> tuple[_Origin, str, bytes]:
        """The origin, request target and Host header of a URL (remembered: the bot posts
        to a handful of URLs)."""
        known = self._targets.get(url)
        if known is not None:
            return known
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HttpError(f"unsupported URL scheme or host: {parts.scheme!r}")
        tls = parts.scheme == "https"
        port = parts.port or (443 if tls else 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        known = (_Origin(tls, parts.hostname, port), target, host.encode("idna"))
        if len(self._targets) < 64:
            self._targets[url] = known
        return known

    def _take_idle(self, origin: _Origin) -> _Connection | None:
        connections = self._idle.get(origin)
        now = time.monotonic()
        while connections:
            connection = connections.pop()  # the most recently used first
            if connection.reusable(now, self._expiry):
                return connection
            connection.close()
        return None

    async def _connect(self, origin: _Origin, within: float | None) -> _Connection:
        context = None
        if origin.tls:
            context = self._ssl_context or _default_context()
        try:
            async with asyncio.timeout(within):
                reader, writer = await asyncio.open_connection(
                    origin.host,
                    origin.port,
                    ssl=context,
                    server_hostname=origin.host if context else None,
                    limit=_HEAD_LIMIT,
                )
        except TimeoutError:
            raise HttpTimeout("connect") from None
        except (OSError, ssl.SSLError) as error:
            raise HttpError(f"connect: {error}") from error
        return _Connection(reader, writer)

    async def _exchange(
        self, connection: _Connection, method: str, payload: bytes, timeouts: Timeouts
    ) -> tuple[Response, bool]:
        """Send the request; read the answer; whether the connection may be used again."""
        reader, writer = connection.reader, connection.writer
        try:
            async with asyncio.timeout(timeouts.write):
                writer.write(payload)
                await writer.drain()
        except TimeoutError:
            raise HttpTimeout("write") from None
        except OSError as error:
            raise HttpError(f"write: {error}") from error
        try:
            async with asyncio.timeout(timeouts.read):
                return await _read_response(reader, method)
        except TimeoutError:
            raise HttpTimeout("read") from None
        except asyncio.IncompleteReadError:
            raise HttpError("the server closed the connection") from None
        except asyncio.LimitOverrunError:
            raise HttpError("answer head too long") from None
        except (OSError, ValueError) as error:  # ValueError: a malformed answer
            raise HttpError(f"read: {error}") from error


async def _read_response(reader: asyncio.StreamReader, method: str) -> tuple[Response, bool]:
    while True:
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        version, code, *_ = status_line.split(" ", 2)
        if not version.startswith("HTTP/1.") or not code.isdigit() or len(code) != 3:
            raise ValueError(f"not an HTTP/1.x status line: {status_line[:40]!r}")
        status = int(code)
        if not 100 <= status < 200 or status == 101:
            break  # 1xx answers (100 Continue) come before the real one
    headers: dict[str, str] = {}
    for line in header_lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise ValueError("malformed header line")
        name = name.strip().lower()
        value = value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    connection = headers.get("connection", "").lower()
    keep = version == "HTTP/1.1" and "close" not in connection
    if method == "HEAD" or status in _NO_BODY or status == 101:
        return Response(status, b""), keep
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return Response(status, await _read_chunked(reader)), keep
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ValueError("bad Content-Length")
        return Response(status, await reader.readexactly(int(length))), keep
    return Response(status, await reader.read()), False  # the body ends with the connection


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass  # trailer fields, not used
            return b"".join(parts)
        chunk = await reader.readexactly(size + 2)
        if chunk[-2:] != b"\r\n":
            raise ValueError("malformed chunk")
        parts.append(chunk[:-2])


_DEFAULT_CONTEXT: list[ssl.SSLContext] = []


def _default_context() -> ssl.SSLContext:
    """Certificates from certifi, as python-telegram-bot's default client (httpx) trusts."""
    if not _DEFAULT_CONTEXT:
        _DEFAULT_CONTEXT.append(ssl.create_default_context(cafile=certifi.where()))
    return _DEFAULT_CONTEXT[0]
