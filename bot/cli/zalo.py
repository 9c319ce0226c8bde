"""`cdsbot zalo ...`: look at the Zalo bot's webhook and quota, and clear a stale webhook."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import VietnameseTyper
from bot.cli.show import echo
from bot.config import Settings

if TYPE_CHECKING:
    from bot.channels.zalo_client import ZaloClient
    from storage import quota

app = VietnameseTyper(
    help="Bot Zalo: webhook và hạn mức tin nhắn hằng tháng.", no_args_is_help=True
)


def _client(settings: Settings) -> ZaloClient:
    from bot.channels.zalo_client import ZaloClient

    if settings.zalo_bot_token is None:
        raise fail("chưa đặt ZALO_BOT_TOKEN")
    return ZaloClient(settings.zalo_bot_token, base_url=settings.zalo_api_base)


@app.command("status", help="Cho biết webhook Zalo đang giữ và số tin đã gửi trong tháng này.")
def status(ctx: typer.Context) -> None:
    """Show the webhook the platform has and this month's message count."""
    from bot.channels.zalo_client import ZaloError
    from bot.cli.failures import explain
    from handlers import Channel
    from storage import quota

    settings = settings_of(ctx)
    client = _client(settings)

    async def _status() -> tuple[str, quota.Usage]:
        try:
            info = await client.get_webhook_info()
        finally:
            await client.aclose()
        async with db_session(settings) as session:
            month = quota.month_of(datetime.now(UTC), settings.zone)
            used = await quota.usage(
                session,
                channel=Channel.ZALO.value,
                month=month,
                limit=settings.zalo_monthly_quota,
            )
        return info.url, used

    try:
        url, used = run(_status)
    except ZaloError as error:
        raise fail(explain(error, settings) or str(error)) from None
    echo(f"webhook: {url or '(chưa đặt: có thể chạy ZALO_MODE=polling)'}")
    echo(f"hạn mức tháng {used.month}: đã gửi {used.sent}/{used.limit}, còn {used.left}")


@app.command("delete-webhook", help="Xoá webhook trên Zalo để có thể chạy với ZALO_MODE=polling.")
def delete_webhook(ctx: typer.Context) -> None:
    """Remove the webhook so that ZALO_MODE=polling can start."""
    from bot.channels.zalo_client import ZaloError
    from bot.cli.failures import explain

    settings = settings_of(ctx)
    client = _client(settings)

    async def _delete() -> None:
        try:
            await client.delete_webhook()
        finally:
            await client.aclose()

    try:
        run(_delete)
    except ZaloError as error:
        raise fail(explain(error, settings) or str(error)) from None
    echo("đã xoá webhook")
