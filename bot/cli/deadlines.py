"""`cdsbot deadlines ...`: the plan's deadlines and the admins' own."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import typer

from bot.cli.common import clauses, db_session, fail, run, settings_of
from bot.cli.localised import (
    AUDIENCE_HELP,
    JSON_HELP,
    VietnameseTyper,
    audience_keyword,
    confirm,
    mixed_audience,
)
from bot.cli.show import clean, echo, print_table
from handlers.dates import due_text
from knowledge.deadlines import load_deadlines
from knowledge.periods import next_occurrence, occurrences, repeats
from knowledge.sections import typed_section_id
from knowledge.survey_models import SurveyDefinition
from knowledge.surveys import load_definitions

if TYPE_CHECKING:
    from storage.models import Deadline

app = VietnameseTyper(help="Hạn nộp báo cáo và việc nhắc hạn.", no_args_is_help=True)
_AUDIENCES = {"communes": "xã, phường, đặc khu", "departments": "sở, ban, ngành", "all": "tất cả"}
_EVERY = {"month": "hằng tháng", "quarter": "hằng quý", "year": "hằng năm"}
# How `--due` is typed: as the operator writes a date, or as ISO (the shape, then the day).
_DUE_FORMATS = {"%d/%m/%Y": r"\d{1,2}/\d{1,2}/\d{4}", "%Y-%m-%d": r"\d{4}-\d{1,2}-\d{1,2}"}
_DUE_EXAMPLE = "ngày/tháng/năm hoặc năm-tháng-ngày, ví dụ 15/12/2026 hoặc 2026-12-15"


@dataclass(frozen=True, slots=True)
class _From:
    """A survey-linked deadline first due from `due_on` (what `occurrences` reads)."""

    due_on: date
    every: str | None = None


def _due_day(typed: str) -> date | None:
    """ "15/12/2026" or "2026-12-15" as a date; None when it is written so but is no real day
    (31/02/2026). A date written another way ends the command in one line."""
    text = typed.strip()
    for pattern, shape in _DUE_FORMATS.items():
        if re.fullmatch(shape, text):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                return None
    raise fail(
        f"chưa thêm hạn: --due «{clean(text, one_line=True)}» viết sai dạng; ghi ngày hạn "
        f"dạng {_DUE_EXAMPLE}"
    )


@app.command(
    "sync",
    help="Chép các hạn nộp của knowledge/deadlines.yaml vào cơ sở dữ liệu (chạy lại không sao).",
)
def sync(ctx: typer.Context) -> None:
    """Copy knowledge/deadlines.yaml into the database (idempotent)."""
    from storage import reminders as store

    settings = settings_of(ctx)

    async def _sync() -> int:
        async with db_session(settings) as session:
            return await store.sync_deadlines(session, load_deadlines(), now=datetime.now(UTC))

    echo(f"hạn báo cáo: đã thêm {run(_sync)}")


@app.command("add", help="Thêm một hạn nộp riêng (ngoài các hạn của Kế hoạch).")
def add(
    ctx: typer.Context,
    title: str = typer.Option(
        ..., "--title", metavar="VIỆC", help="Việc phải làm, bằng tiếng Việt."
    ),
    due: str | None = typer.Option(
        None,
        "--due",
        metavar="NGÀY",
        help="Ngày hạn (lần đầu) theo giờ địa phương, dạng ngày/tháng/năm hoặc "
        "năm-tháng-ngày, ví dụ 15/12/2026 hoặc 2026-12-15. Bắt buộc, trừ khi có --survey: "
        "khi đó ngày hạn theo kỳ của mẫu báo cáo.",
    ),
    audience: str = typer.Option(..., "--audience", metavar="ĐỐI_TƯỢNG", help=AUDIENCE_HELP),
    every: str | None = typer.Option(
        None,
        "--every",
        metavar="month|quarter|year",
        help="Lặp lại: month (hằng tháng), quarter (hằng quý) hoặc year (hằng năm).",
    ),
    section: str = typer.Option(
        "", "--section", metavar="MỤC", help="Mục của Kế hoạch, ví dụ IV.1.d."
    ),
    survey: str | None = typer.Option(
        None,
        "--survey",
        metavar="MÃ_BÁO_CÁO",
        help="Báo cáo cho biết đơn vị nào đã xong, ví dụ bao-cao-quy; ngày hạn và kỳ lặp "
        "lấy theo mẫu báo cáo này (không dùng cùng --due, --every).",
    ),
) -> None:
    """Add a deadline of your own."""
    from storage import reminders as store
    from storage.deadline_rules import DeadlineDraft, deadline_problems

    settings = settings_of(ctx)
    mixed = mixed_audience(audience)
    if mixed is not None:
        raise fail(f"chưa thêm hạn: {mixed}")
    today = datetime.now(UTC).astimezone(settings.zone).date()
    definitions = load_definitions()
    definition = definitions.get(survey or "")
    if definition is not None:
        _refuse_own_days(definition, due=due, every=every, today=today, zone=settings.zone)
    elif due is None and survey is None:
        raise fail(
            "chưa thêm hạn: cần --due (ngày hạn), hoặc --survey để lấy ngày hạn theo kỳ của "
            "mẫu báo cáo"
        )
    draft = DeadlineDraft(
        title=" ".join(title.split()),
        # A survey's rule sets each period's due day; the first period is today's.
        due_on=today if due is None else _due_day(due),
        audience=audience_keyword(audience),
        every=every,
        section=typed_section_id(section),
        survey_id=survey,
    )

    async def _add() -> int | None:
        async with db_session(settings) as session:
            await store.sync_deadlines(session, load_deadlines(), now=datetime.now(UTC))
            problems = await deadline_problems(
                session,
                draft,
                surveys=definitions,
                today=today,
                due_example=_DUE_EXAMPLE,
            )
            if problems or draft.due_on is None:
                raise fail("chưa thêm hạn: " + clauses(problems))
            same = await store.same_deadline(
                session,
                title=draft.title,
                due_on=draft.due_on,
                audience=draft.audience,
                survey_id=survey,
            )
            if same is not None:
                raise fail(f"chưa thêm hạn: {_already_there(same, definition)}")
            deadline = await store.add_deadline(
                session,
                title=draft.title,
                due_on=draft.due_on,
                audience=draft.audience,
                every=every,
                section=draft.section,
                survey_id=survey,
                now=datetime.now(UTC),
            )
            return deadline.id

    added = f"Đã thêm hạn «{draft.title}» (mã {run(_add)})."
    if definition is None:
        echo(added)
        return
    upcoming = _next_survey_due(definition, today=today, zone=settings.zone)
    echo(
        f"{added} Ngày hạn theo kỳ của mẫu báo cáo «{definition.title}»"
        + (f", kỳ tới: {upcoming:%d/%m/%Y}." if upcoming else ".")
    )


def _already_there(same: Deadline, definition: SurveyDefinition | None) -> str:
    """Why a deadline is not added again: the one it repeats, by its id."""
    days = (
        f"gắn với cùng mẫu báo cáo «{definition.title}»"
        if definition is not None
        else f"cùng ngày hạn {same.due_on:%d/%m/%Y}"
    )
    return (
        f"đã có hạn «{clean(same.title, one_line=True)}» (mã {same.id}) {days} và cùng đối "
        "tượng; xem `cdsbot deadlines list`"
    )


def _next_survey_due(definition: SurveyDefinition, *, today: date, zone: ZoneInfo) -> date | None:
    """The due day of the survey's next period from `today`."""
    found = occurrences(
        _From(today),
        start=today,
        end=date(today.year + 2, today.month, 1),
        zone=zone,
        survey=definition,
    )
    return found[0].due_on if found else None


