"""Log lines are JSON and never carry a bot token."""

from __future__ import annotations

import json
import logging

from bot.logging import JsonFormatter, redact

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_redact_masks_token_inside_url() -> None:
    text = f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed"

    assert redact(text) == "POST https://api.telegram.org/bot<token>/sendMessage failed"


def test_formatter_masks_token_in_message_and_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": "t", "levelname": "ERROR", "msg": f"boom {TOKEN}", "url": f"/bot{TOKEN}/getMe"}
    )

    line = JsonFormatter().format(record)

    assert TOKEN not in line
    assert json.loads(line)["event"] == "boom <token>"


def test_formatter_masks_invite_code_in_message_and_extra_fields() -> None:
    record = logging.makeLogRecord(
        {
            "name": "t",
            "levelname": "INFO",
            "msg": "got cds 7k2qf 9xm4d",
            "text": "CDS-7K2QF-9XM4D.",
        }
    )

    line = JsonFormatter().format(record)

    assert "7K2QF" not in line.upper()
    assert json.loads(line)["text"] == "CDS-*****-*****."
