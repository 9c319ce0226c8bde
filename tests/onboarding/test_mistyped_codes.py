"""Mistyped invite codes and names typed without agreement, through the web chat endpoint:
recognised as codes, answered «Mã mời không đúng…», and never kept in clear."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from handlers import Services, texts
from handlers.consent import KEY_NO
from storage.db import session_scope
from storage.models import UnansweredQuestion
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, commune, invite_code, web_app

MISTYPED = [
    "CDS-AAAAA-BBBBB",
    "cds aaaaa bbbbd",
    "CDS-6CFJ9-0Q3G",
    "Mã mời của tôi là CDS-6CFJ9-0Q3G nhé",
]
UNANSWERED = "Bao giờ tỉnh cấp máy tính bảng cho tổ công nghệ số cộng đồng?"


async def _kept(engine: AsyncEngine) -> list[str]:
    """Everything a chat message can leave in a table: unanswered questions, conversation
    data and choices, audit details."""
    statements = (
        "SELECT question FROM unanswered_question",
        "SELECT CAST(data AS TEXT) FROM conversation",
        "SELECT CAST(detail AS TEXT) FROM audit_log",
    )
    async with engine.connect() as connection:
        return [
            str(value)
            for statement in statements
            for value in (await connection.execute(text(statement))).scalars()
        ]


async def _questions(engine: AsyncEngine) -> list[str]:
    async with session_scope(engine) as session:
        return [q.question for q in (await session.exec(select(UnansweredQuestion))).all()]


@pytest.mark.parametrize("typed", MISTYPED)
async def test_mistyped_code_is_a_wrong_code_and_never_kept(
    typed: str,
    engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    chat = WebChat(web_app(engine, services, clock, tmp_path), "stranger-session-01")
    caplog.set_level(logging.DEBUG)

    reply = await chat.say(typed)
    await chat.say(UNANSWERED)  # a real question outside the plan is still kept

    assert reply.startswith("Mã mời không đúng"), reply
    kept = await _kept(engine)
    group = typed.split()[-2] if " nhé" in typed else typed[4:9]
    assert not any(group.lower() in row.lower() for row in kept), kept
    assert await _questions(engine) == [UNANSWERED]
    logged = "\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records)
    assert group.lower() not in logged.lower()


async def test_question_starting_with_cds_stays_a_question(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = WebChat(web_app(engine, services, clock, tmp_path), "stranger-session-02")

    reply = await chat.say("cds chinh quyen la gi")

    assert texts.INVITE_WRONG not in reply and "Mã mời" not in reply


async def test_name_typed_after_refusing_the_notice_is_not_kept(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    code = await invite_code(engine, services, clock, unit=commune())
    chat = WebChat(web_app(engine, services, clock, tmp_path), "refuser-session-01")
    assert "dữ liệu cá nhân" in await chat.say(code)
    assert "không lưu thông tin nào" in await chat.say(choice=KEY_NO)

    named = await chat.say("Nguyễn Văn Bảo")
    capitalised = await chat.say("Tran Thi Hoa")
    await chat.say("nguyen thi binh")
    await chat.say(UNANSWERED)
    asked = await chat.say("phan cong nhiem vu cho so noi vu")  # "phân công", not a name

    assert named == capitalised == texts.QA_NAME_TYPED  # not answered from the plan
    assert "Kế hoạch 87/KH-UBND, mục" in asked
    assert await _questions(engine) == [UNANSWERED]
    assert not any("Nguy" in row or "nguy" in row for row in await _kept(engine))
