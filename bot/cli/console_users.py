"""`cdsbot admin create-user|set-password|set-role|list-users|remove-user`: console accounts.

A password is read twice from a hidden prompt at a terminal, or as the first line of standard
input when that is not a terminal (a pipe or a file, with or without `--password-stdin`); it
is stored only as an Argon2id hash. A removed account keeps its row (the audit log names it)
but can no longer log in, and its sessions end.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import JSON_HELP
from bot.cli.show import clean, echo, print_table

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from storage.models import ConsoleUser

_NAME = re.compile(r"^[A-Za-z0-9._-]{2,60}$")
ROLES = ("viewer", "editor")
_ROLE_WORDS = {"editor": "biên tập", "viewer": "chỉ xem"}
_ENTITY = "console_user"
_PASSWORD_STDIN = typer.Option(
    False,
    "--password-stdin",
    metavar="",
    help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn (cho script; tự động khi đầu vào chuẩn "
    "không phải là cửa sổ dòng lệnh).",
)
_EXISTING = typer.Argument(
    ..., metavar="TÊN", help="Tên đăng nhập (xem `cdsbot admin list-users`)."
)


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


def _new_password_hash(from_stdin: bool) -> str:
    """A new password, read and checked (the same rules everywhere), as its hash."""
    from dashboard.passwords import MIN_LENGTH, hash_password

    password = _read_password(from_stdin)
    if len(password) < MIN_LENGTH:
        raise fail(f"mật khẩu phải có ít nhất {MIN_LENGTH} ký tự")
    if "\x00" in password:
        raise fail("mật khẩu không được chứa ký tự NUL")
    return hash_password(password)


def _quoted(name: str) -> str:
    return f"«{clean(name, one_line=True)}»"


def _unknown(name: str) -> typer.Exit:
    return fail(
        f"không có tài khoản trang quản trị {_quoted(name)} (xem `cdsbot admin list-users`)"
    )


def _audit(session: AsyncSession, user: ConsoleUser, action: str, **detail: object) -> None:
    from storage.queries import audit

    audit(
        session,
        action=f"console_user.{action}",
        now=datetime.now(UTC),
        entity=_ENTITY,
        entity_id=str(user.id),
        detail={"name": user.name, "via": "cli", **detail},
    )


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
    password_stdin: bool = _PASSWORD_STDIN,
) -> None:
    """Create a login of the web console at /admin (or open a removed one again)."""
    from storage import console as store

    settings = settings_of(ctx)
    if not _NAME.match(name):
        raise fail("tên đăng nhập chỉ gồm chữ không dấu, số và . _ - (2–60 ký tự)")
    if role not in ROLES:
        raise fail("vai trò phải là viewer hoặc editor")
    hashed = _new_password_hash(password_stdin)

    async def _run() -> bool:
        now = datetime.now(UTC)
        async with db_session(settings) as session:
            existing = await store.user_by_name(session, name)
            if existing is not None and not existing.active:
                await store.reactivate(session, existing, password_hash=hashed, role=role)
                _audit(session, existing, "reopened", role=role)
                return True
            user = await store.create_user(
                session, name=name, password_hash=hashed, role=role, now=now
            )
            _audit(session, user, "created", role=role)
            return False

    try:
        reopened = run(_run)
    except store.UserExists:
        raise fail(
            f"tên đăng nhập {_quoted(name)} đã có; muốn đổi mật khẩu thì chạy "
            f"`cdsbot admin set-password {name}`"
        ) from None
    if reopened:
        echo(f"Đã mở lại tài khoản {_quoted(name)} ({_ROLE_WORDS[role]}), với mật khẩu mới.")
    else:
        echo(f"Đã tạo tài khoản {name} ({_ROLE_WORDS[role]}).")


def set_password(
    ctx: typer.Context, name: str = _EXISTING, password_stdin: bool = _PASSWORD_STDIN
) -> None:
    """Give a console user a new password and log it out of every browser."""
    from storage import console as store

    settings = settings_of(ctx)

    async def _find() -> ConsoleUser | None:
        async with db_session(settings) as session:
            return await store.user_by_name(session, name)

    # Named before the password is asked: nobody types a password for an unknown account.
    found = run(_find)
    if found is None:
        raise _unknown(name)
    if not found.active:
        raise fail(
            f"tài khoản {_quoted(name)} đã bị gỡ; muốn mở lại thì chạy "
            f"`cdsbot admin create-user {name}`"
        )
    hashed = _new_password_hash(password_stdin)

    async def _run() -> int | None:
        now = datetime.now(UTC)
        async with db_session(settings) as session:
            user = await store.user_by_name(session, name)
            if user is None or user.id is None:
                return None
            await store.set_password(session, user, hashed)
            ended = await store.end_sessions(session, user_id=user.id, now=now)
            _audit(session, user, "password_set", sessions_ended=ended)
            return ended

    ended = run(_run)
    if ended is None:
        raise _unknown(name)
    echo(f"Đã đổi mật khẩu của {_quoted(name)}; đã đăng xuất {ended} phiên đang mở.")


def set_role(
    ctx: typer.Context,
    name: str = _EXISTING,
    role: str = typer.Argument(
        ..., metavar="viewer|editor", help="Vai trò mới: viewer (chỉ xem) hoặc editor (biên tập)."
    ),
) -> None:
    """Change a console user's role; open sessions keep going with the new role at once."""
    from storage import console as store

    settings = settings_of(ctx)
    if role not in ROLES:
        raise fail("vai trò phải là viewer hoặc editor")

    async def _run() -> tuple[str, bool] | None:
        async with db_session(settings) as session:
            user = await store.user_by_name(session, name)
            if user is None:
                return None
            before = user.role
            if user.active and before != role:
                await store.set_role(session, user, role)
                _audit(session, user, "role_set", role=role, before=before)
            return before, user.active

    outcome = run(_run)
    if outcome is None:
        raise _unknown(name)
    before, active = outcome
    if not active:
        raise fail(
            f"tài khoản {_quoted(name)} đã bị gỡ; muốn mở lại thì chạy "
            f"`cdsbot admin create-user {name} --role {role}`"
        )
    if before == role:
        echo(f"Tài khoản {_quoted(name)} đã có vai trò {_ROLE_WORDS[role]}; không có gì thay đổi.")
        return
    echo(
        f"Đã đổi vai trò của {_quoted(name)}: {_ROLE_WORDS.get(before, before)} → "
        f"{_ROLE_WORDS[role]}; có hiệu lực ngay ở các phiên đang mở."
    )


