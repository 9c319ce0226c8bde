"""The command line as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings, describe_error
from handlers import texts
from tests.cli.conftest import Cdsbot
from tests.helptext import HELP_TEXT


def test_jsonl_chat_prints_one_line_per_message(cdsbot: Cdsbot) -> None:
    result = cdsbot("chat", "--as", "1", "--jsonl", stdin="/start\n/help\n")

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert [line["replies"][0]["text"] for line in lines] == [texts.GREETING, HELP_TEXT]
    assert lines[0]["replies"][0]["choices"][0] == {"key": "menu:ask", "label": texts.CHOICE_ASK}


def test_jsonl_line_equal_to_offered_key_presses_it(cdsbot: Cdsbot) -> None:
    result = cdsbot("chat", "--as", "1", "--jsonl", stdin="/start\nmenu:help\n")

    last = json.loads(result.stdout.splitlines()[-1])
    assert last["replies"][0]["text"] == HELP_TEXT


def test_conversation_state_survives_process_restart(cdsbot: Cdsbot) -> None:
    cdsbot("chat", "--as", "7", "--jsonl", stdin="/start\n")

    result = cdsbot("chat", "--as", "7", "--jsonl", stdin="2\n")

    assert json.loads(result.stdout)["replies"][0]["text"] == HELP_TEXT


def test_bad_setting_prints_one_line_and_exits_2(cdsbot: Cdsbot) -> None:
    result = cdsbot("units", "list", env={"TELEGRAM_MODE": "carrier-pigeon"})

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "cdsbot: cấu hình TELEGRAM_MODE không hợp lệ: phải là polling hoặc webhook"
    ]


@pytest.mark.parametrize(
    ("values", "line"),
    [
        ({"web_port": "tám"}, "cấu hình WEB_PORT không hợp lệ: phải là một số nguyên"),
        ({"web_port": "0"}, "cấu hình WEB_PORT không hợp lệ: phải lớn hơn hoặc bằng 1"),
        ({"telegram_rate": "nhanh"}, "cấu hình TELEGRAM_RATE không hợp lệ: phải là một số"),
        ({"skip_weekends": "có"}, "cấu hình SKIP_WEEKENDS không hợp lệ: phải là true hoặc false"),
        (
            {"log_level": "ồn"},
            "cấu hình LOG_LEVEL không hợp lệ: phải là DEBUG, INFO, WARNING hoặc ERROR",
        ),
        (
            {"quiet_hours": "tối"},
            "cấu hình QUIET_HOURS không hợp lệ: phải có dạng 20:00-07:00 (hoặc để trống)",
        ),
        (
            {"coordinating_office": "Sở"},
            "cấu hình COORDINATING_OFFICE không hợp lệ: phải có ít nhất 3 ký tự",
        ),
        (
            {"zalo_bot_token": "123:abc", "zalo_mode": "webhook"},
            "cấu hình không hợp lệ: cần đặt ZALO_WEBHOOK_URL khi ZALO_MODE=webhook",
        ),
    ],
)
def test_bad_setting_is_described_in_vietnamese(values: dict[str, str], line: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, **values)  # type: ignore[arg-type]

    assert describe_error(caught.value) == line


def test_bad_setting_message_never_shows_secret(cdsbot: Cdsbot) -> None:
    secret = "123456789:AAHsuperSecretTokenValue_abcdefghijk"
    result = cdsbot(
        "units", "list", env={"TELEGRAM_BOT_TOKEN": secret, "TELEGRAM_MODE": "webhook"}
    )

    assert result.returncode == 2
    assert secret not in result.stderr + result.stdout
    assert "TELEGRAM_WEBHOOK_URL" in result.stderr


def test_units_seed_then_list_json_has_all_units(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    first = cdsbot("units", "seed")
    again = cdsbot("units", "seed")
    listed = json.loads(cdsbot("units", "list", "--json").stdout)

    assert (first.stdout.strip(), again.stdout.strip()) == (
        "đơn vị: đã thêm 103",
        "đơn vị: đã thêm 0",
    )
    assert sum(unit["kind"] != "department" for unit in listed) == 96


def test_out_of_date_schema_names_upgrade_command(cdsbot: Cdsbot, tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()

    result = cdsbot("run", env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"})

    assert result.returncode == 2
    assert "cdsbot db upgrade" in result.stderr
