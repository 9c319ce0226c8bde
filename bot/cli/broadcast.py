"""`cdsbot broadcast`: queue one message to every official of an audience."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from bot.cli.common import clauses, db_session, fail, run, settings_of
from bot.cli.localised import AUDIENCE_HELP, audience_keyword, mixed_audience
from bot.cli.show import clean, echo
from handlers import texts

HELP = "Xếp một thông báo vào hộp thư đi (outbox); ứng dụng đang chạy sẽ gửi đi."
# An audience as the operator reads it in a sentence («… của các xã, phường, đặc khu»).
_AUDIENCE_WORDS = {
    "communes": "các xã, phường, đặc khu",
    "departments": "các sở, ban, ngành",
    "all": "các đơn vị",
}
_CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}


def broadcast(
    ctx: typer.Context,
    audience: str = typer.Option(..., "--audience", metavar="ĐỐI_TƯỢNG", help=AUDIENCE_HELP),
    text: str = typer.Option(
        ..., "--text", metavar="NỘI_DUNG", help="Nội dung thông báo, bằng tiếng Việt."
    ),
) -> None:
    """Queue a broadcast in the outbox (the running app sends it)."""
    from storage import outbox, queries
    from storage import reminders as store
    from storage.deadline_rules import audience_problems

    settings = settings_of(ctx)
    if not text.strip():
        raise fail("--text không được để trống")
    mixed = mixed_audience(audience)
    if mixed is not None:
        raise fail(f"chưa xếp thông báo: {mixed}")
    audience = audience_keyword(audience)

    async def _queue() -> tuple[str, int, str]:
        async with db_session(settings) as session:
            # The check `cdsbot deadlines add` and the console make: an audience that names
            # no unit is a typing mistake, not a lack of registered officials.
            problems = await audience_problems(session, audience)
            if problems:
                raise fail("chưa xếp thông báo: " + clauses(problems))
            if audience in store.AUDIENCE_KINDS:
                words = _AUDIENCE_WORDS[audience]
            else:
                units = await store.audience_units(session, audience)
                by_code = {unit.code: unit.name for unit in units}
                words = ", ".join(by_code[code] for code in store.audience_codes(audience))
            now = datetime.now(UTC)
            broadcast_id, count = await outbox.enqueue_broadcast(
                session,
                audience=audience,
                text=texts.BROADCAST_MESSAGE.format(text=text.strip()),
                # The channels `cdsbot run` starts with these settings (their token set).
                channels=settings.push_channels,
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
            # Raised inside the transaction: the audit row is rolled back with it.
            if count == 0 and not settings.push_channels:
                raise fail(
                    "không ai nhận được thông báo này: thông báo chung chỉ gửi qua Telegram "
                    "hoặc Zalo, mà cả hai kênh đang tắt (chưa đặt TELEGRAM_BOT_TOKEN, "
                    "ZALO_BOT_TOKEN); không có tin nào được xếp vào hàng gửi",
                    code=1,
                )
            if count == 0:
                on = ", ".join(_CHANNEL_NAMES[name] for name in settings.push_channels)
                raise fail(
                    f"không ai nhận được thông báo này: chưa có cán bộ nào của "
                    f"{clean(words, one_line=True)} đăng ký trên kênh nhận thông báo đang bật "
                    f"({on}); không có tin nào được xếp vào hàng gửi",
                    code=1,
                )
            return broadcast_id, count, words

    broadcast_id, count, words = run(_queue)
    echo(
        f"thông báo {broadcast_id} gửi tới {clean(words, one_line=True)}: "
        f"đã xếp {count} tin vào hàng đợi gửi"
    )
