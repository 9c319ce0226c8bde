"""«Nhắc các đơn vị chưa gửi»: one outbox row per missing unit's official, none for units
that reported, once per day however often it is clicked; deadlines and the broadcast."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.config import Settings
from storage.db import make_engine, session_scope
from storage.models import Deadline, Identity, Official, Outbox, Unit
from storage.queries import list_units, unit_by_code
from storage.reminders import add_deadline
from tests.conftest import FakeClock
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    VIEWER,
    Seeded,
    in_thread,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread


async def _add_officials(url: str, seeded: Seeded, now: datetime) -> dict[str, int]:
    """The drafting unit gets an official on Telegram and Zalo both; returns official ids."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        unit = await unit_by_code(session, seeded.draft_code)
        assert unit is not None
        official = Official(unit_id=unit.id, full_name="Lê Văn Cường", position="Chủ tịch UBND")
        session.add(official)
        await session.flush()
        for channel, external in (("telegram", "626262"), ("zalo", "z-626262")):
            session.add(
                Identity(
                    channel=channel, external_id=external, chat_id=external,
                    official_id=official.id,
                )
            )  # fmt: skip
        reporter = (
            await session.exec(select(Official).where(Official.full_name == "Nguyễn Văn An"))
        ).one()
        assert official.id is not None and reporter.id is not None
        ids = {"missing": official.id, "reporter": reporter.id}
    await engine.dispose()
    return ids


async def _remind_rows(url: str) -> list[Outbox]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        rows = list(
            (await session.exec(select(Outbox).where(Outbox.source.startswith("remind:")))).all()  # type: ignore[attr-defined]
        )
    await engine.dispose()
    return rows


def _click_remind(page: Any, url: str) -> str:
    page.goto(f"{url}/admin/reminders")
    page.click("#remind-missing")
    summary = page.inner_text("#remind-summary")
    page.click("#remind-confirm")
    page.wait_for_selector(".notice")
    return summary


def test_remind_missing_queues_one_row_per_missing_official_and_none_for_reporters(
    browser: Any, seeded: Seeded, platforms_on: ServerThread, settings: Settings, clock: FakeClock
) -> None:
    ids = in_thread(lambda: _add_officials(settings.database_url, seeded, clock()))
    page = browser.new_page(viewport=DESKTOP)
    login(page, platforms_on.url)

    summary = _click_remind(page, platforms_on.url)
    # Pressed again the same day: the preview says they were reminded and offers no confirm.
    page.goto(f"{platforms_on.url}/admin/reminders")
    page.click("#remind-missing")
    again = page.inner_text("#remind-summary")
    done = page.inner_text("#remind-done")
    confirm = page.locator("#remind-confirm").count()
    page.close()
    rows = in_thread(lambda: _remind_rows(settings.database_url))

    # The drafting unit's official (Telegram and Zalo: one row, pushed) and the web-only
    # unit's official (one row, waiting for the web chat); none for the reporting unit.
    assert summary.startswith(
        "95 đơn vị chưa gửi; 2 cán bộ sẽ nhận tin (mỗi người một tin, qua kênh họ dùng; "
        "1 cán bộ chỉ dùng trò chuyện web sẽ thấy tin khi mở trò chuyện web)."
    )
    assert again.startswith(
        "95 đơn vị chưa gửi; không cán bộ nào sẽ nhận thêm tin; 2 cán bộ đã được nhắc hôm nay "
        "nên không nhận thêm (mỗi người một tin một ngày)."
    )
    assert "sẽ nhận tin" not in again
    assert done.startswith("Hôm nay các cán bộ này đã được nhắc")
    assert confirm == 0
    assert sorted(row.channel for row in rows) == ["telegram", "web"]
    pushed = next(row for row in rows if row.channel == "telegram")
    assert pushed.dedupe_key.endswith(f":official:{ids['missing']}")
    assert {row.kind for row in rows} == {"reminder"}
    assert "chưa gửi báo cáo" in pushed.text


