"""One Vietnamese line for the failures an operator fixes in the settings, not in the code.

An unreachable PostgreSQL, a SQLite folder that cannot be written and a Zalo token the
platform refuses (or an API that cannot be reached) all surface as deep library exceptions.
The CLI turns them into one line that names the setting, never its secret part.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from telegram.error import BadRequest, InvalidToken, NetworkError

from bot.channels.telegram import WebhookRefused
from bot.channels.zalo_client import ZaloAuthError, ZaloError, ZaloTransient
from bot.cli.show import clean
from bot.config import Settings

# A network error under these is about another service, not the database.
_OTHER_CLIENTS = frozenset({"httpx", "httpcore", "telegram", "h11"})


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, its causes and contexts, and the members of exception groups."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen or type(current).__module__.split(".")[0] in _OTHER_CLIENTS:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


@dataclass(frozen=True, slots=True)
class Failure:
    """The line to print and whether the failure may pass by itself (a service that cannot
    be reached now: trying again later may work) or needs a setting fixed."""

    line: str
    temporary: bool


def explain(error: BaseException, settings: Settings) -> str | None:
    """The line to print for `error`, or None when it is not a settings problem."""
    found = failure(error, settings)
    return None if found is None else found.line


def failure(error: BaseException, settings: Settings) -> Failure | None:
    """`error` as a `Failure`, or None when it is not a settings problem."""
    for found in _chain(error):
        if isinstance(found, ZaloError):
            return Failure(_zalo(found, settings), isinstance(found, ZaloTransient))
    for found in _chain(error):
        if isinstance(found, WebhookRefused):
            return Failure(_webhook_refused(str(found)), temporary=False)
    if isinstance(error, InvalidToken):
        return Failure(
            "Telegram không chấp nhận TELEGRAM_BOT_TOKEN; hãy kiểm tra lại token của bot",
            temporary=False,
        )
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        host = urlsplit(settings.telegram_api_base).netloc or settings.telegram_api_base
        return Failure(
            f"không gọi được Telegram Bot API tại {clean(host, one_line=True)} "
            "(TELEGRAM_API_BASE): không kết nối được",
            temporary=True,
        )
    for found in _chain(error):
        reason = _database_reason(found, settings)
        if reason is not None:
            return Failure(_database_place(settings) + reason[0], temporary=reason[1])
    return None


# Telegram's setWebhook refusals (its descriptions, lower-cased) and the setting each is about.
_WEBHOOK_REFUSALS = (
    ("https url must be provided", "TELEGRAM_WEBHOOK_URL phải bắt đầu bằng https://"),
    ("ports", "TELEGRAM_WEBHOOK_URL phải dùng cổng 443, 80, 88 hoặc 8443"),
    ("resolve host", "tên máy trong TELEGRAM_WEBHOOK_URL không phân giải được"),
    ("ip address", "TELEGRAM_WEBHOOK_URL trỏ tới một địa chỉ IP nội bộ"),
    ("secret token", "TELEGRAM_WEBHOOK_SECRET chỉ được dùng A–Z a–z 0–9 _ - (1–256 ký tự)"),
)


def _webhook_refused(description: str) -> str:
    lowered = description.lower()
    for needle, reason in _WEBHOOK_REFUSALS:
        if needle in lowered:
            return f"Telegram không nhận đăng ký webhook: {reason}"
    return (
        "Telegram không nhận đăng ký webhook (Telegram trả lời: "
        f"«{clean(description, one_line=True)}»); hãy kiểm tra TELEGRAM_WEBHOOK_URL "
        "và TELEGRAM_WEBHOOK_SECRET"
    )


def _zalo(error: ZaloError, settings: Settings) -> str:
    if isinstance(error, ZaloAuthError):
        return (
            f"Zalo không chấp nhận ZALO_BOT_TOKEN (lỗi {error.error_code}); "
            "hãy kiểm tra lại token của bot"
        )
    host = urlsplit(settings.zalo_api_base).netloc or settings.zalo_api_base
    if isinstance(error, ZaloTransient):
        if error.error_code is not None:
            reason = f"máy chủ báo lỗi {error.error_code}"
        elif error.description == "timed out":
            reason = "hết thời gian chờ"
        else:
            reason = "không kết nối được"
        return (
            f"không gọi được Zalo API tại {clean(host, one_line=True)} (ZALO_API_BASE): {reason}"
        )
    code = f" {error.error_code}" if error.error_code is not None else ""
    return (
        f"Zalo API trả lỗi{code} cho {error.method}: {clean(error.description, one_line=True)} "
        "(kiểm tra ZALO_BOT_TOKEN và ZALO_API_BASE)"
    )


def _database_place(settings: Settings) -> str:
    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        return "DATABASE_URL không hợp lệ: "
    if url.get_backend_name() == "sqlite":
        path = clean(url.database, one_line=True)
        return f"không mở được cơ sở dữ liệu SQLite {path} (DATABASE_URL): "
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return f"không kết nối được PostgreSQL tại {clean(where, one_line=True)} (DATABASE_URL): "


def _database_reason(error: BaseException, settings: Settings) -> tuple[str, bool] | None:
    """Why the database cannot be used, when `error` says so, and whether that may pass by
    itself (a PostgreSQL server not answering now) rather than need a setting fixed."""
    sqlite = settings.database_url.startswith("sqlite")
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return "cơ sở dữ liệu này chưa được tạo", False
    if isinstance(
        error, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError
    ):
        return "sai tên đăng nhập hoặc mật khẩu", False
    if isinstance(error, asyncpg.PostgresConnectionError | asyncpg.CannotConnectNowError):
        return "máy chủ chưa sẵn sàng nhận kết nối", not sqlite
    if isinstance(error, socket.gaierror):
        return "không tìm thấy máy chủ", not sqlite
    if isinstance(error, ConnectionRefusedError):
        return "máy chủ không nhận kết nối (chưa chạy, hoặc sai cổng)", not sqlite
    if isinstance(error, TimeoutError | ConnectionError) and not sqlite:
        return "hết thời gian chờ hoặc mất kết nối", True
    if sqlite and isinstance(error, OSError) and _under_database(error, settings):
        if isinstance(error, PermissionError):
            return "không có quyền ghi vào thư mục chứa tệp", False
        return "không tạo được thư mục chứa tệp (một phần đường dẫn không phải thư mục)", False
    if sqlite and isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError):
        text = str(error)
        if "readonly" in text:
            return "tệp hoặc thư mục chỉ cho đọc, không cho ghi", False
        if "unable to open" in text:
            return "không mở hoặc tạo được tệp (thư mục không ghi được?)", False
        if "not a database" in text:
            return "tệp này không phải cơ sở dữ liệu SQLite", False
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return "mất kết nối", not sqlite
    return None


def _under_database(error: OSError, settings: Settings) -> bool:
    """Whether an OS error is about the SQLite file or one of its folders."""
    if not error.filename:
        return False
    database = make_url(settings.database_url).database or ""
    failed = Path(str(error.filename))
    return failed == Path(database) or failed in Path(database).parents
