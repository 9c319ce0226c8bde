"""`cdsbot personal-data export|erase CHANNEL:ID`: one official's data, for the office."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import VietnameseTyper, confirm
from bot.cli.show import clean, echo
from handlers import texts

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from storage import personal

app = VietnameseTyper(
    help="Dữ liệu cá nhân của một cán bộ: xem toàn bộ, hoặc xoá.", no_args_is_help=True
)

_IDENTITY = typer.Argument(
    ...,
    metavar="TÀI_KHOẢN",
    help="Tài khoản dạng kênh:mã, ví dụ telegram:123456789, hoặc official:SỐ cho hồ sơ một "
    "cán bộ, kể cả cán bộ đã ngừng kích hoạt (số id trong `cdsbot admin list`, hoặc ở trang "
    "đơn vị của bảng điều khiển).",
)
# `official:ID`: one person record, found even once every account was taken away from it.
OFFICIAL = "official"


def _split(identity: str) -> tuple[str, str]:
    channel, _, external = identity.partition(":")
    if not channel or not external:
        raise fail("TÀI_KHOẢN phải có dạng kênh:mã, ví dụ telegram:123456789, hoặc official:SỐ")
    if channel == OFFICIAL and not external.isdigit():
        raise fail("official:SỐ cần số id của cán bộ, ví dụ official:12")
    return channel, external


def _shown(channel: str, external: str) -> str:
    return clean(f"{channel}:{external[:40]}", one_line=True)


def _nothing(channel: str, external: str) -> typer.Exit:
    about = "cán bộ" if channel == OFFICIAL else "tài khoản"
    return fail(f"không có dữ liệu nào về {about} {_shown(channel, external)}", code=1)


async def _kept(session: AsyncSession, channel: str, external: str) -> personal.Kept | None:
    from storage import personal

    if channel == OFFICIAL:
        official = await personal.find_official(session, int(external))
        return None if official is None else await personal.collect_official(session, official)
    found = await personal.find_identity(session, channel, external)
    return None if found is None else await personal.collect(session, found)


@app.command("export", help="In dạng JSON mọi dữ liệu đang lưu về người dùng TÀI_KHOẢN.")
def export_cmd(ctx: typer.Context, identity: str = _IDENTITY) -> None:
    """Print everything kept about the person behind IDENTITY, as JSON."""
    from storage import personal

    settings = settings_of(ctx)
    channel, external = _split(identity)

    async def _export() -> dict[str, Any] | None:
        async with db_session(settings) as session:
            kept = await _kept(session, channel, external)
            return None if kept is None else personal.as_json(kept)

    data = run(_export)
    if data is None:
        raise _nothing(channel, external)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _said(erased: personal.Erased) -> list[str]:
    """What an erasure did and kept, in two lines."""
    done = (
        f"{erased.identities} tài khoản, {erased.conversations} cuộc trò chuyện; "
        f"bỏ {erased.dropped_messages} tin đang chờ gửi"
    )
    if not erased.officials:
        return [
            f"đã xoá: {done}",
            "giữ lại: không có họ tên, chức vụ nào (tài khoản chưa đăng ký với đơn vị nào)",
        ]
    people = ", ".join(
        f"official:{official_id}" + (f" ({unit})" if unit else "")
        for official_id, unit in erased.officials
    )
    whose = "cán bộ" if len(erased.officials) == 1 else "các cán bộ"
    kept = (
        f"giữ lại: {erased.reports_kept} báo cáo của đơn vị mà {whose} này đã nhập hoặc sửa "
        f"(người cập nhật ghi là «{texts.FORMER_OFFICIAL}»)"
    )
    if erased.accounts_kept:
        kept += f"; {erased.accounts_kept} tài khoản đã đăng ký lại cho hồ sơ khác"
    return [f"đã xoá: họ tên, chức vụ của {whose} {people}; {done}", kept]


def _question(kept: personal.Kept, channel: str, external: str) -> str:
    """The confirmation, naming whose data goes (name and unit) before it cannot be undone."""
    what = ("hồ sơ cán bộ " if channel == OFFICIAL else "tài khoản ") + _shown(channel, external)
    person, unit = (kept.official, kept.unit) if kept.official else (kept.former, kept.former_unit)
    if person is not None and person.full_name:
        where = f" ({unit.name})" if unit is not None else ""
        what = clean(f"{person.full_name}{where}", one_line=True) + f", {what}"
    return f"Xoá dữ liệu của {what}? Không thể hoàn tác."


@app.command(
    "erase",
    help="Xoá dữ liệu của người dùng TÀI_KHOẢN: họ tên, chức vụ, mã trò chuyện (cả hồ sơ cán "
    "bộ mà tài khoản đã bị gỡ khỏi); báo cáo của đơn vị vẫn được giữ.",
)
def erase_cmd(
    ctx: typer.Context,
    identity: str = _IDENTITY,
    yes: bool = typer.Option(False, "--yes", metavar="", help="Xoá luôn, không hỏi lại."),
) -> None:
    """Erase the person behind IDENTITY: name, position, chat ids; their unit's reports stay."""
    from storage import personal

    settings = settings_of(ctx)
    channel, external = _split(identity)
    if not yes:

        async def _whose() -> str | None:
            async with db_session(settings) as session:
                kept = await _kept(session, channel, external)
                return None if kept is None else _question(kept, channel, external)

        question = run(_whose)
        if question is None:
            raise _nothing(channel, external)
        if not confirm(question):
            raise fail("chưa xoá gì", code=1)

    async def _erase() -> personal.Erased | None:
        async with db_session(settings) as session:
            if channel == OFFICIAL:
                official = await personal.find_official(session, int(external))
                if official is None:
                    return None
                return await personal.erase_official(session, official, now=datetime.now(UTC))
            found = await personal.find_identity(session, channel, external)
            if found is None:
                return None
            return await personal.erase(session, found, now=datetime.now(UTC))

    erased = run(_erase)
    if erased is None:
        raise _nothing(channel, external)
    for line in _said(erased):
        echo(line)
