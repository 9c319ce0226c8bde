"""A «Trả lại để chỉnh sửa» the server refuses: the report stays open where it was posted
from (on «Duyệt báo cáo» or the unit's page), the comment as typed, the reason beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.console.conftest import (
    DESKTOP,
    PHONE,
    Seeded,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread

BLANK = "   \n  "
EMPTY = "Vui lòng ghi góp ý khi trả lại báo cáo."
FORM = "#review-waiting form[id^=return-form]"


def _viewport_name(viewport: dict[str, int]) -> str:
    return "phone" if viewport is PHONE else "desktop"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_blank_comment_on_review_list_keeps_the_report_open_with_the_reason_beside_it(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    page.goto(f"{server.url}/admin/review")
    page.click("#review-waiting summary")
    page.fill(f"{FORM} textarea[name=comment]", BLANK)
    page.click(f"{FORM} button")
    page.wait_for_load_state()
    opened = page.eval_on_selector_all("details.review-item", "ds => ds.map(d => d.open)")
    beside = page.inner_text(f"{FORM} [role=alert]")
    kept = page.input_value(f"{FORM} textarea[name=comment]")
    focused = page.evaluate("document.activeElement.name")
    waiting = page.inner_text("#g-waiting")
    picker = page.get_attribute("form[method=get]", "action")
    alerts = page.locator("[role=alert]").count()
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"review-blank-comment-{_viewport_name(viewport)}")
    page.close()

    assert opened == [True]
    assert beside == EMPTY
    assert alerts == 1  # beside the comment box, not also at the top of the page
    assert kept == BLANK
    assert focused == "comment"
    assert waiting == "Chờ duyệt (1)"  # nothing was returned
    assert picker == "/admin/review"
    assert fits


def test_blank_comment_on_unit_page_comes_back_to_that_page(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    page.fill("#return-form textarea[name=comment]", BLANK)
    page.click("#return-form button")
    page.wait_for_load_state()
    heading = page.inner_text("h1")
    beside = page.inner_text("#return-form [role=alert]")
    current = page.inner_text("nav [aria-current=page]")
    status = page.inner_text("#report-status")
    screenshot(page, screens, "unit-blank-comment-phone")
    page.close()

    assert heading == seeded.sent_name
    assert beside == EMPTY
    assert current == "Đơn vị"
    assert "Đã trả lại" not in status
