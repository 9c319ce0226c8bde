"""A command run where there is no database names the missing file and creates nothing;
only `cdsbot db upgrade` and `cdsbot run --init` (`make run`) create one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cdsbot

READING = [
    ("units", "list"),
    ("export", "--survey", "bao-cao-quy", "--period", "2026-Q4", "--out", "cli.xlsx"),
    ("invite", "create", "--unit", "21034"),
    ("kb", "unanswered"),
    ("db", "current"),
    ("admin", "list"),
    ("run",),
]


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


@pytest.mark.parametrize("command", READING, ids=lambda c: " ".join(c[:2]))
def test_command_outside_the_assistant_folder_names_the_missing_default_database(
    cdsbot: Cdsbot, tmp_path: Path, command: tuple[str, ...]
) -> None:
    elsewhere = tmp_path / "nc2"
    elsewhere.mkdir()

    result = cdsbot(*command, env={"DATABASE_URL": None}, cwd=elsewhere)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"cdsbot: chưa có cơ sở dữ liệu tại {elsewhere}/data/cdsbot.db (mặc định "
        "./data/cdsbot.db, tính từ thư mục hiện tại); hãy chạy lệnh trong thư mục của "
        "Trợ lý CĐS hoặc đặt DATABASE_URL; chỉ khi cần một cơ sở dữ liệu mới ở đúng chỗ này "
        "mới chạy `cdsbot db upgrade`"
    ]
    assert _files(elsewhere) == []


def test_db_current_on_a_missing_configured_file_creates_no_folder(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    database = tmp_path / "nonexistent" / "dir" / "x.db"

    result = cdsbot("db", "current", env={"DATABASE_URL": f"sqlite+aiosqlite:///{database}"})

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cdsbot: chưa có cơ sở dữ liệu tại {database} (DATABASE_URL); hãy kiểm tra "
        "DATABASE_URL, hoặc chạy lệnh trong thư mục của Trợ lý CĐS; chỉ khi cần một cơ sở dữ "
        "liệu mới ở đúng chỗ này mới chạy `cdsbot db upgrade`"
    ]
    assert not (tmp_path / "nonexistent").exists()


def test_db_upgrade_still_creates_the_default_database(cdsbot: Cdsbot, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    default = {"DATABASE_URL": None}

    upgraded = cdsbot("db", "upgrade", env=default, cwd=fresh)
    seeded = cdsbot("units", "seed", env=default, cwd=fresh)
    listed = cdsbot("units", "list", "--json", env=default, cwd=fresh)

    assert (upgraded.returncode, seeded.returncode, listed.returncode) == (0, 0, 0)
    assert (fresh / "data" / "cdsbot.db").is_file()
    assert len(json.loads(listed.stdout)) == 103


def test_empty_database_file_still_names_the_upgrade_command(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    (tmp_path / "empty.db").touch()

    result = cdsbot(
        "units", "list", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/empty.db"}
    )

    assert result.returncode == 2
    assert "cdsbot db upgrade" in result.stderr


def _created(what: str, path: Path, origin: str, setting: str) -> str:
    return (
        f"cdsbot: đã tạo {what} mới tại {path} ({origin}, tính từ thư mục hiện tại; "
        f"đặt {setting} là đường dẫn tuyệt đối để luôn dùng một chỗ)"
    )


def test_chat_in_a_folder_without_database_says_where_it_created_one(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    env = {"DATABASE_URL": None, "INVITE_PEPPER": "a-long-production-pepper-value"}

    first = cdsbot("chat", "--jsonl", stdin="/start\n", env=env, cwd=fresh)
    again = cdsbot("chat", "--jsonl", stdin="/start\n", env=env, cwd=fresh)

    assert (first.returncode, again.returncode) == (0, 0)
    database = fresh / "data" / "cdsbot.db"
    assert first.stderr.splitlines() == [
        _created("cơ sở dữ liệu", database, "mặc định ./data/cdsbot.db", "DATABASE_URL")
    ]
    assert [list(json.loads(line)) for line in first.stdout.splitlines()] == [["replies"]]
    assert again.stderr == ""
    assert database.is_file()


def test_db_upgrade_names_a_new_database_only_when_its_path_is_relative(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    relative = cdsbot("db", "upgrade", env={"DATABASE_URL": "sqlite+aiosqlite:///db/x.db"})
    absolute = cdsbot("db", "upgrade")  # the fixture's absolute DATABASE_URL

    assert (relative.returncode, absolute.returncode) == (0, 0)
    assert relative.stderr.splitlines() == [
        _created(
            "cơ sở dữ liệu", tmp_path / "db" / "x.db", "DATABASE_URL tương đối", "DATABASE_URL"
        )
    ]
    assert absolute.stderr == ""


def test_kb_add_in_another_folder_says_where_it_created_the_documents_folder(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    doc = tmp_path / "qd.txt"
    doc.write_text("Điều 1. Phạm vi\nQuy định về giờ tiếp công dân.\n", encoding="utf-8")

    first = cdsbot("kb", "add", str(doc), "--doc", "1/2024/QĐ-UBND", cwd=elsewhere)
    second = cdsbot("kb", "add", str(doc), "--doc", "2/2024/QĐ-UBND", cwd=elsewhere)

    assert (first.returncode, second.returncode) == (0, 0), first.stderr
    assert first.stderr.splitlines() == [
        _created("thư mục tài liệu", elsewhere / "data" / "kb", "mặc định ./data/kb", "KB_DIR")
    ]
    assert second.stderr == ""
