"""`cdsbot personal-data export|erase CHANNEL:ID`: one official's data, for the office."""

from __future__ import annotations

import json
from typing import Any

import typer

from bot.assistant import utc_clock
from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import VietnameseTyper, confirm
from bot.cli.show import clean
from storage import personal

app = VietnameseTyper(
    help="Dữ liệu cá nhân của một cán bộ: xem toàn bộ, hoặc xóa.", no_args_is_help=True
)

_IDENTITY = typer.Argument(
    ...,
    metavar="TÀI_KHOẢN",
    help="Tài khoản dạng kênh:mã, ví dụ telegram:123456789 (xem `cdsbot admin list`).",
)


def _split(identity: str) -> tuple[str, str]:
    channel, _, external = identity.partition(":")
    if not channel or not external:
        raise fail("TÀI_KHOẢN phải có dạng kênh:mã, ví dụ telegram:123456789")
    return channel, external


def _shown(channel: str, external: str) -> str:
    return clean(f"{channel}:{external[:40]}", one_line=True)


@app.command("export", help="In dạng JSON mọi dữ liệu đang lưu về người dùng TÀI_KHOẢN.")
def export_cmd(ctx: typer.Context, identity: str = _IDENTITY) -> None:
    """Print everything kept about the person behind IDENTITY, as JSON."""
    settings = settings_of(ctx)
    channel, external = _split(identity)

    async def _export() -> dict[str, Any] | None:
        async with db_session(settings) as session:
            found = await personal.find_identity(session, channel, external)
            return None if found is None else await personal.export(session, found)

    data = run(_export)
    if data is None:
        raise fail(f"không có dữ liệu nào về tài khoản {_shown(channel, external)}", code=1)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command(
    "erase",
    help="Xóa dữ liệu của người dùng TÀI_KHOẢN: họ tên, chức vụ, mã trò chuyện; báo cáo của "
    "đơn vị vẫn được giữ.",
)
def erase_cmd(
    ctx: typer.Context,
    identity: str = _IDENTITY,
    yes: bool = typer.Option(False, "--yes", metavar="", help="Xóa luôn, không hỏi lại."),
) -> None:
    """Erase the person behind IDENTITY: name, position, chat ids; their unit's reports stay."""
    settings = settings_of(ctx)
    channel, external = _split(identity)
    if not yes and not confirm(f"Xóa dữ liệu của {_shown(channel, external)}?"):
        raise fail("chưa xóa gì", code=1)

    async def _erase() -> personal.Erased | None:
        async with db_session(settings) as session:
            found = await personal.find_identity(session, channel, external)
            if found is None:
                return None
            return await personal.erase(session, found, now=utc_clock())

    erased = run(_erase)
    if erased is None:
        raise fail(f"không có dữ liệu nào về tài khoản {_shown(channel, external)}", code=1)
    typer.echo(
        f"đã xóa: {erased.identities} tài khoản, {erased.conversations} cuộc trò chuyện; "
        f"bỏ {erased.dropped_messages} tin đang chờ gửi"
    )
