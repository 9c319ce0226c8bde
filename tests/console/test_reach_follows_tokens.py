"""Who counts as reachable follows the channels the app runs (their token set): an official
bound only on Telegram is out of reach while Telegram is off, in the console's counts and in
`/thongbao`, and within reach once Telegram is on (the fake Telegram API); an official on the
web chat is reached either way, when the web chat is next opened."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.app import create_app
from bot.config import Settings
from handlers import Services
from knowledge.surveys import period_of
from storage import queries
from storage.db import make_engine, session_scope
from tests.conftest import FakeClock
from tests.console.conftest import ANSWERS, SURVEY, in_thread, send_report, telegram_on_fake
from tests.console.web_officials import console, say, seed_web_officials
from tests.fakes.telegram_api import FakeTelegramApi
from tests.reminders.conftest import add_person
from tests.web.conftest import ServerThread

WEB = "web-official-reach-01"
ADMIN = "web-admin-reach-0001"
TELEGRAM = "515151"
_SUMMARY = re.compile(r'<p id="remind-summary">(.*?)</p>', re.S)
_UNREACHED = re.compile(r'<ul class="plain" id="unreached">(.*?)</ul>', re.S)
_PUSHED = re.compile(r'<p class="muted" id="pushed-via">(.*?)</p>', re.S)


async def _seed(url: str) -> str:
    """A web-chat official in the first commune, a Telegram-only one in the second, and an
    admin on the web chat in a department; returns the Telegram-only official's unit."""
    await seed_web_officials(url, (WEB,))
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            communes = await queries.list_units(session, kinds=["commune"])
            department = (await queries.list_units(session, kinds=["department"]))[0]
        await add_person(engine, communes[1], chat=TELEGRAM, channel="telegram")
        await add_person(engine, department, chat=ADMIN, channel="web", role="admin")
        return communes[1].name
    finally:
        await engine.dispose()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _console_reach(url: str) -> tuple[str, str, str]:
    """The remind preview's summary, the overview's units out of reach and its channel line."""
    with console(url) as client:
        preview = client.get(f"/admin/reminders/remind?survey={SURVEY}").text
        overview = client.get("/admin").text
    summary, pushed = _SUMMARY.search(preview), _PUSHED.search(overview)
    assert summary is not None and pushed is not None
    unreached = _UNREACHED.search(overview)
    return _text(summary[1]), _text(unreached[1]) if unreached else "", _text(pushed[1])


def _counts(summary: str) -> tuple[int, int]:
    """(officials the reminder reaches, units no channel reaches) from the remind summary."""
    found = re.search(r"; (\d+) cán bộ sẽ nhận tin .* (\d+) đơn vị không có kênh nào", summary)
    assert found is not None, summary
    return int(found[1]), int(found[2])


def _broadcast_to_communes(url: str) -> str:
    """`/thongbao` from the admin's web chat, to every commune: the answer to the audience."""
    say(url, ADMIN, "/thongbao")
    return say(url, ADMIN, choice="bc:communes")


@pytest.fixture
def seeded(sqlite_url: str) -> str:
    return in_thread(lambda: _seed(sqlite_url))


@pytest.fixture
def telegram_on(
    fake: FakeTelegramApi, settings: Settings, services: Services, clock: FakeClock
) -> Iterator[ServerThread]:
    """The whole app with Telegram on, polling the fake Telegram API."""
    app_settings = settings.model_copy(update=telegram_on_fake(fake))
    with ServerThread(create_app(app_settings, services=services, clock=clock)) as server:
        yield server


def test_without_tokens_a_telegram_only_official_is_out_of_reach(
    seeded: str, server: ServerThread, settings: Settings, services: Services, clock: FakeClock
) -> None:
    summary, unreached, pushed = _console_reach(server.url)
    refused = _broadcast_to_communes(server.url)
    # Once the web chat's unit has reported, only the Telegram-only official is left to remind.
    period = period_of(services.surveys[SURVEY], clock(), services.zone)
    in_thread(
        lambda: send_report(
            settings.database_url, period=period, nth=0, answers=ANSWERS, now=clock()
        )
    )
    with console(server.url) as client:
        nobody = client.get(f"/admin/reminders/remind?survey={SURVEY}").text

    assert _counts(summary)[0] == 1
    assert "1 cán bộ chỉ dùng trò chuyện web sẽ thấy tin khi mở trò chuyện web" in summary
    assert seeded in unreached
    assert pushed.startswith("Telegram và Zalo đang tắt nên không tin nhắc nào được gửi đi")
    assert refused.startswith(
        "Chưa có cán bộ nào thuộc nhóm «tất cả xã, phường, đặc khu» nhận được thông báo: "
        "thông báo chung chỉ gửi qua Telegram hoặc Zalo, và cả hai kênh đang tắt. "
        "Chưa có tin nào được xếp vào hàng gửi."
    )
    assert (
        "Không ai nhận được tin nhắc: 1 cán bộ đã đăng ký của các đơn vị chưa gửi chỉ dùng "
        "Telegram, kênh đang tắt." in nobody
    )
    assert 'id="remind-confirm"' not in nobody


def test_with_telegram_on_the_telegram_only_official_is_reached(
    seeded: str, server: ServerThread, telegram_on: ServerThread
) -> None:
    off = _counts(_console_reach(server.url)[0])

    summary, unreached, pushed = _console_reach(telegram_on.url)
    preview = _broadcast_to_communes(telegram_on.url)

    assert _counts(summary) == (2, off[1] - 1)
    assert "1 cán bộ chỉ dùng trò chuyện web sẽ thấy tin khi mở trò chuyện web" in summary
    assert seeded not in unreached
    assert pushed.startswith("Tin nhắc được gửi qua Telegram (Zalo đang tắt);")
    assert preview == "Mời bạn gõ nội dung thông báo gửi tới tất cả xã, phường, đặc khu."
