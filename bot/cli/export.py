"""`cdsbot export`: a survey period as an Excel workbook or a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.config import Settings
from handlers.survey_view import period_problem
from knowledge.surveys import InvalidDefinition, load_definitions, period_months
from reports.export import collect, write_csv, write_xlsx

Format = Literal["xlsx", "csv"]


async def export_survey(
    settings: Settings, *, survey: str, period: str, fmt: Format, out: Path
) -> int:
    """Write the export; returns the number of unit rows."""
    definition = load_definitions()[survey]
    async with db_session(settings) as session:
        table = await collect(session, definition, period, zone=settings.zone)
    (write_xlsx if fmt == "xlsx" else write_csv)(table, out)
    return len(table.rows)


def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    survey: str = typer.Option(..., "--survey", help="Survey id, e.g. bao-cao-quy."),
    period: str = typer.Option(..., "--period", help="Period id, e.g. 2026-Q4."),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx or csv."),
) -> None:
    """Export one survey period: a row per unit, reported or not."""
    settings = settings_of(ctx)
    if fmt not in ("xlsx", "csv"):
        raise fail("--format must be xlsx or csv")
    try:
        definitions = load_definitions()
    except InvalidDefinition as error:
        raise fail(f"invalid survey definitions: {error}") from None
    definition = definitions.get(survey)
    if definition is None:
        raise fail(f"unknown survey {survey!r}; see `cdsbot surveys list`")
    try:
        period_months(definition, period)
    except ValueError:
        raise fail(period_problem(definition)) from None
    chosen: Format = "csv" if fmt == "csv" else "xlsx"
    rows = run(lambda: export_survey(settings, survey=survey, period=period, fmt=chosen, out=out))
    typer.echo(f"export: {rows} units written to {out}")
