"""Actions on a unit's page: accept its report, deactivate an official."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.config import Settings
from storage.db import make_engine, session_scope
from storage.models import Identity
from tests.console.conftest import DESKTOP, Seeded, in_thread, login
from tests.web.conftest import ServerThread


async def _bound_identities(url: str) -> list[str]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        rows = (await session.exec(select(Identity))).all()
    await engine.dispose()
    return sorted(i.external_id for i in rows if i.official_id is not None)


def test_accepted_report_shows_as_accepted(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    page.click("#answers-h ~ div button:text('Chấp nhận báo cáo')")
    state = page.inner_text("#review-state")
    page.goto(f"{server.url}/admin/review")
    accepted = page.inner_text("#review-accepted")
    page.close()

    assert state == "Đã chấp nhận"
    assert seeded.sent_name in accepted


def test_deactivated_official_loses_chat_accounts(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#officials button:text('Ngừng kích hoạt')")
    notice = page.inner_text(".notice")
    officials = page.inner_text("#officials")
    page.close()
    bound = in_thread(lambda: _bound_identities(settings.database_url))

    assert notice.startswith("Đã ngừng kích hoạt cán bộ")
    assert "đã ngừng kích hoạt" in officials
    assert bound == ["w-1"]
