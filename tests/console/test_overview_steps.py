"""«Tổng quan» on day one of a deployment and for a deadline added late: a period that closed
before the system was in use is nobody's overdue, and a reminder step that had passed before
its deadline was added says it was skipped and why (walk4 #13, #16; walk5 #16)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from bot.config import Settings
from handlers import Services
from scheduler.planner import plan_due
from storage import queries
from storage import reminders as store
from storage.db import make_engine, session_scope
from storage.models import Deadline, Identity, Official
from tests.conftest import FakeClock
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    Seeded,
    cdsbot,
    in_thread,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread

TASK = "Cập nhật danh sách Mạng lưới CĐS"


def _viewport_name(viewport: dict[str, int]) -> str:
    return "phone" if viewport is PHONE else "desktop"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_period_closed_before_the_system_was_in_use_counts_nobody_overdue(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path, viewport: dict[str, int]
) -> None:
    # The server's first start (30/11/2026) copied the plan's deadlines in: quarter III had
    # closed on 15/09/2026, before anyone could report it here.
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    heading = page.inner_text("#overdue-h")
    note = page.inner_text("#overdue-none")
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"overview-day-one-{_viewport_name(viewport)}")
    page.close()

    assert heading == "Đơn vị quá hạn (quý III/2026): 0"
    assert note.startswith(
        "Kỳ quý III/2026 đã hết hạn trước khi hệ thống bắt đầu được dùng (ngày 30/11/2026), "
        "nên không tính đơn vị nào quá hạn."
    )
    assert fits


async def _in_use_since(url: str, when: datetime) -> None:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        await session.exec(update(Deadline).values(created_at=when))  # type: ignore[call-overload]
    await engine.dispose()


def test_period_closed_while_the_system_was_in_use_lists_the_units_overdue(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings
) -> None:
    in_thread(lambda: _in_use_since(settings.database_url, datetime(2026, 8, 1, tzinfo=UTC)))
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    heading = page.inner_text("#overdue-h")
    none = page.locator("#overdue-none").count()
    page.close()

    assert heading == "Đơn vị quá hạn (quý III/2026): 96"
    assert none == 0


async def _add_task(url: str, services: Services, settings: Settings, now: datetime) -> str:
    """The office adds a one-off task due 02/12/2026 on 30/11; the planner ticks."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        deadline = await store.add_deadline(
            session, title=TASK, due_on=date(2026, 12, 2), audience="communes", now=now
        )
        key = deadline.key
    async with session_scope(engine) as session:
        await plan_due(
            session, now=now, policy=settings.reminder_policy, zone=services.zone,
            channels=(), surveys=services.surveys,
        )  # fmt: skip
    await engine.dispose()
    return key


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_steps_passed_before_a_deadline_was_added_say_they_were_skipped_and_why(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    services: Services,
    clock: FakeClock,
    screens: Path,
    viewport: dict[str, int],
) -> None:
    in_thread(lambda: _add_task(settings.database_url, services, settings, clock()))
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    table = page.locator(f"#upcoming-h ~ h3:has-text('{TASK}') + .table-wrap table").first
    rows = table.locator("tbody tr")
    cells = [
        (
            rows.nth(i).locator("td").nth(0).inner_text(),
            rows.nth(i).locator("td").nth(1).inner_text(),
            rows.nth(i).locator("td").nth(2).inner_text(),
        )
        for i in range(rows.count())
    ]
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"overview-added-late-{_viewport_name(viewport)}")
    page.close()
    status = cdsbot(settings.database_url, "outbox", "status")

    passed = [cell for cell in cells if "(đã qua)" in cell[1]]
    coming = [cell for cell in cells if "(đã qua)" not in cell[1]]
    assert [cell[0] for cell in passed] == ["Trước hạn 7 ngày", "Trước hạn 3 ngày"]
    # The older step was skipped for both officials, and why; the latest passed one went out
    # (no channel runs: the web-only official's waits, the Telegram official is unreachable).
    assert [cell[2] for cell in passed] == [
        "bỏ qua 2: thêm hạn sau ngày nhắc",
        "1 chờ mở trò chuyện web; 1 không liên lạc được",
    ]
    assert coming and not [cell for cell in coming if "bỏ qua" in cell[2]]
    assert fits
    assert status.returncode == 0, status.stderr
    assert "Bỏ qua (thêm hạn sau ngày nhắc)" in status.stdout
    # A one-off task with no report names no «đợt báo cáo».
    assert "đợt báo cáo" not in status.stdout


async def _console_official(url: str) -> None:
    """The fourth commune's only official uses the terminal chat (`cdsbot chat --as 7`)."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        unit = (await queries.list_units(session, kinds=["commune"]))[3]
        official = Official(unit_id=unit.id, full_name="Phạm Văn Dũng", position="Công chức")
        session.add(official)
        await session.flush()
        session.add(
            Identity(channel="console", external_id="7", chat_id="7", official_id=official.id)
        )
    await engine.dispose()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_reminder_waiting_in_the_terminal_chat_is_not_called_a_web_chat_one(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    services: Services,
    clock: FakeClock,
    screens: Path,
    viewport: dict[str, int],
) -> None:
    in_thread(lambda: _console_official(settings.database_url))
    key = in_thread(lambda: _add_task(settings.database_url, services, settings, clock()))
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    table = page.locator(f"#upcoming-h ~ h3:has-text('{TASK}') + .table-wrap table").first
    outcomes = table.locator("td.step-outcome").all_inner_texts()
    coming = table.locator("td:not(.step-outcome).num").all_inner_texts()
    screenshot(page, screens, f"overview-waiting-console-{_viewport_name(viewport)}")
    page.goto(f"{server.url}/admin/reminders")
    row = page.locator(f"tr:has-text('{TASK}')").first
    badges = row.locator(".badge").all_inner_texts()
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"reminders-waiting-console-{_viewport_name(viewport)}")
    page.close()
    status = cdsbot(settings.database_url, "outbox", "status", "--json")

    # No channel runs: the web-chat official's reminder and the terminal one's both wait, each
    # named for the chat it waits in; the Telegram official is unreachable.
    assert outcomes[-1] == (
        "1 chờ mở trò chuyện web; 1 chờ mở trò chuyện trên dòng lệnh; 1 không liên lạc được"
    )
    # The steps to come say the same of whom their reminder will wait for.
    assert coming and all(
        text == "2 (trong đó 1 chờ mở trò chuyện web; 1 chờ mở trò chuyện trên dòng lệnh)"
        for text in coming
    ), coming
    assert "Chờ mở trò chuyện web: 1" in badges
    assert "Chờ mở trò chuyện trên dòng lệnh: 1" in badges, badges
    assert fits
    [mine] = [r for r in json.loads(status.stdout) if r["source"] == f"deadline:{key}"]
    assert (mine["waiting"], mine["waiting_console"], mine["unreachable"]) == (1, 1, 1)
