"""`cdsbot db ...`: schema migrations."""

from __future__ import annotations

import typer

from bot.cli.common import (
    fail,
    new_database_here,
    require_database,
    run,
    say_database_created,
    schema_problem,
    settings_of,
)
from bot.cli.localised import VietnameseTyper
from bot.cli.show import clean, echo

app = VietnameseTyper(help="Phiên bản (lược đồ) của cơ sở dữ liệu.", no_args_is_help=True)


@app.command(
    "upgrade",
    help="Nâng cấp cơ sở dữ liệu lên phiên bản mới nhất (chạy mọi migration còn thiếu).",
)
def upgrade_cmd(ctx: typer.Context) -> None:
    """Apply every pending migration."""
    from storage.db import SchemaNewer, head_revision, upgrade

    settings = settings_of(ctx)
    created = new_database_here(settings)
    try:
        before = upgrade(settings.database_url)
    except SchemaNewer as error:
        raise fail(schema_problem(error)) from None
    if created is not None:
        say_database_created(settings, created)
    head = head_revision()
    if before == head:
        echo(f"không có gì cần nâng cấp: cơ sở dữ liệu đã ở phiên bản {head}")
    elif before is None:
        echo(f"đã tạo các bảng của cơ sở dữ liệu trống, phiên bản {head}")
    else:
        echo(f"đã nâng cấp cơ sở dữ liệu từ phiên bản {before} lên {head}")


@app.command("current", help="Cho biết phiên bản của cơ sở dữ liệu và phiên bản mã nguồn cần.")
def current_cmd(ctx: typer.Context) -> None:
    """Show the schema revision of the database and of the code."""
    from storage.db import current_revision, head_revision, is_known_revision, make_engine

    settings = settings_of(ctx)
    require_database(settings)

    async def _current() -> str | None:
        engine = make_engine(settings.database_url)
        try:
            return await current_revision(engine)
        finally:
            await engine.dispose()

    current, head = run(_current), head_revision()
    line = f"cơ sở dữ liệu: {clean(current or 'trống', one_line=True)}; mã nguồn: {head}"
    if current is not None and not is_known_revision(current):
        line += " (cơ sở dữ liệu thuộc một phiên bản mới hơn của Trợ lý CĐS)"
    elif current != head:
        line += " (cần chạy `cdsbot db upgrade`)"
    echo(line)
