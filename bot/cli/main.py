"""The root `cdsbot` command: run, chat and the sub-command groups."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

import typer
from pydantic import ValidationError

from bot.cli import admin as admin_cli
from bot.cli import broadcast as broadcast_cli
from bot.cli import console_users
from bot.cli import db as db_cli
from bot.cli import deadlines as deadlines_cli
from bot.cli import export as export_cli
from bot.cli import invite as invite_cli
from bot.cli import kb as kb_cli
from bot.cli import outbox as outbox_cli
from bot.cli import personal as personal_cli
from bot.cli import report as report_cli
from bot.cli import surveys as surveys_cli
from bot.cli import units as units_cli
from bot.cli import zalo as zalo_cli
from bot.cli.common import (
    EXIT_TEMPORARY,
    EXIT_USAGE,
    fail,
    load_settings,
    new_database_here,
    require_database,
    say_database_created,
    schema_problem,
    settings_of,
)
from bot.cli.localised import VietnameseTyper
from bot.cli.show import clean, echo
from bot.config import Settings

# The command modules import what a command needs inside it: `cdsbot --help` and a one-shot
# command start without the web app, the channels and the libraries they alone use.
if TYPE_CHECKING:
    import socket

    from bot.cli.stopping import StopSignals

app = VietnameseTyper(
    name="cdsbot",
    help="Trợ lý CĐS: hỏi đáp, báo cáo và nhắc hạn cho Kế hoạch 87/KH-UBND tỉnh Quảng Ngãi.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_cli.app, name="db")
app.add_typer(units_cli.app, name="units")
app.add_typer(invite_cli.app, name="invite")
app.add_typer(admin_cli.app, name="admin")
console_users.register(admin_cli.app)
app.add_typer(kb_cli.app, name="kb")
app.command("ask", help=kb_cli.ASK_HELP)(kb_cli.ask)
app.command("eval", help=kb_cli.EVAL_HELP)(kb_cli.eval_)
app.add_typer(zalo_cli.app, name="zalo")
app.add_typer(surveys_cli.app, name="surveys")
app.command("export", help=export_cli.HELP)(export_cli.export)
app.add_typer(deadlines_cli.app, name="deadlines")
app.add_typer(outbox_cli.app, name="outbox")
app.command("broadcast", help=broadcast_cli.HELP)(broadcast_cli.broadcast)
app.command("report", help=report_cli.HELP)(report_cli.report)
app.add_typer(personal_cli.app, name="personal-data")


@app.callback()
def root(ctx: typer.Context) -> None:
    """Build the settings once; every command uses them."""
    ctx.obj = load_settings()


def _check_schema(settings: Settings) -> None:
    from storage.db import SchemaOutOfDate, ensure_schema_current, make_engine

    require_database(settings)

    async def _check() -> None:
        engine = make_engine(settings.database_url)
        try:
            await ensure_schema_current(engine)
        finally:
            await engine.dispose()

    try:
        asyncio.run(_check())
    except SchemaOutOfDate as error:
        raise fail(schema_problem(error)) from None


def _check_writable(settings: Settings) -> None:
    from storage.db import DatabaseReadOnly, ensure_writable, make_engine

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
            f"cơ sở dữ liệu không cho ghi ({error}); hãy kiểm tra quyền của tệp, dung lượng "
            "đĩa còn trống và ổ đĩa không bị gắn chỉ đọc (DATABASE_URL)"
        ) from None


def _register_webhooks(settings: Settings) -> None:
    """Before the workers start: a token or webhook the platform refuses is one line here
    (through `main`), not a failure inside each worker."""
    from bot.channels import telegram, zalo

    asyncio.run(telegram.register_webhook(settings))
    asyncio.run(zalo.register_webhook(settings))


def _initialise_embedded(settings: Settings) -> None:
    """On the embedded SQLite database, migrate and seed the units by ourselves."""
    from storage.db import SchemaNewer, upgrade

    if settings.is_sqlite:
        created = new_database_here(settings)
        try:
            upgrade(settings.database_url)
        except SchemaNewer as error:
            raise fail(schema_problem(error)) from None
        if created is not None:
            say_database_created(settings, created)
        _, retired = asyncio.run(units_cli.seed_units(settings))
        for unit in retired:
            echo(units_cli.retired_line(unit), err=True)


@app.command("run", help="Chạy trò chuyện web và mọi kênh đã đặt token.")
def run_cmd(
    ctx: typer.Context,
    init: bool = typer.Option(
        False,
        "--init",
        metavar="",
        help="Trước khi chạy, nâng cấp cơ sở dữ liệu SQLite nhúng và nạp danh sách đơn vị.",
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        metavar="SỐ",
        help="Số tiến trình phục vụ (số nguyên, ít nhất 1; trên 1 chỉ với PostgreSQL "
        "và chế độ webhook).",
    ),
) -> None:
    """Serve the web chat and every channel whose token is set."""
    from bot import logging as bot_logging
    from bot import workers as worker_pool
    from bot.cli.startup import PortBusy, bind_web_socket, startup_lines
    from bot.cli.stopping import STOPPED_LINE, WORKER_FAILED_LINE, StopSignals

    settings = settings_of(ctx)
    # A server: JSON log lines at LOG_LEVEL, for journald (one-shot commands speak Vietnamese).
    bot_logging.configure(settings.log_level, secrets=settings.secret_values())
    if (refused := worker_pool.refusal(settings, workers)) is not None:
        raise fail(refused)
    if workers > 1:
        # The port first, as below: uvicorn binds it again in this process, just after.
        try:
            bind_web_socket(settings.web_host, settings.web_port).close()
        except PortBusy as error:
            raise fail(str(error)) from None
        if init:
            _initialise_embedded(settings)
        _check_schema(settings)
        _check_writable(settings)
        _register_webhooks(settings)
        # What every worker process starts.
        channels = list(settings.push_channels)
        for line in startup_lines(settings, channels=channels, workers=workers):
            echo(line)
        if not worker_pool.serve(settings, workers=workers):
            raise fail(WORKER_FAILED_LINE, code=1)
        return
    # Ctrl-C and SIGTERM stop the run in order from here on, never half-way through a step.
    stop = StopSignals()
    stop.install()
    # The port first: a busy one is one line and exit 2, before anything starts.
    try:
        sock = bind_web_socket(settings.web_host, settings.web_port)
    except PortBusy as error:
        raise fail(str(error)) from None
    with sock:
        if init:
            _initialise_embedded(settings)
        _check_schema(settings)
        _check_writable(settings)
        if stop.received is None:
            _serve_one(settings, sock, stop)
    echo(STOPPED_LINE)


def _serve_one(settings: Settings, sock: socket.socket, stop: StopSignals) -> None:
    """Serve on `sock` in this process until a stop signal."""
    import uvicorn

    from bot.app import create_app
    from bot.cli.startup import startup_lines
    from bot.cli.stopping import SignalServer

    web_app = create_app(settings)
    config = uvicorn.Config(web_app, log_config=None, access_log=False, lifespan="off")

    # The lifespan runs here rather than inside uvicorn, so that a failed start-up
    # (database or a platform unreachable, a token refused) reaches `main` as an exception.
    async def _serve() -> None:
        stop.starting(asyncio.current_task())
        async with web_app.router.lifespan_context(web_app):
            server = SignalServer(config)
            stop.serving(server)
            if stop.received is None:
                channels = [runner.name for runner in web_app.state.runners]
                for line in startup_lines(settings, channels=channels):
                    echo(line)
            await server.serve(sockets=[sock])

    try:
        asyncio.run(_serve())
    except asyncio.CancelledError:
        # A second signal abandoned a start-up that hung; the lifespan has unwound.
        if stop.received is None:
            raise


@app.command(
    "chat",
    help="Trò chuyện với trợ lý ngay trong cửa sổ dòng lệnh (hoặc từ một script, với --jsonl).",
)
def chat_cmd(
    ctx: typer.Context,
    as_user: str = typer.Option(
        "console",
        "--as",
        metavar="ID",
        help="Mã người dùng khi trò chuyện: tài khoản console:ID.",
    ),
    jsonl: bool = typer.Option(
        False,
        "--jsonl",
        metavar="",
        help="Mỗi dòng vào là một tin nhắn; mỗi tin in ra đúng một dòng JSON.",
    ),
) -> None:
    """Chat in the terminal (or drive the assistant from a script with --jsonl)."""
    from bot.app import build_services
    from bot.assistant import Assistant
    from bot.channels import console
    from storage.db import make_engine

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
                await console.run_interactive(assistant, user_id=as_user, shown=clean)
        finally:
            await engine.dispose()

    asyncio.run(_chat())


def main() -> None:
    """Console-script entry point: settings problems end in one line and exit 2; a service
    that cannot be reached now (the database, a platform's API) in one line and exit 75."""
    try:
        app()
    except Exception as error:
        from bot.cli.failures import failure

        try:
            settings: Settings | None = Settings()
        except ValidationError:
            settings = None
        found = None if settings is None else failure(error, settings)
        if found is None:
            raise
        echo(f"cdsbot: {found.line}", err=True)
        sys.exit(EXIT_TEMPORARY if found.temporary else EXIT_USAGE)
