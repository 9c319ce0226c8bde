"""The CLI as an operator meets it: user text made inert, one line for settings problems."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.common import EXIT_TEMPORARY
from storage.db import make_engine, session_scope, upgrade
from storage.knowledge import record_unanswered
from tests.cli.conftest import Cdsbot
from tests.fakes.zalo_api import FakeZaloApi

TITLE = "\x1b]0;pwned\x07"
OSC_LINK = "\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\"
MARKUP = "[link=http://evil]x[/link]"
WIDE = {"FORCE_COLOR": "1", "COLUMNS": "250", "TERM": "xterm-256color"}
UNREACHABLE_PG = "postgresql+asyncpg://postgres:hunter2@127.0.0.1:1/cdsbot"
# A configured pepper keeps its start-up warning out of the one-line checks below.
PEPPER = {"INVITE_PEPPER": "pepper-for-cli-tests-0123456789"}


async def _ask_unanswered(database_url: str, questions: list[str]) -> None:
    engine = make_engine(database_url)
    try:
        async with session_scope(engine) as session:
            for question in questions:
                record_unanswered(
                    session, question=question, channel="web", unit_id=None, now=datetime.now(UTC)
                )
    finally:
        await engine.dispose()


@pytest.fixture
def stored_attack(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}"
    upgrade(url)
    asyncio.run(_ask_unanswered(url, [f"title {TITLE}", f"osc {OSC_LINK}", f"rich {MARKUP}"]))


@pytest.mark.usefixtures("stored_attack")
def test_kb_unanswered_writes_no_escape_sequence_when_questions_hold_them(
    cdsbot: Cdsbot,
) -> None:
    result = cdsbot("kb", "unanswered", env=WIDE)

    out = result.stdout.encode()
    assert result.returncode == 0, result.stderr
    assert (b"\x1b]" in out, b"\x07" in out, b"\x1b\\" in out) == (False, False, False)
    assert "\\x1b]0;pwned\\x07" in result.stdout
    assert MARKUP in result.stdout


@pytest.mark.usefixtures("stored_attack")
def test_kb_unanswered_json_keeps_the_stored_text(cdsbot: Cdsbot) -> None:
    result = cdsbot("kb", "unanswered", "--json", env=WIDE)

    questions = {row["question"] for row in json.loads(result.stdout)}
    assert f"title {TITLE}" in questions


def test_interactive_chat_keeps_log_lines_out_of_the_conversation(cdsbot: Cdsbot) -> None:
    result = cdsbot("chat", stdin="/start\n/help\n", env={"LOG_LEVEL": "INFO"})

    assert result.returncode == 0, result.stderr
    assert '"level": "INFO"' not in result.stdout + result.stderr


@pytest.mark.parametrize("command", [("run",), ("db", "upgrade"), ("units", "list")])
def test_unreachable_postgresql_gives_one_line_when_a_command_needs_it(
    cdsbot: Cdsbot, command: tuple[str, ...]
) -> None:
    result = cdsbot(*command, env={"DATABASE_URL": UNREACHABLE_PG})

    # Not reachable now: a later try may work (systemd restarts on 75, not on 2).
    assert result.returncode == EXIT_TEMPORARY
    assert result.stderr.splitlines() == [
        "cdsbot: không kết nối được PostgreSQL tại 127.0.0.1:1 (DATABASE_URL): "
        "máy chủ không nhận kết nối (chưa chạy, hoặc sai cổng)"
    ]
    assert "hunter2" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", [("run", "--init"), ("db", "upgrade"), ("chat", "--jsonl")])
def test_unusable_sqlite_folder_gives_one_line_when_a_command_needs_it(
    cdsbot: Cdsbot, tmp_path: Path, command: tuple[str, ...]
) -> None:
    (tmp_path / "not-a-folder").write_text("")
    database = tmp_path / "not-a-folder" / "data" / "cdsbot.db"

    result = cdsbot(*command, env={"DATABASE_URL": f"sqlite+aiosqlite:///{database}"})

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cdsbot: không mở được cơ sở dữ liệu SQLite {database} (DATABASE_URL): "
        "không tạo được thư mục chứa tệp (một phần đường dẫn không phải thư mục)"
    ]


def test_refused_zalo_token_gives_one_line_when_run_starts(cdsbot: Cdsbot) -> None:
    wrong = "1234567890:WrongTokenWrongTokenWrongToken12345"
    with FakeZaloApi() as fake:
        result = cdsbot(
            "run",
            "--init",
            env={"ZALO_BOT_TOKEN": wrong, "ZALO_API_BASE": fake.base_url, **PEPPER},
        )

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cdsbot: Zalo không chấp nhận ZALO_BOT_TOKEN (lỗi 401); hãy kiểm tra lại token của bot"
    ]
    assert wrong not in result.stdout + result.stderr


def test_unreachable_zalo_api_gives_one_line_when_run_starts(cdsbot: Cdsbot) -> None:
    token = "1234567890:SomeTokenSomeTokenSomeTokenSome12345"

    result = cdsbot(
        "run",
        "--init",
        env={"ZALO_BOT_TOKEN": token, "ZALO_API_BASE": "http://127.0.0.1:1", **PEPPER},
    )

    # Not reachable now: a later try may work (systemd restarts on 75, not on 2).
    assert result.returncode == EXIT_TEMPORARY
    assert result.stderr.splitlines() == [
        "cdsbot: không gọi được Zalo API tại 127.0.0.1:1 (ZALO_API_BASE): không kết nối được"
    ]


def test_unreachable_telegram_api_gives_one_line_when_run_starts(cdsbot: Cdsbot) -> None:
    token = "123456789:AAHsuperSecretTokenValue_abcdefghijk"

    result = cdsbot(
        "run",
        "--init",
        env={"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE": "http://127.0.0.1:1"},
    )

    # Not reachable now: a later try may work (systemd restarts on 75, not on 2).
    assert result.returncode == EXIT_TEMPORARY
    assert result.stderr.splitlines()[-1] == (
        "cdsbot: không gọi được Telegram Bot API tại 127.0.0.1:1 (TELEGRAM_API_BASE): "
        "không kết nối được"
    )
    assert token not in result.stdout + result.stderr
