"""The provincial office's dashboard: access rules, the page in Chromium, the download."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from pydantic import SecretStr

from bot.app import create_app
from bot.config import Settings
from handlers import Services
from knowledge.surveys import period_of
from storage import queries
from storage import surveys as store
from storage.db import make_engine, session_scope
from storage.units import province_units
from tests.conftest import FakeClock
from tests.web.conftest import ServerThread

PASSWORD = "dashboard-pass-for-tests"


async def _seed(settings: Settings, services: Services, clock: FakeClock) -> str:
    """All units, and one commune that sent this quarter's report; returns its name."""
    engine = make_engine(settings.database_url)
    definition = services.surveys["bao-cao-quy"]
    period = period_of(definition, clock(), services.zone)
    async with session_scope(engine) as session:
        await queries.upsert_units(session, province_units())
    async with session_scope(engine) as session:
        unit = next(u for u in await queries.list_units(session, kinds=["commune"]))
        assert unit.id is not None
        response = await store.get_or_create_response(
            session, survey_id=definition.id, period=period, unit_id=unit.id, now=clock()
        )
        assert response.id is not None
        await store.submit(
            session,
            response_id=response.id,
            expected_version=response.version,
            official_id=None,
            identity_id=None,
            now=clock(),
        )
    await engine.dispose()
    return unit.name


@pytest.fixture
def seeded(settings: Settings, services: Services, clock: FakeClock) -> str:
    # A worker thread: Playwright's sync API may hold an event loop on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _seed(settings, services, clock)).result()


def _server(settings: Settings, services: Services, clock: FakeClock) -> ServerThread:
    return ServerThread(create_app(settings, services=services, clock=clock))


@pytest.fixture
def local(settings: Settings, services: Services, clock: FakeClock) -> Iterator[ServerThread]:
    with _server(settings, services, clock) as server:
        yield server


def test_dashboard_is_open_to_this_machine_when_nothing_is_exposed(local: ServerThread) -> None:
    response = httpx.get(f"{local.url}/admin")

    assert response.status_code == 200


def test_dashboard_is_refused_without_password_when_webhook_exposes_app(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    exposed = settings.model_copy(update={"zalo_mode": "webhook"})

    with _server(exposed, services, clock) as server:
        response = httpx.get(f"{server.url}/admin")

    assert response.status_code == 403


def test_dashboard_needs_the_password_when_one_is_set(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    guarded = settings.model_copy(update={"web_admin_password": SecretStr(PASSWORD)})

    with _server(guarded, services, clock) as server:
        anonymous = httpx.get(f"{server.url}/admin")
        wrong = httpx.get(f"{server.url}/admin", auth=("office", "nope"))
        right = httpx.get(f"{server.url}/admin", auth=("office", PASSWORD))

    assert (anonymous.status_code, wrong.status_code, right.status_code) == (401, 401, 200)


def test_export_download_lists_every_unit_with_its_status(
    seeded: str, local: ServerThread
) -> None:
    response = httpx.get(f"{local.url}/admin/export", params={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    statuses = {row[1]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert statuses[seeded] == "đã gửi"
    assert len(statuses) == 96
    assert sum(status == "chưa báo cáo" for status in statuses.values()) == 95


def test_unknown_period_is_refused(local: ServerThread) -> None:
    response = httpx.get(f"{local.url}/admin", params={"period": "2026-Q9"})

    assert response.status_code == 422


@pytest.mark.parametrize("path", ["/admin", "/admin/export"])
def test_year_zero_period_is_refused_in_vietnamese(local: ServerThread, path: str) -> None:
    response = httpx.get(f"{local.url}{path}", params={"period": "0000-Q1"})

    assert response.status_code == 422
    assert response.json()["detail"].startswith("Kỳ báo cáo không hợp lệ.")


def test_page_shows_progress_and_filters_missing_units(
    browser: Any, seeded: str, local: ServerThread
) -> None:
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(f"{local.url}/admin")
    summary = page.inner_text("#summary")
    all_rows = page.locator("tbody tr").count()

    page.check("input[name=missing]")
    page.click("button[type=submit]")
    page.wait_for_url("**missing=true**")
    missing_rows = page.locator("tbody tr").count()
    shown = page.inner_text("tbody")
    page.close()

    assert summary == "Đã báo cáo 1/96 đơn vị (1%)."
    assert (all_rows, missing_rows) == (96, 95)
    assert seeded not in shown
