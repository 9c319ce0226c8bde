"""`cdsbot outbox ...`: what the outbox holds."""

from __future__ import annotations

import json

import typer

from bot.cli.common import db_session, run, settings_of
from bot.cli.localised import JSON_HELP, VietnameseTyper
from bot.cli.show import print_table
from storage.kinds import WAITING, OutboxStatus

app = VietnameseTyper(
    help="Hộp thư đi (outbox): tin nhắc hạn và thông báo gửi cho cán bộ.", no_args_is_help=True
)
# A queued row of the web chat (or the console) is counted apart: it waits for the official
# to open that chat, it is neither waiting for the sender nor sent.
_COLUMNS = [
    OutboxStatus.QUEUED.value,
    WAITING,
    *(status.value for status in OutboxStatus if status is not OutboxStatus.QUEUED),
]
_HEADERS = {
    OutboxStatus.QUEUED.value: "Chờ gửi",
    WAITING: "Chờ mở web chat",
    OutboxStatus.SENDING.value: "Đang gửi",
    OutboxStatus.SENT.value: "Đã gửi",
    OutboxStatus.FAILED.value: "Lỗi",
    OutboxStatus.BLOCKED.value: "Bị chặn",
    OutboxStatus.SKIPPED.value: "Bỏ qua",
    OutboxStatus.UNREACHABLE.value: "Không liên lạc được",
    OutboxStatus.EXPIRED.value: "Hết hạn, chưa xem",
}


@app.command(
    "status",
    help="Đếm tin theo từng hạn nộp hoặc thông báo: chờ gửi, chờ mở web chat (tin cho cán bộ "
    "chỉ dùng web chat, hiện khi họ mở web chat), đang gửi, đã gửi, lỗi, bị chặn, bỏ qua, "
    "không liên lạc được, hết hạn chưa xem.",
)
def status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """Counts per deadline or broadcast, per status (web-chat rows apart, as waiting)."""
    from storage import outbox

    settings = settings_of(ctx)

    async def _counts() -> dict[str, dict[str, int]]:
        async with db_session(settings) as session:
            return await outbox.status_counts(session)

    counts = run(_counts)
    rows = [
        {"source": source, **{name: by_status.get(name, 0) for name in _COLUMNS}}
        for source, by_status in counts.items()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    # One line per source and status it has (nine status columns do not fit 80 columns).
    print_table(
        ("Nguồn", "Trạng thái", "Số tin"),
        (
            (row["source"] if index == 0 else "", _HEADERS.get(name, name), row[name])
            for row in rows
            for index, name in enumerate(name for name in _COLUMNS if row[name])
        ),
    )
