"""A small async client for the Zalo Bot API (see `zalo_protocol.md` next to this file).

The bot token is part of every request URL, so no exception or log line may carry a URL:
httpx errors are caught and re-raised without their cause, and a logging filter masks the
token in what httpx itself logs.
"""

from __future__ import annotations

import logging
from typing import Any, Final, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

logger = logging.getLogger(__name__)

ZALO_API_BASE: Final = "https://bot-api.zaloplatforms.com"
ZALO_MAX_TEXT: Final = 2000
# getUpdates answers 408 after its own `timeout`; the HTTP read must outlast it.
_POLL_READ_MARGIN: Final = 10.0
# Seconds to hold sends after a 429 that names no delay.
DEFAULT_RETRY_AFTER: Final = 60.0

EventName = Literal[
    "message.text.received",
    "message.image.received",
    "message.sticker.received",
    "message.unsupported.received",
]


# --- errors ---------------------------------------------------------------------------------


class ZaloError(Exception):
    """A Bot API call failed; the message names the method, never the URL or token."""

    def __init__(self, method: str, *, error_code: int | None = None, description: str = ""):
        self.method = method
        self.error_code = error_code
        self.description = description
        detail = f" {error_code}" if error_code is not None else ""
        super().__init__(f"zalo {method} failed{detail}: {description}".rstrip(": "))


class ZaloIdle(ZaloError):
    """getUpdates answered 408: nothing arrived within the timeout (the normal idle case)."""


class ZaloTransient(ZaloError):
    """A timeout, network failure or 5xx: the same call may succeed later."""


class ZaloRateLimited(ZaloTransient):
    """429: over the rate or the plan's quota; `retry_after` in seconds when given."""

    def __init__(
        self,
        method: str,
        *,
        error_code: int | None = None,
        description: str = "",
        retry_after: float | None = None,
    ):
        super().__init__(method, error_code=error_code, description=description)
        self.retry_after = retry_after


class ZaloClientError(ZaloError):
    """A 4xx (or `ok: false`) the same call will meet again: bad chat id, text too long."""

    @property
    def blocked(self) -> bool:
        """Whether the platform says the recipient blocked the bot or is unreachable."""
        return "block" in self.description.lower()


class ZaloAuthError(ZaloClientError):
    """401/403: the token is wrong or revoked, or the bot may not do this."""


# --- platform JSON --------------------------------------------------------------------------


class ZaloChat(BaseModel):
    """The chat a message came from."""

    model_config = ConfigDict(extra="ignore")
    id: str
    chat_type: str = "PRIVATE"


class ZaloSender(BaseModel):
    """Who wrote a message; sources disagree between `display_name` and `name`."""

    model_config = ConfigDict(extra="ignore")
    id: str
    display_name: str | None = None
    name: str | None = None
    is_bot: bool = False

    @property
    def shown_name(self) -> str:
        """The name to address the user by, if any."""
        return self.display_name or self.name or ""


class ZaloMessage(BaseModel):
    """An incoming message (text, image, sticker or unsupported)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    message_id: str
    date: int = 0  # milliseconds since the epoch
    chat: ZaloChat
    sender: ZaloSender = Field(alias="from")
    text: str | None = None


class ZaloUpdate(BaseModel):
    """One update: an event name and its message."""

    model_config = ConfigDict(extra="ignore")
    event_name: str
    message: ZaloMessage | None = None


class WebhookInfo(BaseModel):
    """What getWebhookInfo says; `url` is empty when no webhook is set."""

    model_config = ConfigDict(extra="ignore")
    url: str = ""


def parse_updates(result: object) -> list[ZaloUpdate]:
    """Updates from a getUpdates result or a webhook body (bare, wrapped or a list)."""
    if isinstance(result, dict) and "ok" in result and "event_name" not in result:
        result = result.get("result")
    if result is None:
        return []
    items = result if isinstance(result, list) else [result]
    updates: list[ZaloUpdate] = []
    for item in items:
        try:
            updates.append(ZaloUpdate.model_validate(item))
        except ValidationError:
            logger.warning("zalo.update_unreadable")
    return updates


# --- token redaction in library logs ----------------------------------------------------------


class _RedactTokens(logging.Filter):
    """Masks registered tokens in records of libraries that log request URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.tokens:
            message = record.getMessage()
            masked = message
            for token in self.tokens:
                masked = masked.replace(token, "<token>")
            if masked != message:
                record.msg, record.args = masked, None
        return True


_REDACT = _RedactTokens()
# httpx logs "HTTP Request: POST <url>" at INFO; filters on a logger do not reach children.
for _name in ("httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2"):
    logging.getLogger(_name).addFilter(_REDACT)


# --- the client -----------------------------------------------------------------------------


