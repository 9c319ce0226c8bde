"""End to end over polling: the fake Bot API, the real adapter, the real Assistant on SQLite."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from bot.channels.zalo import ZaloConflict
from handlers import Services, texts
from storage.db import make_engine
from tests.conftest import FakeClock
from tests.fakes.zalo_api import FakeZaloApi
from tests.helptext import HELP_TEXT
from tests.zalo.conftest import ChannelFactory, eventually

QUESTION = "Ai điều phối Mạng lưới chuyển đổi số tỉnh?"


async def test_question_gets_answer_citing_plan(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-1", QUESTION)
    sent = await fake_zalo.wait_for_sends(1)

    assert sent[0].chat_id == "chat-1"
    assert "Kế hoạch 87/KH-UBND" in sent[0].text


async def test_typed_number_picks_first_numbered_choice_after_start(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-1", "/start")
    greeting = (await fake_zalo.wait_for_sends(1))[0].text
    fake_zalo.push_text("chat-1", "1")
    answer = (await fake_zalo.wait_for_sends(2))[1].text

    assert f"1. {texts.CHOICE_ASK}\n2. {texts.CHOICE_HELP}" in greeting
    assert answer == texts.ASK_PROMPT


async def test_image_gets_text_only_reply(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    channel = make_channel()
    await channel.start()

    fake_zalo.push_image("chat-1")
    fake_zalo.push_sticker("chat-1")
    sent = await fake_zalo.wait_for_sends(2)

    assert [s.text for s in sent] == [texts.TEXT_ONLY, texts.TEXT_ONLY]


async def test_sticker_keeps_offered_choices(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-1", "/start")
    fake_zalo.push_sticker("chat-1")
    fake_zalo.push_text("chat-1", "2")
    sent = await fake_zalo.wait_for_sends(3)

    assert sent[2].text == HELP_TEXT


async def test_replayed_updates_handled_once_when_redelivered(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    channel = make_channel()
    await channel.start()
    fake_zalo.push_text("chat-1", QUESTION)
    await fake_zalo.wait_for_sends(1)
    await eventually(lambda: channel.processed == 1)

    fake_zalo.replay_consumed()
    await eventually(lambda: channel.processed == 2)

    assert len(fake_zalo.sent) == 1


@pytest.fixture
async def second_engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    """Another engine on the same SQLite file: what a restarted process would open."""
    engine = make_engine(sqlite_url)
    try:
        yield engine
    finally:
        await engine.dispose()


async def test_replayed_updates_handled_once_across_restart(
    fake_zalo: FakeZaloApi,
    make_channel: ChannelFactory,
    second_engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
) -> None:
    first = make_channel()
    await first.start()
    fake_zalo.push_text("chat-1", QUESTION)
    await fake_zalo.wait_for_sends(1)
    await first.stop()

    fake_zalo.replay_consumed()
    restarted = make_channel(
        channel_assistant=Assistant(engine=second_engine, services=services, clock=clock)
    )
    await restarted.start()
    await eventually(lambda: restarted.processed == 1)

    assert len(fake_zalo.sent) == 1


async def test_slow_chat_does_not_delay_other_chat(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.delay_sends("chat-a", 1.0)
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-a", QUESTION)
    fake_zalo.push_text("chat-b", QUESTION)
    sent = await fake_zalo.wait_for_sends(2)

    assert [s.chat_id for s in sent] == ["chat-b", "chat-a"]


async def test_messages_of_one_chat_keep_their_order(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.delay_sends("chat-a", 0.3)
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-a", "/start")
    fake_zalo.push_text("chat-a", "/trogiup")
    sent = await fake_zalo.wait_for_sends(2)

    assert [s.text for s in sent][1] == HELP_TEXT


async def test_polling_starts_when_webhook_info_answers_404(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    # No webhook: the platform (and the fake) answer getWebhookInfo with HTTP 404.
    channel = make_channel()
    await channel.start()

    await eventually(lambda: "getUpdates" in fake_zalo.calls)

    assert fake_zalo.calls[0] == "getWebhookInfo"


async def test_polling_refuses_to_start_when_webhook_set(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.set_webhook("https://example.invalid/zalo/webhook", "s3cret-s3cret")
    channel = make_channel()

    with pytest.raises(ZaloConflict):
        await channel.start()

    assert "getUpdates" not in fake_zalo.calls


async def test_second_poller_refused_when_same_token(make_channel: ChannelFactory) -> None:
    first = make_channel()
    await first.start()
    second = make_channel()

    with pytest.raises(ZaloConflict):
        await second.start()


async def test_idle_polls_not_logged_as_errors(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # the CLI's logging setup quiets it
    channel = make_channel(poll_timeout=0.05)
    await channel.start()

    await eventually(lambda: fake_zalo.calls.count("getUpdates") >= 3)

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_polling_recovers_when_server_errors(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.fail_next("getUpdates", status=500, description="Internal Server Error", times=2)
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-1", QUESTION)
    sent = await fake_zalo.wait_for_sends(1)

    assert sent[0].chat_id == "chat-1"


async def test_reply_retried_when_rate_limited(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.fail_next("sendMessage", status=429, retry_after=0.1)
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-1", QUESTION)
    sent = await fake_zalo.wait_for_sends(1)

    assert fake_zalo.calls.count("sendMessage") == 2
    assert "Kế hoạch 87/KH-UBND" in sent[0].text


async def test_token_absent_from_logs_when_errors_happen(
    fake_zalo: FakeZaloApi,
    make_channel: ChannelFactory,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # the CLI's logging setup quiets it
    fake_zalo.fail_next("getUpdates", status=502, description="Bad Gateway")
    fake_zalo.fail_next("sendMessage", status=400, description="Bad Request")
    channel = make_channel()
    await channel.start()

    fake_zalo.push_text("chat-1", QUESTION)
    fake_zalo.push_text("chat-1", "/start")
    await fake_zalo.wait_for_sends(1)
    await eventually(lambda: channel.processed == 2)
    await channel.stop()

    captured = capfd.readouterr()
    assert any(r.getMessage() == "zalo.reply_failed" for r in caplog.records)
    assert fake_zalo.token not in caplog.text
    assert fake_zalo.token not in captured.err + captured.out


async def test_poller_restarts_when_previous_stopped_on_both_databases(
    fake_zalo: FakeZaloApi,
    make_channel: ChannelFactory,
    engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
) -> None:
    assistant = Assistant(engine=engine, services=services, clock=clock)
    first = make_channel(channel_assistant=assistant)
    await first.start()
    fake_zalo.push_text("chat-1", QUESTION)
    await fake_zalo.wait_for_sends(1)
    await first.stop()

    second = make_channel(channel_assistant=assistant)
    await second.start()
    fake_zalo.push_text("chat-1", "/trogiup")
    sent = await fake_zalo.wait_for_sends(2)

    assert sent[1].text == HELP_TEXT


async def test_second_poller_refused_on_both_databases(
    make_channel: ChannelFactory, engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    assistant = Assistant(engine=engine, services=services, clock=clock)
    await make_channel(channel_assistant=assistant).start()

    with pytest.raises(ZaloConflict):
        await make_channel(channel_assistant=assistant).start()
