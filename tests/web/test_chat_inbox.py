"""The web chat page shows a message the office queued for it (a returned report) when it is
opened again, without the official typing anything; its button works. Headless Chromium."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.app import create_app
from bot.config import Settings
from handlers import Services, texts
from handlers.choices import REPORT
from storage.db import make_engine, session_scope
from storage.models import Identity, Official, Unit
from storage.review import notify_units
from tests.conftest import FakeClock
from tests.web.conftest import ServerThread

PHONE = {"width": 390, "height": 844}
NOTICE = "📝 Sở Khoa học và Công nghệ đã trả lại báo cáo để chỉnh sửa. Góp ý: kiểm tra câu 3."


async def _official_with_notice(url: str, session_id: str, now: Any) -> None:
    """Bind the page's session to an official of a commune and queue the office's message."""
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            unit = Unit(code="20725", name="Xã Bình Sơn", kind="commune")
            session.add(unit)
            await session.flush()
            official = Official(unit_id=unit.id, full_name="Trần Thị Bình", position="Công chức")
            session.add(official)
            await session.flush()
            # The greeting made the chat's account; registering binds it to the official.
            statement = select(Identity).where(
                Identity.channel == "web", Identity.external_id == session_id
            )
            identity = (await session.exec(statement)).one()
            identity.official_id = official.id
            session.add(identity)
            await session.flush()
            assert unit.id is not None
            await notify_units(
                session,
                unit_ids=[unit.id],
                key="review:test",
                source="review:test",
                kind="review",
                text=NOTICE,
                choices=[(REPORT + "bao-cao-quy", texts.CHOICE_FIX_REPORT)],
                channels=("telegram", "zalo", "web"),
                now=now,
            )
    finally:
        await engine.dispose()


@pytest.fixture
def server(settings: Settings, services: Services, clock: FakeClock) -> Iterator[ServerThread]:
    with ServerThread(create_app(settings, services=services, clock=clock)) as running:
        yield running


def test_page_shows_queued_message_on_load_and_its_button_works(
    browser: Any,
    server: ServerThread,
    settings: Settings,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 1")
    session_id = page.evaluate("localStorage.getItem('cds-session')")
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(
            asyncio.run, _official_with_notice(settings.database_url, session_id, clock.now)
        ).result()

    page.reload()  # the official opens the chat again later
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 2")
    shown = page.inner_text(".msg.bot:last-child")
    button = page.locator(".msg.bot:last-child .choices button")
    enabled = button.is_enabled()
    # The greeting's buttons stay live beside the new one: the assistant still takes them.
    greeting = page.locator(".msg.bot").first.locator("button")
    greeting_live = (
        greeting.count() > 0 and greeting.count() == greeting.locator(":scope:enabled").count()
    )
    page.screenshot(path=str(tmp_path / "inbox.png"), full_page=True)
    button.click()
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 4")
    opened = page.inner_text("#log")
    page.reload()
    page.wait_for_timeout(500)
    count_after_reload = page.evaluate("document.querySelectorAll('.msg.bot').length")
    context.close()

    assert NOTICE in shown and texts.CHOICE_FIX_REPORT in shown
    assert enabled and greeting_live
    assert "Câu 1/8" in opened
    assert count_after_reload == 4  # shown once: not queued again
