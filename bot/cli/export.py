"""`cdsbot export`: a survey period as an Excel workbook or a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import (
    cannot_write,
    clauses,
    db_session,
    fail,
    output_format,
    run,
    settings_of,
    writable_target,
)
from bot.cli.localised import PERIOD_HELP, SURVEY_HELP
from bot.cli.show import clean, echo
from bot.config import Settings
from handlers.survey_view import period_problem
from knowledge.periods import typed_period
from knowledge.surveys import InvalidDefinition, load_definitions, period_months

if TYPE_CHECKING:
    from reports.export import ExportTable

FORMATS = ("xlsx", "csv")
HELP = "Xuất một kỳ báo cáo ra tệp Excel hoặc CSV: mỗi đơn vị một dòng, kể cả đơn vị chưa báo cáo."


async def _collect(settings: Settings, *, survey: str, period: str) -> ExportTable:
    from reports.export import collect

    definition = load_definitions()[survey]
    async with db_session(settings) as session:
        return await collect(session, definition, period, zone=settings.zone)


def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", metavar="TỆP", help="Tệp sẽ ghi ra.")],
    survey: str = typer.Option(..., "--survey", metavar="MÃ_BÁO_CÁO", help=SURVEY_HELP),
    period: str = typer.Option(..., "--period", metavar="KỲ", help=PERIOD_HELP),
    fmt: str | None = typer.Option(
        None,
        "--format",
        metavar="xlsx|csv",
        help="Định dạng: xlsx (Excel) hoặc csv; bỏ trống thì theo đuôi .xlsx hoặc .csv của tệp "
        "(tệp không có đuôi: xlsx).",
    ),
) -> None:
    """Export one survey period: a row per unit, reported or not."""
    settings = settings_of(ctx)
    writable_target(out)
    fmt = output_format(out, FORMATS, given=fmt)
    try:
        definitions = load_definitions()
    except InvalidDefinition as error:
        raise fail(f"định nghĩa báo cáo không hợp lệ: {error}") from None
    definition = definitions.get(survey)
    if definition is None:
        raise fail(f"không có báo cáo «{clean(survey, one_line=True)}»; xem `cdsbot surveys list`")
    period = typed_period(period)
    try:
        period_months(definition, period)
    except ValueError:
        raise fail(clauses([period_problem(definition)])) from None
    try:
        table = run(lambda: _collect(settings, survey=survey, period=period))
    except ValueError:
        raise fail(clauses([period_problem(definition)])) from None
    try:
        from reports.export import write_csv, write_xlsx

        (write_csv if fmt == "csv" else write_xlsx)(table, out)
    except OSError as error:
        raise cannot_write(out, error) from None
    echo(f"xuất báo cáo: đã ghi {len(table.rows)} đơn vị vào {out}")
