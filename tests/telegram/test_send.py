"""`TelegramChannel.send` (used by the reminder sender): splitting, keyboards and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.assistant import Assistant
from bot.channels.telegram import TELEGRAM_MAX_TEXT, TelegramChannel
from handlers import Choice, Reply
from scheduler.delivery import ChannelError
from scheduler.limiter import RateLimiter
from tests.fakes.telegram_api import FakeTelegramApi
from tests.helptext import HELP_TEXT
from tests.telegram.conftest import fast_limiter

CHAT = "909090"


def _long_text() -> str:
    paragraph = "Đoạn {n}: các xã, phường triển khai chuyển đổi số theo Kế hoạch 87/KH-UBND. " * 12
    return "\n\n".join(paragraph.format(n=n).strip() for n in range(12))


async def test_send_splits_long_reply_at_paragraphs(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    text = _long_text()
    assert len(text) > 2 * TELEGRAM_MAX_TEXT

    await polling.send(CHAT, Reply(text, (Choice("menu:help", "Xem hướng dẫn"),)))

    sent = fake.sent
    assert len(sent) == 3
    assert all(len(m.text) <= TELEGRAM_MAX_TEXT for m in sent)
    assert "".join(m.text for m in sent) == text
    assert all(m.text.endswith("\n\n") for m in sent[:-1])
    assert [m.buttons() for m in sent] == [[], [], [("Xem hướng dẫn", "menu:help")]]


async def test_send_leaves_out_keys_telegram_would_reject(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    choices = (Choice("x" * 65, "Quá dài"), Choice("chọn", "Có dấu"), Choice("ok", "Đồng ý"))

    await polling.send(CHAT, Reply("Bạn chọn gì?", choices))

    assert fake.sent[0].buttons() == [("Đồng ý", "ok")]


async def test_send_429_is_retryable_with_retry_after_and_pauses(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=3)

    with pytest.raises(ChannelError) as caught:
        await polling.send(CHAT, Reply("Nhắc hạn báo cáo"))

    error = caught.value
    assert (error.retryable, error.retry_after, error.blocked) == (True, 3.0, False)
    assert polling.limiter.paused_for() > 0


async def test_send_403_means_blocked(fake: FakeTelegramApi, polling: TelegramChannel) -> None:
    fake.fail_next("sendMessage", status=403, chat_id=CHAT)

    with pytest.raises(ChannelError) as caught:
        await polling.send(CHAT, Reply("Nhắc hạn báo cáo"))

    assert (caught.value.retryable, caught.value.blocked) == (False, True)


async def test_send_5xx_is_retryable(fake: FakeTelegramApi, polling: TelegramChannel) -> None:
    fake.fail_next("sendMessage", status=502)

    with pytest.raises(ChannelError) as caught:
        await polling.send(CHAT, Reply("Nhắc hạn báo cáo"))

    assert (caught.value.retryable, caught.value.retry_after) == (True, None)


async def test_send_400_is_not_retryable(fake: FakeTelegramApi, polling: TelegramChannel) -> None:
    fake.fail_next("sendMessage", status=400, description="Bad Request: chat not found")

    with pytest.raises(ChannelError) as caught:
        await polling.send(CHAT, Reply("Nhắc hạn báo cáo"))

    assert (caught.value.retryable, caught.value.blocked) == (False, False)
    assert "chat not found" in caught.value.reason.lower()


async def test_send_timeout_is_retryable(fake: FakeTelegramApi, assistant: Assistant) -> None:
    channel = TelegramChannel(
        token=SecretStr(fake.token),
        assistant=assistant,
        limiter=fast_limiter(),
        api_base=fake.base_url,
        poll_timeout=1,
        request_timeout=0.2,
    )
    await channel.start()
    fake.fail_next("sendMessage", status=500, delay=0.5)

    try:
        with pytest.raises(ChannelError) as caught:
            await channel.send(CHAT, Reply("Nhắc hạn báo cáo"))
    finally:
        await channel.stop()

    assert (caught.value.retryable, caught.value.reason) == (True, "TimedOut: Timed out")


class VirtualTime:
    """The limiter's clock: sleeping advances it at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
async def paced(
    fake: FakeTelegramApi, assistant: Assistant
) -> AsyncIterator[tuple[TelegramChannel, VirtualTime]]:
    """A polling channel with Telegram's default pacing on virtual time."""
    time = VirtualTime()
    channel = TelegramChannel(
        token=SecretStr(fake.token),
        assistant=assistant,
        limiter=RateLimiter(rate=25, per_chat_interval=1.0, clock=time.clock, sleep=time.sleep),
        api_base=fake.base_url,
        poll_timeout=1,
    )
    await channel.start()
    try:
        yield channel, time
    finally:
        await channel.stop()


async def test_send_paces_chunks_to_one_chat(
    fake: FakeTelegramApi, paced: tuple[TelegramChannel, VirtualTime]
) -> None:
    channel, time = paced

    await channel.send(CHAT, Reply(_long_text()))

    assert (len(fake.sent), time.now) == (3, 2.0)


async def test_reply_to_user_waits_out_a_429_and_is_sent(
    fake: FakeTelegramApi, paced: tuple[TelegramChannel, VirtualTime]
) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=3)

    fake.push_text(chat_id=int(CHAT), text="/help")
    [sent] = await fake.wait_sent(1)

    assert sent.text == HELP_TEXT
    assert paced[1].now >= 3.0
