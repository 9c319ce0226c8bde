"""Every page's picker names the survey by its title and the periods in words, from one
partial (`_picker_fields.html`) fed by `dashboard.common.survey_choices`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handlers import Services
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    SURVEY,
    Seeded,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread

PICKER_PAGES = ["/admin", "/admin/units", "/admin/results", "/admin/review"]


def _options(page: Any, name: str) -> list[tuple[str, str]]:
    return [
        (str(value), str(text).strip())
        for value, text in page.eval_on_selector_all(
            f"main select[name={name}] option", "os => os.map(o => [o.value, o.textContent])"
        )
    ]


@pytest.mark.parametrize("path", [*PICKER_PAGES, "unit"])
def test_picker_names_surveys_by_title_and_periods_in_words(
    browser: Any, seeded: Seeded, server: ServerThread, services: Services, path: str
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(server.url + (f"/admin/units/{seeded.sent_code}" if path == "unit" else path))
    surveys = _options(page, "survey")
    periods = _options(page, "period")
    page.close()

    assert surveys == [(SURVEY, services.surveys[SURVEY].title)]
    assert periods[:3] == [
        ("2026-Q4", "quý IV/2026"),
        ("2026-Q3", "quý III/2026"),
        ("2026-Q2", "quý II/2026"),
    ]


def test_units_picker_keeps_search_and_fits_a_phone(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path
) -> None:
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units")
    fits = no_sideways_scroll(page)
    screenshot(page, screens, "units-picker-phone")
    page.select_option("main select[name=period]", label="quý III/2026")
    page.fill("#search", "an phu")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_url("**period=2026-Q3**")
    heading = page.inner_text("h1")
    url = page.url
    page.close()

    assert fits
    assert heading == "Đơn vị — quý III/2026"
    assert f"survey={SURVEY}" in url and "q=an+phu" in url
