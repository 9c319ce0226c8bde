"""What `cdsbot run` tells the operator at start: the port it holds and what is on."""

from __future__ import annotations

import errno
import socket

from bot.config import Settings


class PortBusy(Exception):
    """`WEB_PORT` cannot be bound (in use, or not allowed)."""


def bind_web_socket(host: str, port: int) -> socket.socket:
    """Bind the web port before anything starts, so a busy port stops nothing half-started."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise PortBusy(f"WEB_HOST={host} không phân giải được ({error.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            reason = (
                f"cổng WEB_PORT={port} trên {host} đang được một chương trình khác dùng; "
                "hãy dừng chương trình đó hoặc đặt WEB_PORT khác"
            )
        else:
            reason = f"không mở được cổng WEB_PORT={port} trên {host} ({error.strerror})"
        raise PortBusy(reason) from None
    sock.set_inheritable(True)
    return sock


def _base_url(settings: Settings) -> str:
    # A wildcard address is not one a browser can open; the loopback name is.
    host = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(settings.web_host, settings.web_host)  # noqa: S104
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{settings.web_port}"


# How a channel receives updates, as the start-up summary says it.
_MODES = {"polling": "chế độ polling", "webhook": "chế độ webhook"}


def startup_lines(settings: Settings, *, channels: list[str], workers: int = 1) -> list[str]:
    """The operator's summary: channels on, whether reminders run, the chat and /admin URLs."""
    base = _base_url(settings)
    names = {"telegram": "Telegram", "zalo": "Zalo"}
    modes = {"telegram": settings.telegram_mode, "zalo": settings.zalo_mode}
    on = ["trò chuyện web"]
    on += [f"{names.get(name, name)} ({_MODES[modes[name]]})" for name in channels]
    off = [label for name, label in names.items() if name not in channels]
    running = "Trợ lý CĐS đang chạy" + (f" ({workers} tiến trình phục vụ)" if workers > 1 else "")
    lines = [
        f"{running}. Trò chuyện web: {base}/",
        f"Trang quản trị: {base}/admin",
        "Kênh đang bật: " + ", ".join(on) + ".",
    ]
    if off:
        lines.append(
            "Kênh đang tắt: "
            + ", ".join(off)
            + " (chưa đặt "
            + ", ".join(f"{label.upper()}_BOT_TOKEN" for label in off)
            + ")."
        )
    every = settings.reminder_tick_seconds
    if channels:
        sent = ", ".join(names.get(name, name) for name in channels)
        lines.append(f"Nhắc việc: đang chạy (kiểm tra mỗi {every} giây), gửi qua {sent}.")
    else:
        lines.append(
            f"Nhắc việc: đang chạy (kiểm tra mỗi {every} giây) nhưng không có kênh "
            "Telegram/Zalo để gửi; tin nhắc cho cán bộ dùng trò chuyện web chờ đến khi họ mở "
            "trò chuyện web, cán bộ chỉ dùng kênh đang tắt được ghi là «không liên lạc được» "
            "(quản trị viên xem bằng /tiendo)."
        )
    if workers > 1:
        lines.append(
            "Mỗi lúc chỉ một tiến trình (được chọn bằng khóa của PostgreSQL) lập và gửi nhắc "
            "việc; tiến trình đó dừng thì tiến trình khác nhận thay."
        )
    return lines
