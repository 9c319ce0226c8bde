"""`cdsbot surveys ...`: check and list the survey definitions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import fail
from knowledge.surveys import SURVEYS_DIR, InvalidDefinition, check, load_definitions

app = typer.Typer(help="Survey definitions (knowledge/surveys/*.yaml).", no_args_is_help=True)


@app.command("check")
def check_cmd(
    path: Annotated[
        Path, typer.Argument(help="A definition file or a folder of them.")
    ] = SURVEYS_DIR,
) -> None:
    """Validate definitions; print `file:line: reason` for each problem (exit 1 if any)."""
    if not path.exists():
        raise fail(f"no such file or folder: {path}")
    problems = check(path)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        raise typer.Exit(1)
    typer.echo(f"surveys: {path} is valid")


@app.command("list")
def list_cmd(
    path: Annotated[Path, typer.Option("--path", help="The folder of definitions.")] = SURVEYS_DIR,
) -> None:
    """List the surveys with their period, deadline rule and audience."""
    try:
        definitions = load_definitions(path)
    except InvalidDefinition as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(1) from None
    table = Table("id", "title", "period", "due", "audience", "questions")
    for definition in definitions.values():
        due = definition.due
        rule = f"month {due.month_of_period}, day {due.day}, {due.time}"
        if due.date is not None:
            rule = f"{due.date.isoformat()} {due.time}"
        table.add_row(
            definition.id,
            definition.title,
            definition.period,
            rule,
            ", ".join(definition.audience),
            str(len(definition.questions)),
        )
    Console().print(table)
