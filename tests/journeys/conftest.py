"""User journeys across the real parts: CLI subprocesses, channels on fakes, one SQLite file.

The database is a migrated SQLite file seeded once per session by `cdsbot units seed` (a
subprocess); each test gets a copy. The CLI and the in-process app share DATABASE_URL and an
explicit INVITE_PEPPER, so the code the CLI hashes is the code the assistant finds.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import SecretStr
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, select

from bot.config import Settings
from handlers import Services, texts
from knowledge.surveys import SurveyDefinition, load_definitions
from storage.db import session_scope

# The other areas' fixtures, reused as they are (pytest finds them through this import).
from tests.telegram.conftest import fake, polling  # noqa: F401
from tests.zalo.conftest import fake_zalo, make_channel  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
PEPPER = "journey-tests-invite-pepper-0123"
SURVEY = "bao-cao-quy"
# A commune of the seeded province data (vietnam-provinces), and how many units report.
UNIT_CODE = "21034"
UNIT_NAME = "Xã An Phú"
_SETTING_NAMES = {name.upper() for name in Settings.model_fields}


def cli_env(database_url: str, kb_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `cdsbot` subprocess: no host settings, ours (and `extra`) only."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTING_NAMES}
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        INVITE_PEPPER=PEPPER,
        KB_DIR=str(kb_dir),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def cdsbot_sync(settings: Settings, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `python -m bot ARGS` against the test database; returns its stdout."""
    cwd = settings.kb_dir.parent  # a temporary directory: no .env is read
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=cli_env(settings.database_url, settings.kb_dir, **(env or {})),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


async def cdsbot(settings: Settings, *args: str, env: dict[str, str] | None = None) -> str:
    """`cdsbot_sync` in a thread, so channels on this loop keep serving meanwhile."""
    return await asyncio.to_thread(lambda: cdsbot_sync(settings, *args, env=env))


@pytest.fixture(scope="session")
def seeded_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated template with the province's units, seeded by the real CLI."""
    folder = tmp_path_factory.mktemp("seeded")
    path = folder / "seeded.db"
    shutil.copy(sqlite_template, path)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=f"sqlite+aiosqlite:///{path}", kb_dir=folder / "kb"
    )
    output = cdsbot_sync(settings, "units", "seed")
    assert output.startswith("đơn vị: "), output
    return path


@pytest.fixture
def sqlite_url(seeded_template: Path, tmp_path: Path) -> str:
    """Overrides the root fixture: every journey starts from the seeded units."""
    path = tmp_path / "cdsbot.db"
    shutil.copy(seeded_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path) -> Settings:
    """Overrides the root fixture with the pepper the CLI subprocesses use."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=sqlite_url,
        kb_dir=tmp_path / "kb",
        invite_pepper=SecretStr(PEPPER),
    )


@pytest.fixture(scope="session")
def services(services: Services) -> Services:
    """Overrides the root fixture: the same knowledge base, the CLI's invite pepper."""
    return dataclasses.replace(services, invite_pepper=PEPPER)


@pytest.fixture(scope="session")
def definition() -> SurveyDefinition:
    return load_definitions()[SURVEY]


async def create_invite(
    settings: Settings, unit: str = UNIT_CODE, *, bot_username: str | None = None
) -> dict[str, Any]:
    """An invite made by `cdsbot invite create --json` (with the Telegram link when
    `bot_username` is given); returns what it printed."""
    env = {"TELEGRAM_BOT_USERNAME": bot_username} if bot_username else None
    output = await cdsbot(settings, "invite", "create", "--unit", unit, "--json", env=env)
    created: dict[str, Any] = json.loads(output)
    assert created["unit"] == unit
    return created


async def create_invite_code(settings: Settings, unit: str = UNIT_CODE) -> str:
    """The code of a new invite, as shown once by the CLI."""
    return str((await create_invite(settings, unit))["code"])


def wrong_code(code: str) -> str:
    """A well-formed code that differs from `code` in its last character."""
    last = "2" if code[-1] != "2" else "3"
    return code[:-1] + last


async def export_rows(settings: Settings, period: str, out: Path) -> dict[str, dict[str, Any]]:
    """`cdsbot export ... --format xlsx`, read back: unit code → {header: cell}."""
    await cdsbot(
        settings, "export", "--survey", SURVEY, "--period", period, "--format", "xlsx",
        "--out", str(out),
    )  # fmt: skip
    sheet = load_workbook(out)[texts.EXPORT_SHEET_DATA]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return {str(row[0]): dict(zip((str(h) for h in header), row, strict=True)) for row in rows}


def answer_cells(definition: SurveyDefinition, row: dict[str, Any]) -> list[Any]:
    """A row's answer cells in question order."""
    return [
        row[f"{definition.number_of(q.id)}. {q.header or q.text}"] for q in definition.questions
    ]


async def count(engine: AsyncEngine, table: type[SQLModel]) -> int:
    """How many rows a table holds."""
    async with session_scope(engine) as session:
        result = await session.exec(select(func.count()).select_from(table))
        return int(result.one())


@pytest.fixture
def jsonl_chat(settings: Settings) -> Iterator[JsonlChat]:
    """A `cdsbot chat --as an --jsonl` subprocess, closed (stdin EOF) at the end."""
    chat = JsonlChat(settings, user="an")
    try:
        yield chat
    finally:
        chat.close()


class JsonlChat:
    """Feed `cdsbot chat --jsonl` one line at a time and read its one JSON line back."""

    def __init__(self, settings: Settings, *, user: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--as", user, "--jsonl"],
            env=cli_env(settings.database_url, settings.kb_dir),
            cwd=settings.kb_dir.parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.last: list[dict[str, Any]] = []

    def say(self, line: str) -> str:
        """Type one line; returns the replies' text joined by blank lines."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        out = self.process.stdout.readline()
        assert out, "the chat process ended"
        self.last = json.loads(out)["replies"]
        return "\n\n".join(reply["text"] for reply in self.last)

    @property
    def labels(self) -> list[str]:
        """The choice labels of the last replies."""
        return [choice["label"] for reply in self.last for choice in reply["choices"]]

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
