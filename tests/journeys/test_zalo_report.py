"""Issue 6 over the fake Zalo Bot API, in polling and in webhook mode.

An invited official asks about the plan, registers by typing the code (Zalo has no deep links),
completes `bao-cao-quy` by typing numbers for the numbered options and values, and gets the
receipt; updates the platform delivers again get no second reply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.app import create_app
from bot.channels.zalo import WEBHOOK_PATH, ZaloChannel
from bot.config import Settings
from handlers import Services, texts
from storage.db import session_scope
from storage.models import Answer, SurveyResponse
from tests.conftest import FakeClock
from tests.fakes.server import ThreadedServer
from tests.fakes.zalo_api import FakeZaloApi
from tests.journeys.conftest import UNIT_NAME, count, create_invite_code
from tests.zalo.conftest import ChannelFactory, eventually

CHAT = "zalo-official-1"
QUESTION = "Ai điều phối Mạng lưới chuyển đổi số tỉnh?"
SECRET = "journey-webhook-secret-0123"


class ZaloUser:
    """One official typing to the bot; each message waits until the channel handled it."""

    def __init__(self, fake: FakeZaloApi, processed: Callable[[], int]) -> None:
        self.fake = fake
        self.processed = processed
        self.updates: list[dict[str, Any]] = []

    async def say(self, text: str) -> str:
        """Type one message; returns the replies' text joined by blank lines."""
        sent, handled = len(self.fake.texts_to(CHAT)), self.processed()
        self.updates.append(self.fake.push_text(CHAT, text))
        await eventually(lambda: self.processed() > handled)
        return "\n\n".join(self.fake.texts_to(CHAT)[sent:])


async def report_by_typing(user: ZaloUser, code: str) -> dict[str, str]:
    """The whole journey; returns the replies worth checking."""
    replies = {"answer": await user.say(QUESTION), "accepted": await user.say(code)}
    replies["agreed"] = await user.say("1")  # 1. Đồng ý
    await user.say("Nguyễn Thị Hoa")
    replies["onboarded"] = await user.say("Chủ tịch UBND xã")
    replies["intro"] = await user.say("/baocao")
    await user.say("1")  # 1. Có
    for value in ("12", "5", "62,5", "40"):
        await user.say(value)
    await user.say("3")  # 3. Hai đến ba buổi
    await user.say("Thiếu cán bộ chuyên trách")
    replies["summary"] = await user.say("2")  # 2. Bỏ qua
    replies["receipt"] = await user.say("1")  # 1. Gửi báo cáo
    return replies


def assert_reported(replies: dict[str, str]) -> None:
    assert "(Kế hoạch 87/KH-UBND, mục " in replies["answer"]
    assert replies["accepted"].startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME) + "\n\n")
    assert "\n\n1. Đồng ý\n2. Không đồng ý\n" in replies["accepted"]
    assert replies["agreed"] == texts.ASK_NAME
    assert replies["onboarded"].startswith("Đã xác nhận: Nguyễn Thị Hoa, Chủ tịch UBND xã")
    assert "1. Có\n2. Không" in replies["intro"]
    assert "6. Giao ban Mạng lưới CĐS: Hai đến ba buổi" in replies["summary"]
    assert "8. Đề xuất, kiến nghị: (bỏ qua)" in replies["summary"]
    assert "1. Gửi báo cáo" in replies["summary"]
    assert replies["receipt"].startswith(f"Đã nhận báo cáo quý IV/2026 của {UNIT_NAME} lúc 09:00")


async def submitted_answers(engine: AsyncEngine) -> tuple[list[str], int]:
    """The statuses of every response and how many answers are stored."""
    async with session_scope(engine) as session:
        statuses = [r.status for r in (await session.exec(select(SurveyResponse))).all()]
    return statuses, await count(engine, Answer)


async def test_official_reports_over_polling_and_replay_gets_no_second_reply(
    fake_zalo: FakeZaloApi,
    make_channel: ChannelFactory,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    code = await create_invite_code(settings)
    channel = make_channel()
    await channel.start()
    user = ZaloUser(fake_zalo, lambda: channel.processed)

    replies = await report_by_typing(user, code)
    sent, handled = len(fake_zalo.sent), channel.processed
    replayed = fake_zalo.replay_consumed()
    await eventually(lambda: channel.processed == handled + replayed)

    assert_reported(replies)
    assert replayed == len(user.updates)
    assert len(fake_zalo.sent) == sent
    assert await submitted_answers(sqlite_engine) == (
        ["submitted"],
        8,
    )  # the skipped câu 8 is stored as empty


@pytest.fixture
def webhook_app(
    fake_zalo: FakeZaloApi, settings: Settings, services: Services, clock: FakeClock
) -> Iterator[FastAPI]:
    """The whole app in Zalo webhook mode on a real port, registered with the fake."""
    server = ThreadedServer(lifespan="on")
    app_settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=settings.database_url,
        kb_dir=settings.kb_dir,
        invite_pepper=settings.invite_pepper,
        zalo_bot_token=fake_zalo.token,
        zalo_mode="webhook",
        zalo_webhook_url=server.url + WEBHOOK_PATH,
        zalo_webhook_secret=SECRET,
        zalo_api_base=fake_zalo.base_url,
    )
    app = create_app(app_settings, services=services, clock=clock)
    with server.serve(app):
        yield app


async def test_official_reports_over_webhook_and_redelivery_gets_no_second_reply(
    fake_zalo: FakeZaloApi, webhook_app: FastAPI, settings: Settings, sqlite_engine: AsyncEngine
) -> None:
    code = await create_invite_code(settings)
    (channel,) = webhook_app.state.runners
    assert isinstance(channel, ZaloChannel)
    user = ZaloUser(fake_zalo, lambda: channel.processed)

    replies = await report_by_typing(user, code)
    sent, handled = len(fake_zalo.sent), channel.processed
    statuses = [fake_zalo.deliver(update) for update in user.updates]
    await eventually(lambda: channel.processed == handled + len(user.updates))

    assert_reported(replies)
    assert set(statuses) == {200}
    assert len(fake_zalo.sent) == sent
    assert await submitted_answers(sqlite_engine) == (
        ["submitted"],
        8,
    )  # the skipped câu 8 is stored as empty
