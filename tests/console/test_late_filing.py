"""Late filing: reopening a past period for one unit makes `/baocao` open that period."""

from __future__ import annotations

from typing import Any

from bot.assistant import Assistant
from bot.config import Settings
from handlers import Inbound, Services
from storage.db import make_engine
from tests.conftest import FakeClock
from tests.console.conftest import DESKTOP, Seeded, in_thread, login
from tests.web.conftest import ServerThread


async def _report_command(
    settings: Settings,
    services: Services,
    clock: FakeClock,
    seeded: Seeded,
    lines: tuple[str, ...] = ("/baocao",),
) -> str:
    """Type `lines` in the official's chat; the first reply to the last one."""
    engine = make_engine(settings.database_url)
    assistant = Assistant(engine=engine, services=services, clock=clock)
    chat = str(seeded.telegram_chat)
    for line in lines:
        replies = await assistant.handle(
            Inbound(channel="telegram", chat_id=chat, user_id=chat, text=line)
        )
    await engine.dispose()
    return replies[0].text


def test_reopened_past_period_is_what_the_unit_reports_next(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    services: Services,
    clock: FakeClock,
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}?period=2026-Q3")
    page.fill("#reopen-form input[name=until]", "10/12/2026")
    page.click("#reopen-form button[type=submit]")
    notice = page.inner_text(".notice")
    status = page.inner_text("#report-status")
    page.close()
    opened = in_thread(lambda: _report_command(settings, services, clock, seeded))
    later = ("co", "/baocao")  # question 1 answered, then the report opened again
    resumed = in_thread(lambda: _report_command(settings, services, clock, seeded, later))

    assert notice == "Đã mở lại kỳ báo cáo cho đơn vị."
    assert "Mở lại đến 23:59 10/12/2026" in status
    # The official is told who reopened the period and until when; nothing was entered yet.
    assert "quý III/2026" in opened
    reopened = (
        "Sở Khoa học và Công nghệ đã mở lại kỳ quý III/2026 cho đơn vị đến 23:59 ngày 10/12/2026"
    )
    assert reopened in opened
    assert "Tiếp tục nhập" not in opened
    assert "ghi nhận là gửi muộn (hạn gửi ban đầu: 23:59 ngày 15/09/2026)" in opened
    assert "Bạn vẫn có thể gửi" not in opened
    assert resumed.startswith("Tiếp tục nhập")
    assert reopened in resumed


def test_reopening_until_a_past_day_is_refused_and_keeps_the_day_typed(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}?period=2026-Q3")
    page.fill("#reopen-form input[name=until]", "1/11/2026")
    page.click("#reopen-form button[type=submit]")
    problem = page.inner_text("[role=alert]")
    kept = page.input_value("#reopen-form input[name=until]")
    status = page.locator("#report-status").inner_text()
    page.close()

    assert problem == "Ngày đã nhập đã qua; ngày mở lại phải ở sau hôm nay."
    assert kept == "01/11/2026"
    assert "Mở lại đến" not in status
