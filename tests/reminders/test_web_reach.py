"""Reminders reach officials who use only the web chat: the real scheduler tick (no Telegram or
Zalo running) queues them in the web chat, the real endpoint (`POST /api/inbox`, what the page
asks on load and every minute) shows them once, as of the day it is opened, and never after
the unit reported; the tick settles the ones nobody opened in time. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services
from knowledge.surveys import load_definitions
from scheduler.jobs import WAITING_CHECK_EVERY, Tick
from storage import outbox
from storage.db import session_scope
from storage.models import Outbox, Unit
from tests.conftest import FakeClock
from tests.reminders.conftest import POLICY, ZONE, add_person, outbox_rows, submit, utc
from tests.web.webchat import web_app

MEMBER = "member-web-0123456"
ADMIN = "admin-web-01234567"
REPORT_MISSING = "Đơn vị của bạn chưa gửi báo cáo quý IV/2026."


@dataclass
class Deployment:
    """The web app and the scheduler tick of one deployment without Telegram or Zalo."""

    app: FastAPI
    tick: Tick
    clock: FakeClock
    engine: AsyncEngine
    commune: Unit

    async def inbox(self, session: str) -> list[str]:
        """What the web page gets when it opens (or polls): the waiting messages' text."""
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            response = await client.post("/api/inbox", json={"session": session, "text": ""})
        response.raise_for_status()
        return [str(reply["text"]) for reply in response.json()["replies"]]

    async def rows(self, chat: str) -> list[Outbox]:
        return [r for r in await outbox_rows(self.engine) if r.chat_id == chat]


@pytest.fixture
async def deployment(
    engine: AsyncEngine, services: Services, tmp_path: Path
) -> AsyncIterator[Deployment]:
    """A commune whose one official uses only the web chat, and a web-only admin, at 08:00
    local on Tuesday 8/12/2026: a week before the plan's quarterly report is due."""
    async with session_scope(engine) as session:
        commune = Unit(code="21100", name="Xã Bình Sơn", kind="commune")
        department = Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department")
        session.add_all([commune, department])
    await add_person(engine, commune, chat=MEMBER, channel="web")
    await add_person(engine, department, chat=ADMIN, channel="web", role="admin")
    clock = FakeClock(utc(2026, 12, 8, 1, 0))
    tick = Tick(
        engine=engine,
        policy=POLICY,
        zone=ZONE,
        deliverers={},
        surveys=load_definitions(),
        clock=clock,
    )
    try:
        yield Deployment(web_app(engine, services, clock, tmp_path), tick, clock, engine, commune)
    finally:
        if tick.leadership is not None:
            await tick.leadership.release()


def _quarterly(texts: list[str]) -> list[str]:
    return [text for text in texts if "Báo cáo định kỳ" in text]


async def test_reminder_waits_in_web_chat_and_is_shown_once_when_opened(
    deployment: Deployment,
) -> None:
    pushed = await deployment.tick.run()

    waiting = [r.status for r in await deployment.rows(MEMBER)]
    shown = await deployment.inbox(MEMBER)
    again = await deployment.inbox(MEMBER)

    assert (pushed, waiting) == (0, ["queued", "queued"])  # the report and the training
    assert len(_quarterly(shown)) == 1 and REPORT_MISSING in _quarterly(shown)[0]
    assert len(shown) == 2
    assert again == []
    assert [r.status for r in await deployment.rows(MEMBER)] == ["sent", "sent"]


async def test_replanning_after_a_restart_writes_no_second_web_reminder(
    deployment: Deployment,
) -> None:
    await deployment.tick.run()
    await deployment.inbox(MEMBER)
    restarted = Tick(
        engine=deployment.engine,
        policy=POLICY,
        zone=ZONE,
        deliverers={},
        surveys=load_definitions(),
        clock=deployment.clock,
    )
    deployment.clock.now += timedelta(minutes=5)

    try:
        await restarted.run()
    finally:
        if restarted.leadership is not None:
            await restarted.leadership.release()

    assert await deployment.inbox(MEMBER) == []
    assert len(await deployment.rows(MEMBER)) == 2


async def test_reminder_is_not_shown_when_the_unit_reported_before_opening(
    deployment: Deployment,
) -> None:
    await deployment.tick.run()
    await submit(deployment.engine, deployment.commune)

    shown = await deployment.inbox(MEMBER)

    assert _quarterly(shown) == []
    assert not any("chưa gửi báo cáo" in text for text in shown)
    quarterly = [r for r in await deployment.rows(MEMBER) if "Báo cáo định kỳ" in r.text]
    assert [(r.status, r.last_error) for r in quarterly] == [("skipped", "submitted")]


async def test_days_left_are_counted_from_the_day_the_chat_is_opened(
    deployment: Deployment,
) -> None:
    await deployment.tick.run()  # Tuesday 8/12: «còn 7 ngày»
    deployment.clock.now = utc(2026, 12, 10, 2, 0)  # Thursday 10/12, 09:00 local

    shown = _quarterly(await deployment.inbox(MEMBER))

    assert len(shown) == 1
    assert "Hạn: Thứ Ba, 15/12/2026 — còn 5 ngày." in shown[0]


async def test_tick_skips_reminder_of_a_unit_that_reported_without_opening_the_chat(
    deployment: Deployment,
) -> None:
    await deployment.tick.run()
    await submit(deployment.engine, deployment.commune)
    deployment.clock.now += WAITING_CHECK_EVERY + timedelta(seconds=1)

    await deployment.tick.run()

    quarterly = [r for r in await deployment.rows(MEMBER) if "Báo cáo định kỳ" in r.text]
    assert [(r.status, r.last_error) for r in quarterly] == [("skipped", "submitted")]


async def test_tick_expires_a_reminder_nobody_opened_in_seven_days(
    deployment: Deployment,
) -> None:
    deployment.clock.now = utc(2026, 12, 22, 1, 0)  # T+7d, the last reminder of the period
    await deployment.tick.run()
    queued = [(r.step, r.status) for r in await deployment.rows(MEMBER) if r.status == "queued"]
    deployment.clock.now += outbox.PULL_REMINDER_MAX_AGE + timedelta(minutes=1)

    await deployment.tick.run()

    assert queued == [("T+7d", "queued")]
    rows = [r for r in await deployment.rows(MEMBER) if r.step == "T+7d"]
    assert [(r.status, r.last_error) for r in rows] == [("expired", "not opened in time")]
    assert await deployment.inbox(MEMBER) == []


async def test_outbox_counts_a_web_reminder_as_waiting_until_opened_then_sent(
    deployment: Deployment,
) -> None:
    await deployment.tick.run()
    async with session_scope(deployment.engine) as session:
        before = (await outbox.status_counts(session))["deadline:bao-cao-quy"]

    await deployment.inbox(MEMBER)

    async with session_scope(deployment.engine) as session:
        after = (await outbox.status_counts(session))["deadline:bao-cao-quy"]
    assert (before, after) == ({"waiting": 1}, {"sent": 1})
