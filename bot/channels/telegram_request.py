"""The Bot API's HTTP client: JSON bodies over a pool of httpcore connections.

python-telegram-bot's default client (`HTTPXRequest`) form-encodes every parameter (each
JSON-encoded first) and goes through httpx's request building; the Bot API accepts a JSON
body just as well, and for the short calls a chat bot makes (sendMessage, answerCallbackQuery)
the encoding and the client's layers cost more than the HTTP. This client posts the
parameters as one JSON document through httpcore directly, on asyncio's streams. Status codes,
error descriptions and `retry_after` are turned into PTB's exceptions by PTB itself
(`BaseRequest.post`), exactly as with the default client.
"""

from __future__ import annotations

import json
import ssl
import urllib.request
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlsplit

import httpcore
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter

from bot.channels.asyncio_network import AsyncioBackend

# Connections kept to the Bot API; a burst of replies past this waits for a free one.
POOL_SIZE: Final = 64
_POOL_TIMEOUT_MESSAGE: Final = (
    "Pool timeout: All connections in the connection pool are occupied. "
    "Request was *not* sent to Telegram."
)


def json_body(body: dict[str, Any]) -> RequestData:
    """Request data from a ready JSON-compatible mapping, without PTB's per-value conversion."""
    return RequestData([RequestParameter(name, value, None) for name, value in body.items()])


def proxy_for(url: str) -> str | None:
    """The proxy the environment names for ``url`` (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY;
    NO_PROXY honoured), as PTB's default httpx client would use it."""
    parts = urlsplit(url)
    if parts.hostname is None or urllib.request.proxy_bypass(parts.hostname):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(parts.scheme) or proxies.get("all")


class JsonRequest(BaseRequest):
    """`BaseRequest` posting JSON bodies; file uploads are not something this bot sends."""

    __slots__ = ("_defaults", "_on_ok", "_pool", "_pool_size", "_proxy", "_ssl_context")

    def __init__(
        self,
        *,
        connect_timeout: float,
        read_timeout: float,
        write_timeout: float,
        pool_timeout: float,
        pool_size: int = POOL_SIZE,
        ssl_context: ssl.SSLContext | None = None,
        on_ok: Callable[[], None] | None = None,
        proxy: str | None = None,
    ) -> None:
        """`ssl_context`: whom to trust over HTTPS (default: the system's certificates);
        `on_ok`: called after each answer with status 200; `proxy`: an HTTP proxy's URL."""
        self._defaults = {
            "connect": connect_timeout,
            "read": read_timeout,
            "write": write_timeout,
            "pool": pool_timeout,
        }
        self._pool_size = pool_size
        self._ssl_context = ssl_context
        self._pool: httpcore.AsyncConnectionPool | None = None
        self._on_ok = on_ok
        self._proxy = proxy

    @property
    def read_timeout(self) -> float | None:
        return self._defaults["read"]

    async def initialize(self) -> None:
        if self._pool is not None:
            return
        if self._proxy is not None:
            # HTTPS through the proxy's CONNECT tunnel, plain HTTP forwarded by it.
            self._pool = httpcore.AsyncHTTPProxy(
                proxy_url=self._proxy,
                max_connections=self._pool_size,
                max_keepalive_connections=self._pool_size,
                keepalive_expiry=30.0,
                ssl_context=self._ssl_context,
                network_backend=AsyncioBackend(),
            )
            return
        self._pool = httpcore.AsyncConnectionPool(
            max_connections=self._pool_size,
            max_keepalive_connections=self._pool_size,
            keepalive_expiry=30.0,
            ssl_context=self._ssl_context,
            network_backend=AsyncioBackend(),
        )

    async def shutdown(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.aclose()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._pool is None:
            raise RuntimeError("JsonRequest is not initialized")
        if request_data is not None and request_data.contains_files:
            raise NetworkError("JsonRequest does not upload files")
        given = {
            "connect": connect_timeout,
            "read": read_timeout,
            "write": write_timeout,
            "pool": pool_timeout,
        }
        timeout = {
            key: self._defaults[key] if isinstance(value, DefaultValue) else value
            for key, value in given.items()
        }
        headers = [(b"User-Agent", self.USER_AGENT.encode())]
        content = None
        if request_data is not None:
            content = json.dumps(request_data.parameters).encode()
            headers.append((b"Content-Type", b"application/json"))
        try:
            response = await self._pool.request(
                method, url, headers=headers, content=content, extensions={"timeout": timeout}
            )
        except httpcore.TimeoutException as error:
            if isinstance(error, httpcore.PoolTimeout):
                raise TimedOut(_POOL_TIMEOUT_MESSAGE) from error
            raise TimedOut from error
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as e:
            raise NetworkError(f"httpcore.{type(e).__name__}: {e}") from e
        if response.status == 200 and self._on_ok is not None:
            self._on_ok()
        return response.status, response.content
