"""Fan-out bench: N recipients through the real sender and the real `TelegramChannel.send`.

The fake Telegram Bot API (`tests/fakes/telegram_api.py`) runs in its own process, as a real
platform does (in-process it shared our GIL and skewed the timings), and enforces an overall
limit (scaled up from Telegram's ~30 msg/s so the run is short) and 1 msg/s per chat with
429s. The channel's own limiter runs at `--margin` x that limit: the sender has none.
Prints one JSON line: sent, lost, duplicates, http_429, achieved_rate, limit, ratio.
Target: ratio >= 0.9 with lost = duplicates = http_429 = 0.

    python tests/bench/fanout.py [--recipients 2000] [--limit 200]

from the repository root, as `make bench` runs it (`python -m tests.bench.fanout` works too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    # Run as a script (`python tests/bench/fanout.py`), Python puts tests/bench/ first on the
    # path, not the repository root: the `tests` package (never installed) would be missing.
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from bot.app import build_services  # noqa: E402
from bot.assistant import Assistant  # noqa: E402
from bot.channels.telegram import TelegramChannel  # noqa: E402
from bot.config import Settings  # noqa: E402
from scheduler.limiter import RateLimiter  # noqa: E402
from scheduler.sender import SenderConfig, send_due  # noqa: E402
from storage.db import make_engine, session_scope, upgrade  # noqa: E402
from storage.models import Identity, Outbox  # noqa: E402
from tests.fakes.telegram_api import DEFAULT_TOKEN, STATS_PATH  # noqa: E402


def utc_now() -> datetime:
    return datetime.now(UTC)


async def seed(url: str, count: int) -> None:
    engine = make_engine(url)
    due = utc_now() - timedelta(minutes=1)
    async with session_scope(engine) as session:
        identities = [
            Identity(channel="telegram", external_id=str(10_000 + i), chat_id=str(10_000 + i))
            for i in range(count)
        ]
        session.add_all(identities)
        await session.flush()
        session.add_all(
            Outbox(
                dedupe_key=f"broadcast:bench:identity:{identity.id}",
                source="broadcast:bench",
                kind="broadcast",
                identity_id=identity.id or 0,
                channel="telegram",
                chat_id=identity.chat_id,
                text="📢 Thông báo: họp giao ban chuyển đổi số lúc 14:00 thứ Sáu.",
                next_attempt_at=due,
            )
            for identity in identities
        )
    await engine.dispose()


async def fan_out(url: str, base_url: str, *, rate: float, batch: int) -> float:
    engine = make_engine(url)
    # A pepper of its own: the bench issues no real invite, and says nothing about it.
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=url, invite_pepper="bench-fanout-pepper-value"
    )
    assistant = Assistant(engine=engine, services=build_services(settings))
    channel = TelegramChannel(
        token=SecretStr(DEFAULT_TOKEN),
        assistant=assistant,
        limiter=RateLimiter(rate=rate, per_chat_interval=1.0),
        api_base=base_url,
        poll_timeout=1,
    )
    await channel.start()
    started = time.monotonic()
    try:
        # One sender loop: on SQLite a second one would claim the same rows.
        await send_due(
            engine,
            deliverers={"telegram": channel},
            clock=utc_now,
            config=SenderConfig(batch_size=batch),
        )
        elapsed = time.monotonic() - started
    finally:
        await channel.stop()
        await engine.dispose()
    return elapsed


@contextmanager
def fake_server(limit: float) -> Iterator[str]:
    """The fake in its own process, as a real platform is: no GIL shared with the sender."""
    command = [sys.executable, "-m", "tests.fakes.telegram_api"]
    command += ["--global-per-sec", str(limit), "--per-chat-per-sec", "1"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        yield process.stdout.readline().strip()
    finally:
        if process.stdin is not None:
            process.stdin.close()  # the fake stops when its stdin closes
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--limit", type=float, default=200.0, help="the fake's msg/s limit")
    parser.add_argument("--margin", type=float, default=0.95, help="sender rate / limit")
    # At most PTB's connection pool (256): more would queue for a connection, then bunch.
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        asyncio.run(seed(url, args.recipients))
        with fake_server(args.limit) as base_url:
            elapsed = asyncio.run(
                fan_out(url, base_url, rate=args.limit * args.margin, batch=args.batch)
            )
            stats = httpx.get(f"{base_url}{STATS_PATH}", timeout=10).json()

    sent = [(chat, at) for chat, at in stats["sent"]]
    delivered = Counter(chat for chat, _ in sent)
    times = sorted(at for _, at in sent)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    achieved = (len(times) - 1) / span if span > 0 else 0.0
    print(
        json.dumps(
            {
                "sent": len(sent),
                "lost": args.recipients - len(delivered),
                "duplicates": len(sent) - len(delivered),
                "http_429": stats["http_429"],
                "achieved_rate": round(achieved, 1),
                "limit": args.limit,
                "ratio": round(achieved / args.limit, 3),
                "elapsed_s": round(elapsed, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
