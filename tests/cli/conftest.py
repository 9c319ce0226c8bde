"""Run the real `cdsbot` in a subprocess with a clean environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
Cdsbot = Callable[..., subprocess.CompletedProcess[str]]
# Invites need a pepper; without one the CLI warns on stderr.
PEPPER = {"INVITE_PEPPER": "pepper-for-cli-tests-0123456789"}


def ok(cdsbot: Cdsbot, *args: str, stdin: str = "") -> str:
    """Run a command that must succeed (with `PEPPER`); its standard output."""
    done = cdsbot(*args, stdin=stdin, env=PEPPER)
    assert done.returncode == 0, done.stderr
    return done.stdout


def chat(cdsbot: Cdsbot, user: str, *lines: str) -> list[str]:
    """Type the lines in `cdsbot chat --as USER --jsonl`; the replies' text, one per line."""
    out = ok(cdsbot, "chat", "--as", user, "--jsonl", stdin="".join(f"{x}\n" for x in lines))
    return [
        "\n\n".join(reply["text"] for reply in json.loads(line)["replies"])
        for line in out.splitlines()
    ]


@pytest.fixture
def cdsbot(tmp_path: Path) -> Cdsbot:
    """`cdsbot ARGS` run in tmp_path (or `cwd`) with its own SQLite database and no .env; an
    `env` value of None leaves that variable unset."""

    def _run(
        *args: str,
        stdin: str = "",
        env: Mapping[str, str | None] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEB_", "LOG_"))
        }
        environ["PYTHONPATH"] = str(ROOT)
        environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}"
        environ["WEB_PORT"] = str(free_port())  # `run` binds it: never the shared default
        for key, value in (env or {}).items():
            if value is None:
                environ.pop(key, None)
            else:
                environ[key] = value
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=environ,
            timeout=120,
            check=False,
        )

    return _run


@pytest.fixture
def any_database(cdsbot: Cdsbot, database_url: str, engine: AsyncEngine) -> Cdsbot:
    """`cdsbot` on a migrated database holding the province's units, once on SQLite and once
    on PostgreSQL (TEST_DATABASE_URL); the `engine` fixture empties PostgreSQL afterwards."""

    def _run(
        *args: str, env: Mapping[str, str | None] | None = None, **kwargs: object
    ) -> subprocess.CompletedProcess[str]:
        return cdsbot(*args, env={"DATABASE_URL": database_url, **(env or {})}, **kwargs)

    seeded = _run("units", "seed")
    assert seeded.returncode == 0, seeded.stderr
    return _run
