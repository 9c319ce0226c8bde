"""A fake Telegram Bot API on 127.0.0.1 that the real python-telegram-bot talks to over HTTP.

It serves `/bot{token}/{method}` with the real envelopes (`{"ok": true, "result": ...}` and
`{"ok": false, "error_code", "description", "parameters"}`), getUpdates long polling with
offset semantics, webhooks (it POSTs updates with the secret header, and getUpdates answers
409 while one is set), Telegram's limits as 400s, and failures on demand.

The server is uvicorn in a background thread with its own event loop; every control method
is thread-safe and may be called from a test's loop or any thread:

    with FakeTelegramApi() as fake:
        bot_base_url = f"{fake.base_url}/bot"
        fake.push_text(chat_id=42, text="/start")
        await fake.wait_sent(1)
        fake.fail_next("sendMessage", status=429, retry_after=3)
        fake.enforce_rate(global_per_sec=30, per_chat_per_sec=1)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl"
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
BOT_ID = 123456789
# Not part of the Bot API: what the fake saw, as JSON (see `main`).
STATS_PATH = "/_fake/stats"

JSON = dict[str, Any]

# How form values (PTB sends application/x-www-form-urlencoded) are typed back.
_INT_FIELDS = {"offset", "limit", "timeout", "message_id", "max_connections", "cache_time"}
_JSON_FIELDS = {"reply_markup", "allowed_updates", "entities", "link_preview_options"}
_BOOL_FIELDS = {"drop_pending_updates", "show_alert", "disable_notification", "protect_content"}

_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot sent (sendMessage that succeeded)."""

    chat_id: int | str
    text: str
    reply_markup: JSON | None
    message_id: int
    monotonic: float
    at: datetime

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [
            (button["text"], button.get("callback_data", "")) for row in rows for button in row
        ]


@dataclass(frozen=True, slots=True)
class ApiCall:
    """Any request the bot made, with the status the fake answered."""

    method: str
    params: JSON
    status: int
    monotonic: float


@dataclass(slots=True)
class _Failure:
    method: str
    status: int
    description: str
    retry_after: int | None
    chat_id: str | None
    times: int
    delay: float
    # Calls answered normally before the failures begin.
    after: int = 0


@dataclass(slots=True)
class _Rate:
    global_per_sec: float | None
    per_chat_per_sec: float | None
    window: float
    retry_after: int


@dataclass(slots=True)
class WebhookDelivery:
    """One POST of an update to the registered webhook."""

    update_id: int
    status: int | None  # None when the connection failed


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(slots=True)
class _State:
    updates: list[JSON] = field(default_factory=list)
    sent: list[SentMessage] = field(default_factory=list)
    edits: list[JSON] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    actions: list[JSON] = field(default_factory=list)
    calls: list[ApiCall] = field(default_factory=list)
    failures: list[_Failure] = field(default_factory=list)
    deliveries: list[WebhookDelivery] = field(default_factory=list)
    rate: _Rate | None = None
    # (method or None for all, chat id or None for all, seconds) waited before answering.
    latency: list[tuple[str | None, str | None, float]] = field(default_factory=list)
    webhook_url: str | None = None
    webhook_secret: str | None = None


