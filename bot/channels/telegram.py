"""The Telegram channel: python-telegram-bot as transport only, by polling or our webhook route.

PTB fetches updates (long polling) or we receive them on `WEBHOOK_PATH`; one catch-all
handler turns each into an `Inbound`, the assistant answers, and replies go out through the
channel's rate limiter. No ConversationHandler, persistence or JobQueue: state is in the DB.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final, Literal

from fastapi import APIRouter, Request, Response
from pydantic import SecretStr
from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.constants import MessageLimit
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from bot import metrics
from bot.assistant import Assistant
from bot.channels.base import split_text
from bot.channels.body import BodyRefused, read_json
from bot.channels.telegram_convert import (
    WEBHOOK_PATH,
    channel_error,
    inbound_from,
    keyboard,
    webhook_endpoint,
)
from bot.channels.telegram_request import JsonRequest, json_body, proxy_for
from bot.config import Settings
from bot.logging import redact
from handlers import Reply
from scheduler.delivery import ChannelError
from scheduler.limiter import RateLimiter

logger = logging.getLogger(__name__)

TELEGRAM_MAX_TEXT: Final = MessageLimit.MAX_TEXT_LENGTH
SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
ALLOWED_UPDATES: Final = [Update.MESSAGE, Update.CALLBACK_QUERY]
# Seconds; getUpdates adds its long-poll timeout to the read timeout by itself.
CONNECT_TIMEOUT: Final = 5.0
REQUEST_TIMEOUT: Final = 10.0
POLL_TIMEOUT: Final = 10.0
# A reply to a user is tried this many times in all after a 429, a 5xx or a timeout, the
# latter waiting `_REPLY_BACKOFF` seconds, doubling (0.5 + 1 + 2 + 4 s): a short storm of
# server errors delays a reply instead of losing it. (The reminder sender retries by
# itself, so `send` makes one attempt.)
_REPLY_ATTEMPTS: Final = 5
_REPLY_BACKOFF: Final = 0.5

Mode = Literal["polling", "webhook"]


class WebhookRefused(Exception):
    """Telegram answered setWebhook with 400: it will not post to this URL with this secret.

    The message is Telegram's description (e.g. "Bad Request: bad webhook: ..."), which
    names neither the token nor the secret.
    """


async def _set_webhook(bot: Bot, url: str, secret: SecretStr) -> None:
    """Register the webhook; Telegram's refusal (400) becomes `WebhookRefused`."""
    try:
        await bot.set_webhook(
            url=url, secret_token=secret.get_secret_value(), allowed_updates=ALLOWED_UPDATES
        )
    except BadRequest as refused:
        raise WebhookRefused(refused.message) from refused
    # What Telegram was told, for the operator after a change of URL or secret (the secret is
    # a header, not part of the URL).
    logger.info("telegram.webhook_set", extra={"url": url})


async def register_webhook(settings: Settings) -> None:
    """Check the token (getMe) and register the webhook once, as every worker does at start.

    `cdsbot run --workers N` calls it before starting the workers, so that a token or webhook
    Telegram refuses stops the command in one line instead of failing inside each worker.
    """
    token, url, secret = (
        settings.telegram_bot_token,
        settings.telegram_webhook_url,
        settings.telegram_webhook_secret,
    )
    if token is None or url is None or secret is None or settings.telegram_mode != "webhook":
        return
    request = JsonRequest(
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=REQUEST_TIMEOUT,
        write_timeout=REQUEST_TIMEOUT,
        pool_timeout=CONNECT_TIMEOUT,
        proxy=proxy_for(settings.telegram_api_base),
    )
    bot = Bot(
        token.get_secret_value(),
        base_url=f"{settings.telegram_api_base.rstrip('/')}/bot",
        request=request,
    )
    async with bot:
        await _set_webhook(bot, webhook_endpoint(url), secret)


