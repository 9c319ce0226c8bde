"""The consolidated report read back with python-docx, after units report on the console."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.shared import Pt
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from knowledge.surveys import SurveyDefinition
from reports.consolidated import write_report
from storage.db import session_scope
from tests.conftest import FakeClock
from tests.reports.charts_read import alt_texts, bars_drawn, png_of
from tests.reports.conftest import ISSUER, TODAY, ZONE, body_text, colleague_in, report_of, submit
from tests.surveys.conftest import Chat, Town
from tests.surveys.test_flow import AFTER_DUE, FULL, fill

DIFFICULTY = "Thiếu máy tính cho cán bộ một cửa"


@pytest.fixture
async def reported(
    an: Chat, sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path
) -> Document:
    """Xã Bình Sơn reports on the console; the report of 2026-Q4 is read back."""
    await submit(an, difficulty=DIFFICULTY)
    return await report_of(sqlite_engine, definition, tmp_path / "bao-cao.docx")


def cells(document: Document, table: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[table].rows]


def test_header_has_issuer_number_nation_motto_and_place_date(reported: Document) -> None:
    header = cells(reported, 0)

    assert header[0][0] == "UBND TỈNH QUẢNG NGÃI\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\n"
    assert header[0][1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    assert header[1] == ["Số: ……/BC-SKHCN", "Quảng Ngãi, ngày 20 tháng 12 năm 2026"]
    assert reported.tables[0].rows[1].cells[1].paragraphs[0].runs[0].italic is True


def test_title_and_subject_follow_the_header(reported: Document) -> None:
    texts = [p.text for p in reported.paragraphs if p.text]

    assert texts[:2] == ["BÁO CÁO", "Kết quả thực hiện Kế hoạch số 87/KH-UBND quý IV/2026"]
    assert all(run.bold for p in reported.paragraphs[1:3] for run in p.runs)


def test_section_one_counts_units_by_status_and_kind(reported: Document) -> None:
    text = body_text(reported)

    assert "Đã gửi báo cáo: 1/4 đơn vị (25,0%), trong đó đúng hạn 1, gửi muộn 0" in text
    assert "chưa báo cáo: 3." in text
    assert "- Xã: 1/2 đơn vị đã gửi (50,0%), gửi muộn 0." in text
    assert "- Phường: 0/1 đơn vị đã gửi (0,0%)" in text


def test_section_two_states_figure_against_plan_target(reported: Document) -> None:
    text = body_text(reported)

    assert (
        "Bố trí đầu mối CĐS: 1/4 xã, phường, đặc khu (25,0%), chỉ tiêu 100% (mục II.1.b)." in text
    )
    assert "sử dụng nền tảng số: bình quân 62,5% ở 1 đơn vị đã báo cáo, chỉ tiêu 100%" in text
    assert "Số cán bộ, công chức được tập huấn trong kỳ: 5 người (1 đơn vị báo cáo" in text
    assert "(mục III.5.c): Chưa có buổi nào: 0 đơn vị; Một buổi: 1 đơn vị" in text


def test_section_two_has_a_chart_per_measured_question(reported: Document) -> None:
    captions = [p.text for p in reported.paragraphs if p.text.startswith("Biểu đồ ")]

    assert len(reported.inline_shapes) == 6
    assert captions[0] == "Biểu đồ 1. Bố trí đầu mối CĐS"


def test_difficulty_is_quoted_with_its_unit(reported: Document) -> None:
    text = body_text(reported)

    assert f"- «{DIFFICULTY}» (Xã Bình Sơn)." in text


def test_empty_proposal_is_left_out(reported: Document) -> None:
    paragraphs = [p.text for p in reported.paragraphs]
    proposals = paragraphs[paragraphs.index("IV. ĐỀ XUẤT, KIẾN NGHỊ") + 1]

    assert proposals == "Các đơn vị đã báo cáo không nêu nội dung này."


def test_appendix_has_a_row_per_audience_unit_with_status(reported: Document) -> None:
    rows = cells(reported, len(reported.tables) - 1)

    assert rows[0][:5] == ["STT", "Đơn vị", "Loại", "Trạng thái", "Ngày gửi"]
    assert [row[1] for row in rows[1:]] == [
        "Xã Bình Sơn", "Xã Tịnh Khê", "Phường Cẩm Thành", "Đặc khu Lý Sơn",
    ]  # fmt: skip
    assert rows[1][2:] == [
        "Xã",
        "Đã gửi",
        "30/11/2026",
        "Có",
        "12",
        "5",
        "62,5%",
        "40",
        "Một buổi",
    ]
    assert {row[3] for row in rows[2:]} == {"Chưa báo cáo"}


def test_page_is_a4_with_decree_margins_and_times_new_roman(reported: Document) -> None:
    section = reported.sections[0]
    normal = reported.styles["Normal"].font

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                      section.left_margin, section.right_margin)]  # fmt: skip
    assert 20 <= margins[0] <= 25 and 20 <= margins[1] <= 25
    assert 30 <= margins[2] <= 35 and 15 <= margins[3] <= 20
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))


def test_page_number_field_is_in_the_header_from_page_two(reported: Document) -> None:
    section = reported.sections[0]
    xml = section.header._element.xml

    assert section.different_first_page_header_footer is True
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml


def test_recipients_and_signature_close_the_report(reported: Document) -> None:
    signature = cells(reported, len(reported.tables) - 2)[0]

    assert signature[0].startswith("Nơi nhận:\n- UBND tỉnh (b/c);")
    assert signature[0].endswith("- Lưu: VT, SKHCN.")
    assert signature[1].startswith("GIÁM ĐỐC")


async def test_same_difficulty_from_two_units_is_quoted_once_with_both(
    an: Chat, assistant: Assistant, town: Town, sqlite_engine: AsyncEngine,
    definition: SurveyDefinition, tmp_path: Path,
) -> None:  # fmt: skip
    cuc = await colleague_in(sqlite_engine, assistant, town.other_unit_id, "cuc")
    await submit(an, difficulty="Thiếu máy tính.")
    await submit(cuc, difficulty="thieu may tinh")

    document = await report_of(sqlite_engine, definition, tmp_path / "q4.docx")

    quoted = [p.text for p in document.paragraphs if p.text.startswith("- «")]
    assert quoted == ["- «Thiếu máy tính» (Xã Bình Sơn, Xã Tịnh Khê)."]


async def test_period_without_reports_says_so_and_lists_every_unit(
    town: Town, sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path
) -> None:
    document = await report_of(sqlite_engine, definition, tmp_path / "q1.docx", period="2027-Q1")

    text = body_text(document)
    rows = cells(document, len(document.tables) - 1)
    assert "chưa có đơn vị nào gửi báo cáo quý I/2027 (hạn gửi: 23:59 ngày 15/03/2027)" in text
    assert "Bố trí đầu mối CĐS (mục II.1.b): chưa có số liệu." in text
    assert len(document.inline_shapes) == 0
    assert [row[3] for row in rows[1:]] == ["Chưa báo cáo"] * 4


async def test_report_sent_after_the_deadline_counts_as_late(
    an: Chat, clock: FakeClock, sqlite_engine: AsyncEngine, definition: SurveyDefinition,
    tmp_path: Path,
) -> None:  # fmt: skip
    clock.now = AFTER_DUE
    await submit(an, difficulty="Không")

    document = await report_of(sqlite_engine, definition, tmp_path / "q4.docx")

    rows = cells(document, len(document.tables) - 1)
    assert "trong đó đúng hạn 0, gửi muộn 1" in body_text(document)
    assert rows[1][1:4] == ["Xã Bình Sơn", "Xã", "Gửi muộn"]


async def test_report_as_bytes_without_a_file_opens_in_python_docx(
    town: Town, sqlite_engine: AsyncEngine, definition: SurveyDefinition
) -> None:
    async with session_scope(sqlite_engine) as session:
        written = await write_report(
            session, definition, "2026-Q4", issuer=ISSUER, zone=ZONE, today=TODAY
        )

    document = docx.Document(io.BytesIO(written.data))
    assert (written.units, written.reported) == (4, 0)
    assert document.paragraphs[1].text == "BÁO CÁO"


def test_chart_has_a_bar_for_every_kind_of_the_audience(reported: Document) -> None:
    described = alt_texts(reported)
    first = png_of(reported, reported.inline_shapes[0])

    assert described[0] == (
        "Biểu đồ 1. Bố trí đầu mối CĐS: Xã 50%; Phường 0%; Đặc khu 0%; Toàn tỉnh 25%"
        " (chỉ tiêu 100%)."
    )
    assert bars_drawn(first) == 4


def test_chart_of_a_total_marks_kinds_without_figures(reported: Document) -> None:
    described = alt_texts(reported)
    second = png_of(reported, reported.inline_shapes[1])

    assert described[1] == (
        "Biểu đồ 2. Số người tham gia Mạng lưới CĐS: Xã 12; Phường chưa có số liệu;"
        " Đặc khu chưa có số liệu; Toàn tỉnh 12."
    )
    assert bars_drawn(second) == 2


async def test_appendix_shows_a_percentage_as_the_chat_does(
    an: Chat, sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path
) -> None:
    answers = [*FULL[:4], "62,25%", *FULL[5:-2], "Không", "Không có gì"]
    summary = await fill(an, answers)
    await an.say("gui bao cao")

    document = await report_of(sqlite_engine, definition, tmp_path / "q4.docx")

    rows = cells(document, len(document.tables) - 1)
    assert "62,25%" in summary
    assert rows[1][8] == "62,25%"


@pytest.mark.parametrize("typed", ["ko co", "k co gi", "Không có gì cả.", "hok", "-", "n/a", "0"])
async def test_nothing_typed_the_phone_way_is_left_out_of_difficulties(
    an: Chat, sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path,
    typed: str,
) -> None:  # fmt: skip
    await submit(an, difficulty=typed, proposal="ko co a")

    document = await report_of(sqlite_engine, definition, tmp_path / "q4.docx")

    paragraphs = [p.text for p in document.paragraphs]
    difficulties = paragraphs[paragraphs.index("III. KHÓ KHĂN, VƯỚNG MẮC") + 1]
    proposals = paragraphs[paragraphs.index("IV. ĐỀ XUẤT, KIẾN NGHỊ") + 1]
    assert difficulties == "Các đơn vị đã báo cáo không nêu nội dung này."
    assert proposals == "Các đơn vị đã báo cáo không nêu nội dung này."
    assert not [p for p in paragraphs if p.startswith("- «")]


async def test_difficulty_that_starts_like_nothing_is_still_quoted(
    an: Chat, sqlite_engine: AsyncEngine, definition: SurveyDefinition, tmp_path: Path
) -> None:
    await submit(an, difficulty="ko co may tinh cho bo phan mot cua")

    document = await report_of(sqlite_engine, definition, tmp_path / "q4.docx")

    assert "- «ko co may tinh cho bo phan mot cua» (Xã Bình Sơn)." in body_text(document)
