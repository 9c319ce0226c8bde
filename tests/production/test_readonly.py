"""A database that refuses writes: a clear error, never a corrupt database (issue #14)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from bot.assistant import Assistant
from handlers import Channel, Inbound, Services, texts
from storage.db import ensure_writable, make_engine
from tests.conftest import FakeClock
from tests.production.workers import env_for


def _read_only_url(path: Path) -> str:
    # As root, file permissions do not stop writes; SQLite's read-only mode does, with the
    # same error a read-only file or mount gives ("attempt to write a readonly database").
    return f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _intact(path: Path) -> bool:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_run_refuses_with_clear_error_when_sqlite_read_only(
    sqlite_url: str, tmp_path: Path
) -> None:
    import subprocess
    import sys

    path = Path(sqlite_url.split("///", 1)[1])
    before = _digest(path)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=env_for(_read_only_url(path), tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "cơ sở dữ liệu không cho ghi (attempt to write a readonly database)" in done.stderr
    assert "Traceback" not in done.stderr
    assert _digest(path) == before
    assert _intact(path)


async def test_message_gets_polite_error_when_sqlite_read_only(
    sqlite_url: str, services: Services, clock: FakeClock
) -> None:
    path = Path(sqlite_url.split("///", 1)[1])
    before = _digest(path)
    engine = make_engine(_read_only_url(path))
    assistant = Assistant(engine=engine, services=services, clock=clock)
    try:
        replies = await assistant.handle(
            Inbound(channel=Channel.TELEGRAM, chat_id="7", user_id="7", text="/start"),
            update_key="1",
        )
    finally:
        await engine.dispose()
    assert [reply.text for reply in replies] == [texts.INTERNAL_ERROR]
    assert _digest(path) == before
    assert _intact(path)


async def test_write_probe_leaves_nothing_so_the_next_start_works(sqlite_url: str) -> None:
    # The probe's CREATE TABLE used to be committed by SQLite's driver despite the rollback,
    # so the second start of the bot on the same file refused ("table ... already exists").
    path = Path(sqlite_url.split("///", 1)[1])
    engine = make_engine(sqlite_url)
    try:
        await ensure_writable(engine)
        await ensure_writable(engine)
    finally:
        await engine.dispose()
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    assert "_cdsbot_write_probe" not in tables
    assert _intact(path)
