"""`cdsbot report`: the consolidated Word report of one survey period (issue #13)."""

from __future__ import annotations

from datetime import datetime
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
from bot.cli.show import clean
from bot.config import Settings, report_issuer
from handlers.survey_view import period_label, period_problem
from knowledge.periods import typed_period
from knowledge.surveys import InvalidDefinition, SurveyDefinition, load_definitions, period_months
from reports.template import TemplateError, load_template

if TYPE_CHECKING:
    from reports.consolidated import ReportFile
    from reports.template import ReportTemplate

# What the command says to the operator (Vietnamese, one line each).
HELP = "Ghi báo cáo tổng hợp (tệp Word) của một kỳ báo cáo."
UNKNOWN_SURVEY = "không có báo cáo «{survey}»; xem `cdsbot surveys list`"
BAD_DEFINITIONS = "định nghĩa báo cáo không hợp lệ: {error}"
BAD_TEMPLATE = "mẫu báo cáo có lỗi: {error}"
WRITTEN = "Đã ghi báo cáo {period} ({reported}/{units} đơn vị đã báo cáo) vào {out}."


async def make_report(
    settings: Settings,
    definition: SurveyDefinition,
    period: str,
    *,
    template: ReportTemplate,
) -> ReportFile:
    """Build the report from the database."""
    from reports.consolidated import write_report

    today = datetime.now(settings.zone).date()
    async with db_session(settings) as session:
        written = await write_report(
            session, definition, period, issuer=report_issuer(settings), zone=settings.zone,
            today=today, template=template,
        )  # fmt: skip
    return written


def report(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", metavar="TỆP", help="Tệp .docx sẽ ghi ra.")],
    survey: str = typer.Option(..., "--survey", metavar="MÃ_BÁO_CÁO", help=SURVEY_HELP),
    period: str = typer.Option(..., "--period", metavar="KỲ", help=PERIOD_HELP),
) -> None:
    """Write the consolidated Word report of one survey period."""
    settings = settings_of(ctx)
    writable_target(out)
    output_format(out, ("docx",))
    if not out.suffix:
        # One format only: a name without its extension would not open with a double-click.
        name = clean(out.name, one_line=True)
        raise fail(f"tệp {name} không có đuôi; hãy ghi tên tệp có đuôi .docx, ví dụ {name}.docx")
    try:
        definitions = load_definitions()
        template = load_template()
    except InvalidDefinition as error:
        raise fail(BAD_DEFINITIONS.format(error=error)) from None
    except TemplateError as error:
        raise fail(BAD_TEMPLATE.format(error=error)) from None
    definition = definitions.get(survey)
    if definition is None:
        raise fail(UNKNOWN_SURVEY.format(survey=survey))
    period = typed_period(period)
    try:
        period_months(definition, period)
    except ValueError:
        raise fail(clauses([period_problem(definition)])) from None
    try:
        written = run(lambda: make_report(settings, definition, period, template=template))
    except TemplateError as error:
        raise fail(BAD_TEMPLATE.format(error=error)) from None
    try:
        out.write_bytes(written.data)
    except OSError as error:
        raise cannot_write(out, error) from None
    label = period_label(period)
    typer.echo(
        WRITTEN.format(period=label, reported=written.reported, units=written.units, out=out)
    )
