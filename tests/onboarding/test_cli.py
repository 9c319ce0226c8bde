"""`cdsbot invite ...` and `cdsbot admin ...` on a migrated temporary SQLite database."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner, Result

from bot.cli.main import app
from storage import queries
from storage.db import make_engine, session_scope
from storage.models import AuditLog, Official, Unit
from tests.onboarding.test_storage import NOW

UNIT = "STTTT"


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("INVITE_PEPPER", "cli-test-pepper-0123456789")
    asyncio.run(_add_unit(sqlite_url))
    return CliRunner()


async def _add_unit(url: str) -> None:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        session.add(Unit(code=UNIT, name="Sở Thông tin và Truyền thông", kind="department"))
    await engine.dispose()


async def _audit_actions(url: str) -> list[str]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        actions = list((await session.exec(select(AuditLog.action))).all())
    await engine.dispose()
    return actions


async def _identity(url: str, *, bound: bool = True) -> None:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        identity = await queries.touch_identity(
            session, channel="telegram", external_id="12345", chat_id="12345", now=NOW
        )
        if bound:
            unit = await queries.unit_by_code(session, UNIT)
            official = Official(unit_id=unit.id if unit else None, full_name="Võ Thị Sáu")
            session.add(official)
            await session.flush()
            identity.official_id = official.id
    await engine.dispose()


def _invoke(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(app, list(args))


def _database_bytes(sqlite_url: str) -> bytes:
    path = Path(sqlite_url.split("///", 1)[1])
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(file.read_bytes() for file in files if file.exists())


def test_create_prints_deep_link_when_bot_username_set(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "TroLyCdsBot")

    result = _invoke(cli, "invite", "create", "--unit", UNIT, "--json")

    created = json.loads(result.stdout)
    assert result.exit_code == 0
    assert created["link"] == f"https://t.me/TroLyCdsBot?start={created['code']}"


def test_create_prints_no_link_without_bot_username(cli: CliRunner) -> None:
    result = _invoke(cli, "invite", "create", "--unit", UNIT)

    assert result.exit_code == 0
    assert "Mã: CDS-" in result.stdout
    assert "Liên kết:" not in result.stdout


def test_plaintext_code_is_not_in_the_database(cli: CliRunner, sqlite_url: str) -> None:
    result = _invoke(cli, "invite", "create", "--unit", UNIT, "--json")
    code = json.loads(result.stdout)["code"]

    stored = _database_bytes(sqlite_url)

    assert code.encode() not in stored
    assert code.replace("-", "")[3:].encode() not in stored


def test_create_is_audited(cli: CliRunner, sqlite_url: str) -> None:
    _invoke(cli, "invite", "create", "--unit", UNIT, "--role", "admin", "--uses", "3")

    assert asyncio.run(_audit_actions(sqlite_url)) == ["invite.created"]


def test_create_refuses_an_unknown_unit(cli: CliRunner) -> None:
    result = _invoke(cli, "invite", "create", "--unit", "NOPE")

    assert result.exit_code == 2
    assert "không có đơn vị mã «NOPE»" in result.stderr


def test_create_refuses_a_bad_duration(cli: CliRunner) -> None:
    result = _invoke(cli, "invite", "create", "--unit", UNIT, "--expires", "soon")

    assert result.exit_code == 2


def test_list_shows_invites_without_codes(cli: CliRunner) -> None:
    created = json.loads(
        _invoke(cli, "invite", "create", "--unit", UNIT, "--expires", "48h", "--json").stdout
    )

    result = _invoke(cli, "invite", "list", "--json")

    rows = json.loads(result.stdout)
    assert [(r["id"], r["unit"], r["status"], r["uses"]) for r in rows] == [
        (created["id"], UNIT, "active", 0)
    ]
    assert created["code"] not in result.stdout


def test_revoke_by_code_marks_the_invite_revoked(cli: CliRunner, sqlite_url: str) -> None:
    code = json.loads(_invoke(cli, "invite", "create", "--unit", UNIT, "--json").stdout)["code"]

    result = _invoke(cli, "invite", "revoke", code.lower())

    rows = json.loads(_invoke(cli, "invite", "list", "--json").stdout)
    assert result.stdout.strip() == "đã thu hồi mã mời"
    assert [row["status"] for row in rows] == ["revoked"]
    assert asyncio.run(_audit_actions(sqlite_url)) == ["invite.created", "invite.revoked"]


def test_revoke_by_id(cli: CliRunner) -> None:
    invite_id = json.loads(_invoke(cli, "invite", "create", "--unit", UNIT, "--json").stdout)["id"]

    result = _invoke(cli, "invite", "revoke", str(invite_id))

    assert (result.exit_code, result.stdout.strip()) == (0, "đã thu hồi mã mời")


def test_revoke_unknown_invite_fails(cli: CliRunner) -> None:
    result = _invoke(cli, "invite", "revoke", "999")

    assert result.exit_code == 2


def test_admin_grant_refuses_an_unregistered_identity(cli: CliRunner, sqlite_url: str) -> None:
    asyncio.run(_identity(sqlite_url, bound=False))

    result = _invoke(cli, "admin", "grant", "telegram:12345")

    assert result.exit_code == 2
    assert "chưa đăng ký" in result.stderr


def test_admin_grant_refuses_an_unknown_identity(cli: CliRunner) -> None:
    result = _invoke(cli, "admin", "grant", "telegram:404")

    assert result.exit_code == 2
    assert "không có tài khoản «telegram:404»" in result.stderr


def test_admin_grant_then_list_then_revoke(cli: CliRunner, sqlite_url: str) -> None:
    asyncio.run(_identity(sqlite_url))

    granted = _invoke(cli, "admin", "grant", "telegram:12345")
    listed = json.loads(_invoke(cli, "admin", "list", "--json").stdout)
    revoked = _invoke(cli, "admin", "revoke", "telegram:12345")

    assert (granted.stdout.strip(), revoked.stdout.strip()) == (
        "đã cấp quyền quản trị",
        "đã thu hồi quyền quản trị",
    )
    assert [(row["name"], row["unit"], row["identities"]) for row in listed] == [
        ("Võ Thị Sáu", UNIT, ["telegram:12345"])
    ]
    assert asyncio.run(_audit_actions(sqlite_url)) == ["admin.granted", "admin.revoked"]
    assert json.loads(_invoke(cli, "admin", "list", "--json").stdout) == []


def test_admin_unbind_frees_the_identity(cli: CliRunner, sqlite_url: str) -> None:
    asyncio.run(_identity(sqlite_url))

    result = _invoke(cli, "admin", "unbind", "telegram:12345")

    assert result.stdout.strip() == "đã gỡ tài khoản khỏi cán bộ"
    assert asyncio.run(_audit_actions(sqlite_url)) == ["identity.unbound"]
