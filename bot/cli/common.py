"""What every command shares: settings built once, and async helpers."""

from __future__ import annotations

import asyncio
import errno
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer
from pydantic import ValidationError

from bot import logging as bot_logging
from bot.cli import operator_log
from bot.cli.show import clean, echo
from bot.config import Settings, describe_error

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from storage.db import SchemaOutOfDate

T = TypeVar("T")
EXIT_USAGE = 2
# A service that cannot be reached now (sysexits' EX_TEMPFAIL): trying again later may work,
# where exit 2 needs a setting fixed first (deploy/cdsbot.service restarts on 75, not on 2).
EXIT_TEMPORARY = 75


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the exit to raise.

    Every such line has one form: after «cdsbot: » it starts in lower case (unless with a
    name such as Telegram, or an option, a setting, a code or a file as typed), its parts are
    joined by «; », and it ends without a full stop. Sentences written for the chat or the
    console go through `clauses` first."""
    echo(f"cdsbot: {bot_logging.redact(message)}", err=True)
    return typer.Exit(code)


# Names written with a capital wherever they stand in a sentence.
_NAMES = ("Kế hoạch ", "Trợ lý CĐS", "Telegram", "Zalo")


def _sentences(text: str) -> list[str]:
    """`text` cut after each full stop that ends a sentence (one followed by a space and a
    capital or «), outside «…», where a title may hold one."""
    found: list[str] = []
    start = depth = 0
    for at, char in enumerate(text):
        depth += {"«": 1, "»": -1}.get(char, 0)
        after = text[at + 1 : at + 3]
        if (
            char == "."
            and not depth
            and after[:1] == " "
            and (after[1:].isupper() or after == " «")
        ):
            found.append(text[start : at + 1])
            start = at + 2
    return [*found, text[start:]]


def _clause(sentence: str) -> str:
    """One sentence as a clause: no full stop, its first word in lower case unless a name."""
    text = sentence.strip().removesuffix(".")
    first = text.split(" ", 1)[0]
    if text[:1].isupper() and not first.isupper() and not text.startswith(_NAMES):
        text = text[:1].lower() + text[1:]
    return text


def clauses(sentences: Iterable[str]) -> str:
    """Sentences written for the chat or the console («Tên việc không được để trống.») as the
    parts of one `fail` line: «tên việc không được để trống; …»."""
    return "; ".join(_clause(part) for text in sentences for part in _sentences(text))


def readable_file(path: Path) -> Path:
    """`path` when it is a file the program can read; otherwise one line and exit 2."""
    shown = clean(path, one_line=True)
    if path.is_dir():
        raise fail(f"{shown} là một thư mục, cần một tệp")
    if not path.exists():
        raise fail(f"không có tệp {shown}")
    if not os.access(path, os.R_OK):
        raise fail(f"không có quyền đọc tệp {shown}")
    return path


# Why a file could not be written, in the operator's words (the OS says it in English).
_WRITE_PROBLEMS = {
    errno.ENOENT: "thư mục {folder} không tồn tại",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.EISDIR: "đây là một thư mục, cần một tên tệp",
    errno.EACCES: "không có quyền ghi vào thư mục {folder}",
    errno.EPERM: "không có quyền ghi vào thư mục {folder}",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã hết chỗ trống",
    errno.EDQUOT: "đã hết hạn mức dung lượng đĩa",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EEXIST: "đã có một tệp cùng tên ở chỗ cần một thư mục",
}


# ENOENT in a folder that is there: a file system that holds no files, such as /proc.
_NO_FILES_HERE = (
    "hệ điều hành không cho tạo tệp mới trong thư mục {folder} (các thư mục đặc biệt của "
    "hệ thống như /proc không lưu tệp); hãy chọn thư mục khác"
)


def write_problem(error: OSError, folder: Path) -> str:
    """Why something could not be written in `folder`, in the operator's words."""
    reason = _WRITE_PROBLEMS.get(error.errno or 0)
    if error.errno == errno.ENOENT and folder.is_dir():
        reason = _NO_FILES_HERE
    if reason is None:
        reason = f"lỗi hệ điều hành số {error.errno}" if error.errno else "lỗi hệ điều hành"
    return reason.format(folder=clean(folder.resolve(), one_line=True))


def cannot_write(path: Path, error: OSError) -> typer.Exit:
    """One Vietnamese line saying why `path` could not be written; exit 1."""
    shown = clean(path, one_line=True)
    return fail(f"không ghi được tệp {shown}: {write_problem(error, path.parent)}", code=1)


def writable_target(path: Path) -> Path:
    """`path` unless it names a folder (checked before any work); otherwise one line, exit 1."""
    if path.is_dir():
        raise cannot_write(path, IsADirectoryError(errno.EISDIR, "is a directory"))
    return path


# The files `cdsbot export` and `cdsbot report` write, as the operator knows them.
_FORMAT_NAMES = {"xlsx": ".xlsx (Excel)", "csv": ".csv", "docx": ".docx (Word)"}


