"""Review over real channels: a returned report reaches the official on the fake Telegram
API through the outbox and the real sender, reopens, and comes back resubmitted."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from bot.app import create_app
from bot.config import Settings
from handlers import Services, texts
from tests.conftest import FakeClock
from tests.console.conftest import DESKTOP, SURVEY, Seeded, login, telegram_on_fake
from tests.fakes.telegram_api import FakeTelegramApi, SentMessage
from tests.web.conftest import ServerThread

T = TypeVar("T")
COMMENT = "Câu 3: số người được tập huấn chưa khớp danh sách, đề nghị kiểm tra lại."


def wait_for(find: Callable[[], T | None], *, timeout: float = 20.0) -> T:
    """Poll until `find` returns something (the sender runs on its own tick)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def live(
    fake: FakeTelegramApi, settings: Settings, services: Services, clock: FakeClock
) -> Iterator[ServerThread]:
    """The whole app with Telegram on (polling the fake API) and the reminder tick running."""
    app_settings = settings.model_copy(
        update={**telegram_on_fake(fake), "reminder_tick_seconds": 1}
    )
    with ServerThread(create_app(app_settings, services=services, clock=clock)) as server:
        yield server


def _last_with(fake: FakeTelegramApi, chat: int, needle: str) -> SentMessage | None:
    found = [m for m in fake.sent_to(chat) if needle in m.text]
    return found[-1] if found else None


def test_returned_report_reaches_official_and_comes_back_resubmitted(
    browser: Any, seeded: Seeded, live: ServerThread, fake: FakeTelegramApi
) -> None:
    chat = seeded.telegram_chat
    page = browser.new_page(viewport=DESKTOP)
    login(page, live.url)
    page.goto(f"{live.url}/admin/units/{seeded.sent_code}")
    page.fill("#return-form textarea[name=comment]", COMMENT)
    page.click("#return-form button[type=submit]")
    notice = page.inner_text(".notice")
    returned_state = page.inner_text("#review-state")

    message = wait_for(lambda: _last_with(fake, chat, "trả lại báo cáo"))
    fake.push_callback(chat_id=chat, data=f"rm:report:{SURVEY}", message_id=message.message_id)
    summary = wait_for(
        lambda: next(
            (
                m
                for m in reversed(fake.sent_to(chat))
                if ("sv:submit" in dict(m.buttons()).values())
            ),
            None,
        )
    )
    fake.push_callback(chat_id=chat, data="sv:submit", message_id=summary.message_id)
    receipt = wait_for(lambda: _last_with(fake, chat, "Đã nhận báo cáo"))
    page.goto(f"{live.url}/admin/review")
    resubmitted = page.inner_text("#review-resubmitted")
    page.goto(f"{live.url}/admin/units/{seeded.sent_code}")
    final_state = page.inner_text("#review-state")
    page.close()

    assert notice.startswith("Đã trả lại báo cáo")
    assert returned_state == "Đã trả lại"
    assert COMMENT in message.text
    assert (texts.CHOICE_FIX_REPORT, f"rm:report:{SURVEY}") in message.buttons()
    assert receipt.text.startswith("Đã nhận báo cáo")
    assert seeded.sent_name in resubmitted
    assert final_state == "Đã gửi lại"


def test_accepted_report_is_told_to_the_official_on_telegram(
    browser: Any, seeded: Seeded, live: ServerThread, fake: FakeTelegramApi
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, live.url)
    page.goto(f"{live.url}/admin/units/{seeded.sent_code}")
    page.click("form[action$='/accept'] button[type=submit]")
    notice = page.inner_text(".notice")
    state = page.inner_text("#review-state")
    page.close()

    message = wait_for(lambda: _last_with(fake, seeded.telegram_chat, "đã chấp nhận báo cáo"))
    assert notice.startswith("Đã chấp nhận báo cáo")
    assert state == "Đã chấp nhận"
    assert "quý IV/2026" in message.text
    assert "chuyển về chờ Sở Khoa học và Công nghệ duyệt lại" in message.text
    assert message.buttons() == []
