"""`cdsbot invite ...`: invite codes that register officials for a unit."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import db_session, fail, run, settings_of
from handlers.errors import InviteNotFound, UnknownUnit
from handlers.invites import CreatedInvite, create_invite, revoke_invite
from storage import invites as store
from storage.models import Role

app = typer.Typer(help="Invite codes for officials to register.", no_args_is_help=True)

_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_ROLE_OPTION = typer.Option(Role.MEMBER, "--role", help="The role officials get.")


def parse_duration(text: str) -> timedelta:
    """`14d`, `48h`, `30m` or `2w` as a positive duration."""
    match = _DURATION.match(text)
    if not match or int(match[1]) == 0:
        raise ValueError(text)
    return timedelta(**{_UNITS[match[2].lower()]: int(match[1])})


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


@app.command("create")
def create(
    ctx: typer.Context,
    unit: str = typer.Option(..., "--unit", help="The unit's code (see `cdsbot units list`)."),
    uses: int = typer.Option(1, "--uses", min=1, help="How many officials may use the code."),
    expires: str = typer.Option("14d", "--expires", help="Validity: 14d, 48h, 30m, 2w."),
    role: Role = _ROLE_OPTION,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create a code (shown once, stored only hashed) and its Telegram link."""
    settings = settings_of(ctx)
    try:
        ttl = parse_duration(expires)
    except ValueError:
        raise fail("--expires must look like 14d, 48h, 30m or 2w") from None

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
        raise fail(f"no unit with code {unit!r}; see `cdsbot units list`") from None
    if as_json:
        typer.echo(json.dumps(_created_json(created), ensure_ascii=False))
        return
    typer.echo(f"invite {created.invite_id} for {created.unit_name} ({created.unit_code})")
    typer.echo(f"code: {created.code}")
    if created.link:
        typer.echo(f"link: {created.link}")
    typer.echo(
        f"role: {created.role.value}; uses: {created.max_uses}; "
        f"expires: {created.expires_at.astimezone(settings.zone):%Y-%m-%d %H:%M %Z}"
    )
    typer.echo("The code is shown only now; it is stored hashed.")


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """List invites (codes are never shown again)."""
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
    table = Table("Id", "Unit", "Role", "Uses", "Expires", "Status")
    for row in rows:
        expires_at = datetime.fromisoformat(str(row["expires_at"])).astimezone(settings.zone)
        table.add_row(
            str(row["id"]),
            f"{row['unit_name']} ({row['unit']})",
            str(row["role"]),
            f"{row['uses']}/{row['max_uses']}",
            f"{expires_at:%Y-%m-%d %H:%M}",
            str(row["status"]),
        )
    Console().print(table)


@app.command("revoke")
def revoke(ctx: typer.Context, ref: str = typer.Argument(..., metavar="CODE_OR_ID")) -> None:
    """Revoke an invite by its id or its code."""
    settings = settings_of(ctx)

    async def _revoke() -> bool:
        async with db_session(settings) as session:
            return await revoke_invite(
                session, ref, pepper=settings.invite_pepper_value(), now=datetime.now(UTC)
            )

    try:
        changed = run(_revoke)
    except InviteNotFound:
        raise fail("no invite with that id or code") from None
    typer.echo("invite revoked" if changed else "invite was already revoked")
