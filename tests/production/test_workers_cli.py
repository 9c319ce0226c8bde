"""`cdsbot run --workers N`: refused where it cannot work; one elected scheduler where it can."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from scheduler.jobs import ADVISORY_LOCK_ID
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.zalo_api import FakeZaloApi
from tests.production.conftest import free_socket
from tests.production.workers import AppProcess, env_for, private_database


def _run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_workers_refused_when_database_is_sqlite(tmp_path: Path) -> None:
    env = env_for(f"sqlite+aiosqlite:///{tmp_path}/x.db", tmp_path)
    done = _run(env, tmp_path, "--workers", "2")
    assert done.returncode == 2
    assert "cần PostgreSQL" in done.stderr


def test_workers_refused_when_a_channel_polls(tmp_path: Path) -> None:
    env = env_for(
        "postgresql+asyncpg://postgres@127.0.0.1:1/none",
        tmp_path,
        TELEGRAM_BOT_TOKEN="123456789:AAFakeTokenForTestsOnly_abcdefghijkl",
    )
    done = _run(env, tmp_path, "--workers", "2")
    assert done.returncode == 2
    assert "TELEGRAM_MODE=webhook" in done.stderr
    assert "AAFake" not in done.stderr + done.stdout


def test_workers_on_a_busy_port_is_one_line_and_exit_2_before_starting(tmp_path: Path) -> None:
    with free_socket() as busy:
        busy.listen()
        port = busy.getsockname()[1]
        env = env_for(
            "postgresql+asyncpg://postgres@127.0.0.1:1/none",
            tmp_path,
            WEB_PORT=str(port),
            TELEGRAM_BOT_TOKEN="123456789:AAFakeTokenForTestsOnly_abcdefghijkl",
            TELEGRAM_MODE="webhook",
            TELEGRAM_WEBHOOK_URL="https://cds.example.vn",
            TELEGRAM_WEBHOOK_SECRET="workers-secret",
        )
        done = _run(env, tmp_path, "--workers", "2")

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        f"cdsbot: cổng WEB_PORT={port} trên 127.0.0.1 đang được một chương trình khác dùng; "
        "hãy dừng chương trình đó hoặc đặt WEB_PORT khác"
    ]


@pytest.fixture
def database() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    with private_database(base) as url:
        yield url


async def _lock_holders(database: str) -> list[int]:
    """The backends holding the scheduler's advisory lock in this database."""
    connection = await asyncpg.connect(database.replace("postgresql+asyncpg", "postgresql"))
    try:
        rows = await connection.fetch(
            """
            SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()
              AND ((l.classid::bigint << 32) | l.objid::bigint) = $1
            """,
            ADVISORY_LOCK_ID,
        )
    finally:
        await connection.close()
    return [row["pid"] for row in rows]


def _webhook_env(
    database: str, tmp_path: Path, fake: FakeTelegramApi, port: int, **extra: str
) -> dict[str, str]:
    """Settings for workers with Telegram in webhook mode against the fake Bot API."""
    return env_for(
        database,
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_MODE="webhook",
        TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}",
        TELEGRAM_WEBHOOK_SECRET="workers-secret",
        TELEGRAM_API_BASE=fake.base_url,
        WEB_PORT=str(port),
        **extra,
    )


@pytest.mark.slow
async def test_workers_elect_one_scheduler_when_three_run(database: str, tmp_path: Path) -> None:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    with FakeTelegramApi() as fake:
        env = _webhook_env(database, tmp_path, fake, port, REMINDER_TICK_SECONDS="1")
        with AppProcess(env, tmp_path, port=port, name="pool", args=("--workers", "3")) as app:
            for _ in range(100):
                holders = await _lock_holders(database)
                if holders:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(3)  # every worker has ticked (and stood for election) by now
            holders = await _lock_holders(database)
            webhooks = len(fake.calls_of("setWebhook"))
            async with httpx.AsyncClient(base_url=app.url) as client:
                health = await client.get("/healthz")
    assert len(holders) == 1
    assert webhooks == 4  # the parent's check before starting, then every worker's channel
    assert health.status_code == 200


