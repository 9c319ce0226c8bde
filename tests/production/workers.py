"""Real `cdsbot run` processes for the production tests: start, wait until healthy, stop."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx

from bot.config import Settings
from storage.db import upgrade
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
PEPPER = "production-tests-invite-pepper-01"
_SETTING_NAMES = {name.upper() for name in Settings.model_fields}


def env_for(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """A subprocess environment with none of the host's settings, only ours."""
    env = {k: v for k, v in os.environ.items() if k not in _SETTING_NAMES}
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        INVITE_PEPPER=PEPPER,
        KB_DIR=str(folder / "kb"),
        LOG_LEVEL="WARNING",
        WEB_PORT=str(free_port()),  # `run` binds it: never the shared default
    )
    env.update(extra)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    if "PROMETHEUS_MULTIPROC_DIR" in extra:
        env["PROMETHEUS_MULTIPROC_DIR"] = extra["PROMETHEUS_MULTIPROC_DIR"]
    return env


def cdsbot(env: dict[str, str], cwd: Path, *args: str) -> str:
    """Run one `cdsbot` command to completion; its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def _admin(base: str, statement: str) -> None:
    connection = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def private_database(base: str) -> Iterator[str]:
    """A fresh migrated PostgreSQL database of its own, dropped at the end."""
    name = f"cdsbot_prod_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(base, f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    try:
        upgrade(url)
        yield url
    finally:
        asyncio.run(_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class AppProcess:
    """`cdsbot run` in a subprocess on its own port; logs go to a file for failures."""

    def __init__(
        self, env: dict[str, str], cwd: Path, *, port: int, name: str, args: tuple[str, ...] = ()
    ) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = cwd / f"{name}.log"
        self._env = {**env, "WEB_PORT": str(port)}
        self._cwd = cwd
        self._args = args
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 60.0) -> AppProcess:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", *self._args],
                env=self._env,
                cwd=self._cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app exited: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code in (200, 503):
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"app did not start: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> AppProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
