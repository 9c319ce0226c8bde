"""An active official's id for `cdsbot personal-data` on the console's unit page: folded away
in the row («Dữ liệu cá nhân»), on a phone and on a desktop, and the id the CLI takes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    VIEWER,
    Seeded,
    cdsbot,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread


@pytest.mark.parametrize(("viewport", "account"), [(PHONE, VIEWER), (DESKTOP, None)])
def test_unit_page_shows_each_active_officials_id_in_their_row(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    screens: Path,
    viewport: dict[str, int],
    account: tuple[str, str] | None,
) -> None:
    page = browser.new_page(viewport=viewport)
    if account is None:
        login(page, server.url)
    else:
        login(page, server.url, account)  # a viewer reads it too
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    row = page.locator("#officials li", has_text="Nguyễn Văn An")
    folded = row.locator("details.official-data")
    count = folded.count()
    hidden_before = not folded.locator("p").is_visible()
    folded.locator("summary").click()
    shown = folded.locator("p").inner_text()
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"unit-official-id-{viewport['width']}")
    page.close()

    official_id = int(shown.split("official:")[1].split(".")[0])
    exported = cdsbot(settings.database_url, "personal-data", "export", f"official:{official_id}")
    assert hidden_before  # discreet: one click away
    assert count == 1
    assert shown == (
        f"Mã cán bộ: official:{official_id}. Khi cán bộ yêu cầu xem hoặc xoá dữ liệu cá nhân "
        f"của mình: cdsbot personal-data export official:{official_id} (xem), "
        f"cdsbot personal-data erase official:{official_id} (xoá)."
    )
    assert fits
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["official"]["full_name"] == "Nguyễn Văn An"
