"""`cdsbot admin create-user NAME`: an account of the web console at /admin.

The password is read twice from a hidden prompt at a terminal, or as the first line of
standard input when that is not a terminal (a pipe or a file, with or without
`--password-stdin`); it is stored only as an Argon2id hash.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime

import typer

from bot.cli.common import db_session, fail, run, settings_of
from dashboard.passwords import MIN_LENGTH, hash_password
from storage import console as store

_NAME = re.compile(r"^[A-Za-z0-9._-]{2,60}$")
ROLES = ("viewer", "editor")


def _read_password(from_stdin: bool) -> str:
    # A hidden prompt needs a terminal: without one, getpass would print English warnings
    # and the password echoed, then fail on the second prompt of a one-line pipe.
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first: str = typer.prompt("Mật khẩu", hide_input=True)
    second: str = typer.prompt("Nhập lại mật khẩu", hide_input=True)
    if first != second:
        raise fail("hai lần nhập mật khẩu không khớp")
    return first


def create_user(
    ctx: typer.Context,
    name: str = typer.Argument(
        ..., metavar="TÊN", help="Tên đăng nhập (chữ không dấu, số, . _ -; 2–60 ký tự)."
    ),
    role: str = typer.Option(
        "viewer",
        "--role",
        metavar="viewer|editor",
        help="Vai trò: viewer (chỉ xem) hoặc editor (biên tập).",
    ),
    password_stdin: bool = typer.Option(
        False,
        "--password-stdin",
        metavar="",
        help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho script; tự động khi đầu vào "
        "chuẩn không phải là cửa sổ dòng lệnh).",
    ),
) -> None:
    """Create a login of the web console at /admin."""
    settings = settings_of(ctx)
    if not _NAME.match(name):
        raise fail("tên đăng nhập chỉ gồm chữ không dấu, số và . _ - (2–60 ký tự)")
    if role not in ROLES:
        raise fail("vai trò phải là viewer hoặc editor")
    password = _read_password(password_stdin)
    if len(password) < MIN_LENGTH:
        raise fail(f"mật khẩu phải có ít nhất {MIN_LENGTH} ký tự")
    if "\x00" in password:
        raise fail("mật khẩu không được chứa ký tự NUL")
    hashed = hash_password(password)

    async def _run() -> None:
        async with db_session(settings) as session:
            await store.create_user(
                session, name=name, password_hash=hashed, role=role, now=datetime.now(UTC)
            )

    try:
        run(_run)
    except store.UserExists:
        raise fail(f"tên đăng nhập {name!r} đã có") from None
    typer.echo(f"Đã tạo tài khoản {name} ({'biên tập' if role == 'editor' else 'chỉ xem'}).")


def register(app: typer.Typer) -> None:
    """Add `create-user` to the `admin` group."""
    app.command("create-user", help="Tạo tài khoản đăng nhập trang quản trị web (/admin).")(
        create_user
    )
