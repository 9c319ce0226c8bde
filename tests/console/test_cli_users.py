"""`cdsbot admin create-user`: polite one-line refusals, and the hash never the password."""

from __future__ import annotations

import sqlite3

from dashboard.passwords import verify_password
from tests.console.conftest import EDITOR, cdsbot


def test_create_user_refuses_a_taken_name(sqlite_url: str) -> None:
    result = cdsbot(
        sqlite_url, "admin", "create-user", EDITOR[0], "--password-stdin",
        stdin="mot-mat-khau-khac\n",
    )  # fmt: skip

    assert result.returncode == 2
    assert result.stderr.strip() == f"cdsbot: tên đăng nhập '{EDITOR[0]}' đã có"


def test_create_user_refuses_a_short_password(sqlite_url: str) -> None:
    result = cdsbot(sqlite_url, "admin", "create-user", "moi", "--password-stdin", stdin="ngan\n")

    assert result.returncode == 2
    assert result.stderr.strip() == "cdsbot: mật khẩu phải có ít nhất 10 ký tự"


def test_create_user_stores_an_argon2_hash_only(sqlite_url: str) -> None:
    password = "mật-khẩu-tiếng-việt-99"
    result = cdsbot(
        sqlite_url, "admin", "create-user", "ke-toan", "--role", "viewer", "--password-stdin",
        stdin=password + "\n",
    )  # fmt: skip
    path = sqlite_url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as connection:
        stored = connection.execute(
            "SELECT password_hash, role FROM console_user WHERE name = 'ke-toan'"
        ).fetchone()

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Đã tạo tài khoản ke-toan (chỉ xem)."
    assert stored[0].startswith("$argon2id$")
    assert password not in stored[0]
    assert stored[1] == "viewer"


def test_create_user_reads_a_piped_password_without_the_option(sqlite_url: str) -> None:
    password = "mật-khẩu-qua-ống-dẫn-7"
    result = cdsbot(sqlite_url, "admin", "create-user", "thu-ky", stdin=password + "\n")
    path = sqlite_url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as connection:
        stored = connection.execute(
            "SELECT password_hash FROM console_user WHERE name = 'thu-ky'"
        ).fetchall()

    assert result.returncode == 0
    assert result.stderr == ""  # no getpass "Warning: Password input may be echoed."
    assert result.stdout == "Đã tạo tài khoản thu-ky (chỉ xem).\n"
    assert [verify_password(row[0], password) for row in stored] == [True]
