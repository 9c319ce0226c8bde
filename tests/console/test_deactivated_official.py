"""Deactivating an official in the console («Ngừng kích hoạt»), against the real server and
CLI: the admin role goes, one word names the state on every page, and the person stays
findable to export or erase (Law 91/2025/QH15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.config import Settings
from tests.console.conftest import DESKTOP, PHONE, Seeded, cdsbot, login, screenshot
from tests.web.conftest import ServerThread

NAME = "Nguyễn Văn An"


def _deactivate(page: Any, server: ServerThread, code: str) -> list[str]:
    """Press «Ngừng kích hoạt», accept the browser's question; what the question said."""
    asked: list[str] = []
    page.goto(f"{server.url}/admin/units/{code}")

    def accept(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.click("#officials button:text('Ngừng kích hoạt')")
    page.wait_for_selector(".notice")
    return asked


def _official_id(settings: Settings) -> int:
    exported = cdsbot(settings.database_url, "personal-data", "export", "telegram:515151")
    assert exported.returncode == 0, exported.stderr
    return int(json.loads(exported.stdout)["official"]["official_id"])


def test_deactivated_admin_is_no_longer_an_admin(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings
) -> None:
    granted = cdsbot(settings.database_url, "admin", "grant", "telegram:515151")
    assert granted.returncode == 0, granted.stderr
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)

    _deactivate(page, server, seeded.sent_code)
    page.close()
    listed = cdsbot(settings.database_url, "admin", "list", "--json")

    assert json.loads(listed.stdout) == []


def test_unit_list_and_unit_page_name_a_deactivated_official_alike(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings, screens: Path
) -> None:
    official_id = _official_id(settings)
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    asked = _deactivate(page, server, seeded.sent_code)

    on_page = page.inner_text("#officials")
    screenshot(page, screens, "unit-deactivated-official-phone")
    page.goto(f"{server.url}/admin/units?q={seeded.sent_code}")
    in_list = page.inner_text("main")
    page.close()

    # On a phone the rows stand close together: the question names whom it is about.
    assert asked == [f"Ngừng kích hoạt {NAME} (Xã An Phú)?"]
    assert f"{NAME}, Công chức văn hóa - xã hội — đã ngừng kích hoạt" in on_page
    assert f"{NAME}, Công chức văn hóa - xã hội — đã ngừng kích hoạt" in in_list
    assert "chưa gắn kênh" not in in_list
    assert f"official:{official_id}" in on_page  # how to find them for their personal data


def test_deactivated_official_erased_by_id_leaves_the_unit_page(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings
) -> None:
    official_id = _official_id(settings)
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    _deactivate(page, server, seeded.sent_code)

    erased = cdsbot(
        settings.database_url, "personal-data", "erase", f"official:{official_id}", "--yes"
    )
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    officials = page.inner_text("#officials")
    history = page.inner_text("#history")
    page.close()

    assert erased.returncode == 0, erased.stderr
    assert NAME not in officials and NAME not in history
