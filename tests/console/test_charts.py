"""The console's charts: labels readable on a phone and never under the target line
(issue #15, item 25)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from handlers import Services
from storage import queries
from storage import surveys as store
from storage.db import make_engine, session_scope
from tests.conftest import FakeClock
from tests.console.conftest import (
    ANSWERS,
    DESKTOP,
    PHONE,
    SURVEY,
    Seeded,
    in_thread,
    login,
    screenshot,
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


async def _another_report(url: str, seeded: Seeded, services: Services, now: datetime) -> None:
    """A second commune sends its report, with 95% on the platforms: its bar ends just short
    of the 100% target line, where its value used to be drawn."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        unit = (await queries.list_units(session, kinds=["commune"]))[3]
        assert unit.id is not None
        response = await store.get_or_create_response(
            session, survey_id=SURVEY, period=seeded.period, unit_id=unit.id, now=now
        )
        assert response.id is not None
        version = response.version
        for question, value in {**ANSWERS, "ty_le_nen_tang": 95, "kho_khan": "Không"}.items():
            assert await store.save_answer(
                session, response_id=response.id, expected_version=version,
                question_id=question, value=value, official_id=None, identity_id=None, now=now,
            )  # fmt: skip
            version += 1
        assert await store.submit(
            session, response_id=response.id, expected_version=version,
            official_id=None, identity_id=None, now=now,
        )  # fmt: skip
    await engine.dispose()


@pytest.mark.parametrize(("size", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_chart_labels_are_readable_and_clear_of_the_target_line(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    services: Services,
    clock: FakeClock,
    screens: Path,
    size: Any,
    name: str,
) -> None:
    in_thread(lambda: _another_report(settings.database_url, seeded, services, clock()))
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
