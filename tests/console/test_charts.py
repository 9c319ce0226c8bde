"""The console's charts: labels readable on a phone and never under the target line
(issue #15, item 25)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from tests.conftest import FakeClock
from tests.console.conftest import (
    ANSWERS,
    DESKTOP,
    PHONE,
    Seeded,
    in_thread,
    login,
    screenshot,
    send_report,
)
from tests.web.conftest import ServerThread

# Each chart's texts: their size on screen, and whether a red target line crosses one.
MEASURE = """() => [...document.querySelectorAll("svg.chart")].map(svg => {
    const texts = [...svg.querySelectorAll("text")];
    const lines = [...svg.querySelectorAll("line.target")].map(l => l.getBoundingClientRect());
    const crossed = texts.filter(t => {
        const box = t.getBoundingClientRect();
        return lines.some(l => l.left <= box.right && l.right >= box.left
            && l.top <= box.bottom && l.bottom >= box.top);
    }).map(t => t.textContent);
    const sizes = texts.map(t => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale;
    });
    return {smallest: Math.min(...sizes), crossed: crossed};
})"""


# A second commune with 95% on the platforms: its bar ends just short of the 100% target
# line, where its value used to be drawn.
SECOND = {**ANSWERS, "ty_le_nen_tang": 95, "kho_khan": "Không"}


@pytest.mark.parametrize(("size", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_chart_labels_are_readable_and_clear_of_the_target_line(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    clock: FakeClock,
    screens: Path,
    size: Any,
    name: str,
) -> None:
    in_thread(
        lambda: send_report(
            settings.database_url, period=seeded.period, nth=3, answers=SECOND, now=clock()
        )
    )
    context = browser.new_context(viewport=size, is_mobile=name == "phone")
    page = context.new_page()
    login(page, server.url)
    charts = []
    for path in ("/admin", "/admin/results"):
        page.goto(f"{server.url}{path}")
        charts += page.evaluate(MEASURE)
        screenshot(page, screens, f"{name}-charts{path.replace('/', '-')}")
    context.close()

    assert len(charts) >= 7
    assert min(chart["smallest"] for chart in charts) >= 11
    assert [chart["crossed"] for chart in charts if chart["crossed"]] == []


def test_results_bars_of_one_chart_share_their_decimals(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    clock: FakeClock,
    screens: Path,
) -> None:
    in_thread(
        lambda: send_report(
            settings.database_url, period=seeded.period, nth=3, answers=SECOND, now=clock()
        )
    )
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/results")
    platform = page.eval_on_selector_all(
        "section:has(#q-ty_le_nen_tang) svg.chart text.value", "ts => ts.map(t => t.textContent)"
    )
    screenshot(page, screens, "phone-results-decimals")
    page.close()

    # Mean 78,75%, lowest 62,5%, highest 95%: one decimal on all three bars.
    assert platform == ["78,8%", "62,5%", "95,0%"]
