"""«Số báo cáo gửi theo ngày» on «Tổng quan»: from the period's first day (a report is entered
in its own period) to its due day, never days of the quarter before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.console.conftest import DESKTOP, PHONE, Seeded, login, no_sideways_scroll, screenshot
from tests.web.conftest import ServerThread

CHART = "section[aria-labelledby=chart-h] svg"
# 01/10 to 15/12/2026, the due day of quý IV/2026.
QUARTER_DAYS = 31 + 30 + 15


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_chart_of_a_quarter_starts_on_its_first_day(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path, viewport: dict[str, int]
) -> None:
    name = "phone" if viewport is PHONE else "desktop"
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    days = page.eval_on_selector_all(
        f"{CHART} rect.bar title", "titles => titles.map(t => t.textContent)"
    )
    axis = page.eval_on_selector_all(
        f"{CHART} text.label", "texts => texts.map(t => t.textContent)"
    )
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"overview-sent-per-day-{name}")
    page.close()

    assert len(days) == QUARTER_DAYS
    assert (days[0], days[-1]) == ("01/10: 0", "15/12: 0")
    assert "30/11: 1" in days  # the seeded report, sent on 30/11/2026
    assert axis[-2:] == ["01/10", "15/12"]
    assert "Hạn gửi 15/12" in axis
    assert fits