class FakeTelegramApi:
    """The fake server and its control API; use as a context manager or start()/stop()."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = "TroLyCdsTestBot",
        tls: tuple[Path, Path] | None = None,
    ) -> None:
        """`tls`: a certificate and its key file, to serve HTTPS instead of HTTP."""
        self.token = token
        self.tls = tls
        self.username = username
        self._lock = threading.Lock()
        self._state = _State()
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._closing = False
        self._polls_waiting = 0
        self._delivering: asyncio.Task[None] | None = None
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.base_url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"

    # --- lifecycle ---

    def start(self) -> FakeTelegramApi:
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route(STATS_PATH, self._stats, methods=["GET"]),
            ]
        )
        config = uvicorn.Config(
            app,
            log_level="warning",
            lifespan="off",
            access_log=False,
            ssl_certfile=self.tls[0] if self.tls else None,
            ssl_keyfile=self.tls[1] if self.tls else None,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="fake-telegram", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fake Telegram API did not start")
        return self

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        assert self._server is not None
        self._loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        serve = asyncio.create_task(self._server.serve(sockets=[self._socket]))
        while not self._server.started and not serve.done():
            await asyncio.sleep(0.005)
        self._ready.set()
        await serve
        if self._delivering is not None:
            self._delivering.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivering

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._closing = True
            self._notify()  # ends long polls at once instead of at their timeout
            self._server.should_exit = True
            self._thread.join(10)
        self._socket.close()

    def __enter__(self) -> FakeTelegramApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- control: updates in ---

    def push_update(self, update: JSON) -> JSON:
        """Queue a raw update (an `update_id` is assigned when missing); returns it."""
        update = {"update_id": next(self._update_ids), **update}
        with self._lock:
            self._state.updates.append(update)
        self._notify()
        return update

    def redeliver(self, update: JSON) -> None:
        """Queue the same update again, as Telegram does when our 200 did not reach it.

        In polling mode the bot only sees it while its offset has not passed the update_id.
        """
        with self._lock:
            self._state.updates.append(update)
        self._notify()

    def push_text(
        self,
        *,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        first_name: str = "Lan",
        chat_type: str = "private",
    ) -> JSON:
        """A text message from a user in a private chat (user id = chat id by default), or in
        a "group"/"supergroup" (give the member's `user_id`)."""
        message: JSON = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(chat_id, chat_type, first_name),
            "from": self._user(user_id or chat_id, first_name),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push_update({"message": message})

    def push_start(self, *, chat_id: int, payload: str | None = None) -> JSON:
        """`/start` or a deep link `/start PAYLOAD`."""
        return self.push_text(chat_id=chat_id, text=f"/start {payload}" if payload else "/start")

    def push_callback(
        self,
        *,
        chat_id: int,
        data: str,
        message_id: int | None = None,
        user_id: int | None = None,
        first_name: str = "Lan",
        chat_type: str = "private",
    ) -> JSON:
        """A button press on a message the bot sent (the last one to the chat by default)."""
        with self._lock:
            sent = [m for m in self._state.sent if str(m.chat_id) == str(chat_id)]
        if message_id is None:
            if not sent:
                raise ValueError(f"nothing was sent to chat {chat_id} to press a button on")
            message_id = sent[-1].message_id
        original = next((m for m in sent if m.message_id == message_id), None)
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": _chat(chat_id, chat_type, first_name),
            "from": self._me(),
            "text": original.text if original else "",
        }
        if original and original.reply_markup:
            message["reply_markup"] = original.reply_markup
        query = {
            "id": str(next(self._callback_ids)),
            "from": self._user(user_id or chat_id, first_name),
            "chat_instance": f"ci{chat_id}",
            "message": message,
            "data": data,
        }
        return self.push_update({"callback_query": query})

    # --- control: failures and limits ---

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
        delay: float = 0.0,
        after: int = 0,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id` only, if given) with an error,
        once `after` calls have been answered normally.

        `delay` seconds are waited first (to provoke client timeouts).
        """
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after or 1}"
            else:
                description = _DESCRIPTIONS.get(status, f"Error {status}")
        failure = _Failure(
            method,
            status,
            description,
            retry_after if status == 429 else None,
            None if chat_id is None else str(chat_id),
            times,
            delay,
            after,
        )
        with self._lock:
            self._state.failures.append(failure)

    def add_latency(
        self, seconds: float, *, method: str | None = None, chat_id: int | str | None = None
    ) -> None:
        """Answer every call of `method` (all methods if None), to `chat_id` only if given,
        `seconds` late, successfully unless a failure is also queued."""
        with self._lock:
            self._state.latency.append(
                (method, None if chat_id is None else str(chat_id), seconds)
            )

    def enforce_rate(
        self,
        *,
        global_per_sec: float | None = None,
        per_chat_per_sec: float | None = None,
        window: float = 1.0,
        retry_after: int = 1,
    ) -> None:
        """Answer sendMessage with 429 when more sends than allowed fall in the last `window` s."""
        with self._lock:
            self._state.rate = _Rate(global_per_sec, per_chat_per_sec, window, retry_after)

    # --- control: reading what the bot did ---

    @property
    def sent(self) -> list[SentMessage]:
        with self._lock:
            return list(self._state.sent)

    def sent_to(self, chat_id: int | str) -> list[SentMessage]:
        return [m for m in self.sent if str(m.chat_id) == str(chat_id)]

    def send_times(self, chat_id: int | str | None = None) -> list[float]:
        """Monotonic times of successful sends (to one chat, or all)."""
        messages = self.sent if chat_id is None else self.sent_to(chat_id)
        return [m.monotonic for m in messages]

    @property
    def calls(self) -> list[ApiCall]:
        with self._lock:
            return list(self._state.calls)

    def calls_of(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    @property
    def answered_callbacks(self) -> list[str]:
        with self._lock:
            return list(self._state.answered)

    @property
    def edits(self) -> list[JSON]:
        with self._lock:
            return list(self._state.edits)

    @property
    def webhook_url(self) -> str | None:
        with self._lock:
            return self._state.webhook_url

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        with self._lock:
            return list(self._state.deliveries)

    @property
    def polls_waiting(self) -> int:
        """getUpdates requests currently held open (long polling)."""
        return self._polls_waiting

    @property
    def pending_updates(self) -> int:
        with self._lock:
            return len(self._state.updates)

    async def wait_for(
        self, condition: Callable[[], bool], *, timeout: float = 5.0, what: str = "condition"
    ) -> None:
        """Poll `condition` from any event loop until it holds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")
            await asyncio.sleep(0.01)

    async def wait_sent(self, count: int, *, timeout: float = 5.0) -> list[SentMessage]:
        """Wait until at least `count` messages were sent; returns them all."""
        await self.wait_for(
            lambda: len(self.sent) >= count, timeout=timeout, what=f"{count} sent messages"
        )
        return self.sent

    # --- the HTTP side ---

    def _me(self) -> JSON:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Trợ lý CĐS",
            "username": self.username,
        }

    @staticmethod
    def _user(user_id: int, first_name: str) -> JSON:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}

    def _notify(self) -> None:
        loop, wakeup = self._loop, self._wakeup
        if loop is not None and wakeup is not None:
            with contextlib.suppress(RuntimeError):  # the loop is closing
                loop.call_soon_threadsafe(self._on_new_update, wakeup)

    def _on_new_update(self, wakeup: asyncio.Event) -> None:
        wakeup.set()
        with self._lock:
            webhook = self._state.webhook_url is not None
        if webhook:
            self._start_delivery()

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params: JSON = {}
        try:
            params = await _params(request)
            if request.path_params["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            await self._maybe_wait(method, params)
            await self._maybe_fail(method, params)
            result = await self._dispatch(method, params)
        except ApiError as error:
            self._record(method, params, error.status)
            body: JSON = {
                "ok": False,
                "error_code": error.status,
                "description": error.description,
            }
            if error.parameters:
                body["parameters"] = error.parameters
            return JSONResponse(body, status_code=error.status)
        self._record(method, params, 200)
        return JSONResponse({"ok": True, "result": result})

    async def _stats(self, request: Request) -> JSONResponse:
        """What the fake saw, for a client in another process (the fan-out bench)."""
        with self._lock:
            sent = [[str(m.chat_id), m.monotonic] for m in self._state.sent]
            refused = sum(1 for call in self._state.calls if call.status == 429)
        return JSONResponse({"sent": sent, "http_429": refused})

    def _record(self, method: str, params: JSON, status: int) -> None:
        with self._lock:
            self._state.calls.append(ApiCall(method, params, status, time.monotonic()))

    async def _maybe_wait(self, method: str, params: JSON) -> None:
        chat_id = str(params.get("chat_id", ""))
        with self._lock:
            waits = [
                seconds
                for wanted, chat, seconds in self._state.latency
                if wanted in (None, method) and chat in (None, chat_id)
            ]
        if waits:
            await asyncio.sleep(max(waits))

    async def _maybe_fail(self, method: str, params: JSON) -> None:
        chat_id = str(params.get("chat_id", ""))
        with self._lock:
            failure = next(
                (
                    f
                    for f in self._state.failures
                    if f.method == method and f.chat_id in (None, chat_id)
                ),
                None,
            )
            if failure is not None and failure.after > 0:
                failure.after -= 1
                return
            if failure is not None:
                failure.times -= 1
                if failure.times <= 0:
                    self._state.failures.remove(failure)
        if failure is None:
            return
        if failure.delay:
            await asyncio.sleep(failure.delay)
        parameters = {"retry_after": failure.retry_after} if failure.retry_after else None
        raise ApiError(failure.status, failure.description, parameters)

    async def _dispatch(self, method: str, params: JSON) -> Any:
        handlers: dict[str, Callable[[JSON], Any]] = {
            "getMe": lambda _: self._me(),
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._webhook_info,
        }
        if method == "getUpdates":
            return await self._get_updates(params)
        handler = handlers.get(method)
        if handler is None:
            raise ApiError(404, "Not Found")
        return handler(params)

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        assert self._loop is not None and self._wakeup is not None
        deadline = self._loop.time() + timeout
        while True:
            self._wakeup.clear()
            with self._lock:
                if self._state.webhook_url is not None:
                    raise ApiError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; "
                        "use deleteWebhook to delete the webhook first",
                    )
                if offset:  # confirms every update below the offset
                    self._state.updates = [
                        u for u in self._state.updates if u["update_id"] >= offset
                    ]
                batch = self._state.updates[:limit]
            remaining = deadline - self._loop.time()
            if batch or remaining <= 0 or self._closing:
                return batch
            self._polls_waiting += 1
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wakeup.wait(), remaining)
            finally:
                self._polls_waiting -= 1

    def _send_message(self, params: JSON) -> JSON:
        chat_id = _chat_id(params)
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        markup = _markup(params.get("reply_markup"))
        now = time.monotonic()
        with self._lock:
            self._check_rate(chat_id, now)
            message_id = next(self._message_ids)
            self._state.sent.append(
                SentMessage(chat_id, text, markup, message_id, now, datetime.now(UTC))
            )
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": self._me(),
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        return message

    def _check_rate(self, chat_id: int | str, now: float) -> None:
        rate = self._state.rate
        if rate is None:
            return
        recent = [m for m in self._state.sent if m.monotonic > now - rate.window]
        to_chat = [m for m in recent if str(m.chat_id) == str(chat_id)]
        too_many = (
            rate.global_per_sec is not None and len(recent) >= rate.global_per_sec * rate.window
        ) or (
            rate.per_chat_per_sec is not None
            and len(to_chat) >= rate.per_chat_per_sec * rate.window
        )
        if too_many:
            raise ApiError(
                429,
                f"Too Many Requests: retry after {rate.retry_after}",
                {"retry_after": rate.retry_after},
            )

    def _edit_message_text(self, params: JSON) -> JSON:
        text = str(params.get("text", ""))
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        markup = _markup(params.get("reply_markup"))
        with self._lock:
            self._state.edits.append(
                {"chat_id": _chat_id(params), "message_id": params.get("message_id"), "text": text}
            )
        message: JSON = {
            "message_id": int(params.get("message_id") or 0),
            "date": int(time.time()),
            "chat": {"id": _chat_id(params), "type": "private"},
            "from": self._me(),
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        return message

    def _answer_callback_query(self, params: JSON) -> bool:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        with self._lock:
            self._state.answered.append(str(params["callback_query_id"]))
        return True

    def _send_chat_action(self, params: JSON) -> bool:
        with self._lock:
            self._state.actions.append({"chat_id": _chat_id(params), "action": params["action"]})
        return True

    def _set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url", ""))
        with self._lock:
            if params.get("drop_pending_updates"):
                self._state.updates.clear()
            self._state.webhook_url = url or None
            self._state.webhook_secret = params.get("secret_token") if url else None
        if url:
            self._start_delivery()
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        with self._lock:
            if params.get("drop_pending_updates"):
                self._state.updates.clear()
            self._state.webhook_url = None
            self._state.webhook_secret = None
        return True

    def _webhook_info(self, params: JSON) -> JSON:
        with self._lock:
            return {
                "url": self._state.webhook_url or "",
                "has_custom_certificate": False,
                "pending_update_count": len(self._state.updates),
            }

    # --- webhook delivery (runs on the fake's loop) ---

    def _start_delivery(self) -> None:
        if self._delivering is None or self._delivering.done():
            self._delivering = asyncio.get_running_loop().create_task(self._deliver())

    async def _deliver(self) -> None:
        """POST pending updates one by one, in order; a failed one is retried, then dropped."""
        async with httpx.AsyncClient(timeout=5.0) as client:
            attempts = 0
            while True:
                with self._lock:
                    url, secret = self._state.webhook_url, self._state.webhook_secret
                    if url is None or not self._state.updates:
                        return
                    update = self._state.updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
                try:
                    response = await client.post(url, json=update, headers=headers)
                    status: int | None = response.status_code
                except httpx.HTTPError:
                    status = None
                with self._lock:
                    self._state.deliveries.append(WebhookDelivery(update["update_id"], status))
                attempts += 1
                if (status is not None and 200 <= status < 300) or attempts >= 3:
                    with self._lock:
                        if self._state.updates and self._state.updates[0] is update:
                            self._state.updates.pop(0)
                    attempts = 0
                else:
                    await asyncio.sleep(0.05)


def _chat(chat_id: int, chat_type: str, first_name: str) -> JSON:
    """A Chat object: private chats carry the user's name, groups a title."""
    if chat_type == "private":
        return {"id": chat_id, "type": chat_type, "first_name": first_name}
    return {"id": chat_id, "type": chat_type, "title": "Nhóm CĐS xã"}


async def _params(request: Request) -> JSON:
    """Query string, then a JSON or form body, typed like the Bot API reads them."""
    raw: JSON = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    body = await request.body()
    if body and content_type.startswith("application/json"):
        # The Bot API takes a JSON body too; a string there is read like a form value
        # ("chat_id": "42" is chat 42, "reply_markup" may be an object or its JSON text).
        raw.update(json.loads(body))
    elif body and content_type.startswith("application/x-www-form-urlencoded"):
        raw.update(parse_qsl(body.decode(), keep_blank_values=True))
    elif body and content_type.startswith("multipart/form-data"):
        raise ApiError(400, "Bad Request: file uploads are not supported by the fake")
    return {key: _typed(key, value) for key, value in raw.items()}


def _typed(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _INT_FIELDS:
        return int(value)
    if key in _JSON_FIELDS:
        return json.loads(value)
    if key in _BOOL_FIELDS:
        return value.lower() in ("true", "1")
    if key == "chat_id":
        return int(value) if value.lstrip("-").isdigit() else value
    return value


def _chat_id(params: JSON) -> int | str:
    chat_id = params.get("chat_id")
    if chat_id in (None, ""):
        raise ApiError(400, "Bad Request: chat_id is empty")
    return chat_id  # type: ignore[no-any-return]


def _markup(value: Any) -> JSON | None:
    """Parse and check reply_markup like Telegram: callback_data 1-64 bytes."""
    if value in (None, ""):
        return None
    markup: JSON = json.loads(value) if isinstance(value, str) else value
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


@contextlib.contextmanager
def running_fake(**kwargs: Any) -> Iterator[FakeTelegramApi]:
    """A started fake, stopped on exit."""
    fake = FakeTelegramApi(**kwargs)
    with fake:
        yield fake


def main() -> None:
    """Serve the fake in its own process; prints its base URL, runs until stdin closes.

    `python -m tests.fakes.telegram_api --global-per-sec 200 --per-chat-per-sec 1`
    """
    parser = argparse.ArgumentParser()
    parser.add_argument("--global-per-sec", type=float, default=None)
    parser.add_argument("--per-chat-per-sec", type=float, default=None)
    args = parser.parse_args()
    with FakeTelegramApi() as fake:
        fake.enforce_rate(
            global_per_sec=args.global_per_sec, per_chat_per_sec=args.per_chat_per_sec
        )
        print(fake.base_url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
