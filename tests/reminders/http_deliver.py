"""A minimal `Deliver` over httpx speaking the Bot API `sendMessage` (tests and bench only).

It behaves like `TelegramChannel.send` where the sender can tell: it owns a rate limiter,
waits on it before each send, pauses it on a 429 `retry_after`, and maps the envelopes to
`ChannelError`. The end-to-end tests use the real channel; this one keeps the sender's
HTTP tests and the crash test free of python-telegram-bot.
"""

from __future__ import annotations

from typing import Any

import httpx

from handlers.messages import Reply
from scheduler.delivery import ChannelError
from scheduler.limiter import RateLimiter


class HttpDeliver:
    """Sends replies to a Bot-API-shaped server."""

    def __init__(
        self, *, base_url: str, token: str, client: httpx.AsyncClient, limiter: RateLimiter
    ) -> None:
        self._url = f"{base_url}/bot{token}/sendMessage"
        self._client = client
        self.limiter = limiter

    async def send(self, chat_id: str, reply: Reply) -> None:
        payload: dict[str, Any] = {"chat_id": chat_id, "text": reply.text}
        if reply.choices:
            keyboard = [[{"text": c.label, "callback_data": c.key}] for c in reply.choices]
            payload["reply_markup"] = {"inline_keyboard": keyboard}
        await self.limiter.wait(chat_id)
        try:
            response = await self._client.post(self._url, json=payload, timeout=10.0)
            body = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ChannelError(type(error).__name__, retryable=True) from error
        if body.get("ok"):
            return
        code = int(body.get("error_code", response.status_code))
        description = str(body.get("description", ""))
        if code == 429:
            retry_after = float((body.get("parameters") or {}).get("retry_after", 1))
            self.limiter.pause(retry_after)  # flood control holds every send of the bot
            raise ChannelError(description, retryable=True, retry_after=retry_after)
        if code == 403:
            raise ChannelError(description, retryable=False, blocked=True)
        raise ChannelError(description, retryable=code >= 500)
