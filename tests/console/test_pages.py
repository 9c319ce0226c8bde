"""The console's pages in headless Chromium on seeded data, at a phone's and a desktop's size."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from openpyxl import load_workbook

from handlers.choices import fold
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    SCRIPT_ANSWER,
    Seeded,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread

PAGES = {
    "overview": "/admin",
    "units": "/admin/units",
    "results": "/admin/results",
    "review": "/admin/review",
    "reminders": "/admin/reminders",
    "invites": "/admin/invites",
    "questions": "/admin/questions",
}


def test_overview_counts_units_per_status(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    counts = {
        status: page.inner_text(f".stat[data-status={status}] b")
        for status in ("missing", "draft", "submitted", "late")
    }
    summary = page.inner_text("#summary")
    web_only = page.eval_on_selector_all(
        "#web-only a", "links => links.map(a => a.getAttribute('href'))"
    )
    page.close()

    assert counts == {"missing": "94", "draft": "1", "submitted": "1", "late": "0"}
    assert summary == "Đã báo cáo 1/96 đơn vị (1,0%)."
    assert web_only == [f"/admin/units/{seeded.web_only_code}"]


def test_units_search_ignores_diacritics(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units")
    folded = fold(seeded.sent_name)
    page.fill("#search", folded)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**q=**")
    codes = page.eval_on_selector_all("#units tbody tr", "rows => rows.map(r => r.dataset.code)")
    page.close()

    assert codes == [seeded.sent_code]


def test_unit_page_shows_script_answer_as_text(
    browser: Any, seeded: Seeded, server: ServerThread
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    shown = page.inner_text("#answers")
    officials = page.inner_text("#officials")
    pwned = page.evaluate("window.__pwned === undefined && !document.querySelector('#answers b')")
    page.close()

    assert SCRIPT_ANSWER in shown
    assert pwned
    assert "Nguyễn Văn An" in officials and "Telegram" in officials


def test_xlsx_download_reads_back_with_openpyxl(
    browser: Any, seeded: Seeded, server: ServerThread, tmp_path: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/results")
    with page.expect_download() as info:
        page.click("#download-xlsx")
    saved = tmp_path / "download.xlsx"
    info.value.save_as(saved)
    page.close()

    sheet = load_workbook(io.BytesIO(saved.read_bytes())).worksheets[0]
    statuses = {row[0]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert statuses[seeded.sent_code] == "đã gửi"
    assert statuses[seeded.draft_code] == "đang nhập"
    assert len(statuses) == 96


def test_consolidated_report_downloads_and_names_the_reporting_unit(
    browser: Any, seeded: Seeded, server: ServerThread, tmp_path: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/results")
    charts = page.locator("svg.chart").count()
    with page.expect_download() as info:
        page.click("#downloads #consolidated-report")
    saved = tmp_path / "bao-cao.docx"
    info.value.save_as(saved)
    page.close()

    document = docx.Document(str(saved))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    appendix = document.tables[-1]
    assert charts >= 6
    assert "BÁO CÁO" in text
    assert "1/96" in text
    assert len(appendix.rows) == 97  # the header and every unit of the audience
    assert any(seeded.sent_name in cell.text for row in appendix.rows for cell in row.cells)


def test_main_pages_fit_a_phone_without_sideways_scrolling(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    pages = {**PAGES, "unit": f"/admin/units/{seeded.sent_code}"}
    fits = {}
    for name, path in pages.items():
        page.goto(f"{server.url}{path}")
        fits[name] = no_sideways_scroll(page)
        screenshot(page, screens, f"phone-{name}")
    context.close()

    assert fits == dict.fromkeys(pages, True)


def test_main_pages_render_at_desktop_width(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{server.url}/admin/login")
    screenshot(page, screens, "desktop-login")
    login(page, server.url)
    fits = {}
    for name, path in {**PAGES, "unit": f"/admin/units/{seeded.sent_code}"}.items():
        page.goto(f"{server.url}{path}")
        fits[name] = no_sideways_scroll(page)
        screenshot(page, screens, f"desktop-{name}")
    page.close()

    assert all(fits.values()), fits


def test_units_page_lists_units_by_kind_in_vietnamese_order(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units?status=missing")
    names = page.eval_on_selector_all(
        "#units tbody tr td:first-child a", "links => links.map(a => a.textContent)"
    )
    screenshot(page, screens, "phone-units-order")
    page.close()

    kinds = [name.split(" ")[0] for name in names]
    assert kinds == sorted(kinds, key=["Xã", "Phường", "Đặc"].index)
    assert names.index("Xã Ba Động") < names.index("Xã Ba Xa")
    assert names.index("Xã Lân Phong") < names.index("Xã Long Phụng")
    assert names.index("Phường Cẩm Thành") < names.index("Phường Đăk BLa")
    initials = [name.removeprefix("Xã ")[0] for name in names if name.startswith("Xã ")]
    assert initials == sorted(initials, key="ABCDĐEGHIKLMNOPQRSTUVXY".index)
