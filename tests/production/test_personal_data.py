"""`cdsbot personal-data export|erase`: all that is kept, then none of it (issue #14, item 7)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import Inbound, Services, texts
from reports.export import collect
from storage.db import session_scope
from storage.models import Conversation, Identity, Official, Outbox, SurveyResponse, Unit
from tests.production.workers import env_for
from tests.tables import every_value

NAME, POSITION, CHAT = "Nguyễn Văn An", "Phó Chủ tịch UBND xã", "515151"
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


async def _seed(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        unit = Unit(code="21034", name="Xã An Phú", kind="commune")
        session.add(unit)
        await session.flush()
        official = Official(unit_id=unit.id, full_name=NAME, position=POSITION)
        session.add(official)
        await session.flush()
        identity = Identity(
            channel="telegram", external_id=CHAT, chat_id=CHAT, official_id=official.id
        )
        session.add(identity)
        session.add(Conversation(channel="telegram", chat_id=CHAT, state="survey"))
        session.add(
            SurveyResponse(
                survey_id="bao-cao-quy", period="2026-Q4", unit_id=unit.id or 0,
                status="submitted", submitted_at=NOW, updated_by=official.id,
            )
        )  # fmt: skip
        await session.flush()
        session.add(
            Outbox(
                dedupe_key="k1", source="broadcast:x", kind="broadcast",
                identity_id=identity.id or 0, channel="telegram", chat_id=CHAT,
                text="Thông báo", next_attempt_at=NOW,
            )
        )  # fmt: skip


def _cli(url: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "personal-data", *args],
        env=env_for(url, folder),
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def _dump(engine: AsyncEngine) -> str:
    """Every text value of the tables that hold people and chats."""
    parts = []
    async with engine.connect() as connection:
        for table in ("official", "identity", "conversation", "outbox", "invite_attempt"):
            rows = (await connection.execute(text(f"SELECT * FROM {table}"))).all()  # noqa: S608
            parts.extend(str(value) for row in rows for value in row)
    return "\n".join(parts)


async def test_erase_leaves_no_name_position_or_chat_id_when_asked(
    sqlite_url: str, sqlite_engine: AsyncEngine, services: Services, tmp_path: Path
) -> None:
    await _seed(sqlite_engine)
    exported = _cli(sqlite_url, tmp_path, "export", f"telegram:{CHAT}")
    erased = _cli(sqlite_url, tmp_path, "erase", f"telegram:{CHAT}", "--yes")
    left = await _dump(sqlite_engine)
    async with session_scope(sqlite_engine) as session:
        table = await collect(
            session, services.surveys["bao-cao-quy"], "2026-Q4", zone=services.zone
        )
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["official"]["full_name"] == NAME
    assert [a["chat_id"] for a in data["accounts"]] == [CHAT]
    assert erased.returncode == 0, erased.stderr
    assert NAME not in left and POSITION not in left and CHAT not in left
    row = next(r for r in table.rows if r.code == "21034")
    assert row.status == "submitted"  # the unit's report stays
    assert row.updated_by == texts.FORMER_OFFICIAL


def test_export_says_so_when_account_unknown(sqlite_url: str, tmp_path: Path) -> None:
    done = _cli(sqlite_url, tmp_path, "export", "telegram:404")
    assert done.returncode == 1
    assert done.stderr.strip() == "cdsbot: không có dữ liệu nào về tài khoản telegram:404"


async def test_xoathongtin_erases_after_confirmation_when_official_asks(
    sqlite_engine: AsyncEngine, assistant: Assistant
) -> None:
    await _seed(sqlite_engine)

    def said(text: str = "", choice: str | None = None) -> Inbound:
        return Inbound(channel="telegram", chat_id=CHAT, user_id=CHAT, text=text, choice=choice)

    asked = await assistant.handle(said("/xoathongtin"))
    before = await _dump(sqlite_engine)
    done = await assistant.handle(said(choice="pd:erase"))
    left = await _dump(sqlite_engine)
    assert asked[0].text == texts.ERASE_CONFIRM
    assert [c.key for c in asked[0].choices] == ["pd:erase", "pd:keep"]
    assert NAME in before  # nothing is erased before the confirmation
    assert [r.text for r in done] == [texts.ERASED]
    assert NAME not in left and POSITION not in left and CHAT not in left


async def test_erasure_also_removes_names_from_profile_corrections_in_the_audit(
    sqlite_engine: AsyncEngine, assistant: Assistant
) -> None:
    await _seed(sqlite_engine)

    def said(text: str = "", choice: str | None = None) -> Inbound:
        return Inbound(channel="telegram", chat_id=CHAT, user_id=CHAT, text=text, choice=choice)

    await assistant.handle(said("/huy"))  # the seeded chat is in a report
    await assistant.handle(said("/toi"))
    await assistant.handle(said(choice="me:name"))
    await assistant.handle(said("Nguyễn Văn Bình"))
    corrected = await every_value(sqlite_engine)
    await assistant.handle(said("/xoathongtin"))
    await assistant.handle(said(choice="pd:erase"))
    left = await every_value(sqlite_engine)

    assert NAME in corrected and "Nguyễn Văn Bình" in corrected
    assert NAME not in left and "Nguyễn Văn Bình" not in left and CHAT not in left