class TelegramChannel:
    """Receives Telegram updates, hands them to the assistant and sends the replies."""

    __slots__ = (
        "_application",
        "_assistant",
        "_chat_locks",
        "_poll_timeout",
        "_request",
        "_send_url",
        "_webhook",
        "limiter",
        "name",
    )

    def __init__(
        self,
        *,
        token: SecretStr,
        assistant: Assistant,
        limiter: RateLimiter,
        mode: Mode = "polling",
        api_base: str = "https://api.telegram.org",
        webhook_url: str | None = None,
        webhook_secret: SecretStr | None = None,
        poll_timeout: float = POLL_TIMEOUT,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self._webhook: tuple[str, SecretStr] | None = None
        if mode == "webhook":
            if webhook_url is None or webhook_secret is None:
                raise ValueError("webhook mode needs webhook_url and webhook_secret")
            self._webhook = (webhook_url, webhook_secret)
        self.name = "telegram"
        self.limiter = limiter
        self._assistant = assistant
        self._poll_timeout = poll_timeout
        self._chat_locks: dict[str, tuple[asyncio.Lock, int]] = {}
        proxy = proxy_for(api_base)
        self._request = JsonRequest(
            connect_timeout=CONNECT_TIMEOUT,
            read_timeout=request_timeout,
            write_timeout=request_timeout,
            pool_timeout=CONNECT_TIMEOUT,
            proxy=proxy,
        )
        base_url = f"{api_base.rstrip('/')}/bot"
        self._send_url = f"{base_url}{token.get_secret_value()}/sendMessage"
        builder = (
            Application.builder()
            .token(token.get_secret_value())
            .base_url(base_url)
            .request(self._request)
            # Chats are handled concurrently; `_chat_lock` keeps each chat in order.
            .concurrent_updates(True)
        )
        if mode == "webhook":
            builder = builder.updater(None)  # we own the route
        else:
            builder = builder.get_updates_request(
                JsonRequest(
                    connect_timeout=CONNECT_TIMEOUT,
                    read_timeout=request_timeout,
                    write_timeout=request_timeout,
                    pool_timeout=CONNECT_TIMEOUT,
                    pool_size=1,
                    proxy=proxy,
                    # Every successful poll is noted, for `/healthz`.
                    on_ok=lambda: metrics.channel_ok("telegram"),
                )
            )
        self._application = builder.build()
        self._application.add_handler(TypeHandler(Update, self._on_update))
        self._application.add_error_handler(self._on_error)

    @classmethod
    def from_settings(cls, settings: Settings, *, assistant: Assistant) -> TelegramChannel:
        """The channel as configured; `settings.telegram_bot_token` must be set."""
        if settings.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        url = settings.telegram_webhook_url
        return cls(
            token=settings.telegram_bot_token,
            assistant=assistant,
            limiter=RateLimiter(
                rate=settings.telegram_rate,
                per_chat_interval=settings.telegram_per_chat_interval,
            ),
            mode=settings.telegram_mode,
            api_base=settings.telegram_api_base,
            webhook_url=webhook_endpoint(url) if url else None,
            webhook_secret=settings.telegram_webhook_secret,
        )

    def describe(self) -> str:
        """How the channel runs, e.g. "telegram: polling"; never the token or secret."""
        if self._webhook is not None:
            return f"telegram: webhook at {self._webhook[0]}"
        return "telegram: polling"

    def routes(self) -> APIRouter | None:
        """The webhook route in webhook mode."""
        if self._webhook is None:
            return None
        expected = self._webhook[1].get_secret_value().encode()
        api = APIRouter()

        async def webhook(request: Request) -> Response:
            # The secret is checked before the body is even read.
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not hmac.compare_digest(given, expected):
                logger.warning("telegram.webhook_refused")
                return Response(status_code=403)
            try:
                body = await read_json(request)
            except BodyRefused as refused:
                return refused.response(route="telegram.webhook")
            try:
                update = Update.de_json(body, self._application.bot) if body else None
            except (ValueError, TypeError, KeyError, AttributeError):
                update = None
            if update is None:
                logger.warning("telegram.webhook_malformed")
                return Response(status_code=400)
            # Answer at once; the application's queue processes the update.
            await self._application.update_queue.put(update)
            metrics.channel_ok("telegram")
            return Response(status_code=200)

        # A plain Starlette route: the busiest one needs none of FastAPI's parameter
        # resolution or response validation.
        api.add_route(WEBHOOK_PATH, webhook, methods=["POST"], include_in_schema=False)
        return api

    async def start(self) -> None:
        """Connect (getMe), register the webhook or start polling, and process updates."""
        application = self._application
        try:
            await application.initialize()
            if self._webhook is not None:
                await _set_webhook(application.bot, *self._webhook)
            elif application.updater is not None:
                await application.updater.start_polling(
                    timeout=int(self._poll_timeout),
                    allowed_updates=ALLOWED_UPDATES,
                    error_callback=self._on_poll_error,
                )
            await application.start()
        except BaseException as error:
            if isinstance(error, TelegramError):
                logger.error(
                    "telegram.start_failed", extra={"reason": channel_error(error).reason}
                )
            elif isinstance(error, WebhookRefused):
                logger.error("telegram.webhook_refused_by_api", extra={"reason": str(error)})
            await self.stop()
            raise

    async def stop(self) -> None:
        """Stop polling, finish the updates in hand and close the HTTP connections."""
        application = self._application
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send one reply at the channel's pace, split when long, the keyboard on the last part.

        Raises:
            ChannelError: the first part that failed (earlier parts were sent).
        """
        await self._send(chat_id, reply, attempts=1)

    async def _send(self, chat_id: str, reply: Reply, *, attempts: int) -> None:
        if not reply.text.strip():
            raise ChannelError("empty text", retryable=False)
        chunks = split_text(reply.text, TELEGRAM_MAX_TEXT)
        markup = keyboard(reply.choices)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await self._send_chunk(chat_id, chunk, markup if last else None, attempts=attempts)

    async def _send_chunk(
        self, chat_id: str, text: str, markup: InlineKeyboardMarkup | None, *, attempts: int
    ) -> None:
        # sendMessage's parameters as Bot.send_message would send them; its answer (the sent
        # Message) is not needed, so it is not parsed into PTB's objects.
        body: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if markup is not None:
            body["reply_markup"] = markup.to_dict()
        for attempt in range(1, attempts + 1):
            await self.limiter.wait(chat_id)
            try:
                await self._request.post(self._send_url, json_body(body))
                return
            except TelegramError as error:
                failure = channel_error(error)
                if failure.retry_after is not None:
                    # Telegram's flood control applies to the whole bot: hold every send.
                    self.limiter.pause(failure.retry_after)
                if not failure.retryable or attempt == attempts:
                    raise failure from error
                if failure.retry_after is None:
                    # A 5xx or a timeout: this chat waits a little; other chats go on.
                    await asyncio.sleep(_REPLY_BACKOFF * 2 ** (attempt - 1))

    @asynccontextmanager
    async def _chat_lock(self, chat_id: str) -> AsyncIterator[None]:
        """One update at a time per chat, so replies keep the order of the messages."""
        lock, users = self._chat_locks.get(chat_id, (asyncio.Lock(), 0))
        self._chat_locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._chat_locks[chat_id]
            if users == 1:
                del self._chat_locks[chat_id]
            else:
                self._chat_locks[chat_id] = (lock, users - 1)

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        inbound = inbound_from(update)
        if inbound is None:
            return
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()  # stops the button's spinner
            except TelegramError as error:
                logger.warning(
                    "telegram.answer_failed",
                    extra={"update_id": update.update_id, "reason": channel_error(error).reason},
                )
        async with self._chat_lock(inbound.chat_id):
            replies = await self._assistant.handle(inbound, update_key=str(update.update_id))
            for reply in replies:
                try:
                    await self._send(inbound.chat_id, reply, attempts=_REPLY_ATTEMPTS)
                except ChannelError as error:
                    logger.warning(
                        "telegram.reply_failed",
                        extra={
                            "update_id": update.update_id,
                            "reason": error.reason,
                            "blocked": error.blocked,
                        },
                    )
                    return

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # The one broad catch per update: PTB routes anything a handler raised here.
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error(
            "telegram.update_failed",
            extra={"update_id": update_id, "error": redact(repr(error))},
        )

    def _on_poll_error(self, error: TelegramError) -> None:
        logger.warning("telegram.poll_failed", extra={"reason": channel_error(error).reason})
