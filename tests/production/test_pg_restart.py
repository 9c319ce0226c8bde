"""PostgreSQL stopped and started under a running app (issue #14, item 5).

Opt-in (`RUN_PG_RESTART=1`, set by `.ci/run`): it stops the machine's PostgreSQL server for a
few seconds, which would break any other test using it at the same time.

The app is a real `cdsbot run` process in webhook mode, sending a deadline's reminders to 30
officials at 5 messages a second when the server goes down. While it is down `/healthz` says
503 and a question gets the polite error; once it is back, `/healthz` says 200, questions are
answered again and every official has the reminder (at least once: sends in flight when the
database went away may go out twice, never zero times).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlmodel import select

from handlers import texts
from storage import reminders as store
from storage.db import make_engine, session_scope
from storage.models import Identity, Official, Outbox, Unit
from tests.fakes.telegram_api import FakeTelegramApi
from tests.production.conftest import free_socket
from tests.production.workers import AppProcess, env_for, private_database

pytestmark = [
    pytest.mark.slow,
    pytest.mark.alone,
    pytest.mark.skipif(
        os.environ.get("RUN_PG_RESTART") != "1",
        reason="stops the machine's PostgreSQL: set RUN_PG_RESTART=1 when nothing else uses it",
    ),
]

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Cập nhật danh sách Tổ công nghệ số cộng đồng"
CHATS = [str(7000 + n) for n in range(30)]
QUESTION = "Kế hoạch 87 ban hành ngày nào?"


def _cluster(action: str) -> None:
    """Stop or start the machine's server; or, with PG_RESTART_DATADIR, a private one (a
    cluster made with initdb for trying this test while others use the machine's)."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    datadir = os.environ.get("PG_RESTART_DATADIR")
    if datadir:
        pg_ctl = f"/usr/lib/postgresql/{version}/bin/pg_ctl -D {datadir} -w -l {datadir}/log"
        mode = " -m fast" if action == "stop" else ""
        command = ["su", "postgres", "-c", f"{pg_ctl} {action}{mode}"]
    else:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
        if action == "stop":
            command += ["-m", "fast"]
    subprocess.run(command, check=True, timeout=60, capture_output=True)


@pytest.fixture
def database() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    with private_database(base) as url:
        yield url


async def _seed(database: str) -> None:
    engine = make_engine(database)
    today = datetime.now(ZONE).date()
    async with session_scope(engine) as session:
        unit = Unit(code="21034", name="Xã An Phú", kind="commune")
        session.add(unit)
        await session.flush()
        for chat in CHATS:
            official = Official(unit_id=unit.id, full_name=f"Cán bộ {chat}", role="member")
            session.add(official)
            await session.flush()
            session.add(
                Identity(
                    channel="telegram", external_id=chat, chat_id=chat, official_id=official.id
                )
            )
        await store.add_deadline(
            session, title=TITLE, due_on=today, audience="21034", now=datetime.now(ZONE)
        )
    await engine.dispose()


async def _rows(database: str) -> list[Outbox]:
    engine = make_engine(database)
    async with session_scope(engine) as session:
        rows = list((await session.exec(select(Outbox).where(Outbox.text.contains(TITLE)))).all())  # type: ignore[attr-defined]
    await engine.dispose()
    return rows


async def _until(client: httpx.AsyncClient, status: int, *, within: float = 60) -> None:
    for _ in range(int(within * 5)):
        try:
            if (await client.get("/healthz")).status_code == status:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"/healthz never answered {status}")


async def _ask(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/chat", json={"session": "pg-restart-1", "text": QUESTION})
    assert response.status_code == 200
    return str(response.json()["replies"][0]["text"])


async def test_bot_recovers_and_no_reminder_lost_when_postgresql_restarts(
    database: str, tmp_path: Path
) -> None:
    await _seed(database)
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    far = datetime.now(ZONE) + timedelta(hours=12)
    with FakeTelegramApi() as fake:
        env = env_for(
            database,
            tmp_path,
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_MODE="webhook",
            TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}",
            TELEGRAM_WEBHOOK_SECRET="pg-restart-secret",
            TELEGRAM_API_BASE=fake.base_url,
            TELEGRAM_RATE="5",
            TELEGRAM_PER_CHAT_INTERVAL="0",
            REMINDER_TICK_SECONDS="1",
            REMINDER_SEND_HOUR="0",
            REMINDER_BEFORE_DAYS="0",
            QUIET_HOURS=f"{far:%H:%M}-{far + timedelta(minutes=1):%H:%M}",
            OUTBOX_LEASE_SECONDS="5",
        )
        with AppProcess(env, tmp_path, port=port, name="app") as app:
            async with httpx.AsyncClient(base_url=app.url, timeout=15) as client:
                for _ in range(300):
                    if len(fake.sent) >= 3:
                        break
                    await asyncio.sleep(0.05)
                assert "Kế hoạch" in await _ask(client)
                _cluster("stop")
                try:
                    await _until(client, 503)
                    during = await _ask(client)
                    await asyncio.sleep(2)
                finally:
                    _cluster("start")
                await _until(client, 200)
                after = await _ask(client)
                for _ in range(600):
                    reached = {str(m.chat_id) for m in fake.sent if TITLE in m.text}
                    if reached == set(CHATS):
                        break
                    await asyncio.sleep(0.1)
                for _ in range(300):  # results are recorded just after the sends
                    rows = await _rows(database)
                    if {row.status for row in rows} == {"sent"}:
                        break
                    await asyncio.sleep(0.2)
    log = (tmp_path / "app.log").read_text()
    reminded = [str(m.chat_id) for m in fake.sent if TITLE in m.text]
    assert during == texts.INTERNAL_ERROR
    assert "Kế hoạch" in after
    assert set(reminded) == set(CHATS)  # nobody lost
    assert len(rows) == len(CHATS)
    assert {row.status for row in rows} == {"sent"}
    # The leader's lock connection died with the server: stopping still ends cleanly.
    assert "shutdown failed" not in log
