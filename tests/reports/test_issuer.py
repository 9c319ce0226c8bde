"""The issuing body comes from the settings, upper-cased in the header only."""

from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings, report_issuer
from knowledge.surveys import SurveyDefinition
from reports.consolidated import Issuer, write_report
from storage.db import session_scope
from tests.reports.conftest import TODAY, ZONE, body_text
from tests.surveys.conftest import Town


def test_issuer_is_read_from_report_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ISSUER", "Sở Tài chính")
    monkeypatch.setenv("REPORT_ISSUER_CODE", "STC")

    issuer = report_issuer(Settings(_env_file=None))  # type: ignore[call-arg]

    assert issuer == Issuer("Sở Tài chính", "UBND tỉnh Quảng Ngãi", "STC", "Quảng Ngãi")


async def test_issuer_is_upper_case_in_header_and_as_written_in_sentences(
    town: Town, sqlite_engine: AsyncEngine, definition: SurveyDefinition
) -> None:
    issuer = Issuer("Sở Tài chính", "UBND tỉnh Quảng Ngãi", "STC", "Quảng Ngãi")
    async with session_scope(sqlite_engine) as session:
        written = await write_report(
            session, definition, "2026-Q4", issuer=issuer, zone=ZONE, today=TODAY
        )

    document = docx.Document(io.BytesIO(written.data))
    header = document.tables[0].rows[0].cells[0].text
    assert header.startswith("UBND TỈNH QUẢNG NGÃI\nSỞ TÀI CHÍNH")
    assert "Sở Tài chính tổng hợp" in body_text(document)
    assert document.tables[0].rows[1].cells[0].text == "Số: ……/BC-STC"
