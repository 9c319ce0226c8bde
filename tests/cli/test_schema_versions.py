"""`db upgrade` says what it did, and a schema newer than the code is one line (walk 4, #2, #11).

Each test gets its own PostgreSQL database: they rewrite `alembic_version`.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Iterator

import asyncpg  # type: ignore[import-untyped]
import pytest
from alembic.script import ScriptDirectory

from storage.db import alembic_config, head_revision, upgrade
from tests.cli.conftest import Cdsbot

NEWER = "9999"
MAKE_NEWER = "UPDATE alembic_version SET version_num = '9999'"
ADVICE = (
    "cdsbot: cơ sở dữ liệu đã được một phiên bản mới hơn của Trợ lý CĐS nâng cấp (phiên bản "
    f"{NEWER}, mã nguồn này chỉ biết đến {{head}}); hãy cài lại phiên bản mã nguồn đó, hoặc "
    "khôi phục bản sao lưu đã lấy trước khi nâng cấp"
)


async def _sql(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """An empty PostgreSQL database of its own, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    name = f"cdsbot_schema_{uuid.uuid4().hex[:12]}"
    asyncio.run(_sql(base, f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _previous(revision: str) -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    down = script.get_revision(revision).down_revision
    assert isinstance(down, str)
    return down


def test_db_upgrade_says_whether_it_upgraded_or_found_nothing(
    cdsbot: Cdsbot, fresh_postgres: str
) -> None:
    env = {"DATABASE_URL": fresh_postgres}
    head = head_revision()
    upgrade(fresh_postgres, _previous(head))

    moved = cdsbot("db", "upgrade", env=env)
    again = cdsbot("db", "upgrade", env=env)

    assert (moved.returncode, moved.stdout) == (
        0,
        f"đã nâng cấp cơ sở dữ liệu từ phiên bản {_previous(head)} lên {head}\n",
    )
    assert (again.returncode, again.stdout) == (
        0,
        f"không có gì cần nâng cấp: cơ sở dữ liệu đã ở phiên bản {head}\n",
    )


def test_db_upgrade_of_an_empty_database_says_it_created_the_tables(
    cdsbot: Cdsbot, fresh_postgres: str
) -> None:
    result = cdsbot("db", "upgrade", env={"DATABASE_URL": fresh_postgres})

    assert (result.returncode, result.stdout) == (
        0,
        f"đã tạo các bảng của cơ sở dữ liệu trống, phiên bản {head_revision()}\n",
    )


def test_schema_newer_than_code_is_one_line_for_run_upgrade_and_commands(
    cdsbot: Cdsbot, fresh_postgres: str
) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {"DATABASE_URL": fresh_postgres, "INVITE_PEPPER": "p" * 32, "WEB_PORT": str(port)}
    upgrade(fresh_postgres)
    asyncio.run(_sql(fresh_postgres, MAKE_NEWER))
    expected = [ADVICE.format(head=head_revision())]

    for args in (("run",), ("db", "upgrade"), ("units", "list")):
        result = cdsbot(*args, env=env)

        assert (result.returncode, result.stderr.splitlines()) == (2, expected), args
        assert "Traceback" not in result.stdout + result.stderr


def test_db_current_says_the_database_is_newer(cdsbot: Cdsbot, fresh_postgres: str) -> None:
    upgrade(fresh_postgres)
    asyncio.run(_sql(fresh_postgres, MAKE_NEWER))

    result = cdsbot("db", "current", env={"DATABASE_URL": fresh_postgres})

    assert result.returncode == 0
    assert result.stdout == (
        f"cơ sở dữ liệu: {NEWER}; mã nguồn: {head_revision()} "
        "(cơ sở dữ liệu thuộc một phiên bản mới hơn của Trợ lý CĐS)\n"
    )
