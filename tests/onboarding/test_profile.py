"""Correcting one's name or position after registration: `/toi` → «Sửa họ tên» (issue 10)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import texts
from storage.db import session_scope
from storage.models import AuditLog, Official
from tests.surveys.conftest import Chat, make_town


async def _official(engine: AsyncEngine, official_id: int) -> Official:
    async with session_scope(engine) as session:
        official = await session.get(Official, official_id)
    assert official is not None
    return official


async def test_toi_offers_name_and_position_corrections_when_registered(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    await make_town(sqlite_engine)
    an = Chat(assistant, "an")

    await an.say("/toi")

    assert an.keys == ["me:name", "me:position"]


async def test_typed_name_correction_updates_name_and_audits_old_and_new(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    town = await make_town(sqlite_engine)
    an = Chat(assistant, "an")

    await an.say("/toi")
    asked = await an.say("Sửa họ tên")
    done = await an.say("nguyễn văn ân")

    official = await _official(sqlite_engine, town.official_id)
    async with session_scope(sqlite_engine) as session:
        entry = (
            await session.exec(select(AuditLog).where(AuditLog.action == "official.profile"))
        ).one()
    assert "Họ và tên hiện tại: Nguyễn Văn An" in asked
    assert done.startswith(texts.PROFILE_UPDATED)
    assert "• Họ và tên: Nguyễn Văn Ân" in done
    assert official.full_name == "Nguyễn Văn Ân"
    assert entry.detail == {"field": "full_name", "old": "Nguyễn Văn An", "new": "Nguyễn Văn Ân"}


async def test_position_correction_by_button_updates_position(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    town = await make_town(sqlite_engine)
    an = Chat(assistant, "an")

    await an.say("/toi")
    await an.say(choice="me:position")
    await an.say("Công chức Văn phòng - Thống kê")

    official = await _official(sqlite_engine, town.official_id)
    assert official.position == "Công chức Văn phòng - Thống kê"


async def test_invalid_new_name_is_refused_and_asked_again(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    town = await make_town(sqlite_engine)
    an = Chat(assistant, "an")

    await an.say("/toi")
    await an.say("Sửa họ tên")
    refused = await an.say("An 2")
    await an.say("Nguyễn Văn Bảo")

    official = await _official(sqlite_engine, town.official_id)
    assert refused == texts.NAME_INVALID["digits"]
    assert official.full_name == "Nguyễn Văn Bảo"


async def test_cancel_keeps_name_when_correction_is_abandoned(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    town = await make_town(sqlite_engine)
    an = Chat(assistant, "an")

    await an.say("/toi")
    await an.say("Sửa họ tên")
    await an.say("/huy")
    reply = await an.say("Trần Văn Cường")

    official = await _official(sqlite_engine, town.official_id)
    assert official.full_name == "Nguyễn Văn An"
    assert "Cập nhật" not in reply


async def test_position_correction_that_reads_as_a_formula_is_refused(
    assistant: Assistant, sqlite_engine: AsyncEngine
) -> None:
    town = await make_town(sqlite_engine)
    an = Chat(assistant, "an")
    before = (await _official(sqlite_engine, town.official_id)).position

    await an.say("/toi")
    await an.say("Sửa chức vụ")
    refused = await an.say("=cmd|' /C calc'!A0")
    shown = await an.say("/toi")

    official = await _official(sqlite_engine, town.official_id)
    assert refused == texts.POSITION_INVALID["formula"]
    assert official.position == before
    assert "calc" not in shown
