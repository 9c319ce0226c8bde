"""A fake Zalo Bot API speaking the real HTTP protocol on 127.0.0.1 (see zalo_protocol.md).

The server runs uvicorn in a background thread; tests drive it through the Python control
API below (push events, inject failures, read what the bot sent). All state is guarded by
one lock because the test thread and the server thread both touch it.

    with FakeZaloApi() as fake:
        client = ZaloClient(SecretStr(fake.token), base_url=fake.base_url)
        fake.push_text("chat-1", "xin chào")
        ...
        sends = await fake.wait_for_sends(1)

With a webhook set, `push_*` and `deliver` POST synchronously from the calling thread, so
the app receiving them must run elsewhere (e.g. `ThreadedServer(lifespan="on")`).
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.server import ThreadedServer

FAKE_TOKEN = "1234567890123456789:fAkEzAlOtOkEnAbCdEfGhIjKlMnOpQrStUv"
MAX_TEXT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
# Not part of the platform: a test's client may name itself so that `polls` tells pollers apart.
POLLER_HEADER = "X-Test-Poller"


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the bot sent; `at` is `time.monotonic()` when the fake accepted it."""

    chat_id: str
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class Poll:
    """One getUpdates call: who made it (`POLLER_HEADER`), its span, whether it got an update."""

    poller: str
    started: float
    ended: float
    served: bool


@dataclass(frozen=True, slots=True)
class Failure:
    """An injected answer for the next call(s) of one method."""

    status: int
    error_code: int
    description: str
    retry_after: float | None = None


@dataclass(slots=True)
class _State:
    queue: deque[dict[str, Any]] = field(default_factory=deque)
    consumed: list[dict[str, Any]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    known_chats: set[str] = field(default_factory=set)
    failures: dict[str, deque[Failure]] = field(default_factory=dict)
    send_delays: dict[str, float] = field(default_factory=dict)
    webhook_url: str = ""
    webhook_secret: str = ""
    deliveries: list[int] = field(default_factory=list)
    polls: list[Poll] = field(default_factory=list)
    polls_in_flight: int = 0


def _envelope_error(status: int, error_code: int, description: str) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error_code": error_code, "description": description}, status_code=status
    )


