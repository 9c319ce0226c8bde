"""Run the real `cdsbot` in a subprocess with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
Cdsbot = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cdsbot(tmp_path: Path) -> Cdsbot:
    """`cdsbot ARGS` run in tmp_path with its own SQLite database and no .env."""

    def _run(
        *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEB_", "LOG_"))
        }
        environ["PYTHONPATH"] = str(ROOT)
        environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}"
        environ.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=environ,
            timeout=120,
            check=False,
        )

    return _run