def _refuse_own_days(
    definition: SurveyDefinition,
    *,
    due: str | None,
    every: str | None,
    today: date,
    zone: ZoneInfo,
) -> None:
    """A deadline linked to a survey takes the survey's days: refuse days of its own."""
    given = [option for option, value in (("--due", due), ("--every", every)) if value]
    if not given:
        return
    upcoming = _next_survey_due(definition, today=today, zone=zone)
    raise fail(
        f"chưa thêm hạn: hạn gắn với mẫu báo cáo «{definition.title}» (--survey) có ngày hạn "
        "và kỳ lặp theo kỳ của mẫu báo cáo"
        + (f" (kỳ tới: {upcoming:%d/%m/%Y})" if upcoming else "")
        + f"; hãy bỏ {' và '.join(given)}"
    )


@app.command("list", help="Liệt kê các hạn nộp với ngày hạn tới (giờ địa phương).")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """List the deadlines with their next due day (local time)."""
    from storage import reminders as store

    settings = settings_of(ctx)
    zone = settings.zone
    today = datetime.now(UTC).astimezone(zone).date()
    surveys = load_definitions()

    async def _list() -> list[dict[str, Any]]:
        async with db_session(settings) as session:
            await store.sync_deadlines(session, load_deadlines(), now=datetime.now(UTC))
            rows: list[tuple[date, int, dict[str, Any]]] = []
            deadlines = await store.active_deadlines(session)
            named = await store.units_by_code(
                session,
                [code for d in deadlines if d.audience not in _AUDIENCES
                 for code in store.audience_codes(d.audience)],
            )  # fmt: skip
            for deadline in deadlines:
                survey = surveys.get(deadline.survey_id or "")
                upcoming = next_occurrence(deadline, today=today, zone=zone, survey=survey)
                # By the day the office acts on (the next one of a series), as the console
                # shows it; one that has passed by its own day.
                shown = upcoming.due_on if upcoming else deadline.due_on
                row = {
                    "id": deadline.id,
                    "key": deadline.key,
                    "title": deadline.title,
                    "section": deadline.section,
                    "audience": deadline.audience,
                    # The units a list of codes names, as the console shows them.
                    "audience_names": [
                        named[code].name if code in named else code
                        for code in store.audience_codes(deadline.audience)
                    ]
                    if deadline.audience not in _AUDIENCES
                    else [],
                    # A survey-linked deadline comes back with the survey's periods.
                    "every": repeats(deadline, survey),
                    "survey": deadline.survey_id,
                    "next_due": upcoming.due_on.isoformat() if upcoming else None,
                    "next_due_text": due_text(upcoming.due_on) if upcoming else None,
                    "period": upcoming.period if upcoming else None,
                    # A plan deadline the office changed in the console (syncs keep it).
                    "edited": deadline.source == store.PLAN_EDITED,
                }
                rows.append((shown, deadline.id or 0, row))
            return [row for *_, row in sorted(rows, key=lambda r: r[:2])]

    rows = run(_list)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    print_table(
        ("Id", "Việc", "Mục", "Đối tượng", "Lặp", "Hạn tới"),
        (
            (
                row["id"],
                f"{row['title']} (đã sửa so với Kế hoạch)" if row["edited"] else row["title"],
                row["section"],
                _AUDIENCES.get(row["audience"]) or ", ".join(row["audience_names"]),
                _EVERY.get(row["every"] or "", "—"),
                row["next_due_text"] or "đã qua",
            )
            for row in rows
        ),
    )


