"""A one-shot command speaks Vietnamese on the operator's terminal: no JSON log lines."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Cdsbot

PEPPER_WARNING = (
    "cdsbot: cảnh báo: chưa đặt INVITE_PEPPER: mã mời đang được băm bằng một khóa suy ra từ "
    "DATABASE_URL, chỉ dùng để thử; hãy đặt INVITE_PEPPER (ít nhất 16 ký tự) trước khi tạo mã "
    "mời thật"
)


def test_chat_without_pepper_warns_in_vietnamese(cdsbot: Cdsbot) -> None:
    jsonl = cdsbot("chat", "--jsonl", stdin="/start\n", env={"LOG_LEVEL": "INFO"})
    interactive = cdsbot("chat", stdin="/start\n", env={"LOG_LEVEL": "INFO"})

    assert (jsonl.returncode, interactive.returncode) == (0, 0)
    assert jsonl.stderr.splitlines() == interactive.stderr.splitlines() == [PEPPER_WARNING]
    assert [list(json.loads(line)) for line in jsonl.stdout.splitlines()] == [["replies"]]


def test_chat_with_pepper_prints_nothing_on_stderr(cdsbot: Cdsbot) -> None:
    result = cdsbot(
        "chat",
        "--jsonl",
        stdin="/start\nmạng lưới cđs gồm ai\n",
        env={"LOG_LEVEL": "INFO", "INVITE_PEPPER": "a-long-production-pepper-value"},
    )

    assert result.returncode == 0
    assert result.stderr == ""


def test_commands_that_log_info_print_only_their_vietnamese_result(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")

    created = cdsbot(
        "invite", "create", "--unit", "21211",
        env={"LOG_LEVEL": "INFO", "INVITE_PEPPER": "a-long-production-pepper-value"},
    )  # fmt: skip

    assert created.returncode == 0
    assert created.stderr == ""  # `invite.created` is logged at INFO
    assert "{" not in created.stdout


def test_invite_create_without_pepper_warns_in_vietnamese(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")

    shown = cdsbot("invite", "create", "--unit", "21211")
    as_json = cdsbot("invite", "create", "--unit", "21211", "--json")

    assert (shown.returncode, as_json.returncode) == (0, 0)
    assert shown.stderr.splitlines() == as_json.stderr.splitlines() == [PEPPER_WARNING]
    assert shown.stdout.splitlines()[1].startswith("Mã: CDS-")
    assert json.loads(as_json.stdout)["unit"] == "21211"


def test_refused_invite_create_without_pepper_is_one_line(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")

    refused = cdsbot("invite", "create", "--unit", "KHONG-CO")

    assert refused.returncode == 2
    # A database just created has no unit yet: the line names the command that loads them.
    assert refused.stderr.splitlines() == [
        "cdsbot: không có đơn vị mã «KHONG-CO»: cơ sở dữ liệu chưa có đơn vị nào; hãy nạp danh "
        "sách đơn vị bằng `cdsbot units seed`"
    ]


def test_invite_create_prints_sentence_case_lines(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")

    created = cdsbot(
        "invite", "create", "--unit", "21211",
        env={"INVITE_PEPPER": "a-long-production-pepper-value", "TELEGRAM_BOT_USERNAME": "CdsBot"},
    )  # fmt: skip

    assert created.returncode == 0, created.stderr
    lines = created.stdout.splitlines()
    assert [line.split(" ")[0] for line in lines] == ["Mã", "Mã:", "Liên", "Vai", "Mã"]
    assert lines[0].startswith("Mã mời số 1 cho ") and lines[0].endswith(" (21211)")
    assert lines[2].startswith("Liên kết: https://t.me/CdsBot?start=CDS-")
    assert lines[3].startswith("Vai trò: cán bộ; số lượt dùng: 1; hết hạn: ")
    assert lines[4] == "Mã chỉ hiện một lần này; hệ thống chỉ lưu bản băm của mã."


def test_invite_list_names_roles_as_the_console_does(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")
    cdsbot("invite", "create", "--unit", "21211")
    cdsbot("invite", "create", "--unit", "SKHCN", "--role", "admin")

    listed = cdsbot("invite", "list", env={"COLUMNS": "200"})

    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    row = {
        code: next(line for line in lines if f"({code})" in line) for code in ("21211", "SKHCN")
    }
    assert "cán bộ" in row["21211"] and "quản trị" in row["SKHCN"]
    assert "thành viên" not in listed.stdout


@pytest.mark.parametrize(
    ("expires", "reason"),
    [
        ("0d", "--expires phải lớn hơn 0"),
        ("00h", "--expires phải lớn hơn 0"),
        ("3651d", "--expires dài quá 3650 ngày (10 năm)"),
        ("99999999999999d", "--expires dài quá 3650 ngày (10 năm)"),
        ("14 ngày", "--expires phải có dạng 14d, 48h, 30m hoặc 2w (ngày, giờ, phút, tuần)"),
    ],
)
def test_invite_create_names_what_is_wrong_with_expires(
    cdsbot: Cdsbot, expires: str, reason: str
) -> None:
    cdsbot("db", "upgrade")

    refused = cdsbot("invite", "create", "--unit", "21211", "--expires", expires)

    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [f"cdsbot: {reason}"]


# Refusals from every part that words one: the CLI's own, the console's deadline checks
# (storage/deadline_rules.py) and the chat's period check (handlers/survey_view.py).
REFUSALS = [
    ("deadlines", "add", "--title", "", "--due", "01/01/2020", "--audience", ""),
    ("deadlines", "add", "--title", "X", "--due", "31/02/2027", "--audience", "xa-moi",
     "--section", "IX.9", "--survey", "none"),
    ("deadlines", "add", "--title", "X", "--due", "2026/12/15", "--audience", "xã"),
    ("deadlines", "remove", "404", "--yes"),
    ("broadcast", "--audience", "xa-moi", "--text", "Họp"),
    ("export", "--survey", "bao-cao-quy", "--period", "2026-13", "--out", "q4.xlsx"),
    ("report", "--survey", "bao-cao-quy", "--period", "2026-Q4", "--out", "/proc/q4.docx"),
    ("invite", "create", "--unit", "KHONG-CO"),
    ("admin", "grant", "telegram:404"),
    ("personal-data", "export", "telegram:404"),
    ("zalo", "status"),
]  # fmt: skip


def test_every_refusal_line_has_one_form(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")

    lines = [cdsbot(*command).stderr for command in REFUSALS]

    for command, line in zip(REFUSALS, lines, strict=True):
        assert line.count("\n") == 1 and line.startswith("cdsbot: "), (command, line)
        text = line.removeprefix("cdsbot: ").rstrip("\n")
        # A lower-case start (or an option, a setting, a code, as typed); no full stop.
        first = text.split(" ", 1)[0]
        assert not text[0].isupper() or first.isupper(), (command, line)
        assert not text.endswith("."), (command, line)
        assert ". " not in text, (command, line)  # one sentence: parts joined by «; »
