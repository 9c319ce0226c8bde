"""The console against real parts: a seeded SQLite file, users made by the real CLI, uvicorn
in a thread and Debian's headless Chromium. Screenshots are saved as test artifacts."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import SecretStr

from bot.app import create_app
from bot.config import Settings
from handlers import Services
from knowledge.surveys import period_of
from storage import queries
from storage import surveys as store
from storage.db import make_engine, session_scope
from storage.models import Identity, Official
from storage.units import province_units
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.zalo_api import FakeZaloApi
from tests.telegram.conftest import fake  # noqa: F401
from tests.web.conftest import ServerThread, browser  # noqa: F401
from tests.zalo.conftest import fake_zalo  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ("chanh-vp", "mật-khẩu-biên-tập-01")
VIEWER = ("chuyen-vien", "mat-khau-chi-xem-02")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
_SETTING_NAMES = {name.upper() for name in Settings.model_fields}
T = TypeVar("T")


def cdsbot(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the real CLI against the test database."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTING_NAMES}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=database_url, LOG_LEVEL="WARNING")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def in_thread(make: Callable[[], Awaitable[T]]) -> T:
    """Run async set-up on a worker thread (Playwright's sync API holds this thread's loop)."""

    async def main() -> T:
        return await make()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


async def _seed_units(url: str) -> None:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        await queries.upsert_units(session, province_units())
    await engine.dispose()


@pytest.fixture(scope="session")
def console_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated, with the province's units, an editor and a viewer made by `cdsbot admin`."""
    path = tmp_path_factory.mktemp("console") / "console.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite+aiosqlite:///{path}"
    in_thread(lambda: _seed_units(url))
    for (name, password), role in ((EDITOR, "editor"), (VIEWER, "viewer")):
        result = cdsbot(
            url, "admin", "create-user", name, "--role", role, "--password-stdin",
            stdin=password + "\n",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def sqlite_url(console_template: Path, tmp_path: Path) -> str:
    """Overrides the root fixture: every console test starts from the seeded template."""
    path = tmp_path / "cdsbot.db"
    shutil.copy(console_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def server(settings: Settings, services: Services, clock: FakeClock) -> Iterator[ServerThread]:
    """The app without tokens: only the web chat; Telegram and Zalo officials are out of reach."""
    with ServerThread(create_app(settings, services=services, clock=clock)) as running:
        yield running


def telegram_on_fake(api: FakeTelegramApi) -> dict[str, object]:
    """Settings that turn Telegram on against the fake API, with no rate limit to wait for."""
    return {
        "telegram_bot_token": SecretStr(api.token),
        "telegram_api_base": api.base_url,
        "telegram_rate": 1000.0,
        "telegram_per_chat_interval": 0.0,
    }


@pytest.fixture
def platforms_on(
    fake: FakeTelegramApi,  # noqa: F811 (the fixture imported above)
    fake_zalo: FakeZaloApi,  # noqa: F811
    settings: Settings,
    services: Services,
    clock: FakeClock,
) -> Iterator[ServerThread]:
    """The app with Telegram and Zalo on (both polling their fake API), so officials bound on
    either are within reach."""
    on = settings.model_copy(
        update={
            **telegram_on_fake(fake),
            "zalo_bot_token": SecretStr(fake_zalo.token),
            "zalo_api_base": fake_zalo.base_url,
        }
    )
    with ServerThread(create_app(on, services=services, clock=clock)) as running:
        yield running


@pytest.fixture(scope="session")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go (a test artifact); also copied to $CONSOLE_SCREENS_DIR if set."""
    return tmp_path_factory.mktemp("screens")


def screenshot(page: Any, screens: Path, name: str) -> Path:
    """Save a full-page screenshot as an artifact."""
    path = screens / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    extra = os.environ.get("CONSOLE_SCREENS_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / path.name)
    return path


def login(page: Any, base_url: str, account: tuple[str, str] = EDITOR) -> None:
    """Log in through the login page."""
    page.goto(f"{base_url}/admin/login")
    page.fill("input[name=username]", account[0])
    page.fill("input[name=password]", account[1])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin**")


def no_sideways_scroll(page: Any) -> bool:
    """Whether the page fits its viewport's width."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


SURVEY = "bao-cao-quy"
SCRIPT_ANSWER = "<script>window.__pwned = 1</script><b>khó khăn</b>"
ANSWERS = {
    "dau_moi": "co",
    "so_mang_luoi": 3,
    "so_tap_huan": 12,
    "ty_le_nen_tang": 62.5,
    "to_cong_nghe": 40,
    "giao_ban": "mot",
    "kho_khan": SCRIPT_ANSWER,
    "de_xuat": None,  # skipped
}


@dataclass(frozen=True)
class Seeded:
    """What the seed wrote: the reporting unit, the drafting unit, the web-only unit."""

    period: str
    sent_code: str
    sent_name: str
    draft_code: str
    web_only_code: str
    telegram_chat: int


async def _official(
    session: Any, *, unit_id: int, name: str, channel: str, external: str, now: datetime
) -> int:
    official = Official(unit_id=unit_id, full_name=name, position="Công chức văn hóa - xã hội")
    session.add(official)
    await session.flush()
    session.add(
        Identity(channel=channel, external_id=external, chat_id=external, official_id=official.id)
    )
    assert official.id is not None
    return official.id


async def _send(
    session: Any,
    *,
    period: str,
    unit_id: int,
    answers: dict[str, Any],
    official: int | None,
    now: datetime,
) -> None:
    """A unit answers every question given, one at a time, then sends its report."""
    response = await store.get_or_create_response(
        session, survey_id=SURVEY, period=period, unit_id=unit_id, now=now
    )
    assert response.id is not None
    version = response.version
    for question, value in answers.items():
        assert await store.save_answer(
            session, response_id=response.id, expected_version=version,
            question_id=question, value=value, official_id=official,
            identity_id=None, now=now,
        )  # fmt: skip
        version += 1
    assert await store.submit(
        session, response_id=response.id, expected_version=version,
        official_id=official, identity_id=None, now=now,
    )  # fmt: skip


async def seed_reports(url: str, services: Services, now: datetime) -> Seeded:
    """Three communes: one sent this quarter (its official on Telegram), one drafting, one
    whose only official uses the web chat."""
    definition = services.surveys[SURVEY]
    period = period_of(definition, now, services.zone)
    engine = make_engine(url)
    async with session_scope(engine) as session:
        sent, draft, web = (await queries.list_units(session, kinds=["commune"]))[:3]
        assert sent.id and draft.id and web.id
        official = await _official(
            session, unit_id=sent.id, name="Nguyễn Văn An", channel="telegram",
            external="515151", now=now,
        )  # fmt: skip
        await _official(
            session, unit_id=web.id, name="Trần Thị Bình", channel="web", external="w-1", now=now
        )
        await _send(
            session, period=period, unit_id=sent.id, answers=ANSWERS, official=official, now=now
        )
        other = await store.get_or_create_response(
            session, survey_id=SURVEY, period=period, unit_id=draft.id, now=now
        )
        assert other.id is not None
        await store.save_answer(
            session, response_id=other.id, expected_version=other.version,
            question_id="dau_moi", value="khong", official_id=None, identity_id=None, now=now,
        )  # fmt: skip
    await engine.dispose()
    return Seeded(period, sent.code, sent.name, draft.code, web.code, 515151)


async def send_report(
    url: str, *, period: str, nth: int, answers: dict[str, Any], now: datetime
) -> str:
    """The `nth` commune sends a report with these answers (no official); returns its name."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        unit = (await queries.list_units(session, kinds=["commune"]))[nth]
        assert unit.id is not None
        await _send(
            session, period=period, unit_id=unit.id, answers=answers, official=None, now=now
        )
    await engine.dispose()
    return unit.name


@pytest.fixture
def seeded(settings: Settings, services: Services, clock: FakeClock) -> Seeded:
    return in_thread(lambda: seed_reports(settings.database_url, services, clock()))
