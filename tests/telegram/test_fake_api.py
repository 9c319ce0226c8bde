"""The fake Bot API keeps Telegram's rules, so tests against it mean something."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.fakes.telegram_api import FakeTelegramApi


@pytest.fixture
async def api(fake: FakeTelegramApi) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{fake.base_url}/bot{fake.token}", timeout=5) as c:
        yield c


async def test_form_and_json_bodies_are_both_accepted(
    fake: FakeTelegramApi, api: httpx.AsyncClient
) -> None:
    markup = {"inline_keyboard": [[{"text": "Đồng ý", "callback_data": "ok"}]]}

    form = await api.post(
        "/sendMessage", data={"chat_id": "1", "text": "a", "reply_markup": json.dumps(markup)}
    )
    body = await api.post("/sendMessage", json={"chat_id": 1, "text": "b", "reply_markup": markup})

    assert (form.json()["ok"], body.json()["ok"]) == (True, True)
    assert [m.reply_markup for m in fake.sent] == [markup, markup]


async def test_too_long_text_is_a_bad_request(api: httpx.AsyncClient) -> None:
    response = await api.post("/sendMessage", json={"chat_id": 1, "text": "x" * 4097})

    assert (response.status_code, response.json()["description"]) == (
        400,
        "Bad Request: message is too long",
    )


async def test_long_callback_data_is_a_bad_request(api: httpx.AsyncClient) -> None:
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "ư" * 33}]]}

    response = await api.post(
        "/sendMessage", json={"chat_id": 1, "text": "a", "reply_markup": markup}
    )

    assert response.json()["description"] == "Bad Request: BUTTON_DATA_INVALID"


async def test_get_updates_conflicts_while_webhook_set(api: httpx.AsyncClient) -> None:
    await api.post("/setWebhook", data={"url": "http://127.0.0.1:9/hook"})

    response = await api.post("/getUpdates", data={"timeout": "0"})

    assert response.status_code == 409


async def test_get_updates_offset_confirms_earlier_updates(
    fake: FakeTelegramApi, api: httpx.AsyncClient
) -> None:
    first = fake.push_text(chat_id=1, text="một")
    second = fake.push_text(chat_id=1, text="hai")

    response = await api.post("/getUpdates", data={"offset": str(first["update_id"] + 1)})

    assert [u["update_id"] for u in response.json()["result"]] == [second["update_id"]]


async def test_long_poll_returns_when_an_update_arrives(
    fake: FakeTelegramApi, api: httpx.AsyncClient
) -> None:
    poll = asyncio.create_task(api.post("/getUpdates", data={"timeout": "30"}, timeout=35))
    await fake.wait_for(lambda: fake.polls_waiting == 1, what="the long poll")

    fake.push_text(chat_id=1, text="chào")
    response = await asyncio.wait_for(poll, 5)

    assert [u["message"]["text"] for u in response.json()["result"]] == ["chào"]


async def test_injected_429_carries_retry_after(
    fake: FakeTelegramApi, api: httpx.AsyncClient
) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=3)

    failed = await api.post("/sendMessage", json={"chat_id": 1, "text": "a"})
    passed = await api.post("/sendMessage", json={"chat_id": 1, "text": "a"})

    assert (failed.status_code, failed.json()["parameters"]) == (429, {"retry_after": 3})
    assert passed.status_code == 200


async def test_enforced_per_chat_rate_answers_429(
    fake: FakeTelegramApi, api: httpx.AsyncClient
) -> None:
    fake.enforce_rate(per_chat_per_sec=1, retry_after=1)

    first = await api.post("/sendMessage", json={"chat_id": 1, "text": "a"})
    other_chat = await api.post("/sendMessage", json={"chat_id": 2, "text": "a"})
    again = await api.post("/sendMessage", json={"chat_id": 1, "text": "a"})

    assert [r.status_code for r in (first, other_chat, again)] == [200, 200, 429]
    assert len(fake.send_times(1)) == 1


async def test_wrong_token_is_unauthorized(fake: FakeTelegramApi) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.post(f"{fake.base_url}/bot1:wrong/getMe")

    assert (response.status_code, response.json()["ok"]) == (401, False)
