"""Mount the console on the web app: its routers, static files and refusal pages.

Every error under `/admin` (a refused action, an unknown page, a wrong method, a value that
does not validate, an unexpected failure) is answered with the console's Vietnamese page;
the rest of the app keeps FastAPI's own answers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

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
from dashboard.security import CONSOLE_PREFIX
from dashboard.web import STATIC, render

logger = logging.getLogger(__name__)

# HTTP errors raised by the framework (routing, methods) and the reason each one shows.
_REASONS = {403: "forbidden", 404: "not_found", 405: "method", 422: "bad_input"}


def _console(request: Request) -> bool:
    path = request.url.path
    return path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/")


def _page_request(request: Request) -> bool:
    """A browser asking for a page outside the console (not the chat's API, not a webhook)."""
    return (
        request.method == "GET"
        and not _console(request)
        and "text/html" in request.headers.get("accept", "")
    )


def install(app: FastAPI, config: DashboardConfig) -> None:
    """Add every console route under `/admin` and its static files under `/admin/static`."""
    app.mount("/admin/static", StaticFiles(directory=STATIC), name="console-static")
    for module in (auth, overview, units, review, results, reminders, invites, questions):
        app.include_router(module.router(config))

    async def page(
        request: Request,
        status: int,
        reason: str,
        *,
        headers: Mapping[str, str] | None = None,
        with_viewer: bool = True,
    ) -> Response:
        viewer = await session.viewer_of(config, request) if with_viewer else None
        response: HTMLResponse = render(
            request,
            "refused.html",
            viewer=viewer,
            zone=config.zone,
            status_code=status,
            message=strings.REFUSED.get(reason, strings.REFUSED["bad_request"]),
        )
        if headers:
            response.headers.update(headers)
        return response

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, Refused)  # noqa: S101 (registered for Refused only)
        return await page(request, error.status, error.reason)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)  # noqa: S101 (registered for it only)
        if error.status_code == 404 and _page_request(request):
            # A mistyped link to the officials' chat: a page in Vietnamese, not JSON.
            return HTMLResponse(strings.PUBLIC_NOT_FOUND, status_code=404)
        if not _console(request) or error.status_code < 400:
            return await http_exception_handler(request, error)
        reason = _REASONS.get(error.status_code, "bad_request")
        return await page(request, error.status_code, reason, headers=error.headers)

    async def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)  # noqa: S101 (registered for it only)
        if not _console(request):
            return await request_validation_exception_handler(request, error)
        logger.info("console.invalid_request", extra={"path": request.url.path[:100]})
        return await page(request, 422, "bad_input")

    async def failed(request: Request, error: Exception) -> Response:
        # Starlette logs the exception and re-raises it after this answer is sent; the
        # page is drawn without the viewer, since the database may be what failed.
        if not _console(request):
            return Response("Internal Server Error", status_code=500)
        return await page(request, 500, "server", with_viewer=False)

    app.add_exception_handler(Refused, refused)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, failed)
