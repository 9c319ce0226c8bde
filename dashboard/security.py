"""Every response of the web app: the Host check, and protective headers on the console.

The Host check defeats DNS rebinding: a page on another site that resolves its own name to
127.0.0.1 would otherwise read the console through the operator's browser.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = ("0.0.0.0", "::", "")  # noqa: S104 (names, not a bind)

_COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
_CONSOLE = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "cache-control": "no-store",
}
CONSOLE_PREFIX = "/admin"
STATIC_PREFIX = "/admin/static/"


def host_name(header: str) -> str:
    """The name part of a Host header: "[::1]:8080" → "::1", "Example.org:80" → "example.org"."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_hosts(
    configured: Iterable[str], *, web_host: str, urls: Iterable[str | None] = ()
) -> frozenset[str]:
    """The names the app answers to: loopback, a routable `web_host`, the webhook URLs' hosts,
    and the configured ones."""
    names = {name.lower() for name in LOOPBACK_NAMES}
    if web_host not in _WILDCARDS:
        names.add(host_name(web_host))
    for url in urls:
        if url:
            names.add((urlsplit(url).hostname or "").lower())
    names.update(host_name(name) for name in configured if name.strip())
    names.discard("")
    return frozenset(names)


# Told to the operator in the journal when a Host is refused (behind a proxy, the site's name).
HOST_ADVICE = (
    "nếu đây là tên của trang (ví dụ sau nginx), thêm nó vào WEB_ALLOWED_HOSTS "
    "trong /etc/cdsbot/env rồi khởi động lại"
)


class GuardMiddleware:
    """Refuse requests for other host names; add security headers (stricter under /admin)."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = host_name(Headers(scope=scope).get("host", ""))
        if host not in self.hosts and "*" not in self.hosts:
            logger.warning(
                "http.host_refused",
                extra={
                    "host": host[:100],
                    "path": scope.get("path", "")[:100],
                    "advice": HOST_ADVICE,
                },
            )
            response = PlainTextResponse("Tên máy chủ không được phép (Host).", status_code=400)
            await response(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        console = path.startswith(CONSOLE_PREFIX)
        static = path.startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _COMMON.items():
                    headers.setdefault(name, value)
                if console:
                    for name, value in _CONSOLE.items():
                        headers[name] = value
                if static:
                    headers["cache-control"] = "public, max-age=3600"
            await send(message)

        await self.app(scope, receive, send_with_headers)
