"""Logging in and out, and the guards every other route uses (reader, actor with CSRF).

Failed logins are throttled per account and per client address within a window, and logged
(ids and the client address only, never the name typed or the password).
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dashboard import session as sessions
from dashboard.config import DashboardConfig
from dashboard.errors import Refused
from dashboard.passwords import hash_password, needs_rehash, verify_password
from dashboard.session import Viewer
from dashboard.web import render
from storage import console as store
from storage.db import session_scope

logger = logging.getLogger(__name__)

THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20
FIELD_MAX = 200

Guard = Callable[[Request], Awaitable[Viewer]]


def guards(config: DashboardConfig) -> tuple[Guard, Guard, Guard]:
    """`reader` (any logged-in user), `poster` (any user posting the form's CSRF token) and
    `actor` (an editor posting it)."""

    async def reader(request: Request) -> Viewer:
        viewer = await sessions.viewer_of(config, request)
        if viewer is None:
            raise sessions.to_login(request)
        return viewer

    async def poster(request: Request) -> Viewer:
        viewer = await reader(request)
        form = await request.form()
        token = form.get("csrf")
        if not sessions.same(token if isinstance(token, str) else None, viewer.csrf):
            logger.warning("console.csrf_refused", extra={"user_id": viewer.user_id})
            raise Refused(403, "csrf")
        return viewer

    async def actor(request: Request) -> Viewer:
        viewer = await poster(request)
        if not viewer.can_act:
            raise Refused(403, "viewer")
        return viewer

    return reader, poster, actor


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return "/admin"


def router(config: DashboardConfig) -> APIRouter:
    """`/admin/login` (GET, POST) and `/admin/logout` (POST)."""
    api = APIRouter(prefix="/admin")
    _, poster, _ = guards(config)

    def form_page(
        request: Request, *, error: str | None, status_code: int = 200, next_: str = ""
    ) -> HTMLResponse:
        token = request.cookies.get(sessions.LOGIN_CSRF_COOKIE) or sessions.new_token()
        response = render(
            request,
            "login.html",
            viewer=None,
            zone=config.zone,
            status_code=status_code,
            error=error,
            csrf=token,
            next=_safe_next(next_ or request.query_params.get("next")),
        )
        sessions.set_cookie(request, response, sessions.LOGIN_CSRF_COOKIE, token, 3600)
        return response

    @api.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_page(request: Request) -> Response:
        if await sessions.viewer_of(config, request) is not None:
            return RedirectResponse("/admin", status_code=303)
        return form_page(request, error=None)

    @api.post("/login", include_in_schema=False)
    async def login(
        request: Request,
        username: Annotated[str, Form(max_length=FIELD_MAX)] = "",
        password: Annotated[str, Form(max_length=FIELD_MAX)] = "",
        csrf: Annotated[str, Form(max_length=FIELD_MAX)] = "",
        next: Annotated[str, Form(max_length=FIELD_MAX)] = "",
    ) -> Response:
        if (
            not sessions.same(csrf, request.cookies.get(sessions.LOGIN_CSRF_COOKIE, ""))
            or not csrf
        ):
            logger.warning("console.csrf_refused", extra={"path": "/admin/login"})
            raise Refused(403, "csrf")
        name = username.strip()
        client = _client(request)
        now = config.clock()
        async with session_scope(config.engine) as session:
            by_name, by_client = await store.failed_logins(
                session, username=name, client=client, since=now - THROTTLE_WINDOW
            )
            if by_name >= MAX_FAILURES_PER_ACCOUNT or by_client >= MAX_FAILURES_PER_CLIENT:
                logger.warning(
                    "console.login_throttled",
                    extra={"client": client, "account_failures": by_name,
                           "client_failures": by_client},
                )  # fmt: skip
                return form_page(request, error="throttled", status_code=429, next_=next)
            user = await store.user_by_name(session, name) if name else None
            ok = verify_password(user.password_hash if user else None, password)
            if not ok or user is None or not user.active or user.id is None:
                store.record_failed_login(session, username=name, client=client, now=now)
                logger.warning(
                    "console.login_failed",
                    extra={"client": client, "user_id": user.id if user else None},
                )
                failed = True
            else:
                failed = False
                await store.clear_failed_logins(
                    session, username=name, older_than=now - THROTTLE_WINDOW
                )
                if needs_rehash(user.password_hash):
                    await store.set_password(session, user, hash_password(password))
                user_id = user.id
        if failed:
            return form_page(request, error="wrong", status_code=401, next_=next)
        logger.info("console.login", extra={"user_id": user_id})
        response = RedirectResponse(_safe_next(next), status_code=303)
        await sessions.start_session(config, request, response, user_id=user_id)
        response.delete_cookie(sessions.LOGIN_CSRF_COOKIE, path="/admin")
        return response

    @api.post("/logout", include_in_schema=False)
    async def logout(request: Request, viewer: Annotated[Viewer, Depends(poster)]) -> Response:
        await sessions.end_session(config, request)
        logger.info("console.logout", extra={"user_id": viewer.user_id})
        response = RedirectResponse(sessions.LOGIN_PATH, status_code=303)
        response.delete_cookie(sessions.COOKIE, path="/admin")
        return response

    return api
