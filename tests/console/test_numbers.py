"""Numbers on the console's pages are written the Vietnamese way, as in chat and in the
consolidated report (62,5%; 1.512), while the downloads keep machine values (issue #15,
item 22)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

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

# A second commune trained 1500 people and uses the platforms at 70,26%.
SECOND = {**ANSWERS, "so_tap_huan": 1500, "ty_le_nen_tang": 70.26, "kho_khan": "Không"}


@pytest.fixture
def second(seeded: Seeded, settings: Settings, clock: FakeClock) -> str:
    """The second reporting commune's name."""
    return in_thread(
        lambda: send_report(
            settings.database_url, period=seeded.period, nth=3, answers=SECOND, now=clock()
        )
    )


def _column(page: Any, header_start: str) -> list[str]:
    return list(
        page.evaluate(
            """start => {
                const heads = [...document.querySelectorAll("#results-table thead th")];
                const index = heads.findIndex(th => th.innerText.startsWith(start));
                return [...document.querySelectorAll("#results-table tbody tr")]
                    .map(tr => tr.children[index].innerText);
            }""",
            header_start,
        )
    )


def test_results_page_writes_numbers_the_vietnamese_way(
    browser: Any,
    seeded: Seeded,
    second: str,
    server: ServerThread,
    screens: Path,
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/results")
    shares = _column(page, "4.")
    trained = _column(page, "3.")
    names = _column(page, "Tên đơn vị")
    platform = page.inner_text("section:has(#q-ty_le_nen_tang)")
    training = page.inner_text("section:has(#q-so_tap_huan)")
    screenshot(page, screens, "phone-results-numbers")
    page.goto(f"{server.url}/admin/units?q={second}")
    page.click(f"#units a:text('{second}')")
    answers = page.inner_text("#answers")
    history = page.inner_text("#history")
    context.close()

    by_unit = dict(zip(names, zip(shares, trained, strict=True), strict=True))
    assert by_unit[seeded.sent_name] == ("62,5%", "12")
    assert by_unit[second] == ("70,26%", "1.500")
    assert "Trung bình 66,4% trên 2 đơn vị." in platform
    assert "70,3%" in platform and "62,5%" in platform
    assert "Tổng 1.512, trung bình 756 trên 2 đơn vị." in training
    assert "1.500" in training
    assert "1.500" in answers and "70,26%" in answers
    assert "Câu 3: 1.500" in history


def test_downloads_keep_machine_numbers(
    browser: Any,
    seeded: Seeded,
    second: str,
    server: ServerThread,
    tmp_path: Path,
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/results")
    saved = {}
    for kind in ("csv", "xlsx"):
        with page.expect_download() as info:
            page.click(f"#download-{kind}")
        saved[kind] = tmp_path / f"export.{kind}"
        info.value.save_as(saved[kind])
    page.close()

    rows = list(csv.reader(io.StringIO(saved["csv"].read_text(encoding="utf-8-sig"))))
    share = rows[0].index(next(h for h in rows[0] if h.startswith("4.")))
    by_unit = {row[1]: row[share] for row in rows[1:]}
    sheet = load_workbook(saved["xlsx"]).worksheets[0]
    cells = {row[1]: row[share] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (by_unit[seeded.sent_name], by_unit[second]) == ("62.5", "70.26")
    assert (cells[seeded.sent_name], cells[second]) == (62.5, 70.26)
