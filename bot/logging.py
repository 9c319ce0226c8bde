"""JSON logging, configured once, with bot tokens and invite codes masked."""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from handlers import invite_codes

# Telegram and Zalo bot tokens: "<digits>:<35+ url-safe characters>".
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
# uvicorn's `color_message` repeats the message with ANSI colour escapes: not for a journal.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
# Configured secret values (tokens, webhook secrets, INVITE_PEPPER, the database
# password) are masked too, whatever their shape: a token given as its secret half
# alone looks like no token. Shorter values are left alone: masking them would blank ordinary
# words and give the value away. Longest first, so a value holding another is masked whole.
MIN_SECRET_LENGTH = 4
SECRET_MASK = "<secret>"  # noqa: S105 (the mask, not a secret)
_secrets: tuple[str, ...] = ()
# Libraries that log SQL with its parameters (names, answers) or request URLs (tokens) at
# INFO or DEBUG: kept at WARNING whatever LOG_LEVEL says.
QUIET_LOGGERS = (
    "httpx",
    "httpcore",
    "telegram",
    "apscheduler",
    "uvicorn.access",
    "alembic",
    "bm25s",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "multipart",
    "python_multipart",
)


def redact(text: str) -> str:
    """Mask the configured secret values and anything shaped like a bot token or invite code."""
    for secret in _secrets:
        text = text.replace(secret, SECRET_MASK)
    return invite_codes.mask(_TOKEN.sub("<token>", text))


def _forms(value: str) -> set[str]:
    """The value as written and as it appears inside a JSON string."""
    return {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}


def set_secrets(values: Iterable[str]) -> None:
    """Mask these values in everything `redact` sees from now on (replacing the previous set)."""
    global _secrets
    forms = {form for value in values if len(value) >= MIN_SECRET_LENGTH for form in _forms(value)}
    _secrets = tuple(sorted(forms, key=len, reverse=True))


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
        # Masked after encoding, so the JSON-escaped form of a secret is caught too.
        return redact(json.dumps(payload, ensure_ascii=False, default=str))


def _excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """Print an uncaught exception's traceback with secrets masked."""
    sys.stderr.write(redact("".join(traceback.format_exception(kind, error, trace))))


def _quiet_libraries(record: logging.LogRecord) -> bool:
    """Whether a record may be shown: below WARNING, none from the `QUIET_LOGGERS`."""
    if record.levelno >= logging.WARNING:
        return True
    return not any(
        record.name == name or record.name.startswith(f"{name}.") for name in QUIET_LOGGERS
    )


def configure(
    level: str = "INFO",
    *,
    secrets: Iterable[str] = (),
    formatter: logging.Formatter | None = None,
) -> None:
    """Send JSON lines (or `formatter`'s) to stderr; mask `secrets`; keep libraries that log
    user data quiet."""
    set_secrets(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(formatter or JsonFormatter())
    # Also on the handler: a library imported after this call (the command line imports most
    # of them lazily) may set its own logger's level, as bm25s sets DEBUG on import.
    handler.setLevel(level)
    handler.addFilter(_quiet_libraries)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    sys.excepthook = _excepthook
