"""Everything `cdsbot` tells the operator is Vietnamese: every help screen, and usage errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from bot.cli.main import app
from tests.cli.conftest import Cdsbot

VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
# Typer's and Click's own English, as it would show in a help screen.
ENGLISH = (
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Show this message",
    "default:",
    "required",
    "<bool>",
    "<int",
    "<float",
    "<str>",
    "<path>",
    "<member",
    "range",
    "x>=",
    "<=x",
)
BOX = "│╭╮╰╯─ "


def _vietnamese(text: str) -> bool:
    return any(letter in VIETNAMESE_LETTERS for letter in text.lower())


def _paths() -> Iterator[list[str]]:
    """Every command path: the root, each group, each command."""
    pending: list[tuple[list[str], object]] = [([], get_command(app))]
    while pending:
        path, command = pending.pop()
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            pending.append(([*path, name], sub))


ALL_PATHS = list(_paths())


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}")
    # Wide enough that no help line wraps.
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_the_walk_reaches_every_command() -> None:
    names = {" ".join(path) for path in ALL_PATHS}

    assert len(ALL_PATHS) > 40
    assert {"", "run", "invite create", "admin create-user", "personal-data erase"} <= names


def test_every_command_option_and_argument_has_vietnamese_help() -> None:
    missing = []
    for path in ALL_PATHS:
        command = get_command(app)
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        if not _vietnamese(command.help or ""):
            missing.append(" ".join(["cdsbot", *path]))
        for param in command.params:
            if not _vietnamese(getattr(param, "help", None) or ""):
                missing.append(f"{' '.join(['cdsbot', *path])} {param.name}")

    assert missing == []


@pytest.mark.parametrize("path", ALL_PATHS, ids=lambda path: " ".join(path) or "cdsbot")
def test_help_screen_is_vietnamese(runner: CliRunner, path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], prog_name="cdsbot")

    lines = [line.strip(BOX) for line in result.stdout.splitlines()]
    english = [line for line in lines if line and not _vietnamese(line)]
    assert result.exit_code == 0, result.output
    assert lines[1].startswith(f"Cách dùng: cdsbot {' '.join(path)}".rstrip())
    assert "Hiện hướng dẫn này rồi thoát." in result.stdout
    assert english == []
    assert [word for word in ENGLISH if word in result.stdout] == []


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["admin", "grant"], "thiếu đối số TÀI_KHOẢN; xem `cdsbot admin grant --help`"),
        (
            ["invite", "create"],
            "thiếu tùy chọn --unit; xem `cdsbot invite create --help`",
        ),
        (
            ["invite", "create", "--unit", "21211", "--uses", "nhiều"],
            "giá trị của tùy chọn --uses không hợp lệ; --uses: số cán bộ được dùng mã "
            "(số nguyên, ít nhất 1)",
        ),
        (
            ["invite", "create", "--unit", "21211", "--uses", "0"],
            "giá trị của tùy chọn --uses không hợp lệ; --uses: số cán bộ được dùng mã "
            "(số nguyên, ít nhất 1)",
        ),
        (
            ["invite", "create", "--unit", "21211", "--role", "boss"],
            "giá trị của tùy chọn --role không hợp lệ; --role: vai trò của người dùng mã: "
            "member (cán bộ) hoặc admin (quản trị)",
        ),
        (
            ["invite", "create", "--unit"],
            "tùy chọn --unit cần một giá trị; xem `cdsbot invite create --help`",
        ),
        (
            ["units", "list", "--json=có"],
            "tùy chọn --json không nhận giá trị; xem `cdsbot units list --help`",
        ),
        (["units", "list", "--csv"], "không có tùy chọn --csv; xem `cdsbot units list --help`"),
        (["invte"], "không có lệnh «invte» (có phải invite?); xem `cdsbot --help`"),
        (
            ["ask", "xin", "chào"],
            "thừa đối số: chào (giá trị có dấu cách phải đặt trong ngoặc kép); "
            "xem `cdsbot ask --help`",
        ),
        (["kb", "add", "khong-co.txt", "--doc", "1/QĐ"], "không có tệp khong-co.txt"),
    ],
)
def test_command_line_mistake_is_one_vietnamese_line_and_exit_2(
    runner: CliRunner, args: list[str], line: str
) -> None:
    result = runner.invoke(app, args, prog_name="cdsbot")

    assert (result.exit_code, result.stderr.splitlines()) == (2, [f"cdsbot: {line}"])
    assert result.stdout == ""


def test_missing_argument_from_the_real_program(cdsbot: Cdsbot) -> None:
    result = cdsbot("invite", "revoke")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cdsbot: thiếu đối số MÃ_HOẶC_ID; xem `python -m bot invite revoke --help`"
    ]
    assert result.stdout == ""


def test_erase_of_an_unknown_account_asks_nothing(runner: CliRunner, sqlite_url: str) -> None:
    result = runner.invoke(
        app,
        ["personal-data", "erase", "telegram:404"],
        input="có\n",
        env={"DATABASE_URL": sqlite_url},
        prog_name="cdsbot",
    )

    assert result.exit_code == 1
    assert result.stderr == "cdsbot: không có dữ liệu nào về tài khoản telegram:404\n"


def test_outbox_status_names_every_status_in_vietnamese(
    runner: CliRunner, sqlite_url: str
) -> None:
    # An empty outbox says so in a sentence (the table's headers: tests/reminders/test_cli.py).
    result = runner.invoke(app, ["outbox", "status"], env={"DATABASE_URL": sqlite_url})

    assert result.exit_code == 0, result.output
    assert result.stdout == "Chưa có tin nào được xếp vào hàng gửi.\n"
    assert _vietnamese(result.stdout)
