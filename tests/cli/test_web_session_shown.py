"""A web chat's session id opens that chat to whoever has it: the operator's commands show it
by its start, as `/toi` does («web:f2f698…»), never whole (text or `--json`)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from bot.app import create_app
from bot.config import Settings
from storage.db import make_engine
from tests.cli.conftest import PEPPER, Cdsbot, ok

SESSION = "f2f6988bf452c2fbb75ce1576e666170"
SHOWN = "web:f2f698…"
NAME, POSITION = "Lê Thị Hoa", "Công chức Văn phòng - Thống kê"


async def _register_on_the_web_chat(database: Path, code: str) -> list[str]:
    """Type the code, agree to the notice, then the name and position in the real web chat."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{database}",
        invite_pepper=PEPPER["INVITE_PEPPER"],
        kb_dir=database.parent / "kb",
    )
    engine = make_engine(settings.database_url)
    app = create_app(settings, engine=engine)
    said = []
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for text in (code, "1", NAME, POSITION):
                response = await client.post("/api/chat", json={"session": SESSION, "text": text})
                response.raise_for_status()
                said.append("\n".join(r["text"] for r in response.json()["replies"]))
    finally:
        await engine.dispose()
    return said


@pytest.fixture
async def web_official(cdsbot: Cdsbot, tmp_path: Path) -> None:
    """An official of unit 21211 registered in the web chat, then made an admin by
    `cdsbot admin grant` with the whole session id (the one place it is typed)."""
    ok(cdsbot, "db", "upgrade")
    ok(cdsbot, "units", "seed")
    created = json.loads(ok(cdsbot, "invite", "create", "--unit", "21211", "--json"))
    said = await _register_on_the_web_chat(tmp_path / "cdsbot.db", created["code"])
    assert said[-1].startswith(f"Đã xác nhận: {NAME}, {POSITION}")
    ok(cdsbot, "admin", "grant", f"web:{SESSION}")


@pytest.mark.usefixtures("web_official")
def test_units_officials_and_admin_list_show_a_web_session_by_its_start(cdsbot: Cdsbot) -> None:
    listed = ok(cdsbot, "units", "officials", "21211")
    as_json = json.loads(ok(cdsbot, "units", "officials", "21211", "--json"))
    admins = ok(cdsbot, "admin", "list")
    admins_json = json.loads(ok(cdsbot, "admin", "list", "--json"))

    printed = listed + json.dumps(as_json) + admins + json.dumps(admins_json)
    assert SESSION not in printed and SESSION[:12] not in printed
    assert listed.endswith(f"{NAME}, {POSITION} (quản trị) [{SHOWN}]\n")
    assert [row["identities"] for row in as_json] == [[SHOWN]]
    assert admins.endswith(f": {NAME}, Xã Tịnh Khê (21211) [{SHOWN}]\n")
    assert [row["identities"] for row in admins_json] == [[SHOWN]]
