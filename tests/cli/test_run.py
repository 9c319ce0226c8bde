"""`cdsbot run` in a subprocess: a busy port is one line, a start says what is on, and
SIGINT (Ctrl-C) or SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

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


class Running:
    """`cdsbot run --init` in a subprocess, read until its start lines are printed."""

    def __init__(self, tmp_path: Path, *, log_level: str = "WARNING") -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEB_", "LOG_"))
        }
        environ |= {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}",
            "WEB_PORT": str(self.port),
            "LOG_LEVEL": log_level,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--init"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=environ,
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.ready = threading.Event()
        self.readers = [
            threading.Thread(target=self._read_out, daemon=True),
            threading.Thread(target=self._read_err, daemon=True),
        ]
        for reader in self.readers:
            reader.start()
        self.ready.wait(timeout=90)

    def _read_out(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("Nhắc việc"):
                self.ready.set()
        self.ready.set()

    def _read_err(self) -> None:
        assert self.process.stderr is not None
        self.errors.extend(line.rstrip("\n") for line in self.process.stderr)

    def stop(self, number: int = signal.SIGTERM) -> int:
        """Send the signal; the exit code once the process and its output have ended."""
        self.process.send_signal(number)
        code = self.process.wait(timeout=60)
        for reader in self.readers:
            reader.join(timeout=10)
        return code


def test_run_start_lines_name_channels_reminders_and_admin_when_no_token(
    tmp_path: Path,
) -> None:
    running = Running(tmp_path)
    lines = list(running.lines)
    running.stop()

    base = f"http://127.0.0.1:{running.port}"
    assert lines[:3] == [
        f"Trợ lý CĐS đang chạy. Trò chuyện web: {base}/",
        f"Trang quản trị: {base}/admin",
        "Kênh đang bật: trò chuyện web.",
    ]
    assert lines[3].startswith("Kênh đang tắt: Telegram, Zalo")
    assert lines[4].startswith("Nhắc việc: đang chạy")


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_run_stops_cleanly_on_a_signal_after_serving_a_chat(
    tmp_path: Path, number: signal.Signals
) -> None:
    # As `make run`: SQLite, and the log at INFO, so any ERROR or traceback would show.
    running = Running(tmp_path, log_level="INFO")
    reply = httpx.post(
        f"http://127.0.0.1:{running.port}/api/chat",
        json={"session": "phien-thu-tin-hieu-01", "text": "/baocao"},
        timeout=30,
        trust_env=False,
    )

    code = running.stop(number)

    assert reply.status_code == 200
    assert code == 0
    assert running.lines[-1] == "Trợ lý CĐS đã dừng."
    assert [line for line in running.errors if "Traceback" in line or '"ERROR"' in line] == []
    assert any('"event": "scheduler.stopped"' in line for line in running.errors)


def test_run_log_names_the_setting_for_a_refused_host_and_carries_no_colour_codes(
    tmp_path: Path,
) -> None:
    # Behind nginx (`proxy_set_header Host $host`) every request names the site.
    running = Running(tmp_path, log_level="INFO")
    refused = httpx.get(
        f"http://127.0.0.1:{running.port}/admin/login",
        headers={"Host": "cds.example.gov.vn"},
        timeout=30,
        trust_env=False,
    )
    running.stop()

    records = [json.loads(line) for line in running.errors if line.startswith("{")]
    [host_refused] = [r for r in records if r["event"] == "http.host_refused"]
    assert refused.status_code == 400
    assert refused.text == "Tên máy chủ không được phép (Host)."
    assert host_refused["host"] == "cds.example.gov.vn"
    assert host_refused["path"] == "/admin/login"
    assert "WEB_ALLOWED_HOSTS" in host_refused["advice"]
    assert any(r["logger"].startswith("uvicorn") for r in records)  # uvicorn's lines are there
    assert all("color_message" not in r for r in records)
    assert not any("\x1b" in line or "\\u001b" in line for line in running.errors)
