"""`cdsbot deadlines ...`: the plan's deadlines and the admins' own."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import db_session, fail, run, settings_of
from handlers.reminders import due_text
from knowledge.deadlines import load_deadlines
from knowledge.periods import EVERY, next_occurrence
from knowledge.surveys import load_definitions
from storage import queries
from storage import reminders as store

app = typer.Typer(help="Deadlines and their reminders.", no_args_is_help=True)


@app.command("sync")
def sync(ctx: typer.Context) -> None:
    """Copy knowledge/deadlines.yaml into the database (idempotent)."""
    settings = settings_of(ctx)

    async def _sync() -> int:
        async with db_session(settings) as session:
            return await store.sync_deadlines(session, load_deadlines(), now=datetime.now(UTC))

    typer.echo(f"deadlines: {run(_sync)} added")


@app.command("add")
def add(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title", help="What must be done, in Vietnamese."),
    due: str = typer.Option(..., "--due", help="The (first) due day, YYYY-MM-DD, local."),
    audience: str = typer.Option(
        ..., "--audience", help="communes, departments, all, or unit codes separated by commas."
    ),
    every: str | None = typer.Option(None, "--every", help="month, quarter or year."),
    section: str = typer.Option("", "--section", help="The plan section, e.g. IV.1.d."),
    survey: str | None = typer.Option(None, "--survey", help="The survey that shows who is done."),
) -> None:
    """Add a deadline of your own."""
    settings = settings_of(ctx)
    try:
        due_on = date.fromisoformat(due)
    except ValueError:
        raise fail("--due must be a date like 2026-12-15") from None
    if every is not None and every not in EVERY:
        raise fail(f"--every must be one of {', '.join(EVERY)}")
    if not title.strip():
        raise fail("--title must not be empty")

    async def _add() -> int | None:
        async with db_session(settings) as session:
            await store.sync_deadlines(session, load_deadlines(), now=datetime.now(UTC))
            codes = store.audience_codes(audience)
            unknown = [code for code in codes if await queries.unit_by_code(session, code) is None]
            if unknown or (not codes and audience not in store.AUDIENCE_KINDS):
                raise fail(f"unknown audience or unit codes: {', '.join(unknown) or audience}")
            deadline = await store.add_deadline(
                session,
                title=title.strip(),
                due_on=due_on,
                audience=audience,
                every=every,
                section=section,
                survey_id=survey,
                now=datetime.now(UTC),
            )
            return deadline.id

    typer.echo(f"deadline {run(_add)} added")


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """List the deadlines with their next due day (local time)."""
    settings = settings_of(ctx)
    today = datetime.now(UTC).astimezone(settings.zone).date()
    surveys = load_definitions()

    async def _list() -> list[dict[str, Any]]:
        async with db_session(settings) as session:
            await store.sync_deadlines(session, load_deadlines(), now=datetime.now(UTC))
            rows = []
            for deadline in await store.active_deadlines(session):
                upcoming = next_occurrence(
                    deadline,
                    today=today,
                    zone=settings.zone,
                    survey=surveys.get(deadline.survey_id or ""),
                )
                rows.append(
                    {
                        "id": deadline.id,
                        "key": deadline.key,
                        "title": deadline.title,
                        "section": deadline.section,
                        "audience": deadline.audience,
                        "every": deadline.every,
                        "survey": deadline.survey_id,
                        "next_due": upcoming.due_on.isoformat() if upcoming else None,
                        "next_due_text": due_text(upcoming.due_on) if upcoming else None,
                        "period": upcoming.period if upcoming else None,
                    }
                )
            return rows

    rows = run(_list)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("Id", "Việc", "Mục", "Đối tượng", "Lặp", "Hạn tới")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["title"],
            row["section"],
            row["audience"],
            row["every"] or "—",
            row["next_due_text"] or "đã qua",
        )
    Console().print(table)
