"""`cdsbot personal-data export|erase CHANNEL:ID`: one official's data, for the office."""

from __future__ import annotations

import json
from typing import Any

import typer

from bot.assistant import utc_clock
from bot.cli.common import db_session, fail, run, settings_of
from storage import personal

app = typer.Typer(
    help="An official's personal data: see it all, or erase it.", no_args_is_help=True
)

_IDENTITY_HELP = "The account as CHANNEL:ID, e.g. telegram:123456789 (see `cdsbot admin list`)."


def _split(identity: str) -> tuple[str, str]:
    channel, _, external = identity.partition(":")
    if not channel or not external:
        raise fail("IDENTITY must look like CHANNEL:ID, e.g. telegram:123456789")
    return channel, external


@app.command("export")
def export_cmd(
    ctx: typer.Context, identity: str = typer.Argument(..., help=_IDENTITY_HELP)
) -> None:
    """Print everything kept about the person behind IDENTITY, as JSON."""
    settings = settings_of(ctx)
    channel, external = _split(identity)

    async def _export() -> dict[str, Any] | None:
        async with db_session(settings) as session:
            found = await personal.find_identity(session, channel, external)
            return None if found is None else await personal.export(session, found)

    data = run(_export)
    if data is None:
        raise fail(f"no account {channel}:{external[:40]!r} is kept", code=1)
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("erase")
def erase_cmd(
    ctx: typer.Context,
    identity: str = typer.Argument(..., help=_IDENTITY_HELP),
    yes: bool = typer.Option(False, "--yes", help="Erase without asking."),
) -> None:
    """Erase the person behind IDENTITY: name, position, chat ids; their unit's reports stay."""
    settings = settings_of(ctx)
    channel, external = _split(identity)
    if not yes and not typer.confirm(f"Erase {channel}:{external[:40]}?"):
        raise typer.Exit(1)

    async def _erase() -> personal.Erased | None:
        async with db_session(settings) as session:
            found = await personal.find_identity(session, channel, external)
            if found is None:
                return None
            return await personal.erase(session, found, now=utc_clock())

    erased = run(_erase)
    if erased is None:
        raise fail(f"no account {channel}:{external[:40]!r} is kept", code=1)
    typer.echo(
        f"erased: {erased.identities} account(s), {erased.conversations} conversation(s), "
        f"{erased.dropped_messages} queued message(s) dropped"
    )
