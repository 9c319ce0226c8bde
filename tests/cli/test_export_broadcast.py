"""`cdsbot export` and `cdsbot broadcast` as an operator runs them: what they say on bad input."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from storage.db import make_engine, session_scope
from storage.models import Identity, Official
from storage.queries import unit_by_code
from tests.cli.conftest import Cdsbot

EXPORT = ("export", "--survey", "bao-cao-quy", "--period", "2026-Q4")
REPORT = ("report", "--survey", "bao-cao-quy", "--period", "2026-Q4")
PROC = (
    "hệ điều hành không cho tạo tệp mới trong thư mục /proc (các thư mục đặc biệt của hệ "
    "thống như /proc không lưu tệp); hãy chọn thư mục khác"
)


@pytest.fixture
def seeded(cdsbot: Cdsbot) -> Cdsbot:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")
    return cdsbot


def test_export_format_follows_the_file_extension(seeded: Cdsbot, tmp_path: Path) -> None:
    as_csv = seeded(*EXPORT, "--out", "q4.csv")
    as_xlsx = seeded(*EXPORT, "--out", "q4.XLSX")

    assert (as_csv.returncode, as_xlsx.returncode) == (0, 0), as_csv.stderr + as_xlsx.stderr
    text = (tmp_path / "q4.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Mã đơn vị,Tên đơn vị")
    assert load_workbook(tmp_path / "q4.XLSX")["Báo cáo"].max_row == 97


def test_export_refuses_a_format_the_extension_contradicts(seeded: Cdsbot, tmp_path: Path) -> None:
    result = seeded(*EXPORT, "--format", "xlsx", "--out", "q4.csv")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "cdsbot: --format xlsx không khớp với đuôi .csv của tệp q4.csv; "
        "hãy đổi đuôi tệp hoặc bỏ --format"
    )
    assert not (tmp_path / "q4.csv").exists()


@pytest.mark.parametrize(
    ("command", "out", "allowed"),
    [
        (EXPORT, "q4.txt", ".xlsx (Excel) hoặc .csv"),
        (EXPORT, "q4.docx", ".xlsx (Excel) hoặc .csv"),
        (REPORT, "q4.xlsx", ".docx (Word)"),
        (REPORT, "q4.doc", ".docx (Word)"),
    ],
)
def test_writing_commands_refuse_an_extension_of_another_format(
    seeded: Cdsbot, tmp_path: Path, command: tuple[str, ...], out: str, allowed: str
) -> None:
    result = seeded(*command, "--out", out)

    assert result.returncode == 2
    suffix = out.rpartition(".")[2]
    assert result.stderr.splitlines() == [
        f"cdsbot: tệp {out} có đuôi .{suffix}, nhưng lệnh này chỉ ghi tệp {allowed}; "
        "hãy đổi đuôi tệp"
    ]
    assert not (tmp_path / out).exists()


def test_report_refuses_a_name_without_extension(seeded: Cdsbot, tmp_path: Path) -> None:
    result = seeded(*REPORT, "--out", "bao-cao")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cdsbot: tệp bao-cao không có đuôi; hãy ghi tên tệp có đuôi .docx, ví dụ bao-cao.docx"
    ]
    assert not (tmp_path / "bao-cao").exists()


def test_report_writes_a_docx_whatever_the_case_of_its_extension(
    seeded: Cdsbot, tmp_path: Path
) -> None:
    result = seeded(*REPORT, "--out", "q4.DOCX")

    assert result.returncode == 0, result.stderr
    assert docx.Document(str(tmp_path / "q4.DOCX")).paragraphs


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("khong-co/q4.xlsx", "thư mục {tmp}/khong-co không tồn tại"),
        (".", "đây là một thư mục, cần một tên tệp"),
        # /sys refuses new files even to root, the way a folder without write permission does.
        ("/sys/q4.xlsx", "không có quyền ghi vào thư mục /sys"),
        # /proc is there but holds no files: the OS says "no such file", the folder exists.
        ("/proc/q4.xlsx", PROC),
    ],
)
def test_export_that_cannot_write_says_why_in_vietnamese(
    seeded: Cdsbot, tmp_path: Path, out: str, reason: str
) -> None:
    result = seeded(*EXPORT, "--out", out)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"cdsbot: không ghi được tệp {out}: {reason.format(tmp=tmp_path)}"
    )
    assert "Traceback" not in result.stderr


def test_report_that_cannot_write_says_why_as_export_does(seeded: Cdsbot) -> None:
    result = seeded(*REPORT, "--out", "/proc/q4.docx")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"cdsbot: không ghi được tệp /proc/q4.docx: {PROC}"]


# Tokens as `cdsbot run` would read them: the broadcast goes to the channels they turn on.
TELEGRAM_ON = {"TELEGRAM_BOT_TOKEN": "123:fake-token"}
BOTH_ON = {**TELEGRAM_ON, "ZALO_BOT_TOKEN": "456:fake-token"}


def test_broadcast_nobody_registered_says_so_and_queues_nothing(
    seeded: Cdsbot, tmp_path: Path
) -> None:
    result = seeded("broadcast", "--audience", "communes", "--text", "Họp giao ban", env=BOTH_ON)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "cdsbot: không ai nhận được thông báo này: chưa có cán bộ nào của các xã, phường, "
        "đặc khu đăng ký trên kênh nhận thông báo đang bật (Telegram, Zalo); không có tin nào "
        "được xếp vào hàng gửi"
    )
    assert json.loads(seeded("outbox", "status", "--json").stdout) == []
    with sqlite3.connect(tmp_path / "cdsbot.db") as db:
        assert db.execute("select count(*) from audit_log").fetchone() == (0,)


def test_broadcast_to_a_group_and_codes_at_once_is_refused(seeded: Cdsbot) -> None:
    result = seeded("broadcast", "--audience", "tất cả, 21211", "--text", "Họp", env=BOTH_ON)

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cdsbot: chưa xếp thông báo: không thể ghi cả nhóm đơn vị («tất cả») lẫn mã đơn vị "
        "trong một --audience; ghi một nhóm: xã (các xã, phường, đặc khu), sở (các sở, ban, "
        "ngành) hoặc tất cả; hoặc chỉ các mã đơn vị, cách nhau bởi dấu phẩy, ví dụ 21211,SKHCN"
    ]
    assert json.loads(seeded("outbox", "status", "--json").stdout) == []


async def _telegram_official(url: str) -> None:
    """An official of Xã An Phú (21034) bound on Telegram only."""
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            unit = await unit_by_code(session, "21034")
            assert unit is not None
            official = Official(unit_id=unit.id, full_name="Nguyễn Văn An", position="Công chức")
            session.add(official)
            await session.flush()
            session.add(
                Identity(
                    channel="telegram", external_id="515151", chat_id="515151",
                    official_id=official.id,
                )
            )  # fmt: skip
    finally:
        await engine.dispose()


@pytest.mark.parametrize("audience", ["xã", "Xa phuong dac khu", "xã, phường, đặc khu"])
def test_broadcast_takes_the_audience_in_vietnamese(seeded: Cdsbot, audience: str) -> None:
    result = seeded("broadcast", "--audience", audience, "--text", "Họp giao ban", env=BOTH_ON)

    assert result.returncode == 1
    assert "chưa có cán bộ nào của các xã, phường, đặc khu đăng ký" in result.stderr


def test_broadcast_reaches_a_telegram_official_only_while_telegram_is_on(
    seeded: Cdsbot, tmp_path: Path
) -> None:
    asyncio.run(_telegram_official(f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}"))

    off = seeded("broadcast", "--audience", "21034", "--text", "Họp giao ban")
    on = seeded("broadcast", "--audience", "21034", "--text", "Họp giao ban", env=TELEGRAM_ON)

    assert (off.returncode, off.stdout) == (1, "")
    assert off.stderr.strip() == (
        "cdsbot: không ai nhận được thông báo này: thông báo chung chỉ gửi qua Telegram hoặc "
        "Zalo, mà cả hai kênh đang tắt (chưa đặt TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN); không "
        "có tin nào được xếp vào hàng gửi"
    )
    assert on.returncode == 0, on.stderr
    assert on.stdout.strip().endswith("gửi tới Xã An Phú: đã xếp 1 tin vào hàng đợi gửi")
    rows = json.loads(seeded("outbox", "status", "--json").stdout)
    assert [(row["queued"], row["sent"]) for row in rows] == [(1, 0)]


def test_broadcast_to_a_unit_nobody_registered_names_the_unit(seeded: Cdsbot) -> None:
    result = seeded(
        "broadcast", "--audience", "SKHCN, 21034", "--text", "Họp giao ban", env=TELEGRAM_ON
    )

    assert result.returncode == 1
    assert "chưa có cán bộ nào của Sở Khoa học và Công nghệ, Xã An Phú đăng ký" in result.stderr


@pytest.mark.parametrize(
    ("audience", "reason"),
    [
        ("xã mới", "không có đơn vị mã xã mới;"),
        ("99999", "không có đơn vị mã 99999;"),
        ("communes,21034", "không thể ghi cả nhóm đơn vị («communes») lẫn mã đơn vị"),
    ],
)
def test_broadcast_to_an_audience_that_does_not_exist_names_it_and_exits_2(
    any_database: Cdsbot, audience: str, reason: str
) -> None:
    result = any_database("broadcast", "--audience", audience, "--text", "Họp giao ban")

    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    # The reason is the one `cdsbot deadlines add` and the console give (storage/deadline_rules).
    assert line.startswith(f"cdsbot: chưa xếp thông báo: {reason}")
    assert "đăng ký" not in line
    assert json.loads(any_database("outbox", "status", "--json").stdout) == []


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_period_typed_in_lower_case_is_taken(
    seeded: Cdsbot, tmp_path: Path, command: str
) -> None:
    out = "q4.xlsx" if command == "export" else "q4.docx"

    result = seeded(command, "--survey", "bao-cao-quy", "--period", " 2026-q4 ", "--out", out)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / out).stat().st_size > 0
