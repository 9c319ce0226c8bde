"""The Zalo client against the fake Bot API: envelopes, typed errors, no token leaks."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest
from pydantic import SecretStr

from bot.channels.zalo_client import (
    ZaloAuthError,
    ZaloClient,
    ZaloClientError,
    ZaloError,
    ZaloIdle,
    ZaloRateLimited,
    ZaloTransient,
    parse_updates,
)
from tests.fakes.zalo_api import FakeZaloApi


async def test_get_updates_raises_idle_when_nothing_arrives(zalo_client: ZaloClient) -> None:
    with pytest.raises(ZaloIdle):
        await zalo_client.get_updates(timeout=0.1)


async def test_get_updates_returns_one_update_when_queued(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    fake_zalo.push_text("chat-1", "xin chào", message_id="m-1")
    fake_zalo.push_text("chat-1", "lần hai", message_id="m-2")

    updates = await zalo_client.get_updates(timeout=0.5)

    assert [(u.event_name, u.message.text if u.message else None) for u in updates] == [
        ("message.text.received", "xin chào")
    ]


async def test_rate_limited_carries_retry_after_when_429(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    fake_zalo.add_chat("chat-1")
    fake_zalo.fail_next("sendMessage", status=429, retry_after=7)

    with pytest.raises(ZaloRateLimited) as caught:
        await zalo_client.send_message("chat-1", "chào")

    assert caught.value.retry_after == 7.0


async def test_client_error_when_ok_false_on_http_200(zalo_client: ZaloClient) -> None:
    with pytest.raises(ZaloClientError) as caught:
        await zalo_client.send_message("unknown-chat", "chào")

    assert (type(caught.value), caught.value.error_code) == (ZaloClientError, 400)


async def test_rate_limited_when_429_arrives_as_ok_false_on_http_200(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    fake_zalo.add_chat("chat-1")
    fake_zalo.fail_next("sendMessage", status=200, error_code=429)

    with pytest.raises(ZaloRateLimited):
        await zalo_client.send_message("chat-1", "chào")


async def test_transient_when_server_error(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    fake_zalo.fail_next("getMe", status=502, description="Bad Gateway")

    with pytest.raises(ZaloTransient):
        await zalo_client.get_me()


async def test_auth_error_when_token_is_wrong(fake_zalo: FakeZaloApi) -> None:
    client = ZaloClient(SecretStr("999:wrong-token-wrong-token"), base_url=fake_zalo.base_url)
    try:
        with pytest.raises(ZaloAuthError):
            await client.get_me()
    finally:
        await client.aclose()


async def test_blocked_when_description_says_so(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    fake_zalo.add_chat("chat-1")
    fake_zalo.fail_next("sendMessage", status=403, description="User has blocked the bot")

    with pytest.raises(ZaloClientError) as caught:
        await zalo_client.send_message("chat-1", "chào")

    assert caught.value.blocked is True


async def test_send_message_refuses_text_over_limit(zalo_client: ZaloClient) -> None:
    with pytest.raises(ValueError, match="2000"):
        await zalo_client.send_message("chat-1", "x" * 2001)


async def test_webhook_info_empty_when_platform_answers_404(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    # The real platform answers HTTP 404 {"ok": false, ...} when no webhook is set.
    raw = httpx.post(f"{fake_zalo.base_url}/bot{fake_zalo.token}/getWebhookInfo", json={})

    info = await zalo_client.get_webhook_info()

    assert (raw.status_code, raw.json()["error_code"], info.url) == (404, 404, "")


async def test_webhook_info_gives_url_when_webhook_set(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    fake_zalo.set_webhook("https://bot.example.vn/zalo/webhook", "s3cret-s3cret")

    info = await zalo_client.get_webhook_info()

    assert info.url == "https://bot.example.vn/zalo/webhook"


async def test_webhook_info_raises_when_platform_answers_other_error(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient
) -> None:
    fake_zalo.fail_next("getWebhookInfo", status=400, description="Bad Request")

    with pytest.raises(ZaloClientError):
        await zalo_client.get_webhook_info()


async def test_token_absent_from_error_and_logs_when_network_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # the CLI's logging setup quiets it
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    token = "1234567890123456789:sEcReTtOkEnThAtMuStNeVeRlEaK0123456"
    client = ZaloClient(SecretStr(token), base_url=f"http://127.0.0.1:{port}")

    with pytest.raises(ZaloError) as caught:
        await client.get_me()
    await client.aclose()

    assert (token in str(caught.value), token in repr(caught.value)) == (False, False)
    assert caught.value.__suppress_context__ is True
    assert token not in caplog.text


async def test_token_absent_from_httpx_request_log(
    fake_zalo: FakeZaloApi, zalo_client: ZaloClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # the CLI's logging setup quiets it

    await zalo_client.get_me()

    assert "HTTP Request" in caplog.text
    assert fake_zalo.token not in caplog.text


def test_parse_updates_reads_bare_and_wrapped_bodies() -> None:
    update = {
        "event_name": "message.text.received",
        "message": {
            "message_id": "m-1",
            "date": 1764460800000,
            "chat": {"id": "c-1", "chat_type": "PRIVATE"},
            "from": {"id": "u-1", "name": "Lan", "is_bot": False},
            "text": "chào",
        },
    }

    bare, wrapped = parse_updates(update), parse_updates({"ok": True, "result": update})

    assert bare == wrapped
    assert bare[0].message is not None and bare[0].message.sender.shown_name == "Lan"
