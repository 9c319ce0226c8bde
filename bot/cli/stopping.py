"""How `cdsbot run` stops on SIGINT (Ctrl-C) and SIGTERM (systemd): cleanly, never half-way.

Left to their defaults, uvicorn catches the signal while it serves and raises it again once it
has stopped; asyncio's SIGINT handler then cancels the main task in the middle of the lifespan's
shutdown, and the SQLite pool, cancelled while closing a connection, logs an ERROR with a
traceback before the process exits with 130. Here one handler owns both signals for the whole
run: the first asks the server to stop (or, during start-up, not to start serving), so the
scheduler, the channels and the engine are closed in order; a second one stops waiting for open
connections, or abandons a start-up that hangs (a platform that does not answer).
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import uvicorn

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOPPED_LINE = "Trợ lý CĐS đã dừng."
# `run --workers N` when a worker could not start: uvicorn has stopped them all (exit 1).
WORKER_FAILED_LINE = (
    "một tiến trình phục vụ không khởi động được nên mọi tiến trình đã dừng; "
    "lý do ở các dòng nhật ký phía trên"
)


class SignalServer(uvicorn.Server):
    """A uvicorn server that leaves SIGINT and SIGTERM to `StopSignals`."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn would install its own handlers and raise the signal again after shutdown.
        yield


class StopSignals:
    """Records SIGINT/SIGTERM for `cdsbot run` and asks the server, once there is one, to stop."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._server: uvicorn.Server | None = None
        self._starting: asyncio.Task[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> None:
        """Take SIGINT and SIGTERM from here on (before asyncio or uvicorn install theirs)."""
        for number in STOP_SIGNALS:
            signal.signal(number, self._on_signal)

    def starting(self, task: asyncio.Task[Any] | None) -> None:
        """The task starting the app: a second signal cancels it if start-up hangs."""
        self._starting, self._loop = task, asyncio.get_running_loop()

    def serving(self, server: uvicorn.Server) -> None:
        """The server now serving; a signal received during start-up stops it at once."""
        self._server, self._starting = server, None
        if self.received is not None:
            server.should_exit = True

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        first = self.received is None
        if first:
            self.received = number
        if self._server is not None:
            # The first signal: finish the requests in flight; a second: stop waiting for them.
            self._server.should_exit = True
            self._server.force_exit = not first
        elif not first and self._starting is not None and self._loop is not None:
            # Runs between two bytecodes of the loop's thread: cancel from the loop itself.
            self._loop.call_soon_threadsafe(self._starting.cancel)