class ZaloClient:
    """Calls `{base}/bot{token}/{method}` with JSON bodies over one shared `httpx.AsyncClient`."""

    __slots__ = ("_base", "_http", "_owns_http", "_token")

    def __init__(
        self,
        token: SecretStr,
        *,
        base_url: str = ZALO_API_BASE,
        http: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._token = token
        self._base = base_url.rstrip("/")
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=10),
        )
        _REDACT.tokens.add(token.get_secret_value())

    async def aclose(self) -> None:
        """Close the HTTP client if this client made it."""
        if self._owns_http:
            await self._http.aclose()

    def _redact(self, text: str) -> str:
        return text.replace(self._token.get_secret_value(), "<token>")

    async def call(
        self,
        method: str,
        payload: dict[str, Any] | None = None,
        *,
        read_timeout: float | None = None,
    ) -> Any:
        """The `result` of one method, or a typed `ZaloError`."""
        url = f"{self._base}/bot{self._token.get_secret_value()}/{method}"
        timeout = httpx.USE_CLIENT_DEFAULT
        if read_timeout is not None:
            timeout = httpx.Timeout(self._http.timeout.connect, read=read_timeout)  # type: ignore[assignment]
        try:
            response = await self._http.post(url, json=payload or {}, timeout=timeout)
        except httpx.TimeoutException:
            raise ZaloTransient(method, description="timed out") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            # The httpx exception holds the request and its URL: drop it (`from None`).
            raise ZaloTransient(method, description=type(exc).__name__) from None
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = {}
        if status < 400 and body.get("ok") is True:
            return body.get("result")
        code = status if status >= 400 else _int_or_none(body.get("error_code"))
        description = self._redact(str(body.get("description") or response.reason_phrase))
        raise _classify(method, code, description, body, response.headers)

    async def get_me(self) -> dict[str, Any]:
        """The bot's own account."""
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, *, timeout: float) -> list[ZaloUpdate]:  # noqa: ASYNC109 (the API parameter)
        """Wait up to `timeout` seconds for an update; raises `ZaloIdle` when none came."""
        result = await self.call(
            "getUpdates",
            {"timeout": f"{timeout:g}"},
            read_timeout=timeout + _POLL_READ_MARGIN,
        )
        return parse_updates(result)

    async def send_message(self, chat_id: str, text: str) -> str:
        """Send a text of at most `ZALO_MAX_TEXT` characters; returns the message id."""
        if len(text) > ZALO_MAX_TEXT:
            raise ValueError(f"text longer than {ZALO_MAX_TEXT} characters; split it first")
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return str(result.get("message_id", "")) if isinstance(result, dict) else ""

    async def send_photo(self, chat_id: str, photo: str, *, caption: str | None = None) -> None:
        """Send a picture by URL."""
        payload: dict[str, Any] = {"chat_id": chat_id, "photo": photo}
        if caption:
            payload["caption"] = caption
        await self.call("sendPhoto", payload)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show "typing..." in the chat."""
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def set_webhook(self, *, url: str, secret_token: SecretStr) -> None:
        """Have updates POSTed to `url` with the secret in `X-Bot-Api-Secret-Token`."""
        await self.call(
            "setWebhook", {"url": url, "secret_token": secret_token.get_secret_value()}
        )

    async def delete_webhook(self) -> None:
        """Go back to getUpdates."""
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> WebhookInfo:
        """The webhook currently set, if any.

        With no webhook set the platform answers HTTP 404 `{"ok": false, "error_code": 404,
        "description": "Not Found"}`: that means "no webhook", not a failure.
        """
        try:
            result = await self.call("getWebhookInfo")
        except ZaloClientError as error:
            if error.error_code != 404:
                raise
            result = None
        return WebhookInfo.model_validate(result if isinstance(result, dict) else {})


def _int_or_none(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None


def _retry_after(body: dict[str, Any], headers: httpx.Headers) -> float | None:
    parameters = body.get("parameters")
    candidates = [
        parameters.get("retry_after") if isinstance(parameters, dict) else None,
        body.get("retry_after"),
        headers.get("retry-after"),
    ]
    for candidate in candidates:
        try:
            if candidate is not None:
                return max(0.0, float(candidate))
        except (TypeError, ValueError):
            continue
    return None


def _classify(
    method: str, code: int | None, description: str, body: dict[str, Any], headers: httpx.Headers
) -> ZaloError:
    if code == 408:
        return ZaloIdle(method, error_code=code, description=description)
    if code == 429:
        return ZaloRateLimited(
            method,
            error_code=code,
            description=description,
            retry_after=_retry_after(body, headers),
        )
    if code in (401, 403):
        return ZaloAuthError(method, error_code=code, description=description)
    if code is None or code >= 500:
        return ZaloTransient(method, error_code=code, description=description)
    return ZaloClientError(method, error_code=code, description=description)
