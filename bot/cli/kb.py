"""`cdsbot ask`, `cdsbot eval` and `cdsbot kb ...`: the knowledge base from the command line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import (
    db_session,
    fail,
    readable_file,
    run,
    say_created,
    settings_of,
    write_problem,
)
from bot.cli.localised import JSON_HELP, VietnameseTyper
from bot.cli.show import clean, echo, print_table

if TYPE_CHECKING:
    from bot.config import Settings
    from knowledge import KnowledgeBase
    from knowledge.faq import FaqEntry

app = VietnameseTyper(
    help="Tài liệu của cơ sở tri thức, và các câu hỏi chưa trả lời được.", no_args_is_help=True
)
# Console FAQ entries: the office's own answers, stored in the database.
_OFFICE_ENTRIES = "các giải đáp văn phòng đã viết trong trang quản trị (/admin)"
ASK_HELP = (
    "Trả lời một câu hỏi như trợ lý trả lời trong chat: trước hết bằng "
    f"{_OFFICE_ENTRIES}, rồi từ các văn bản."
)
ASK_LIVE = (
    "Câu hỏi này được trợ lý trả lời từ dữ liệu của hệ thống (các hạn, báo cáo của đơn vị), "
    "không từ văn bản; hãy thử trong `cdsbot chat`."
)
# The metrics of `cdsbot eval`, named for the operator (the JSON keeps the keys).
_METRICS = {
    "n": "Số câu hỏi",
    "top1": "Mục đúng đứng đầu",
    "top3": "Mục đúng trong 3 mục đầu",
    "oos_abstain": "Từ chối đúng câu ngoài Kế hoạch",
    "false_abstain": "Từ chối nhầm",
    "p50_ms": "Thời gian trả lời trung vị, ms",
    "p95_ms": "Thời gian trả lời p95, ms",
}
EVAL_HELP = (
    "Chấm câu trả lời theo một bộ câu hỏi: top1, top3, từ chối đúng chỗ và thời gian trả lời. "
    f"Chỉ chấm phần trả lời từ các văn bản, không dùng {_OFFICE_ENTRIES}, để kết quả không "
    "phụ thuộc cơ sở dữ liệu; các câu hỏi của bộ được bỏ khỏi các câu hỏi mẫu (knowledge/"
    "examples) khi chấm."
)


# The running assistant builds its search index once, at start (one per worker process).
_RESTART = (
    "trợ lý đang chạy chỉ dùng thay đổi này sau khi khởi động lại `cdsbot run` "
    "(`systemctl restart cdsbot` trên máy chủ); `cdsbot ask` dùng ngay"
)
# «Có sẵn» of a document added with `kb add` (the plan comes with the assistant: «có»).
_ADDED = "không (tài liệu bổ sung)"
_LINE_SHAPE = 'mỗi dòng là một đối tượng JSON {"q": "câu hỏi", "expect": ["mã mục", ...]}'
# A question longer than this is cut in the `kb unanswered` table (`--json` keeps it whole):
# one pasted page would otherwise fill the terminal.
QUESTION_SHOWN_MAX = 200


def _shown_question(question: str) -> str:
    """The question on one line, cut between words to `QUESTION_SHOWN_MAX` with «…»."""
    text = " ".join(question.split())
    if len(text) <= QUESTION_SHOWN_MAX:
        return text
    cut = text[: QUESTION_SHOWN_MAX - 1]
    if " " in cut[QUESTION_SHOWN_MAX // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def _line_problem(line: str) -> str | None:
    """Why one line of a question set cannot be scored (None when it can)."""
    try:
        raw = json.loads(line)
    except ValueError:
        return "không phải JSON"
    if not isinstance(raw, dict):
        return "không phải một đối tượng JSON"
    if "q" not in raw:
        return 'thiếu câu hỏi "q"'
    if not isinstance(raw["q"], str) or not raw["q"].strip():
        return '"q" phải là câu hỏi (một chuỗi chữ)'
    if "expect" not in raw:
        return 'thiếu "expect"'
    expect = raw["expect"]
    if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
        return '"expect" phải là danh sách mã mục ([] khi trợ lý phải từ chối)'
    return None


def _unknown_sections(kb: KnowledgeBase, docs: list[str], line: str) -> list[str]:
    """The section ids a (well-formed) line expects that none of `docs` has."""
    if not line.strip():
        return []
    expect = json.loads(line)["expect"]
    return [s for s in expect if not any(kb.section(doc, s).answered for doc in docs)]


def _question_lines(file: Path) -> list[str]:
    """The lines of a question set; the first bad one ends the command in one line."""
    shown = clean(file, one_line=True)
    lines = file.read_bytes().splitlines()
    texts = []
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise fail(f"{shown}: dòng {number}: không phải văn bản UTF-8") from None
        if line.strip() and (problem := _line_problem(line)) is not None:
            raise fail(f"{shown}: dòng {number}: {problem}; {_LINE_SHAPE}")
        texts.append(line)
    return texts


def _added_documents_dir(settings: Settings) -> Path:
    """KB_DIR, after one warning line when no added document can be loaded from it: a file
    of that name, or a folder that is not there although KB_DIR was set (the default one is
    missing until `kb add` creates it: no document was added yet)."""
    folder = settings.kb_dir
    if folder.is_dir() or (not folder.exists() and "kb_dir" not in settings.model_fields_set):
        return folder
    where = clean(folder.resolve(), one_line=True)
    if folder.exists():
        reason = f"{where} là một tệp, không phải thư mục"
    else:
        reason = f"thư mục {where} không tồn tại"
    shown = clean(folder, one_line=True)
    line = f"không nạp được tài liệu bổ sung nào từ KB_DIR={shown}: {reason}"
    echo(f"cdsbot: cảnh báo: {line}", err=True)
    return folder


def _kb(ctx: typer.Context) -> KnowledgeBase:
    from knowledge import KnowledgeBase

    return KnowledgeBase.load(extra_dir=_added_documents_dir(settings_of(ctx)))


async def _office_entries(settings: Settings) -> list[FaqEntry]:
    """The active FAQ entries the office wrote in the console, as the chat reads them; none
    when the SQLite file is not there (asking creates no database)."""
    from storage.db import ensure_schema_current, make_engine, session_scope, sqlite_file
    from storage.faq import active_entries as active_faq_entries

    path = sqlite_file(settings.database_url)
    if path is not None and not path.exists():
        return []
    engine = make_engine(settings.database_url)
    try:
        await ensure_schema_current(engine)
        async with session_scope(engine) as session:
            return await active_faq_entries(session)
    finally:
        await engine.dispose()


def _entries_or_warn(settings: Settings) -> list[FaqEntry]:
    """`_office_entries`, or none and one warning line when the database cannot be read:
    the plan still answers."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.cli.failures import explain
    from storage.db import UPGRADE_COMMAND, SchemaNewer, SchemaOutOfDate

    try:
        return run(lambda: _office_entries(settings))
    except SchemaNewer:
        reason = "cơ sở dữ liệu thuộc một phiên bản mới hơn của Trợ lý CĐS"
    except SchemaOutOfDate:
        reason = f"cơ sở dữ liệu chưa được nâng cấp (`{UPGRADE_COMMAND}`)"
    except (SQLAlchemyError, OSError) as error:
        reason = explain(error, settings) or "không đọc được cơ sở dữ liệu (DATABASE_URL)"
    echo(f"cdsbot: cảnh báo: {reason}; câu trả lời chưa dùng {_OFFICE_ENTRIES}", err=True)
    return []


