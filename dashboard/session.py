"""Who is looking at the console: the session cookie, roles and the CSRF token of forms."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from fastapi import HTTPException, Request
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.responses import Response

from dashboard.config import DashboardConfig
from storage import console as store
from storage.db import session_scope
from storage.queries import first_time_seen

COOKIE = "cds_console"
# A form that must act once (invites: codes are shown only when made) carries a random token;
# its first use is recorded where redelivered chat updates are (`inbound_update`, kept
# RETENTION_INBOUND_UPDATE_DAYS, longer than the session a repeat would need).
FORM_CHANNEL = "console-form"
_FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
LOGIN_CSRF_COOKIE = "cds_login_csrf"
LIFETIME = timedelta(hours=12)
LOGIN_PATH = "/admin/login"


@dataclass(frozen=True, slots=True)
class Viewer:
    """A logged-in console user."""

    user_id: int
    name: str
    role: str
    csrf: str

    @property
    def can_act(self) -> bool:
        """Editors act; viewers only read."""
        return self.role == "editor"


def token_hash(token: str) -> str:
    """What the session table keeps of a cookie (a stolen table opens no session)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(32)


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    """An HttpOnly, SameSite=Lax cookie for the console, Secure over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/admin",
    )


async def start_session(
    config: DashboardConfig, request: Request, response: Response, *, user_id: int
) -> None:
    """Log a browser in: a new random cookie, its hash and a CSRF token in the table."""
    token = new_token()
    now = config.clock()
    async with session_scope(config.engine) as session:
        await store.open_session(
            session,
            user_id=user_id,
            token_hash=token_hash(token),
            csrf=new_token(),
            now=now,
            expires_at=now + LIFETIME,
        )
    set_cookie(request, response, COOKIE, token, int(LIFETIME.total_seconds()))


async def end_session(config: DashboardConfig, request: Request) -> None:
    """Log the browser out (its cookie no longer opens anything)."""
    token = request.cookies.get(COOKIE)
    if token:
        async with session_scope(config.engine) as session:
            await store.close_session(session, token_hash=token_hash(token))


async def viewer_of(config: DashboardConfig, request: Request) -> Viewer | None:
    """The logged-in user of this request, if any."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    async with session_scope(config.engine) as session:
        found = await store.find_session(session, token_hash=token_hash(token), now=config.clock())
    if found is None:
        return None
    row, user = found
    assert user.id is not None  # noqa: S101 (a stored row)
    return Viewer(user.id, user.name, user.role, row.csrf)


def to_login(request: Request) -> HTTPException:
    """Anonymous: go to the login page, then come back."""
    target = request.url.path
    if request.method == "GET" and request.url.query:
        target += "?" + request.url.query
    location = (
        LOGIN_PATH
        if target in ("/admin", LOGIN_PATH)
        else f"{LOGIN_PATH}?next={quote(target, safe='/')}"
    )
    return HTTPException(status_code=303, headers={"Location": location})


def same(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a submitted token."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def form_token_ok(token: str) -> bool:
    """Whether a posted single-use form token has the shape `new_token` gives."""
    return _FORM_TOKEN.fullmatch(token) is not None


async def first_use(session: AsyncSession, token: str, *, now: datetime) -> bool:
    """Record a single-use form token (only its hash); False when it was used before. In the
    transaction of what the form does: if that fails, the token is not spent."""
    return await first_time_seen(
        session, channel=FORM_CHANNEL, update_key=token_hash(token), now=now
    )


def checked_now(config: DashboardConfig) -> datetime:
    """The console's clock."""
    return config.clock()