def output_format(out: Path, formats: Sequence[str], *, given: str | None = None) -> str:
    """The format to write `out` in: `given` (`--format`), else the one its extension names,
    else the first of `formats`. An extension that names another format, or none of
    `formats`, ends the command in one line (exit 2): the file would not open as named."""
    if given is not None and given not in formats:
        raise fail(f"--format phải là {' hoặc '.join(formats)}")
    suffix = out.suffix.lower().lstrip(".")
    name = clean(out.name, one_line=True)
    if suffix and suffix not in formats:
        allowed = " hoặc ".join(_FORMAT_NAMES.get(f, f".{f}") for f in formats)
        raise fail(
            f"tệp {name} có đuôi .{clean(suffix, one_line=True)}, nhưng lệnh này chỉ ghi tệp "
            f"{allowed}; hãy đổi đuôi tệp"
        )
    if given is not None and suffix and given != suffix:
        raise fail(
            f"--format {given} không khớp với đuôi .{suffix} của tệp {name}; "
            "hãy đổi đuôi tệp hoặc bỏ --format"
        )
    return given or suffix or formats[0]


def load_settings() -> Settings:
    """Settings from the environment and .env; a bad value ends the program with exit 2."""
    try:
        settings = Settings()
    except ValidationError as error:
        raise fail(describe_error(error)) from None
    operator_log.configure(settings)
    return settings


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the root callback built."""
    settings = ctx.find_root().obj
    if not isinstance(settings, Settings):
        settings = load_settings()
        ctx.find_root().obj = settings
    return settings


def run(coro: Callable[[], Awaitable[T]]) -> T:
    """Run an async function to completion."""

    async def _main() -> T:
        return await coro()

    return asyncio.run(_main())


# Only after the place is checked: a new database where the command happened to run is the
# mistake this message is there to prevent.
_CREATE = "chỉ khi cần một cơ sở dữ liệu mới ở đúng chỗ này mới chạy `cdsbot db upgrade`"


def require_database(settings: Settings) -> None:
    """Stop, in one line, when the SQLite file is not there: opening it would create an empty
    database (and its folder), e.g. under a `./data/` of whatever folder the command ran in.
    Only `cdsbot db upgrade` and `cdsbot run --init` create one."""
    from storage.db import DatabaseMissing, ensure_database_exists

    try:
        ensure_database_exists(settings.database_url)
    except DatabaseMissing as missing:
        where = clean(missing.path, one_line=True)
        if "database_url" in settings.model_fields_set:
            raise fail(
                f"chưa có cơ sở dữ liệu tại {where} (DATABASE_URL); hãy kiểm tra DATABASE_URL, "
                f"hoặc chạy lệnh trong thư mục của Trợ lý CĐS; {_CREATE}"
            ) from None
        raise fail(
            f"chưa có cơ sở dữ liệu tại {where} (mặc định ./data/cdsbot.db, tính từ thư mục "
            "hiện tại); hãy chạy lệnh trong thư mục của Trợ lý CĐS hoặc đặt DATABASE_URL; "
            + _CREATE
        ) from None


def new_database_here(settings: Settings) -> Path | None:
    """The SQLite file a creating command (`chat`, `db upgrade`, `run --init`) is about to
    create, when its place depends on the current folder (a relative path, as the default
    ./data/cdsbot.db); None when it exists, is given as an absolute path, or is PostgreSQL."""
    from storage.db import sqlite_file

    path = sqlite_file(settings.database_url)
    if path is None or path.exists() or settings.database_url.split("///", 1)[-1][:1] == "/":
        return None
    return path


def say_created(what: str, path: Path, *, setting: str, default: str, given: bool) -> None:
    """One line on stderr naming where a folder or file of the current folder was created."""
    where = clean(path, one_line=True)
    origin = f"{setting} tương đối" if given else f"mặc định {default}"
    echo(
        f"cdsbot: đã tạo {what} mới tại {where} ({origin}, tính từ thư mục hiện tại; "
        f"đặt {setting} là đường dẫn tuyệt đối để luôn dùng một chỗ)",
        err=True,
    )


def say_database_created(settings: Settings, path: Path) -> None:
    """`say_created` for the SQLite database."""
    say_created(
        "cơ sở dữ liệu",
        path,
        setting="DATABASE_URL",
        default="./data/cdsbot.db",
        given="database_url" in settings.model_fields_set,
    )


def schema_problem(error: SchemaOutOfDate) -> str:
    """Why the database's schema is not the code's, and what to do, in one line."""
    from storage.db import UPGRADE_COMMAND, SchemaNewer

    if isinstance(error, SchemaNewer):
        return (
            f"cơ sở dữ liệu đã được một phiên bản mới hơn của Trợ lý CĐS nâng cấp (phiên bản "
            f"{clean(error.current or '', one_line=True)}, mã nguồn này chỉ biết đến "
            f"{error.head}); hãy cài lại phiên bản mã nguồn đó, hoặc khôi phục bản sao lưu "
            "đã lấy trước khi nâng cấp"
        )
    return f"cơ sở dữ liệu chưa được nâng cấp lên phiên bản mới; hãy chạy `{UPGRADE_COMMAND}`"


@asynccontextmanager
async def db_session(settings: Settings) -> AsyncIterator[AsyncSession]:
    """One transaction on a database that exists and whose schema is up to date (or a
    one-line error)."""
    # Imported here, as in every command: `cdsbot --help` and the commands that never open
    # the database do not load SQLAlchemy and the tables.
    from storage.db import (
        SchemaOutOfDate,
        ensure_schema_current,
        make_engine,
        session_scope,
    )

    require_database(settings)
    engine = make_engine(settings.database_url)
    try:
        try:
            await ensure_schema_current(engine)
        except SchemaOutOfDate as error:
            raise fail(schema_problem(error)) from None
        async with session_scope(engine) as session:
            yield session
    finally:
        await engine.dispose()
