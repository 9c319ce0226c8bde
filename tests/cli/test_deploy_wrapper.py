"""`deploy/cdsbot`, the wrapper an operator types CLI commands through on the server: it reads
the service's settings file (here `.env.example` as README «Production» installs it), runs in
the service's folder and uses the service's database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import ROOT

WRAPPER = ROOT / "deploy" / "cdsbot"


def _wrapper(env_file: Path, app_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEB_", "LOG_", "COORD"))
    }
    environ |= {
        "CDSBOT_ENV_FILE": str(env_file),
        "CDSBOT_DIR": str(app_dir),
        "CDSBOT_USER": "root",  # this test's user: no `runuser` to another one
    }
    return subprocess.run(
        ["/bin/sh", str(WRAPPER), *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd="/",
        timeout=120,
        check=False,
    )


def _installed(tmp_path: Path) -> tuple[Path, Path]:
    """A service folder whose `.venv` is this test's, and `.env.example` as its settings file
    with a database of its own."""
    app_dir = tmp_path / "srv"
    app_dir.mkdir()
    (app_dir / ".venv").symlink_to(sys.prefix)
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    database = f"DATABASE_URL=sqlite+aiosqlite:///{tmp_path / 'service.db'}"
    settings = "\n".join(
        database if line.startswith("DATABASE_URL=") else line for line in example.splitlines()
    )
    env_file = tmp_path / "env"
    env_file.write_text(settings + "\nINVITE_PEPPER=wrapper-test-pepper-0123456789\n")
    return env_file, app_dir


def test_wrapper_runs_commands_on_the_services_database(tmp_path: Path) -> None:
    env_file, app_dir = _installed(tmp_path)

    upgraded = _wrapper(env_file, app_dir, "db", "upgrade")
    seeded = _wrapper(env_file, app_dir, "units", "seed")
    again = _wrapper(env_file, app_dir, "units", "seed")
    invite = _wrapper(env_file, app_dir, "invite", "create", "--unit", "21034", "--json")
    listed = _wrapper(env_file, app_dir, "invite", "list", "--json")

    for done in (upgraded, seeded, again, invite, listed):
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert (tmp_path / "service.db").exists()
    assert not (app_dir / "data").exists()  # nothing went to the embedded SQLite database
    assert again.stdout == "đơn vị: đã thêm 0\n"  # idempotent, as the unit's ExecStartPre runs it
    assert [row["unit"] for row in json.loads(listed.stdout)] == ["21034"]


def test_wrapper_without_the_settings_file_is_one_line(tmp_path: Path) -> None:
    done = _wrapper(tmp_path / "missing", tmp_path, "invite", "list")

    assert done.returncode == 2
    assert done.stderr == (
        f"cdsbot: không đọc được {tmp_path / 'missing'} (tệp cấu hình của dịch vụ); "
        "hãy chạy bằng root\n"
    )


def test_the_service_retries_what_may_pass_and_not_a_setting_to_fix() -> None:
    from bot.cli.common import EXIT_TEMPORARY, EXIT_USAGE

    lines = (ROOT / "deploy" / "cdsbot.service").read_text(encoding="utf-8").splitlines()
    service = dict(line.split("=", 1) for line in lines if "=" in line and line[0] != "#")

    assert service["Restart"] == "on-failure"
    prevented = {int(code) for code in service["RestartPreventExitStatus"].split()}
    assert EXIT_USAGE in prevented
    assert EXIT_TEMPORARY not in prevented and 1 not in prevented
