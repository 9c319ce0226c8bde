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
