"""What a one-shot command's log records look like on the operator's terminal.

`cdsbot run` is a server: its JSON log lines go to journald. Every other command is run by a
person at a terminal, who reads Vietnamese: it shows warnings and errors only, one Vietnamese
line each, and nothing below WARNING; `LOG_LEVEL=DEBUG` asks for the JSON lines instead, to
diagnose a problem.
"""

from __future__ import annotations

import logging

from bot import logging as bot_logging
from bot.cli.show import clean
from bot.config import Settings

# The events a one-shot command can meet, in the operator's words.
SAID = {
    "invite.pepper_derived": (
        "chưa đặt INVITE_PEPPER: mã mời đang được băm bằng một khóa suy ra từ DATABASE_URL, "
        "chỉ dùng để thử; hãy đặt INVITE_PEPPER (ít nhất 16 ký tự) trước khi tạo mã mời thật"
    ),
    "inbound.failed": "không xử lý được một tin nhắn do lỗi bên trong ({error})",
    "inbound.retry_after_disconnect": (
        "kết nối tới cơ sở dữ liệu bị ngắt; tin nhắn đã được xử lý lại trên kết nối mới"
    ),
    "kb.document_skipped": (
        "bỏ qua tài liệu bổ sung {file} trong KB_DIR: {reason}; trợ lý trả lời không có "
        "tài liệu này (thêm lại bằng «cdsbot kb add», hoặc xóa tệp)"
    ),
}
# The fields of a record a line above may name (besides {error}).
_FIELDS = ("file", "reason")


class OperatorFormatter(logging.Formatter):
    """`cdsbot: cảnh báo: …` or `cdsbot: lỗi: …`, one line, secrets masked."""

    def format(self, record: logging.LogRecord) -> str:
        event = record.getMessage()
        error = record.exc_info[1] if record.exc_info else None
        said = SAID.get(event)
        if said is None:
            said = f"sự kiện «{event}» của {record.name}"
        fields = {name: str(getattr(record, name, "")) for name in _FIELDS}
        said = said.format(error=type(error).__name__ if error else "không rõ", **fields)
        kind = "lỗi" if record.levelno >= logging.ERROR else "cảnh báo"
        return bot_logging.redact(clean(f"cdsbot: {kind}: {said}", one_line=True))


def configure(settings: Settings) -> None:
    """Warnings and errors only, as Vietnamese lines on stderr (JSON lines with DEBUG)."""
    if settings.log_level == "DEBUG":
        bot_logging.configure("DEBUG", secrets=settings.secret_values())
        return
    bot_logging.configure(
        "ERROR" if settings.log_level == "ERROR" else "WARNING",
        secrets=settings.secret_values(),
        formatter=OperatorFormatter(),
    )
