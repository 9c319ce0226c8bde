"""A report not sent yet shows its status, never its answers: in the Word report's appendix,
the xlsx and the CSV alike (the report's body counts only what was sent)."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from bot.assistant import Assistant
from bot.cli.main import app
from bot.config import Settings
from knowledge.surveys import SurveyDefinition
from tests.reports.conftest import body_text, colleague_in, report_of, submit
from tests.surveys.conftest import Chat, Town
from tests.surveys.test_flow import FULL, fill

# 1-based: seven fixed columns, then the eight questions.
FIRST_ANSWER = 8


@pytest.fixture
async def drafting(an: Chat, assistant: Assistant, town: Town, sqlite_engine: AsyncEngine) -> None:
    """Xã Bình Sơn sends its report; Xã Tịnh Khê answers questions 1 to 3 and stops there."""
    await submit(an, difficulty="Thiếu máy tính")
    cuc = await colleague_in(sqlite_engine, assistant, town.other_unit_id, "cuc")
    await fill(cuc, FULL[:4])


def _export(settings: Settings, fmt: str, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(
        app,
        ["export", "--survey", "bao-cao-quy", "--period", "2026-Q4", "--format", fmt,
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.usefixtures("drafting")
async def test_appendix_leaves_a_drafts_answers_empty(
    sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path
) -> None:
    document = await report_of(sqlite_engine, definition, tmp_path / "q4.docx")

    table = document.tables[-1]
    rows = {row.cells[1].text: [cell.text for cell in row.cells] for row in table.rows}
    assert rows["Xã Tịnh Khê"][2:] == ["Xã", "Đang nhập", "", "", "", "", "", "", ""]
    assert rows["Xã Bình Sơn"][3:6] == ["Đã gửi", "30/11/2026", "Có"]
    # The body already counted the draft apart: one unit entering, none of its figures.
    assert "Bố trí đầu mối CĐS: 1/4 xã, phường, đặc khu (25,0%)" in body_text(document)


@pytest.mark.usefixtures("drafting")
async def test_xlsx_and_csv_leave_a_drafts_answers_empty(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xlsx, csv_path = tmp_path / "q4.xlsx", tmp_path / "q4.csv"

    await asyncio.to_thread(_export, settings, "xlsx", xlsx, monkeypatch)
    await asyncio.to_thread(_export, settings, "csv", csv_path, monkeypatch)

    sheet = load_workbook(xlsx)["Báo cáo"]
    by_code = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    with csv_path.open(encoding="utf-8-sig", newline="") as file:
        lines = {row[0]: row for row in csv.reader(file)}
    draft, sent = by_code["21026"], by_code["21025"]
    assert (draft[3], draft[4]) == ("đang nhập", "Phạm Thị Cúc")
    assert draft[FIRST_ANSWER - 1 :] == (None,) * 8
    assert sent[FIRST_ANSWER - 1 : FIRST_ANSWER + 2] == ("Có", 12, 5)
    assert lines["21026"][3] == "đang nhập"
    assert lines["21026"][FIRST_ANSWER - 1 :] == [""] * 8
