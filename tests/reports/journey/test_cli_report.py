"""`cdsbot report` in a subprocess, after a commune of the real province reports on the console.

The units are the province's 96 communes, wards and special zone, seeded by `cdsbot units
seed`; the commune reports by typing into `cdsbot chat --jsonl` (the journeys' fixtures).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from bot.config import Settings
from knowledge.surveys import SurveyDefinition, period_of
from tests.cli.conftest import Cdsbot
from tests.journeys.conftest import UNIT_NAME, JsonlChat, cdsbot_sync, create_invite_code
from tests.reports.charts_read import alt_texts, bars_drawn, png_of

DIFFICULTY = "Đường truyền Internet yếu ở thôn vùng cao"
AUDIENCE = 96


async def report_through_console(chat: JsonlChat, settings: Settings) -> None:
    """Xã An Phú is invited, onboards and sends the quarter's report, all by typing."""
    code = await create_invite_code(settings)
    onboarding = [f"/start {code}", "dong y", "Nguyễn Văn An", "Cong chuc Van phong - Thong ke"]
    answers = ["/baocao", "co", "12", "5", "62.5", "40", "1 buổi", DIFFICULTY, "Không"]
    for line in [*onboarding, *answers, "gui bao cao"]:
        chat.say(line)


@pytest.fixture
async def written(
    jsonl_chat: JsonlChat, settings: Settings, definition: SurveyDefinition, tmp_path: Path
) -> tuple[str, Path]:
    """The commune reports; then `cdsbot report` writes the period's document."""
    await report_through_console(jsonl_chat, settings)
    period = period_of(definition, datetime.now(UTC), settings.zone)
    out = tmp_path / "bao-cao.docx"
    output = cdsbot_sync(
        settings, "report", "--survey", "bao-cao-quy", "--period", period, "--out", str(out)
    )
    return output, out


def test_report_names_the_commune_counts_every_unit_and_quotes_it(
    written: tuple[str, Path],
) -> None:
    output, out = written

    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    rows = document.tables[-1].rows
    assert f"(1/{AUDIENCE} đơn vị đã báo cáo) vào {out}" in output
    assert f"Đã gửi báo cáo: 1/{AUDIENCE} đơn vị (1,0%)" in text
    assert f"- «{DIFFICULTY}» ({UNIT_NAME})." in text
    assert len(rows) == 1 + AUDIENCE
    assert [r.cells[3].text for r in rows if r.cells[1].text == UNIT_NAME] in (
        ["Đã gửi"], ["Gửi muộn"],
    )  # fmt: skip


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_report_renders_in_libreoffice(written: tuple[str, Path], tmp_path: Path) -> None:
    _, out = written
    profile = tmp_path / "lo-profile"

    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path / "pdf"), str(out)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip

    pdf = (tmp_path / "pdf" / "bao-cao.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pdf.startswith(b"%PDF")
    assert 4 <= pages <= 12


def test_unknown_survey_is_one_vietnamese_line(cdsbot: Cdsbot) -> None:
    result = cdsbot("report", "--survey", "khong-co", "--period", "2026-Q4", "--out", "x.docx")

    assert result.returncode == 2
    assert result.stderr == ("cdsbot: không có báo cáo «khong-co»; xem `cdsbot surveys list`\n")
    assert not Path("x.docx").exists()


def test_malformed_period_is_one_vietnamese_line(cdsbot: Cdsbot) -> None:
    result = cdsbot("report", "--survey", "bao-cao-quy", "--period", "2026-13", "--out", "x.docx")

    assert result.returncode == 2
    # Worded as `cdsbot export` and the console word it (handlers.survey_view.period_problem).
    assert result.stderr == (
        "cdsbot: kỳ báo cáo không hợp lệ; «Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND» lập "
        "theo quý: ghi kỳ dạng 2026-Q4, năm từ 2000 đến 2099\n"
    )


def test_charts_show_every_kind_with_the_same_decimals(written: tuple[str, Path]) -> None:
    _, out = written
    document = docx.Document(str(out))

    described = alt_texts(document)
    assert described[0] == (
        "Biểu đồ 1. Bố trí đầu mối CĐS: Xã 1,2%; Phường 0,0%; Đặc khu 0,0%; Toàn tỉnh 1,0%"
        " (chỉ tiêu 100%)."
    )
    assert described[1] == (
        "Biểu đồ 2. Số người tham gia Mạng lưới CĐS: Xã 12; Phường chưa có số liệu;"
        " Đặc khu chưa có số liệu; Toàn tỉnh 12."
    )
    assert described[3] == (
        "Biểu đồ 4. Tỷ lệ thành viên Mạng lưới CĐS sử dụng nền tảng số: Xã 62,5%;"
        " Phường chưa có số liệu; Đặc khu chưa có số liệu; Toàn tỉnh 62,5% (chỉ tiêu 100%)."
    )
    first = png_of(document, document.inline_shapes[0])
    (out.parent / "chart-1.png").write_bytes(first)
    assert bars_drawn(first) == 4
