"""A small fake of the Telegram Bot API `sendMessage`, served over real HTTP on 127.0.0.1.

It speaks the Bot API envelope (`{"ok": true, "result": ...}` or `{"ok": false, "error_code",
"description", "parameters": {"retry_after"}}`), records every accepted message with its
arrival time per chat, enforces an optional overall rate and per-chat interval with 429s, and
answers 403/429/5xx for a chat on demand.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "123456:TEST-token"
BLOCKED = (403, "Forbidden: bot was blocked by the user")
SERVER_ERROR = (500, "Internal Server Error")
BAD_GATEWAY = (502, "Bad Gateway")


def too_many(retry_after: int) -> tuple[int, str, int]:
    return 429, f"Too Many Requests: retry after {retry_after}", retry_after


@dataclass
class Sent:
    chat_id: str
    text: str
    at: float  # time.monotonic() on arrival
    reply_markup: dict[str, Any] | None = None


@dataclass
class FakeBotApi:
    """The server's state; tests read `sent` and queue faults with `fail`."""

    token: str = TOKEN
    global_limit: float | None = None  # accepted messages per rolling second, else 429
    per_chat_interval: float | None = None
    sent: list[Sent] = field(default_factory=list)
    attempts: dict[str, list[float]] = field(default_factory=dict)
    http_429: int = 0
    _faults: dict[str, deque[tuple[Any, ...]]] = field(default_factory=dict)
    _window: deque[float] = field(default_factory=deque)
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _message_id: int = 0

    def fail(self, chat_id: str, *responses: tuple[Any, ...]) -> None:
        """The next sends to `chat_id` get these errors, in order."""
        with self._lock:
            self._faults.setdefault(chat_id, deque()).extend(responses)

    def sent_to(self, chat_id: str) -> list[Sent]:
        with self._lock:
            return [item for item in self.sent if item.chat_id == chat_id]

    def _error(self, code: int, description: str, retry_after: int | None = None) -> JSONResponse:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
            self.http_429 += 1
        return JSONResponse(body, status_code=code)

    async def send_message(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return self._error(401, "Unauthorized")
        payload = await request.json()
        chat_id = str(payload.get("chat_id", ""))
        text = payload.get("text") or ""
        if not chat_id or not text:
            return self._error(400, "Bad Request: message text is empty")
        now = time.monotonic()
        with self._lock:
            self.attempts.setdefault(chat_id, []).append(now)
            faults = self._faults.get(chat_id)
            if faults:
                return self._error(*faults.popleft())
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if self.global_limit is not None and len(self._window) >= self.global_limit:
                return self._error(*too_many(1))
            last = self._last.get(chat_id)
            interval = self.per_chat_interval
            if interval is not None and last is not None and now - last < interval:
                return self._error(*too_many(1))
            self._window.append(now)
            self._last[chat_id] = now
            self._message_id += 1
            self.sent.append(Sent(chat_id, text, now, payload.get("reply_markup")))
            message_id = self._message_id
        result = {"message_id": message_id, "chat": {"id": chat_id}, "date": int(time.time())}
        return JSONResponse({"ok": True, "result": result | {"text": text}})

    async def stats(self, request: Request) -> JSONResponse:
        """What the server saw (for a bench running it in another process)."""
        with self._lock:
            sent = [[item.chat_id, item.at] for item in self.sent]
        return JSONResponse({"sent": sent, "http_429": self.http_429})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/bot{token}/sendMessage", self.send_message, methods=["POST"]),
                Route("/stats", self.stats, methods=["GET"]),
            ]
        )


@contextmanager
def serve(api: FakeBotApi) -> Iterator[str]:
    """Run the fake on a free 127.0.0.1 port in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(api.app(), log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def main() -> None:
    """Serve the fake in its own process: `python -m tests.fakes.bot_api --port 8081`."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--limit", type=float, default=None)
    parser.add_argument("--per-chat", type=float, default=None)
    args = parser.parse_args()
    api = FakeBotApi(global_limit=args.limit, per_chat_interval=args.per_chat)
    uvicorn.run(api.app(), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