@app.command(
    "remove",
    help="Gỡ một hạn nộp (như nút «Gỡ» của trang quản trị): không nhắc việc này nữa; các tin "
    "nhắc đã xếp vào hàng gửi vẫn được gửi.",
)
def remove(
    ctx: typer.Context,
    deadline_id: int = typer.Argument(
        ..., metavar="MÃ_HẠN", help="Mã của hạn, cột Id của `cdsbot deadlines list`."
    ),
    yes: bool = typer.Option(False, "--yes", metavar="", help="Gỡ luôn, không hỏi lại."),
) -> None:
    """Stop reminding of a deadline, as the console's «Gỡ» does."""
    from storage import reminders as store
    from storage.models import Deadline

    settings = settings_of(ctx)

    async def _deadline(*, remove: bool) -> tuple[str, bool] | None:
        """The deadline's title and whether it was still active; removed with `remove`."""
        async with db_session(settings) as session:
            deadline = await session.get(Deadline, deadline_id)
            if deadline is None:
                return None
            active = deadline.active
            if remove and active:
                store.remove_deadline(session, deadline)
            return deadline.title, active

    found = run(lambda: _deadline(remove=yes))
    if found is None:
        raise fail(f"không có hạn mã {deadline_id}; xem `cdsbot deadlines list`")
    named = f"«{clean(found[0], one_line=True)}» (mã {deadline_id})"
    if not found[1]:
        echo(f"Hạn {named} đã được gỡ từ trước.")
        return
    if not yes:
        if not confirm(f"Gỡ hạn {named}? Sẽ không nhắc việc này nữa."):
            raise fail("chưa gỡ hạn nào", code=1)
        run(lambda: _deadline(remove=True))
    echo(
        f"Đã gỡ hạn {named}; sẽ không nhắc việc này nữa (các tin nhắc đã xếp vào hàng gửi "
        "vẫn được gửi)."
    )