def test_broadcast_shows_audience_count_before_confirm(
    browser: Any, seeded: Seeded, platforms_on: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, platforms_on.url)
    page.goto(f"{platforms_on.url}/admin/reminders")
    page.select_option("#broadcast-form select[name=audience]", "communes")
    page.fill(
        "#broadcast-form textarea[name=text]", "Họp giao ban Mạng lưới CĐS lúc 8 giờ thứ Hai."
    )
    page.click("#broadcast-form button[type=submit]")
    count = page.inner_text("#audience-count")
    page.click("#broadcast-confirm")
    notice = page.inner_text(".notice")
    page.close()

    assert count.startswith("Gửi tới Tất cả xã, phường, đặc khu: 1 người nhận")
    assert notice == "Đã xếp thông báo vào hàng gửi."


async def _deadlines(url: str) -> list[Deadline]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        found = list((await session.exec(select(Deadline))).all())
    await engine.dispose()
    return found


def test_deadline_is_added_edited_and_removed(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    title = "Báo cáo chuyên đề về Tổ công nghệ số"
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    page.fill("#deadline-form input[name=title]", title)
    page.fill("#deadline-form input[name=due]", "20/12/2026")
    page.click("#deadline-form button[type=submit]")
    # The plan's own deadlines are listed too (synced at start); act on the new one's row.
    page.locator("#deadlines tr", has_text=title).locator("a:text('Sửa')").click()
    page.fill("#deadline-form input[name=due]", "22/12/2026")
    page.click("#deadline-form button[type=submit]")
    listed = page.locator("#deadlines tr", has_text=title).inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#deadlines tr", has_text=title).locator("button:text('Gỡ')").click()
    page.wait_for_selector(".notice")
    page.close()
    stored = in_thread(lambda: _deadlines(settings.database_url))

    assert "22/12/2026" in listed
    assert [(d.due_on.isoformat(), d.active) for d in stored if d.title == title] == [
        ("2026-12-22", False)
    ]
    assert all(d.active for d in stored if d.title != title)


async def _add_monthly(url: str, title: str, now: datetime) -> None:
    """A monthly deadline first due in January (before the clock's November)."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        await add_deadline(
            session, title=title, due_on=date(2026, 1, 15), audience="communes", every="month",
            now=now,
        )  # fmt: skip
    await engine.dispose()


def test_recurring_deadline_lists_its_next_due_day_on_a_phone(
    browser: Any, server: ServerThread, settings: Settings, clock: FakeClock, screens: Path
) -> None:
    title = "Cập nhật số liệu hằng tháng"
    in_thread(lambda: _add_monthly(settings.database_url, title, clock()))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    row = page.locator("#deadlines tr", has_text=title)
    due = row.locator("td[data-label='Hạn']").inner_text()
    actions = row.locator("td").last
    action_label = actions.evaluate("td => getComputedStyle(td, '::before').content")
    action_text = actions.inner_text()
    screenshot(page, screens, "phone-reminders")
    context.close()

    today = clock().astimezone(settings.zone).date()
    assert today == date(2026, 11, 30)  # so the next monthly due day is 15/12/2026
    assert due == "15/12/2026 · Hằng tháng"
    assert action_label in ("none", "normal")
    assert action_text.split() == ["Sửa", "Gỡ"]


def test_a_survey_linked_deadline_shows_the_surveys_repetition(
    browser: Any, server: ServerThread, settings: Settings, clock: FakeClock, screens: Path
) -> None:
    title = "Cập nhật số liệu theo mẫu báo cáo"

    async def _add_linked() -> None:
        engine = make_engine(settings.database_url)
        async with session_scope(engine) as session:
            await add_deadline(
                session, title=title, due_on=date(2026, 11, 30), audience="communes",
                every=None, survey_id="bao-cao-quy", now=clock(),
            )  # fmt: skip
        await engine.dispose()

    in_thread(_add_linked)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    due = page.locator("#deadlines tr", has_text=title).locator("td[data-label='Hạn']")
    shown = due.inner_text()
    screenshot(page, screens, "phone-reminders-survey-linked")
    context.close()

    # Stored without `every`: it comes back with the survey's quarters, as it is planned.
    assert shown == "15/12/2026 · Hằng quý"


def test_viewer_sees_no_actions_on_reminders(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url, VIEWER)
    page.goto(f"{server.url}/admin/reminders")
    rows = page.locator("#deadlines tbody tr").count()
    edit = page.locator("#deadlines a:text('Sửa')").count()
    remove = page.locator("#deadlines button:text('Gỡ')").count()
    remind = page.locator("#remind-missing").count()
    forms = page.locator("#deadline-form, #broadcast-form").count()
    page.close()

    assert rows > 0
    assert (edit, remove, remind, forms) == (0, 0, 0, 0)


def test_refused_broadcast_keeps_what_was_typed(browser: Any, server: ServerThread) -> None:
    # Nobody has registered yet, so the broadcast has no recipient and is refused.
    message = "Họp giao ban <b>Mạng lưới CĐS</b> lúc 8 giờ thứ Hai.\nMang theo báo cáo."
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    page.select_option("#broadcast-form select[name=audience]", "departments")
    page.fill("#broadcast-form textarea[name=text]", message)
    page.click("#broadcast-form button[type=submit]")
    problem = page.inner_text(".problem")
    audience = page.input_value("#broadcast-form select[name=audience]")
    kept = page.input_value("#broadcast-form textarea[name=text]")
    page.close()

    assert problem == (
        "Chưa có cán bộ nào thuộc nhóm «các sở, ban, ngành» đăng ký với Trợ lý CĐS, nên không "
        "ai nhận được thông báo này. Chưa có tin nào được xếp vào hàng gửi."
    )
    assert (audience, kept) == ("departments", message)


def test_invalid_deadline_is_refused_with_reasons_and_keeps_what_was_typed(
    browser: Any, server: ServerThread, settings: Settings, screens: Path
) -> None:
    before = in_thread(lambda: _deadlines(settings.database_url))
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    page.fill("#deadline-form input[name=title]", "Báo cáo riêng")
    page.fill("#deadline-form input[name=due]", "20/11/2026")  # the clock says 30/11/2026
    page.select_option("#deadline-form select[name=audience]", "codes")
    page.fill("#deadline-form input[name=audience_codes]", "21211,KHONG-CO")
    page.fill("#deadline-form input[name=section]", "IX.9")
    with page.expect_response(lambda r: r.url.endswith("/admin/reminders/save")) as answer:
        page.click("#deadline-form button[type=submit]")
    problems = page.locator("#deadline-problems li").all_inner_texts()
    typed = [
        page.input_value(f"#deadline-form input[name={name}]")
        for name in ("title", "due", "audience_codes", "section")
    ]
    heading = page.inner_text("h1")
    fits = no_sideways_scroll(page)
    screenshot(page, screens, "deadline-refused-phone")
    page.fill("#deadline-form input[name=due]", "20/12/2026")
    page.fill("#deadline-form input[name=audience_codes]", "21211")
    page.fill("#deadline-form input[name=section]", "IV.1.d")
    page.click("#deadline-form button[type=submit]")
    notice = page.inner_text(".notice")
    page.close()
    after = in_thread(lambda: _deadlines(settings.database_url))

    assert answer.value.status == 422
    assert heading == "Thêm hạn"
    assert problems == [
        "Ngày hạn 20/11/2026 đã qua (hôm nay là 30/11/2026); hãy chọn hôm nay hoặc một ngày sau.",
        "Không có đơn vị mã KHONG-CO; ghi đúng mã đơn vị (gõ tên đơn vị vào ô để thấy mã), cách "
        "nhau bởi dấu phẩy, hoặc chọn một nhóm đơn vị.",
        "Kế hoạch 87/KH-UBND không có mục «IX.9»; ghi đúng số mục, ví dụ IV.1.d, hoặc để trống.",
    ]
    assert typed == ["Báo cáo riêng", "20/11/2026", "21211,KHONG-CO", "IX.9"]
    assert fits
    assert notice == "Đã lưu hạn."
    added = [d for d in after if d.title == "Báo cáo riêng"]
    assert len(after) == len(before) + 1
    assert [(d.due_on.isoformat(), d.audience, d.section) for d in added] == [
        ("2026-12-20", "21211", "IV.1.d")
    ]


HOSTILE_NAME = 'Xã <img src=x onerror="window.__pwned=1">Thử'


async def _add_unit_coded_deadlines(url: str, now: datetime) -> list[str]:
    """A deadline for four units by code (one with markup in its name) and one for a unit
    merged away (STTTT, now inactive); returns the names of the two communes listed last."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        communes = (await list_units(session, kinds=["commune"]))[:2]
        session.add(Unit(code="XTHU", name=HOSTILE_NAME, kind="commune"))
        old = Unit(code="STTTT", name="Sở Thông tin và Truyền thông", kind="department")
        old.active = False
        session.add(old)
        await add_deadline(
            session, title="Báo cáo riêng bốn đơn vị", due_on=date(2026, 12, 20),
            audience=",".join(["XTHU", "SKHCN", *(u.code for u in communes)]), now=now,
        )  # fmt: skip
        await add_deadline(
            session, title="Báo cáo của Sở cũ", due_on=date(2026, 12, 21), audience="STTTT",
            now=now,
        )  # fmt: skip
    await engine.dispose()
    return [u.name for u in communes]


def test_unit_coded_audience_shows_unit_names_on_phone_and_desktop(
    browser: Any, server: ServerThread, settings: Settings, clock: FakeClock, screens: Path
) -> None:
    communes = in_thread(lambda: _add_unit_coded_deadlines(settings.database_url, clock()))
    seen = {}
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=size, is_mobile=name == "phone")
        page = context.new_page()
        login(page, server.url)
        page.goto(f"{server.url}/admin/reminders")
        four = page.locator("#deadlines tr", has_text="Báo cáo riêng bốn đơn vị")
        cell = four.locator("td[data-label='Đối tượng']")
        retired = page.locator("#deadlines tr", has_text="Báo cáo của Sở cũ").locator(
            "td[data-label='Đối tượng']"
        )
        seen[name] = (
            cell.inner_text(),
            cell.locator(".audience").get_attribute("title"),
            cell.locator("img").count(),
            retired.inner_text(),
            page.evaluate("window.__pwned === undefined"),
            no_sideways_scroll(page),
        )
        four.scroll_into_view_if_needed()
        screenshot(page, screens, f"{name}-reminders-unit-audience")
        context.close()

    expected = (
        f"{HOSTILE_NAME}, Sở Khoa học và Công nghệ và 2 đơn vị khác",
        ", ".join([HOSTILE_NAME, "Sở Khoa học và Công nghệ", *communes]),
        0,
        "Sở Thông tin và Truyền thông (không còn nhận tin)",
        True,
        True,
    )
    assert seen == {"phone": expected, "desktop": expected}


