"""A start without any token: deadlines loaded, reminders planned; web-only officials get them
when they open the web chat, and `/tiendo` says whose are still waiting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import create_app
from bot.config import Settings
from handlers import Services, texts
from storage.db import make_engine, session_scope
from storage.models import Unit
from tests.conftest import FakeClock
from tests.reminders.conftest import add_person, outbox_rows
from tests.web.conftest import ServerThread

MEMBER_SESSION = "member0123456789"
ADMIN_SESSION = "admin0123456789a"


async def _seed(url: str) -> None:
    """A commune with a web-only member and a department with a web-only admin."""
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            commune = Unit(code="21100", name="Xã Bình Sơn", kind="commune")
            department = Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department")
            session.add_all([commune, department])
        await add_person(engine, commune, chat=MEMBER_SESSION, channel="web")
        await add_person(engine, department, chat=ADMIN_SESSION, channel="web", role="admin")
    finally:
        await engine.dispose()


def _server(settings: Settings, services: Services, now: datetime) -> ServerThread:
    asyncio.run(_seed(settings.database_url))
    tick = settings.model_copy(update={"reminder_tick_seconds": 1})
    return ServerThread(create_app(tick, services=services, clock=FakeClock(now)))


def _say(server: ServerThread, session: str, text: str) -> str:
    response = httpx.post(
        server.url + "/api/chat", json={"session": session, "text": text}, timeout=30
    )
    response.raise_for_status()
    return "\n".join(reply["text"] for reply in response.json()["replies"])


async def _statuses(url: str) -> list[tuple[str, str, str]]:
    engine: AsyncEngine = make_engine(url)
    try:
        return sorted((r.chat_id, r.channel, r.status) for r in await outbox_rows(engine))
    finally:
        await engine.dispose()


def _wait_planned(url: str, *, within: float = 20.0) -> list[tuple[str, str, str]]:
    deadline = time.monotonic() + within
    while not (found := asyncio.run(_statuses(url))) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def _inbox(server: ServerThread, session: str) -> list[str]:
    response = httpx.post(
        server.url + "/api/inbox", json={"session": session, "text": ""}, timeout=30
    )
    response.raise_for_status()
    return [reply["text"] for reply in response.json()["replies"]]


@pytest.fixture
def at_t_minus_7(settings: Settings, services: Services) -> Iterator[ServerThread]:
    """09:00 local on Tuesday 8/12/2026, a week before the quarterly report is due."""
    with _server(settings, services, datetime(2026, 12, 8, 2, 0, tzinfo=UTC)) as server:
        yield server


def test_nhacviec_lists_quarterly_report_when_started_web_only(
    settings: Settings, services: Services
) -> None:
    with _server(settings, services, datetime(2026, 11, 30, 2, 0, tzinfo=UTC)) as server:
        reply = _say(server, MEMBER_SESSION, "/nhacviec")

    assert "Báo cáo định kỳ, đánh giá kết quả thực hiện Kế hoạch" in reply
    assert "15/12/2026" in reply
    assert texts.NO_DEADLINES not in reply


def test_web_only_officials_get_waiting_reminders_when_started_without_tokens(
    at_t_minus_7: ServerThread, settings: Settings
) -> None:
    found = _wait_planned(settings.database_url)

    # Both are owed reminders on 8/12 (the quarterly report; the yearly training, audience all):
    # queued in their web chat, none unreachable.
    assert found == [
        (ADMIN_SESSION, "web", "queued"),
        (MEMBER_SESSION, "web", "queued"),
        (MEMBER_SESSION, "web", "queued"),
    ]


def test_web_only_official_sees_reminders_once_when_opening_the_chat(
    at_t_minus_7: ServerThread, settings: Settings
) -> None:
    _wait_planned(settings.database_url)

    shown = _inbox(at_t_minus_7, MEMBER_SESSION)
    again = _inbox(at_t_minus_7, MEMBER_SESSION)

    assert len(shown) == 2
    assert any("Đơn vị của bạn chưa gửi báo cáo quý IV/2026." in text for text in shown)
    assert all("còn 7 ngày" in text for text in shown)
    assert again == []
    assert [s for _, _, s in asyncio.run(_statuses(settings.database_url))].count("sent") == 2


def test_tiendo_names_unit_waiting_for_web_chat_when_started_without_tokens(
    at_t_minus_7: ServerThread, settings: Settings
) -> None:
    _wait_planned(settings.database_url)

    before = _say(at_t_minus_7, ADMIN_SESSION, "/tiendo")
    _inbox(at_t_minus_7, MEMBER_SESSION)
    after = _say(at_t_minus_7, ADMIN_SESSION, "/tiendo")

    assert before.split(texts.PROGRESS_WAITING)[1].strip().splitlines()[0] == "• Xã Bình Sơn"
    assert texts.PROGRESS_UNREACHABLE not in before
    # Seen: the unit is still missing its report, but its reminder is no longer waiting.
    assert "• Xã Bình Sơn" in after
    assert texts.PROGRESS_WAITING not in after
