"""A free TCP port on 127.0.0.1 for a server a test starts (`cdsbot run`, uvicorn).

Tests run in parallel (pytest-xdist): a server left on the default WEB_PORT (8080) by one test
would make another's start fail with «cổng … đang được một chương trình khác dùng».
"""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing listens on now (the kernel's pick)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
