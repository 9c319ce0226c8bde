"""The Zalo channel: getUpdates polling or a webhook route, replies as numbered text.

Ordering and concurrency: each update is handled in its own task, chained behind the
previous task of the same chat, so a slow reply in one chat never delays another while
messages of one chat keep their order. Dedupe is persistent (`inbound_update`, key
`"{chat_id}:{message_id}"`) because the platform may serve an update again.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import SecretStr

from bot import metrics
from bot.assistant import Assistant
from bot.channels.body import BodyRefused, read_json
from bot.channels.quota import QuotaWarning, QuotaWarningHook, SendQuota
from bot.channels.zalo_client import (
    DEFAULT_RETRY_AFTER,
    ZaloAuthError,
    ZaloClient,
    ZaloError,
    ZaloIdle,
    ZaloRateLimited,
    ZaloTransient,
    ZaloUpdate,
    parse_updates,
)
from bot.channels.zalo_convert import ZaloConfig, render, to_channel_error, to_inbound
from bot.channels.zalo_lock import PollerLock
from bot.config import Settings
from handlers import Channel, Reply, texts
from handlers.numbers import vn_int
from scheduler.delivery import ChannelError
from scheduler.limiter import RateLimiter
from storage import quota as quota_queries
from storage.db import session_scope

logger = logging.getLogger(__name__)

WEBHOOK_PATH: Final = "/zalo/webhook"
SECRET_HEADER: Final = "X-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
# Seconds `stop()` lets in-flight replies finish before cancelling them.
_DRAIN_TIMEOUT: Final = 10.0
_REPLY_ATTEMPTS: Final = 3

Sleep = Callable[[float], Awaitable[None]]


class ZaloConflict(RuntimeError):
    """Polling cannot start: a webhook is set, or another poller uses the same token."""


class _LockLost(Exception):
    """The poller lock was lost during a getUpdates call."""


async def register_webhook(settings: Settings) -> None:
    """Register the webhook once, as every worker does at start (`cdsbot run --workers N`
    calls it first, so that a token or webhook Zalo refuses is one line, not a failure in
    each worker)."""
    token, url, secret = (
        settings.zalo_bot_token,
        settings.zalo_webhook_url,
        settings.zalo_webhook_secret,
    )
    if token is None or url is None or secret is None or settings.zalo_mode != "webhook":
        return
    client = ZaloClient(token, base_url=settings.zalo_api_base)
    try:
        await _set_webhook(client, url, secret)
    finally:
        await client.aclose()


async def _set_webhook(client: ZaloClient, url: str, secret: SecretStr) -> None:
    """Register the webhook and log the URL Zalo was given (the secret never)."""
    await client.set_webhook(url=url, secret_token=secret)
    logger.info("zalo.webhook_set", extra={"url": url})


class ZaloChannel:
    """A `ChannelRunner` for the Zalo Bot API."""

    name = "zalo"

    def __init__(
        self,
        config: ZaloConfig,
        *,
        assistant: Assistant,
        client: ZaloClient | None = None,
        on_quota_warning: QuotaWarningHook | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.config = config
        self.assistant = assistant
        self.client = client or ZaloClient(config.token, base_url=config.api_base)
        self.quota = SendQuota(
            engine=assistant.engine,
            channel=Channel.ZALO.value,
            limit=config.monthly_quota,
            zone=config.zone,
            clock=assistant.clock,
            on_warning=on_quota_warning or self.warn_admins,
        )
        self.limiter = RateLimiter(rate=config.rate, per_chat_interval=0.0)
        # Updates fully handled since start (duplicates and failures included).
        self.processed = 0
        self._sleep = sleep
        self._poller: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._tails: dict[str, asyncio.Task[None]] = {}
        # One poller per token (see zalo_lock.py): checked every poll cycle.
        self._lock = PollerLock(config.token, engine=assistant.engine)

    @classmethod
    def from_settings(cls, settings: Settings, assistant: Assistant) -> ZaloChannel:
        """The channel as configured by ZALO_* settings."""
        return cls(ZaloConfig.from_settings(settings), assistant=assistant)

    # --- ChannelRunner --------------------------------------------------------------------

    def describe(self) -> str:
        """How the channel runs, without the token or secret."""
        if self.config.mode == "webhook":
            return f"zalo: webhook at {self.config.webhook_url} (route {WEBHOOK_PATH})"
        return f"zalo: polling {self.config.api_base}"

    def routes(self) -> APIRouter | None:
        """The webhook route in webhook mode."""
        if self.config.mode != "webhook":
            return None
        api = APIRouter()
        # A plain Starlette route, without FastAPI's parameter resolution (as Telegram's).
        api.add_route(WEBHOOK_PATH, self._webhook, methods=["POST"], include_in_schema=False)
        return api

    async def start(self) -> None:
        """Register the webhook, or check no webhook is set and start polling."""
        if self.config.mode == "webhook":
            url, secret = self.config.webhook_url, self.config.webhook_secret
            if not url or secret is None:
                raise ValueError("ZALO_WEBHOOK_URL and ZALO_WEBHOOK_SECRET are required")
            await _set_webhook(self.client, url, secret)
            return
        info = await self.client.get_webhook_info()
        if info.url:
            raise ZaloConflict(
                "a Zalo webhook is set for this bot; delete it or use ZALO_MODE=webhook"
            )
        await self._claim_poller()
        self._poller = asyncio.create_task(self._poll_forever(), name="zalo-poller")

    async def stop(self) -> None:
        """Stop polling, let in-flight replies finish briefly, release the client."""
        if self._poller is not None:
            # Python 3.11's wait_for (the lock checks) can swallow a cancellation that
            # arrives as its query completes: cancel until the loop has really ended.
            while not self._poller.done():
                self._poller.cancel()
                await asyncio.wait({self._poller}, timeout=1.0)
            await asyncio.gather(self._poller, return_exceptions=True)
            self._poller = None
        await self.drain(within=_DRAIN_TIMEOUT)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._release_poller()
        await self.client.aclose()

    async def drain(self, *, within: float) -> None:
        """Wait up to `within` seconds for the updates being handled."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=within)

    # --- one poller per token -------------------------------------------------------------

    @property
    def polling(self) -> bool:
        """Whether this instance holds the poller lock (so polls) right now."""
        return self._lock.held

    async def _claim_poller(self) -> None:
        if not await self._lock.acquire():
            raise ZaloConflict("another poller uses this Zalo token (here or in another process)")

    async def _release_poller(self) -> None:
        await self._lock.release()

    async def _standby(self) -> None:
        """After the lock was lost: wait until it is free, take it again, say so once.

        Each attempt comes after a pause, so a database that just restarted is not hammered.
        """
        while True:
            await self._sleep(self.config.lock_check_interval)
            if await self._lock.try_acquire():
                break
        logger.info("zalo.poller_lock_retaken")

    async def _get_updates_while_locked(self) -> list[ZaloUpdate]:
        """One getUpdates call, abandoned (`_LockLost`) if the lock is lost meanwhile.

        An update that arrived anyway is returned: it has left the platform's queue.
        """
        poll = asyncio.create_task(self.client.get_updates(timeout=self.config.poll_timeout))
        try:
            while True:
                await asyncio.wait({poll}, timeout=self.config.lock_check_interval)
                if poll.done() or not await self._lock.check():
                    break
        finally:
            poll.cancel()  # a no-op once done
            await asyncio.gather(poll, return_exceptions=True)
        if poll.cancelled():
            raise _LockLost
        return poll.result()

    # --- receiving ------------------------------------------------------------------------

    async def _poll_forever(self) -> None:
        backoff = 0.0
        while True:
            # Every cycle: polling goes on only while this instance holds the lock.
            if not await self._lock.check():
                await self._standby()
                backoff = 0.0
                continue
            started = time.monotonic()
            try:
                updates = await self._get_updates_while_locked()
            except _LockLost:
                continue
            except ZaloIdle:
                # Nothing arrived within the timeout: the normal idle case.
                logger.debug("zalo.poll_idle")
                updates, backoff = [], 0.0
                metrics.channel_ok(self.name)
            except ZaloRateLimited as error:
                updates = []
                backoff = max(error.retry_after or DEFAULT_RETRY_AFTER, self.config.backoff_base)
                logger.warning("zalo.poll_rate_limited", extra={"retry_in": backoff})
            except ZaloError as error:
                updates = []
                backoff = min(self.config.backoff_max, max(self.config.backoff_base, backoff * 2))
                level = logging.ERROR if isinstance(error, ZaloAuthError) else logging.WARNING
                logger.log(
                    level,
                    "zalo.poll_failed",
                    extra={
                        "error": type(error).__name__,
                        "code": error.error_code,
                        "retry_in": backoff,
                    },
                )
            except Exception:
                # The loop's top: a bug must not stop the channel for good.
                updates = []
                backoff = min(self.config.backoff_max, max(self.config.backoff_base, backoff * 2))
                logger.exception("zalo.poll_crashed", extra={"retry_in": backoff})
            else:
                backoff = 0.0
                metrics.channel_ok(self.name)
            for update in updates:
                self.dispatch(update)
            wait = max(self.config.poll_interval - (time.monotonic() - started), backoff)
            if wait > 0:
                await self._sleep(wait)

    def dispatch(self, update: ZaloUpdate) -> None:
        """Handle one update in its own task, after the previous update of the same chat."""
        chat_id = update.message.chat.id if update.message else ""
        previous = self._tails.get(chat_id)
        task = asyncio.create_task(self._handle(update, previous), name="zalo-update")
        self._tails[chat_id] = task
        self._tasks.add(task)

        def _done(finished: asyncio.Task[None]) -> None:
            self._tasks.discard(finished)
            if self._tails.get(chat_id) is finished:
                del self._tails[chat_id]

        task.add_done_callback(_done)

    async def _handle(self, update: ZaloUpdate, previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            await asyncio.wait({previous})
        try:
            inbound = to_inbound(update)
            if inbound is None:
                logger.info("zalo.update_ignored", extra={"zalo_event": update.event_name[:60]})
                return
            replies = await self.assistant.handle(
                inbound, update_key=f"{inbound.chat_id}:{inbound.message_id}"
            )
            for reply in replies:
                for chunk in render(reply):
                    if not await self._send_reply_chunk(inbound.chat_id, chunk):
                        return
        except Exception:
            # The one broad catch per update: log it and keep serving other chats.
            logger.exception("zalo.update_failed")
        finally:
            self.processed += 1

    async def _webhook(self, request: Request) -> JSONResponse:
        secret = self.config.webhook_secret
        given = request.headers.get(SECRET_HEADER, "").encode()
        if secret is None or not hmac.compare_digest(given, secret.get_secret_value().encode()):
            logger.warning("zalo.webhook_forbidden")
            return JSONResponse({"ok": False}, status_code=403)
        try:
            data = await read_json(request)
        except BodyRefused as refused:
            return refused.response(route="zalo.webhook")
        for update in parse_updates(data):
            self.dispatch(update)
        metrics.channel_ok(self.name)
        # Answer at once: replies go out from the update tasks.
        return JSONResponse({"ok": True})

    # --- sending --------------------------------------------------------------------------

    async def _send_reply_chunk(self, chat_id: str, chunk: str) -> bool:
        """Send one reply message, retrying 429 and transient errors a few times."""
        await self.quota.count_reply()
        for attempt in range(1, _REPLY_ATTEMPTS + 1):
            await self.limiter.wait(chat_id)
            try:
                await self.client.send_message(chat_id, chunk)
                return True
            except ZaloRateLimited as error:
                self.limiter.pause(error.retry_after or DEFAULT_RETRY_AFTER)
                failure: ZaloError = error
            except ZaloTransient as error:
                await self._sleep(self.config.backoff_base * attempt)
                failure = error
            except ZaloError as error:
                failure = error
                break
        logger.warning(
            "zalo.reply_failed",
            extra={"error": type(failure).__name__, "code": failure.error_code},
        )
        return False

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send a reminder or broadcast; raises `ChannelError` (quota spent: retry later).

        Reminders spend the monthly quota only if the whole reply fits; otherwise they wait
        for the next month (`retry_after` is the time until it starts).
        """
        chunks = render(reply)
        if not await self.quota.reserve(len(chunks)):
            raise ChannelError(
                "zalo:quota_exhausted",
                retryable=True,
                retry_after=self.quota.seconds_until_reset(),
            )
        for chunk in chunks:
            await self.limiter.wait(chat_id)
            try:
                await self.client.send_message(chat_id, chunk)
            except ZaloError as error:
                if isinstance(error, ZaloRateLimited):
                    self.limiter.pause(error.retry_after or DEFAULT_RETRY_AFTER)
                raise to_channel_error(error) from None

    async def warn_admins(self, warning: QuotaWarning) -> None:
        """The default quota warning: a message to every admin reachable on Zalo."""
        async with session_scope(self.assistant.engine) as session:
            chats = await quota_queries.admin_chats(session, channel=Channel.ZALO.value)
        message = texts.ZALO_QUOTA_WARNING.format(
            month=warning.month, sent=vn_int(warning.sent), limit=vn_int(warning.limit)
        )
        if chats:
            await self.quota.count_reply(len(chats))
        for chat_id in chats:
            await self.limiter.wait(chat_id)
            try:
                await self.client.send_message(chat_id, message)
            except ZaloError as error:
                logger.warning("zalo.quota_warning_failed", extra={"error": type(error).__name__})
