"""`cdsbot db ...`: schema migrations."""

from __future__ import annotations

import typer

from bot.cli.common import (
    new_database_here,
    require_database,
    run,
    say_database_created,
    settings_of,
)
from bot.cli.localised import VietnameseTyper
from bot.cli.show import echo

app = VietnameseTyper(help="Phiên bản (lược đồ) của cơ sở dữ liệu.", no_args_is_help=True)


@app.command(
    "upgrade",
    help="Nâng cấp cơ sở dữ liệu lên phiên bản mới nhất (chạy mọi migration còn thiếu).",
)
def upgrade_cmd(ctx: typer.Context) -> None:
    """Apply every pending migration."""
    from storage.db import head_revision, upgrade

    settings = settings_of(ctx)
    created = new_database_here(settings)
    upgrade(settings.database_url)
    if created is not None:
        say_database_created(settings, created)
    echo(f"cơ sở dữ liệu đã ở phiên bản {head_revision()}")


@app.command("current", help="Cho biết phiên bản của cơ sở dữ liệu và phiên bản mã nguồn cần.")
def current_cmd(ctx: typer.Context) -> None:
    """Show the schema revision of the database and of the code."""
    from storage.db import current_revision, head_revision, make_engine

    settings = settings_of(ctx)
    require_database(settings)

    async def _current() -> str | None:
        engine = make_engine(settings.database_url)
        try:
            return await current_revision(engine)
        finally:
            await engine.dispose()

    echo(f"cơ sở dữ liệu: {run(_current) or 'trống'}; mã nguồn: {head_revision()}")
