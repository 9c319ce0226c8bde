"""The migrations build exactly the tables the models declare, on both databases."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from storage.db import (
    SchemaOutOfDate,
    ensure_schema_current,
    head_revision,
    make_engine,
    upgrade,
)


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": False})
    return list(compare_metadata(context, SQLModel.metadata))


async def test_migrations_match_models_when_upgraded(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        diff = await connection.run_sync(_diff)

    assert diff == []


async def test_schema_check_passes_when_at_head(engine: AsyncEngine) -> None:
    await ensure_schema_current(engine)


def test_schema_check_refuses_when_behind(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")

    async def check() -> None:
        engine = make_engine(url)
        try:
            await ensure_schema_current(engine)
        finally:
            await engine.dispose()

    with pytest.raises(SchemaOutOfDate) as caught:
        asyncio.run(check())

    assert (caught.value.current, caught.value.head) == ("0001", head_revision())
