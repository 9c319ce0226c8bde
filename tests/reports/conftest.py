"""Fixtures for the consolidated report: a town whose units report through the console."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.document import Document
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from knowledge.surveys import SurveyDefinition, load_definitions
from reports.consolidated import Issuer, write_report
from reports.template import ReportTemplate
from storage.db import session_scope
from storage.models import Official
from tests.surveys.conftest import Chat, Town, add_identity, an, town  # noqa: F401
from tests.surveys.test_flow import FULL, fill

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 12, 20)
ISSUER = Issuer(name="Sở Khoa học và Công nghệ", parent="UBND tỉnh Quảng Ngãi", code="SKHCN",
                place="Quảng Ngãi")  # fmt: skip


async def submit(chat: Chat, *, difficulty: str, proposal: str = "Không có gì") -> None:
    """A whole report typed on the console, then sent."""
    await fill(chat, [*FULL[:-2], difficulty, proposal])
    await chat.say("gui bao cao")


async def colleague_in(engine: AsyncEngine, assistant: Assistant, unit_id: int, user: str) -> Chat:
    """An official of another unit, bound on the console, to chat as."""
    async with session_scope(engine) as session:
        official = Official(unit_id=unit_id, full_name="Phạm Thị Cúc")
        session.add(official)
        await session.flush()
        official_id = official.id
    await add_identity(engine, official_id=official_id, user=user)
    return Chat(assistant, user)


@pytest.fixture(scope="session")
def definition() -> SurveyDefinition:
    return load_definitions()["bao-cao-quy"]


async def report_of(
    engine: AsyncEngine,
    definition: SurveyDefinition,
    out: Path,
    *,
    period: str = "2026-Q4",
    template: ReportTemplate | None = None,
) -> Document:
    """Write the report of a period to `out` and read it back with python-docx."""
    async with session_scope(engine) as session:
        await write_report(
            session, definition, period, issuer=ISSUER, zone=ZONE, today=TODAY, out=out,
            template=template,
        )  # fmt: skip
    return docx.Document(str(out))


def body_text(document: Document) -> str:
    """Every body paragraph's text, one per line (tables excluded)."""
    return "\n".join(p.text for p in document.paragraphs)
