"""Throughput bench: Q&A updates through the real stack in webhook mode, against a bare
python-telegram-bot echo bot on the same fake Bot API in the same run.

For each database (SQLite, and PostgreSQL when `TEST_DATABASE_URL` is set), the fake
Telegram server (tests/fakes/telegram_api.py, in this process) posts webhooks first to the
echo bot (tests/bench/echo_bot.py), then to `cdsbot run` (each its own process):
- a burst of K questions from many chats, timed from the first push to the K-th reply;
- then one question at a time, for the latency from push to reply (p95).
Prints one JSON line per database: {database, updates, ours_per_s, echo_per_s, ratio,
p95_ms, echo_p95_ms}. Target (#14): ratio >= 0.5 on PostgreSQL.

    PYTHONPATH=. python tests/bench/throughput.py [--updates 300] [--chats 100]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.db import upgrade  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramApi  # noqa: E402
from tests.production.workers import env_for, private_database  # noqa: E402

SECRET = "bench-webhook-secret"


def _questions() -> list[str]:
    lines = (ROOT / "tests" / "data" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(condition: Callable[[], bool], *, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.002)


@contextmanager
def _process(command: list[str], env: dict[str, str], url: str) -> Iterator[None]:
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:

        def up() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"{command} exited with {process.returncode}")
            try:
                return httpx.get(url + "/healthz", timeout=1).status_code in (200, 503)
            except httpx.HTTPError:
                return False

        _wait(up, within=90, what="the bot to start")
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _measure(
    start: Callable[[FakeTelegramApi, int], Any], *, updates: int, chats: int, samples: int
) -> tuple[float, float]:
    """(updates per second in a burst, p95 latency in ms one at a time)."""
    questions = _questions()
    port = _free_port()
    with FakeTelegramApi() as fake, start(fake, port):
        _wait(lambda: fake.webhook_url is not None, within=30, what="setWebhook")
        for i in range(10):  # warm up (imports, connections, the first query plans)
            fake.push_text(chat_id=900_000 + i, text=questions[i])
        _wait(lambda: len(fake.sent) >= 10, within=60, what="warm-up replies")
        before = len(fake.sent)
        began = time.monotonic()
        for i in range(updates):
            fake.push_text(chat_id=1_000 + i % chats, text=questions[i % len(questions)])
        _wait(lambda: len(fake.sent) >= before + updates, within=600, what="burst replies")
        rate = updates / (time.monotonic() - began)
        latencies = []
        for i in range(samples):
            count = len(fake.sent)
            pushed = time.monotonic()
            fake.push_text(chat_id=500_000 + i, text=questions[(i * 7) % len(questions)])
            _wait(lambda count=count: len(fake.sent) > count, within=30, what="a reply")
            latencies.append((fake.sent[-1].monotonic - pushed) * 1000)
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 2 else latencies[0]
    return rate, p95


def _echo(fake: FakeTelegramApi, port: int) -> Any:
    command = [sys.executable, str(ROOT / "tests/bench/echo_bot.py")]
    command += [fake.base_url, fake.token, str(port), SECRET]
    return _process(command, {**os.environ, "PYTHONPATH": str(ROOT)}, f"http://127.0.0.1:{port}")


def _ours(database: str, folder: Path) -> Callable[[FakeTelegramApi, int], Any]:
    def start(fake: FakeTelegramApi, port: int) -> Any:
        env = env_for(
            database,
            folder,
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_MODE="webhook",
            TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}",
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            TELEGRAM_API_BASE=fake.base_url,
            TELEGRAM_RATE="100000",
            TELEGRAM_PER_CHAT_INTERVAL="0",
            WEB_PORT=str(port),
            LOG_LEVEL="INFO",
        )
        command = [sys.executable, "-m", "bot", "run"]
        return _process(command, env, f"http://127.0.0.1:{port}")

    return start


def _run(name: str, database: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    options = {"updates": args.updates, "chats": args.chats, "samples": args.samples}
    echo_rate, echo_p95 = _measure(_echo, **options)
    ours_rate, ours_p95 = _measure(_ours(database, folder), **options)
    return {
        "database": name,
        "updates": args.updates,
        "ours_per_s": round(ours_rate, 1),
        "echo_per_s": round(echo_rate, 1),
        "ratio": round(ours_rate / echo_rate, 3),
        "p95_ms": round(ours_p95, 1),
        "echo_p95_ms": round(echo_p95, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=300)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sqlite = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        upgrade(sqlite)
        print(json.dumps(_run("sqlite", sqlite, folder, args)), flush=True)
        base = os.environ.get("TEST_DATABASE_URL")
        if base:
            with private_database(base) as url:
                print(json.dumps(_run("postgresql", url, folder, args)), flush=True)


if __name__ == "__main__":
    main()
