"""«Duyệt báo cáo»: a report waiting for a decision opens on its answers, then offers both
decisions (the unit page's forms); the office comes back to the list after deciding. A unit
editing its sent report is marked, as on its page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from tests.conftest import FakeClock
from tests.console.conftest import (
    ANSWERS,
    DESKTOP,
    PHONE,
    VIEWER,
    Seeded,
    in_thread,
    login,
    no_sideways_scroll,
    screenshot,
    send_report,
)
from tests.console.test_unit_page import _edit_sent_report
from tests.web.conftest import ServerThread

COMMENT = "Câu 2 chưa khớp danh sách Mạng lưới, đề nghị kiểm tra lại."


def test_report_is_accepted_from_review_list_only_after_its_answers_are_opened(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/review")
    accept = page.locator("#review-waiting button:text('Chấp nhận báo cáo')")
    closed = (accept.is_visible(), page.locator("#review-waiting table").is_visible())
    page.click("#review-waiting summary")
    answers = page.inner_text("#review-waiting table")
    fits = no_sideways_scroll(page)
    screenshot(page, screens, "review-open-phone")
    accept.click()
    page.wait_for_url(f"{server.url}/admin/review?**")
    notice = page.inner_text(".notice")
    waiting = page.inner_text("#g-waiting")
    accepted = page.inner_text("#review-accepted")
    page.close()

    assert closed == (False, False)
    assert "62,5%" in answers and "Một buổi" in answers
    assert fits
    assert notice.startswith("Đã chấp nhận báo cáo")
    assert waiting == "Chờ duyệt (0)"
    assert seeded.sent_name in accepted


def test_report_returned_from_review_list_with_comment(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/review")
    page.click("#review-waiting summary")
    form = page.locator("#review-waiting form[id^=return-form]")
    form.locator("button").click()  # no comment: the browser keeps the form (required)
    still = page.url
    form.locator("textarea[name=comment]").fill(COMMENT)
    form.locator("button").click()
    page.wait_for_url(f"{server.url}/admin/review?**")
    notice = page.inner_text(".notice")
    returned = page.inner_text("#review-returned")
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    unit_page = page.inner_text("section[aria-labelledby=answers-h]")
    page.close()

    assert still == f"{server.url}/admin/review"
    assert notice.startswith("Đã trả lại báo cáo")
    assert seeded.sent_name in returned
    assert COMMENT in unit_page


def test_viewer_reads_answers_on_review_list_without_decisions(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url, VIEWER)
    page.goto(f"{server.url}/admin/review")
    page.click("#review-waiting summary")
    answers = page.inner_text("#review-waiting table")
    forms = page.locator("#review-waiting form").count()
    page.close()

    assert "62,5%" in answers
    assert forms == 0


@pytest.mark.parametrize("discard", [False, True])
def test_review_list_marks_unit_editing_its_sent_report(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    clock: FakeClock,
    screens: Path,
    discard: bool,
) -> None:
    other = in_thread(
        lambda: send_report(
            settings.database_url, period=seeded.period, nth=3, answers=ANSWERS, now=clock()
        )
    )
    in_thread(lambda: _edit_sent_report(settings.database_url, seeded, discard=discard))
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/review")
    items = page.locator("#review-waiting > li")
    marked = {
        items.nth(i).locator("a").first.inner_text(): items.nth(i).locator(".editing-mark").count()
        for i in range(items.count())
    }
    page.click(f"#review-waiting > li:has(a:text-is('{seeded.sent_name}')) summary")
    notes = page.locator("#review-waiting .placeholder").all_inner_texts()
    if not discard:
        screenshot(page, screens, "review-editing-phone")
    page.close()

    assert marked == {seeded.sent_name: 0 if discard else 1, other: 0}
    assert len(notes) == (0 if discard else 1)
    assert all("Đơn vị đang sửa báo cáo đã gửi" in note for note in notes)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_review_list_marks_report_sent_after_the_deadline_as_late(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    clock: FakeClock,
    screens: Path,
    viewport: dict[str, int],
) -> None:
    # Quarter III closed on 15/09; a unit sends it on 30/11 (the office had reopened it).
    late = in_thread(
        lambda: send_report(
            settings.database_url, period="2026-Q3", nth=4, answers=ANSWERS, now=clock()
        )
    )
    on_time = in_thread(
        lambda: send_report(
            settings.database_url, period="2026-Q3", nth=5, answers=ANSWERS,
            now=datetime(2026, 9, 10, 3, 0, tzinfo=UTC),
        )
    )  # fmt: skip
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    page.goto(f"{server.url}/admin/review?survey=bao-cao-quy&period=2026-Q3")
    items = page.locator("#review-waiting > li")
    listed = [items.nth(i) for i in range(items.count())]
    marks = {
        item.locator("a").first.inner_text(): item.locator(".late-mark").all_inner_texts()
        for item in listed
    }
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"review-late-{'phone' if viewport is PHONE else 'desktop'}")
    page.close()

    assert marks == {late: ["Gửi muộn"], on_time: []}
    assert fits
