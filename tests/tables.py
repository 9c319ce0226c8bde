"""Read back everything a database holds, to prove what it does not."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel


async def every_value(engine: AsyncEngine) -> str:
    """Every value of every table, as one text (one row per line)."""
    chunks: list[str] = []
    async with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            rows = (await connection.execute(select(table))).all()
            chunks.extend(repr(tuple(row)) for row in rows)
    return "\n".join(chunks)
