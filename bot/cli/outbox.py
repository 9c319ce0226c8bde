"""`cdsbot outbox ...`: what the outbox holds."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

from bot.cli.common import db_session, run, settings_of
from bot.cli.localised import JSON_HELP, VietnameseTyper
from bot.cli.show import echo, print_table
from storage.kinds import WAITING, WAITING_CONSOLE, OutboxStatus

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sqlmodel.ext.asyncio.session import AsyncSession

app = VietnameseTyper(
    help="Hộp thư đi (outbox): tin nhắc hạn và thông báo gửi cho cán bộ.", no_args_is_help=True
)
# A queued row of the web chat or of `cdsbot chat` is counted apart, each under its own name:
# it waits for the official to open that chat, it is neither waiting for the sender nor sent.
_COLUMNS = [
    OutboxStatus.QUEUED.value,
    WAITING,
    WAITING_CONSOLE,
    *(status.value for status in OutboxStatus if status is not OutboxStatus.QUEUED),
]
_HEADERS = {
    OutboxStatus.QUEUED.value: "Chờ gửi",
    WAITING: "Chờ mở trò chuyện web",
    WAITING_CONSOLE: "Chờ mở trò chuyện trên dòng lệnh",
    OutboxStatus.SENDING.value: "Đang gửi",
    OutboxStatus.SENT.value: "Đã gửi",
    OutboxStatus.FAILED.value: "Lỗi",
    OutboxStatus.BLOCKED.value: "Bị chặn",
    OutboxStatus.SKIPPED.value: "Bỏ qua",
    OutboxStatus.UNREACHABLE.value: "Không liên lạc được",
    OutboxStatus.EXPIRED.value: "Hết hạn, chưa xem",
}


# What each source of messages is, as the operator calls it (`<prefix>:<id>` in the outbox).
_SOURCE_KINDS = {
    "deadline": "Nhắc hạn",
    "remind": "Nhắc nộp báo cáo",
    "broadcast": "Thông báo",
    "accept": "Chấp nhận báo cáo",
    "review": "Trả lại báo cáo",
    "reopen": "Mở lại kỳ báo cáo",
}
_QUOTED_MAX = 40


async def source_name(session: AsyncSession, source: str, *, zone: ZoneInfo) -> str:
    """A source in the operator's words, what and for whom: «Trả lại báo cáo — Xã An Phú,
    quý IV/2026», «Thông báo 01/12/2026 «Họp giao ban» — 96 đơn vị»; an unknown one as is."""
    from sqlmodel import col, select

    from handlers import texts
    from handlers.survey_view import period_label
    from knowledge.survey_models import ONCE
    from storage.models import Deadline, Outbox, Unit

    prefix, _, key = source.partition(":")
    what = _SOURCE_KINDS.get(prefix)
    if what is None:
        return source
    statement = select(Outbox.unit_id, Outbox.period, Outbox.text, Outbox.created_at).where(
        col(Outbox.source) == source
    )
    rows = (await session.exec(statement.order_by(col(Outbox.id)))).all()

    def quoted(text: str) -> str:
        words = " ".join(text.split())
        if len(words) > _QUOTED_MAX:
            words = words[: _QUOTED_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
        return f"«{words}»"

    report = True
    if prefix == "deadline":
        found = (
            await session.exec(
                select(Deadline.title, Deadline.survey_id).where(col(Deadline.key) == key)
            )
        ).first()
        title, survey = found if found is not None else (None, None)
        what = f"{what} {quoted(title or key)}"
        # A one-off task with no report has no period to name («đợt báo cáo» would mislead).
        report = survey is not None
    elif prefix == "broadcast" and rows:
        text = rows[0][2].removeprefix(texts.BROADCAST_MESSAGE.format(text=""))
        what = f"{what} {min(r[3] for r in rows).astimezone(zone):%d/%m/%Y} {quoted(text)}"
    unit_ids = {r[0] for r in rows if r[0] is not None}
    periods = {r[1] for r in rows if r[1]}
    parts: list[str] = []
    unit = await session.get(Unit, next(iter(unit_ids))) if len(unit_ids) == 1 else None
    if unit is not None:
        parts.append(unit.name)
    elif unit_ids:
        parts.append(f"{len(unit_ids)} đơn vị")
    if len(periods) == 1 and (report or periods != {ONCE}):
        parts.append(period_label(periods.pop()))
    return f"{what} — {', '.join(parts)}" if parts else what


@app.command(
    "status",
    help="Đếm tin theo từng hạn nộp hoặc thông báo: chờ gửi, chờ mở trò chuyện web (tin cho "
    "cán bộ chỉ dùng trò chuyện web, hiện khi họ mở trò chuyện web), chờ mở trò chuyện trên "
    "dòng lệnh (tương tự, cho cán bộ dùng cdsbot chat), đang gửi, đã gửi, lỗi, "
    "bị chặn, bỏ qua (kèm lý do), không liên lạc được, hết hạn chưa xem.",
)
def status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """Counts per deadline or broadcast, per status (pull-chat rows apart, as waiting)."""
    from storage import outbox

    settings = settings_of(ctx)

    from handlers import skips

    async def _counts() -> tuple[
        dict[str, dict[str, int]], dict[str, dict[str, int]], dict[str, str]
    ]:
        async with db_session(settings) as session:
            counts = await outbox.status_counts(session)
            reasons = await outbox.skipped_reasons(session)
            names = {s: await source_name(session, s, zone=settings.zone) for s in counts}
            return counts, reasons, names

    counts, reasons, names = run(_counts)
    rows = [
        {
            "source": source,
            "name": names[source],
            **{name: by_status.get(name, 0) for name in _COLUMNS},
            "skipped_reasons": reasons.get(source, {}),
        }
        for source, by_status in counts.items()
    ]

    def shown(row: dict[str, Any]) -> list[tuple[str, int]]:
        """The row's statuses, a skipped count split by why («Bỏ qua (thêm hạn sau ngày nhắc)»)."""
        lines: list[tuple[str, int]] = []
        for name in _COLUMNS:
            if not row[name]:
                continue
            if name != OutboxStatus.SKIPPED.value or not row["skipped_reasons"]:
                lines.append((_HEADERS.get(name, name), row[name]))
                continue
            for why, count in skips.by_reason(row["skipped_reasons"]):
                lines.append((f"{_HEADERS[name]} ({why})" if why else _HEADERS[name], count))
        return lines

    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        # As the console says it; an empty table frame reads as a display fault.
        echo("Chưa có tin nào được xếp vào hàng gửi.")
        return
    # One line per source and status it has (nine status columns do not fit 80 columns).
    print_table(
        ("Nguồn", "Trạng thái", "Số tin"),
        (
            (row["name"] if index == 0 else "", label, count)
            for row in rows
            for index, (label, count) in enumerate(shown(row))
        ),
    )
