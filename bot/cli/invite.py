"""`cdsbot invite ...`: invite codes that register officials for a unit."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import JSON_HELP, VietnameseTyper
from bot.cli.show import echo, print_table
from bot.cli.units import unknown_unit
from bot.config import Settings
from storage.kinds import Role

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from handlers.invites import CreatedInvite

app = VietnameseTyper(help="Mã mời để cán bộ đăng ký vào một đơn vị.", no_args_is_help=True)

_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# A code lives at most this long (a typo such as 14000d is a mistake, and past the calendar's
# end the expiry cannot even be stored).
_MAX_TTL = timedelta(days=3650)
_ROLE_OPTION = typer.Option(
    Role.MEMBER,
    "--role",
    metavar="member|admin",
    help="Vai trò của người dùng mã: member (cán bộ) hoặc admin (quản trị).",
)
_STATUS_NAMES = {
    "active": "còn hiệu lực",
    "revoked": "đã thu hồi",
    "expired": "hết hạn",
    "used": "đã dùng hết",
}


# An admin code for a unit other than the coordinating office's: allowed (a commune's
# chairman may follow the province), but the role's reach is province-wide.
PROVINCE_WIDE = (
    "cdsbot: cảnh báo: quyền quản trị áp dụng cho toàn tỉnh, không riêng {unit}: người dùng "
    "mã xem được tiến độ báo cáo của mọi đơn vị (/tiendo) và gửi được thông báo tới tất cả "
    "các đơn vị (/thongbao); mã quản trị thường chỉ cấp cho {office}"
)


def _coordinating(settings: Settings, created: CreatedInvite) -> bool:
    """Whether the invite's unit is the coordinating office (by name, or by its code)."""
    office = settings.coordinating_office.casefold().strip()
    return (
        created.unit_name.casefold().strip() == office
        or created.unit_code == settings.report_issuer_code
    )


