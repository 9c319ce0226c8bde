"""`cdsbot run --workers N`: N uvicorn worker processes behind one port.

Every worker builds the whole app from the environment (channels in webhook mode, the
scheduler), and the PostgreSQL advisory lock in `scheduler.jobs` lets exactly one of them
plan and send reminders at a time; if that worker dies, another takes over at its next tick.
Conversation state is in the database, so any worker may answer any update.

Metrics: the workers share one `PROMETHEUS_MULTIPROC_DIR` (prometheus_client's multiprocess
mode), so a scrape of `/metrics` on any worker reports the whole deployment.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from bot import logging as bot_logging
from bot.app import create_app
from bot.config import Settings
from bot.metrics import MULTIPROC_ENV

FACTORY = "bot.workers:app_from_environment"
# Logged by a worker whose app cannot be built; the supervisor then stops them all.
START_FAILED_EVENT = "worker.start_failed"

logger = logging.getLogger(__name__)


def app_from_environment() -> FastAPI:
    """One worker's app; the parent process has validated the same settings already.

    An app that cannot be built ends the worker with uvicorn's start-up failure code, on
    which the supervisor stops every worker (any other exit it restarts, over and over).
    """
    settings = Settings()
    bot_logging.configure(settings.log_level, secrets=settings.secret_values())
    try:
        return create_app(settings)
    except Exception:
        logger.exception(START_FAILED_EVENT)
        raise SystemExit(STARTUP_FAILURE) from None


def refusal(settings: Settings, workers: int) -> str | None:
    """Why these settings cannot run `workers` processes, or None when they can."""
    if workers <= 1:
        return None
    if settings.is_sqlite:
        return (
            "--workers lớn hơn 1 cần PostgreSQL (đặt DATABASE_URL); SQLite chỉ chạy một tiến trình"
        )
    polling = [
        name
        for name, token, mode in (
            ("TELEGRAM", settings.telegram_bot_token, settings.telegram_mode),
            ("ZALO", settings.zalo_bot_token, settings.zalo_mode),
        )
        if token is not None and mode == "polling"
    ]
    if polling:
        modes = ", ".join(f"{name}_MODE=webhook" for name in polling)
        return f"--workers lớn hơn 1 cần chế độ webhook ({modes}): chỉ một tiến trình được poll"
    return None


def prepare_metrics_dir() -> Path:
    """The multiprocess metrics folder: the operator's, or a fresh one; emptied of old files.

    Set before any worker starts, so each imports prometheus_client in multiprocess mode.
    """
    given = os.environ.get(MULTIPROC_ENV)
    folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="cdsbot-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROC_ENV] = str(folder)
    return folder


def serve(settings: Settings, *, workers: int) -> bool:
    """Run `workers` processes (spawned, each importing the app afresh) until stopped.

    False when they stopped because one could not start (its app or its lifespan failed):
    uvicorn's supervisor then stops them all, and its own `run` would return as if asked to.
    """
    prepare_metrics_dir()
    config = uvicorn.Config(
        FACTORY,
        factory=True,
        workers=workers,
        host=settings.web_host,
        port=settings.web_port,
        log_config=None,
        access_log=False,
    )
    supervisor = Multiprocess(config, sockets=[config.bind_socket()])
    supervisor.run()
    return all(worker.exitcode != STARTUP_FAILURE for worker in supervisor.processes)
