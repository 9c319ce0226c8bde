"""Mount the console on the web app: its routers, static files and refusal page."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from dashboard import (
    auth,
    invites,
    overview,
    questions,
    reminders,
    results,
    review,
    session,
    strings,
    units,
)
from dashboard.config import DashboardConfig
from dashboard.errors import Refused
from dashboard.web import STATIC, render


def install(app: FastAPI, config: DashboardConfig) -> None:
    """Add every console route under `/admin` and its static files under `/admin/static`."""
    app.mount("/admin/static", StaticFiles(directory=STATIC), name="console-static")
    for module in (auth, overview, units, review, results, reminders, invites, questions):
        app.include_router(module.router(config))

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)  # noqa: S101 (registered for Refused only)
        viewer = await session.viewer_of(config, request)
        message = strings.REFUSED.get(error.reason, strings.REFUSED["not_found"])
        response: HTMLResponse = render(
            request,
            "refused.html",
            viewer=viewer,
            zone=config.zone,
            status_code=error.status,
            message=message,
        )
        return response

    app.add_exception_handler(Refused, refused)