def _upgrade_then_run(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`cdsbot db upgrade`, then `cdsbot run --workers 2` (which must stop by itself)."""
    upgrade = [sys.executable, "-m", "bot", "db", "upgrade"]
    assert subprocess.run(upgrade, env=env, cwd=tmp_path, check=False).returncode == 0
    return _run(env, tmp_path, "--workers", "2")


def _webhook_refused(
    database: str, tmp_path: Path, *, after: int
) -> tuple[subprocess.CompletedProcess[str], int]:
    """`run --workers 2` with Telegram refusing every setWebhook after the first `after`;
    what it did and how many setWebhook calls it made."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    with FakeTelegramApi() as fake:
        fake.fail_next(
            "setWebhook",
            status=400,
            description="Bad Request: chat not found",
            after=after,
            times=9,
        )
        env = _webhook_env(database, tmp_path, fake, port)
        done = _upgrade_then_run(env, tmp_path)
        return done, len(fake.calls_of("setWebhook"))


def test_workers_when_telegram_refuses_the_webhook_is_one_line_and_exit_2(
    database: str, tmp_path: Path
) -> None:
    done, _ = _webhook_refused(database, tmp_path, after=0)

    assert (done.returncode, done.stdout) == (2, "")
    assert [line for line in done.stderr.splitlines() if not line.startswith("{")] == [
        "cdsbot: Telegram không nhận đăng ký webhook (Telegram trả lời: «Chat not found»); "
        "hãy kiểm tra TELEGRAM_WEBHOOK_URL và TELEGRAM_WEBHOOK_SECRET"
    ]
    assert "Traceback" not in done.stderr


def test_workers_when_a_worker_cannot_start_stop_all_with_exit_1(
    database: str, tmp_path: Path
) -> None:
    # The parent's check registers the webhook; every worker's own registration is refused.
    done, calls = _webhook_refused(database, tmp_path, after=1)
    refused = calls - 1

    # Stopped (not restarted over and over, which uvicorn does for other exits), not exit 0.
    assert done.returncode == 1
    assert 1 <= refused <= 2
    assert [line for line in done.stderr.splitlines() if not line.startswith("{")] == [
        "cdsbot: một tiến trình phục vụ không khởi động được nên mọi tiến trình đã dừng; "
        "lý do ở các dòng nhật ký phía trên"
    ]
    # The reason is logged (a traceback stays inside its JSON log line, for journald).
    assert '"event": "telegram.webhook_refused_by_api", "reason": "Chat not found"' in done.stderr
    assert all(line.startswith("{") for line in done.stderr.splitlines()[:-1])


def test_workers_when_zalo_refuses_the_token_is_one_line_and_exit_2(
    database: str, tmp_path: Path
) -> None:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    with FakeZaloApi() as fake:
        env = env_for(
            database,
            tmp_path,
            WEB_PORT=str(port),
            ZALO_BOT_TOKEN="999999:not-the-fake-token-abcdef",
            ZALO_MODE="webhook",
            ZALO_WEBHOOK_URL=f"https://cds.example.vn:{port}/zalo/webhook",
            ZALO_WEBHOOK_SECRET="workers-zalo-secret",
            ZALO_API_BASE=fake.base_url,
        )
        done = _upgrade_then_run(env, tmp_path)

    assert (done.returncode, done.stdout) == (2, "")
    [line] = [line for line in done.stderr.splitlines() if not line.startswith("{")]
    assert line.startswith("cdsbot: Zalo không chấp nhận ZALO_BOT_TOKEN")
    assert "Traceback" not in done.stderr and "not-the-fake-token" not in done.stderr


def _banner(log: Path) -> list[str]:
    """What `cdsbot run` told the operator (the lines that are not JSON log lines)."""
    lines = log.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("{")]


@pytest.mark.slow
def test_workers_banner_says_what_the_single_worker_banner_says(
    database: str, tmp_path: Path
) -> None:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    with FakeTelegramApi() as fake:
        env = _webhook_env(database, tmp_path, fake, port)
        with AppProcess(env, tmp_path, port=port, name="single"):
            pass
        with AppProcess(env, tmp_path, port=port, name="pool", args=("--workers", "2")):
            pass
    single, pool = _banner(tmp_path / "single.log"), _banner(tmp_path / "pool.log")

    base = f"http://127.0.0.1:{port}"
    assert single[0] == f"Trợ lý CĐS đang chạy. Trò chuyện web: {base}/"
    assert pool[0] == f"Trợ lý CĐS đang chạy (2 tiến trình phục vụ). Trò chuyện web: {base}/"
    assert (
        pool[1:5]
        == single[1:5]
        == [
            f"Trang quản trị: {base}/admin",
            "Kênh đang bật: trò chuyện web, Telegram (chế độ webhook).",
            "Kênh đang tắt: Zalo (chưa đặt ZALO_BOT_TOKEN).",
            "Nhắc việc: đang chạy (kiểm tra mỗi 30 giây), gửi qua Telegram.",
        ]
    )
    assert pool[5].startswith("Mỗi lúc chỉ một tiến trình")
