"""The root `cdsbot` command: run, chat and the sub-command groups."""

from __future__ import annotations

import asyncio

import typer
import uvicorn

from bot import workers as worker_pool
from bot.app import build_services, create_app
from bot.assistant import Assistant
from bot.channels import console
from bot.cli import admin as admin_cli
from bot.cli import broadcast as broadcast_cli
from bot.cli import db as db_cli
from bot.cli import deadlines as deadlines_cli
from bot.cli import export as export_cli
from bot.cli import invite as invite_cli
from bot.cli import kb as kb_cli
from bot.cli import outbox as outbox_cli
from bot.cli import personal as personal_cli
from bot.cli import surveys as surveys_cli
from bot.cli import units as units_cli
from bot.cli import zalo as zalo_cli
from bot.cli.common import fail, load_settings, settings_of
from bot.config import Settings
from storage.db import (
    UPGRADE_COMMAND,
    DatabaseReadOnly,
    SchemaOutOfDate,
    ensure_schema_current,
    ensure_writable,
    make_engine,
    upgrade,
)

app = typer.Typer(
    name="cdsbot",
    help="Trợ lý CĐS: the assistant for Plan 87/KH-UBND (Quảng Ngãi).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_cli.app, name="db")
app.add_typer(units_cli.app, name="units")
app.add_typer(invite_cli.app, name="invite")
app.add_typer(admin_cli.app, name="admin")
app.add_typer(kb_cli.app, name="kb")
app.command("ask")(kb_cli.ask)
app.command("eval")(kb_cli.eval_)
app.add_typer(zalo_cli.app, name="zalo")
app.add_typer(surveys_cli.app, name="surveys")
app.command("export")(export_cli.export)
app.add_typer(deadlines_cli.app, name="deadlines")
app.add_typer(outbox_cli.app, name="outbox")
app.command("broadcast")(broadcast_cli.broadcast)
app.add_typer(personal_cli.app, name="personal-data")


@app.callback()
def root(ctx: typer.Context) -> None:
    """Build the settings once; every command uses them."""
    ctx.obj = load_settings()


def _check_schema(settings: Settings) -> None:
    async def _check() -> None:
        engine = make_engine(settings.database_url)
        try:
            await ensure_schema_current(engine)
        finally:
            await engine.dispose()

    try:
        asyncio.run(_check())
    except SchemaOutOfDate:
        raise fail(f"the database schema is out of date; run `{UPGRADE_COMMAND}`") from None


def _check_writable(settings: Settings) -> None:
    async def _check() -> None:
        engine = make_engine(settings.database_url)
        try:
            await ensure_writable(engine)
        finally:
            await engine.dispose()

    try:
        asyncio.run(_check())
    except DatabaseReadOnly as error:
        raise fail(
            f"the database refuses writes ({error}); check the file's permissions, "
            "the disk's free space and that the mount is not read-only"
        ) from None


def _initialise_embedded(settings: Settings) -> None:
    """On the embedded SQLite database, migrate and seed the units by ourselves."""
    if settings.is_sqlite:
        upgrade(settings.database_url)
        asyncio.run(units_cli.seed_units(settings))


@app.command("run")
def run_cmd(
    ctx: typer.Context,
    init: bool = typer.Option(
        False, "--init", help="Migrate and seed an embedded SQLite database first."
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Worker processes (PostgreSQL and webhook mode only)."
    ),
) -> None:
    """Serve the web chat and every channel whose token is set."""
    settings = settings_of(ctx)
    if (refused := worker_pool.refusal(settings, workers)) is not None:
        raise fail(refused)
    if init:
        _initialise_embedded(settings)
    _check_schema(settings)
    _check_writable(settings)
    if workers > 1:
        typer.echo(f"{workers} workers at http://{settings.web_host}:{settings.web_port}/")
        worker_pool.serve(settings, workers=workers)
        return
    web_app = create_app(settings)
    typer.echo(f"web chat: http://{settings.web_host}:{settings.web_port}/")
    for runner in web_app.state.runners:
        typer.echo(runner.describe())
    uvicorn.run(
        web_app, host=settings.web_host, port=settings.web_port, log_config=None, access_log=False
    )


@app.command("chat")
def chat_cmd(
    ctx: typer.Context,
    as_user: str = typer.Option("console", "--as", help="The user id to chat as."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON line out per line in."),
) -> None:
    """Chat in the terminal (or drive the assistant from a script with --jsonl)."""
    settings = settings_of(ctx)
    _initialise_embedded(settings)
    _check_schema(settings)

    async def _chat() -> None:
        engine = make_engine(settings.database_url)
        assistant = Assistant(engine=engine, services=build_services(settings))
        try:
            if jsonl:
                await console.run_jsonl(assistant, user_id=as_user)
            else:
                await console.run_interactive(assistant, user_id=as_user)
        finally:
            await engine.dispose()

    asyncio.run(_chat())


def main() -> None:
    """Console-script entry point."""
    app()
