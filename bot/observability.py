"""The operator's routes (`/healthz`, `/metrics`) and the request-latency middleware.

Both routes are meant for the machine's monitoring, not the public: the example nginx site
in `deploy/` serves them only to the local network.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncEngine

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

    @app.middleware("http")
    async def timing(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route = request.scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            metrics.record_http(template, request.method, status, time.perf_counter() - started)
