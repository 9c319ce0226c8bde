"""Every console error is a Vietnamese page, and the app has an icon (issue #15, items 19, 33)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from dashboard import limits, strings
from tests.console.conftest import DESKTOP, EDITOR, PHONE, VIEWER, login, screenshot
from tests.web.conftest import ServerThread

# Past what any console field may carry (a longer text within it is refused by name).
LONG = "x" * (limits.RECEIVED + 1)


def _logged_in(server: ServerThread, account: tuple[str, str]) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server.url)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/admin/login").text)
    assert token is not None
    client.post(
        "/admin/login",
        data={"username": account[0], "password": account[1], "csrf": token.group(1)},
    )
    page = re.search(r'name="csrf" value="([^"]+)"', client.get("/admin").text)
    assert page is not None
    return client, page.group(1)


def _refusal(response: httpx.Response) -> str:
    """The Vietnamese sentence of a refusal page."""
    assert response.headers["content-type"].startswith("text/html")
    found = re.search(r'id="refused">([^<]*)<', response.text)
    assert found is not None, response.text[:300]
    return found.group(1)


@pytest.mark.parametrize(
    ("method", "path", "form", "status", "reason"),
    [
        ("GET", "/admin/khong-co-trang-nay", None, 404, "not_found"),
        ("GET", "/admin/logout", None, 405, "method"),
        ("GET", "/admin/export?format=pdf", None, 422, "bad_input"),
        ("GET", "/admin/reminders/abc", None, 422, "bad_input"),
        ("POST", "/admin/officials/abc/deactivate", {}, 422, "bad_input"),
        ("POST", "/admin/reminders/broadcast", {"text": LONG}, 422, "bad_input"),
    ],
)
def test_console_error_is_a_vietnamese_page(
    server: ServerThread,
    method: str,
    path: str,
    form: dict[str, str] | None,
    status: int,
    reason: str,
) -> None:
    client, csrf = _logged_in(server, EDITOR)
    data = None if form is None else {**form, "csrf": csrf}
    response = client.request(method, path, data=data)
    client.close()

    assert response.status_code == status
    assert _refusal(response) == strings.REFUSED[reason]
    assert "detail" not in response.text and "Traceback" not in response.text


def test_viewer_refusal_is_a_vietnamese_page(server: ServerThread) -> None:
    client, csrf = _logged_in(server, VIEWER)
    response = client.post("/admin/review/1/accept", data={"csrf": csrf})
    client.close()

    assert response.status_code == 403
    assert _refusal(response) == strings.REFUSED["viewer"]


def test_unknown_console_page_in_the_browser(
    browser: Any, server: ServerThread, screens: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    answer = page.goto(f"{server.url}/admin/units/khong-co/them")
    heading = page.inner_text("h1")
    message = page.inner_text("#refused")
    nav = page.locator("nav a").count()
    screenshot(page, screens, "phone-not-found")
    context.close()

    assert answer is not None and answer.status == 404
    assert heading == "Không thực hiện được"
    assert message == strings.REFUSED["not_found"]
    assert nav == 7  # the viewer is still logged in and can go on


def test_chat_and_console_pages_have_an_icon(browser: Any, server: ServerThread) -> None:
    page = browser.new_page(viewport=DESKTOP)
    fetch_icon = """async () => {
        const link = document.querySelector("link[rel=icon]");
        const answer = await fetch(link.href);
        return [answer.status, answer.headers.get("content-type"), (await answer.text()).length];
    }"""
    page.goto(f"{server.url}/")
    chat = page.evaluate(fetch_icon)
    login(page, server.url)
    console = page.evaluate(fetch_icon)
    page.close()
    implicit = httpx.get(f"{server.url}/favicon.ico")

    assert chat[:2] == [200, "image/svg+xml"] and chat[2] > 100
    assert console == chat
    assert implicit.status_code == 200
    assert implicit.headers["content-type"] == "image/svg+xml"
