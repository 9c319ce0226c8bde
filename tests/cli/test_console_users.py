"""`cdsbot admin list-users`, `set-password` and `remove-user`: the console's accounts from the
command line, on SQLite and PostgreSQL, checked against the running console's login."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from bot.app import create_app
from bot.config import Settings
from handlers import Services
from storage.db import make_engine
from tests.cli.conftest import Cdsbot
from tests.web.conftest import ServerThread

NAME, PASSWORD, NEW_PASSWORD = "chanh-vp", "matkhau-cu-2026-abc", "matkhau-moi-2027-abc"


@pytest.fixture
def console(database_url: str, services: Services, tmp_path: Path) -> Iterator[str]:
    """The web console serving the test database; yields its base URL."""
    settings = Settings(_env_file=None, database_url=database_url, kb_dir=tmp_path / "kb")  # type: ignore[call-arg]
    with ServerThread(create_app(settings, services=services)) as running:
        yield running.url


@pytest.fixture
def with_user(any_database: Cdsbot) -> Cdsbot:
    made = any_database(
        "admin", "create-user", NAME, "--role", "editor", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return any_database


@contextmanager
def _logged_in(base_url: str, password: str) -> Iterator[httpx.Client]:
    """A browser that tried to log in to the console with `password`."""
    with httpx.Client(base_url=base_url) as client:
        page = client.get("/admin/login")
        match = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert match is not None
        client.post(
            "/admin/login",
            data={"username": NAME, "password": password, "csrf": match.group(1)},
        )
        yield client


async def _audited(database_url: str) -> list[str]:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT action FROM audit_log WHERE entity = 'console_user' ORDER BY id")
            )
            return [row[0] for row in rows]
    finally:
        await engine.dispose()


def _opens_console(client: httpx.Client) -> bool:
    return client.get("/admin", follow_redirects=False).status_code == 200


def test_list_users_shows_role_state_and_open_sessions(with_user: Cdsbot, console: str) -> None:
    with _logged_in(console, PASSWORD) as browser:
        assert _opens_console(browser)
        listed = json.loads(with_user("admin", "list-users", "--json").stdout)
        table = with_user("admin", "list-users")

    assert [(r["name"], r["role"], r["active"], r["sessions"]) for r in listed] == [
        (NAME, "editor", True, 1)
    ]
    assert table.returncode == 0
    assert "Tên đăng nhập" in table.stdout
    assert re.search(r"chanh-vp\s+│ biên tập\s+│ đang dùng", table.stdout)


def test_set_password_takes_effect_and_logs_out_open_sessions(
    with_user: Cdsbot, console: str
) -> None:
    with _logged_in(console, PASSWORD) as before:
        assert _opens_console(before)

        result = with_user(
            "admin", "set-password", NAME, "--password-stdin", stdin=NEW_PASSWORD + "\n"
        )

        still_open = _opens_console(before)
    with _logged_in(console, PASSWORD) as old, _logged_in(console, NEW_PASSWORD) as new:
        old_works, new_works = _opens_console(old), _opens_console(new)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Đã đổi mật khẩu của «chanh-vp»; đã đăng xuất 1 phiên đang mở."
    )
    assert (still_open, old_works, new_works) == (False, False, True)


def test_set_password_keeps_the_create_user_rules(with_user: Cdsbot) -> None:
    short = with_user("admin", "set-password", NAME, "--password-stdin", stdin="ngan\n")
    unknown = with_user("admin", "set-password", "ai-do", "--password-stdin", stdin=NEW_PASSWORD)

    assert (short.returncode, short.stderr.strip()) == (
        2,
        "cdsbot: mật khẩu phải có ít nhất 10 ký tự",
    )
    assert (unknown.returncode, unknown.stderr.strip()) == (
        2,
        "cdsbot: không có tài khoản trang quản trị «ai-do» (xem `cdsbot admin list-users`)",
    )


def test_remove_user_ends_sessions_refuses_login_and_keeps_history(
    with_user: Cdsbot, console: str, database_url: str
) -> None:
    with _logged_in(console, PASSWORD) as browser:
        assert _opens_console(browser)

        removed = with_user("admin", "remove-user", NAME)

        still_open = _opens_console(browser)
    with _logged_in(console, PASSWORD) as again:
        can_log_in = _opens_console(again)
    listed = json.loads(with_user("admin", "list-users", "--json").stdout)

    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == (
        "Đã gỡ tài khoản «chanh-vp»: không đăng nhập được nữa, đã đăng xuất 1 phiên đang mở; "
        "lịch sử thao tác vẫn giữ tên này."
    )
    assert (still_open, can_log_in) == (False, False)
    assert [(r["name"], r["active"], r["sessions"]) for r in listed] == [(NAME, False, 0)]
    assert asyncio.run(_audited(database_url)) == ["console_user.created", "console_user.removed"]


def test_create_user_on_a_taken_name_points_to_set_password(with_user: Cdsbot) -> None:
    result = with_user("admin", "create-user", NAME, "--password-stdin", stdin=NEW_PASSWORD + "\n")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "cdsbot: tên đăng nhập «chanh-vp» đã có; muốn đổi mật khẩu thì chạy "
        "`cdsbot admin set-password chanh-vp`"
    )


def test_create_user_opens_a_removed_account_again(with_user: Cdsbot, console: str) -> None:
    with_user("admin", "remove-user", NAME)

    reopened = with_user(
        "admin", "create-user", NAME, "--password-stdin", stdin=NEW_PASSWORD + "\n"
    )
    with _logged_in(console, NEW_PASSWORD) as browser:
        works = _opens_console(browser)

    assert reopened.stdout.strip() == "Đã mở lại tài khoản «chanh-vp» (chỉ xem), với mật khẩu mới."
    assert works


def _can_act(client: httpx.Client) -> bool:
    """Whether the console offers this browser the FAQ form's «Lưu» (editors only)."""
    page = client.get("/admin/questions/faq/new?q=thu")
    assert page.status_code == 200
    return '<button type="submit">Lưu</button>' in page.text


def test_set_role_takes_effect_in_open_sessions(
    with_user: Cdsbot, console: str, database_url: str
) -> None:
    with _logged_in(console, PASSWORD) as browser:
        as_editor = _can_act(browser)
        lowered = with_user("admin", "set-role", NAME, "viewer")
        as_viewer = _can_act(browser)
        again = with_user("admin", "set-role", NAME, "viewer")
        raised = with_user("admin", "set-role", NAME, "editor")
        as_editor_again = _can_act(browser)
    wrong = with_user("admin", "set-role", NAME, "owner")
    unknown = with_user("admin", "set-role", "khong-co", "viewer")

    assert (as_editor, as_viewer, as_editor_again) == (True, False, True)
    assert lowered.stdout.strip() == (
        "Đã đổi vai trò của «chanh-vp»: biên tập → chỉ xem; có hiệu lực ngay ở các phiên đang mở."
    )
    assert again.stdout.strip() == (
        "Tài khoản «chanh-vp» đã có vai trò chỉ xem; không có gì thay đổi."
    )
    assert raised.returncode == 0
    assert wrong.returncode == 2 and "vai trò phải là viewer hoặc editor" in wrong.stderr
    assert unknown.returncode == 2 and "không có tài khoản trang quản trị" in unknown.stderr
    assert asyncio.run(_audited(database_url)) == [
        "console_user.created",
        "console_user.role_set",
        "console_user.role_set",
    ]
