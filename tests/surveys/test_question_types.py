"""Multiple choice, decimal and date questions in chat, with a definition made for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat, Town, chat_with_survey
from tests.surveys.test_flow import stored

DEFINITION = """\
id: thu-nghiem
title: Khảo sát thử
period: month
due: {day: 20}
audience: [commune]
questions:
  - id: nen_tang
    type: multiple_choice
    text: Đơn vị dùng nền tảng nào?
    options:
      - {code: hoc, label: Học trực tuyến}
      - {code: khao-sat, label: Khảo sát}
      - {code: tro-ly, label: Trợ lý ảo}
  - id: ty_le
    type: decimal
    text: Tỷ lệ hoàn thành?
    relevant: "nen_tang == 'hoc'"
  - id: ngay
    type: date
    text: Ngày tập huấn gần nhất?
"""


@pytest.fixture
def chat(
    tmp_path: Path,
    services: Services,
    sqlite_engine: AsyncEngine,
    clock: FakeClock,
    town: Town,
) -> Chat:
    return chat_with_survey(tmp_path, services, sqlite_engine, clock, DEFINITION)


async def test_multiple_choice_toggles_then_done_saves_in_option_order(
    chat: Chat, sqlite_engine: AsyncEngine
) -> None:
    await chat.say("/baocao")
    await chat.say("3")
    retry = await chat.say("hoc tuc tuyen")  # a typo matches nothing: re-asked
    await chat.say("1")
    labels = [c.label for r in chat.last for c in r.choices]

    await chat.say("xong")

    _, answers = await stored(sqlite_engine)
    assert "Chưa nhận được câu trả lời" in retry
    assert labels == ["✓ Học trực tuyến", "Khảo sát", "✓ Trợ lý ảo", "Xong"]
    assert answers == {"nen_tang": ["hoc", "tro-ly"]}
    assert chat.keys == ["sv:back"]  # now on the decimal question (relevant: hoc picked)


async def test_done_without_a_pick_is_refused(chat: Chat, sqlite_engine: AsyncEngine) -> None:
    await chat.say("/baocao")

    reply = await chat.say("xong")

    _, answers = await stored(sqlite_engine)
    assert "chọn ít nhất một mục" in reply
    assert answers == {}


async def test_decimal_comma_and_date_are_typed_values(
    chat: Chat, sqlite_engine: AsyncEngine
) -> None:
    for line in ["/baocao", "1", "xong", "1,5"]:
        await chat.say(line)

    summary = await chat.say("15/12/2026")

    _, answers = await stored(sqlite_engine)
    assert answers == {"nen_tang": ["hoc"], "ty_le": 1.5, "ngay": "2026-12-15"}
    assert "3. Ngày tập huấn gần nhất?: 15/12/2026" in summary
