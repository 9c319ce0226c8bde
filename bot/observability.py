"""The operator's routes (`/healthz`, `/metrics`) and the request-latency middleware.

Both routes are meant for the machine's monitoring, not the public: the example nginx site
in `deploy/` serves them only to the local network.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime

from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot import health, metrics

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def router(
    engine: AsyncEngine,
    *,
    modes: Mapping[str, health.Mode],
    sender_running: bool,
    clock: Clock,
    config: health.HealthConfig,
) -> APIRouter:
    """`GET /healthz` (200 or 503, JSON) and `GET /metrics` (Prometheus text format)."""
    started = time.time()
    api = APIRouter()

    @api.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        found = await health.check(
            engine,
            modes=modes,
            sender_running=sender_running,
            started=started,
            now=clock(),
            config=config,
        )
        status = 200 if found.status == "ok" else 503
        return JSONResponse(found.model_dump(), status_code=status)

    @api.get("/metrics", include_in_schema=False)
    async def metrics_route() -> Response:
        try:
            backlog = await health.backlog(engine, now=clock())
        except Exception as error:
            # Metrics stay available while the database is down; the backlog reads as -1.
            logger.warning("metrics.backlog_failed", extra={"error": type(error).__name__})
            backlog = health.Backlog(due=-1, lag=-1.0)
        body = metrics.render(outbox_lag=backlog.lag, outbox_due=backlog.due)
        return Response(body, media_type=metrics.CONTENT_TYPE)

    return api


def add_timing(app: FastAPI) -> None:
    """Observe every request's duration under its route template (never the raw path)."""
    app.add_middleware(TimingMiddleware)


class TimingMiddleware:
    """A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` (`@app.middleware`) would
    run each request in a task group of its own and copy the response through a stream,
    which costs a webhook more than the rest of its route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            # The router put the matched route in the scope (the same dict) on its way.
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = str(scope.get("method", ""))
            metrics.record_http(template, method, status, time.perf_counter() - started)
