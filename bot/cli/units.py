"""`cdsbot units ...`: the reporting units."""

from __future__ import annotations

import json

import typer

from bot.cli.common import db_session, run, settings_of
from bot.cli.localised import JSON_HELP, VietnameseTyper
from bot.cli.show import echo, print_table
from bot.config import Settings
from handlers.texts import EXPORT_UNIT_KIND
from storage import queries
from storage.units import province_units

app = VietnameseTyper(
    help="Đơn vị báo cáo (xã, phường, đặc khu và các cơ quan cấp tỉnh).", no_args_is_help=True
)


async def seed_units(settings: Settings) -> int:
    """Insert the province's units that are missing; returns how many were added."""
    async with db_session(settings) as session:
        return await queries.upsert_units(session, province_units())


@app.command(
    "seed",
    help="Nạp các đơn vị hiện nay của tỉnh Quảng Ngãi và các cơ quan cấp tỉnh trong Kế hoạch "
    "(chạy lại không sao).",
)
def seed(ctx: typer.Context) -> None:
    """Load Quảng Ngãi's current units and the plan's provincial bodies (idempotent)."""
    settings = settings_of(ctx)
    added = run(lambda: seed_units(settings))
    echo(f"đơn vị: đã thêm {added}")


@app.command("list", help="Liệt kê các đơn vị.")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """List the units."""
    settings = settings_of(ctx)

    async def _list() -> list[dict[str, str]]:
        async with db_session(settings) as session:
            units = await queries.list_units(session)
            return [{"code": u.code, "name": u.name, "kind": u.kind} for u in units]

    rows = run(_list)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    print_table(
        ("Mã", "Tên", "Loại"),
        ((r["code"], r["name"], EXPORT_UNIT_KIND.get(r["kind"], r["kind"])) for r in rows),
    )
