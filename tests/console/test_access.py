"""Access to the console: login, sessions, CSRF, throttling, the Host check and headers."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.console.conftest import EDITOR, VIEWER, login
from tests.web.conftest import ServerThread


def _login_form(client: httpx.Client) -> str:
    page = client.get("/admin/login")
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match is not None
    return match.group(1)


def _post_login(client: httpx.Client, name: str, password: str) -> httpx.Response:
    token = _login_form(client)
    return client.post(
        "/admin/login", data={"username": name, "password": password, "csrf": token}
    )


def test_anonymous_request_goes_to_login_page(server: ServerThread) -> None:
    response = httpx.get(f"{server.url}/admin/units", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=/admin/units"


def test_cli_created_editor_logs_in_in_the_browser(browser: Any, server: ServerThread) -> None:
    page = browser.new_page()
    login(page, server.url)
    heading = page.inner_text("h1")
    who = page.inner_text(".who span")
    page.close()

    assert heading.startswith("Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND")
    assert who == "chanh-vp · Biên tập"


def test_wrong_password_shows_polite_error(browser: Any, server: ServerThread) -> None:
    page = browser.new_page()
    page.goto(f"{server.url}/admin/login")
    page.fill("input[name=username]", EDITOR[0])
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    error = page.inner_text("#login-error")
    page.close()

    assert error == "Sai tên đăng nhập hoặc mật khẩu."


def test_session_cookie_is_httponly_and_samesite_lax(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        response = _post_login(client, *EDITOR)

    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie"
                  and v.startswith("cds_console="))  # fmt: skip
    assert response.status_code == 303
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


def test_logout_ends_the_session(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        _post_login(client, *EDITOR)
        page = client.get("/admin")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token is not None
        client.post("/admin/logout", data={"csrf": token.group(1)})
        after = client.get("/admin", follow_redirects=False)

    assert after.status_code == 303


def test_form_without_csrf_token_is_refused(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        _post_login(client, *EDITOR)
        response = client.post("/admin/logout", data={})

    assert response.status_code == 403
    assert "CSRF" in response.text


def test_login_without_csrf_token_is_refused(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        client.get("/admin/login")
        response = client.post("/admin/login", data={"username": EDITOR[0], "password": EDITOR[1]})

    assert response.status_code == 403


def test_login_is_throttled_after_repeated_failures(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        failures = [_post_login(client, EDITOR[0], f"sai-{i}").status_code for i in range(5)]
        right = _post_login(client, *EDITOR)

    assert failures == [401] * 5
    assert right.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in right.text


def test_throttling_per_client_covers_other_accounts(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        for i in range(20):
            _post_login(client, f"khong-co-{i}", "sai")
        response = _post_login(client, *VIEWER)

    assert response.status_code == 429


def test_unknown_host_header_is_refused(server: ServerThread) -> None:
    response = httpx.get(f"{server.url}/admin/login", headers={"Host": "attacker.example"})

    assert response.status_code == 400


def test_unknown_host_is_refused_on_the_chat_too(server: ServerThread) -> None:
    response = httpx.get(f"{server.url}/", headers={"Host": "rebind.example:8080"})

    assert response.status_code == 400


def test_localhost_name_is_accepted(server: ServerThread) -> None:
    response = httpx.get(f"{server.url}/admin/login", headers={"Host": "localhost"})

    assert response.status_code == 200


def test_console_pages_carry_protective_headers(server: ServerThread) -> None:
    response = httpx.get(f"{server.url}/admin/login")

    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


def test_viewer_cannot_act(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        _post_login(client, *VIEWER)
        page = client.get("/admin")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token is not None
        response = client.post("/admin/review/1/accept", data={"csrf": token.group(1)})

    assert response.status_code == 403


def test_malformed_period_gets_a_polite_422(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        _post_login(client, *EDITOR)
        page = client.get("/admin", params={"period": "0000-Q1"})
        export = client.get("/admin/export", params={"period": "2026-Q9"})

    assert (page.status_code, export.status_code) == (422, 422)
    assert "Kỳ báo cáo không hợp lệ" in page.text


def test_export_download_is_not_cached(server: ServerThread) -> None:
    with httpx.Client(base_url=server.url) as client:
        _post_login(client, *EDITOR)
        response = client.get("/admin/export", params={"format": "csv"})

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_login_returns_to_the_page_asked_for(browser: Any, server: ServerThread) -> None:
    page = browser.new_page()
    page.goto(f"{server.url}/admin/units?status=missing&q=an")
    page.fill("input[name=username]", EDITOR[0])
    page.fill("input[name=password]", EDITOR[1])
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/units**")
    landed = page.url
    page.close()

    assert landed == f"{server.url}/admin/units?status=missing&q=an"