def test_cancel_on_broadcast_preview_returns_to_the_form_with_the_text_kept(
    browser: Any, seeded: Seeded, platforms_on: ServerThread, settings: Settings, screens: Path
) -> None:
    message = "Họp giao ban <b>Mạng lưới CĐS</b> lúc 8 giờ thứ Hai.\nMang theo báo cáo quý."
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, platforms_on.url)
    page.goto(f"{platforms_on.url}/admin/reminders")
    page.select_option("#broadcast-form select[name=audience]", "communes")
    page.fill("#broadcast-form textarea[name=text]", message)
    page.click("#broadcast-form button[type=submit]")
    page.wait_for_selector("#broadcast-confirm")
    screenshot(page, screens, "phone-broadcast-preview")

    page.locator("form.actions").get_by_text("Hủy", exact=True).click()
    page.wait_for_selector("#broadcast-form")
    kept = page.input_value("#broadcast-form textarea[name=text]")
    audience = page.input_value("#broadcast-form select[name=audience]")
    problems = page.locator(".problem").count()
    screenshot(page, screens, "phone-broadcast-cancelled")
    page.click("#broadcast-form button[type=submit]")
    page.click("#broadcast-confirm")
    notice = page.inner_text(".notice")
    context.close()
    rows = in_thread(lambda: _broadcast_rows(settings.database_url))

    assert (kept, audience, problems) == (message, "communes", 0)
    assert notice == "Đã xếp thông báo vào hàng gửi."
    assert [("Mang theo báo cáo quý." in row.text) for row in rows] == [True]


async def _broadcast_rows(url: str) -> list[Outbox]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        rows = list((await session.exec(select(Outbox).where(Outbox.kind == "broadcast"))).all())
    await engine.dispose()
    return rows
