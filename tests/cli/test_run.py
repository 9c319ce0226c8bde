"""`cdsbot run` in a subprocess: a busy port is one line, a start says what is on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from tests.cli.conftest import ROOT, Cdsbot


def _busy_port() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def test_run_prints_one_line_and_exits_2_when_port_busy(cdsbot: Cdsbot) -> None:
    with _busy_port() as busy:
        port = busy.getsockname()[1]

        result = cdsbot("run", "--init", env={"WEB_PORT": str(port)})

    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert f"WEB_PORT={port}" in line
    assert "Traceback" not in result.stderr


def test_run_start_lines_name_channels_reminders_and_admin_when_no_token(
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEB_", "LOG_"))
    }
    environ |= {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}",
        "WEB_PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--init"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
        env=environ,
    )
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Nhắc việc"):
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=90)
    process.terminate()
    process.wait(timeout=30)

    base = f"http://127.0.0.1:{port}"
    assert lines[:3] == [
        f"Trợ lý CĐS đang chạy. Web chat: {base}/",
        f"Trang quản trị: {base}/admin",
        "Kênh đang bật: web chat.",
    ]
    assert lines[3].startswith("Kênh đang tắt: Telegram, Zalo")
    assert lines[4].startswith("Nhắc việc: đang chạy")