def ask(
    ctx: typer.Context,
    question: Annotated[
        str,
        typer.Argument(metavar="CÂU_HỎI", help="Câu hỏi bằng tiếng Việt, đặt trong ngoặc kép."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", metavar="", help="In kết quả thành một đối tượng JSON.")
    ] = False,
) -> None:
    """Answer one question from the knowledge base."""
    from knowledge.live_intents import live_intent

    intent = live_intent(question)
    if intent is not None:
        # The chat answers it from the records (deadlines, the unit's report), not the plan.
        if as_json:
            reply = {"answered": False, "live": intent, "answer": ASK_LIVE}
            typer.echo(json.dumps(reply, ensure_ascii=False))
        else:
            echo(ASK_LIVE)
        return
    settings = settings_of(ctx)
    kb = _kb(ctx)
    # As the chat answers: an entry the office wrote in the console first, then the plan.
    entries = _entries_or_warn(settings)
    office = kb.answer_from_faq(question, entries, by=settings.coordinating_office)
    today = datetime.now(settings.zone).date()
    answer = office or kb.answer(question, today=today, office=settings.coordinating_office)
    if not as_json:
        echo(answer.text)
        return
    payload = {
        "answered": answer.answered,
        "office": office is not None,
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
        Path,
        typer.Argument(
            metavar="TỆP", help='Bộ câu hỏi: mỗi dòng một JSON {"q": ..., "expect": [...]}.'
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", metavar="", help="In các chỉ số thành một đối tượng JSON.")
    ] = False,
) -> None:
    """Measure answers against a question set: top1, top3, abstention and latency."""
    from knowledge import evaluate
    from knowledge.evaluate import measured_on

    readable_file(file)
    lines = _question_lines(file)
    shown = clean(file, one_line=True)
    if not any(line.strip() for line in lines):
        raise fail(f"{shown}: không có câu hỏi nào; {_LINE_SHAPE}")
    kb = measured_on(lines, extra_dir=_added_documents_dir(settings_of(ctx)))
    docs = [d.doc for d in kb.documents()]
    for number, line in enumerate(lines, start=1):
        unknown = _unknown_sections(kb, docs, line)
        if unknown:
            named = ", ".join(f"«{clean(s, one_line=True)}»" for s in unknown)
            raise fail(
                f"{shown}: dòng {number}: các tài liệu không có mục {named}; "
                "ghi đúng mã mục, ví dụ IV.1.d"
            )
    result = evaluate(kb, lines)
    metrics = result.as_dict()
    if as_json:
        typer.echo(json.dumps(metrics))
        return
    labels = {name: f"{_METRICS.get(name, name)} ({name})" for name in metrics}
    width = max(map(len, labels.values()))
    for name, value in metrics.items():
        echo(f"{labels[name]:>{width}}: {value:g}")


@app.command("add", help="Thêm một tài liệu; câu trả lời trích dẫn theo số hiệu và mục của nó.")
def add(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="TỆP", help="Tệp .txt hoặc .docx của tài liệu.")],
    doc: Annotated[
        str,
        typer.Option("--doc", metavar="SỐ_HIỆU", help='Số hiệu văn bản, ví dụ "15/2024/QĐ-UBND".'),
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TÊN", help="Tên văn bản hiện khi trích dẫn."),
    ] = None,
) -> None:
    """Add a document; answers cite it by its number and section."""
    from knowledge import DocumentError, add_document
    from knowledge.documents import added_id

    readable_file(file)
    settings = settings_of(ctx)
    folder = settings.kb_dir
    new_here = not folder.is_absolute() and not folder.exists()
    replacing = added_id(doc, folder)
    try:
        added = add_document(file, doc, folder, title=title)
    except DocumentError as error:
        raise fail(f"không thêm được tài liệu: {error}") from None
    except OSError as error:
        shown = clean(folder, one_line=True)
        reason = write_problem(error, folder)
        raise fail(f"không ghi được tài liệu vào KB_DIR={shown}: {reason}", code=1) from None
    if new_here:
        say_created(
            "thư mục tài liệu",
            folder.resolve(),
            setting="KB_DIR",
            default="./data/kb",
            given="kb_dir" in settings.model_fields_set,
        )
    done = "đã thay" if replacing == added.doc else "đã thêm"
    echo(f"{done} {added.doc}: {len(added.sections)} mục")
    echo(_RESTART)


