"""JSON logging, configured once, with bot tokens and invite codes masked."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from handlers import invite_codes

# Telegram and Zalo bot tokens: "<digits>:<35+ url-safe characters>".
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def redact(text: str) -> str:
    """Mask anything shaped like a bot token or an invite code."""
    return invite_codes.mask(_TOKEN.sub("<token>", text))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event and extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return redact(json.dumps(payload, ensure_ascii=False, default=str))


def configure(level: str = "INFO") -> None:
    """Send JSON lines to stderr; keep libraries that log URLs with tokens quiet."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    for noisy in (
        "httpx",
        "httpcore",
        "telegram",
        "apscheduler",
        "uvicorn.access",
        "alembic",
        "bm25s",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
