"""`cdsbot broadcast`: queue one message to every official of an audience."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import AUDIENCE_HELP
from bot.cli.show import clean, echo
from handlers import texts
from handlers.context import OUTBOX_CHANNELS
from storage import outbox, queries
from storage import reminders as store

HELP = "Xếp một thông báo vào hộp thư đi (outbox); ứng dụng đang chạy sẽ gửi đi."


def broadcast(
    ctx: typer.Context,
    audience: str = typer.Option(..., "--audience", metavar="ĐỐI_TƯỢNG", help=AUDIENCE_HELP),
    text: str = typer.Option(
        ..., "--text", metavar="NỘI_DUNG", help="Nội dung thông báo, bằng tiếng Việt."
    ),
) -> None:
    """Queue a broadcast in the outbox (the running app sends it)."""
    settings = settings_of(ctx)
    if not text.strip():
        raise fail("--text không được để trống")

    async def _queue() -> tuple[str, int]:
        async with db_session(settings) as session:
            if audience not in store.AUDIENCE_KINDS and not store.audience_codes(audience):
                raise fail(
                    f"không rõ đối tượng «{clean(audience, one_line=True)}» (communes, "
                    "departments, all hoặc mã đơn vị, cách nhau bởi dấu phẩy)"
                )
            now = datetime.now(UTC)
            broadcast_id, count = await outbox.enqueue_broadcast(
                session,
                audience=audience,
                text=texts.BROADCAST_MESSAGE.format(text=text.strip()),
                channels=OUTBOX_CHANNELS,
                now=now,
            )
            queries.audit(
                session,
                action="broadcast.queued",
                now=now,
                entity="broadcast",
                entity_id=broadcast_id,
                detail={"audience": audience, "count": count, "via": "cli"},
            )
            if count == 0:
                # Raised inside the transaction: the audit row is rolled back with it.
                raise fail(
                    f"không ai nhận được thông báo này: chưa có cán bộ nào của đối tượng "
                    f"«{clean(audience, one_line=True)}» đăng ký trên kênh nhận thông báo "
                    "(Telegram, Zalo); không có tin nào được xếp vào hàng gửi",
                    code=1,
                )
            return broadcast_id, count

    broadcast_id, count = run(_queue)
    echo(f"thông báo {broadcast_id}: đã xếp {count} tin vào hàng đợi gửi")
