"""Throughput bench: Q&A updates through the real stack in webhook mode, against a bare
python-telegram-bot echo bot on the same fake Bot API in the same run.

For each database (SQLite, and PostgreSQL when `TEST_DATABASE_URL` is set), the fake
Telegram server (tests/fakes/telegram_api.py, in this process) posts webhooks first to the
echo bot (tests/bench/echo_bot.py), then to `cdsbot run` (each its own process):
- a burst of K questions from many chats, timed from the first push to the K-th reply;
- then one question at a time, for the latency from push to reply (p95).
Prints one JSON line per database: {database, updates, workers, ours_per_s, echo_per_s,
ratio, p95_ms, echo_p95_ms, ours_cpu_ms, echo_cpu_ms}; the last two are the CPU time each
bot's processes spent per update during the burst (Linux), steadier than the rates on a busy
machine. Target (#14): ratio >= 0.5 on PostgreSQL. `--workers N` runs `cdsbot run --workers N`
(PostgreSQL only, as the command requires).

    PYTHONPATH=. python tests/bench/throughput.py [--updates 300] [--chats 100] [--workers 1]
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
from tests.ports import free_port  # noqa: E402
from tests.production.workers import env_for, private_database  # noqa: E402

SECRET = "bench-webhook-secret"


def _questions() -> list[str]:
    lines = (
        (ROOT / "knowledge" / "examples" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    )
    return [json.loads(line)["q"] for line in lines if line.strip()]


def _wait(condition: Callable[[], bool], *, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.002)


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process and its descendants (uvicorn's workers), or None
    where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    try:
        while pending:
            current = pending.pop()
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
    except (OSError, IndexError, ValueError):
        return None
    return total


@contextmanager
def _process(command: list[str], env: dict[str, str], url: str) -> Iterator[int]:
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
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _measure(
    start: Callable[[FakeTelegramApi, int], Any], *, updates: int, chats: int, samples: int
) -> tuple[float, float, float | None]:
    """(updates per second in a burst, p95 latency in ms one at a time, CPU ms per update
    in the burst)."""
    questions = _questions()
    port = free_port()
    with FakeTelegramApi() as fake, start(fake, port) as pid:
        _wait(lambda: fake.webhook_url is not None, within=30, what="setWebhook")
        for i in range(10):  # warm up (imports, connections, the first query plans)
            fake.push_text(chat_id=900_000 + i, text=questions[i])
        _wait(lambda: len(fake.sent) >= 10, within=60, what="warm-up replies")
        before = len(fake.sent)
        cpu_before = _cpu_seconds(pid)
        began = time.monotonic()
        for i in range(updates):
            fake.push_text(chat_id=1_000 + i % chats, text=questions[i % len(questions)])
        _wait(lambda: len(fake.sent) >= before + updates, within=600, what="burst replies")
        rate = updates / (time.monotonic() - began)
        cpu_after = _cpu_seconds(pid)
        cpu_ms = None
        if cpu_before is not None and cpu_after is not None:
            cpu_ms = (cpu_after - cpu_before) * 1000 / updates
        latencies = []
        for i in range(samples):
            count = len(fake.sent)
            pushed = time.monotonic()
            fake.push_text(chat_id=500_000 + i, text=questions[(i * 7) % len(questions)])
            _wait(lambda count=count: len(fake.sent) > count, within=30, what="a reply")
            latencies.append((fake.sent[-1].monotonic - pushed) * 1000)
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 2 else latencies[0]
    return rate, p95, cpu_ms


def _echo(fake: FakeTelegramApi, port: int) -> Any:
    command = [sys.executable, str(ROOT / "tests/bench/echo_bot.py")]
    command += [fake.base_url, fake.token, str(port), SECRET]
    return _process(command, {**os.environ, "PYTHONPATH": str(ROOT)}, f"http://127.0.0.1:{port}")


def _ours(database: str, folder: Path, workers: int) -> Callable[[FakeTelegramApi, int], Any]:
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
        command = [sys.executable, "-m", "bot", "run", "--workers", str(workers)]
        return _process(command, env, f"http://127.0.0.1:{port}")

    return start


def _run(name: str, database: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    options = {"updates": args.updates, "chats": args.chats, "samples": args.samples}
    echo_rate, echo_p95, echo_cpu = _measure(_echo, **options)
    ours_rate, ours_p95, ours_cpu = _measure(_ours(database, folder, args.workers), **options)
    return {
        "database": name,
        "updates": args.updates,
        "workers": args.workers,
        "ours_per_s": round(ours_rate, 1),
        "echo_per_s": round(echo_rate, 1),
        "ratio": round(ours_rate / echo_rate, 3),
        "p95_ms": round(ours_p95, 1),
        "echo_p95_ms": round(echo_p95, 1),
        "ours_cpu_ms": None if ours_cpu is None else round(ours_cpu, 2),
        "echo_cpu_ms": None if echo_cpu is None else round(echo_cpu, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=300)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument(
        "--workers", type=int, default=1, help="processes of `cdsbot run` (over 1: PostgreSQL)"
    )
    args = parser.parse_args()
    base = os.environ.get("TEST_DATABASE_URL")
    if args.workers < 1 or (args.workers > 1 and not base):
        parser.error("--workers must be 1, or more with TEST_DATABASE_URL set (PostgreSQL)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.workers == 1:  # `cdsbot run` refuses several workers on SQLite
            sqlite = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
            upgrade(sqlite)
            print(json.dumps(_run("sqlite", sqlite, folder, args)), flush=True)
        if base:
            with private_database(base) as url:
                print(json.dumps(_run("postgresql", url, folder, args)), flush=True)


if __name__ == "__main__":
    main()