def parse_duration(text: str) -> timedelta:
    """`14d`, `48h`, `30m` or `2w` as a positive duration; the ValueError says, in the
    operator's words, what is wrong with `--expires`."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError("--expires phải có dạng 14d, 48h, 30m hoặc 2w (ngày, giờ, phút, tuần)")
    amount = int(match[1])
    if amount == 0:
        raise ValueError("--expires phải lớn hơn 0")
    try:
        ttl = timedelta(**{_UNITS[match[2].lower()]: amount})
    except OverflowError:
        ttl = _MAX_TTL + timedelta(days=1)
    if ttl > _MAX_TTL:
        raise ValueError(f"--expires dài quá {_MAX_TTL.days} ngày (10 năm)")
    return ttl


def _local(moment: str, zone: ZoneInfo) -> str:
    return f"{datetime.fromisoformat(moment).astimezone(zone):%d/%m/%Y %H:%M}"


def _created_json(created: CreatedInvite) -> dict[str, object]:
    return {
        "id": created.invite_id,
        "code": created.code,
        "link": created.link,
        "unit": created.unit_code,
        "unit_name": created.unit_name,
        "role": created.role.value,
        "uses": created.max_uses,
        "expires_at": created.expires_at.isoformat(),
    }


@app.command(
    "create",
    help="Tạo mã mời (chỉ hiện một lần, hệ thống chỉ lưu bản băm) và liên kết Telegram của mã.",
)
def create(
    ctx: typer.Context,
    unit: str = typer.Option(
        ..., "--unit", metavar="MÃ_ĐƠN_VỊ", help="Mã đơn vị (xem `cdsbot units list`)."
    ),
    uses: int = typer.Option(
        1,
        "--uses",
        min=1,
        metavar="SỐ",
        help="Số cán bộ được dùng mã (số nguyên, ít nhất 1).",
    ),
    expires: str = typer.Option(
        "14d",
        "--expires",
        metavar="THỜI_HẠN",
        help="Thời hạn của mã: 14d (ngày), 48h (giờ), 30m (phút) hoặc 2w (tuần).",
    ),
    role: Role = _ROLE_OPTION,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """Create a code (shown once, stored only hashed) and its Telegram link."""
    from bot.pepper import warn_if_pepper_derived
    from handlers import texts
    from handlers.errors import UnknownUnit
    from handlers.invites import create_invite

    settings = settings_of(ctx)
    try:
        ttl = parse_duration(expires)
    except ValueError as error:
        raise fail(str(error)) from None

    async def _create() -> CreatedInvite:
        async with db_session(settings) as session:
            return await create_invite(
                session,
                unit_code=unit,
                role=role,
                max_uses=uses,
                ttl=ttl,
                pepper=settings.invite_pepper_value(),
                now=datetime.now(UTC),
                bot_username=settings.telegram_bot_username,
            )

    try:
        created = run(_create)
    except UnknownUnit:
        raise unknown_unit(settings, unit) from None
    # Only once a code exists: a refused command line stays one line.
    warn_if_pepper_derived(settings)
    if created.role is Role.ADMIN and not _coordinating(settings, created):
        echo(PROVINCE_WIDE.format(unit=created.unit_name, office=settings.coordinating_office),
             err=True)  # fmt: skip
    if as_json:
        typer.echo(json.dumps(_created_json(created), ensure_ascii=False))
        return
    expires_at = created.expires_at.astimezone(settings.zone)
    echo(f"Mã mời số {created.invite_id} cho {created.unit_name} ({created.unit_code})")
    echo(f"Mã: {created.code}")
    if created.link:
        echo(f"Liên kết: {created.link}")
    echo(
        f"Vai trò: {texts.ROLE_NAMES.get(created.role.value, created.role.value)}; "
        f"số lượt dùng: {created.max_uses}; hết hạn: {expires_at:%d/%m/%Y %H:%M}"
    )
    echo("Mã chỉ hiện một lần này; hệ thống chỉ lưu bản băm của mã.")


@app.command("list", help="Liệt kê các mã mời (không bao giờ hiện lại mã).")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """List invites (codes are never shown again)."""
    from handlers import texts
    from storage import invites as store

    settings = settings_of(ctx)

    async def _list() -> list[dict[str, object]]:
        now = datetime.now(UTC)
        async with db_session(settings) as session:
            return [
                {
                    "id": invite.id,
                    "unit": unit.code,
                    "unit_name": unit.name,
                    "role": invite.role,
                    "uses": invite.uses,
                    "max_uses": invite.max_uses,
                    "expires_at": invite.expires_at.isoformat(),
                    "status": store.status_of(invite, now=now).value,
                }
                for invite, unit in await store.list_invites(session)
            ]

    rows = run(_list)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    print_table(
        ("Id", "Đơn vị", "Vai trò", "Đã dùng", "Hết hạn", "Trạng thái"),
        (
            (
                row["id"],
                f"{row['unit_name']} ({row['unit']})",
                texts.ROLE_NAMES.get(str(row["role"]), row["role"]),
                f"{row['uses']}/{row['max_uses']}",
                _local(str(row["expires_at"]), settings.zone),
                _STATUS_NAMES.get(str(row["status"]), row["status"]),
            )
            for row in rows
        ),
    )


@app.command("revoke", help="Thu hồi một mã mời, theo id hoặc theo chính mã.")
def revoke(
    ctx: typer.Context,
    ref: str = typer.Argument(
        ...,
        metavar="MÃ_HOẶC_ID",
        help="Chính mã mời, hoặc id của nó (xem `cdsbot invite list`).",
    ),
) -> None:
    """Revoke an invite by its id or its code."""
    from handlers.errors import InviteNotFound
    from handlers.invites import revoke_invite

    settings = settings_of(ctx)

    async def _revoke() -> bool:
        async with db_session(settings) as session:
            return await revoke_invite(
                session, ref, pepper=settings.invite_pepper_value(), now=datetime.now(UTC)
            )

    try:
        changed = run(_revoke)
    except InviteNotFound:
        raise fail("không có mã mời nào với id hoặc mã này") from None
    echo("đã thu hồi mã mời" if changed else "mã mời này đã bị thu hồi từ trước")
