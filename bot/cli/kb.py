"""`cdsbot ask`, `cdsbot eval` and `cdsbot kb ...`: the knowledge base from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.show import clean, echo, print_table
from knowledge import DocumentError, KnowledgeBase, add_document, evaluate, remove_document
from storage.knowledge import most_frequent_unanswered

app = typer.Typer(help="Knowledge base documents and unanswered questions.", no_args_is_help=True)


def _kb(ctx: typer.Context) -> KnowledgeBase:
    return KnowledgeBase.load(extra_dir=settings_of(ctx).kb_dir)


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The question, in Vietnamese.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Answer one question from the knowledge base."""
    answer = _kb(ctx).answer(question)
    if not as_json:
        echo(answer.text)
        return
    payload = {
        "answered": answer.answered,
        "answer": answer.text,
        "sources": [
            {"doc": s.doc, "section": s.section, "score": round(s.score, 4)}
            for s in answer.sources
        ],
    }
    typer.echo(json.dumps(payload, ensure_ascii=False))


def eval_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="JSON lines {q, expect}.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the metrics as one JSON object.")
    ] = False,
) -> None:
    """Measure answers against a question set: top1, top3, abstention and latency."""
    try:
        result = evaluate(_kb(ctx), file.read_text(encoding="utf-8").splitlines())
    except (ValueError, KeyError) as error:
        raise fail(f"{clean(file, one_line=True)}: không phải bộ câu hỏi ({error})") from None
    metrics = result.as_dict()
    if as_json:
        typer.echo(json.dumps(metrics))
        return
    for name, value in metrics.items():
        echo(f"{name:>13}: {value:g}")


@app.command("add")
def add(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A .txt or .docx file.")
    ],
    doc: Annotated[
        str, typer.Option("--doc", help='The document number, e.g. "15/2024/QĐ-UBND".')
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="Display name in citations.")
    ] = None,
) -> None:
    """Add a document; answers cite it by its number and section."""
    try:
        added = add_document(file, doc, settings_of(ctx).kb_dir, title=title)
    except DocumentError as error:
        raise fail(f"không thêm được tài liệu: {error}") from None
    echo(f"đã thêm {added.doc}: {len(added.sections)} mục")


@app.command("remove")
def remove(
    ctx: typer.Context, doc: str = typer.Argument(..., help="The document number.")
) -> None:
    """Remove a document added earlier."""
    if not remove_document(doc, settings_of(ctx).kb_dir):
        raise fail(f"không có tài liệu bổ sung «{clean(doc, one_line=True)}»")
    echo(f"đã gỡ {doc}")


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """List the documents the assistant answers from."""
    infos = _kb(ctx).documents()
    if as_json:
        rows = [
            {"doc": i.doc, "title": i.title, "sections": i.sections, "builtin": i.builtin}
            for i in infos
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    print_table(
        ("Số hiệu", "Tên", "Số mục", "Có sẵn"),
        ((i.doc, i.title, i.sections, "có" if i.builtin else "") for i in infos),
    )


@app.command("unanswered")
def unanswered(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500)] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The most frequent questions the plan did not answer."""
    settings = settings_of(ctx)

    async def _rows() -> list[tuple[str, int, str]]:
        async with db_session(settings) as session:
            rows = await most_frequent_unanswered(session, limit=limit)
        zone = settings.zone
        return [(q, n, last.astimezone(zone).strftime("%d/%m/%Y %H:%M")) for q, n, last in rows]

    rows = run(_rows)
    if as_json:
        payload = [{"question": q, "count": n, "last_asked": t} for q, n, t in rows]
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    print_table(("Số lần", "Câu hỏi", "Lần gần nhất"), ((n, q, t) for q, n, t in rows))
