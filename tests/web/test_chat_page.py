"""The web chat in headless Chromium at a phone-sized viewport."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


def test_start_shows_greeting_and_choice_button_replies(page: Any) -> None:
    _send(page, "/start")
    page.wait_for_selector(".msg.bot")
    greeting = page.locator(".msg.bot").first.inner_text()

    page.get_by_role("button", name=texts.CHOICE_HELP).click()
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 2")
    last = page.locator(".msg.bot").last.inner_text()

    assert greeting.startswith("Xin chào! Tôi là Trợ lý CĐS")
    assert last == HELP_TEXT


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
