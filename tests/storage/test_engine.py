"""The engine keeps user data out of error messages (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import session_scope
from storage.models import Identity

PERSONAL = "Nguyễn Thị Bí Mật"


async def test_sql_error_hides_parameters_when_insert_fails(engine: AsyncEngine) -> None:
    identity = Identity(channel="telegram", external_id=PERSONAL, chat_id=PERSONAL)
    async with session_scope(engine) as session:
        session.add(identity)

    with pytest.raises(DBAPIError) as caught:
        async with session_scope(engine) as session:
            session.add(Identity(channel="telegram", external_id=PERSONAL, chat_id=PERSONAL))

    assert "Bí Mật" not in str(caught.value)
