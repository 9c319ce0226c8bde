"""`cdsbot units ...`: the reporting units."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import db_session, run, settings_of
from bot.config import Settings
from storage import queries
from storage.units import province_units

app = typer.Typer(
    help="Reporting units (communes, wards, provincial bodies).", no_args_is_help=True
)


async def seed_units(settings: Settings) -> int:
    """Insert the province's units that are missing; returns how many were added."""
    async with db_session(settings) as session:
        return await queries.upsert_units(session, province_units())


@app.command("seed")
def seed(ctx: typer.Context) -> None:
    """Load Quảng Ngãi's current units and the plan's provincial bodies (idempotent)."""
    settings = settings_of(ctx)
    added = run(lambda: seed_units(settings))
    typer.echo(f"units: {added} added")


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
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
    table = Table("Mã", "Tên", "Loại")
    for row in rows:
        table.add_row(row["code"], row["name"], row["kind"])
    Console().print(table)
