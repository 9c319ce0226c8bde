"""`cdsbot admin ...`: who administers the assistant; unbinding an account from its official.

IDENTITY is `channel:external_id` (e.g. `telegram:12345`) or an identity id. Roles belong to
officials, so granting needs an identity already registered with an invite (or use
`cdsbot invite create --role admin`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import JSON_HELP, VietnameseTyper
from bot.cli.show import clean, echo
from bot.config import Settings
from storage.kinds import Role

app = VietnameseTyper(
    help="Quản trị viên, và tài khoản trò chuyện gắn với cán bộ.", no_args_is_help=True
)
_IDENTITY = typer.Argument(
    ...,
    metavar="TÀI_KHOẢN",
    help="Tài khoản dạng kênh:mã, ví dụ telegram:12345, hoặc số id của tài khoản.",
)


def _set_role(settings: Settings, ref: str, role: Role) -> bool:
    from handlers import access
    from handlers.errors import IdentityNotBound, IdentityNotFound

    async def _run() -> bool:
        async with db_session(settings) as session:
            return await access.set_role(session, ref, role=role, now=datetime.now(UTC))

    try:
        return run(_run)
    except IdentityNotFound:
        raise fail(
            f"không có tài khoản «{clean(ref, one_line=True)}» "
            "(ghi kênh:mã, ví dụ telegram:12345, hoặc số id của tài khoản)"
        ) from None
    except IdentityNotBound:
        raise fail(
            f"tài khoản «{clean(ref, one_line=True)}» chưa đăng ký; người dùng phải nhập mã mời "
            "trước (hoặc tạo mã mời quản trị: `cdsbot invite create --role admin`)"
        ) from None


@app.command("grant", help="Cấp quyền quản trị cho cán bộ gắn với TÀI_KHOẢN.")
def grant(ctx: typer.Context, identity: str = _IDENTITY) -> None:
    """Make the official bound to IDENTITY an admin."""
    changed = _set_role(settings_of(ctx), identity, Role.ADMIN)
    echo("đã cấp quyền quản trị" if changed else "tài khoản này đã có quyền quản trị")


@app.command(
    "revoke", help="Thu hồi quyền quản trị của cán bộ gắn với TÀI_KHOẢN (trở lại vai trò cán bộ)."
)
def revoke(ctx: typer.Context, identity: str = _IDENTITY) -> None:
    """Make the official bound to IDENTITY a plain member again."""
    changed = _set_role(settings_of(ctx), identity, Role.MEMBER)
    echo("đã thu hồi quyền quản trị" if changed else "tài khoản này không có quyền quản trị")


@app.command(
    "unbind",
    help="Gỡ TÀI_KHOẢN khỏi cán bộ để tài khoản đăng ký lại (ví dụ cho một đơn vị khác).",
)
def unbind(ctx: typer.Context, identity: str = _IDENTITY) -> None:
    """Detach IDENTITY from its official so it can register again (e.g. for another unit)."""
    from handlers import access
    from handlers.errors import IdentityNotFound

    settings = settings_of(ctx)

    async def _run() -> bool:
        async with db_session(settings) as session:
            return await access.unbind(session, identity, now=datetime.now(UTC))

    try:
        changed = run(_run)
    except IdentityNotFound:
        raise fail(f"không có tài khoản «{clean(identity, one_line=True)}»") from None
    echo("đã gỡ tài khoản khỏi cán bộ" if changed else "tài khoản chưa gắn với cán bộ nào")


@app.command("list", help="Liệt kê quản trị viên cùng đơn vị và các tài khoản của họ.")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """List admins with their unit and identities."""
    from handlers.accounts import account_ref
    from storage import invites as store

    settings = settings_of(ctx)

    async def _list() -> list[dict[str, object]]:
        async with db_session(settings) as session:
            return [
                {
                    "official_id": official.id,
                    "name": official.full_name,
                    "position": official.position,
                    "unit": unit.code if unit else None,
                    "unit_name": unit.name if unit else None,
                    "identities": [account_ref(i) for i in identities],
                }
                for official, unit, identities in await store.officials_with_role(
                    session, Role.ADMIN
                )
            ]

    rows = run(_list)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        echo("chưa có quản trị viên nào")
    for row in rows:
        identities = row["identities"]
        shown = ", ".join(identities) if isinstance(identities, list) else ""
        # The unit as invites name it: «Xã An Phú (21034)».
        unit = f"{row['unit_name']} ({row['unit']})" if row["unit"] else "không đơn vị"
        echo(f"{row['official_id']}: {row['name']}, {unit} [{shown}]")