def remove_user(ctx: typer.Context, name: str = _EXISTING) -> None:
    """Take a console user's access away (the account stays in the history) and log it out."""
    from storage import console as store

    settings = settings_of(ctx)

    async def _run() -> tuple[bool, int] | None:
        now = datetime.now(UTC)
        async with db_session(settings) as session:
            user = await store.user_by_name(session, name)
            if user is None or user.id is None:
                return None
            was_active = user.active
            await store.deactivate(session, user)
            ended = await store.end_sessions(session, user_id=user.id, now=now)
            if was_active:
                _audit(session, user, "removed", sessions_ended=ended)
            return was_active, ended

    outcome = run(_run)
    if outcome is None:
        raise _unknown(name)
    was_active, ended = outcome
    if not was_active:
        echo(f"Tài khoản {_quoted(name)} đã được gỡ từ trước.")
        return
    echo(
        f"Đã gỡ tài khoản {_quoted(name)}: không đăng nhập được nữa, đã đăng xuất {ended} "
        "phiên đang mở; lịch sử thao tác vẫn giữ tên này."
    )


def list_users(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """List the console accounts: role, whether they may log in, open sessions."""
    from storage import console as store

    settings = settings_of(ctx)

    async def _list() -> list[dict[str, object]]:
        now = datetime.now(UTC)
        async with db_session(settings) as session:
            return [
                {
                    "name": user.name,
                    "role": user.role,
                    "active": user.active,
                    "created_at": user.created_at.astimezone(settings.zone).isoformat(),
                    "sessions": sessions,
                }
                for user, sessions in await store.list_users(session, now=now)
            ]

    rows = run(_list)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        echo("chưa có tài khoản trang quản trị nào (tạo bằng `cdsbot admin create-user TÊN`)")
        return
    print_table(
        ("Tên đăng nhập", "Vai trò", "Trạng thái", "Tạo lúc", "Phiên đang mở"),
        (
            (
                row["name"],
                _ROLE_WORDS.get(str(row["role"]), row["role"]),
                "đang dùng" if row["active"] else "đã gỡ",
                datetime.fromisoformat(str(row["created_at"])).strftime("%d/%m/%Y %H:%M"),
                row["sessions"],
            )
            for row in rows
        ),
    )


def register(app: typer.Typer) -> None:
    """Add the console-account commands to the `admin` group."""
    app.command("create-user", help="Tạo tài khoản đăng nhập trang quản trị web (/admin).")(
        create_user
    )
    app.command(
        "set-password",
        help="Đặt mật khẩu mới cho một tài khoản trang quản trị; mọi phiên đang mở của tài "
        "khoản bị đăng xuất.",
    )(set_password)
    app.command(
        "list-users",
        help="Liệt kê các tài khoản trang quản trị: vai trò, còn dùng hay đã gỡ, số phiên "
        "đang mở.",
    )(list_users)
    app.command(
        "set-role",
        help="Đổi vai trò của một tài khoản trang quản trị (viewer: chỉ xem, editor: biên "
        "tập); có hiệu lực ngay, không phải đăng nhập lại.",
    )(set_role)
    app.command(
        "remove-user",
        help="Gỡ một tài khoản trang quản trị: không đăng nhập được nữa, các phiên đang mở bị "
        "đăng xuất, lịch sử thao tác vẫn giữ tên (tạo lại bằng create-user).",
    )(remove_user)
