"""The web chat in headless Chromium at a phone-sized viewport."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import create_app
from bot.config import Settings
from handlers import Services, texts
from tests.helptext import HELP_TEXT
from tests.web.conftest import ServerThread

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser: Any, settings: Settings, services: Services) -> Iterator[Any]:
    with ServerThread(create_app(settings, services=services)) as server:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(server.url)
        try:
            yield page
        finally:
            context.close()


def _send(page: Any, text: str) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")


def _bot_count(page: Any, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('.msg.bot').length >= {count}")


def test_first_visit_shows_greeting_without_typing(page: Any) -> None:
    _bot_count(page, 1)

    greeting = page.locator(".msg.bot").first.inner_text()

    assert greeting.startswith("Xin chào! Mình là Trợ lý CĐS")
    assert page.locator(".msg.me").count() == 0


def test_choice_button_press_gets_its_reply(page: Any) -> None:
    _bot_count(page, 1)

    page.get_by_role("button", name=texts.CHOICE_HELP).click()
    _bot_count(page, 2)

    assert page.locator(".msg.bot").last.inner_text() == HELP_TEXT


def test_newest_buttons_on_screen_when_reply_arrives(page: Any, tmp_path: Path) -> None:
    _bot_count(page, 1)
    for count in range(2, 5):  # fill the log well past one screen
        _send(page, "/trogiup")
        _bot_count(page, count)

    _send(page, "/start")
    _bot_count(page, 5)
    page.wait_for_timeout(100)  # let the scroll settle
    page.screenshot(path=str(tmp_path / "newest-buttons.png"))

    log = page.locator("#log").bounding_box()
    button = page.locator(".msg.bot").last.locator("button").last.bounding_box()
    assert button["y"] >= log["y"]
    assert button["y"] + button["height"] <= log["y"] + log["height"]


def test_history_kept_when_page_reloaded(page: Any, tmp_path: Path) -> None:
    _bot_count(page, 1)
    _send(page, "/trogiup")
    _bot_count(page, 2)
    before = page.locator(".msg").all_inner_texts()

    page.reload()
    page.wait_for_selector(".msg.bot")
    page.screenshot(path=str(tmp_path / "after-reload.png"))

    assert page.locator(".msg").all_inner_texts() == before
    assert page.locator(".msg.me").count() == 1


def test_older_buttons_disabled_when_newer_reply_arrives(page: Any) -> None:
    _bot_count(page, 1)

    _send(page, "/start")
    _bot_count(page, 2)

    rows = page.locator(".msg.bot")
    assert rows.first.locator("button:enabled").count() == 0
    assert rows.last.locator("button:enabled").count() == rows.last.locator("button").count() > 0


def test_pressed_row_disabled_when_button_pressed(page: Any) -> None:
    _bot_count(page, 1)

    page.get_by_role("button", name=texts.CHOICE_HELP).click()
    _bot_count(page, 2)

    assert page.locator(".msg.bot").first.locator("button:enabled").count() == 0


def test_stale_buttons_stay_disabled_when_page_reloaded(page: Any) -> None:
    _bot_count(page, 1)
    _send(page, "/start")
    _bot_count(page, 2)

    page.reload()
    _bot_count(page, 2)

    assert page.locator(".msg.bot").first.locator("button:enabled").count() == 0
    assert page.locator(".msg.bot").last.locator("button:enabled").count() > 0


def test_typed_script_tag_is_shown_as_text(page: Any) -> None:
    typed = "<script>window.__pwned = 1</script><b>đậm</b>"

    _send(page, typed)
    page.wait_for_selector(".msg.bot")

    assert page.locator(".msg.me").first.inner_text() == typed
    assert page.evaluate("window.__pwned === undefined && !document.querySelector('.msg b')")


def test_page_fits_phone_width(page: Any) -> None:
    _send(page, "/trogiup")
    page.wait_for_selector(".msg.bot")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_erasure_confirmed_clears_the_history_kept_in_the_browser(
    page: Any, tmp_path: Path
) -> None:
    _bot_count(page, 1)
    _send(page, "Mạng lưới CĐS gồm những ai?")
    _bot_count(page, 2)
    session = page.evaluate("localStorage.getItem('cds-session')")
    kept = page.evaluate("localStorage.getItem('cds-history')")
    _send(page, "/xoathongtin")
    _bot_count(page, 3)
    page.get_by_role("button", name=texts.ERASE_YES).click()
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.msg.bot')).some("
        f"m => m.textContent === {texts.ERASED_UNREGISTERED!r})"
    )
    stored = page.evaluate("localStorage.getItem('cds-history')")
    page.reload()
    page.wait_for_selector(".msg.bot")
    shown = page.locator(".msg").all_inner_texts()
    page.screenshot(path=str(tmp_path / "after-erasure.png"))
    _send(page, "/trogiup")
    page.wait_for_function("localStorage.getItem('cds-session') !== null")
    new_session = page.evaluate("localStorage.getItem('cds-session')")

    assert "Mạng lưới CĐS gồm những ai?" in kept
    assert "Mạng lưới CĐS" not in stored
    assert "/xoathongtin" not in stored
    assert shown == [texts.ERASED_UNREGISTERED]
    assert new_session != session


def test_mistyped_address_shows_a_vietnamese_page_with_a_way_back(
    browser: Any, settings: Settings, services: Services, tmp_path: Path
) -> None:
    with ServerThread(create_app(settings, services=services)) as server:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        response = page.goto(f"{server.url}/chat")
        heading = page.locator("h1").inner_text()
        page.screenshot(path=str(tmp_path / "not-found-phone.png"), full_page=True)
        page.get_by_role("link", name="Mở Trợ lý CĐS").click()
        page.wait_for_selector("#text")
        landed = page.url
        context.close()
        api = httpx.get(f"{server.url}/api/nope", headers={"accept": "application/json"})

    assert response is not None and response.status == 404
    assert heading == "Không có trang này"
    assert landed.rstrip("/") == server.url.rstrip("/")
    # Programs (the chat's own API, webhooks, monitoring) still get JSON.
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_reply_taller_than_the_screen_shows_from_its_first_line(page: Any, tmp_path: Path) -> None:
    _bot_count(page, 1)
    _send(page, "mục tiêu của kế hoạch là gì")
    _bot_count(page, 2)
    page.get_by_role("button", name=texts.QA_SHOW_ALL).click()
    _bot_count(page, 3)
    page.wait_for_timeout(100)  # let the scroll settle
    page.screenshot(path=str(tmp_path / "long-reply.png"))

    log = page.locator("#log").bounding_box()
    whole = page.locator(".msg.bot").last.bounding_box()
    assert whole["height"] > log["height"]  # the whole section does not fit one screen
    # Its first line is on screen, at the top, rather than its citation at the bottom.
    assert log["y"] <= whole["y"] <= log["y"] + 24
