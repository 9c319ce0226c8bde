"""Run the real sender against a database and a Bot-API server until the outbox is drained.

Used as a subprocess by the crash test (which kills it with SIGKILL mid-batch) and by the
fan-out bench. Usage: python -m tests.reminders.sender_proc DB_URL BASE_URL [options]
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import col, func, select

from scheduler.limiter import RateLimiter
from scheduler.sender import SenderConfig, send_due
from storage.db import make_engine, session_scope
from storage.models import Outbox, OutboxStatus
from tests.fakes.bot_api import TOKEN
from tests.reminders.http_deliver import HttpDeliver

PENDING = [OutboxStatus.QUEUED.value, OutboxStatus.SENDING.value]


def utc_now() -> datetime:
    return datetime.now(UTC)


async def pending(engine: object) -> int:
    async with session_scope(engine) as session:  # type: ignore[arg-type]
        statement = select(func.count()).where(col(Outbox.status).in_(PENDING))
        return int((await session.exec(statement)).one())


async def drain(args: argparse.Namespace) -> None:
    engine = make_engine(args.db)
    limiter = RateLimiter(rate=args.rate, per_chat_interval=1.0)
    config = SenderConfig(lease=timedelta(seconds=args.lease), batch_size=args.batch)
    limits = httpx.Limits(
        max_connections=args.connections, max_keepalive_connections=args.connections
    )
    async with httpx.AsyncClient(limits=limits) as client:
        deliver = HttpDeliver(base_url=args.base_url, token=TOKEN, client=client, limiter=limiter)
        while True:
            await send_due(
                engine,
                deliverers={"telegram": deliver},
                clock=utc_now,
                config=config,
            )
            if await pending(engine) == 0:
                break
            await asyncio.sleep(0.1)
    await engine.dispose()
    print("drained", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("base_url")
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--lease", type=float, default=1.0)
    parser.add_argument("--connections", type=int, default=100)
    asyncio.run(drain(parser.parse_args()))


if __name__ == "__main__":
    main()