@app.command("remove", help="Gỡ một tài liệu đã thêm bằng `cdsbot kb add`.")
def remove(
    ctx: typer.Context,
    doc: str = typer.Argument(
        ..., metavar="SỐ_HIỆU", help="Số hiệu văn bản (xem `cdsbot kb list`)."
    ),
) -> None:
    """Remove a document added earlier."""
    from knowledge import remove_document

    if not remove_document(doc, settings_of(ctx).kb_dir):
        raise fail(f"không có tài liệu bổ sung «{clean(doc, one_line=True)}»")
    echo(f"đã gỡ {doc}")
    echo(_RESTART)


@app.command("list", help="Liệt kê các tài liệu trợ lý dùng để trả lời.")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
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
        ((i.doc, i.title, i.sections, "có" if i.builtin else _ADDED) for i in infos),
    )


@app.command("unanswered", help="Các câu hỏi Kế hoạch chưa trả lời được, hỏi nhiều nhất trước.")
def unanswered(
    ctx: typer.Context,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            min=1,
            max=500,
            metavar="SỐ",
            help="Số câu hỏi tối đa (số nguyên từ 1 đến 500).",
        ),
    ] = 20,
    as_json: Annotated[bool, typer.Option("--json", metavar="", help=JSON_HELP)] = False,
) -> None:
    """The most frequent questions the plan did not answer."""
    from storage.knowledge import most_frequent_unanswered

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
    print_table(
        ("Số lần", "Câu hỏi", "Lần gần nhất"), ((n, _shown_question(q), t) for q, n, t in rows)
    )
