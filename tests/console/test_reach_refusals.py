"""Who a console message reaches, said honestly: «Nhắc các đơn vị chưa gửi» and «Gửi thông
báo chung» refuse, with the reason, when nobody would receive them (newcomer2 #32, #33)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from sqlmodel import select

from bot.config import Settings
from storage.db import make_engine, session_scope
from storage.models import Identity, Official, Outbox
from storage.queries import list_units
from tests.conftest import FakeClock
from tests.console.conftest import DESKTOP, EDITOR, PHONE, in_thread, login
from tests.web.conftest import ServerThread

WEB_AND_CONSOLE_ONLY = (
    "Chưa có cán bộ nào thuộc nhóm «tất cả xã, phường, đặc khu» nhận được thông báo qua "
    "Telegram hoặc Zalo: 2 cán bộ đã đăng ký của nhóm này chỉ dùng trò chuyện web hoặc dòng "
    "lệnh, nơi không nhận thông báo chung. Chưa có tin nào được xếp vào hàng gửi."
)
NOBODY_IN_DEPARTMENTS = (
    "Chưa có cán bộ nào thuộc nhóm «các sở, ban, ngành» đăng ký với Trợ lý CĐS, nên không ai "
    "nhận được thông báo này. Chưa có tin nào được xếp vào hàng gửi."
)


async def _officials(url: str, accounts: list[tuple[str, str]], now: datetime) -> str:
    """Officials of the first commune, one per (channel, external id); returns its name."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        unit = (await list_units(session, kinds=["commune"]))[0]
        for number, (channel, external) in enumerate(accounts, start=1):
            official = Official(
                unit_id=unit.id, full_name=f"Cán bộ {number}", position="Công chức", created_at=now
            )
            session.add(official)
            await session.flush()
            session.add(
                Identity(
                    channel=channel, external_id=external, chat_id=external,
                    official_id=official.id,
                )
            )  # fmt: skip
    await engine.dispose()
    return unit.name


async def _outbox(url: str) -> list[Outbox]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        rows = list((await session.exec(select(Outbox))).all())
    await engine.dispose()
    return rows


def _preview_broadcast(page: Any, url: str, audience: str, text: str) -> None:
    page.goto(f"{url}/admin/reminders")
    page.select_option("#broadcast-form select[name=audience]", audience)
    page.fill("#broadcast-form textarea[name=text]", text)
    page.click("#broadcast-form button[type=submit]")


def test_console_broadcast_refusal_names_web_chat_only_officials_as_the_chat_does(
    browser: Any, platforms_on: ServerThread, settings: Settings, clock: FakeClock
) -> None:
    in_thread(
        lambda: _officials(settings.database_url, [("web", "w-77"), ("console", "c-77")], clock())
    )
    page = browser.new_page(viewport=DESKTOP)
    login(page, platforms_on.url)
    _preview_broadcast(page, platforms_on.url, "communes", "Họp giao ban lúc 8 giờ.")
    communes = page.inner_text(".problem")
    kept = page.input_value("#broadcast-form textarea[name=text]")
    _preview_broadcast(page, platforms_on.url, "departments", "Họp giao ban lúc 8 giờ.")
    departments = page.inner_text(".problem")
    page.close()

    assert communes == WEB_AND_CONSOLE_ONLY
    assert kept == "Họp giao ban lúc 8 giờ."
    assert departments == NOBODY_IN_DEPARTMENTS
    assert in_thread(lambda: _outbox(settings.database_url)) == []


def _csrf(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    marker = 'name="csrf" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def _log_in(client: httpx.Client) -> None:
    token = _csrf(client, "/admin/login")
    answer = client.post(
        "/admin/login",
        data={"username": EDITOR[0], "password": EDITOR[1], "csrf": token},
    )
    assert answer.status_code == 303, answer.text


def test_remind_with_nobody_registered_offers_no_confirm_and_refuses_a_forced_post(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    page.click("#remind-missing")
    nobody = page.inner_text("#remind-nobody")
    confirm = page.locator("#remind-confirm").count()
    context.close()
    with httpx.Client(base_url=server.url) as client:
        _log_in(client)
        token = _csrf(client, "/admin/reminders/remind")
        forced = client.post(
            "/admin/reminders/remind", data={"survey": "bao-cao-quy", "csrf": token}
        )

    assert nobody.startswith("Không ai nhận được tin nhắc: chưa có cán bộ nào của ")
    assert nobody.endswith(" đơn vị chưa gửi đăng ký với Trợ lý CĐS.")
    assert confirm == 0
    assert forced.status_code == 409
    assert "Đã xếp tin nhắc" not in forced.text
    assert "Không ai nhận được tin nhắc: chưa có cán bộ nào của " in forced.text
    assert "Chưa có tin nào được xếp vào hàng gửi." in forced.text
    assert 'id="remind-confirm"' not in forced.text
    assert in_thread(lambda: _outbox(settings.database_url)) == []


def test_remind_with_only_blocked_accounts_says_why_nobody_is_reached(
    browser: Any, server: ServerThread, settings: Settings, clock: FakeClock
) -> None:
    in_thread(lambda: _officials(settings.database_url, [("telegram", "818181")], clock()))
    in_thread(lambda: _block_all(settings.database_url))
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders/remind")
    nobody = page.inner_text("#remind-nobody")
    confirm = page.locator("#remind-confirm").count()
    page.close()

    assert nobody == (
        "Không ai nhận được tin nhắc: 1 cán bộ đã đăng ký của các đơn vị chưa gửi không còn "
        "tài khoản chat nào nhận được tin (đã chặn trợ lý hoặc đã bị gỡ khỏi đơn vị)."
    )
    assert confirm == 0


async def _block_all(url: str) -> None:
    """Every account blocked the assistant (as a 403 from Telegram marks it)."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        for identity in (await session.exec(select(Identity))).all():
            identity.blocked = True
            session.add(identity)
    await engine.dispose()


def test_remind_reaching_a_web_chat_official_says_how_many_were_queued(
    browser: Any, server: ServerThread, settings: Settings, clock: FakeClock
) -> None:
    in_thread(lambda: _officials(settings.database_url, [("web", "w-88")], clock()))
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders/remind")
    summary = page.inner_text("#remind-summary")
    page.click("#remind-confirm")
    first = page.inner_text(".notice")
    page.goto(f"{server.url}/admin/reminders/remind")
    # Reminded today: the preview says so and offers nothing to confirm.
    again = page.inner_text("#remind-summary")
    confirm_again = page.locator("#remind-confirm").count()
    page.close()

    assert "1 cán bộ sẽ nhận tin" in summary
    assert first == "Đã xếp 1 tin nhắc vào hàng gửi."
    assert "không cán bộ nào sẽ nhận thêm tin" in again
    assert "1 cán bộ đã được nhắc hôm nay nên không nhận thêm" in again
    assert confirm_again == 0
    assert len(in_thread(lambda: _outbox(settings.database_url))) == 1
