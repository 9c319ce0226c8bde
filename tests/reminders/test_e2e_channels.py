"""Reminders end to end: planner and sender over the REAL channels, real HTTP, the shared fakes.

The planner runs on a controllable clock (`now=`); sends go through `TelegramChannel.send`
(python-telegram-bot) to `tests/fakes/telegram_api.py` and through `ZaloChannel.send` to
`tests/fakes/zalo_api.py`; the user's answer comes back through the same channel, polling.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import pytest
import uvicorn
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select
from typer.testing import CliRunner

from bot.app import create_app
from bot.assistant import Assistant
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel
from bot.cli.main import app as cli_app
from bot.config import Settings
from handlers import Services
from knowledge.surveys import load_definitions
from scheduler.delivery import Deliver
from scheduler.limiter import RateLimiter
from scheduler.planner import plan_due
from scheduler.sender import send_due
from storage.db import session_scope
from storage.models import Deadline, Identity, Unit
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.zalo_api import FakeZaloApi
from tests.reminders.conftest import (
    POLICY,
    ZONE,
    add_person,
    add_report_deadline,
    outbox_rows,
    seed_people,
    utc,
)
from tests.zalo.conftest import eventually, fast_config

T7 = utc(2026, 12, 8, 1, 0)  # 08:00 local, 7 days before 15/12/2026
T3 = utc(2026, 12, 12, 1, 0)
REPORT_KEY = "rm:report:bao-cao-quy"
FIRST_QUESTION = "Câu 1/8 (mục II.1.b)"


async def _plan(engine: AsyncEngine, now: datetime, *channels: str) -> int:
    async with session_scope(engine) as session:
        return await plan_due(
            session,
            now=now,
            policy=POLICY,
            zone=ZONE,
            channels=channels,
            surveys=load_definitions(),
        )


async def _send(engine: AsyncEngine, channel: Deliver, name: str, now: datetime) -> int:
    return await send_due(engine, deliverers={name: channel}, clock=FakeClock(now))


async def _identity(engine: AsyncEngine, channel: str, chat: str) -> Identity:
    async with session_scope(engine) as session:
        statement = select(Identity).where(Identity.channel == channel, Identity.chat_id == chat)
        return (await session.exec(statement)).one()


# --- Telegram ---------------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeTelegramApi]:
    with FakeTelegramApi() as api:
        yield api


@pytest.fixture
async def telegram(fake: FakeTelegramApi, assistant: Assistant) -> AsyncIterator[TelegramChannel]:
    """A started polling channel; 2 msg/s overall keeps the second send behind a 429."""
    channel = TelegramChannel(
        token=SecretStr(fake.token),
        assistant=assistant,
        limiter=RateLimiter(rate=2, per_chat_interval=0),
        api_base=fake.base_url,
        poll_timeout=1,
    )
    await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()


@pytest.fixture
async def deadline(sqlite_engine: AsyncEngine, clock: FakeClock) -> Deadline:
    await seed_people(sqlite_engine)  # chats 101 (commune), 102 (ward), 900 (admin)
    clock.now = T7
    return await add_report_deadline(sqlite_engine)


async def test_telegram_reminder_arrives_with_report_and_mute_buttons(
    sqlite_engine: AsyncEngine,
    fake: FakeTelegramApi,
    telegram: TelegramChannel,
    deadline: Deadline,
) -> None:
    await _plan(sqlite_engine, T7, "telegram")

    sent = await _send(sqlite_engine, telegram, "telegram", T7)

    message = fake.sent_to(101)[0]
    assert (sent, sorted(str(m.chat_id) for m in fake.sent)) == (2, ["101", "102"])
    assert message.text.startswith("⏰ Nhắc việc: Báo cáo định kỳ kết quả thực hiện Kế hoạch")
    assert message.buttons() == [
        ("Báo cáo ngay", REPORT_KEY),
        ("Tắt nhắc việc này", f"rm:mute:{deadline.id}"),
    ]


async def test_pressing_report_now_on_telegram_opens_the_first_question(
    sqlite_engine: AsyncEngine,
    fake: FakeTelegramApi,
    telegram: TelegramChannel,
    deadline: Deadline,
) -> None:
    await _plan(sqlite_engine, T7, "telegram")
    await _send(sqlite_engine, telegram, "telegram", T7)

    fake.push_callback(chat_id=101, data=REPORT_KEY)
    await fake.wait_for(
        lambda: any(FIRST_QUESTION in m.text for m in fake.sent_to(101)), what="question 1"
    )

    last = fake.sent_to(101)[-1]
    assert fake.answered_callbacks != []
    assert [key for _, key in last.buttons()] == ["sv:a:co", "sv:a:khong"]


async def test_telegram_429_holds_sends_for_retry_after_then_delivers_once(
    sqlite_engine: AsyncEngine,
    fake: FakeTelegramApi,
    telegram: TelegramChannel,
    deadline: Deadline,
) -> None:
    await _plan(sqlite_engine, T7, "telegram")
    fake.fail_next("sendMessage", status=429, retry_after=1, chat_id=101)

    first = await _send(sqlite_engine, telegram, "telegram", T7)
    waiting = next(r for r in await outbox_rows(sqlite_engine) if r.chat_id == "101")
    waiting_state = (waiting.status, waiting.attempts, waiting.next_attempt_at)
    later = await _send(sqlite_engine, telegram, "telegram", T7 + timedelta(seconds=1))

    refused_at = fake.calls_of("sendMessage")[0].monotonic
    accepted = sorted(m.monotonic - refused_at for m in fake.sent)
    row = next(r for r in await outbox_rows(sqlite_engine) if r.chat_id == "101")
    assert (first, later, waiting_state) == (1, 1, ("queued", 0, T7 + timedelta(seconds=1)))
    assert len(accepted) == 2
    assert accepted[0] >= 1.0  # the channel's limiter held every send for retry_after
    assert (row.status, row.attempts, len(fake.sent_to(101))) == ("sent", 1, 1)


async def test_telegram_403_blocks_the_identity_and_the_row(
    sqlite_engine: AsyncEngine,
    fake: FakeTelegramApi,
    telegram: TelegramChannel,
    deadline: Deadline,
) -> None:
    await _plan(sqlite_engine, T7, "telegram")
    fake.fail_next("sendMessage", status=403, chat_id=101)

    await _send(sqlite_engine, telegram, "telegram", T7)
    await _plan(sqlite_engine, T3, "telegram")
    await _send(sqlite_engine, telegram, "telegram", T3)

    rows = [(r.chat_id, r.step, r.status) for r in await outbox_rows(sqlite_engine)]
    identity = await _identity(sqlite_engine, "telegram", "101")
    assert identity.blocked is True
    assert ("101", "T-7d", "blocked") in rows
    assert [call.params["chat_id"] for call in fake.calls_of("sendMessage")].count(101) == 1


async def test_blocked_identity_that_writes_again_gets_the_next_reminder(
    sqlite_engine: AsyncEngine,
    fake: FakeTelegramApi,
    telegram: TelegramChannel,
    deadline: Deadline,
    clock: FakeClock,
) -> None:
    await _plan(sqlite_engine, T7, "telegram")
    fake.fail_next("sendMessage", status=403, chat_id=101)
    await _send(sqlite_engine, telegram, "telegram", T7)
    blocked = (await _identity(sqlite_engine, "telegram", "101")).blocked

    clock.now = T7 + timedelta(days=1)
    fake.push_text(chat_id=101, text="/nhacviec")
    await fake.wait_for(lambda: len(fake.sent_to(101)) == 1, what="the reply")
    unblocked = not (await _identity(sqlite_engine, "telegram", "101")).blocked
    await _plan(sqlite_engine, T3, "telegram")
    await _send(sqlite_engine, telegram, "telegram", T3)

    texts = [m.text for m in fake.sent_to(101)]
    assert (blocked, unblocked, len(texts)) == (True, True, 2)
    assert texts[1].startswith("⏰ Nhắc việc:")
    assert "còn 3 ngày" in texts[1]


# --- Zalo -------------------------------------------------------------------------------

ZALO_COMMUNE = "zalo-chat-101"
ZALO_WARD = "zalo-chat-102"


@pytest.fixture
def fake_zalo() -> Iterator[FakeZaloApi]:
    with FakeZaloApi() as api:
        yield api


async def _zalo_people(engine: AsyncEngine, fake_zalo: FakeZaloApi) -> None:
    async with session_scope(engine) as session:
        commune = Unit(code="21100", name="Xã Bình Sơn", kind="commune")
        ward = Unit(code="21200", name="Phường Cẩm Thành", kind="ward")
        session.add_all([commune, ward])
    await add_person(engine, commune, chat=ZALO_COMMUNE, channel="zalo")
    await add_person(engine, ward, chat=ZALO_WARD, channel="zalo")
    for chat in (ZALO_COMMUNE, ZALO_WARD):
        fake_zalo.add_chat(chat)  # both talked to the bot before


async def _zalo(fake_zalo: FakeZaloApi, assistant: Assistant, **overrides: object) -> ZaloChannel:
    channel = ZaloChannel(fast_config(fake_zalo, **overrides), assistant=assistant)
    await channel.start()
    return channel


@pytest.fixture
async def zalo_deadline(
    sqlite_engine: AsyncEngine, fake_zalo: FakeZaloApi, clock: FakeClock
) -> Deadline:
    await _zalo_people(sqlite_engine, fake_zalo)
    clock.now = T7
    return await add_report_deadline(sqlite_engine)


async def test_zalo_reminder_is_a_numbered_list_and_typing_1_opens_the_report(
    sqlite_engine: AsyncEngine,
    fake_zalo: FakeZaloApi,
    assistant: Assistant,
    zalo_deadline: Deadline,
) -> None:
    channel = await _zalo(fake_zalo, assistant)
    try:
        await _plan(sqlite_engine, T7, "zalo")
        sent = await _send(sqlite_engine, channel, "zalo", T7)
        reminder = fake_zalo.texts_to(ZALO_COMMUNE)[0]

        fake_zalo.push_text(ZALO_COMMUNE, "1")
        await eventually(
            lambda: any(FIRST_QUESTION in t for t in fake_zalo.texts_to(ZALO_COMMUNE))
        )
    finally:
        await channel.stop()

    assert sent == 2
    assert reminder.startswith("⏰ Nhắc việc: Báo cáo định kỳ kết quả thực hiện Kế hoạch")
    assert reminder.endswith("\n\n1. Báo cáo ngay\n2. Tắt nhắc việc này\n(Gõ số thứ tự để chọn.)")


async def test_zalo_quota_spent_keeps_the_reminder_queued_until_next_month(
    sqlite_engine: AsyncEngine,
    fake_zalo: FakeZaloApi,
    assistant: Assistant,
    zalo_deadline: Deadline,
    sqlite_url: str,
    clock: FakeClock,
) -> None:
    next_month = utc(2026, 12, 31, 17, 0)  # 1/1/2027 00:00 local
    channel = await _zalo(fake_zalo, assistant, monthly_quota=1)
    try:
        await _plan(sqlite_engine, T7, "zalo")
        first = await _send(sqlite_engine, channel, "zalo", T7)
        rows = await outbox_rows(sqlite_engine)
        queued = [(r.status, r.attempts, r.next_attempt_at) for r in rows if r.status == "queued"]
        later = await _send(sqlite_engine, channel, "zalo", T7 + timedelta(days=10))
        status = await asyncio.to_thread(
            CliRunner().invoke,
            cli_app,
            ["outbox", "status", "--json"],
            env={"DATABASE_URL": sqlite_url},
        )
        clock.now = next_month  # the quota's month turns
        turned = await _send(sqlite_engine, channel, "zalo", next_month)
    finally:
        await channel.stop()

    counts = json.loads(status.stdout)
    assert (first, later, turned) == (1, 0, 1)
    assert queued == [("queued", 0, next_month)]
    assert [(row["queued"], row["sent"], row["failed"]) for row in counts] == [(1, 1, 0)]
    assert sorted(sent.chat_id for sent in fake_zalo.sent) == [ZALO_COMMUNE, ZALO_WARD]


# --- the app ----------------------------------------------------------------------------


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


async def test_app_lifespan_runs_the_scheduler_which_sends_due_reminders(
    sqlite_engine: AsyncEngine,
    fake: FakeTelegramApi,
    settings: Settings,
    services: Services,
    clock: FakeClock,
) -> None:
    await seed_people(sqlite_engine)
    clock.now = T7  # the plan's quarterly report and yearly training are due on 15/12
    app_settings = settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(fake.token),
            "telegram_api_base": fake.base_url,
            "telegram_per_chat_interval": 0.0,
            "reminder_tick_seconds": 1,
        }
    )
    app = create_app(app_settings, services=services, clock=clock)
    sock = _free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        await fake.wait_sent(5, timeout=10)
        # Settling follows the sends in its own transaction; on a loaded machine it can lag.
        for _ in range(200):
            rows = await outbox_rows(sqlite_engine)
            if {row.status for row in rows} == {"sent"}:
                break
            await asyncio.sleep(0.05)
    finally:
        server.should_exit = True
        await task
        sock.close()

    chats = sorted(str(m.chat_id) for m in fake.sent)
    rows = await outbox_rows(sqlite_engine)
    assert chats == ["101", "101", "102", "102", "900"]
    assert {row.status for row in rows} == {"sent"}
