"""The export read back: one row per audience unit, typed cells, summary sheet, CSV."""

from __future__ import annotations

import asyncio
import csv
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from bot.cli.main import app
from bot.config import Settings
from knowledge.surveys import load_definitions
from tests.surveys.conftest import Chat
from tests.surveys.test_flow import FULL, fill


@pytest.fixture
async def submitted(an: Chat) -> None:
    await fill(an, [*FULL[:-2], "Thiếu máy tính", "Không có gì"])
    await an.say("gui bao cao")


async def export(settings: Settings, fmt: str, out: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run `cdsbot export` (in a thread: the command runs its own event loop)."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    result = await asyncio.to_thread(
        CliRunner().invoke,
        app,
        ["export", "--survey", "bao-cao-quy", "--period", "2026-Q4", "--format", fmt,
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.usefixtures("submitted")
async def test_xlsx_has_a_row_per_audience_unit_with_typed_answers(
    settings: Settings, sqlite_engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "q4.xlsx"

    output = await export(settings, "xlsx", out, monkeypatch)

    sheet = load_workbook(out)["Báo cáo"]
    rows = list(sheet.iter_rows(values_only=True))
    by_code = {row[0]: row for row in rows[1:]}
    assert "đã ghi 4 đơn vị" in output  # three communes/wards and the special zone, no department
    assert rows[0][:4] == ("Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Trạng thái")
    assert by_code["21025"][1:5] == ("Xã Bình Sơn", "Xã", "đã gửi", "Nguyễn Văn An")
    assert by_code["21025"][5] == datetime(2026, 11, 30, 9, 0)
    assert by_code["21025"][7:] == ("Có", 12, 5, 62.5, 40, "Một buổi", "Thiếu máy tính",
                                    "Không có gì")  # fmt: skip
    assert {row[3] for code, row in by_code.items() if code != "21025"} == {"chưa báo cáo"}


@pytest.mark.usefixtures("submitted")
async def test_xlsx_summary_counts_reported_units_and_totals(
    settings: Settings, sqlite_engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "q4.xlsx"
    await export(settings, "xlsx", out, monkeypatch)

    rows = list(load_workbook(out)["Tổng hợp"].iter_rows(values_only=True))
    facts = {row[0]: row[1] for row in rows if row and row[0]}
    totals = {row[0]: row[1:4] for row in rows if row and len(row) > 3 and row[3] is not None}
    choices = {(row[0], row[1]): row[2] for row in rows if row and isinstance(row[2], int)}

    assert (facts["Số đơn vị phải báo cáo"], facts["Số đơn vị đã báo cáo"]) == (4, 1)
    assert facts["Tỷ lệ đã báo cáo"] == 0.25
    assert totals["Số người được tập huấn trong quý"] == (5, 5, 1)
    assert choices[("Giao ban Mạng lưới CĐS", "Một buổi")] == 1
    assert choices[("Có đầu mối CĐS", "Không")] == 0


@pytest.mark.usefixtures("submitted")
async def test_csv_has_bom_and_same_rows(
    settings: Settings, sqlite_engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "q4.csv"

    await export(settings, "csv", out, monkeypatch)

    raw = out.read_bytes()
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    by_code = {row[0]: row for row in rows[1:]}
    assert raw.startswith(b"\xef\xbb\xbf")
    assert by_code["21025"][3:6] == ["đã gửi", "Nguyễn Văn An", "30/11/2026 09:00"]
    assert by_code["21025"][7:11] == ["Có", "12", "5", "62.5"]
    assert by_code["21026"][3] == "chưa báo cáo"


async def test_export_refuses_period_of_another_kind(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)

    result = CliRunner().invoke(
        app, ["export", "--survey", "bao-cao-quy", "--period", "2026-11", "--out", "x.xlsx"]
    )

    assert result.exit_code == 2
    assert result.output.startswith("cdsbot: kỳ báo cáo không hợp lệ; ")
    assert "2026-Q4" in result.output


async def test_export_refuses_year_zero_in_one_line(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    out = tmp_path / "x.xlsx"

    result = CliRunner().invoke(
        app, ["export", "--survey", "bao-cao-quy", "--period", "0000-Q1", "--out", str(out)]
    )

    assert result.exit_code == 2
    # The chat's sentences as the parts of one line, the form of every `cdsbot: …` line.
    assert result.output.splitlines() == [
        f"cdsbot: kỳ báo cáo không hợp lệ; «{load_definitions()['bao-cao-quy'].title}» lập "
        "theo quý: ghi kỳ dạng 2026-Q4, năm từ 2000 đến 2099"
    ]
    assert not out.exists()