class FakeZaloApi:
    """The fake Bot API and its control surface."""

    def __init__(self, token: str = FAKE_TOKEN, *, max_poll_timeout: float = 5.0) -> None:
        self.token = token
        self.max_poll_timeout = max_poll_timeout
        # Webhook bodies wrapped in {"ok": true, "result": ...} instead of bare updates.
        self.webhook_wrapped = False
        self._lock = threading.Lock()
        self._state = _State()
        self._ids = itertools.count(1)
        self.app = Starlette(
            routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])]
        )
        self._server: ThreadedServer | None = None

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What ZALO_API_BASE should be."""
        assert self._server is not None, "start the fake first"
        return self._server.url

    def start(self) -> FakeZaloApi:
        self._server = ThreadedServer(self.app).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    def __enter__(self) -> FakeZaloApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- control: incoming events -------------------------------------------------------

    def _update(
        self,
        event_name: str,
        chat_id: str,
        *,
        user_id: str | None,
        display_name: str,
        message_id: str | None,
        extra: dict[str, Any],
        chat_type: str = "PRIVATE",
    ) -> dict[str, Any]:
        return {
            "event_name": event_name,
            "message": {
                "message_id": message_id or f"msg-{next(self._ids)}",
                "date": int(time.time() * 1000),
                "chat": {"id": chat_id, "chat_type": chat_type},
                "from": {"id": user_id or chat_id, "display_name": display_name, "is_bot": False},
                **extra,
            },
        }

    def push_text(
        self,
        chat_id: str,
        text: str,
        *,
        user_id: str | None = None,
        display_name: str = "Cán bộ xã",
        message_id: str | None = None,
        chat_type: str = "PRIVATE",
    ) -> dict[str, Any]:
        """A user writes text to the bot (in a group: `chat_type="GROUP"` and their `user_id`)."""
        update = self._update(
            "message.text.received",
            chat_id,
            user_id=user_id,
            display_name=display_name,
            message_id=message_id,
            extra={"text": text},
            chat_type=chat_type,
        )
        return self.push(update)

    def push_image(self, chat_id: str, *, message_id: str | None = None) -> dict[str, Any]:
        """A user sends a picture."""
        update = self._update(
            "message.image.received",
            chat_id,
            user_id=None,
            display_name="Cán bộ xã",
            message_id=message_id,
            extra={"photo": "https://example.invalid/p.jpg", "caption": ""},
        )
        return self.push(update)

    def push_sticker(self, chat_id: str, *, message_id: str | None = None) -> dict[str, Any]:
        """A user sends a sticker."""
        update = self._update(
            "message.sticker.received",
            chat_id,
            user_id=None,
            display_name="Cán bộ xã",
            message_id=message_id,
            extra={"sticker": "sticker-1"},
        )
        return self.push(update)

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates, or POST it to the webhook when one is set."""
        with self._lock:
            self._state.known_chats.add(update["message"]["chat"]["id"])
            webhook = self._state.webhook_url
            if not webhook:
                self._state.queue.append(update)
        if webhook:
            status = self.deliver(update, wrapped=self.webhook_wrapped)
            with self._lock:
                self._state.deliveries.append(status)
        return update

    def deliver(
        self, update: dict[str, Any], *, secret: str | None = None, wrapped: bool = False
    ) -> int:
        """POST one update to the webhook URL (optionally with another secret); the status."""
        with self._lock:
            url, real_secret = self._state.webhook_url, self._state.webhook_secret
        body = {"ok": True, "result": update} if wrapped else update
        headers = {SECRET_HEADER: real_secret if secret is None else secret}
        response = httpx.post(url, json=body, headers=headers, timeout=10)
        return response.status_code

    def replay_consumed(self) -> int:
        """Serve every update already consumed again (the platform may redeliver)."""
        with self._lock:
            again = list(self._state.consumed)
            self._state.queue.extend(again)
        return len(again)

    def add_chat(self, chat_id: str) -> None:
        """Make a chat known without a message (a user who talked to the bot before)."""
        with self._lock:
            self._state.known_chats.add(chat_id)

    # --- control: behaviour -------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        error_code: int | None = None,
        description: str = "Too Many Requests",
        retry_after: float | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with an error (status 200 = `ok: false`)."""
        failure = Failure(status, error_code or status, description, retry_after)
        with self._lock:
            self._state.failures.setdefault(method, deque()).extend([failure] * times)

    def delay_sends(self, chat_id: str, seconds: float) -> None:
        """Hold every sendMessage to one chat for `seconds` before answering."""
        with self._lock:
            self._state.send_delays[chat_id] = seconds

    def set_webhook(self, url: str, secret: str) -> None:
        """A webhook set from elsewhere (another deployment, the platform console)."""
        with self._lock:
            self._state.webhook_url, self._state.webhook_secret = url, secret

    # --- control: observation -----------------------------------------------------------

    @property
    def sent(self) -> list[Sent]:
        """Every message sent, in the order the fake accepted them."""
        with self._lock:
            return list(self._state.sent)

    @property
    def calls(self) -> list[str]:
        """Every method called, in order."""
        with self._lock:
            return list(self._state.calls)

    @property
    def queued(self) -> int:
        """Updates waiting for getUpdates."""
        with self._lock:
            return len(self._state.queue)

    @property
    def consumed(self) -> list[dict[str, Any]]:
        """Updates getUpdates has served."""
        with self._lock:
            return list(self._state.consumed)

    @property
    def webhook_url(self) -> str:
        with self._lock:
            return self._state.webhook_url

    @property
    def polls(self) -> list[Poll]:
        """Every finished getUpdates call, in the order they ended."""
        with self._lock:
            return list(self._state.polls)

    @property
    def polls_in_flight(self) -> int:
        """getUpdates calls being answered right now."""
        with self._lock:
            return self._state.polls_in_flight

    @property
    def deliveries(self) -> list[int]:
        """HTTP statuses of webhook deliveries."""
        with self._lock:
            return list(self._state.deliveries)

    def texts_to(self, chat_id: str) -> list[str]:
        """What one chat received, in order."""
        return [sent.text for sent in self.sent if sent.chat_id == chat_id]

    async def wait_for_sends(self, count: int, *, timeout: float = 10.0) -> list[Sent]:
        """Wait until at least `count` messages were sent."""
        deadline = time.monotonic() + timeout
        while len(sent := self.sent) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} sends, got {len(sent)}: {sent}")
            await asyncio.sleep(0.02)
        return sent

    # --- the HTTP side ------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return _envelope_error(401, 401, "Unauthorized")
        method = request.path_params["method"]
        raw = await request.body()
        try:
            body: dict[str, Any] = (await request.json()) if raw else {}
        except ValueError:
            return _envelope_error(400, 400, "Bad Request: invalid JSON")
        with self._lock:
            self._state.calls.append(method)
            pending = self._state.failures.get(method)
            failure = pending.popleft() if pending else None
        if failure is not None:
            payload: dict[str, Any] = {
                "ok": False,
                "error_code": failure.error_code,
                "description": failure.description,
            }
            headers = {}
            if failure.retry_after is not None:
                payload["parameters"] = {"retry_after": failure.retry_after}
                headers["Retry-After"] = f"{failure.retry_after:g}"
            return JSONResponse(payload, status_code=failure.status, headers=headers)
        handlers = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_other,
            "sendChatAction": self._send_other,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }
        if method == "getUpdates":
            started = time.monotonic()
            with self._lock:
                self._state.polls_in_flight += 1
            served = False
            try:
                response = await self._get_updates(body, request)
                served = response.status_code == 200
            finally:
                poll = Poll(
                    request.headers.get(POLLER_HEADER, ""), started, time.monotonic(), served
                )
                with self._lock:
                    self._state.polls.append(poll)
                    self._state.polls_in_flight -= 1
            return response
        handler = handlers.get(method)
        if handler is None:
            return _envelope_error(404, 404, "Not Found: unknown method")
        return await handler(body)

    @staticmethod
    def _ok(result: Any) -> JSONResponse:
        return JSONResponse({"ok": True, "result": result})

    async def _get_me(self, body: dict[str, Any]) -> JSONResponse:
        return self._ok({"id": "bot-1", "account_name": "bot.trolycds", "display_name": "Trợ lý"})

    async def _get_updates(self, body: dict[str, Any], request: Request) -> JSONResponse:
        if self.webhook_url:
            return _envelope_error(409, 409, "Conflict: a webhook is active")
        try:
            timeout = min(float(body.get("timeout", 30)), self.max_poll_timeout)
        except (TypeError, ValueError):
            return _envelope_error(400, 400, "Bad Request: timeout")
        deadline = time.monotonic() + timeout
        while True:
            # A poller that went away must not swallow the next update.
            if await request.is_disconnected():
                return _envelope_error(408, 408, "Request Timeout")
            with self._lock:
                if self._state.queue:
                    update = self._state.queue.popleft()
                    self._state.consumed.append(update)
                    return self._ok(update)
            if time.monotonic() >= deadline:
                return _envelope_error(408, 408, "Request Timeout")
            await asyncio.sleep(0.01)

    async def _send_message(self, body: dict[str, Any]) -> JSONResponse:
        chat_id, text = str(body.get("chat_id", "")), body.get("text")
        with self._lock:
            known = chat_id in self._state.known_chats
            delay = self._state.send_delays.get(chat_id, 0.0)
        if not known:
            # The real API answers some errors with HTTP 200 and ok: false.
            return _envelope_error(200, 400, "Bad Request: chat not found")
        if not isinstance(text, str) or not text:
            return _envelope_error(400, 400, "Bad Request: text is empty")
        if len(text) > MAX_TEXT:
            return _envelope_error(400, 400, "Bad Request: text is too long")
        if delay:
            await asyncio.sleep(delay)
        with self._lock:
            self._state.sent.append(Sent(chat_id, text, time.monotonic()))
        return self._ok({"message_id": f"out-{next(self._ids)}", "date": int(time.time() * 1000)})

    async def _send_other(self, body: dict[str, Any]) -> JSONResponse:
        with self._lock:
            known = str(body.get("chat_id", "")) in self._state.known_chats
        if not known:
            return _envelope_error(200, 400, "Bad Request: chat not found")
        return self._ok({"message_id": f"out-{next(self._ids)}"})

    async def _set_webhook(self, body: dict[str, Any]) -> JSONResponse:
        url, secret = str(body.get("url", "")), str(body.get("secret_token", ""))
        if not url.startswith(("http://", "https://")):
            return _envelope_error(400, 400, "Bad Request: url")
        if not 8 <= len(secret) <= 256:
            return _envelope_error(400, 400, "Bad Request: secret_token must be 8-256 characters")
        self.set_webhook(url, secret)
        return self._ok({"url": url, "updated_at": int(time.time() * 1000)})

    async def _delete_webhook(self, body: dict[str, Any]) -> JSONResponse:
        self.set_webhook("", "")
        return self._ok({"url": "", "updated_at": int(time.time() * 1000)})

    async def _get_webhook_info(self, body: dict[str, Any]) -> JSONResponse:
        url = self.webhook_url
        if not url:
            # What the real platform answers when no webhook is set (a published client
            # of the API observed it): a 404 envelope, not a result with an empty url.
            return _envelope_error(404, 404, "Not Found")
        return self._ok({"url": url, "updated_at": int(time.time() * 1000)})
