"""PostgreSQL ends the app's connections (a server restart, a proxy or firewall timeout): the
next message is still answered, without a ping before every transaction (issue #14).

A pooled connection idle longer than `storage.db.IDLE_PING_AFTER` is pinged at checkout and
replaced; one that died while busy fails its first statement, SQLAlchemy drops the pool, and
the Assistant runs the message again on a fresh connection.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import asyncpg
import pytest

from bot.assistant import Assistant
from handlers import Inbound, Services, texts
from storage import db
from storage.db import make_engine
from tests.production.workers import private_database

QUESTION = "Kế hoạch 87 ban hành ngày nào?"


@pytest.fixture
def database() -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    with private_database(base) as url:
        yield url


async def _end_connections(url: str) -> int:
    """As the server does on a restart: end every session on this database."""
    name = url.rsplit("/", 1)[1]
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        ended = await connection.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
    finally:
        await connection.close()
    return len(ended)


async def _two_questions(url: str, services: Services) -> tuple[list[str], list[str], int]:
    engine = make_engine(url)
    assistant = Assistant(engine=engine, services=services)
    try:
        ask = Inbound(
            channel="telegram", chat_id="7", user_id="7", display_name="Lan", text=QUESTION
        )
        first = await assistant.handle(ask, update_key="1")
        ended = await _end_connections(url)
        second = await assistant.handle(ask, update_key="2")
    finally:
        await engine.dispose()
    return [r.text for r in first], [r.text for r in second], ended


async def test_a_connection_that_died_while_busy_costs_one_retry_not_the_answer(
    database: str, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.assistant"):
        first, second, ended = await _two_questions(database, services)

    assert ended >= 1
    assert texts.INTERNAL_ERROR not in second
    assert second == first
    assert "inbound.retry_after_disconnect" in [r.getMessage() for r in caplog.records]


async def test_an_idle_connection_is_pinged_and_replaced_before_use(
    database: str,
    services: Services,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(db, "IDLE_PING_AFTER", 0.0)  # every pooled connection counts as idle

    with caplog.at_level(logging.WARNING, logger="bot.assistant"):
        first, second, ended = await _two_questions(database, services)

    assert ended >= 1
    assert second == first
    assert "inbound.retry_after_disconnect" not in [r.getMessage() for r in caplog.records]
