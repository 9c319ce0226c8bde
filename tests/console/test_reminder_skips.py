"""«Nhắc việc» splits a deadline's skipped reminders by why, as «Tổng quan» and `cdsbot outbox
status` do: «Bỏ qua (thêm hạn sau ngày nhắc): 2», not a plain «Bỏ qua: 2» (README «Web
console»)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from handlers import Services
from tests.conftest import FakeClock
from tests.console.conftest import (
    PHONE,
    Seeded,
    cdsbot,
    in_thread,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.console.test_overview_steps import TASK, _add_task
from tests.web.conftest import ServerThread

WIDE = {"width": 1280, "height": 860}
SKIPPED = "Bỏ qua (thêm hạn sau ngày nhắc): 2"


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "desktop"])
def test_skipped_reminders_of_a_deadline_say_why(
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
    page.goto(f"{server.url}/admin/reminders")
    row = page.locator("#deadlines tbody tr", has_text=TASK).first
    badges = row.locator("td[data-label='Tin nhắc'] .badge").all_inner_texts()
    fits = no_sideways_scroll(page)
    name = "phone" if viewport is PHONE else "desktop"
    screenshot(page, screens, f"reminders-skipped-{name}")
    page.close()
    status = cdsbot(settings.database_url, "outbox", "status")

    assert SKIPPED in badges
    assert not [badge for badge in badges if badge.startswith("Bỏ qua:")]
    assert "Bỏ qua (thêm hạn sau ngày nhắc)" in status.stdout
    assert fits
