"""Secrets and personal data stay out of the real CLI's output and logs (#10, item 9)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tests.cli.conftest import ROOT, Cdsbot
from tests.fakes.telegram_api import FakeTelegramApi
from tests.ports import free_port

# A Telegram token given as its secret half alone (no "123456:"): no token shape to mask.
SECRET_HALF = "AAHsecretHalfOnly_abcdefghijklmnopqrstuvwxyz01"
PERSONAL = "Nguyễn Thị Bí Mật"


def test_secret_half_token_absent_from_output_when_telegram_rejects_it(cdsbot: Cdsbot) -> None:
    with FakeTelegramApi() as fake:
        result = cdsbot(
            "run",
            "--init",
            env={
                "TELEGRAM_BOT_TOKEN": SECRET_HALF,
                "TELEGRAM_API_BASE": fake.base_url,
                "WEB_PORT": str(free_port()),
            },
        )

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "InvalidToken" in output  # the error is reported, its secret is not
    assert SECRET_HALF not in output
    assert json.dumps(SECRET_HALF)[1:-1] not in output


def test_sql_parameters_absent_from_debug_log(cdsbot: Cdsbot) -> None:
    # The question is not in the plan: it is stored (INSERT with the text as a parameter).
    result = cdsbot(
        "chat",
        "--as",
        "7",
        "--jsonl",
        stdin=f"{PERSONAL} hỏi về giá vé máy bay đi Đà Lạt\n",
        env={"LOG_LEVEL": "DEBUG"},
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert '"level": "DEBUG"' in result.stderr  # DEBUG was on
    assert "Bí Mật" not in result.stderr
    assert json.dumps(PERSONAL)[1:-1] not in result.stderr


def _warnings_at_start(tmp_path: Path, **env: str) -> list[str]:
    """Start `cdsbot run --init`, stop it once serving; the WARNING lines it logged."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEB_", "LOG_", "INVITE_"))
    }
    environ |= {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}",
        "WEB_PORT": str(free_port()),
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--init"],
        cwd=tmp_path,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def _read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            # The CLI runs the lifespan itself, then uvicorn starts serving.
            if "Started server process" in line:
                ready.set()

    reader = threading.Thread(target=_read, daemon=True)
    reader.start()
    try:
        assert ready.wait(timeout=90), "".join(lines)[-2000:]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        reader.join(timeout=10)
    records = [json.loads(line) for line in lines if line.startswith("{")]
    return [r["event"] for r in records if r["level"] == "WARNING"]


def test_missing_pepper_warns_once_when_started_on_sqlite(tmp_path: Path) -> None:
    assert _warnings_at_start(tmp_path) == ["invite.pepper_derived"]


def test_set_pepper_gives_no_warning_when_started_on_sqlite(tmp_path: Path) -> None:
    warnings = _warnings_at_start(tmp_path, INVITE_PEPPER="a-long-production-pepper-value")

    assert warnings == []
