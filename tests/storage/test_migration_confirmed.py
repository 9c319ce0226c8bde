"""Migration 0008: reports sent before it keep their answers as the confirmed ones."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import make_engine, upgrade
from storage.models import SurveyResponse
from tests.conftest import PG_ENV, _admin

_SEED = [
    "INSERT INTO unit (id, code, name, kind, active) VALUES (1, 'X', 'Xã A', 'commune', true)",
    "INSERT INTO unit (id, code, name, kind, active) VALUES (2, 'Y', 'Xã B', 'commune', true)",
    "INSERT INTO survey_response (id, survey_id, period, unit_id, status, version, created_at,"
    " updated_at) VALUES (1, 's', '2026-Q4', 1, 'submitted', 3, CURRENT_TIMESTAMP,"
    " CURRENT_TIMESTAMP), (2, 's', '2026-Q4', 2, 'draft', 1, CURRENT_TIMESTAMP,"
    " CURRENT_TIMESTAMP)",
    "INSERT INTO answer (response_id, question_id, value, updated_at) VALUES"
    " (1, 'a', '\"co\"', CURRENT_TIMESTAMP), (1, 'b', '12', CURRENT_TIMESTAMP),"
    " (1, 'c', 'null', CURRENT_TIMESTAMP), (2, 'a', '\"khong\"', CURRENT_TIMESTAMP)",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database (not migrated)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    name = f"cdsbot_mig_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(base, f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _seed(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in _SEED:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _confirmed(url: str) -> dict[int, object]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            table = SurveyResponse.__table__  # type: ignore[attr-defined]
            rows = (await connection.execute(table.select())).mappings().all()
    finally:
        await engine.dispose()
    return {row["id"]: row["confirmed"] for row in rows}


async def test_upgrade_confirms_answers_of_reports_already_sent(empty_url: str) -> None:
    await asyncio.to_thread(upgrade, empty_url, "0007")
    await _seed(empty_url)

    await asyncio.to_thread(upgrade, empty_url)

    assert await _confirmed(empty_url) == {1: {"a": "co", "b": 12, "c": None}, 2: None}
