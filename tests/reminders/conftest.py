"""Reminder fixtures: a few units and officials, a virtual-time limiter, a recording channel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from handlers.messages import Reply
from scheduler.limiter import RateLimiter
from scheduler.policy import ReminderPolicy
from storage import reminders as store
from storage.db import session_scope
from storage.models import (
    Conversation,
    Deadline,
    Identity,
    Official,
    Outbox,
    SurveyResponse,
    Unit,
)
from tests.fakes.bot_api import TOKEN, FakeBotApi, serve
from tests.reminders.http_deliver import HttpDeliver

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
POLICY = ReminderPolicy()
SURVEY = "bao-cao-quy"
PERIOD = "2026-Q4"
DUE = date(2026, 12, 15)  # a Tuesday
CHANNELS = ("telegram",)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


class VirtualTime:
    """A monotonic clock that sleeping moves forward (no real waiting)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class RecordingDeliver:
    """A channel that accepts everything and remembers it (with the virtual send time).

    Like the real channels it owns its rate limiter and waits on it before each send.
    """

    def __init__(
        self, time: VirtualTime | None = None, limiter: RateLimiter | None = None
    ) -> None:
        self.sent: list[tuple[str, Reply]] = []
        self.times: list[float] = []
        self._time = time or VirtualTime()
        self.limiter = limiter or virtual_limiter(self._time)

    async def send(self, chat_id: str, reply: Reply) -> None:
        await self.limiter.wait(chat_id)
        self.sent.append((chat_id, reply))
        self.times.append(self._time.now)

    def chats(self) -> list[str]:
        return [chat for chat, _ in self.sent]


@dataclass
class People:
    commune: Unit
    ward: Unit
    department: Unit
    member: Official  # of the commune
    ward_member: Official
    admin: Official  # of the department
    member_chat: str = "101"
    ward_chat: str = "102"
    admin_chat: str = "900"


async def add_person(
    engine: AsyncEngine, unit: Unit, *, chat: str, role: str = "member", channel: str = "telegram"
) -> Official:
    async with session_scope(engine) as session:
        official = Official(unit_id=unit.id, full_name=f"Cán bộ {chat}", role=role)
        session.add(official)
        await session.flush()
        session.add(
            Identity(channel=channel, external_id=chat, chat_id=chat, official_id=official.id)
        )
    return official


async def seed_people(engine: AsyncEngine) -> People:
    async with session_scope(engine) as session:
        commune = Unit(code="21100", name="Xã Bình Sơn", kind="commune")
        ward = Unit(code="21200", name="Phường Cẩm Thành", kind="ward")
        department = Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department")
        session.add_all([commune, ward, department])
    member = await add_person(engine, commune, chat="101")
    ward_member = await add_person(engine, ward, chat="102")
    admin = await add_person(engine, department, chat="900", role="admin")
    return People(commune, ward, department, member, ward_member, admin)


async def add_report_deadline(engine: AsyncEngine, **overrides: object) -> Deadline:
    values: dict[str, object] = {
        "title": "Báo cáo định kỳ kết quả thực hiện Kế hoạch",
        "due_on": DUE,
        "audience": "communes",
        "every": "quarter",
        "section": "IV.1.d",
        "survey_id": SURVEY,
    } | overrides
    async with session_scope(engine) as session:
        return await store.add_deadline(session, now=utc(2026, 11, 1), **values)  # type: ignore[arg-type]


async def submit(engine: AsyncEngine, unit: Unit, *, period: str = PERIOD) -> None:
    async with session_scope(engine) as session:
        session.add(
            SurveyResponse(
                survey_id=SURVEY,
                period=period,
                unit_id=unit.id,
                status="submitted",
                submitted_at=utc(2026, 12, 1),
            )
        )


async def set_state(engine: AsyncEngine, chat: str, state: str) -> None:
    async with session_scope(engine) as session:
        row = (
            await session.exec(select(Conversation).where(Conversation.chat_id == chat))
        ).first() or Conversation(channel="telegram", chat_id=chat)
        row.state = state
        session.add(row)


async def outbox_rows(engine: AsyncEngine) -> list[Outbox]:
    async with session_scope(engine) as session:
        return list((await session.exec(select(Outbox).order_by(Outbox.id))).all())


@pytest.fixture
async def people(engine: AsyncEngine) -> People:
    return await seed_people(engine)


@pytest.fixture
def vtime() -> VirtualTime:
    return VirtualTime()


def virtual_limiter(time: VirtualTime, *, rate: float = 25) -> RateLimiter:
    """Telegram-like pacing (1 msg/s per chat) on virtual time."""
    return RateLimiter(rate=rate, per_chat_interval=1.0, clock=time.clock, sleep=time.sleep)


@pytest.fixture
def recorder(vtime: VirtualTime) -> RecordingDeliver:
    return RecordingDeliver(vtime)


@pytest.fixture
def bot_api() -> Iterator[tuple[FakeBotApi, str]]:
    api = FakeBotApi()
    with serve(api) as base_url:
        yield api, base_url


@pytest.fixture
async def http_deliver(
    bot_api: tuple[FakeBotApi, str], vtime: VirtualTime
) -> AsyncIterator[HttpDeliver]:
    """A Bot API deliverer paced on virtual time (pacing is not what these tests check)."""
    async with httpx.AsyncClient() as client:
        yield HttpDeliver(
            base_url=bot_api[1], token=TOKEN, client=client, limiter=virtual_limiter(vtime)
        )
