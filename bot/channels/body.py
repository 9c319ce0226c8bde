"""Request bodies read with a cap and parsed into plain JSON, or refused with a 4xx.

Every JSON route (the web chat API, the Telegram and Zalo webhooks) reads its body here:
the stream is read chunk by chunk and abandoned past `MAX_BODY` (a declared Content-Length
over it is refused before reading; a small or missing one is not trusted), then parsed, and
the result is checked for nesting depth and for lone surrogates, which JSON allows (`"\\ud800"`)
but no database or UTF-8 encoder accepts. A refusal is logged as one line without the body.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Final

from fastapi import Request
from fastapi.responses import JSONResponse

logger = logging.getLogger(__name__)

MAX_BODY: Final = 1024 * 1024
# Telegram updates nest about ten levels (a reply inside a message inside an update).
MAX_DEPTH: Final = 32


class BodyRefused(Exception):
    """A request body that is not accepted: `status` is the HTTP answer, `reason` a short tag."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason

    def response(self, *, route: str) -> JSONResponse:
        """The 4xx answer, logged once (route and reason only)."""
        logger.warning("http.body_refused", extra={"route": route, "reason": self.reason})
        return JSONResponse({"ok": False, "error": self.reason}, status_code=self.status)


async def read_capped(request: Request, *, limit: int = MAX_BODY) -> bytes:
    """The raw body, or `BodyRefused(413)` as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise BodyRefused(413, "too_large")
    body = bytearray()
    async for part in request.stream():
        body += part
        if len(body) > limit:
            raise BodyRefused(413, "too_large")
    return bytes(body)


def parse_json(raw: bytes) -> Any:
    """Strict UTF-8 JSON, at most `MAX_DEPTH` deep and without lone surrogates."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise BodyRefused(400, "too_deep") from None
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BodyRefused(400, "malformed") from None
    _check(data)
    return data


async def read_json(request: Request, *, limit: int = MAX_BODY) -> Any:
    """Read, cap and parse a JSON body."""
    return parse_json(await read_capped(request, limit=limit))


def _check(data: Any) -> None:
    """Walk the document without recursion: refuse deep nesting and unencodable text."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise BodyRefused(400, "too_deep")
            if isinstance(value, dict):
                for key, item in value.items():
                    _check_text(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BodyRefused(400, "bad_text") from None
