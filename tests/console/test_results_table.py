"""Kết quả «Bảng số liệu» on a phone: one card per report, each value named by its column,
no row padded with blank space and nothing cut at the right edge; a table on a desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.console.conftest import DESKTOP, PHONE, Seeded, login, no_sideways_scroll, screenshot
from tests.web.conftest import ServerThread

# Per cell of the table: its column's label as shown, its text, how much of its height its
# content leaves blank (the label, drawn by CSS, is not content), and whether it lies inside
# the viewport's width.
_CELLS = """() => [...document.querySelectorAll("#results-table tbody td")].map(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const content = range.getBoundingClientRect();
    const box = td.getBoundingClientRect();
    const style = getComputedStyle(td);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    return {
        label: getComputedStyle(td, "::before").content.replace(/^"|"$/g, ""),
        text: td.innerText,
        blank: box.height - padding - content.height,
        inside: box.left >= 0 && box.right <= window.innerWidth + 0.5,
    };
})"""


def test_results_table_is_cards_on_a_phone(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/results")
    headers = page.eval_on_selector_all(
        "#results-table thead th", "ths => ths.map(t => t.innerText)"
    )
    cells = page.evaluate(_CELLS)
    fits = no_sideways_scroll(page)
    hint = page.is_visible("#table-hint")
    page.locator("#table-h").scroll_into_view_if_needed()
    page.screenshot(path=str(screens / "phone-results-table.png"))
    screenshot(page, screens, "phone-results-table-full")
    context.close()

    assert len(cells) == len(headers) > 8  # the one report sent, every column
    assert [c["label"] for c in cells] == [f"{h}: " for h in headers]
    status = next(c for c in cells if c["label"].startswith("Trạng thái"))
    assert status["text"] == "Đã gửi"  # whole, not cut at the edge; sentence case as the rest
    assert all(c["inside"] for c in cells), [c for c in cells if not c["inside"]]
    # At most the line a long label takes above its value: no row padded with blank space.
    assert max(c["blank"] for c in cells) < 30, cells
    assert fits
    assert not hint  # cards: nothing to scroll sideways


def test_results_table_is_a_table_on_a_desktop(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/results")
    header_shown = page.is_visible("#results-table thead")
    hint = page.is_visible("#table-hint")
    labels = page.evaluate(_CELLS)
    screenshot(page, screens, "desktop-results-table")
    page.close()

    assert header_shown and hint  # the table scrolls sideways, and says so
    assert {c["label"] for c in labels} <= {"none", "normal", ""}


# Each bar chart's value texts and the bars drawn (width on screen), in order.
_BARS = """() => [...document.querySelectorAll("svg.chart")].map(svg => ({
    values: [...svg.querySelectorAll("text.value")].map(t => t.textContent),
    bars: [...svg.querySelectorAll("rect.bar")].map(r => r.getBoundingClientRect().width),
}))"""


def test_results_draw_no_bar_for_zero_and_keep_its_label(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    charts = {}
    statuses = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = browser.new_page(viewport=viewport)
        login(page, server.url)
        page.goto(f"{server.url}/admin/results")
        charts[name] = page.evaluate(_BARS)
        statuses[name] = page.inner_text("#results-table tbody td:nth-child(4)")
        screenshot(page, screens, f"{name}-results-zero-bars")
        page.close()

    for name in ("phone", "desktop"):
        meeting = next(c for c in charts[name] if len(c["values"]) == 4)
        assert meeting["values"] == ["0 (0%)", "1 (100%)", "0 (0%)", "0 (0%)"]
        assert len(meeting["bars"]) == 1 and meeting["bars"][0] > 200
        # Every bar drawn is a real bar, never a sliver.
        assert min(w for c in charts[name] for w in c["bars"]) > 100
        assert statuses[name] == "Đã gửi"
